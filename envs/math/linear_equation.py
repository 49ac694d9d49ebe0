"""Solve a linear equation in one unknown with nested parentheses and fractions."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import RATIONAL_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_numbers import integer, latex_number, nonzero, plain_number
from palaestra.generators.polynomials import latex_polynomial
from palaestra.params import Params
from palaestra.registry import register


class LinearEquationParams(Params):
    depth: int = Field(1, ge=0, le=6, description="nesting of parentheses; deeper is harder")
    max_coefficient: int = Field(
        9, ge=2, le=1_000, description="largest coefficient; larger is harder"
    )
    both_sides: bool = Field(False, description="the unknown appears on both sides; harder")
    fractions: bool = Field(
        False, description="divisions by constants and a fractional solution; harder"
    )


Linear = tuple[str, Fraction, Fraction]  # text, coefficient of x, constant


def linear(rng: np.random.Generator, params: LinearEquationParams, depth: int) -> Linear:
    """A random linear expression with `depth` levels of parentheses: (text, a, b) for a x + b."""
    bound = params.max_coefficient
    if depth == 0:
        a, b = Fraction(nonzero(rng, bound)), Fraction(integer(rng, -bound, bound))
        return latex_polynomial([a, b]), a, b
    text, a, b = linear(rng, params, depth - 1)
    if params.fractions and rng.random() < 0.4:
        m = integer(rng, 2, 9)
        text, a, b = f"\\frac{{{text}}}{{{m}}}", a / m, b / m
    else:
        m = nonzero(rng, bound)
        text, a, b = f"{m}\\left({text}\\right)", a * m, b * m
    k, c = integer(rng, -bound, bound), nonzero(rng, bound)
    tail = latex_polynomial([k, c])
    joined = f"{text} - {tail[1:]}" if tail.startswith("-") else f"{text} + {tail}"
    return joined, a + k, b + c


@register("math/linear-equation-v1")
class LinearEquation(MathEnv):
    """Solve a linear equation in x, with nested parentheses, fractions and x on both sides.

    Task: "solve 3\\left(2x - 5\\right) + 4 = \\frac{x + 7}{2} - 1". Solving linear
    equations by expanding, collecting like terms and dividing: the core skill of first-year
    algebra (and of DeepMind's mathematics dataset, algebra__linear_1d). The solution is
    drawn first and a constant on the right side is set so that it satisfies the equation.

    Answer format: the exact solution, e.g. ``<answer>-7/3</answer>`` or ``<answer>x = 4
    </answer>``.

    Knobs: `depth` of nested parentheses (deeper is harder), `max_coefficient` (larger is
    harder), `both_sides` (x on both sides; harder) and `fractions` (divisions and a
    fractional solution; harder).

    Verification: exact rational comparison (kind ``rational``; the equation restated is not
    an answer). The reference is the planted solution; tests substitute it back exactly.

    Versions: v1, first release.
    """

    Params = LinearEquationParams
    levels = ladder(
        depth=[0, 1, 1, 1, 2, 2, 3, 3, 4, 5],
        max_coefficient=[9, 9, 9, 12, 12, 15, 15, 20, 25, 30],
        both_sides=[False, False, True, True, True, True, True, True, True, True],
        fractions=[False, False, False, True, True, True, True, True, True, True],
    )
    difficulty_cost = "size"
    answer_options = {"kind": "rational"}
    tags = ("math", "algebra", "equations")

    def sample(
        self, rng: np.random.Generator, params: LinearEquationParams
    ) -> tuple[dict[str, Any], str]:
        bound = params.max_coefficient
        denominator = integer(rng, 1, 6) if params.fractions else 1
        solution = Fraction(integer(rng, -bound, bound), denominator)
        while True:
            left, a, b = linear(rng, params, params.depth)
            c = Fraction(nonzero(rng, bound)) if params.both_sides else Fraction(0)
            if a != c:
                break
        constant = a * solution + b - c * solution
        right = latex_polynomial([c, constant]) if c else latex_number(constant)
        data = {"equation": f"{left} = {right}", "solution": plain_number(solution)}
        return data, plain_number(solution)

    def render(self, data: dict[str, Any], params: LinearEquationParams) -> str:
        return ask(f"Solve for x:\n\n$${data['equation']}$$", RATIONAL_FORMAT)

    def cost(self, data: dict[str, Any], params: LinearEquationParams) -> dict[str, Any]:
        equation = data["equation"]
        return {
            "size": len(equation),
            "parentheses": equation.count("\\left") + equation.count("\\frac"),
        }
