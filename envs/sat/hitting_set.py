"""Minimum hitting set: the fewest elements that meet every given set."""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import NO_PARTIAL_CREDIT, block, invalid, render_sets
from palaestra.generators.combinatorics import covering_sets
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import parse_index_set, unhit_set
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import minimum_cover


class HittingSetParams(Params):
    elements: int = Field(10, ge=2, le=40, description="elements to choose from; more is harder")
    sets: int = Field(12, ge=1, le=80, description="sets to hit; more is harder")
    size: int = Field(3, ge=1, le=5, description="elements per set; fewer is harder")

    @model_validator(mode="after")
    def _size_fits(self) -> HittingSetParams:
        if self.size > self.elements:
            raise ValueError(f"size={self.size} cannot exceed elements={self.elements}")
        if comb(self.elements, self.size) < self.sets:
            raise ValueError(
                f"there are only {comb(self.elements, self.size)} different sets of {self.size} "
                f"of {self.elements} elements, fewer than sets={self.sets}; raise size or "
                "elements, or lower sets"
            )
        return self


@register("sat/hitting-set-v1")
class HittingSet(Env):
    """Minimum hitting set: the fewest elements such that every set contains one of them.

    Task: `sets` distinct random sets of `size` elements from {1..elements}. A hitting set
    (a transversal) shares an element with every set; the task asks for a smallest one,
    without saying how small. Hitting set is one of Karp's 21 NP-complete problems (1972),
    the dual of set cover, and the core of model-based diagnosis (Reiter 1987) and of
    implicit-hitting-set MaxSAT solvers. The optimum is proved by RC2.

    Answer format: the chosen elements, in any order, e.g. ``<answer>2 5 9</answer>``.

    Knobs: `elements` and `sets` (more is harder), `size` (fewer is harder). Levels go
    from 6 elements and 5 sets to 26 elements and 44 sets.

    Verification: the answer must hit every set and be as small as RC2's optimum; any
    minimum hitting set scores 1.0, a larger one 0 (no partial credit, as the prompt says).
    `task.meta["cost"]` records the optimum and RC2's oracle decisions and conflicts.

    Versions: v1, first release.
    """

    Params = HittingSetParams
    levels = {
        1: {"elements": 6, "sets": 5, "size": 2},
        2: {"elements": 7, "sets": 7, "size": 2},
        3: {"elements": 8, "sets": 9, "size": 3},
        4: {"elements": 10, "sets": 12, "size": 3},
        5: {"elements": 12, "sets": 16, "size": 3},
        6: {"elements": 14, "sets": 20, "size": 3},
        7: {"elements": 16, "sets": 25, "size": 3},
        8: {"elements": 19, "sets": 31, "size": 4},
        9: {"elements": 22, "sets": 37, "size": 4},
        10: {"elements": 26, "sets": 44, "size": 4},
    }
    difficulty_cost = "sets"
    tags = ("sat-encoded", "set-system", "optimisation")

    def sample(
        self, rng: np.random.Generator, params: HittingSetParams
    ) -> tuple[dict[str, Any], str]:
        family = covering_sets(rng, params.elements, params.sets, params.size)
        best = minimum_cover(family, params.elements)
        chosen = [e for e in range(1, params.elements + 1) if best.model[e - 1]]
        data = {"elements": params.elements, "family": family, "optimum": best.cost}
        return {**data, "rc2": best.stats}, " ".join(map(str, chosen))

    def render(self, data: dict[str, Any], params: HittingSetParams) -> str:
        return (
            f"Here are {len(data['family'])} sets of elements from 1..{data['elements']}:\n\n"
            f"{render_sets(data['family'])}\n\n"
            "Choose as few elements as possible so that every set contains at least one "
            "chosen element. Give the chosen elements, separated by spaces (for example: "
            f"2 5 9). {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: HittingSetParams) -> dict[str, Any]:
        return {
            "sets": params.sets,
            "elements": params.elements,
            "optimum": data["optimum"],
            **data["rc2"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            chosen = parse_index_set(answer, task.data["elements"], "element")
        except AnswerFormatError as exc:
            return invalid(exc, "list of elements")
        missed = unhit_set(task.data["family"], chosen)
        if missed is not None:
            return Verdict.fail("wrong", f"Set S{missed} contains none of your elements.")
        if len(chosen) > task.data["optimum"]:
            return Verdict.fail(
                "wrong",
                f"Your {len(chosen)} elements hit every set, but fewer elements can do it.",
            )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        everything = " ".join(str(e) for e in range(1, task.data["elements"] + 1))
        return [block(" ".join(task.answer.split()[1:]) or "none"), block(everything)]
