"""MaxSAT: satisfy as many clauses as possible of an over-constrained random formula."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import (
    NO_PARTIAL_CREDIT,
    ClauseParams,
    assignment_format,
    block,
    failing_constants,
    invalid,
    render_clauses,
    saturn_d,
)
from palaestra.generators.cnf import random_ksat
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import (
    false_clauses,
    format_assignment,
    maxsat_optimum,
    parse_assignment,
)


class MaxSatParams(ClauseParams):
    n: int = Field(3, ge=2, le=5, description="literals per clause; more is easier per clause")
    k: int = Field(10, ge=2, le=30, description="variables; more is harder")
    l: int = Field(60, ge=1, le=240, description="clauses; more is harder")  # noqa: E741

    @model_validator(mode="after")
    def _within_limits(self) -> MaxSatParams:
        if self.l > 8 * self.k:
            raise ValueError(
                f"l={self.l} clauses over k={self.k} variables is more than 8 per variable, "
                f"where proving the optimum gets slow; use l <= {8 * self.k} or raise k"
            )
        return self


@register("sat/maxsat-v1")
class MaxSat(Env):
    """MaxSAT: an assignment that satisfies the largest possible number of clauses.

    Task: `l` uniform random clauses of `n` distinct literals over x1..xk, drawn above the
    satisfiability threshold so that usually no assignment satisfies them all (Max-2-SAT at
    the low levels, Max-3-SAT above). The optimum is proved by RC2, the core-guided MaxSAT
    solver of Ignatiev, Morgado and Marques-Silva (2019), as shipped in python-sat.

    Answer format: every variable once as a signed integer, e.g. ``<answer>1 -2 3</answer>``.

    Knobs: `n` literals per clause, `k` variables and `l` clauses (more is harder). Levels
    go from Max-2-SAT with 4 variables and 16 clauses to Max-3-SAT with 20 variables and
    160 clauses (8 clauses per variable, about twice the 3-SAT threshold).

    Verification: the number of clauses the assignment leaves false must equal RC2's
    optimum; any optimal assignment scores 1.0, anything else 0 (no partial credit, as the
    prompt says). A missing or repeated variable is invalid. `task.meta["cost"]` records
    the optimum, Saturn's D(n, k, l) and the decisions and conflicts of RC2's SAT oracle.

    Versions: v1, first release.
    """

    Params = MaxSatParams
    levels = {
        1: {"n": 2, "k": 4, "l": 16},
        2: {"n": 2, "k": 6, "l": 24},
        3: {"n": 2, "k": 8, "l": 32},
        4: {"n": 3, "k": 8, "l": 64},
        5: {"n": 3, "k": 10, "l": 80},
        6: {"n": 3, "k": 12, "l": 96},
        7: {"n": 3, "k": 14, "l": 112},
        8: {"n": 3, "k": 16, "l": 128},
        9: {"n": 3, "k": 18, "l": 144},
        10: {"n": 3, "k": 20, "l": 160},
    }
    difficulty_cost = "clauses"
    tags = ("sat", "optimisation")

    def sample(self, rng: np.random.Generator, params: MaxSatParams) -> tuple[dict[str, Any], str]:
        clauses = random_ksat(rng, params.k, params.l, params.n)
        best = maxsat_optimum([], clauses, [1] * len(clauses), params.k)
        data = {"n_vars": params.k, "clauses": clauses, "optimum": best.cost, "rc2": best.stats}
        return data, format_assignment(best.model)

    def render(self, data: dict[str, Any], params: MaxSatParams) -> str:
        formula = render_clauses(data["clauses"])
        return (
            f"Here are {len(data['clauses'])} clauses over the variables "
            f"x1..x{data['n_vars']}. It may be impossible to make all of them true.\n\n"
            f"{formula}\n\n"
            "Find a truth assignment that makes as many clauses true as possible. "
            f"{assignment_format()} {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: MaxSatParams) -> dict[str, Any]:
        return {
            "clauses": params.l,
            "variables": params.k,
            "saturn_d": saturn_d(params.n, params.k, params.l),
            "optimum_false": data["optimum"],
            **data["rc2"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            values = parse_assignment(answer, task.data["n_vars"])
        except AnswerFormatError as exc:
            return invalid(exc, "assignment")
        left_false = len(false_clauses(task.data["clauses"], values))
        if left_false > task.data["optimum"]:
            return Verdict.fail(
                "wrong",
                f"Your assignment leaves {left_false} clauses false; another assignment leaves "
                "fewer false.",
            )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        clauses, optimum = task.data["clauses"], task.data["optimum"]
        return [
            block("1"),
            *failing_constants(
                task.data["n_vars"], lambda values: len(false_clauses(clauses, values)) > optimum
            ),
        ]
