"""Order-of-magnitude estimation of a product and quotient of large numbers, with tolerance."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, plain_number
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class EstimationParams(Params):
    operands: int = Field(
        3, ge=2, le=10, description="numbers multiplied or divided; more is harder"
    )
    digits: int = Field(
        3, ge=1, le=12, description="significant digits of each number; more is harder"
    )
    tolerance_percent: int = Field(
        20, ge=1, le=50, description="allowed relative error in percent; smaller is harder"
    )


def decimal_operand(rng: np.random.Generator, digits: int) -> tuple[str, Fraction]:
    """A number with `digits` significant digits and a random decimal point position."""
    mantissa = integer(rng, 10 ** (digits - 1), 10**digits - 1)
    shift = integer(rng, -3, 3)
    value = Fraction(mantissa) * Fraction(10) ** shift
    if shift >= 0:
        return str(mantissa * 10**shift), value
    text = str(mantissa).rjust(-shift + 1, "0")
    return f"{text[:shift]}.{text[shift:]}", value


@register("math/estimation-v1")
class Estimation(MathEnv):
    """Estimate a product and quotient of long numbers to within a relative tolerance.

    Task: "estimate 48213 × 7.391 ÷ 0.0213 to within 10%". Fermi-style order-of-magnitude
    estimation and rounding to leading digits; any answer within the tolerance is right,
    so the skill rewarded is estimation, not long multiplication.

    Answer format: one number, e.g. ``<answer>1.7 \\times 10^{7}</answer>`` or
    ``<answer>17000000</answer>``.

    Knobs: `operands` (more is harder), `digits` of each number (more is harder) and
    `tolerance_percent`, the allowed relative error (smaller is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``number`` and the relative
    tolerance; the exact value is the reference (a `Fraction`).

    Versions: v1, first release.
    """

    Params = EstimationParams
    levels = ladder(
        operands=[2, 2, 3, 3, 4, 4, 5, 6, 7, 8],
        digits=[2, 3, 3, 4, 4, 5, 5, 6, 7, 8],
        tolerance_percent=[25, 20, 20, 15, 15, 10, 10, 5, 5, 2],
    )
    difficulty_cost = "precision_bits"
    tags = ("math", "arithmetic", "estimation")

    def options(self, task: Task) -> dict[str, Any]:
        return {"kind": "number", "tolerance": task.data["tolerance_percent"] / 100}

    def sample(
        self, rng: np.random.Generator, params: EstimationParams
    ) -> tuple[dict[str, Any], str]:
        text, value = "", Fraction(1)
        for position in range(params.operands):
            number, number_value = decimal_operand(rng, params.digits)
            divide = position > 0 and rng.random() < 0.4
            value = value / number_value if divide else value * number_value
            text += ("" if position == 0 else " \\div " if divide else " \\times ") + number
        data = {"expression": text, "tolerance_percent": params.tolerance_percent}
        return data, plain_number(value)

    def render(self, data: dict[str, Any], params: EstimationParams) -> str:
        return ask(
            f"Estimate the value of $${data['expression']}$$ (left to right). Any answer "
            f"within {data['tolerance_percent']}% of the exact value counts as right.",
            "Give one number, in decimal or scientific notation (for example 1.7 \\times 10^{7}).",
        )

    def cost(self, data: dict[str, Any], params: EstimationParams) -> dict[str, Any]:
        operands = data["expression"].count("\\") + 1
        precision = math.log2(100 / data["tolerance_percent"])
        return {"precision_bits": round(operands * precision, 3), "operands": operands}

    def wrong_answers(self, task: Task) -> list[str]:
        value = Fraction(task.answer or "1")
        return [block(plain_number(value * 3)), block(plain_number(value / 3))]
