"""Continued fractions: expand a rational, or evaluate a finite continued fraction."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import RATIONAL_FORMAT, MathEnv, ask, block, ladder, size
from palaestra.generators.math_numbers import integer, plain_number
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class ContinuedFractionParams(Params):
    terms: int = Field(3, ge=2, le=30, description="partial quotients; more is harder")
    max_quotient: int = Field(
        5, ge=2, le=1_000, description="largest partial quotient; larger is harder"
    )


def expand(value: Fraction) -> list[int]:
    """The canonical expansion [a0; a1, ..., an] (last term > 1 unless it is the only one)."""
    terms = []
    while True:
        whole = value.numerator // value.denominator
        terms.append(whole)
        rest = value - whole
        if rest == 0:
            return terms
        value = 1 / rest


def collapse(terms: list[int]) -> Fraction:
    value = Fraction(terms[-1])
    for term in reversed(terms[:-1]):
        value = term + 1 / value
    return value


def latex_continued(terms: list[int]) -> str:
    text = str(terms[-1])
    for term in reversed(terms[:-1]):
        text = f"{term} + \\cfrac{{1}}{{{text}}}"
    return text


@register("math/continued-fraction-v1")
class ContinuedFraction(MathEnv):
    """Expand a fraction as a simple continued fraction, or evaluate one.

    Task: either "write 415/93 as [a0; a1, ..., an]" ([4; 2, 6, 7]) or "evaluate
    3 + 1/(7 + 1/(15 + 1/1))" as a fraction; the direction is drawn per task. Simple
    continued fractions (Euler, De fractionibus continuis, 1737) and the Euclidean algorithm
    behind them.

    Answer format: for an expansion, the partial quotients in order, e.g.
    ``<answer>[4; 2, 6, 7]</answer>`` (commas instead of the semicolon are read too), in the
    canonical form whose last quotient is at least 2; for an evaluation, a reduced fraction
    such as ``<answer>415/93</answer>``.

    Knobs: `terms` (more is harder) and `max_quotient` (larger is harder).

    Verification: `palaestra.verifiers.math.compare`, kind ``tuple`` for expansions (order
    matters) and ``rational`` for evaluations. The quotients are drawn first; the reference
    is the Euclidean expansion, which tests check collapses back to the fraction.

    Versions: v1, first release.
    """

    Params = ContinuedFractionParams
    levels = ladder(
        terms=[3, 4, 5, 6, 7, 8, 10, 12, 15, 20],
        max_quotient=[12, 12, 12, 15, 15, 20, 20, 30, 40, 50],
    )
    difficulty_cost = "terms_and_digits"
    tags = ("math", "number-theory")

    def options(self, task: Task) -> dict[str, Any]:
        return {"kind": "tuple" if task.data["direction"] == "expand" else "rational"}

    def sample(
        self, rng: np.random.Generator, params: ContinuedFractionParams
    ) -> tuple[dict[str, Any], str]:
        terms = [integer(rng, 0, params.max_quotient)]
        terms += [integer(rng, 1, params.max_quotient) for _ in range(params.terms - 1)]
        if terms[-1] == 1:
            terms[-1] = 2  # the canonical form never ends in 1
        value = collapse(terms)
        if expand(value) != terms:
            raise AssertionError("the expansion does not give back the drawn quotients")
        direction = "expand" if rng.random() < 0.5 else "evaluate"
        data = {"direction": direction, "terms": terms, "value": plain_number(value)}
        if direction == "expand":
            return data, f"({', '.join(map(str, terms))})"
        return data, plain_number(value)

    def render(self, data: dict[str, Any], params: ContinuedFractionParams) -> str:
        if data["direction"] == "expand":
            return ask(
                f"Write {data['value']} as a simple continued fraction [a0; a1, ..., an], "
                "with a0 an integer, the other a_i positive integers and the last a_n at "
                "least 2.",
                "Give the partial quotients in order, for example [4; 2, 6, 7].",
            )
        return ask(
            f"Evaluate the continued fraction $${latex_continued(data['terms'])}$$",
            RATIONAL_FORMAT,
        )

    def cost(self, data: dict[str, Any], params: ContinuedFractionParams) -> dict[str, Any]:
        value = Fraction(data["value"])
        return {
            "terms_and_digits": len(data["terms"]) + size(value),
            "terms": len(data["terms"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        terms = task.data["terms"]
        if task.data["direction"] == "expand":
            longer = [*terms[:-1], terms[-1] - 1, 1]  # equal in value, not canonical
            return [
                block(f"[{terms[0]}; {', '.join(map(str, longer[1:]))}]"),
                block(task.data["value"]),
            ]
        return [block(plain_number(collapse(terms) + 1))]
