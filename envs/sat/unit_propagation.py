"""Unit propagation: what a SAT solver's propagation derives from a few decisions."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid, literal_set_verdict, render_clauses
from palaestra.generators.cnf import mixed_width_clauses, random_assignment
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import format_literals, parse_literals, unit_propagate

MAX_TRIES = 200
CONFLICT = "CONFLICT"


class UnitPropagationParams(Params):
    k: int = Field(10, ge=3, le=80, description="variables; more is harder")
    l: int = Field(20, ge=1, le=300, description="clauses; more is harder")  # noqa: E741
    max_width: int = Field(
        3, ge=2, le=4, description="clauses have 2..max_width literals; more is harder"
    )
    decisions: int = Field(2, ge=1, le=6, description="decision literals; more is harder")

    @model_validator(mode="after")
    def _fits(self) -> UnitPropagationParams:
        if self.max_width > self.k or self.decisions > self.k:
            raise ValueError(
                f"k={self.k} variables are too few for clauses of max_width={self.max_width} "
                f"or for decisions={self.decisions}"
            )
        return self


@register("sat/unit-propagation-v1")
class UnitPropagation(Env):
    """Unit propagation: the literals derived from some decisions, or CONFLICT.

    Task: clauses of 2..`max_width` literals and a few decision literals. Unit propagation
    (Davis and Putnam 1960; the engine of every CDCL solver) repeatedly finds a clause whose
    literals are all false but one unassigned, and makes that one true, until nothing
    changes or a clause becomes false (a conflict). A fair coin picks the outcome first:
    clauses are planted around a hidden model, decisions agree with it for "no conflict"
    (which then cannot conflict) and contradict it somewhere for "conflict"; draws are
    repeated (at most 200) until propagation agrees and, without conflict, derives at least
    one literal.

    Answer format: the derived literals as signed integers, in any order, not counting the
    decisions, e.g. ``<answer>3 -5 7</answer>``; or ``<answer>CONFLICT</answer>``.

    Knobs: `k` variables, `l` clauses, `max_width` and `decisions` (all: more is harder).
    Levels go from 5 variables and 8 clauses to 40 variables and 90 clauses.

    Verification: exact comparison with the fixpoint of propagation (which is the same in
    every order, as is reaching a conflict); repeating a decision literal is tolerated.
    Answering CONFLICT always earns about half the reward. `task.meta["cost"]` records the
    clauses and the number of derived literals.

    Versions: v1, first release.
    """

    Params = UnitPropagationParams
    levels = {
        1: {"k": 5, "l": 8, "max_width": 2, "decisions": 1},
        2: {"k": 6, "l": 11, "max_width": 2, "decisions": 1},
        3: {"k": 8, "l": 15, "max_width": 3, "decisions": 1},
        4: {"k": 10, "l": 20, "max_width": 3, "decisions": 2},
        5: {"k": 13, "l": 27, "max_width": 3, "decisions": 2},
        6: {"k": 16, "l": 35, "max_width": 3, "decisions": 2},
        7: {"k": 20, "l": 44, "max_width": 3, "decisions": 3},
        8: {"k": 25, "l": 56, "max_width": 3, "decisions": 3},
        9: {"k": 32, "l": 72, "max_width": 4, "decisions": 3},
        10: {"k": 40, "l": 90, "max_width": 4, "decisions": 4},
    }
    difficulty_cost = "clauses"
    tags = ("sat", "exact", "decision")

    def sample(
        self, rng: np.random.Generator, params: UnitPropagationParams
    ) -> tuple[dict[str, Any], str]:
        conflict = bool(rng.integers(2))
        for _ in range(MAX_TRIES):
            model = random_assignment(rng, params.k)
            clauses = mixed_width_clauses(rng, params.k, params.l, (2, params.max_width), model)
            chosen = rng.choice(params.k, params.decisions, replace=False) + 1
            signs = [model[v - 1] for v in chosen]
            if conflict:
                signs[int(rng.integers(len(signs)))] ^= True
            decisions = [int(v) if s else -int(v) for v, s in zip(chosen, signs, strict=True)]
            values, reached = unit_propagate(clauses, decisions)
            if reached == conflict and (conflict or len(values) > len(decisions)):
                break
        data = {"n_vars": params.k, "clauses": clauses, "decisions": decisions}
        if reached:
            return data, CONFLICT
        derived = {v: b for v, b in values.items() if v not in {abs(d) for d in decisions}}
        return data, format_literals(derived)

    def render(self, data: dict[str, Any], params: UnitPropagationParams) -> str:
        lines = render_clauses(data["clauses"])
        decided = ", ".join(
            f"x{d} = true" if d > 0 else f"x{-d} = false" for d in data["decisions"]
        )
        return (
            f"Clauses over x1..x{data['n_vars']}:\n\n{lines}\n\n"
            f"Decisions: {decided}.\n\n"
            "Run unit propagation from these decisions: whenever a clause has all its literals "
            "false except one unassigned literal, make that literal true; repeat until nothing "
            "changes. If at some point a clause has all its literals false, answer CONFLICT. "
            "Otherwise list every literal that propagation made true, not counting the "
            "decisions, as signed integers (i for xi = true, -i for xi = false), separated by "
            f"spaces (for example: 3 -5 7). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: UnitPropagationParams) -> dict[str, Any]:
        values, reached = unit_propagate(data["clauses"], data["decisions"])
        return {
            "clauses": params.l,
            "variables": params.k,
            "conflict": int(reached),
            "assigned": len(values),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        decisions = {abs(d): d > 0 for d in task.data["decisions"]}
        if answer.strip().rstrip(".").upper() == CONFLICT:
            if task.answer == CONFLICT:
                return Verdict.right()
            return Verdict.fail("wrong", "Propagation from these decisions reaches no conflict.")
        try:
            claimed = parse_literals(answer, task.data["n_vars"], allow_none=True)
        except AnswerFormatError as exc:
            return invalid(exc, "list of literals or CONFLICT")
        if task.answer == CONFLICT:
            return Verdict.fail("wrong", "Propagation does not end where your list says.")
        claimed = {v: b for v, b in claimed.items() if decisions.get(v) != b}
        truth = parse_literals(task.answer or "none", task.data["n_vars"], allow_none=True)
        return literal_set_verdict(claimed, truth, "derived by unit propagation")

    def wrong_answers(self, task: Task) -> list[str]:
        if task.answer == CONFLICT:
            return [block("none"), block(f"{CONFLICT} 1")]
        literals = (task.answer or "").split()
        return [block(CONFLICT), block(" ".join(literals[:-1]) or "none")]
