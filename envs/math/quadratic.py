"""Solve a quadratic equation: integer, rational, irrational or complex roots."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, nonzero
from palaestra.generators.math_symbolic import latex, sympy
from palaestra.generators.polynomials import from_roots, latex_polynomial
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

ROOTS = ("integer", "rational", "irrational", "complex")


class QuadraticParams(Params):
    roots: Literal["integer", "rational", "irrational", "complex", "any"] = Field(
        "integer",
        description="kind of roots: integer < rational < irrational < complex < any (drawn "
        "per task); later kinds are harder",
    )
    max_coefficient: int = Field(
        9, ge=2, le=1_000, description="largest |root| or coefficient; larger is harder"
    )
    rearranged: bool = Field(
        False, description="terms on both sides of the equation, to be collected first; harder"
    )


def coefficients(rng: np.random.Generator, kind: str, bound: int) -> list[int]:
    if kind in ("integer", "rational"):
        denominators = (1, 1) if kind == "integer" else (integer(rng, 1, 4), integer(rng, 2, 5))
        roots = [Fraction(integer(rng, -bound, bound), d) for d in denominators]
        return from_roots(roots, integer(rng, 1, 2) if kind == "integer" else 1)
    while True:
        a, b, c = nonzero(rng, max(2, bound // 3)), integer(rng, -bound, bound), nonzero(rng, bound)
        discriminant = b * b - 4 * a * c
        square = discriminant >= 0 and int(discriminant**0.5) ** 2 == discriminant
        if (kind == "irrational" and discriminant > 0 and not square) or (
            kind == "complex" and discriminant < 0
        ):
            return [a, b, c] if a > 0 else [-a, -b, -c]


def exact_roots(a: int, b: int, c: int) -> list[Any]:
    """The roots of a x^2 + b x + c (a != 0) as exact sympy numbers, by the quadratic formula:
    the same set `sympy.solve` gives (complex roots included), 25 times faster."""
    sp = sympy()
    discriminant = b * b - 4 * a * c
    if discriminant == 0:
        return [sp.Rational(-b, 2 * a)]
    root = sp.sqrt(sp.Integer(discriminant))  # i * sqrt(-D) when D < 0
    return [(-b - root) / (2 * a), (-b + root) / (2 * a)]


@register("math/quadratic-v1")
class Quadratic(MathEnv):
    """Find all roots of a quadratic equation, real or complex.

    Task: "solve 2x^2 - 3x - 5 = 0" ({-1, 5/2}); "x^2 + 2x + 5 = 0" has roots -1 ± 2i.
    Factoring, completing the square and the quadratic formula (al-Khwarizmi's al-jabr),
    with integer roots at the lowest level and complex conjugate roots higher up.

    Answer format: all roots, e.g. ``<answer>x = -1, x = 5/2</answer>``,
    ``<answer>\\frac{3 \\pm \\sqrt{5}}{2}</answer>`` or ``<answer>-1 \\pm 2i</answer>``; a
    double root once.

    Knobs: `roots` (integer, rational, irrational, complex or any; later is harder),
    `max_coefficient` (larger is harder) and `rearranged` (terms on both sides; harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``set``: every root exactly
    once (radicals and i compared exactly), nothing else; one of two roots scores 0 with
    reason ``partial``. Integer and rational roots are planted; the reference set comes
    from the quadratic formula in exact sympy arithmetic (`exact_roots`; it equals
    `sympy.solve`'s set, which the tests check).

    Versions: v1, first release.
    """

    Params = QuadraticParams
    levels = ladder(
        roots=[
            "integer",
            "integer",
            "rational",
            "rational",
            "irrational",
            "irrational",
            "complex",
            "any",
            "any",
            "any",
        ],
        max_coefficient=[30, 30, 30, 30, 30, 30, 30, 40, 50, 60],
        rearranged=[False, False, False, True, False, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "set"}
    tags = ("math", "algebra", "equations")

    def sample(
        self, rng: np.random.Generator, params: QuadraticParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        kind = params.roots if params.roots != "any" else ROOTS[integer(rng, 0, 3)]
        coeffs = coefficients(rng, kind, params.max_coefficient)
        left = list(coeffs)
        right = [0, 0, 0]
        if params.rearranged:
            right = [integer(rng, -3, 3), integer(rng, -9, 9), integer(rng, -9, 9)]
            left = [c + r for c, r in zip(coeffs, right, strict=True)]
        answer = latex(sp.FiniteSet(*exact_roots(*coeffs)))
        data = {
            "equation": f"{latex_polynomial(left)} = {latex_polynomial(right)}",
            "coefficients": coeffs,
            "kind": kind,
        }
        return data, answer

    def render(self, data: dict[str, Any], params: QuadraticParams) -> str:
        return ask(
            f"Find all solutions x (real or complex) of\n\n$${data['equation']}$$",
            "List every solution once, separated by commas, in exact form (fractions, "
            "radicals, i for the imaginary unit), for example x = -1, x = 5/2 or "
            "-1 \\pm 2i.",
        )

    def cost(self, data: dict[str, Any], params: QuadraticParams) -> dict[str, Any]:
        rank = (*ROOTS, "any").index(params.roots)
        work = 3 * rank + len(str(params.max_coefficient)) + 2 * params.rearranged
        return {"work": work, "kind": ROOTS.index(data["kind"])}

    def wrong_answers(self, task: Task) -> list[str]:
        sp = sympy()
        a, b, c = task.data["coefficients"]
        x = sympy().Symbol("x")  # complex: complex roots are solutions too
        roots = sp.solve(a * x**2 + b * x + c, x)
        negated = sp.FiniteSet(*[-r for r in roots])
        wrong = [block(latex(roots[0]))] if len(roots) > 1 else []
        return wrong + ([block(latex(negated))] if negated != sp.FiniteSet(*roots) else [])
