"""Solve an absolute-value equation; some candidate solutions are extraneous."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, latex_number, nonzero
from palaestra.generators.polynomials import latex_polynomial
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

FORMS = ("constant", "two_absolutes", "linear_right")


class AbsoluteValueParams(Params):
    forms: int = Field(
        1,
        ge=1,
        le=3,
        description="equation forms drawn from: 1 |ax+b| = c, 2 also |ax+b| = |cx+d|, 3 also "
        "|ax+b| = cx+d (with extraneous roots); more is harder",
    )
    max_coefficient: int = Field(
        9, ge=2, le=100, description="largest |coefficient|; larger is harder"
    )


def abs_text(a: int, b: int) -> str:
    return f"\\left|{latex_polynomial([a, b])}\\right|"


def solve(a: int, b: int, c: int, d: int) -> list[Fraction]:
    """Real x with |a x + b| = c x + d (a != 0): the roots of a x + b = ±(c x + d) with
    c x + d >= 0."""
    roots = set()
    for sign in (1, -1):
        slope, constant = a - sign * c, sign * d - b
        if slope != 0:
            x = Fraction(constant, slope)
            if c * x + d >= 0:
                roots.add(x)
    return sorted(roots)


@register("math/absolute-value-v1")
class AbsoluteValue(MathEnv):
    """Solve an absolute-value equation in x.

    Task: "solve |2x - 3| = 7" ({-2, 5}), "|x + 1| = |3x - 5|" ({1, 3}) or "|2x - 1| =
    x - 5" (no solution: both candidates are extraneous). Case analysis on the sign inside
    the bars, and checking candidates, from algebra courses.

    Answer format: every solution, e.g. ``<answer>x = -2, x = 5</answer>``, or ``no
    solution``.

    Knobs: `forms` of equation drawn from (1: |ax+b| = c; 2: also |ax+b| = |cx+d|; 3: also
    |ax+b| = cx+d with extraneous candidates; more is harder) and `max_coefficient` (larger
    is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``set``: every solution once,
    no extraneous candidate; a subset scores 0 with reason ``partial``. The reference solves
    both cases exactly and keeps the candidates that satisfy the equation; tests check it
    against sympy.

    Versions: v1, first release.
    """

    Params = AbsoluteValueParams
    levels = ladder(
        forms=[1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
        max_coefficient=[9, 12, 9, 12, 15, 9, 12, 15, 20, 30],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "set"}
    tags = ("math", "algebra", "equations")

    def sample(
        self, rng: np.random.Generator, params: AbsoluteValueParams
    ) -> tuple[dict[str, Any], str]:
        bound = params.max_coefficient
        form = FORMS[integer(rng, 0, params.forms - 1)]
        a, b = nonzero(rng, 6), integer(rng, -bound, bound)
        if form == "constant":
            c, d = 0, integer(rng, -2, bound)
            right = str(d)
            roots = solve(a, b, c, d)
        elif form == "two_absolutes":
            c, d = nonzero(rng, 6), integer(rng, -bound, bound)
            while abs(c) == abs(a) and abs(d) == abs(b):
                d = integer(rng, -bound, bound)
            right = abs_text(c, d)
            # |u| = |v| means u = v or u = -v, with no sign condition
            roots = sorted(
                {Fraction(sign * d - b, a - sign * c) for sign in (1, -1) if a != sign * c}
            )
        else:
            c, d = nonzero(rng, 4), integer(rng, -bound, bound)
            right = latex_polynomial([c, d])
            roots = solve(a, b, c, d)
        equation = f"{abs_text(a, b)} = {right}"
        answer = "\\{" + ", ".join(map(latex_number, roots)) + "\\}" if roots else "\\emptyset"
        data = {"equation": equation, "form": form, "roots": [str(r) for r in roots]}
        return data, answer

    def render(self, data: dict[str, Any], params: AbsoluteValueParams) -> str:
        return ask(
            f"Solve for real x:\n\n$${data['equation']}$$",
            "List every solution once, separated by commas (for example x = -2, x = 5), or "
            "write 'no solution'.",
        )

    def cost(self, data: dict[str, Any], params: AbsoluteValueParams) -> dict[str, Any]:
        return {
            "work": 3 * params.forms + len(str(params.max_coefficient)),
            "solutions": len(data["roots"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        roots = task.data["roots"]
        if not roots:
            return [block("0")]
        wrong = [block(", ".join([*roots, "1000"]))]
        return wrong + ([block(roots[0])] if len(roots) > 1 else [])
