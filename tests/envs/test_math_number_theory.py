"""What is special about the number-theory math envs: references against brute force, forms."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.math.base_conversion import to_base
from palaestra.envs.math.continued_fraction import collapse, expand
from palaestra.envs.math.crt import crt
from palaestra.envs.math.divisors import divisor_count, divisor_sum
from palaestra.envs.math.linear_diophantine import least_solution
from palaestra.envs.math.modular_inverse import solve_congruence
from palaestra.envs.math.totient import totient
from palaestra.generators.math_numbers import factorize, smooth_in_range

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(st.integers(1, 3000))
def test_divisor_functions_match_enumeration(n: int) -> None:
    divisors = [d for d in range(1, n + 1) if n % d == 0]
    factors = factorize(n)
    assert divisor_count(factors) == len(divisors)
    assert divisor_sum(factors) == sum(divisors)
    assert totient(n) == sum(1 for k in range(1, n + 1) if math.gcd(k, n) == 1)


@FAST
@given(st.integers(1, 60), st.integers(0, 60), st.integers(2, 60))
def test_linear_congruence_solutions_match_brute_force(a: int, b: int, m: int) -> None:
    assert solve_congruence(a, b % m, m) == [x for x in range(m) if (a * x - b) % m == 0]


@FAST
@given(st.lists(st.integers(2, 30), min_size=2, max_size=4), st.integers(0, 10**6))
def test_crt_finds_the_least_solution(moduli: list[int], hidden: int) -> None:
    lcm = math.lcm(*moduli)
    residues = [hidden % m for m in moduli]
    assert crt(residues, moduli) == (hidden % lcm, lcm)
    shifted = [(r + 1) % m for r, m in zip(residues, moduli, strict=True)]
    solution = crt(shifted, moduli)
    assert solution is None or all(
        solution[0] % m == r for r, m in zip(shifted, moduli, strict=True)
    )


@FAST
@given(st.integers(0, 10**30), st.integers(2, 36))
def test_base_digits_round_trip(n: int, base: int) -> None:
    assert int(to_base(n, base), base) == n


@FAST
@given(st.integers(-500, 500), st.integers(-500, 500), st.integers(-50, 50), st.integers(-50, 50))
def test_least_diophantine_solution(a: int, b: int, x0: int, y0: int) -> None:
    if a == 0 or b == 0 or abs(b) // math.gcd(a, b) < 2:
        return
    c = a * x0 + b * y0
    x, y = least_solution(a, b, c)
    assert a * x + b * y == c and 0 <= x < abs(b) // math.gcd(a, b)


@FAST
@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6))
def test_continued_fractions_round_trip(value: Fraction) -> None:
    terms = expand(value)
    assert collapse(terms) == value
    assert len(terms) == 1 or terms[-1] >= 2


def test_smooth_numbers_are_smooth_and_in_range() -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    for _ in range(50):
        n = smooth_in_range(rng, 10**8, 10**9, 200)
        assert 10**8 <= n <= 10**9 and max(factorize(n)) <= 200


def test_prime_factorisation_accepts_any_order_and_rejects_composites() -> None:
    env = pa.make("math/prime-factorization-v1")
    task = env.generate(3, 4)
    factors = factorize(task.data["n"])
    reordered = " \\times ".join(f"{p}^{e}" for p, e in sorted(factors.items(), reverse=True))
    assert env.verify(task, f"<answer>{reordered}</answer>").correct
    repeated = " * ".join(str(p) for p, e in factors.items() for _ in range(e))
    assert env.verify(task, f"<answer>{repeated}</answer>").correct
    assert env.verify(task, f"<answer>{task.data['n']}</answer>").reason == "wrong"


def test_congruences_with_several_solutions_need_all_of_them() -> None:
    env = pa.make("math/modular-inverse-v1")
    task = next(t for t in (env.generate(s, 8) for s in range(200)) if len(t.data["solutions"]) > 2)
    solutions = task.data["solutions"]
    assert env.verify(task, f"<answer>{', '.join(map(str, reversed(solutions)))}</answer>").correct
    partial = env.verify(task, f"<answer>{solutions[0]}</answer>")
    assert (partial.reason, partial.score) == ("partial", 0.0)
    empty = next(t for t in (env.generate(s, 8) for s in range(300)) if not t.data["solutions"])
    assert env.verify(empty, "<answer>no solution</answer>").correct


@pytest.mark.parametrize("env_id", ["math/gcd-lcm-v1", "math/crt-v1", "math/modular-arithmetic-v1"])
def test_integer_answers_are_numbers_not_expressions(env_id: str) -> None:
    env = pa.make(env_id)
    task = env.generate(0, 3)
    value = int(task.answer or "0")
    assert env.verify(task, f"<answer>{value - 1} + 1</answer>").reason == "unparsable"
    assert env.verify(task, f"The answer is \\boxed{{{value}}}.").correct


def test_continued_fraction_expansions_are_ordered_and_canonical() -> None:
    env = pa.make("math/continued-fraction-v1")
    task = next(
        t for t in (env.generate(s, 4) for s in range(50)) if t.data["direction"] == "expand"
    )
    terms = task.data["terms"]
    assert env.verify(
        task, f"<answer>[{terms[0]}; {', '.join(map(str, terms[1:]))}]</answer>"
    ).correct
    assert not env.verify(
        task, f"<answer>({', '.join(map(str, reversed(terms)))})</answer>"
    ).correct
