"""2-SAT with certificates both ways: an assignment, or a variable that implies its negation."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import (
    SAT_WORDS,
    block,
    clauses_verdict,
    invalid,
    saturn_d,
)
from palaestra.generators.cnf import render_clause, threshold_formula
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_int, parse_keyword
from palaestra.verifiers.sat import (
    contradictory_variables,
    effort,
    format_assignment,
    implication_graph,
    implies,
    parse_assignment,
    solve,
)


class TwoSatParams(Params):
    k: int = Field(10, ge=3, le=200, description="variables; more is harder")


@register("sat/2sat-v1")
class TwoSat(Env):
    """2-SAT: give a satisfying assignment, or a variable forced both true and false.

    Task: a random 2-CNF over x1..xk, cut at this draw's satisfiability threshold as in
    sat/sat-decision-v1 (random clauses until MiniSat finds the first unsatisfiable prefix;
    a fair coin picks that prefix or the one a clause shorter), so about half the tasks are
    satisfiable. Unlike k >= 3, 2-SAT is decided in linear time through the implication
    graph (Aspvall, Plass and Tarjan 1979): a clause (a ∨ b) means ¬a → b and ¬b → a, and
    the formula is unsatisfiable exactly when some x implies ¬x and ¬x implies x.

    Answer format: ``SAT`` and every variable once as a signed integer, e.g.
    ``<answer>SAT 1 -2 3</answer>``; or ``UNSAT`` and one variable v such that chains of
    clauses lead from xv to ¬xv and from ¬xv to xv, e.g. ``<answer>UNSAT 4</answer>``.

    Knobs: `k` variables (more is harder). Levels grow k from 6 to 80.

    Verification: certificates both ways. An assignment must make every clause true; an
    UNSAT variable is checked by two searches of the implication graph, so an UNSAT claim
    without a valid witness scores 0. `task.meta["cost"]` records Saturn's D(2, k, l),
    the number of contradictory variables and MiniSat's decisions and conflicts.

    Versions: v1, first release.
    """

    Params = TwoSatParams
    levels = {
        1: {"k": 6},
        2: {"k": 9},
        3: {"k": 12},
        4: {"k": 16},
        5: {"k": 20},
        6: {"k": 26},
        7: {"k": 34},
        8: {"k": 44},
        9: {"k": 60},
        10: {"k": 80},
    }
    difficulty_cost = "saturn_d"
    tags = ("sat", "decision", "certificate", "polynomial")

    def sample(self, rng: np.random.Generator, params: TwoSatParams) -> tuple[dict[str, Any], str]:
        satisfiable = bool(rng.integers(2))
        clauses, shortest_unsat = threshold_formula(rng, params.k, 2)
        if satisfiable:
            clauses = clauses[: shortest_unsat - 1]
            answer = f"SAT {format_assignment(solve(clauses, params.k).model)}"
        else:
            answer = f"UNSAT {contradictory_variables(clauses, params.k)[0]}"
        return {"n_vars": params.k, "clauses": clauses, "satisfiable": satisfiable}, answer

    def render(self, data: dict[str, Any], params: TwoSatParams) -> str:
        formula = " ∧ ".join(render_clause(c) for c in data["clauses"])
        return (
            f"Here is a 2-CNF formula over the variables x1..x{data['n_vars']}:\n\n{formula}\n\n"
            "Each clause (a ∨ b) means ¬a → b and ¬b → a. If the formula is satisfiable, "
            "answer SAT followed by a satisfying assignment: every variable exactly once as a "
            "signed integer, i if xi is true and -i if it is false (for example: SAT 1 -2 3). "
            "If it is not, answer UNSAT followed by one variable number v such that chains of "
            "these implications lead from xv to ¬xv and from ¬xv back to xv (for example: "
            f"UNSAT 4). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: TwoSatParams) -> dict[str, Any]:
        clauses = data["clauses"]
        return {
            "saturn_d": saturn_d(2, params.k, len(clauses)),
            "variables": params.k,
            "clauses": len(clauses),
            "contradictory_variables": len(contradictory_variables(clauses, params.k)),
            **effort(clauses, params.k),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n_vars = task.data["n_vars"]
        try:
            claim, rest = parse_keyword(answer, SAT_WORDS)
            if claim == "sat":
                return clauses_verdict(task.data["clauses"], parse_assignment(rest, n_vars))
            var = parse_int(rest, 1, n_vars)
        except AnswerFormatError as exc:
            return invalid(exc, "answer")
        graph = implication_graph(task.data["clauses"], n_vars)
        for source, target in ((var, -var), (-var, var)):
            if not implies(graph, source, target):
                shown = {var: f"x{var}", -var: f"¬x{var}"}
                return Verdict.fail(
                    "wrong", f"No chain of clauses leads from {shown[source]} to {shown[target]}."
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        n_vars = task.data["n_vars"]
        wrong = [block("UNSAT"), block("SAT"), block(f"UNSAT {n_vars + 1}")]
        if not task.data["satisfiable"]:
            return [*wrong, block(f"SAT {format_assignment([False] * n_vars)}")]
        return [*wrong, block("UNSAT 1")]
