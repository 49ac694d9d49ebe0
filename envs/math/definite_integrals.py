"""Definite integrals with exact values."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import distinct, integer
from palaestra.generators.math_symbolic import integrand_pair, latex, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

FAMILIES = "ntela"  # integrand_pair families: powers, trig, exp, 1/(x+k), arctan


class DefiniteIntegralsParams(Params):
    terms: int = Field(1, ge=1, le=5, description="integrands added up; more is harder")
    families: int = Field(
        1,
        ge=1,
        le=5,
        description="integrand families drawn from, in order: polynomials, sin/cos over "
        "multiples of pi, exponentials, 1/(x + c) (logarithms), 1/(x^2 + c^2) (arctan); more "
        "is harder",
    )
    max_coefficient: int = Field(
        5, ge=1, le=50, description="largest |coefficient|; larger is harder"
    )


@register("math/definite-integrals-v1")
class DefiniteIntegrals(MathEnv):
    """Evaluate a definite integral exactly.

    Task: "evaluate \\int_{0}^{\\pi} \\left(3x^2 + 2\\sin 2x\\right) dx" (\\pi^3). The
    fundamental theorem of calculus on table integrands: polynomials, sin/cos, exponentials,
    1/(x + c) and 1/(x^2 + c^2). Bounds are integers, or multiples of pi/2 when a
    trigonometric term is present.

    Answer format: the exact value, e.g. ``<answer>\\pi^3</answer>`` or
    ``<answer>2\\ln 3 + \\frac{e^{2} - 1}{2}</answer>``.

    Knobs: `terms` (more is harder), `families` drawn from (more is harder) and
    `max_coefficient` (larger is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``number`` (exact: a decimal
    approximation is wrong); an unevaluated integral is wrong. The reference is
    `sympy.integrate` over the bounds.

    Versions: v1, first release.
    """

    Params = DefiniteIntegralsParams
    levels = ladder(
        terms=[2, 2, 2, 2, 3, 3, 3, 4, 4, 5],
        families=[1, 2, 2, 3, 3, 4, 4, 5, 5, 5],
        max_coefficient=[9, 9, 9, 9, 9, 9, 12, 9, 12, 15],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "number"}
    tags = ("math", "calculus", "integrals")

    def sample(
        self, rng: np.random.Generator, params: DefiniteIntegralsParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x = symbol()
        allowed = FAMILIES[: params.families]
        families = [allowed[integer(rng, 0, len(allowed) - 1)] for _ in range(params.terms)]
        pairs = [integrand_pair(rng, x, family, params.max_coefficient) for family in families]
        if "t" in families:  # trigonometric terms get multiples of pi/2 as bounds
            low, high = sorted(distinct(rng, 0, 4, 2))
            low, high = low * sp.pi / 2, high * sp.pi / 2
        else:
            low, high = sorted(distinct(rng, 0, 4, 2))
        integrand = sp.Add(*(f for f, _ in pairs))
        value = sp.Add(*(big_f.subs(x, high) - big_f.subs(x, low) for _, big_f in pairs))
        bounds = f"_{{{latex(low)}}}^{{{latex(high)}}}"
        integral = f"\\int{bounds} \\left({latex(integrand)}\\right) dx"
        data = {"integral": integral, "terms": len(pairs)}
        return data, latex(value)

    def render(self, data: dict[str, Any], params: DefiniteIntegralsParams) -> str:
        return ask(
            f"Evaluate exactly (\\ln is the natural logarithm):\n\n$${data['integral']}$$",
            "Give the exact value (fractions, \\pi, e, \\ln and radicals allowed), not a "
            "decimal approximation.",
        )

    def cost(self, data: dict[str, Any], params: DefiniteIntegralsParams) -> dict[str, Any]:
        return {"work": 2 * params.terms + params.families, "terms": data["terms"]}

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(f"{task.answer} + 1"), block(task.data["integral"])]
