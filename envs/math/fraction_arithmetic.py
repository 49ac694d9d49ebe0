"""Exact arithmetic with fractions, mixed numbers and complex (nested) fractions."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import RATIONAL_FORMAT, MathEnv, ask, block, ladder, size
from palaestra.generators.math_numbers import integer, latex_number, plain_number
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

SYMBOLS = {"+": "+", "-": "-", "*": "\\times", "/": "\\div"}


class FractionsParams(Params):
    terms: int = Field(3, ge=2, le=10, description="fractions in the expression; more is harder")
    max_denominator: int = Field(
        9, ge=2, le=1_000, description="largest denominator; larger is harder"
    )
    mixed: bool = Field(False, description="some operands are mixed numbers like 2 3/4; harder")
    nested: bool = Field(
        False,
        description="a complex fraction: one sum divided by another, written as a fraction "
        "bar over fractions; harder",
    )


def operand(rng: np.random.Generator, params: FractionsParams) -> Fraction:
    denominator = integer(rng, 2, params.max_denominator)
    numerator = integer(rng, 1, denominator - 1)
    whole = integer(rng, 1, 5) if params.mixed and rng.random() < 0.4 else 0
    return whole + Fraction(numerator, denominator)


def latex_operand(value: Fraction) -> str:
    """A proper fraction as \\frac{p}{q}, an improper one as a mixed number a\\frac{p}{q}."""
    whole, rest = divmod(value.numerator, value.denominator)
    fraction = f"\\frac{{{rest}}}{{{value.denominator}}}"
    return f"{whole}{fraction}" if whole else fraction


def chain(rng: np.random.Generator, values: list[Fraction], ops: str) -> tuple[str, Fraction]:
    """Operands joined left to right with +, -, * or / (no zero divisor), and the value.

    Multiplication and division bind tighter, as usual; the value is computed by the same
    precedence over the drawn operators.
    """
    picks = [ops[int(i)] for i in rng.integers(0, len(ops), size=len(values) - 1)]
    text = latex_operand(values[0])
    for op, value in zip(picks, values[1:], strict=True):
        text += f" {SYMBOLS[op]} {latex_operand(value)}"
    # Precedence: fold * and / into running products, then add them up.
    total, product = Fraction(0), values[0]
    sign = 1
    for op, value in zip(picks, values[1:], strict=True):
        if op in "*/":
            product = product * value if op == "*" else product / value
        else:
            total += sign * product
            sign, product = (1 if op == "+" else -1), value
    return text, total + sign * product


@register("math/fractions-v1")
class Fractions(MathEnv):
    """Evaluate an expression of fractions and mixed numbers exactly.

    Task: "compute 2\\frac{1}{3} - \\frac{3}{4} \\times \\frac{2}{5}", or at higher levels a
    complex fraction such as \\frac{\\frac{2}{3} + 1\\frac{1}{4}}{\\frac{5}{6} - \\frac{1}{2}}.
    Fraction arithmetic with unlike denominators, mixed numbers and nested fraction bars,
    the school topic that arithmetic-v1 (integer leaves, plain text) does not cover.

    Answer format: an integer or a reduced improper fraction p/q, e.g.
    ``<answer>-7/3</answer>``; an exact decimal is read too, a mixed number is not.

    Knobs: `terms` (more is harder), `max_denominator` (larger is harder), `mixed` (mixed
    numbers; harder) and `nested` (a complex fraction; harder).

    Verification: exact rational comparison (kind ``rational``: an expression, even one
    equal to the value, is not an answer). The reference is computed with `Fraction` with
    the usual precedence; the prompt is LaTeX, ``\\times`` and ``\\div`` bind tighter than
    ``+`` and ``-``.

    Versions: v1, first release.
    """

    Params = FractionsParams
    levels = ladder(
        terms=[2, 2, 3, 3, 4, 4, 5, 6, 7, 8],
        max_denominator=[9, 12, 12, 15, 15, 20, 20, 25, 30, 40],
        mixed=[False, False, False, True, True, True, True, True, True, True],
        nested=[False, False, False, False, False, True, True, True, True, True],
    )
    difficulty_cost = "size"
    answer_options = {"kind": "rational"}
    tags = ("math", "arithmetic", "fractions")

    def sample(
        self, rng: np.random.Generator, params: FractionsParams
    ) -> tuple[dict[str, Any], str]:
        values = [operand(rng, params) for _ in range(params.terms)]
        if params.nested:
            cut = max(1, params.terms // 2)
            for _ in range(100):
                top, top_value = chain(rng, values[:cut], "+-")
                bottom, bottom_value = chain(rng, values[cut:], "+-*")
                if bottom_value != 0:
                    break
                values = [operand(rng, params) for _ in range(params.terms)]
            else:
                raise AssertionError("no complex fraction with a non-zero denominator")
            expression, value = f"\\frac{{{top}}}{{{bottom}}}", top_value / bottom_value
        else:
            expression, value = chain(rng, values, "+-*/")
        data = {"expression": expression, "operands": [plain_number(v) for v in values]}
        return data, plain_number(value)

    def render(self, data: dict[str, Any], params: FractionsParams) -> str:
        return ask(
            "Compute exactly (\\times and \\div before + and -; a\\frac{b}{c} is the mixed "
            f"number a + b/c):\n\n$${data['expression']}$$",
            RATIONAL_FORMAT + " Do not give a mixed number.",
        )

    def cost(self, data: dict[str, Any], params: FractionsParams) -> dict[str, Any]:
        operands = [Fraction(v) for v in data["operands"]]
        return {"size": size(operands) + 3 * params.nested, "terms": len(operands)}

    def wrong_answers(self, task: Task) -> list[str]:
        wrong = super().wrong_answers(task)
        value = Fraction(task.answer or "0")
        if value.denominator > 1:  # a mixed number, which the prompt rules out
            whole, rest = divmod(value.numerator, value.denominator)
            wrong.append(block(f"{whole} {latex_number(Fraction(rest, value.denominator))}"))
        return wrong
