"""Multiway number partitioning: split numbers into groups with equal sums."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid
from palaestra.generators.combinatorics import planted_grouping
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import group_totals, parse_labels
from palaestra.verifiers.parsing import AnswerFormatError


class PartitionParams(Params):
    count: int = Field(10, ge=2, le=60, description="numbers; more is harder")
    groups: int = Field(2, ge=2, le=6, description="groups of equal sum; more is harder")
    bits: int = Field(
        6, ge=2, le=30, description="about how many bits a number has; more is harder"
    )

    @model_validator(mode="after")
    def _two_per_group(self) -> PartitionParams:
        if self.count < 2 * self.groups:
            raise ValueError(
                f"count={self.count} numbers are too few for {self.groups} groups: use at "
                f"least {2 * self.groups}"
            )
        return self


@register("sat/partition-v1")
class Partition(Env):
    """Multiway number partitioning: put each number in one of q groups, all with equal sums.

    Task: `count` positive numbers that can be split into `groups` groups of equal sum (a
    hidden planted split: each group's share of numbers is a random composition of the
    common sum). With two groups this is Karp's PARTITION (1972), "the easiest hard
    problem" (Hayes 2002); more groups give multiway number partitioning (Korf 2009).

    Answer format: one group number (1..q) per number, in the order the numbers are given,
    e.g. ``<answer>1 2 2 1 2</answer>``; group numbers may be permuted.

    Knobs: `count`, `groups` and `bits` (all: more is harder). Levels go from 5 numbers in
    2 groups to 24 numbers in 4 groups.

    Verification: certificate check, every group's sum must equal the total divided by q;
    any such split scores 1.0. `task.meta["cost"]` records the numbers' total bit length.

    Versions: v1, first release.
    """

    Params = PartitionParams
    levels = {
        1: {"count": 5, "groups": 2, "bits": 4},
        2: {"count": 6, "groups": 2, "bits": 5},
        3: {"count": 8, "groups": 2, "bits": 6},
        4: {"count": 10, "groups": 3, "bits": 6},
        5: {"count": 12, "groups": 3, "bits": 7},
        6: {"count": 14, "groups": 3, "bits": 7},
        7: {"count": 16, "groups": 4, "bits": 7},
        8: {"count": 18, "groups": 4, "bits": 8},
        9: {"count": 21, "groups": 4, "bits": 9},
        10: {"count": 24, "groups": 4, "bits": 10},
    }
    difficulty_cost = "input_bits"
    tags = ("sat-encoded", "numbers", "certificate")

    def sample(
        self, rng: np.random.Generator, params: PartitionParams
    ) -> tuple[dict[str, Any], None]:
        per, extra = divmod(params.count, params.groups)
        counts = [per + (g < extra) for g in range(params.groups)]
        most = max(counts)
        target = int(rng.integers(most * 2 ** (params.bits - 1), most * 2**params.bits))
        numbers, labels = planted_grouping(rng, counts, [target] * params.groups)
        return {"numbers": numbers, "groups": params.groups, "planted": labels}, None

    def render(self, data: dict[str, Any], params: PartitionParams) -> str:
        q = data["groups"]
        listing = ", ".join(map(str, data["numbers"]))
        return (
            f"Split these {len(data['numbers'])} numbers into {q} groups so that every group "
            f"has the same sum:\n\n{listing}\n\n"
            f"Give the group (1 to {q}) of each number, in the order the numbers are listed, "
            f"separated by spaces (for example, for five numbers: 1 2 2 1 2). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: PartitionParams) -> dict[str, Any]:
        return {
            "input_bits": sum(v.bit_length() for v in data["numbers"]),
            "numbers": params.count,
            "groups": params.groups,
        }

    def check(self, task: Task, answer: str) -> Verdict:
        numbers, q = task.data["numbers"], task.data["groups"]
        try:
            labels = parse_labels(answer, len(numbers), 1, q, "group")
        except AnswerFormatError as exc:
            return invalid(exc, "list of groups")
        totals = group_totals(numbers, labels)
        share = sum(numbers) // q
        for group in range(1, q + 1):
            if totals.get(group, 0) != share:
                return Verdict.fail(
                    "wrong",
                    f"Group {group} sums to {totals.get(group, 0)}; every group must sum to "
                    f"{share}.",
                )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return " ".join(map(str, task.data["planted"]))

    def wrong_answers(self, task: Task) -> list[str]:
        numbers = task.data["numbers"]
        return [block(" ".join(["1"] * len(numbers))), block(" ".join(["1", "2"] * len(numbers)))]
