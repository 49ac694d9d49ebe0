"""Prime factorisation of an integer, written as a product of prime powers."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.envs.math._common import (
    SmoothNumberEnv,
    SmoothNumberParams,
    ask,
    block,
    smooth_n,
)
from palaestra.generators.math_numbers import factorize
from palaestra.records import Task
from palaestra.registry import register


def latex_factorization(factors: dict[int, int]) -> str:
    """``2^{3} \\cdot 3 \\cdot 5^{2}`` with the primes in increasing order."""
    parts = [str(p) if e == 1 else f"{p}^{{{e}}}" for p, e in sorted(factors.items())]
    return " \\cdot ".join(parts)


@register("math/prime-factorization-v1")
class PrimeFactorization(SmoothNumberEnv):
    """Write an integer as a product of prime powers.

    Task: "factorise 360 into primes" (answer 2^3 · 3^2 · 5). Fundamental theorem of
    arithmetic drills, as in school number theory and DeepMind's mathematics dataset
    (numbers__list_prime_factors).

    Answer format: a product of primes or prime powers in any order, e.g.
    ``<answer>2^3 \\cdot 3^2 \\cdot 5</answer>`` (``\\times``, ``*`` and repeated primes such as
    ``2 \\cdot 2 \\cdot 2`` are read too).

    Knobs: `max_n` (n is drawn uniformly from [max_n/10, max_n] among the integers whose
    prime factors are at most `max_prime`; larger is harder) and `max_prime` (larger is
    harder).

    Verification: `palaestra.verifiers.math.compare` with ``form="factored"``: the product
    must equal the number and every factor must be prime, so the number itself or a product
    with a composite factor (``8 \\cdot 45``) is wrong.

    Versions: v1, first release.
    """

    answer_options = {"kind": "expression", "form": "factored"}

    def sample(
        self, rng: np.random.Generator, params: SmoothNumberParams
    ) -> tuple[dict[str, Any], str]:
        n = smooth_n(rng, params)
        return {"n": n}, latex_factorization(factorize(n))

    def render(self, data: dict[str, Any], params: SmoothNumberParams) -> str:
        return ask(
            f"Write {data['n']} as a product of prime powers.",
            "Give the factorisation with ^ for exponents and \\cdot between factors, for "
            "example 2^3 \\cdot 3^2 \\cdot 5.",
        )

    def wrong_answers(self, task: Task) -> list[str]:
        n = task.data["n"]
        wrong = [block(str(n))]
        smallest = min(factorize(n))
        if sum(factorize(n // smallest).values()) > 1:  # the cofactor is composite
            wrong.append(block(f"{smallest} \\cdot {n // smallest}"))
        return wrong
