"""Evaluate products and quotients of powers with negative and fractional exponents."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import RATIONAL_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_numbers import integer, nonzero, plain_number
from palaestra.params import Params
from palaestra.registry import register


class ExponentsParams(Params):
    terms: int = Field(2, ge=1, le=8, description="powers multiplied or divided; more is harder")
    max_root: int = Field(5, ge=2, le=20, description="largest underlying base; larger is harder")
    max_power: int = Field(
        2, ge=1, le=6, description="largest |exponent numerator|; larger is harder"
    )
    max_index: int = Field(
        1,
        ge=1,
        le=4,
        description="largest exponent denominator (root index); 1 means whole exponents, "
        "larger is harder",
    )


def latex_power(base: int, exponent: Fraction, radical: bool) -> str:
    """``8^{\\frac{2}{3}}``, ``8^{-2}`` or, with `radical`, ``\\sqrt[3]{8^{2}}``."""
    p, q = exponent.numerator, exponent.denominator
    if q == 1:
        return f"{base}^{{{p}}}"
    if radical and p > 0:
        inner = str(base) if p == 1 else f"{base}^{{{p}}}"
        index = "" if q == 2 else f"[{q}]"
        return f"\\sqrt{index}{{{inner}}}"
    sign = "-" if p < 0 else ""
    return f"{base}^{{{sign}\\frac{{{abs(p)}}}{{{q}}}}}"


@register("math/exponents-v1")
class Exponents(MathEnv):
    """Evaluate a product and quotient of powers with integer and fractional exponents.

    Task: "compute 8^{2/3} \\cdot 27^{-1/3} \\div 4^{-1}" (16/3). Laws of exponents and
    rational exponents as roots, the "exponents and radicals" unit of algebra courses. Each
    base is a perfect power r^q of its exponent's denominator q, so every value is rational.

    Answer format: an integer or a reduced fraction, e.g. ``<answer>16/3</answer>``.

    Knobs: `terms` (more is harder), `max_root` r (larger is harder), `max_power`, the
    largest |exponent numerator| (larger is harder) and `max_index`, the largest exponent
    denominator (1: whole exponents only; larger is harder).

    Verification: exact rational comparison (kind ``rational``; the expression restated is
    not an answer). The reference multiplies the exact values r^p.

    Versions: v1, first release.
    """

    Params = ExponentsParams
    levels = ladder(
        terms=[2, 2, 2, 3, 3, 3, 4, 4, 5, 6],
        max_root=[9, 9, 9, 9, 10, 12, 12, 15, 15, 20],
        max_power=[2, 3, 3, 3, 3, 4, 4, 4, 5, 6],
        max_index=[1, 1, 2, 2, 3, 3, 3, 4, 4, 4],
    )
    difficulty_cost = "size"
    answer_options = {"kind": "rational"}
    tags = ("math", "arithmetic", "exponents")

    def sample(
        self, rng: np.random.Generator, params: ExponentsParams
    ) -> tuple[dict[str, Any], str]:
        text, value = "", Fraction(1)
        powers = []
        for position in range(params.terms):
            root = integer(rng, 2, params.max_root)
            index = integer(rng, 1, params.max_index)
            power = nonzero(rng, params.max_power)
            exponent = Fraction(power, index)
            base = root**exponent.denominator
            term = latex_power(base, exponent, radical=rng.random() < 0.5)
            factor = Fraction(root) ** exponent.numerator
            divide = position > 0 and rng.random() < 0.3
            value = value / factor if divide else value * factor
            text += ("" if position == 0 else " \\div " if divide else " \\cdot ") + term
            powers.append([base, exponent.numerator, exponent.denominator])
        return {"expression": text, "powers": powers}, plain_number(value)

    def render(self, data: dict[str, Any], params: ExponentsParams) -> str:
        return ask(f"Compute exactly (left to right):\n\n$${data['expression']}$$", RATIONAL_FORMAT)

    def cost(self, data: dict[str, Any], params: ExponentsParams) -> dict[str, Any]:
        # one multiplication per unit of exponent numerator, one root extraction per index
        work = sum(abs(p) + (q > 1) * q for _base, p, q in data["powers"])
        return {"size": work + len(data["powers"]), "terms": len(data["powers"])}
