"""The shared bases of the propositional environments: knobs, how formulas are shown,
assignments as certificates (validity, satisfiability, entailment, equivalence) and
conversion to a normal form checked by truth tables (CNF, DNF)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.logic._common import (
    CertifiedDecision,
    ask,
    block,
    ladder,
    retry,
    unparsable,
)
from palaestra.generators.logic import (
    VARIABLE_NAMES,
    connective_count,
    prime_cover,
    random_formula,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.verifiers.logic import (
    first_row,
    format_assignment_text,
    is_normal_form,
    parse_assignment_text,
    parse_formula,
    render,
    row_values,
    size,
    truth_mask,
    variable_masks,
)
from palaestra.verifiers.parsing import AnswerFormatError

NOTATION = (
    "Notation: ¬ not, ∧ and, ∨ or, → implies, ↔ if and only if, ⊕ exclusive or; parentheses group."
)


class FormulaParams(Params):
    variables: int = Field(3, ge=2, le=12, description="propositional variables; more is harder")
    connectives: int = Field(
        2,
        ge=1,
        le=12,
        description="binary connectives per formula (its depth grows with them); more is harder",
    )


# Rows double with every variable, so the truth-table work grows level by level.
FORMULA_LEVELS = ladder(
    variables=[3, 4, 5, 6, 7, 8, 9, 10, 11, 12], connectives=[2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
)


def variable_names(count: int) -> list[str]:
    return list(VARIABLE_NAMES[:count])


class AssignmentCertified(CertifiedDecision):
    """A propositional decision whose certified answer is an assignment of T/F to every
    variable, judged by `assignment_problem`; the generator stores the truth-table row of one
    valid certificate in ``data["witness"]``."""

    Params = FormulaParams
    levels = FORMULA_LEVELS
    difficulty_cost = "work"  # truth-table rows times formula size
    tags = ("logic", "propositional", "decision", "certificate")

    def assignment_problem(self, data: dict[str, Any], values: dict[str, bool]) -> str | None:
        raise NotImplementedError

    def formulas(self, data: dict[str, Any]) -> list[Any]:
        raise NotImplementedError

    def certificate_problem(self, task: Task, text: str) -> str | None:
        values = parse_assignment_text(text, task.data["variables"])
        return self.assignment_problem(task.data, values)

    def certificate(self, task: Task) -> str:
        variables = task.data["variables"]
        return format_assignment_text(row_values(task.data["witness"], variables), variables)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        shapes = self.formulas(data)
        total = sum(size(f) for f in shapes)
        return {
            "work": total << len(data["variables"]),
            "size": total,
            "formulas": len(shapes),
            "variables": len(data["variables"]),
        }


def decision_data(
    variables: list[str], label: bool, certificates: int, **formulas: Any
) -> dict[str, Any]:
    """Task data of an assignment-certified decision: the formulas, the label, and the
    first truth-table row of `certificates` (the rows that certify the certified answer)
    as the reference certificate, or None when there is none."""
    witness = first_row(certificates) if certificates else None
    return {"variables": variables, **formulas, "label": label, "witness": witness}


def assignment_format(word: str, variables: list[str]) -> str:
    example = ", ".join(f"{v}={'T' if i % 2 == 0 else 'F'}" for i, v in enumerate(variables))
    return (
        f"{word} must be followed by a colon and a value T or F for every variable, e.g. "
        f"`{word}: {example}`."
    )


def show(formula: Any) -> str:
    return render(formula)


class NormalFormConversion(Env):
    """Rewrite a formula in a normal form (`outer` "and": CNF, "or": DNF); any equivalent
    formula of that shape scores, checked by truth tables, never by string match."""

    Params = FormulaParams
    levels = ladder(
        variables=[3, 3, 4, 4, 4, 5, 5, 6, 6, 7], connectives=[2, 3, 3, 4, 5, 5, 6, 6, 7, 8]
    )
    difficulty_cost = "work"  # truth-table rows times connectives
    outer: ClassVar[str] = "and"
    form: ClassVar[str] = "CNF"
    shape: ClassVar[str] = ""  # the prompt's definition of the normal form

    def sample(
        self, rng: np.random.Generator, params: FormulaParams
    ) -> tuple[dict[str, Any], None]:
        names = variable_names(params.variables)
        _, full = variable_masks(names)

        def draw() -> Any:
            formula = random_formula(rng, names, params.connectives)
            mask = truth_mask(formula, names)
            constant = mask in (0, full)
            return None if constant or is_normal_form(formula, self.outer) else formula

        return {"variables": names, "formula": retry(draw)}, None

    def render(self, data: dict[str, Any], params: FormulaParams) -> str:
        inner = "∨" if self.outer == "and" else "∧"
        example = "(p ∨ ¬q) ∧ (¬p ∨ r)" if self.outer == "and" else "(p ∧ ¬q) ∨ (¬p ∧ r)"
        body = (
            f"Write a formula in {self.form} that is logically equivalent to\n\n"
            f"{show(data['formula'])}\n\n{self.shape} Use only the variables "
            f"{', '.join(data['variables'])}.\n\n{NOTATION}"
        )
        return ask(
            body,
            f"Write the {self.form} with ¬, ∧, ∨ and parentheses (ASCII ~, &, | also work), "
            f"groups joined by {'∧' if self.outer == 'and' else '∨'} and literals inside a group "
            f"by {inner}, e.g. {example}. Any equivalent {self.form} is accepted.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        rows = 1 << len(data["variables"])
        connectives = connective_count(data["formula"])
        return {
            "work": rows * connectives,
            "connectives": connectives,
            "rows": rows,
            "size": size(data["formula"]),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        names = task.data["variables"]
        try:
            formula = parse_formula(answer, names)
        except AnswerFormatError as exc:
            return unparsable(exc)
        if not is_normal_form(formula, self.outer):
            return Verdict.fail("invalid", f"That formula is not in {self.form}. {self.shape}")
        differ = truth_mask(formula, names) ^ truth_mask(task.data["formula"], names)
        if differ:
            values = row_values(first_row(differ), names)
            shown = format_assignment_text(values, names)
            return Verdict.fail("wrong", f"Not equivalent: the formulas differ at {shown}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        names = task.data["variables"]
        mask = truth_mask(task.data["formula"], names)
        if self.outer == "and":
            _, full = variable_masks(names)
            cubes = prime_cover(full ^ mask, len(names))
            groups = [
                [names[i] if not v else ["not", names[i]] for i, v in c.items()] for c in cubes
            ]
        else:
            cubes = prime_cover(mask, len(names))
            groups = [[names[i] if v else ["not", names[i]] for i, v in c.items()] for c in cubes]
        inner = "or" if self.outer == "and" else "and"
        shaped = [g[0] if len(g) == 1 else [inner, *g] for g in groups]
        return render(shaped[0] if len(shaped) == 1 else [self.outer, *shaped])

    def wrong_answers(self, task: Task) -> list[str]:
        names = task.data["variables"]
        return [block(render(task.data["formula"])), block(" ∧ ".join(names)), block("p ∨")]
