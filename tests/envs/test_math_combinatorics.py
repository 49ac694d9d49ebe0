"""What is special about counting, inclusion-exclusion, lattice paths, probability, expected
value and statistics: every formula against brute-force enumeration."""

from __future__ import annotations

import itertools
import math
import statistics as stats
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.math.counting import BUILDERS
from palaestra.envs.math.inclusion_exclusion import divisible_count
from palaestra.envs.math.lattice_paths import count_paths
from palaestra.envs.math.probability import dice_sum_distribution, hypergeometric

FAST = settings(max_examples=40, deadline=None)


def test_counting_formulas_match_enumeration() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        _text, value, facts = BUILDERS["word"](rng, 6)
        assert value == len(set(itertools.permutations(facts["letters"])))
        _text, value, facts = BUILDERS["committee"](rng, 5)
        people = ["w"] * facts["women"] + ["m"] * facts["men"]
        chosen = itertools.combinations(range(len(people)), facts["k"])
        assert value == sum(1 for c in chosen if sum(people[i] == "w" for i in c) >= facts["least"])
        _text, value, facts = BUILDERS["seating"](rng, 6)
        orders = itertools.permutations(range(facts["n"]))
        adjacent = sum(1 for order in orders if abs(order.index(0) - order.index(1)) == 1)
        assert value == (adjacent if facts["together"] else math.factorial(facts["n"]) - adjacent)
        _text, value, facts = BUILDERS["stars_and_bars"](rng, 5)
        boxes, least, items = facts["boxes"], facts["least"], facts["items"]
        shares = itertools.product(range(least, items + 1), repeat=boxes)
        assert value == sum(1 for share in shares if sum(share) == items)


@FAST
@given(st.integers(1, 3000), st.lists(st.integers(2, 30), min_size=1, max_size=4, unique=True))
def test_inclusion_exclusion_matches_brute_force(n: int, divisors: list[int]) -> None:
    assert divisible_count(n, divisors) == sum(
        1 for k in range(1, n + 1) if any(k % d == 0 for d in divisors)
    )


@FAST
@given(
    st.integers(1, 6),
    st.integers(1, 6),
    st.sets(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=6),
)
def test_lattice_paths_match_enumeration(
    width: int, height: int, blocked: set[tuple[int, int]]
) -> None:
    blocked = {p for p in blocked if p not in ((0, 0), (width, height))}
    paths = 0
    for rights in itertools.combinations(range(width + height), width):
        x = y = 0
        ok = True
        for step in range(width + height):
            x, y = (x + 1, y) if step in rights else (x, y + 1)
            ok = ok and (x, y) not in blocked
        paths += ok
    assert count_paths(width, height, blocked) == paths


def test_probability_formulas_match_enumeration() -> None:
    for dice, sides in ((2, 6), (3, 4), (3, 6)):
        counts = dice_sum_distribution(dice, sides)
        rolls = list(itertools.product(range(1, sides + 1), repeat=dice))
        for total, ways in counts.items():
            assert ways == sum(1 for r in rolls if sum(r) == total)
    deck = ["g"] * 5 + ["b"] * 7
    for hits in range(4):
        draws = list(itertools.combinations(range(12), 3))
        favourable = sum(1 for d in draws if sum(deck[i] == "g" for i in d) == hits)
        assert hypergeometric(5, 12, 3, hits) == Fraction(favourable, len(draws))


def test_expected_draws_until_red_match_enumeration() -> None:
    for red, blue in ((1, 3), (2, 4), (3, 2)):
        balls = "r" * red + "b" * blue
        orders = set(itertools.permutations(balls))
        mean = Fraction(sum(order.index("r") + 1 for order in orders), len(orders))
        assert mean == Fraction(red + blue + 1, red + 1)


def test_probability_answers_must_be_exact() -> None:
    env = pa.make("math/probability-v1")
    task = next(
        t
        for t in (env.generate(s, 4) for s in range(50))
        if Fraction(t.answer or "0").denominator % 3 == 0
    )
    assert (
        env.verify(task, f"<answer>{float(Fraction(task.answer or '0')):.6f}</answer>").reason
        == "wrong"
    )


def test_statistics_match_the_statistics_module() -> None:
    env = pa.make("math/statistics-v1")
    functions = {
        "mean": stats.mean,
        "median": stats.median,
        "mode": stats.mode,
        "range": lambda v: max(v) - min(v),
        "population_variance": stats.pvariance,
        "sample_variance": stats.variance,
    }
    for seed in range(60):
        task = env.generate(seed, 8)
        values = [Fraction(v) for v in task.data["values"]]
        measure = task.data["measure"]
        if measure == "standard_deviation":
            assert env.verify(task, f"<answer>\\sqrt{{{stats.pvariance(values)}}}</answer>").correct
            continue
        assert Fraction(functions[measure](values)) == Fraction(task.answer or "0")
