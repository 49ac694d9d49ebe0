"""Simplify a rational expression, or combine a sum of fractions, to lowest terms."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import nonzero
from palaestra.generators.math_symbolic import latex, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class RationalExpressionsParams(Params):
    common_factors: int = Field(1, ge=1, le=4, description="factors that cancel; more is harder")
    other_factors: int = Field(
        1, ge=1, le=4, description="factors left in the result; more is harder"
    )
    max_root: int = Field(
        5, ge=1, le=20, description="largest |root| of a factor; larger is harder"
    )
    sums: bool = Field(
        False, description="some tasks add or subtract fractions before simplifying; harder"
    )


def linear(rng: np.random.Generator, x: Any, bound: int) -> Any:
    return x - nonzero(rng, bound)


@register("math/rational-expressions-v1")
class RationalExpressions(MathEnv):
    """Simplify a rational expression to lowest terms.

    Task: "simplify \\frac{x^2 - x - 6}{x^2 - 9}" ((x + 2)/(x + 3)), or with `sums`
    "write \\frac{2}{x - 1} - \\frac{1}{x + 1} as a single fraction in lowest terms".
    Factoring numerator and denominator and cancelling common factors, and combining
    fractions over a common denominator: the rational expressions unit of algebra courses.
    The factors are drawn first; numerator and denominator are shown expanded.

    Answer format: one fraction in lowest terms, e.g. ``<answer>\\frac{x + 2}{x + 3}
    </answer>`` or ``<answer>(x + 3)/((x - 1)(x + 1))</answer>``; numerator and
    denominator may be factored or expanded.

    Knobs: `common_factors` that cancel (more is harder), `other_factors` that stay (more
    is harder), `max_root` (larger is harder) and `sums` (harder).

    Verification: `palaestra.verifiers.math.compare` with ``form="reduced"``: equal as a
    rational function and a single fraction whose numerator and denominator share no factor,
    so the unsimplified fraction or the sum restated is wrong. The reference is
    `sympy.cancel`.

    Versions: v1, first release.
    """

    Params = RationalExpressionsParams
    levels = ladder(
        common_factors=[1, 1, 1, 2, 2, 2, 2, 3, 3, 4],
        other_factors=[1, 1, 2, 2, 2, 2, 3, 3, 3, 3],
        max_root=[5, 7, 6, 6, 7, 8, 8, 9, 10, 12],
        sums=[False, False, False, False, False, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "expression", "form": "reduced"}
    tags = ("math", "algebra", "rational-functions")

    def sample(
        self, rng: np.random.Generator, params: RationalExpressionsParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x = symbol()
        bound = params.max_root
        if params.sums and rng.random() < 0.5:
            a, b = linear(rng, x, bound), linear(rng, x, bound)
            while b == a:
                b = linear(rng, x, bound)
            p, q = nonzero(rng, 5), nonzero(rng, 5)
            sign = "+" if q > 0 else "-"
            question = f"\\frac{{{p}}}{{{latex(a)}}} {sign} \\frac{{{abs(q)}}}{{{latex(b)}}}"
            result = sp.factor(sp.cancel(sp.Rational(p) / a + sp.Rational(q) / b))
            degree = 2
        else:
            common = [linear(rng, x, bound) for _ in range(params.common_factors)]
            top = [linear(rng, x, bound) for _ in range(params.other_factors)]
            bottom = [linear(rng, x, bound) for _ in range(params.other_factors)]
            scale = nonzero(rng, 3)
            numerator = sp.expand(scale * sp.Mul(*common, *top))
            denominator = sp.expand(sp.Mul(*common, *bottom))
            question = f"\\frac{{{latex(numerator)}}}{{{latex(denominator)}}}"
            result = sp.factor(sp.cancel(numerator / denominator))
            degree = int(sp.degree(denominator, x))
        data = {"expression": question, "degree": degree}
        return data, latex(result)

    def render(self, data: dict[str, Any], params: RationalExpressionsParams) -> str:
        return ask(
            "Simplify to a single fraction in lowest terms (cancel every common factor; assume "
            f"x avoids the values that make a denominator zero):\n\n$${data['expression']}$$",
            "Give one fraction, numerator over denominator, for example \\frac{x + 2}{x + 3}.",
        )

    def cost(self, data: dict[str, Any], params: RationalExpressionsParams) -> dict[str, Any]:
        work = params.common_factors + 2 * params.other_factors + params.sums
        return {"work": work, "degree": data["degree"]}

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["expression"])]
