"""Indefinite integrals, checked by differentiating the answer (any constant is fine)."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer
from palaestra.generators.math_symbolic import integrand_pair, latex, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class AntiderivativesParams(Params):
    terms: int = Field(1, ge=1, le=5, description="integrands added up; more is harder")
    families: str = Field(
        "pe",
        pattern=r"^p?e?t?s?b?f?a?$",
        description="integrand families, in order: p powers, e exp, t sin/cos, s substitution, "
        "b by parts, f partial fractions, a arctan; more letters are harder",
    )
    max_coefficient: int = Field(
        5, ge=1, le=50, description="largest |coefficient|; larger is harder"
    )


@register("math/antiderivatives-v1")
class Antiderivatives(MathEnv):
    """Find an antiderivative (indefinite integral); any constant of integration is right.

    Task: "find \\int \\left(3x^2 + x e^{2x} + \\frac{4}{x^2 + 9}\\right) dx". Table
    integrals, substitution, integration by parts, partial fractions and arctan forms of
    second-semester calculus (DeepMind's mathematics dataset has differentiation only).
    The integrand is a sum of members of the allowed families; the reference
    antiderivative comes from the table of integrals (tests check F' = f with sympy).

    Answer format: one antiderivative, with or without ``+ C``, e.g.
    ``<answer>x^3 + \\frac{(2x - 1)e^{2x}}{4} + \\frac{4}{3}\\arctan\\frac{x}{3} + C</answer>``.

    Knobs: `terms` (more is harder), `families` (more letters are harder) and
    `max_coefficient` (larger is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``antiderivative``: the
    derivative of (answer - reference) must vanish, so the answer is differentiated and any
    constant (or ``\\ln|x|`` for ``\\ln x``) is accepted; an unevaluated integral (the
    question restated) is wrong.

    Versions: v1, first release.
    """

    Params = AntiderivativesParams
    levels = ladder(
        terms=[2, 2, 2, 2, 3, 3, 3, 4, 4, 5],
        families=[
            "pe",
            "pet",
            "pets",
            "pets",
            "petsb",
            "petsb",
            "petsbf",
            "petsbfa",
            "petsbfa",
            "petsbfa",
        ],
        max_coefficient=[9, 9, 9, 12, 9, 12, 9, 9, 12, 15],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "antiderivative"}
    tags = ("math", "calculus", "integrals")

    def sample(
        self, rng: np.random.Generator, params: AntiderivativesParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x = symbol()
        bound = params.max_coefficient
        families = params.families or "p"
        pairs = [
            integrand_pair(rng, x, families[integer(rng, 0, len(families) - 1)], bound)
            for _ in range(params.terms)
        ]
        integrand = sp.Add(*(f for f, _ in pairs))
        data = {"integrand": latex(integrand), "pieces": len(pairs)}
        return data, latex(sp.Add(*(big_f for _, big_f in pairs)))

    def render(self, data: dict[str, Any], params: AntiderivativesParams) -> str:
        return ask(
            "Find an antiderivative (\\ln is the natural logarithm):\n\n"
            f"$$\\int \\left({data['integrand']}\\right) dx$$",
            "Give one antiderivative F(x); the constant of integration may be left out or "
            "written as + C.",
        )

    def cost(self, data: dict[str, Any], params: AntiderivativesParams) -> dict[str, Any]:
        return {"work": 2 * params.terms + len(params.families), "pieces": data["pieces"]}

    def wrong_answers(self, task: Task) -> list[str]:
        integrand = task.data["integrand"]
        return [
            block(integrand),
            block(f"\\int \\left({integrand}\\right) dx"),
            block(f"x \\cdot \\left({task.answer}\\right)"),
        ]
