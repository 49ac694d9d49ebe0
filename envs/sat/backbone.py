"""Backbones: the literals that hold in every satisfying assignment of a formula."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import ClauseParams, block, invalid, literal_set_verdict, saturn_d
from palaestra.generators.cnf import planted_ksat, random_assignment, render_clause
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import backbone, format_literals, parse_literals

MAX_TRIES = 30


class BackboneParams(ClauseParams):
    n: int = Field(3, ge=2, le=5, description="literals per clause; more is easier per clause")
    k: int = Field(10, ge=3, le=60, description="variables; more is harder")
    l: int = Field(38, ge=1, le=400, description="clauses; more is harder")  # noqa: E741


@register("sat/backbone-v1")
class Backbone(Env):
    """Backbone: list the literals that are true in every satisfying assignment.

    Task: a satisfiable random k-SAT formula (planted around a hidden model) near the
    satisfiability threshold, where many variables are frozen. Its backbone is the set of
    literals that every model makes true; a variable outside it takes both values in some
    models. Backbones underlie the physics of the phase transition (Monasson et al. 1999)
    and are computed by SAT tools by one solver call per variable (Janota, Lynce and
    Marques-Silva 2015). Generation redraws (at most 30 times) until the backbone is
    neither empty nor every variable.

    Answer format: the backbone as signed integers (``i`` when xi is true in every model,
    ``-i`` when false in every model), in any order, e.g. ``<answer>1 -4 7</answer>``;
    ``<answer>none</answer>`` for an empty backbone.

    Knobs: `k` variables and `l` clauses (more is harder), `n` literals per clause. Levels
    go from 5 variables and 18 clauses to 26 variables and 100 clauses (about 3.7 to 3.85
    clauses per variable).

    Verification: exact match with the backbone MiniSat computes (the planted model, then
    one call per variable with the opposite value assumed); feedback names one literal
    that is not forced, or says that some forced literal is missing. `task.meta["cost"]`
    records the backbone's size and MiniSat's total effort over those calls.

    Versions: v1, first release.
    """

    Params = BackboneParams
    levels = {
        1: {"n": 3, "k": 5, "l": 18},
        2: {"n": 3, "k": 6, "l": 22},
        3: {"n": 3, "k": 8, "l": 30},
        4: {"n": 3, "k": 10, "l": 38},
        5: {"n": 3, "k": 12, "l": 46},
        6: {"n": 3, "k": 14, "l": 54},
        7: {"n": 3, "k": 16, "l": 62},
        8: {"n": 3, "k": 18, "l": 70},
        9: {"n": 3, "k": 22, "l": 85},
        10: {"n": 3, "k": 26, "l": 100},
    }
    difficulty_cost = "clauses"
    tags = ("sat", "exact")

    def sample(
        self, rng: np.random.Generator, params: BackboneParams
    ) -> tuple[dict[str, Any], str]:
        for _ in range(MAX_TRIES):
            model = random_assignment(rng, params.k)
            clauses = planted_ksat(rng, params.k, params.l, params.n, model)
            fixed, stats = backbone(clauses, params.k, model)
            if 0 < len(fixed) < params.k:
                break
        data = {"n_vars": params.k, "clauses": clauses}
        return {**data, "stats": {"backbone_size": len(fixed), **stats}}, format_literals(fixed)

    def render(self, data: dict[str, Any], params: BackboneParams) -> str:
        formula = " ∧ ".join(render_clause(c) for c in data["clauses"])
        return (
            f"This CNF formula over x1..x{data['n_vars']} is satisfiable:\n\n{formula}\n\n"
            "Find its backbone: the literals that are true in every satisfying assignment. "
            "Write xi as i if xi is true in every satisfying assignment and as -i if it is "
            "false in every one; leave out variables that take both values. Give the "
            "literals separated by spaces (for example: 1 -4 7), or none if there are none. "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: BackboneParams) -> dict[str, Any]:
        return {
            "clauses": params.l,
            "variables": params.k,
            "saturn_d": saturn_d(params.n, params.k, params.l),
            **data["stats"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n_vars = task.data["n_vars"]
        try:
            claimed = parse_literals(answer, n_vars, allow_none=True)
        except AnswerFormatError as exc:
            return invalid(exc, "list of literals")
        truth = parse_literals(task.answer or "none", n_vars, allow_none=True)
        return literal_set_verdict(claimed, truth, "true in every satisfying assignment")

    def wrong_answers(self, task: Task) -> list[str]:
        literals = (task.answer or "").split()
        return [block(" ".join(literals[:-1]) or "none"), block(f"{literals[0]} {literals[0]}")]
