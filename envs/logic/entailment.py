"""Do premises entail a conclusion? A "no" answer needs a counter-model."""

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
from palaestra.generators.logic import entailment_instance
from palaestra.registry import register
from palaestra.verifiers.logic import evaluate, truth_mask


@register("logic/entailment-v1")
class Entailment(AssignmentCertified):
    """Decide whether a list of premises entails a conclusion; refute with a counter-model.

    Task: premises P1..Pk and a conclusion C; does every assignment that makes all the
    premises true make C true (P1, ..., Pk ⊨ C)? Premises are random formulas added until
    they leave at most two models, and the conclusion is drawn to follow or not (semantic
    consequence, the central notion of propositional logic since Tarski).

    Answer format: ``YES`` (entailed), or ``NO: p=T, q=F, ...`` with an assignment that
    makes every premise true and the conclusion false.

    Knobs: `variables` (more is harder) and `connectives` per formula (more is harder); the
    number of premises follows from them. The cost is truth-table rows times the total
    size in nodes.

    Verification: the truth table decides entailment exactly; a NO answer scores
    only with a counter-model that checks out, so only the YES side can be guessed.
    Labels are drawn first with equal odds.

    Versions: v1, first release.
    """

    words = ("YES", "NO")
    certified = "NO"

    def sample(self, rng: np.random.Generator, params: FormulaParams) -> tuple[dict[str, Any], Any]:
        entailed = coin(rng)
        names = variable_names(params.variables)

        premises, models, conclusion = entailment_instance(rng, names, params.connectives, entailed)
        counter = models & ~truth_mask(conclusion, names)
        data = decision_data(names, entailed, counter, premises=premises, conclusion=conclusion)
        return data, "YES" if entailed else None

    def formulas(self, data: dict[str, Any]) -> list[Any]:
        return [*data["premises"], data["conclusion"]]

    def render(self, data: dict[str, Any], params: FormulaParams) -> str:
        listed = "\n".join(f"P{i}: {show(p)}" for i, p in enumerate(data["premises"], start=1))
        body = (
            f"Premises:\n{listed}\n\nConclusion: {show(data['conclusion'])}\n\n"
            "Do the premises entail the conclusion, that is, is the conclusion true under every "
            f"assignment to {', '.join(data['variables'])} that makes all the premises true?"
            f"\n\n{NOTATION}"
        )
        return ask(
            body,
            "Answer YES if they do. If they do not, answer NO followed by an assignment that "
            "makes every premise true and the conclusion false: "
            + assignment_format("NO", data["variables"]),
        )

    def assignment_problem(self, data: dict[str, Any], values: dict[str, bool]) -> str | None:
        for index, premise in enumerate(data["premises"], start=1):
            if not evaluate(premise, values):
                return f"Premise P{index} is false under that assignment."
        if evaluate(data["conclusion"], values):
            return "The conclusion is true under that assignment."
        return None
