"""Solve an inequality in x; the answer is an interval or a union of intervals."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import distinct, integer, nonzero
from palaestra.generators.math_symbolic import latex, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

KINDS = ("linear", "quadratic", "absolute", "rational")
RELATIONS = ("<", "\\le", ">", "\\ge")


class InequalitiesParams(Params):
    kind: Literal["linear", "quadratic", "absolute", "rational", "any"] = Field(
        "linear",
        description="linear < quadratic < absolute value < rational < any (drawn per task); "
        "later kinds are harder",
    )
    max_coefficient: int = Field(
        9, ge=2, le=100, description="largest |coefficient|; larger is harder"
    )


def relation(sp: Any, index: int, left: Any, right: Any) -> Any:
    return (sp.Lt, sp.Le, sp.Gt, sp.Ge)[index](left, right)


@register("math/inequalities-v1")
class Inequalities(MathEnv):
    """Solve a linear, quadratic, absolute-value or rational inequality over the reals.

    Task: "solve x^2 - x - 6 < 0" ((-2, 3)), "|2x - 3| \\ge 5" ((-\\infty, -1] \\cup [4,
    \\infty)) or "\\frac{x - 1}{x + 2} \\le 0" ((-2, 1]). Sign charts and interval
    notation from algebra and precalculus. Boundaries are drawn first (roots of factors),
    the inequality is built from them, and `sympy.solve_univariate_inequality` gives the
    reference set.

    Answer format: interval notation, e.g. ``<answer>(-\\infty, -1] \\cup [4, \\infty)
    </answer>``; inequalities in x (``x \\le -1 or x \\ge 4``) are read too; an empty
    solution set is ``\\emptyset``.

    Knobs: `kind` (linear, quadratic, absolute, rational or any; later is harder) and
    `max_coefficient` (larger is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``interval``: the same set
    of reals, endpoints exact and open/closed as in the reference.

    Versions: v1, first release.
    """

    Params = InequalitiesParams
    levels = ladder(
        kind=[
            "linear",
            "linear",
            "quadratic",
            "quadratic",
            "absolute",
            "absolute",
            "rational",
            "rational",
            "any",
            "any",
        ],
        max_coefficient=[9, 12, 9, 12, 9, 12, 9, 12, 15, 20],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "interval"}
    tags = ("math", "algebra", "inequalities")

    def sample(
        self, rng: np.random.Generator, params: InequalitiesParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x = symbol()
        bound = params.max_coefficient
        kind = params.kind if params.kind != "any" else KINDS[integer(rng, 0, 3)]
        op = integer(rng, 0, 3)
        if kind == "linear":
            a, c = distinct(rng, -bound, bound, 2)
            left = a * x + integer(rng, -bound, bound)
            right = c * x + integer(rng, -bound, bound)
        elif kind == "quadratic":
            r1, r2 = sorted(distinct(rng, -bound, bound, 2))
            shift = integer(rng, -bound, bound)
            left, right = sp.expand((x - r1) * (x - r2)) + shift, sp.Integer(shift)
            if rng.random() < 0.5:
                left, right = sp.expand(-(x - r1) * (x - r2)) + shift, sp.Integer(shift)
        elif kind == "absolute":
            left = sp.Abs(nonzero(rng, 5) * x + integer(rng, -bound, bound))
            right = sp.Integer(integer(rng, -2, bound))
        else:
            r1, r2 = distinct(rng, -bound, bound, 2)
            left, right = (x - r1) / (x - r2), sp.Integer(0)
        solution = sp.solve_univariate_inequality(
            relation(sp, op, left, right), x, relational=False
        )
        data = {
            "inequality": f"{latex(left)} {RELATIONS[op]} {latex(right)}",
            "kind": kind,
            "everything": solution == sp.S.Reals,
            "empty": solution == sp.S.EmptySet,
        }
        return data, latex(solution)

    def render(self, data: dict[str, Any], params: InequalitiesParams) -> str:
        return ask(
            f"Solve over the real numbers:\n\n$${data['inequality']}$$",
            "Give the solution set in interval notation, for example (-\\infty, -1] \\cup "
            "[4, \\infty); write \\emptyset if there is no solution.",
        )

    def cost(self, data: dict[str, Any], params: InequalitiesParams) -> dict[str, Any]:
        rank = (*KINDS, "any").index(params.kind)
        return {
            "work": 2 * rank + len(str(params.max_coefficient)),
            "kind": KINDS.index(data["kind"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        wrong = [] if task.data["everything"] else [block("(-\\infty, \\infty)")]
        return wrong + ([] if task.data["empty"] else [block("\\emptyset")])
