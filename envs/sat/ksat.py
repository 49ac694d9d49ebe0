"""Saturn-style random k-SAT: find a satisfying assignment of a planted CNF formula."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import (
    ClauseParams,
    assignment_format,
    clauses_verdict,
    invalid,
    saturn_difficulty,
)
from palaestra.generators.cnf import planted_ksat, random_assignment, render_clause
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import effort, first_false_clause, format_assignment, parse_assignment


class KSatParams(ClauseParams):
    n: int = Field(
        3, ge=2, le=10, description="literals per clause; more is easier (looser clauses)"
    )
    k: int = Field(5, ge=2, le=500, description="variables; more is harder")
    l: int = Field(5, ge=1, le=5000, description="clauses; more is harder")  # noqa: E741


@register("sat/ksat-v1")
class KSat(Env):
    """Random k-SAT with a planted model: give a full satisfying assignment.

    Task: a CNF formula over x1..xk, `l` clauses of `n` distinct literals each. Instances come
    from the Saturn paper's SAT curriculum (Saturn: SAT-based RL to unleash language model
    reasoning), generated around a hidden planted assignment, so every instance is
    satisfiable.

    Answer format: every variable once, as signed integers: `i` for xi true, `-i` for false,
    e.g. ``<answer>1 -2 3</answer>``.

    Knobs: `n` literals per clause (fewer is harder), `k` variables and `l` clauses (more is
    harder). Levels 1..10 follow Saturn's estimate D = log2 k + 2 log2 l - n + k/n upwards,
    from its training setting (3, 5, 5) through its test settings up to (3, 7, 40) and beyond.

    Verification: certificate check. Any assignment that makes every clause true scores 1.0;
    a missing, repeated or out-of-range variable is invalid (Saturn's own checker reads
    missing variables as false; this one does not). `task.meta["cost"]` records D and the
    decisions and conflicts MiniSat 2.2 needs for the instance.

    Versions: v1, first release.
    """

    Params = KSatParams
    levels = {
        1: {"n": 3, "k": 5, "l": 5},
        2: {"n": 3, "k": 5, "l": 8},
        3: {"n": 3, "k": 6, "l": 10},
        4: {"n": 3, "k": 6, "l": 15},
        5: {"n": 3, "k": 7, "l": 20},
        6: {"n": 3, "k": 7, "l": 30},
        7: {"n": 3, "k": 7, "l": 40},
        8: {"n": 3, "k": 10, "l": 42},
        9: {"n": 3, "k": 15, "l": 64},
        10: {"n": 3, "k": 20, "l": 85},
    }
    difficulty_cost = "saturn_d"
    tags = ("sat", "certificate")

    def sample(self, rng: np.random.Generator, params: KSatParams) -> tuple[dict[str, Any], None]:
        model = random_assignment(rng, params.k)
        clauses = planted_ksat(rng, params.k, params.l, params.n, model)
        return {"n_vars": params.k, "clauses": clauses, "planted": model}, None

    def render(self, data: dict[str, Any], params: KSatParams) -> str:
        formula = " ∧ ".join(render_clause(c) for c in data["clauses"])
        return (
            f"Find a truth assignment to the variables x1..x{data['n_vars']} that makes this "
            f"CNF formula true:\n\n{formula}\n\n"
            f"{assignment_format()} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: KSatParams) -> dict[str, Any]:
        stats = effort(data["clauses"], params.k)
        return {
            "saturn_d": round(saturn_difficulty(params.n, params.k, params.l), 4),
            "variables": params.k,
            "clauses": params.l,
            "decisions": stats["decisions"],
            "conflicts": stats["conflicts"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            values = parse_assignment(answer, task.data["n_vars"])
        except AnswerFormatError as exc:
            return invalid(exc, "assignment")
        return clauses_verdict(task.data["clauses"], values)

    def reference_answer(self, task: Task) -> str:
        return format_assignment(task.data["planted"])

    def wrong_answers(self, task: Task) -> list[str]:
        planted = task.data["planted"]
        wrong = [f"<answer>{format_assignment(planted[:-1])}</answer>"]  # last variable missing
        for var in range(len(planted)):
            flipped = [v != (i == var) for i, v in enumerate(planted)]
            if first_false_clause(task.data["clauses"], flipped) is not None:
                wrong.append(f"<answer>{format_assignment(flipped)}</answer>")
                break
        return wrong
