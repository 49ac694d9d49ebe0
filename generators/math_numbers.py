"""Random numbers for math tasks, and their LaTeX: nonzero integers, fractions, primes.

Every draw takes the task's numpy Generator; nothing here imports sympy.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def integer(rng: np.random.Generator, low: int, high: int) -> int:
    """A uniform integer in [low, high] (both inclusive), as a Python int of any size."""
    span = high - low + 1
    if span <= 0:
        raise ValueError(f"empty range [{low}, {high}]")
    if span <= 2**62 and -(2**62) <= low <= 2**62:
        return int(rng.integers(low, high + 1))
    bits = span.bit_length()
    while True:  # rejection over 32-bit words: accepts with probability above 1/2
        words = rng.integers(0, 2**32, size=(bits + 31) // 32, dtype=np.uint64)
        value = int.from_bytes(np.asarray(words, dtype="<u4").tobytes(), "little")
        value &= (1 << bits) - 1
        if value < span:
            return low + value


def nonzero(rng: np.random.Generator, bound: int) -> int:
    """A uniform integer in [-bound, bound] other than 0."""
    value = int(rng.integers(1, bound + 1))
    return value if rng.random() < 0.5 else -value


def distinct(rng: np.random.Generator, low: int, high: int, count: int) -> list[int]:
    """`count` distinct integers from [low, high], in random order."""
    if high - low + 1 < count:
        raise ValueError(f"[{low}, {high}] has fewer than {count} integers")
    return [int(v) + low for v in rng.choice(high - low + 1, size=count, replace=False)]


def fraction(rng: np.random.Generator, bound: int, max_denominator: int) -> Fraction:
    """A random reduced fraction p/q with 1 <= q <= max_denominator and |p| <= bound * q."""
    denominator = integer(rng, 1, max_denominator)
    return Fraction(integer(rng, -bound * denominator, bound * denominator), denominator)


def primes_up_to(limit: int) -> list[int]:
    """The primes <= limit (a sieve)."""
    if limit < 2:
        return []
    sieve = bytearray([1]) * (limit + 1)
    sieve[0:2] = b"\x00\x00"
    for p in range(2, int(limit**0.5) + 1):
        if sieve[p]:
            sieve[p * p :: p] = bytearray(len(range(p * p, limit + 1, p)))
    return [i for i, flag in enumerate(sieve) if flag]


def factorize(n: int) -> dict[int, int]:
    """The prime factorisation of n >= 1 by trial division (n up to about 10^12)."""
    factors: dict[int, int] = {}
    p = 2
    while p * p <= n:
        while n % p == 0:
            factors[p] = factors.get(p, 0) + 1
            n //= p
        p += 1 if p == 2 else 2
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors


def latex_number(value: Fraction | int) -> str:
    """An integer as digits, a fraction as ``\\frac{p}{q}`` with the sign in front."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def plain_number(value: Fraction | int) -> str:
    """An integer as digits, a fraction as ``p/q``."""
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{value}"


def signed_term(coefficient: Fraction | int, body: str, first: bool) -> str:
    """One term of a sum: ``3x``, `` - x``, `` + \\frac{1}{2}x``; empty for a zero coefficient."""
    coefficient = Fraction(coefficient)
    if coefficient == 0:
        return ""
    magnitude = abs(coefficient)
    text = body if magnitude == 1 and body else latex_number(magnitude) + body
    if first:
        return f"-{text}" if coefficient < 0 else text
    return f" - {text}" if coefficient < 0 else f" + {text}"


def smooth_in_range(rng: np.random.Generator, low: int, high: int, max_prime: int) -> int:
    """A uniform integer in [low, high] whose prime factors are all <= max_prime.

    Rejection sampling over the range (the share of such numbers is Dickman's rho of
    log(high)/log(max_prime): about 1% for 10^12 and 2000); after 20,000 misses the product
    of small primes closest to the range is built instead.
    """
    primes = primes_up_to(max_prime)
    for _ in range(20_000):
        n = rest = integer(rng, low, high)
        for p in primes:
            while rest % p == 0:
                rest //= p
            if rest == 1:
                return n
    n = 1
    while n * primes[0] <= high:
        n *= primes[int(rng.integers(0, len(primes)))] if n * primes[-1] <= high else primes[0]
    return n
