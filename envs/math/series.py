"""Sums of finite and infinite series: polynomial sums, geometric, telescoping,
arithmetico-geometric."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import RATIONAL_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_numbers import integer, nonzero
from palaestra.generators.math_symbolic import latex, symbol, sympy
from palaestra.params import Params
from palaestra.registry import register

FORMS = ("polynomial", "geometric", "telescoping", "arithmetico_geometric")


class SeriesParams(Params):
    forms: int = Field(
        2,
        ge=1,
        le=4,
        description="forms drawn from, in order: finite polynomial sums, infinite geometric, "
        "telescoping, infinite sum of k r^k; more is harder",
    )
    max_terms: int = Field(
        20, ge=5, le=10**6, description="largest upper limit of a finite sum; larger is harder"
    )
    max_coefficient: int = Field(
        5, ge=1, le=50, description="largest |coefficient|; larger is harder"
    )


@register("math/series-v1")
class Series(MathEnv):
    """Sum a finite or infinite series exactly.

    Task, one form per task: "\\sum_{k=1}^{40} (3k^2 - k + 2)", "\\sum_{k=2}^{\\infty} 5
    \\left(-\\frac{2}{3}\\right)^{k}", "\\sum_{k=1}^{30} \\frac{1}{(k + 2)(k + 3)}",
    "\\sum_{k=1}^{\\infty} k \\left(\\frac{1}{3}\\right)^{k}". Faulhaber's formulas,
    geometric series, telescoping by partial fractions and the derivative of the geometric
    series (calculus and competition mathematics).

    Answer format: the exact value, e.g. ``<answer>65720</answer>`` or
    ``<answer>8/5</answer>``.

    Knobs: `forms` drawn from (more is harder), `max_terms`, the largest upper limit of a
    finite sum (larger is harder), and `max_coefficient` (larger is harder).

    Verification: exact rational comparison (kind ``rational``: the sum restated is not an
    answer). The reference is `sympy.summation`.

    Versions: v1, first release.
    """

    Params = SeriesParams
    levels = ladder(
        forms=[1, 2, 2, 3, 3, 3, 4, 4, 4, 4],
        max_terms=[20, 30, 50, 100, 200, 500, 1_000, 10**4, 10**5, 10**6],
        max_coefficient=[5, 5, 6, 6, 7, 8, 9, 10, 12, 15],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "calculus", "series")

    def sample(self, rng: np.random.Generator, params: SeriesParams) -> tuple[dict[str, Any], str]:
        sp = sympy()
        k = symbol("k")
        bound = params.max_coefficient
        form = FORMS[integer(rng, 0, params.forms - 1)]
        start = integer(rng, 0, 2)
        end: Any = sp.oo
        if form == "polynomial":
            term = sp.Add(
                *[integer(rng, -bound, bound) * k**p for p in range(integer(rng, 1, 3))]
            ) + nonzero(rng, bound) * k ** integer(rng, 1, 3)
            start, end = integer(rng, 1, 3), integer(rng, 5, params.max_terms)
        elif form == "geometric":
            q = integer(rng, 2, 2 + bound)
            ratio = sp.Rational(nonzero(rng, q - 1), q)
            term = nonzero(rng, bound) * ratio**k
        elif form == "telescoping":
            a, d = integer(rng, 0, bound), integer(rng, 1, 3)
            term = sp.Integer(nonzero(rng, bound)) / ((k + a) * (k + a + d))
            start = 1
            end = sp.oo if rng.random() < 0.3 else integer(rng, 5, params.max_terms)
        else:
            q = integer(rng, 2, 2 + bound)
            term = k * sp.Rational(nonzero(rng, q - 1), q) ** k
            start = 1
        value = sp.summation(term, (k, start, end))
        data = {"sum": f"\\sum_{{k={start}}}^{{{latex(end)}}} {latex(term)}", "form": form}
        return data, latex(value)

    def render(self, data: dict[str, Any], params: SeriesParams) -> str:
        return ask(f"Find the exact value of\n\n$${data['sum']}$$", RATIONAL_FORMAT)

    def cost(self, data: dict[str, Any], params: SeriesParams) -> dict[str, Any]:
        work = 3 * params.forms + len(str(params.max_terms)) + len(str(params.max_coefficient))
        return {"work": work, "form": FORMS.index(data["form"])}
