"""#SAT: count the satisfying assignments of a small CNF formula."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import ClauseParams, block, invalid, saturn_d
from palaestra.generators.cnf import random_ksat, render_clause
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_int
from palaestra.verifiers.sat import count_models


class ModelCountParams(ClauseParams):
    n: int = Field(
        3, ge=1, le=5, description="literals per clause; more leaves more models to count"
    )
    k: int = Field(
        8, ge=2, le=16, description="variables; more is harder (all 2**k assignments are counted)"
    )
    l: int = Field(14, ge=1, le=100, description="clauses; more is harder")  # noqa: E741


@register("sat/model-count-v1")
class ModelCount(Env):
    """Model counting (#SAT): how many assignments make a small CNF formula true?

    Task: `l` uniform random clauses of `n` distinct literals over x1..xk, below the
    satisfiability threshold so that the count is usually positive. Counting models is
    #P-complete (Valiant 1979) even where deciding is easy; exact counters such as sharpSAT
    and d4 are used for probabilistic inference. Instances stay small enough for an exact
    count by evaluating every assignment.

    Answer format: one integer, e.g. ``<answer>12</answer>``.

    Knobs: `k` variables and `l` clauses (more is harder), `n` literals per clause. Levels
    go from 3 variables with 3 2-clauses to 14 variables with 28 3-clauses.

    Verification: exact match with the count from evaluating all 2**k assignments with
    numpy (the tests confirm it by enumerating models with MiniSat and blocking clauses).
    `task.meta["cost"]` records the count, the number of assignments and the clauses.

    Versions: v1, first release.
    """

    Params = ModelCountParams
    levels = {
        1: {"n": 2, "k": 3, "l": 3},
        2: {"n": 2, "k": 4, "l": 5},
        3: {"n": 2, "k": 5, "l": 6},
        4: {"n": 3, "k": 5, "l": 8},
        5: {"n": 3, "k": 6, "l": 10},
        6: {"n": 3, "k": 7, "l": 13},
        7: {"n": 3, "k": 8, "l": 16},
        8: {"n": 3, "k": 10, "l": 20},
        9: {"n": 3, "k": 12, "l": 24},
        10: {"n": 3, "k": 14, "l": 28},
    }
    difficulty_cost = "clauses"
    tags = ("sat", "counting", "exact")
    allow_boxed = True

    def sample(
        self, rng: np.random.Generator, params: ModelCountParams
    ) -> tuple[dict[str, Any], str]:
        clauses = random_ksat(rng, params.k, params.l, params.n)
        return {"n_vars": params.k, "clauses": clauses}, str(count_models(clauses, params.k))

    def render(self, data: dict[str, Any], params: ModelCountParams) -> str:
        formula = " ∧ ".join(render_clause(c) for c in data["clauses"])
        n = data["n_vars"]
        return (
            f"How many of the 2^{n} = {2**n} truth assignments to the variables x1..x{n} make "
            f"this CNF formula true?\n\n{formula}\n\n"
            f"Answer with a single integer (for example: 12). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: ModelCountParams) -> dict[str, Any]:
        return {
            "clauses": params.l,
            "variables": params.k,
            "saturn_d": saturn_d(params.n, params.k, params.l),
            "assignments": 2**params.k,
            "models": count_models(data["clauses"], params.k),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            count = parse_int(answer, 0, 2 ** task.data["n_vars"])
        except AnswerFormatError as exc:
            return invalid(exc, "count")
        if str(count) != task.answer:
            return Verdict.fail("wrong", f"{count} is not the number of satisfying assignments.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        count = int(task.answer or 0)
        return [block(str(count + 1)), block(f"{count} or {count + 1}"), block(str(count * 2 + 2))]
