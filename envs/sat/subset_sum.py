"""Subset sum: pick numbers that add up exactly to a target."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid
from palaestra.generators.combinatorics import planted_subset
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import parse_index_set
from palaestra.verifiers.parsing import AnswerFormatError


class SubsetSumParams(Params):
    count: int = Field(10, ge=2, le=60, description="numbers to choose from; more is harder")
    bits: int = Field(8, ge=2, le=40, description="bits per number; more is harder")

    @model_validator(mode="after")
    def _enough_numbers(self) -> SubsetSumParams:
        if self.count >= 2**self.bits:
            raise ValueError(
                f"count={self.count} distinct numbers need more than bits={self.bits} bits; "
                "raise bits or lower count"
            )
        return self


@register("sat/subset-sum-v1")
class SubsetSum(Env):
    """Subset sum: choose some of the given numbers so that they add up to the target.

    Task: `count` distinct positive numbers below 2**bits and a target, the sum of a hidden
    planted subset of about a third to two thirds of them. Subset sum is NP-complete (Karp
    1972, as knapsack) and hardest when the numbers have about as many bits as there are
    numbers (the density-one regime of Lagarias and Odlyzko 1985); the levels move towards
    that regime.

    Answer format: the positions (1-based) of the chosen numbers, in any order, e.g.
    ``<answer>1 3 4</answer>``.

    Knobs: `count` and `bits` (more is harder). Levels go from 4 numbers of 4 bits to 20
    numbers of 20 bits.

    Verification: certificate check, the chosen numbers must add up to the target; any
    such subset scores 1.0. `task.meta["cost"]` records the numbers' total bit length
    (the instance size).

    Versions: v1, first release.
    """

    Params = SubsetSumParams
    levels = {
        1: {"count": 4, "bits": 4},
        2: {"count": 5, "bits": 5},
        3: {"count": 6, "bits": 6},
        4: {"count": 8, "bits": 7},
        5: {"count": 10, "bits": 8},
        6: {"count": 12, "bits": 10},
        7: {"count": 14, "bits": 12},
        8: {"count": 16, "bits": 14},
        9: {"count": 18, "bits": 16},
        10: {"count": 20, "bits": 20},
    }
    difficulty_cost = "input_bits"
    tags = ("sat-encoded", "numbers", "certificate")

    def sample(
        self, rng: np.random.Generator, params: SubsetSumParams
    ) -> tuple[dict[str, Any], None]:
        numbers, chosen = planted_subset(rng, params.count, params.bits)
        target = sum(numbers[i - 1] for i in chosen)
        return {"numbers": numbers, "target": target, "planted": chosen}, None

    def render(self, data: dict[str, Any], params: SubsetSumParams) -> str:
        listing = ", ".join(f"a{i} = {v}" for i, v in enumerate(data["numbers"], start=1))
        return (
            f"Numbers: {listing}.\n\nChoose some of these numbers (each at most once) whose "
            f"sum is exactly {data['target']}. Give the positions of the chosen numbers (i for "
            f"ai), separated by spaces (for example: 1 3 4). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: SubsetSumParams) -> dict[str, Any]:
        return {
            "input_bits": sum(v.bit_length() for v in data["numbers"]),
            "numbers": params.count,
            "target": data["target"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        numbers, target = task.data["numbers"], task.data["target"]
        try:
            chosen = parse_index_set(answer, len(numbers), "position")
        except AnswerFormatError as exc:
            return invalid(exc, "list of positions")
        total = sum(numbers[i - 1] for i in chosen)
        if total != target:
            return Verdict.fail("wrong", f"The chosen numbers add up to {total}, not {target}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return " ".join(map(str, task.data["planted"]))

    def wrong_answers(self, task: Task) -> list[str]:
        planted = task.data["planted"]
        return [
            block(" ".join(map(str, planted[:-1]))),
            block(" ".join(str(i) for i in range(1, len(task.data["numbers"]) + 1))),
            block(f"{planted[0]} {planted[0]}"),
        ]
