"""Pseudo-boolean satisfaction: cardinality and weighted linear constraints over 0/1 variables."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import assignment_format, block, failing_constants, invalid
from palaestra.generators.cnf import (
    linear_constraint_clauses,
    planted_linear_constraints,
    random_assignment,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import (
    effort,
    format_assignment,
    linear_holds,
    linear_value,
    parse_assignment,
)

SYMBOLS = {"<=": "≤", ">=": "≥", "=": "="}


class CardinalityParams(Params):
    k: int = Field(10, ge=2, le=60, description="variables; more is harder")
    m: int = Field(8, ge=1, le=120, description="constraints; more is harder")
    terms: int = Field(4, ge=2, le=12, description="variables per constraint; more is harder")
    max_coef: int = Field(
        2, ge=1, le=5, description="coefficients are 1..max_coef (1: cardinality); more is harder"
    )
    slack: int = Field(
        1, ge=0, le=5, description="room between a bound and the planted value; less is harder"
    )

    @model_validator(mode="after")
    def _terms_fit(self) -> CardinalityParams:
        if self.terms > self.k:
            raise ValueError(
                f"a constraint over terms={self.terms} distinct variables needs k >= terms "
                f"(k={self.k})"
            )
        return self


@register("sat/cardinality-v1")
class Cardinality(Env):
    """Pseudo-boolean constraints: find 0/1 values that satisfy weighted counting constraints.

    Task: constraints such as ``2·x1 + x3 + 3·¬x5 ≥ 3``, ``x2 + ¬x4 + x6 ≤ 1`` or
    ``x1 + x2 + x7 = 2`` over 0/1 variables, where ¬x counts 1 when x is 0. With all
    coefficients 1 these are cardinality constraints (at least / at most / exactly j of
    these literals); larger coefficients make them general pseudo-boolean constraints, the
    language of PB solvers and of the Pseudo-Boolean Competition (Roussel and Manquinho
    2009). Constraints are drawn around a hidden planted assignment, their bounds close to
    its values, so they are consistent and tight.

    Answer format: every variable once as a signed integer (``i`` means xi = 1, ``-i``
    means xi = 0), e.g. ``<answer>1 -2 3</answer>``.

    Knobs: `k` variables, `m` constraints, `terms` per constraint and `max_coef` (more is
    harder), `slack` between bounds and the planted values (less is harder). Levels start
    with pure cardinality constraints and bring in coefficients up to 4.

    Verification: each constraint's sum is recomputed; any assignment satisfying all scores
    1.0. `task.meta["cost"]` records the sizes and MiniSat's effort on a totalizer encoding
    of the constraints (python-sat's CardEnc).

    Versions: v1, first release.
    """

    Params = CardinalityParams
    levels = {
        1: {"k": 4, "m": 3, "terms": 3, "max_coef": 1, "slack": 1},
        2: {"k": 5, "m": 4, "terms": 3, "max_coef": 1, "slack": 1},
        3: {"k": 6, "m": 5, "terms": 4, "max_coef": 1, "slack": 0},
        4: {"k": 8, "m": 7, "terms": 4, "max_coef": 2, "slack": 1},
        5: {"k": 10, "m": 9, "terms": 4, "max_coef": 2, "slack": 0},
        6: {"k": 12, "m": 11, "terms": 5, "max_coef": 3, "slack": 1},
        7: {"k": 14, "m": 13, "terms": 5, "max_coef": 3, "slack": 0},
        8: {"k": 16, "m": 16, "terms": 6, "max_coef": 3, "slack": 0},
        9: {"k": 19, "m": 19, "terms": 6, "max_coef": 4, "slack": 0},
        10: {"k": 22, "m": 22, "terms": 7, "max_coef": 4, "slack": 0},
    }
    difficulty_cost = "constraints"
    tags = ("sat", "pseudo-boolean", "certificate")

    def sample(
        self, rng: np.random.Generator, params: CardinalityParams
    ) -> tuple[dict[str, Any], None]:
        model = random_assignment(rng, params.k)
        constraints = planted_linear_constraints(
            rng, model, params.m, params.terms, params.max_coef, params.slack
        )
        return {"n_vars": params.k, "constraints": constraints, "planted": model}, None

    def render(self, data: dict[str, Any], params: CardinalityParams) -> str:
        lines = "\n".join(f"C{i}: {_render(c)}" for i, c in enumerate(data["constraints"], start=1))
        return (
            f"Each variable x1..x{data['n_vars']} is 0 or 1, and ¬x stands for 1 - x. Find "
            f"values that satisfy every constraint:\n\n{lines}\n\n"
            f"{assignment_format(binary=True)} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: CardinalityParams) -> dict[str, Any]:
        clauses: list[list[int]] = []
        top = params.k
        for c in data["constraints"]:
            more, top = linear_constraint_clauses(c["terms"], c["op"], c["bound"], top)
            clauses += more
        return {
            "constraints": params.m,
            "variables": params.k,
            "encoding_clauses": len(clauses),
            **effort(clauses, top),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            values = parse_assignment(answer, task.data["n_vars"])
        except AnswerFormatError as exc:
            return invalid(exc, "assignment")
        for index, c in enumerate(task.data["constraints"], start=1):
            value = linear_value(c["terms"], values)
            if not linear_holds(value, c["op"], c["bound"]):
                return Verdict.fail(
                    "wrong", f"Constraint C{index} does not hold: its left side is {value}."
                )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_assignment(task.data["planted"])

    def wrong_answers(self, task: Task) -> list[str]:
        constraints = task.data["constraints"]

        def fails(values: list[bool]) -> bool:
            return any(
                not linear_holds(linear_value(c["terms"], values), c["op"], c["bound"])
                for c in constraints
            )

        return [
            block(format_assignment(task.data["planted"][:-1])),
            *failing_constants(task.data["n_vars"], fails),
        ]


def _render(constraint: dict[str, Any]) -> str:
    parts = []
    for coef, lit in constraint["terms"]:
        name = f"x{lit}" if lit > 0 else f"¬x{-lit}"
        parts.append(name if coef == 1 else f"{coef}·{name}")
    return f"{' + '.join(parts)} {SYMBOLS[constraint['op']]} {constraint['bound']}"
