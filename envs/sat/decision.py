"""SAT or UNSAT: decide a random k-SAT formula cut at its satisfiability threshold."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import (
    SAT_WORDS,
    ClauseParams,
    block,
    clauses_verdict,
    invalid,
    saturn_d,
)
from palaestra.generators.cnf import render_clause, threshold_formula
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_keyword
from palaestra.verifiers.sat import effort, format_assignment, parse_assignment, solve

# The most variables per clause width for which MiniSat decides threshold formulas quickly.
MAX_K = {2: 60, 3: 60, 4: 45, 5: 30}


class SatDecisionParams(ClauseParams):
    n: int = Field(3, ge=2, le=5, description="literals per clause; more is easier per clause")
    k: int = Field(10, ge=3, le=60, description="variables; more is harder")

    @model_validator(mode="after")
    def _within_limits(self) -> SatDecisionParams:
        if self.k > MAX_K[self.n]:
            raise ValueError(
                f"k={self.k} variables with n={self.n} literals per clause makes threshold "
                f"formulas slow to decide; use k <= {MAX_K[self.n]}"
            )
        return self


@register("sat/sat-decision-v1")
class SatDecision(Env):
    """Decide SAT or UNSAT for a random k-SAT formula; a SAT claim needs an assignment.

    Task: a CNF formula of random clauses (`n` distinct literals each) over x1..xk. Random
    clauses are drawn one by one, and MiniSat finds the first prefix m that is
    unsatisfiable; the task shows either that prefix (UNSAT) or the prefix one clause
    shorter (SAT). The label is drawn first (a fair coin), so about half the tasks are
    satisfiable, and both kinds sit exactly at this draw's threshold, so the clause count
    tells nothing. This is the decision version of Saturn's k-SAT tasks (Liu et al. 2025),
    at the phase transition where random k-SAT is hardest (Mitchell, Selman and Levesque
    1992).

    Answer format: ``SAT`` followed by every variable once as a signed integer (``i`` true,
    ``-i`` false), e.g. ``<answer>SAT 1 -2 3</answer>``; or ``<answer>UNSAT</answer>``.

    Knobs: `k` variables (more is harder) and `n` literals per clause. Levels grow k from 5
    to 32 with n = 3.

    Verification: a SAT claim scores 1.0 only with an assignment that makes every clause true
    (so it can never score on an unsatisfiable formula); an UNSAT claim scores 1.0 exactly
    when MiniSat proved the formula unsatisfiable. Answering always one way earns about half
    the reward. `task.meta["cost"]` records Saturn's D(n, k, l) for the shown formula and
    MiniSat's decisions and conflicts.

    Versions: v1, first release.
    """

    Params = SatDecisionParams
    levels = {
        1: {"n": 3, "k": 5},
        2: {"n": 3, "k": 7},
        3: {"n": 3, "k": 9},
        4: {"n": 3, "k": 11},
        5: {"n": 3, "k": 14},
        6: {"n": 3, "k": 17},
        7: {"n": 3, "k": 20},
        8: {"n": 3, "k": 24},
        9: {"n": 3, "k": 28},
        10: {"n": 3, "k": 32},
    }
    difficulty_cost = "saturn_d"
    tags = ("sat", "decision", "certificate")

    def sample(
        self, rng: np.random.Generator, params: SatDecisionParams
    ) -> tuple[dict[str, Any], str]:
        satisfiable = bool(rng.integers(2))
        clauses, shortest_unsat = threshold_formula(rng, params.k, params.n)
        if satisfiable:
            clauses = clauses[: shortest_unsat - 1]
            model = solve(clauses, params.k).model
            answer = f"SAT {format_assignment(model)}"
        else:
            answer = "UNSAT"
        return {"n_vars": params.k, "clauses": clauses, "satisfiable": satisfiable}, answer

    def render(self, data: dict[str, Any], params: SatDecisionParams) -> str:
        formula = " ∧ ".join(render_clause(c) for c in data["clauses"])
        return (
            f"Decide whether this CNF formula over the variables x1..x{data['n_vars']} is "
            f"satisfiable:\n\n{formula}\n\n"
            "If it is satisfiable, answer SAT followed by a satisfying assignment: every "
            "variable exactly once as a signed integer, i if xi is true and -i if it is false "
            "(for example: SAT 1 -2 3). If it is not, answer UNSAT alone. A SAT answer scores "
            "only with an assignment that makes every clause true; an UNSAT answer is checked "
            f"against a SAT solver's proof. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: SatDecisionParams) -> dict[str, Any]:
        clauses = data["clauses"]
        return {
            "saturn_d": saturn_d(params.n, params.k, len(clauses)),
            "variables": params.k,
            "clauses": len(clauses),
            **effort(clauses, params.k),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            claim, rest = parse_keyword(answer, SAT_WORDS)
            if claim == "unsat":
                if rest:
                    raise AnswerFormatError("write UNSAT alone, with nothing after it")
                values = None
            else:
                values = parse_assignment(rest, task.data["n_vars"])
        except AnswerFormatError as exc:
            return invalid(exc, "answer")
        if values is None:
            if task.data["satisfiable"]:
                return Verdict.fail("wrong", "UNSAT is not the right verdict for this formula.")
            return Verdict.right()
        return clauses_verdict(task.data["clauses"], values)

    def wrong_answers(self, task: Task) -> list[str]:
        n_vars = task.data["n_vars"]
        wrong = [block("SAT"), block("SAT UNSAT"), block("UNSAT 1")]
        if task.data["satisfiable"]:
            return [*wrong, block("UNSAT")]
        return [*wrong, block(f"SAT {format_assignment([True] * n_vars)}")]
