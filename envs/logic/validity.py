"""Is a propositional formula valid (a tautology)? A "not valid" answer needs a counter-model."""

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
from palaestra.generators.logic import entailment_instance, rewrite
from palaestra.registry import register
from palaestra.verifiers.logic import evaluate, truth_mask, variable_masks


@register("logic/validity-v1")
class Validity(AssignmentCertified):
    """Decide whether a propositional formula is valid; refute it with a counter-model.

    Task: one formula over a few variables; is it true under every assignment? The formula
    is an implication from random premises to a conclusion that does or does not follow
    from them, disguised by a few laws of logic (De Morgan, contraposition, distribution),
    the classic exercise of every logic textbook (tautology checking, as in Mendelson's
    *Introduction to Mathematical Logic*).

    Answer format: ``VALID``, or ``INVALID: p=T, q=F, r=T`` with an assignment that makes the
    formula false.

    Knobs: `variables` (more is harder) and `connectives` per random sub-formula (more is
    harder). The cost is truth-table rows times the formula's size in nodes.

    Verification: the truth table decides validity exactly (bit-parallel over all rows); an
    INVALID answer scores only with a full assignment that makes the formula false, so only
    the VALID side can be guessed. Labels are drawn first with equal odds.

    Versions: v1, first release.
    """

    words = ("VALID", "INVALID")
    certified = "INVALID"

    def sample(self, rng: np.random.Generator, params: FormulaParams) -> tuple[dict[str, Any], str]:
        valid = coin(rng)
        names = variable_names(params.variables)

        premises, _, conclusion = entailment_instance(rng, names, params.connectives, valid)
        antecedent = premises[0] if len(premises) == 1 else ["and", *premises]
        formula = rewrite(["imp", antecedent, conclusion], rng, 2)
        _, full = variable_masks(names)
        data = decision_data(names, valid, full ^ truth_mask(formula, names), formula=formula)
        return data, "VALID" if valid else None

    def formulas(self, data: dict[str, Any]) -> list[Any]:
        return [data["formula"]]

    def render(self, data: dict[str, Any], params: FormulaParams) -> str:
        body = (
            f"Is the following propositional formula valid, that is, true under every "
            f"assignment of truth values to {', '.join(data['variables'])}?\n\n"
            f"{show(data['formula'])}\n\n{NOTATION}"
        )
        return ask(
            body,
            "Answer VALID if it is. If it is not, answer INVALID followed by a counter-model: "
            + assignment_format("INVALID", data["variables"]),
        )

    def assignment_problem(self, data: dict[str, Any], values: dict[str, bool]) -> str | None:
        if evaluate(data["formula"], values):
            return "The formula is true under that assignment, so it is no counter-model."
        return None
