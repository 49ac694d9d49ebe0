"""Expand a product of polynomials (and powers of binomials) into a sum of monomials."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, nonzero
from palaestra.generators.math_symbolic import latex, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

MAX_ANSWER_LATEX = 600  # LaTeX parsing costs about 1 ms a character


class PolynomialExpansionParams(Params):
    factors: int = Field(2, ge=1, le=6, description="factors multiplied; more is harder")
    max_coefficient: int = Field(
        5, ge=1, le=100, description="largest |coefficient|; larger is harder"
    )
    max_power: int = Field(1, ge=1, le=6, description="largest power of a factor; larger is harder")
    two_variables: bool = Field(False, description="factors in x and y; harder")


@register("math/polynomial-expansion-v1")
class PolynomialExpansion(MathEnv):
    """Multiply out a product of polynomials.

    Task: "expand (2x - 3)(x^2 + x - 4)" or "(x - 2y)^3 (x + y)". Distribution, the
    binomial theorem and collecting like terms (DeepMind's mathematics dataset,
    polynomials__expand).

    Answer format: the expanded polynomial, e.g. ``<answer>2x^3 - x^2 - 11x + 12</answer>``,
    terms in any order.

    Knobs: `factors` (more is harder), `max_coefficient` (larger is harder), `max_power` of
    a factor (larger is harder) and `two_variables` (harder).

    Verification: `palaestra.verifiers.math.compare` with ``form="expanded"``: equal to the
    product as a polynomial and written as a sum of monomials, so the product restated is
    wrong. The reference is `sympy.expand`.

    Versions: v1, first release.
    """

    Params = PolynomialExpansionParams
    levels = ladder(
        factors=[2, 2, 2, 3, 3, 3, 3, 4, 4, 4],
        max_coefficient=[9, 9, 9, 6, 6, 6, 9, 5, 7, 9],
        max_power=[1, 1, 2, 2, 2, 2, 2, 2, 2, 2],
        two_variables=[False, False, False, False, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "expression", "form": "expanded"}
    tags = ("math", "algebra", "polynomials")

    def sample(
        self, rng: np.random.Generator, params: PolynomialExpansionParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x, y = symbol("x"), symbol("y")
        for _ in range(100):  # a bounded redraw keeps the expansion short enough to check
            factors = self.factors(rng, params, x, y)
            expanded = sp.expand(sp.Mul(*[f**k for f, k in factors]))
            if len(latex(expanded)) <= MAX_ANSWER_LATEX:
                break
        product = " ".join(
            f"\\left({latex(f)}\\right)" + (f"^{{{k}}}" if k > 1 else "") for f, k in factors
        )
        data = {"product": product, "terms": len(sp.Add.make_args(expanded))}
        return data, latex(expanded)

    def factors(
        self, rng: np.random.Generator, params: PolynomialExpansionParams, x: Any, y: Any
    ) -> list[tuple[Any, int]]:
        """Random binomials and trinomials with their powers."""
        sp = sympy()
        bound = params.max_coefficient
        factors = []
        for _ in range(params.factors):
            second = y if params.two_variables and rng.random() < 0.6 else sp.Integer(1)
            degree = integer(rng, 1, 2)
            factor = nonzero(rng, bound) * x**degree + nonzero(rng, bound) * second
            if degree == 1 and rng.random() < 0.3:
                factor += (
                    nonzero(rng, bound) * x * second if second != 1 else nonzero(rng, bound) * x**2
                )
            factors.append((factor, integer(rng, 1, params.max_power)))
        return factors

    def render(self, data: dict[str, Any], params: PolynomialExpansionParams) -> str:
        return ask(
            f"Expand and collect like terms:\n\n$${data['product']}$$",
            "Give the expanded polynomial as a sum of monomials, for example "
            "2x^3 - x^2 - 11x + 12.",
        )

    def cost(self, data: dict[str, Any], params: PolynomialExpansionParams) -> dict[str, Any]:
        degree = params.factors * 2 * params.max_power * (1 + params.two_variables)
        return {"work": degree + params.max_coefficient / 10, "terms": data["terms"]}

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["product"]), block(f"{task.answer} + 1")]
