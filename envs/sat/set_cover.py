"""Set cover with a budget: cover every element with at most B subsets (B proved optimal)."""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid, render_sets
from palaestra.generators.combinatorics import covering_sets
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import cover_problem, parse_index_set
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import minimum_cover


class SetCoverParams(Params):
    universe: int = Field(12, ge=2, le=50, description="elements to cover; more is harder")
    subsets: int = Field(10, ge=1, le=50, description="subsets to choose from; more is harder")
    size: int = Field(3, ge=1, le=12, description="elements per subset; fewer is harder")

    @model_validator(mode="after")
    def _size_fits(self) -> SetCoverParams:
        if self.size > self.universe:
            raise ValueError(f"size={self.size} cannot exceed universe={self.universe}")
        if comb(self.universe, self.size) < self.subsets:
            raise ValueError(
                f"there are only {comb(self.universe, self.size)} different subsets of "
                f"{self.size} of {self.universe} elements, fewer than subsets={self.subsets}; "
                "raise size or universe, or lower subsets"
            )
        if self.subsets * self.size < self.universe:
            raise ValueError(
                f"{self.subsets} subsets of {self.size} elements cannot cover "
                f"{self.universe} elements; raise subsets or size"
            )
        return self


@register("sat/set-cover-v1")
class SetCover(Env):
    """Set cover with a budget: choose at most B subsets whose union is every element.

    Task: random subsets of {1..universe} of about `size` elements whose union is the whole
    universe, and a budget B equal to the least number of subsets that cover it, proved by
    RC2 (a MaxSAT solver minimising the chosen subsets under one covering clause per
    element). Set cover is one of Karp's 21 NP-complete problems (1972); with B at the
    optimum, the task is as hard as the optimisation version, yet any optimal cover counts.

    Answer format: the numbers of at most B subsets, in any order, e.g.
    ``<answer>1 4 6</answer>``.

    Knobs: `universe` and `subsets` (more is harder), `size` (fewer elements per subset is
    harder). Levels go from 6 elements in 5 subsets to 32 elements in 28 subsets.

    Verification: the chosen subsets must cover every element and be at most B; any such
    cover scores 1.0. `task.meta["cost"]` records B and RC2's oracle decisions and conflicts.

    Versions: v1, first release.
    """

    Params = SetCoverParams
    levels = {
        1: {"universe": 6, "subsets": 5, "size": 2},
        2: {"universe": 8, "subsets": 7, "size": 3},
        3: {"universe": 10, "subsets": 9, "size": 3},
        4: {"universe": 12, "subsets": 11, "size": 3},
        5: {"universe": 15, "subsets": 13, "size": 4},
        6: {"universe": 18, "subsets": 16, "size": 4},
        7: {"universe": 21, "subsets": 19, "size": 4},
        8: {"universe": 24, "subsets": 22, "size": 5},
        9: {"universe": 28, "subsets": 25, "size": 5},
        10: {"universe": 32, "subsets": 28, "size": 5},
    }
    difficulty_cost = "subsets"
    tags = ("sat-encoded", "set-system", "certificate", "optimum")

    def sample(
        self, rng: np.random.Generator, params: SetCoverParams
    ) -> tuple[dict[str, Any], str]:
        sets = covering_sets(rng, params.universe, params.subsets, params.size)
        holders = [
            [i for i, members in enumerate(sets, 1) if element in members]
            for element in range(1, params.universe + 1)
        ]
        best = minimum_cover(holders, len(sets))
        chosen = [i for i in range(1, len(sets) + 1) if best.model[i - 1]]
        data = {"universe": params.universe, "sets": sets, "budget": best.cost, "rc2": best.stats}
        return data, " ".join(map(str, chosen))

    def render(self, data: dict[str, Any], params: SetCoverParams) -> str:
        return (
            f"Here are {len(data['sets'])} subsets of the elements 1..{data['universe']}:\n\n"
            f"{render_sets(data['sets'])}\n\n"
            f"Choose at most {data['budget']} of these subsets so that every element from 1 to "
            f"{data['universe']} lies in at least one chosen subset. Give the numbers of the "
            f"chosen subsets, separated by spaces (for example: 1 4 6). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: SetCoverParams) -> dict[str, Any]:
        return {
            "subsets": params.subsets,
            "universe": params.universe,
            "budget": data["budget"],
            **data["rc2"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        sets, budget = task.data["sets"], task.data["budget"]
        try:
            chosen = parse_index_set(answer, len(sets), "subset")
        except AnswerFormatError as exc:
            return invalid(exc, "list of subsets")
        if len(chosen) > budget:
            return Verdict.fail(
                "wrong", f"You chose {len(chosen)} subsets; the budget is {budget}."
            )
        problem = cover_problem(task.data["universe"], sets, chosen, exact=False)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a cover: {problem}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        everything = " ".join(str(i) for i in range(1, len(task.data["sets"]) + 1))
        return [block(" ".join(task.answer.split()[1:]) or "none"), block(everything)]
