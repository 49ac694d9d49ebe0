"""Pieces of templated word problems: people's names, exact quantities in words, problems.

A template draws the answer and the "nice" intermediate quantities first and derives the
numbers stated in the text from them, so that every stated number is short and the answer is
exact by construction; `WordProblem` carries the text, the exact answer and its unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from palaestra.generators.math_numbers import integer

NAMES = (
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kemi", "Luca", "Maya", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara",
    "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Dara",
)  # fmt: skip


@dataclass(frozen=True)
class WordProblem:
    """One generated problem.

    Attributes:
        text: the question, complete except for the answer format.
        answer: the exact answer.
        unit: the unit the answer is asked in ("hours", "km/h", "%", "dollars").
        steps: arithmetic operations in the reference solution (a cost measure).
        abs_tolerance: the absolute error allowed (0.005 for an amount to the cent).
        numbers: the numbers stated in the text.
    """

    text: str
    answer: Fraction
    unit: str
    steps: int
    abs_tolerance: float = 0.0
    numbers: list[str] = field(default_factory=list)


def names(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct first names."""
    picks = rng.choice(len(NAMES), size=count, replace=False)
    return [NAMES[int(i)] for i in picks]


def choice(rng: np.random.Generator, options: tuple | list) -> object:
    return options[integer(rng, 0, len(options) - 1)]


def number_text(value: Fraction) -> str:
    """A stated quantity: an integer, a terminating decimal, or a fraction p/q."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    scaled, places = value, 0
    while scaled.denominator != 1 and places < 6:
        scaled, places = scaled * 10, places + 1
    if scaled.denominator == 1:
        whole, rest = divmod(abs(scaled.numerator), 10**places)
        return f"{'-' if value < 0 else ''}{whole}.{rest:0{places}d}"
    return f"{value.numerator}/{value.denominator}"


def list_text(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
