"""Modular arithmetic: reduce a sum of products and powers modulo m."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, ladder
from palaestra.generators.math_numbers import integer
from palaestra.params import Params
from palaestra.registry import register


class ModularArithmeticParams(Params):
    modulus: int = Field(13, ge=2, le=10**9, description="largest modulus; larger is harder")
    terms: int = Field(2, ge=1, le=8, description="terms a * b^e added up; more is harder")
    max_exponent: int = Field(
        10, ge=1, le=10**18, description="largest exponent; larger is harder (needs fast powering)"
    )


@register("math/modular-arithmetic-v1")
class ModularArithmetic(MathEnv):
    """Evaluate a sum of terms a * b^e modulo m.

    Task: "compute (3 * 7^{100} + 5 * 2^{45}) mod 13". Modular exponentiation and
    reduction, the arithmetic of Gauss's Disquisitiones Arithmeticae and of every public-key
    cryptosystem; with large exponents it calls for repeated squaring or Fermat/Euler.

    Answer format: the least non-negative residue, one integer in 0..m-1, e.g.
    ``<answer>4</answer>``.

    Knobs: `modulus` (larger is harder), `terms` (more is harder), `max_exponent` (larger
    is harder).

    Verification: exact integer comparison (kind ``rational``); a residue outside 0..m-1,
    even a congruent one, is wrong because the prompt asks for the least one. The reference
    is Python's three-argument `pow`.

    Versions: v1, first release.
    """

    Params = ModularArithmeticParams
    levels = ladder(
        modulus=[20, 30, 50, 100, 200, 500, 1_000, 10**4, 10**6, 10**9],
        terms=[1, 2, 2, 2, 3, 3, 3, 4, 4, 5],
        max_exponent=[10, 12, 20, 50, 100, 10**3, 10**4, 10**6, 10**9, 10**15],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "number-theory", "modular")

    def sample(
        self, rng: np.random.Generator, params: ModularArithmeticParams
    ) -> tuple[dict[str, Any], str]:
        m = integer(rng, max(2, params.modulus // 2), params.modulus)
        terms = [
            [integer(rng, 1, 2 * m), integer(rng, 2, 2 * m), integer(rng, 1, params.max_exponent)]
            for _ in range(params.terms)
        ]
        value = sum(a * pow(b, e, m) for a, b, e in terms) % m
        return {"modulus": m, "terms": terms}, str(value)

    def render(self, data: dict[str, Any], params: ModularArithmeticParams) -> str:
        expression = " + ".join(f"{a} \\cdot {b}^{{{e}}}" for a, b, e in data["terms"])
        m = data["modulus"]
        return ask(
            f"Compute $\\left({expression}\\right) \\bmod {m}$.",
            f"Give the least non-negative residue: one integer from 0 to {m - 1}.",
        )

    def cost(self, data: dict[str, Any], params: ModularArithmeticParams) -> dict[str, Any]:
        # Repeated squaring: about log2(e) multiplications of numbers below m per term.
        bits = math.log2(data["modulus"])
        work = sum(max(1, e.bit_length()) * bits for _a, _b, e in data["terms"])
        return {"work": round(work, 2), "terms": len(data["terms"])}
