"""Counting with permutations and combinations under constraints."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import INTEGER_FORMAT, TemplatedEnv, ladder
from palaestra.generators.math_numbers import distinct, integer
from palaestra.generators.word_problems import list_text, names
from palaestra.params import Params
from palaestra.registry import register

TEMPLATES = ("word", "committee", "seating", "stars_and_bars", "digits")
LETTERS = "ABCDEFGHKLMNPRST"


class CountingParams(Params):
    size: int = Field(
        6, ge=3, le=20, description="objects to arrange or choose from; more is harder"
    )
    templates: int = Field(
        2,
        ge=1,
        le=5,
        description="templates drawn from, in order: word arrangements, committees with a "
        "quota, seating with two people together or apart, identical items into boxes with "
        "a minimum, numbers with distinct digits; more is harder",
    )


def word(rng: np.random.Generator, size: int) -> tuple[str, int, dict[str, Any]]:
    kinds = integer(rng, 2, min(5, size - 1))
    letters = [LETTERS[i] for i in distinct(rng, 0, len(LETTERS) - 1, kinds)]
    counts = [1] * kinds
    for _ in range(size - kinds):
        counts[integer(rng, 0, kinds - 1)] += 1
    multiset = "".join(letter * count for letter, count in zip(letters, counts, strict=True))
    shuffled = "".join(multiset[int(i)] for i in rng.permutation(len(multiset)))
    value = math.factorial(size) // math.prod(math.factorial(c) for c in counts)
    text = f"How many different strings can be made by rearranging all the letters of {shuffled}?"
    return text, value, {"letters": shuffled}


def committee(rng: np.random.Generator, size: int) -> tuple[str, int, dict[str, Any]]:
    women = integer(rng, 2, size + 2)
    men = integer(rng, 2, size + 2)
    k = integer(rng, 2, min(women + men - 1, 8))
    least = integer(rng, 1, min(women, k))
    value = sum(math.comb(women, i) * math.comb(men, k - i) for i in range(least, k + 1))
    text = (
        f"{names(rng, 1)[0]}'s club has {women} women and {men} men. In how many ways can a "
        f"committee of {k} people be chosen that includes at least {least} women?"
    )
    return text, value, {"women": women, "men": men, "k": k, "least": least}


def seating(rng: np.random.Generator, size: int) -> tuple[str, int, dict[str, Any]]:
    people = names(rng, 2)
    together = integer(rng, 0, 1) == 1
    adjacent = 2 * math.factorial(size - 1)
    value = adjacent if together else math.factorial(size) - adjacent
    wish = "sit next to each other" if together else "do not sit next to each other"
    text = (
        f"{size} people, including {people[0]} and {people[1]}, sit in a row of {size} chairs. "
        f"In how many orders can they sit if {people[0]} and {people[1]} {wish}?"
    )
    return text, value, {"n": size, "together": together}


def stars_and_bars(rng: np.random.Generator, size: int) -> tuple[str, int, dict[str, Any]]:
    boxes = integer(rng, 2, min(size, 6))
    least = integer(rng, 0, 3)
    items = integer(rng, boxes * least, boxes * least + 3 * size)
    value = math.comb(items - boxes * least + boxes - 1, boxes - 1)
    text = (
        f"In how many ways can {items} identical coins be shared among "
        f"{list_text(names(rng, boxes))} so that each of them gets at least {least} coins?"
    )
    return text, value, {"items": items, "boxes": boxes, "least": least}


def digits(rng: np.random.Generator, size: int) -> tuple[str, int, dict[str, Any]]:
    length = integer(rng, 2, min(6, max(2, size // 2 + 1)))
    condition = integer(rng, 0, 2)
    numbers = range(10 ** (length - 1), 10**length)
    checks = (
        lambda n: True,
        lambda n: n % 2 == 0,
        lambda n: n % 5 == 0,
    )
    value = sum(1 for n in numbers if len(set(str(n))) == length and checks[condition](n))
    what = ("positive integers", "even positive integers", "multiples of 5")[condition]
    text = f"How many {length}-digit {what} have all their digits different?"
    return text, value, {"length": length, "condition": condition}


BUILDERS = {
    "word": word,
    "committee": committee,
    "seating": seating,
    "stars_and_bars": stars_and_bars,
    "digits": digits,
}


@register("math/counting-v1")
class Counting(TemplatedEnv):
    """Count arrangements and selections with constraints.

    Task, one template per task: rearrangements of a word with repeated letters
    (multinomial coefficients), committees with a quota (sums of products of binomials),
    seating with two people together or apart (complements), identical balls into boxes
    with a minimum (stars and bars) and numbers with distinct digits (the product rule).
    The counting chapter of discrete mathematics and competition problems (AMC,
    MATHCOUNTS).

    Answer format: one integer, e.g. ``<answer>1260</answer>``.

    Knobs: `size` (more objects is harder) and `templates` drawn from (more is harder).

    Verification: exact integer comparison (kind ``rational``: an unevaluated expression
    such as \\binom{9}{4} is not an answer). References use closed formulas, or brute force
    for the digit counts; tests check the formulas by brute-force enumeration.

    Versions: v1, first release.
    """

    Params = CountingParams
    levels = ladder(
        size=[7, 7, 8, 8, 9, 10, 11, 12, 14, 16],
        templates=[4, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    templates = TEMPLATES
    answer_format = INTEGER_FORMAT
    tags = ("math", "combinatorics")

    def question(
        self, rng: np.random.Generator, template: str, size: int
    ) -> tuple[str, Fraction, dict[str, Any]]:
        text, value, facts = BUILDERS[template](rng, size)
        return text, Fraction(value), facts
