"""Euler's totient: how many integers in 1..n are coprime to n."""

from __future__ import annotations

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


def totient(n: int) -> int:
    value = n
    for p in factorize(n):
        value = value // p * (p - 1)
    return value


@register("math/totient-v1")
class Totient(SmoothNumberEnv):
    """Euler's totient function phi(n).

    Task: "how many integers from 1 to 360 are coprime to 360?" (phi(360) = 96). Euler's
    phi function, from his 1763 proof of Fermat's little theorem generalisation; a standard
    exercise of elementary number theory courses.

    Answer format: one integer, e.g. ``<answer>96</answer>``.

    Knobs: `max_n` (n is drawn uniformly from [max_n/10, max_n] among the integers whose
    prime factors are at most `max_prime`; larger is harder) and `max_prime` (larger is
    harder).

    Verification: exact integer comparison (kind ``rational``). The reference is
    n * prod(1 - 1/p) over the prime factors; tests check it against counting gcds.

    Versions: v1, first release.
    """

    def sample(
        self, rng: np.random.Generator, params: SmoothNumberParams
    ) -> tuple[dict[str, Any], str]:
        n = smooth_n(rng, params)
        return {"n": n}, str(totient(n))

    def render(self, data: dict[str, Any], params: SmoothNumberParams) -> str:
        n = data["n"]
        return ask(
            f"Compute Euler's totient phi({n}): how many integers k with 1 <= k <= {n} have "
            f"gcd(k, {n}) = 1?",
            INTEGER_FORMAT,
        )
