"""Find the rational roots of an integer polynomial of degree 3 to 8."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, latex_number
from palaestra.generators.math_symbolic import symbol, sympy
from palaestra.generators.polynomials import from_factors, latex_polynomial, linear_factor
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class RationalRootsParams(Params):
    rational_roots: int = Field(
        2, ge=1, le=6, description="rational roots planted (with repeats); more is harder"
    )
    max_numerator: int = Field(
        5, ge=1, le=50, description="largest |numerator| of a root; larger is harder"
    )
    max_denominator: int = Field(
        1, ge=1, le=12, description="largest denominator of a root; larger is harder"
    )
    irreducible_factor: bool = Field(
        False, description="an irreducible quadratic factor hides among the roots; harder"
    )


@register("math/rational-roots-v1")
class RationalRoots(MathEnv):
    """List the rational roots of an integer polynomial (rational root theorem).

    Task: "find all rational roots of 6x^4 - 5x^3 - 39x^2 + 4x + 12" ({-2, -1/2, 2/3, 3}).
    The rational root theorem (candidates p/q with p | a0 and q | an) and synthetic
    division, from precalculus courses. Roots are drawn first (repeats allowed) and
    multiplied out, with an irreducible quadratic factor such as x^2 + 3 at higher levels.

    Answer format: the distinct rational roots, e.g. ``<answer>-2, -1/2, 2/3, 3</answer>``.

    Knobs: `rational_roots` (more is harder), `max_numerator` and `max_denominator` of the
    roots (larger is harder) and `irreducible_factor` (harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``set``: every rational root
    exactly once (repeats merged) and nothing else; a subset scores 0 with reason
    ``partial``. Tests confirm the set with `sympy.roots`.

    Versions: v1, first release.
    """

    Params = RationalRootsParams
    levels = ladder(
        rational_roots=[3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
        max_numerator=[12, 12, 12, 12, 12, 12, 12, 12, 15, 15],
        max_denominator=[1, 1, 2, 3, 3, 3, 4, 4, 5, 6],
        irreducible_factor=[False, False, False, False, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "set"}
    tags = ("math", "algebra", "polynomials")

    def sample(
        self, rng: np.random.Generator, params: RationalRootsParams
    ) -> tuple[dict[str, Any], str]:
        roots = [
            Fraction(
                integer(rng, -params.max_numerator, params.max_numerator),
                integer(rng, 1, params.max_denominator),
            )
            for _ in range(params.rational_roots)
        ]
        factors = [linear_factor(r) for r in roots]
        if params.irreducible_factor:
            factors.append([1, integer(rng, -3, 3), integer(rng, 5, 12)])  # negative discriminant
        coefficients = from_factors(factors)
        distinct = sorted(set(roots))
        answer = "\\{" + ", ".join(latex_number(r) for r in distinct) + "\\}"
        data = {
            "polynomial": latex_polynomial(coefficients),
            "coefficients": coefficients,
            "roots": [str(r) for r in distinct],
        }
        return data, answer

    def render(self, data: dict[str, Any], params: RationalRootsParams) -> str:
        return ask(
            f"Find all rational roots of the polynomial\n\n$$p(x) = {data['polynomial']}$$",
            "List each distinct rational root once, separated by commas, for example -2, -1/2, 3.",
        )

    def cost(self, data: dict[str, Any], params: RationalRootsParams) -> dict[str, Any]:
        work = 2 * params.rational_roots + len(str(params.max_numerator)) + params.max_denominator
        degree = len(data["coefficients"]) - 1
        return {"work": work + 2 * params.irreducible_factor, "degree": degree}

    def wrong_answers(self, task: Task) -> list[str]:
        roots = task.data["roots"]
        wrong = [block(", ".join([*roots, "100"]))]
        if len(roots) > 1:
            wrong.append(block(", ".join(roots[:-1])))
        return wrong


def reference_roots(coefficients: list[int]) -> set[Fraction]:
    """The rational roots by sympy, for tests."""
    sp = sympy()
    x = symbol()
    polynomial = sum(c * x ** (len(coefficients) - 1 - i) for i, c in enumerate(coefficients))
    return {Fraction(int(r.p), int(r.q)) for r in sp.roots(polynomial, x) if r.is_Rational}
