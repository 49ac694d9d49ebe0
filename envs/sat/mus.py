"""Minimal unsatisfiable subsets: explain why a formula has no model with a minimal core."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import ClauseParams, block, invalid, render_clauses, saturn_d
from palaestra.generators.cnf import distinct_clauses, threshold_formula
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import parse_index_set
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import effort, minimal_unsat_subset, unsat_core_problem


class MusParams(ClauseParams):
    n: int = Field(3, ge=2, le=4, description="literals per clause; more is harder")
    k: int = Field(8, ge=3, le=24, description="variables; more is harder")
    l: int = Field(  # noqa: E741
        40,
        ge=1,
        le=300,
        description=(
            "clauses; more is harder. A draw whose first unsatisfiable prefix is longer "
            "keeps that prefix, so a small l is a lower bound"
        ),
    )


@register("sat/mus-v1")
class MinimalUnsatSubset(Env):
    """Minimal unsatisfiable subset: pick clauses that are contradictory, none of them spare.

    Task: an unsatisfiable random CNF formula of about `l` clauses: random clauses up to the
    first unsatisfiable prefix, then more random clauses up to `l`, shuffled. The answer is
    a set of its clauses that is itself unsatisfiable and minimal: dropping any one clause
    leaves a satisfiable set. MUSes are how SAT tools explain infeasibility (Liffiton and
    Sakallah 2008; Marques-Silva's MUSer and python-sat's MUSX); the formula usually has
    many, and any one is accepted.

    Answer format: the numbers of the chosen clauses, in any order, e.g.
    ``<answer>1 4 7 9</answer>``.

    Knobs: `n` literals per clause, `k` variables and `l` clauses (more is harder); when
    the draw's first unsatisfiable prefix is longer than `l`, the formula is that prefix.
    Levels go from 12 2-clauses over 4 variables to 95 3-clauses over 18 variables (about
    5.3 clauses per variable, above the threshold's 4.27, so most draws have exactly l).

    Verification: MiniSat proves the chosen clauses unsatisfiable, then proves each of them
    necessary (the rest satisfiable): one solver call per chosen clause, on a formula of at
    most a few hundred clauses. `task.meta["cost"]` records the formula's size, the size
    of the MUS MUSX finds and MiniSat's effort to refute the formula.

    Versions: v1, first release.
    """

    Params = MusParams
    levels = {
        1: {"n": 2, "k": 4, "l": 12},
        2: {"n": 2, "k": 6, "l": 18},
        3: {"n": 3, "k": 4, "l": 24},
        4: {"n": 3, "k": 5, "l": 30},
        5: {"n": 3, "k": 6, "l": 36},
        6: {"n": 3, "k": 8, "l": 46},
        7: {"n": 3, "k": 10, "l": 56},
        8: {"n": 3, "k": 12, "l": 66},
        9: {"n": 3, "k": 15, "l": 80},
        10: {"n": 3, "k": 18, "l": 95},
    }
    difficulty_cost = "clauses"
    tags = ("sat", "unsat", "certificate")

    def sample(self, rng: np.random.Generator, params: MusParams) -> tuple[dict[str, Any], str]:
        prefix, _ = threshold_formula(rng, params.k, params.n)
        seen = {tuple(sorted(c)) for c in prefix}
        more = max(0, params.l - len(prefix))
        clauses = prefix + distinct_clauses(rng, params.k, more, params.n, seen)
        clauses = [clauses[int(i)] for i in rng.permutation(len(clauses))]
        core = minimal_unsat_subset(clauses)
        return {"n_vars": params.k, "clauses": clauses}, " ".join(str(i + 1) for i in core)

    def render(self, data: dict[str, Any], params: MusParams) -> str:
        lines = render_clauses(data["clauses"])
        return (
            f"These clauses over x1..x{data['n_vars']} cannot all be true at once:\n\n"
            f"{lines}\n\n"
            "Find a minimal unsatisfiable subset: some of the clauses that cannot all be true "
            "together, such that removing any single one of them makes the rest satisfiable. "
            "Give the clause numbers, separated by spaces (for example: 1 4 7 9). Any minimal "
            f"unsatisfiable subset is accepted. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: MusParams) -> dict[str, Any]:
        return {
            "clauses": len(data["clauses"]),
            "variables": params.k,
            "saturn_d": saturn_d(params.n, params.k, len(data["clauses"])),
            "mus_size": len(minimal_unsat_subset(data["clauses"])),
            **effort(data["clauses"], params.k),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        clauses = task.data["clauses"]
        try:
            chosen = parse_index_set(answer, len(clauses), "clause")
        except AnswerFormatError as exc:
            return invalid(exc, "list of clauses")
        problem = unsat_core_problem(clauses, [i - 1 for i in chosen])
        if problem is not None:
            return Verdict.fail("wrong", f"Not a minimal unsatisfiable subset: {problem}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        core = task.answer.split()
        everything = " ".join(str(i) for i in range(1, len(task.data["clauses"]) + 1))
        wrong = [block(" ".join(core[:-1])), block(f"{task.answer} {task.answer}")]
        if len(core) < len(task.data["clauses"]):
            wrong.append(block(everything))  # unsatisfiable but not minimal
        return wrong
