"""Inclusion-exclusion: integers divisible by some of several numbers, and Venn-diagram counts."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import INTEGER_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_numbers import distinct, integer
from palaestra.params import Params
from palaestra.registry import register

SUBJECTS = ("chess", "music", "drama", "football", "robotics")


class InclusionExclusionParams(Params):
    sets: int = Field(2, ge=2, le=5, description="sets (divisors or clubs); more is harder")
    max_n: int = Field(
        100, ge=20, le=10**9, description="largest range or group size; larger is harder"
    )


def divisible_count(n: int, divisors: list[int]) -> int:
    """How many of 1..n are divisible by at least one divisor (inclusion-exclusion)."""
    total = 0
    for size in range(1, len(divisors) + 1):
        for subset in itertools.combinations(divisors, size):
            total += (-1) ** (size + 1) * (n // math.lcm(*subset))
    return total


@register("math/inclusion-exclusion-v1")
class InclusionExclusion(MathEnv):
    """Count with the inclusion-exclusion principle.

    Task, one of two forms per task: "how many integers from 1 to 1000 are divisible by 6,
    10 or 15?" (or by none of them), and a survey where the sizes of every intersection of
    clubs are given and the number in at least one club, in none, or in exactly one is
    asked. The inclusion-exclusion principle (de Moivre, Sylvester) of discrete mathematics.

    Answer format: one integer, e.g. ``<answer>267</answer>``.

    Knobs: `sets` (more is harder) and `max_n`, the range or group size (larger is harder).

    Verification: exact integer comparison (kind ``rational``). References come from the
    inclusion-exclusion formula with lcms, or from the drawn membership counts of each
    region of the Venn diagram; tests check them by brute force.

    Versions: v1, first release.
    """

    Params = InclusionExclusionParams
    levels = ladder(
        sets=[2, 2, 3, 3, 3, 4, 4, 4, 5, 5],
        max_n=[100, 500, 200, 1_000, 10**4, 10**4, 10**5, 10**6, 10**7, 10**9],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "combinatorics")

    def sample(
        self, rng: np.random.Generator, params: InclusionExclusionParams
    ) -> tuple[dict[str, Any], str]:
        if rng.random() < 0.5:
            n = integer(rng, params.max_n // 2, params.max_n)
            divisors = sorted(distinct(rng, 2, 30, params.sets))
            none = rng.random() < 0.4
            value = divisible_count(n, divisors)
            value = n - value if none else value
            how = "none" if none else "at least one"
            listed = ", ".join(map(str, divisors))
            question = f"How many integers from 1 to {n} are divisible by {how} of {listed}?"
            return {"form": "divisible", "question": question}, str(value)
        clubs = [SUBJECTS[i] for i in distinct(rng, 0, len(SUBJECTS) - 1, params.sets)]
        # draw the size of every region of the Venn diagram, then report the intersections
        scale = max(2, min(params.max_n, 10**4) // 2**params.sets)
        regions = {mask: integer(rng, 0, scale) for mask in range(1, 2**params.sets)}
        outside = integer(rng, 0, scale)
        facts = []
        for size in range(1, params.sets + 1):
            for subset in itertools.combinations(range(params.sets), size):
                bits = sum(1 << i for i in subset)
                count = sum(v for mask, v in regions.items() if mask & bits == bits)
                who = " and ".join(clubs[i] for i in subset)
                facts.append(f"{count} are in {who}")
        total = sum(regions.values()) + outside
        ask_for = ("union", "none", "exactly_one")[integer(rng, 0, 2)]
        if ask_for == "union":
            value, what = sum(regions.values()), "at least one of these clubs"
        elif ask_for == "none":
            value, what = outside, "none of these clubs"
        else:
            value = sum(v for mask, v in regions.items() if bin(mask).count("1") == 1)
            what = "exactly one of these clubs"
        question = (
            f"A school has {total} students. Club memberships: " + "; ".join(facts) + ". "
            f"(Each count includes everyone in those clubs, whatever other clubs they are in.) "
            f"How many students are in {what}?"
        )
        return {"form": "venn", "question": question}, str(value)

    def render(self, data: dict[str, Any], params: InclusionExclusionParams) -> str:
        return ask(data["question"], INTEGER_FORMAT)

    def cost(self, data: dict[str, Any], params: InclusionExclusionParams) -> dict[str, Any]:
        return {"work": 2**params.sets + len(str(params.max_n)), "sets": params.sets}
