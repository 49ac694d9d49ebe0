"""Number of divisors or sum of divisors of an integer."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from palaestra.envs.math._common import (
    INTEGER_FORMAT,
    SmoothNumberEnv,
    SmoothNumberParams,
    ask,
    smooth_n,
)
from palaestra.generators.math_numbers import factorize
from palaestra.registry import register


def divisor_count(factors: dict[int, int]) -> int:
    return math.prod(e + 1 for e in factors.values())


def divisor_sum(factors: dict[int, int]) -> int:
    return math.prod((p ** (e + 1) - 1) // (p - 1) for p, e in factors.items())


@register("math/divisors-v1")
class Divisors(SmoothNumberEnv):
    """The number of positive divisors, or their sum, of an integer.

    Task: "how many positive divisors does 360 have?" (24) or "what is the sum of the
    positive divisors of 360?" (1170); which one is drawn per task. The divisor functions
    tau and sigma of elementary number theory, a competition staple (AMC, MATHCOUNTS).

    Answer format: one integer, e.g. ``<answer>24</answer>``.

    Knobs: `max_n` (n is drawn uniformly from [max_n/10, max_n] among the integers whose
    prime factors are at most `max_prime`; larger is harder) and `max_prime` (larger is
    harder).

    Verification: exact integer comparison (kind ``rational``). The reference comes from the
    factorisation: tau(n) = prod(e + 1), sigma(n) = prod((p^(e+1) - 1)/(p - 1)); tests check
    both against brute-force enumeration.

    Versions: v1, first release.
    """

    def sample(
        self, rng: np.random.Generator, params: SmoothNumberParams
    ) -> tuple[dict[str, Any], str]:
        n = smooth_n(rng, params)
        function = "count" if rng.random() < 0.5 else "sum"
        factors = factorize(n)
        value = divisor_count(factors) if function == "count" else divisor_sum(factors)
        return {"n": n, "function": function}, str(value)

    def render(self, data: dict[str, Any], params: SmoothNumberParams) -> str:
        question = (
            f"How many positive divisors does {data['n']} have?"
            if data["function"] == "count"
            else f"What is the sum of all positive divisors of {data['n']} (including 1 and "
            f"{data['n']} itself)?"
        )
        return ask(question, INTEGER_FORMAT)
