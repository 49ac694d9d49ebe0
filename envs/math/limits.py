"""Limits: removable singularities, limits at infinity, standard trigonometric and exponential
limits."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import distinct, integer, nonzero
from palaestra.generators.math_symbolic import latex, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

FORMS = ("removable", "infinity", "trig", "exponential", "conjugate")


class LimitsParams(Params):
    forms: int = Field(
        2,
        ge=1,
        le=5,
        description="forms drawn from, in order: removable singularity, rational function at "
        "infinity, trigonometric, exponential/logarithmic, conjugate radicals; more is harder",
    )
    max_coefficient: int = Field(
        5, ge=2, le=50, description="largest |coefficient|; larger is harder"
    )
    extra_degree: int = Field(
        0, ge=0, le=3, description="extra factors in rational limits; more is harder"
    )


def polynomial(rng: np.random.Generator, x: Any, degree: int, bound: int) -> Any:
    sp = sympy()
    return (
        sp.Add(*[integer(rng, -bound, bound) * x**k for k in range(degree)])
        + nonzero(rng, bound) * x**degree
    )


@register("math/limits-v1")
class Limits(MathEnv):
    """Evaluate a limit exactly.

    Task, one form per task: "\\lim_{x \\to 3} \\frac{x^2 - x - 6}{x^2 - 9}" (5/6),
    "\\lim_{x \\to \\infty} \\frac{3x^2 + 1}{2x^2 - x}" (3/2), "\\lim_{x \\to 0}
    \\frac{\\sin 5x}{2x}" (5/2), "\\lim_{x \\to \\infty} (1 + 3/x)^{2x}" (e^6),
    "\\lim_{x \\to 0} \\frac{\\sqrt{x + 9} - 3}{x}" (1/6). The limits unit of first-semester
    calculus (factoring, dominant terms, standard limits, conjugates). The value follows
    from the drawn parameters and is confirmed with `sympy.limit`.

    Answer format: the exact limit, e.g. ``<answer>5/6</answer>``, ``<answer>e^{6}
    </answer>``, ``<answer>\\infty</answer>`` or ``<answer>-\\infty</answer>``.

    Knobs: `forms` drawn from (more is harder), `max_coefficient` (larger is harder) and
    `extra_degree` of rational limits (more is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``number``; an unevaluated
    limit (the question restated) is wrong.

    Versions: v1, first release.
    """

    Params = LimitsParams
    levels = ladder(
        forms=[2, 2, 3, 3, 4, 4, 5, 5, 5, 5],
        max_coefficient=[9, 9, 9, 9, 9, 9, 9, 12, 15, 20],
        extra_degree=[0, 1, 0, 1, 1, 1, 1, 2, 2, 3],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "number"}
    tags = ("math", "calculus", "limits")

    def sample(self, rng: np.random.Generator, params: LimitsParams) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x = symbol()
        bound = params.max_coefficient
        form = FORMS[integer(rng, 0, params.forms - 1)]
        point: Any = 0
        if form == "removable":
            a, b, c = distinct(rng, -bound, bound, 3)
            common = (
                sp.expand((x - a) * polynomial(rng, x, params.extra_degree, 3))
                if params.extra_degree
                else x - a
            )
            top = sp.expand(common * (x - b))
            bottom = sp.expand(common * (x - c))
            expression, point = top / bottom, a
        elif form == "infinity":
            n, m = (
                integer(rng, 1, 2 + params.extra_degree),
                integer(rng, 1, 2 + params.extra_degree),
            )
            expression, point = polynomial(rng, x, n, bound) / polynomial(rng, x, m, bound), sp.oo
        elif form == "trig":
            a, b = nonzero(rng, bound), nonzero(rng, bound)
            shapes = (
                sp.sin(a * x) / (b * x),
                (1 - sp.cos(a * x)) / (b * x**2),
                sp.tan(a * x) / sp.sin(b * x),
            )
            expression = shapes[integer(rng, 0, 2)]
        elif form == "exponential":
            a, b = nonzero(rng, min(bound, 5)), nonzero(rng, min(bound, 5))
            shapes = ((sp.exp(a * x) - 1) / (b * x), sp.log(1 + a * x) / (b * x))
            if rng.random() < 0.4:
                expression, point = (1 + sp.Integer(a) / x) ** (b * x), sp.oo
            else:
                expression = shapes[integer(rng, 0, 1)]
        else:
            c = integer(rng, 1, bound)
            k = nonzero(rng, 5)
            expression = (sp.sqrt(k * x + c**2) - c) / x
        value = sp.limit(expression, x, point)
        data = {"limit": f"\\lim_{{x \\to {latex(point)}}} {latex(expression)}", "form": form}
        return data, latex(value)

    def render(self, data: dict[str, Any], params: LimitsParams) -> str:
        return ask(
            f"Evaluate the limit (\\ln is the natural logarithm):\n\n$${data['limit']}$$",
            "Give the exact value, or \\infty or -\\infty if the limit is infinite; for "
            "example 5/6 or e^{6}.",
        )

    def cost(self, data: dict[str, Any], params: LimitsParams) -> dict[str, Any]:
        work = 2 * params.forms + params.extra_degree + len(str(params.max_coefficient))
        return {"work": work, "form": FORMS.index(data["form"])}

    def wrong_answers(self, task: Task) -> list[str]:
        wrong = [block(task.data["limit"])]
        return wrong + ([block("0")] if task.answer != "0" else [block("1")])
