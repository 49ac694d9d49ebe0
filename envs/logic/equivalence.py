"""Are two propositional formulas equivalent? A "no" answer needs a distinguishing row."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ask, coin, ladder, retry
from palaestra.envs.logic._propositional import (
    NOTATION,
    AssignmentCertified,
    FormulaParams,
    assignment_format,
    decision_data,
    show,
    variable_names,
)
from palaestra.generators.logic import mutate, random_formula, rewrite
from palaestra.registry import register
from palaestra.verifiers.logic import evaluate, truth_mask


class EquivalenceParams(FormulaParams):
    rewrites: int = Field(
        3,
        ge=1,
        le=12,
        description="laws of logic applied to disguise the second formula; more is harder",
    )


@register("logic/equivalence-v1")
class Equivalence(AssignmentCertified):
    """Decide whether two formulas are logically equivalent; show a row where they differ.

    Task: F and G over the same variables. G is F rewritten by `rewrites` laws of logic (De
    Morgan, contraposition, distribution, implication and biconditional elimination,
    commutation); for half the tasks one plausible slip (a converse, a dropped negation, a
    swapped connective) is made first, so that G looks just as related but differs.

    Answer format: ``EQUIVALENT``, or ``DIFFERENT: p=T, q=F, ...`` with an assignment under
    which one formula is true and the other false.

    Knobs: `variables`, `connectives` of F and `rewrites`; more of each is harder. The cost
    is truth-table rows times the total size of F and G in nodes.

    Verification: truth tables decide equivalence exactly; DIFFERENT scores only with an
    assignment that separates the formulas, so only EQUIVALENT can be guessed. Labels are
    drawn first with equal odds.

    Versions: v1, first release.
    """

    Params = EquivalenceParams
    levels = ladder(
        variables=[3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        connectives=[2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
        rewrites=[2, 2, 3, 3, 4, 4, 5, 6, 7, 8],
    )
    words = ("EQUIVALENT", "DIFFERENT")
    certified = "DIFFERENT"

    def sample(
        self, rng: np.random.Generator, params: EquivalenceParams
    ) -> tuple[dict[str, Any], Any]:
        same = coin(rng)
        names = variable_names(params.variables)

        def draw() -> Any:
            first = random_formula(rng, names, params.connectives)
            base = first if same else mutate(first, rng, names)
            second = rewrite(base, rng, params.rewrites)
            differ = truth_mask(first, names) ^ truth_mask(second, names)
            if (differ == 0) != same or second == first:
                return None
            return first, second, differ

        first, second, differ = retry(draw)
        data = decision_data(names, same, differ, first=first, second=second)
        return data, "EQUIVALENT" if same else None

    def formulas(self, data: dict[str, Any]) -> list[Any]:
        return [data["first"], data["second"]]

    def render(self, data: dict[str, Any], params: EquivalenceParams) -> str:
        body = (
            f"F: {show(data['first'])}\nG: {show(data['second'])}\n\n"
            "Are F and G logically equivalent, that is, do they have the same truth value under "
            f"every assignment to {', '.join(data['variables'])}?\n\n{NOTATION}"
        )
        return ask(
            body,
            "Answer EQUIVALENT if they are. If they are not, answer DIFFERENT followed by an "
            "assignment under which one is true and the other false: "
            + assignment_format("DIFFERENT", data["variables"]),
        )

    def assignment_problem(self, data: dict[str, Any], values: dict[str, bool]) -> str | None:
        if evaluate(data["first"], values) == evaluate(data["second"], values):
            return "F and G have the same truth value under that assignment."
        return None
