"""Weighted partial MaxSAT: keep every hard clause, lose as little soft weight as possible."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import (
    NO_PARTIAL_CREDIT,
    assignment_format,
    block,
    failing_constants,
    invalid,
    render_clauses,
)
from palaestra.generators.cnf import (
    mixed_width_clauses,
    planted_ksat,
    random_assignment,
    render_clause,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import (
    false_clauses,
    first_false_clause,
    format_assignment,
    maxsat_optimum,
    parse_assignment,
)


class WeightedMaxSatParams(Params):
    k: int = Field(10, ge=3, le=40, description="variables; more is harder")
    hard: int = Field(20, ge=0, le=200, description="hard 3-clauses (planted); more is harder")
    soft: int = Field(15, ge=1, le=200, description="weighted soft clauses; more is harder")
    max_weight: int = Field(
        9, ge=1, le=100, description="soft weights are drawn from 1..max_weight; more is harder"
    )

    @model_validator(mode="after")
    def _enough_variables(self) -> WeightedMaxSatParams:
        if self.hard and self.k < 3:
            raise ValueError(f"hard 3-clauses need k >= 3 variables (k={self.k})")
        return self


@register("sat/weighted-maxsat-v1")
class WeightedMaxSat(Env):
    """Weighted partial MaxSAT: satisfy all hard clauses, maximise the satisfied soft weight.

    Task: hard clauses (random 3-clauses around a hidden planted model, so they can all be
    satisfied) and weighted soft clauses of one or two random literals, which conflict with
    each other and with the hard clauses. The best assignment keeps every hard clause and
    loses the least total weight of false soft clauses: the weighted partial MaxSAT problem
    of the MaxSAT Evaluations, proved optimal here by RC2 (Ignatiev, Morgado and
    Marques-Silva 2019).

    Answer format: every variable once as a signed integer, e.g. ``<answer>1 -2 3</answer>``.

    Knobs: `k` variables, `hard` clauses, `soft` clauses and `max_weight` (all: more is
    harder). Levels go from 4 variables with 4 hard and 6 soft clauses to 22 variables with
    66 hard and 44 soft clauses of weights up to 50.

    Verification: every hard clause must hold and the lost soft weight must equal RC2's
    optimum; any such assignment scores 1.0, anything else 0 (no partial credit).
    `task.meta["cost"]` records the optimum and RC2's oracle decisions and conflicts.

    Versions: v1, first release.
    """

    Params = WeightedMaxSatParams
    levels = {
        1: {"k": 4, "hard": 4, "soft": 6, "max_weight": 5},
        2: {"k": 5, "hard": 8, "soft": 8, "max_weight": 5},
        3: {"k": 6, "hard": 12, "soft": 10, "max_weight": 9},
        4: {"k": 8, "hard": 18, "soft": 14, "max_weight": 9},
        5: {"k": 10, "hard": 24, "soft": 18, "max_weight": 20},
        6: {"k": 12, "hard": 32, "soft": 22, "max_weight": 20},
        7: {"k": 14, "hard": 40, "soft": 28, "max_weight": 30},
        8: {"k": 16, "hard": 48, "soft": 32, "max_weight": 30},
        9: {"k": 19, "hard": 57, "soft": 38, "max_weight": 50},
        10: {"k": 22, "hard": 66, "soft": 44, "max_weight": 50},
    }
    difficulty_cost = "clauses"
    tags = ("sat", "optimisation", "weighted")

    def sample(
        self, rng: np.random.Generator, params: WeightedMaxSatParams
    ) -> tuple[dict[str, Any], str]:
        model = random_assignment(rng, params.k)
        hard = planted_ksat(rng, params.k, params.hard, 3, model) if params.hard else []
        soft = mixed_width_clauses(rng, params.k, params.soft, (1, 2))
        weights = [int(w) for w in rng.integers(1, params.max_weight + 1, size=params.soft)]
        best = maxsat_optimum(hard, soft, weights, params.k)
        data = {
            "n_vars": params.k,
            "hard": hard,
            "soft": soft,
            "weights": weights,
            "optimum": best.cost,
            "rc2": best.stats,
        }
        return data, format_assignment(best.model)

    def render(self, data: dict[str, Any], params: WeightedMaxSatParams) -> str:
        hard = render_clauses(data["hard"], "H")
        soft = "\n".join(
            f"S{i} (weight {w}): {render_clause(c)}"
            for i, (c, w) in enumerate(zip(data["soft"], data["weights"], strict=True), 1)
        )
        return (
            f"Variables x1..x{data['n_vars']}. Every hard clause must be true:\n\n"
            f"{hard or '(there are no hard clauses)'}\n\n"
            f"Each soft clause has a weight:\n\n{soft}\n\n"
            "Find a truth assignment that makes every hard clause true and makes the total "
            "weight of the soft clauses left false as small as possible. "
            f"{assignment_format()} {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: WeightedMaxSatParams) -> dict[str, Any]:
        return {
            "clauses": params.hard + params.soft,
            "variables": params.k,
            "optimum_weight": data["optimum"],
            **data["rc2"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        try:
            values = parse_assignment(answer, data["n_vars"])
        except AnswerFormatError as exc:
            return invalid(exc, "assignment")
        broken = first_false_clause(data["hard"], values)
        if broken is not None:
            clause = render_clause(data["hard"][broken])
            return Verdict.fail("wrong", f"Hard clause H{broken + 1} {clause} is false.")
        lost = lost_weight(data, values)
        if lost > data["optimum"]:
            return Verdict.fail(
                "wrong",
                f"Your assignment loses soft weight {lost}; another one that keeps every hard "
                "clause loses less.",
            )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        data = task.data

        def fails(values: list[bool]) -> bool:
            broken = first_false_clause(data["hard"], values) is not None
            return broken or lost_weight(data, values) > data["optimum"]

        return [block("1"), *failing_constants(data["n_vars"], fails)]


def lost_weight(data: dict[str, Any], values: list[bool]) -> int:
    """The total weight of the soft clauses false under `values`."""
    return sum(data["weights"][i] for i in false_clauses(data["soft"], values))
