"""Seating arrangements: seat people in a row or round a table from constraints."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.envs.logic._positions import sentence
from palaestra.generators.logic_puzzles import Clue, build_clues, puzzle_stats, random_solution
from palaestra.generators.vocab import person_names
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.logic import parse_name_sequence

ROW_KINDS = ("at", "not_at", "right_of", "next", "not_next", "before", "gap", "end")
ROUND_KINDS = ("at", "not_at", "right_of", "next", "not_next")


class SeatingParams(Params):
    people: int = Field(4, ge=3, le=12, description="people to seat; more is harder")


@register("logic/seating-v1")
class Seating(ExactEnv):
    """Seat n people in numbered seats, in a row or round a table, from constraints.

    Task: the seating-arrangement puzzles of aptitude tests (GRE/LSAT analytical
    reasoning): "Ada sits directly to the right of Ben", "exactly two seats separate Cy
    and Dee", "Eve sits at an end", "Fay does not sit next to Gus". Half the tasks use a
    row of seats 1..n from left to right, half a round table with seats numbered
    clockwise (where right-of becomes the next seat clockwise). Constraints true of a
    hidden seating are drawn until MiniSat proves it the only one, then every
    constraint that is not needed is dropped.

    Answer format: the names from seat 1 to seat n, e.g. ``Ada, Ben, Cy, Dee``.

    Knobs: `people` (more is harder). The cost is log2 of the candidate seatings (n!);
    `task.meta["cost"]` also records the constraints the minimal puzzle needs and
    MiniSat's effort.

    Verification: exact comparison with the unique seating (uniqueness proved with
    python-sat at generation). No partial credit.

    Versions: v1, first release.
    """

    Params = SeatingParams
    levels = ladder(people=[3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    difficulty_cost = "log2_seatings"  # the candidate seatings, n!, on a log scale
    tags = ("logic", "puzzle", "unique-solution")
    wrong_feedback = "That seating breaks at least one constraint."

    def sample(self, rng: np.random.Generator, params: SeatingParams) -> tuple[dict[str, Any], str]:
        n = params.people
        circular = bool(rng.integers(2)) and n >= 4
        names = person_names(rng, n)
        where = random_solution(rng, 1, n)
        built = build_clues(rng, (1, n, circular), where, ROUND_KINDS if circular else ROW_KINDS)
        seats = sorted(range(n), key=lambda v: where[(0, v)])
        data = {
            "names": names,
            "circular": circular,
            "clues": [clue.to_json() for clue in built.clues],
        }
        return data, ", ".join(names[v] for v in seats)

    def render(self, data: dict[str, Any], params: SeatingParams) -> str:
        names, circular = data["names"], data["circular"]
        n = len(names)
        clues = [
            sentence(Clue.from_json(c), lambda item: names[item[1]], "seat", circular)
            for c in data["clues"]
        ]
        listed = "\n".join(f"{i}. {text}" for i, text in enumerate(clues, start=1))
        layout = (
            f"{n} seats around a round table, numbered 1 to {n} clockwise (seat {n} is next to "
            "seat 1)"
            if circular
            else f"{n} seats in a row, numbered 1 to {n} from left to right"
        )
        body = (
            f"{', '.join(names)} take the {layout}, one person per seat.\n\nConstraints:\n"
            f"{listed}\n\nExactly one seating satisfies all the constraints. Who sits where?"
        )
        return ask(
            body,
            f"List all {n} names from seat 1 to seat {n}, separated by commas, in the form "
            "Name, Name, ...",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        shape = (1, len(data["names"]), data["circular"])
        clues = [Clue.from_json(c) for c in data["clues"]]
        return {
            "log2_seatings": round(math.log2(math.factorial(shape[1])), 3),
            "constraints": len(clues),
            "people": shape[1],
            **puzzle_stats(shape, clues),
        }

    def normalize(self, text: str, task: Task) -> str:
        return ", ".join(parse_name_sequence(text, task.data["names"]))

    def wrong_answers(self, task: Task) -> list[str]:
        order = (task.answer or "").split(", ")
        return [block(", ".join(order[::-1])), block(", ".join(order[1:]))]
