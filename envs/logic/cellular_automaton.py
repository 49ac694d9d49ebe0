"""Elementary cellular automata: the row after n steps of a Wolfram rule."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder, parse_bits, retry
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class AutomatonParams(Params):
    width: int = Field(8, ge=4, le=64, description="cells in the ring; more is harder")
    steps: int = Field(1, ge=1, le=30, description="steps to simulate; more is harder")


def step(row: list[int], rule: int) -> list[int]:
    n = len(row)
    return [rule >> (4 * row[i - 1] + 2 * row[i] + row[(i + 1) % n]) & 1 for i in range(n)]


@register("logic/elementary-ca-v1")
class ElementaryAutomaton(ExactEnv):
    """Run an elementary cellular automaton (Wolfram rule 0-255) for n steps on a ring.

    Task: a row of cells, each 0 or 1, on a ring (the ends are neighbours); at each step
    every cell becomes the bit of the rule number indexed by its (left, self, right)
    neighbourhood read as a binary number (Wolfram's numbering, *A New Kind of Science*,
    2002). The prompt spells out the rule's table. Rules whose result after n steps is
    constant or equal to the start are redrawn.

    Answer format: the row after n steps as 0s and 1s, e.g. ``01101001``.

    Knobs: `width` and `steps`; more of each is harder. The cost is width times steps
    (cell updates).

    Verification: exact comparison (spaces ignored). No partial credit.

    Versions: v1, first release.
    """

    Params = AutomatonParams
    levels = ladder(
        width=[6, 8, 8, 10, 12, 12, 16, 16, 20, 24], steps=[1, 1, 2, 2, 3, 4, 4, 6, 8, 10]
    )
    difficulty_cost = "updates"
    tags = ("logic", "simulation")
    wrong_feedback = "That row is not the state after the given steps."

    def sample(
        self, rng: np.random.Generator, params: AutomatonParams
    ) -> tuple[dict[str, Any], str]:
        def draw() -> Any:
            rule = int(rng.integers(1, 255))
            start = [int(b) for b in rng.integers(0, 2, size=params.width)]
            row = start
            for _ in range(params.steps):
                row = step(row, rule)
            if len(set(row)) == 1 or row == start:
                return None
            return rule, start, row

        rule, start, row = retry(draw)
        data = {"rule": rule, "start": "".join(map(str, start)), "steps": params.steps}
        return data, "".join(map(str, row))

    def render(self, data: dict[str, Any], params: AutomatonParams) -> str:
        rule = data["rule"]
        table = ", ".join(
            f"{n >> 2 & 1}{n >> 1 & 1}{n & 1}->{rule >> n & 1}" for n in range(7, -1, -1)
        )
        body = (
            f"An elementary cellular automaton with rule {rule} runs on a ring of "
            f"{len(data['start'])} cells (the first and last cells are neighbours). At each "
            "step, every cell's new value depends on its (left, self, right) values:\n"
            f"{table}\n\nStart: {data['start']}\n\nWhat is the row after {data['steps']} "
            f"step{'s' if data['steps'] > 1 else ''}?"
        )
        return ask(body, f"Give the row as {len(data['start'])} digits 0/1, e.g. {data['start']}.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"updates": len(data["start"]) * data["steps"], "rule": data["rule"]}

    def normalize(self, text: str, task: Task) -> str:
        return parse_bits(text, len(task.data["start"]), "row")

    def wrong_answers(self, task: Task) -> list[str]:
        answer = task.answer or ""
        rotated = answer[1:] + answer[:1]
        wrong = [block(task.data["start"])]
        return [*wrong, block(rotated)] if rotated != answer else wrong
