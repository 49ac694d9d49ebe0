"""Solve exponential and logarithmic equations exactly."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import distinct, integer, nonzero
from palaestra.generators.math_symbolic import latex, sympy
from palaestra.generators.polynomials import latex_polynomial
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

FORMS = ("same_base", "common_base", "log_linear", "log_sum", "log_answer", "exp_quadratic")
BASES = (2, 3, 5)


class LogExpEquationsParams(Params):
    forms: int = Field(
        2,
        ge=1,
        le=6,
        description="equation forms drawn from, in order: 2^(ax+b) = 2^k, powers of a common "
        "base, log_b(ax+c) = k, log_b(x) + log_b(x+d) = k (an extraneous root), a*b^x = c "
        "(a logarithm as the answer), e^(2x) - s e^x + p = 0; more is harder",
    )
    max_coefficient: int = Field(
        5, ge=2, le=50, description="largest |coefficient|; larger is harder"
    )


def exponent_text(a: int, b: int) -> str:
    return latex_polynomial([a, b])


@register("math/log-exp-equations-v1")
class LogExpEquations(MathEnv):
    """Solve exponential and logarithmic equations.

    Task, one form drawn per task: "2^{3x - 1} = 32", "4^{x + 1} = 8^{x - 2}",
    "\\log_3(2x + 1) = 4", "\\log_2 x + \\log_2(x + 2) = 3" (x = 2; -4 is extraneous),
    "5 \\cdot 3^{x} = 40" (x = \\log_3 8) and "e^{2x} - 5e^{x} + 6 = 0" ({\\ln 2, \\ln 3}).
    The exponential and logarithm unit of precalculus. Solutions are drawn first.

    Answer format: every solution, exactly, e.g. ``<answer>x = 2</answer>``,
    ``<answer>\\log_3 8</answer>`` or ``<answer>\\ln 2, \\ln 3</answer>``; ``\\ln`` is the
    natural logarithm and ``\\log`` without a base means base 10.

    Knobs: `forms` drawn from (more is harder) and `max_coefficient` (larger is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``set``; logarithms are
    compared by value (\\log_3 8 = 3\\ln 2/\\ln 3), an extraneous root makes the answer
    wrong.

    Versions: v1, first release.
    """

    Params = LogExpEquationsParams
    levels = ladder(
        forms=[1, 2, 2, 3, 3, 4, 4, 5, 6, 6], max_coefficient=[5, 5, 6, 6, 7, 7, 8, 8, 9, 12]
    )
    difficulty_cost = "work"
    answer_options = {"kind": "set"}
    tags = ("math", "algebra", "logarithms")

    def sample(
        self, rng: np.random.Generator, params: LogExpEquationsParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        bound = params.max_coefficient
        form = FORMS[integer(rng, 0, params.forms - 1)]
        base = BASES[integer(rng, 0, len(BASES) - 1)]
        if form == "same_base":
            a, x0 = nonzero(rng, bound), integer(rng, -bound, bound)
            k = integer(rng, 0, 6)
            b = k - a * x0
            equation = f"{base}^{{{exponent_text(a, b)}}} = {sp.Integer(base) ** k}"
            solutions = [sp.Integer(x0)]
        elif form == "common_base":
            p, q = (2, 3) if base == 2 else (1, 2)
            a, c = nonzero(rng, 3), nonzero(rng, 3)
            while p * a == q * c:
                c = nonzero(rng, 3)
            b, d = integer(rng, -bound, bound), integer(rng, -bound, bound)
            x0 = Fraction(q * d - p * b, p * a - q * c)
            equation = f"{base**p}^{{{exponent_text(a, b)}}} = {base**q}^{{{exponent_text(c, d)}}}"
            solutions = [sp.Rational(x0.numerator, x0.denominator)]
        elif form == "log_linear":
            a, k = nonzero(rng, bound), integer(rng, 0, 4)
            c = integer(rng, -bound, bound)
            x0 = Fraction(base**k - c, a)
            equation = f"\\log_{{{base}}}\\left({latex_polynomial([a, c])}\\right) = {k}"
            solutions = [sp.Rational(x0.numerator, x0.denominator)]
        elif form == "log_sum":
            k = integer(rng, 2, 6)
            n = base**k
            divisors = [r for r in range(1, int(n**0.5) + 1) if n % r == 0 and n // r != r]
            r = divisors[integer(rng, 0, len(divisors) - 1)]
            d = n // r - r  # r (r + d) = n; the other root -(r + d) is extraneous
            equation = f"\\log_{{{base}}} x + \\log_{{{base}}}\\left(x + {d}\\right) = {k}"
            solutions = [sp.Integer(r)]
        elif form == "log_answer":
            a = integer(rng, 2, bound)
            target = integer(rng, 2, 30)
            while any(base**k == target for k in range(6)):  # keep the logarithm irrational
                target += 1
            equation = f"{a} \\cdot {base}^{{x}} = {a * target}"
            solutions = [sp.log(target) / sp.log(base)]
        else:
            p, q = sorted(distinct(rng, 2, 9, 2))
            equation = f"e^{{2x}} - {p + q}e^{{x}} + {p * q} = 0"
            solutions = [sp.log(p), sp.log(q)]
        answer = latex(sp.FiniteSet(*solutions))
        data = {"equation": equation, "form": form, "solutions": [latex(s) for s in solutions]}
        if form == "log_sum":
            data["extraneous"] = -n // r
        return data, answer

    def render(self, data: dict[str, Any], params: LogExpEquationsParams) -> str:
        return ask(
            f"Solve for real x (\\ln is the natural logarithm):\n\n$${data['equation']}$$",
            "Give every real solution exactly, separated by commas (fractions and logarithms "
            "allowed, for example x = \\log_3 8 or \\ln 2, \\ln 3); no decimal approximations.",
        )

    def cost(self, data: dict[str, Any], params: LogExpEquationsParams) -> dict[str, Any]:
        return {
            "work": 3 * params.forms + params.max_coefficient,
            "form": FORMS.index(data["form"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        solutions = task.data["solutions"]
        wrong = [block(f"{solutions[0]} + 1")]
        if task.data["form"] == "log_sum":  # the root that log's domain rules out
            wrong.append(block(f"{solutions[0]}, {task.data['extraneous']}"))
        return wrong
