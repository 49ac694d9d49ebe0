"""Is a propositional formula satisfiable? A "satisfiable" answer needs a model."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.envs.logic._common import ask, coin
from palaestra.envs.logic._propositional import (
    NOTATION,
    AssignmentCertified,
    FormulaParams,
    assignment_format,
    decision_data,
    show,
    variable_names,
)
from palaestra.generators.logic import rewrite, threshold_conjunction
from palaestra.registry import register
from palaestra.verifiers.logic import evaluate, truth_mask


@register("logic/satisfiability-v1")
class Satisfiability(AssignmentCertified):
    """Decide whether a propositional formula (not in CNF) has a model; show one if so.

    Task: a conjunction of random sub-formulas, drawn until together they have no model and
    then shown either in full (unsatisfiable) or one conjunct short (satisfiable), so the
    length says nothing about the answer; a few laws of logic then disguise the
    conjunction. The formula-level cousin of sat/sat-decision-v1, whose formulas are CNF
    (cf. the threshold construction of Mitchell, Selman and Levesque 1992).

    Answer format: ``SATISFIABLE: p=T, q=F`` with an assignment that makes the formula
    true, or ``UNSATISFIABLE``.

    Knobs: `variables` (more is harder) and `connectives` per conjunct (more is harder). The
    cost is truth-table rows times the formula's size in nodes.

    Verification: a SATISFIABLE answer scores only with a full assignment under which the
    formula is true; UNSATISFIABLE is compared with the truth table (exact). Labels are
    drawn first with equal odds, so only the UNSATISFIABLE side can be guessed.

    Versions: v1, first release.
    """

    words = ("UNSATISFIABLE", "SATISFIABLE")
    certified = "SATISFIABLE"

    def sample(self, rng: np.random.Generator, params: FormulaParams) -> tuple[dict[str, Any], Any]:
        satisfiable = coin(rng)
        names = variable_names(params.variables)
        conjuncts = threshold_conjunction(rng, names, params.connectives, satisfiable)
        formula = conjuncts[0] if len(conjuncts) == 1 else ["and", *conjuncts]
        formula = rewrite(formula, rng, 2)
        data = decision_data(names, not satisfiable, truth_mask(formula, names), formula=formula)
        return data, None if satisfiable else "UNSATISFIABLE"

    def formulas(self, data: dict[str, Any]) -> list[Any]:
        return [data["formula"]]

    def render(self, data: dict[str, Any], params: FormulaParams) -> str:
        body = (
            f"Is there an assignment of truth values to {', '.join(data['variables'])} that "
            f"makes the following formula true?\n\n{show(data['formula'])}\n\n{NOTATION}"
        )
        return ask(
            body,
            "If there is, answer SATISFIABLE followed by such an assignment: "
            + assignment_format("SATISFIABLE", data["variables"])
            + " If there is none, answer UNSATISFIABLE.",
        )

    def assignment_problem(self, data: dict[str, Any], values: dict[str, bool]) -> str | None:
        if not evaluate(data["formula"], values):
            return "The formula is false under that assignment."
        return None
