"""Factor a polynomial completely over the rationals."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, nonzero
from palaestra.generators.math_symbolic import latex, rational, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class FactoringParams(Params):
    linear_factors: int = Field(2, ge=1, le=6, description="linear factors; more is harder")
    max_root: int = Field(
        6, ge=1, le=30, description="largest |numerator| of a root; larger is harder"
    )
    max_denominator: int = Field(
        1, ge=1, le=6, description="largest leading coefficient of a factor; larger is harder"
    )
    special: bool = Field(
        False,
        description="also a common factor, an irreducible quadratic, a repeated factor or a "
        "sum/difference of cubes; harder",
    )


@register("math/factoring-v1")
class Factoring(MathEnv):
    """Factor a polynomial with integer coefficients completely over Q.

    Task: "factor 2x^3 - 4x^2 - 22x + 24" (2(x - 1)(x + 3)(x - 4)). Common factors,
    grouping, trinomials, differences of squares and sums of cubes (DeepMind's mathematics
    dataset, polynomials__factor... in spirit; algebra courses). Factors are drawn first:
    linear factors with rational roots, and with `special` a constant factor, a repeated
    factor and an irreducible quadratic such as x^2 + 2x + 4 (a sum of cubes).

    Answer format: a product of factors in any order, e.g.
    ``<answer>2(x - 1)(x + 3)(x - 4)</answer>``; powers for repeated factors are read too.

    Knobs: `linear_factors` (more is harder), `max_root` (larger is harder),
    `max_denominator`, the largest leading coefficient of a linear factor (larger is harder)
    and `special` (harder).

    Verification: `palaestra.verifiers.math.compare` with ``form="factored"``: equal to the
    polynomial and every non-constant factor irreducible over Q, so the expanded polynomial
    or a partly factored one ((x^2 - 1)(x + 3)) is wrong. The reference is `sympy.factor`.

    Versions: v1, first release.
    """

    Params = FactoringParams
    levels = ladder(
        linear_factors=[3, 3, 3, 3, 3, 3, 4, 4, 4, 5],
        max_root=[15, 15, 15, 15, 15, 15, 15, 15, 20, 20],
        max_denominator=[1, 1, 2, 1, 2, 3, 3, 3, 4, 4],
        special=[False, False, False, True, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "expression", "form": "factored"}
    tags = ("math", "algebra", "polynomials")

    def sample(
        self, rng: np.random.Generator, params: FactoringParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x = symbol()
        factors = []
        for _ in range(params.linear_factors):
            root = Fraction(nonzero(rng, params.max_root), integer(rng, 1, params.max_denominator))
            factors.append(root.denominator * x - root.numerator)
        if params.special:
            extra = integer(rng, 0, 2)
            if extra == 0:
                factors.append(rational(integer(rng, 2, 6)))
            elif extra == 1:
                factors.append(factors[0])  # a repeated factor
            else:
                c = nonzero(rng, 4)
                factors.append(x**2 + c * x + c * c)  # from x^3 - c^3: irreducible
        polynomial = sp.expand(sp.Mul(*factors))
        factored = sp.factor(polynomial)
        data = {"polynomial": latex(polynomial), "degree": int(sp.degree(polynomial, x))}
        return data, latex(factored)

    def render(self, data: dict[str, Any], params: FactoringParams) -> str:
        return ask(
            f"Factor completely over the rational numbers:\n\n$${data['polynomial']}$$",
            "Give a product of irreducible factors (a constant factor first if there is one), "
            "for example 2(x - 1)(x + 3)(2x - 5).",
        )

    def cost(self, data: dict[str, Any], params: FactoringParams) -> dict[str, Any]:
        work = 2 * params.linear_factors + params.max_denominator + 2 * params.special
        return {"work": work + len(str(params.max_root)), "degree": data["degree"]}

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["polynomial"])]
