"""Horn-SAT: the least model of facts, rules and constraints (forward chaining)."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid
from palaestra.generators.cnf import layered_horn
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import parse_index_set
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import Clause, first_false_clause, horn_least_model

MAX_TRIES = 50


class HornParams(Params):
    k: int = Field(12, ge=3, le=120, description="variables; more is harder")
    facts: int = Field(2, ge=1, le=20, description="facts (variables given true); fewer is harder")
    rules: int = Field(14, ge=1, le=300, description="rules (definite clauses); more is harder")
    max_body: int = Field(2, ge=1, le=5, description="most premises per rule; more is harder")
    constraints: int = Field(
        2, ge=0, le=40, description="constraints (clauses without a conclusion); more is harder"
    )

    @model_validator(mode="after")
    def _facts_fit(self) -> HornParams:
        if self.facts >= self.k:
            raise ValueError(
                f"facts={self.facts} must be fewer than the k={self.k} variables, so that "
                "something is left to derive"
            )
        return self


@register("sat/horn-least-model-v1")
class HornLeastModel(Env):
    """Horn-SAT: list the variables true in the least model of a set of Horn clauses.

    Task: facts (x is true), rules (x ∧ y → z) and constraints (not all of x, y true): a
    Horn formula, each clause with at most one positive literal. A satisfiable Horn formula
    has a least model, the variables that every model makes true, found by forward
    chaining from the facts (Dowling and Gallier 1984); it is the semantics of Datalog and
    of logic programs without negation. Rules follow a hidden order of the variables, so
    derivations form chains; some rules point backwards and may never fire. Constraints
    are drawn to hold in the least model, so the formula is always satisfiable.

    Answer format: the numbers of the variables true in the least model, in any order,
    e.g. ``<answer>2 5 7</answer>``.

    Knobs: `k` variables, `rules`, `max_body` premises per rule and `constraints` (more is
    harder); `facts` (fewer is harder). Generation redraws (at most 50 times) until the
    least model holds at least one derived variable and leaves at least one false.

    Verification: the answer must be exactly the least model; feedback names one variable
    that is not derivable, or one rule the answer leaves unapplied. `task.meta["cost"]`
    records the number of clauses, the least model's size and the number of forward
    chaining rounds (the depth of the longest derivation).

    Versions: v1, first release.
    """

    Params = HornParams
    levels = {
        1: {"k": 5, "facts": 1, "rules": 4, "max_body": 1, "constraints": 1},
        2: {"k": 7, "facts": 1, "rules": 7, "max_body": 2, "constraints": 1},
        3: {"k": 9, "facts": 2, "rules": 10, "max_body": 2, "constraints": 2},
        4: {"k": 12, "facts": 2, "rules": 14, "max_body": 2, "constraints": 2},
        5: {"k": 15, "facts": 2, "rules": 19, "max_body": 3, "constraints": 3},
        6: {"k": 18, "facts": 2, "rules": 24, "max_body": 3, "constraints": 3},
        7: {"k": 22, "facts": 3, "rules": 30, "max_body": 3, "constraints": 4},
        8: {"k": 26, "facts": 3, "rules": 36, "max_body": 3, "constraints": 4},
        9: {"k": 32, "facts": 3, "rules": 44, "max_body": 4, "constraints": 5},
        10: {"k": 40, "facts": 3, "rules": 55, "max_body": 4, "constraints": 6},
    }
    difficulty_cost = "clauses"
    tags = ("sat", "horn", "logic-programming")

    def sample(self, rng: np.random.Generator, params: HornParams) -> tuple[dict[str, Any], str]:
        for _ in range(MAX_TRIES):
            clauses = layered_horn(rng, params.k, params.facts, params.rules, params.max_body)
            # Definite clauses only, so the least model exists.
            least = horn_least_model(clauses, params.k) or []
            if params.facts < sum(least) < params.k:
                break
        false_vars = [v for v in range(1, params.k + 1) if not least[v - 1]]
        for _ in range(params.constraints if false_vars else 0):
            # Each constraint holds a variable outside the least model, so it stays true.
            size = int(rng.integers(1, params.max_body + 1))
            anchor = false_vars[int(rng.integers(len(false_vars)))]
            others = [v for v in range(1, params.k + 1) if v != anchor]
            body = {anchor, *(int(v) for v in rng.choice(others, size - 1, replace=False))}
            clauses.append(sorted(-v for v in body))
        true_vars = [v for v in range(1, params.k + 1) if least[v - 1]]
        return {"n_vars": params.k, "clauses": clauses}, " ".join(map(str, true_vars))

    def render(self, data: dict[str, Any], params: HornParams) -> str:
        facts = [c[0] for c in data["clauses"] if len(c) == 1 and c[0] > 0]
        rules = [c for c in data["clauses"] if len(c) > 1 and c[-1] > 0]
        constraints = [c for c in data["clauses"] if all(lit < 0 for lit in c)]
        lines = [f"Facts: {', '.join(f'x{v}' for v in facts)}.", "", "Rules:"]
        lines += [f"R{i}: {_rule(c)}" for i, c in enumerate(rules, start=1)]
        if constraints:
            lines += ["", "Constraints (these variables are never all true together):"]
            lines += [f"K{i}: {_constraint(c)}" for i, c in enumerate(constraints, start=1)]
        return (
            f"Variables x1..x{data['n_vars']} are true or false. Here is a set of Horn "
            "clauses:\n\n" + "\n".join(lines) + "\n\n"
            "The least model makes true exactly the variables that follow from the facts by "
            "applying rules (when every premise of a rule is true, its conclusion is true), "
            "and makes every other variable false. Give the numbers of all variables true in "
            f"the least model, separated by spaces (for example: 2 5 7). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: HornParams) -> dict[str, Any]:
        clauses = data["clauses"]
        least = horn_least_model(clauses, params.k) or []
        return {
            "clauses": len(clauses),
            "variables": params.k,
            "least_model_size": sum(least),
            "derivation_rounds": _rounds(clauses),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n_vars, clauses = task.data["n_vars"], task.data["clauses"]
        try:
            chosen = set(parse_index_set(answer, n_vars, "variable"))
        except AnswerFormatError as exc:
            return invalid(exc, "list of variables")
        least = {int(v) for v in task.answer.split()}
        extra = sorted(chosen - least)
        if extra:
            return Verdict.fail("wrong", f"x{extra[0]} does not follow from the facts and rules.")
        values = [v in chosen for v in range(1, n_vars + 1)]
        unapplied = first_false_clause(clauses, values)
        if unapplied is None:
            return Verdict.right()
        clause = clauses[unapplied]
        if len(clause) == 1:
            return Verdict.fail("wrong", f"Your set leaves out the fact x{clause[0]}.")
        return Verdict.fail("wrong", f"Your set leaves the rule {_rule(clause)} unapplied.")

    def wrong_answers(self, task: Task) -> list[str]:
        least = task.answer.split()
        n_vars = task.data["n_vars"]
        return [
            block(" ".join(least[:-1]) or "none"),
            block(" ".join(str(v) for v in range(1, n_vars + 1))),
            block(f"{task.answer} {task.answer.split()[0]}"),
        ]


def _rule(clause: Clause) -> str:
    body = [f"x{-lit}" for lit in clause if lit < 0]
    head = [f"x{lit}" for lit in clause if lit > 0]
    return (" ∧ ".join(body) + " → " if body else "") + (head[0] if head else "false")


def _constraint(clause: Clause) -> str:
    return "not (" + " ∧ ".join(f"x{-lit}" for lit in clause) + ")"


def _rounds(clauses: list[Clause]) -> int:
    """Forward-chaining rounds to the fixpoint: rules fire in parallel in each round."""
    true: set[int] = set()
    rounds = 0
    while True:
        new = {
            c[-1]
            for c in clauses
            if c[-1] > 0 and c[-1] not in true and all(-lit in true for lit in c[:-1])
        }
        if not new:
            return rounds
        true |= new
        rounds += 1
