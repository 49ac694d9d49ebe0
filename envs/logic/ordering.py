"""Ordering from pairwise comparisons: who is the k-th tallest?"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.envs.logic._positions import ORDINALS
from palaestra.generators.logic_puzzles import (
    Clue,
    puzzle_stats,
    random_clue,
    random_solution,
    rank_fixing_comparisons,
)
from palaestra.generators.vocab import person_names
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.logic import parse_one_name

# (adjective, more, less, most, least) for one dimension.
DIMENSIONS = (
    ("tall", "taller", "shorter", "tallest", "shortest"),
    ("old", "older", "younger", "oldest", "youngest"),
    ("heavy", "heavier", "lighter", "heaviest", "lightest"),
    ("fast", "faster", "slower", "fastest", "slowest"),
    ("rich", "richer", "poorer", "richest", "poorest"),
    ("strong", "stronger", "weaker", "strongest", "weakest"),
    ("loud", "louder", "quieter", "loudest", "quietest"),
)


class OrderingParams(Params):
    people: int = Field(4, ge=3, le=12, description="people compared; more is harder")
    distractors: int = Field(
        0, ge=0, le=20, description="true comparisons that are not needed; more is harder"
    )


@register("logic/ordering-v1")
class Ordering(ExactEnv):
    """Find who holds a given rank from pairwise comparisons (transitive reasoning).

    Task: "Ada is taller than Ben. Cy is shorter than Ben. ... Who is the second
    tallest?" The comparisons need not fix the whole order, only the asked rank:
    comparisons true of a hidden order are drawn until the asked person is comparable
    with everyone (which fixes their rank), the ones not needed are dropped, MiniSat
    proves that nobody else can hold the rank, and `distractors` true comparisons are
    mixed in. Linear-order reasoning as in the "logical
    deduction" tasks of BIG-bench.

    Answer format: one name, e.g. ``Ada``.

    Knobs: `people` and `distractors`; more of each is harder. The cost is the number of
    comparisons shown.

    Verification: exact comparison with the person the solver proved to hold the rank.
    No partial credit.

    Versions: v1, first release.
    """

    Params = OrderingParams
    levels = ladder(
        people=[3, 4, 4, 5, 6, 7, 8, 9, 10, 12], distractors=[0, 0, 1, 1, 2, 3, 4, 5, 6, 8]
    )
    difficulty_cost = "comparisons"
    tags = ("logic", "ordering", "unique-solution")

    def sample(
        self, rng: np.random.Generator, params: OrderingParams
    ) -> tuple[dict[str, Any], str]:
        n = params.people
        names = person_names(rng, n)
        where = random_solution(rng, 1, n)
        rank = int(rng.integers(n))
        asked = next(v for v in range(n) if where[(0, v)] == rank)
        needed = rank_fixing_comparisons(rng, where, asked)
        clues = list(needed)
        for _ in range(50 * (params.distractors + 1)):
            if len(clues) >= len(needed) + params.distractors:
                break
            extra = random_clue(rng, where, 1, n, ("before",))
            if extra is not None and extra not in clues:
                clues.insert(int(rng.integers(len(clues) + 1)), extra)
        data = {
            "names": names,
            "dimension": int(rng.integers(len(DIMENSIONS))),
            "from_top": bool(rng.integers(2)),
            "rank": rank,
            "clues": [[c.a[1], c.b[1], bool(rng.integers(2))] for c in clues],
        }
        return data, names[asked]

    def render(self, data: dict[str, Any], params: OrderingParams) -> str:
        names = data["names"]
        base, more, less, most, least = DIMENSIONS[data["dimension"]]
        lines = []
        for a, b, flipped in data["clues"]:  # a ranks above b
            lines.append(
                f"{names[b]} is {less} than {names[a]}."
                if flipped
                else f"{names[a]} is {more} than {names[b]}."
            )
        n, rank = len(names), data["rank"]
        place = rank if data["from_top"] else n - 1 - rank
        word = most if data["from_top"] else least
        asked = f"the {word}" if place == 0 else f"the {ORDINALS[place]} {word}"
        body = (
            f"Among {', '.join(names)}, no two are equally {base}.\n\n"
            + "\n".join(lines)
            + f"\n\nWho is {asked}? (The comparisons fix that place, though maybe not the "
            "whole order.)"
        )
        return ask(body, "Give exactly one of the names, nothing else.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        clues = [Clue("before", (0, a), (0, b)) for a, b, _ in data["clues"]]
        n = len(data["names"])
        return {"comparisons": len(clues), "people": n, **puzzle_stats((1, n, False), clues)}

    def normalize(self, text: str, task: Task) -> str:
        return parse_one_name(text, task.data["names"])

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(n) for n in task.data["names"] if n != task.answer][:2]
