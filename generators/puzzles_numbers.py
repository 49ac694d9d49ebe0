"""Arithmetic puzzles over given numbers: exhaustive solving and planted targets.

`solve_target` decides whether numbers can be combined with + - * / into a target, each
number used exactly once, by depth-first search over pairs with memoisation on the sorted
multiset (exact fractions); it also counts the distinct sub-results explored. `plant_target`
builds a random expression under Countdown rules (every intermediate result a positive
integer) and returns its value, so a target is reachable by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from palaestra.generators.expressions import BinOp, Expr, to_text


@dataclass
class Search:
    """What one `solve_target` call explored."""

    nodes: int = 0
    seen: set[tuple[Fraction, ...]] = field(default_factory=set)


def combine(a: tuple[Fraction, Expr], b: tuple[Fraction, Expr]) -> list[tuple[Fraction, Expr]]:
    """Every value (with its expression) of a op b and b op a for the four operations."""
    (x, ex), (y, ey) = a, b
    out = [(x + y, BinOp("+", ex, ey)), (x * y, BinOp("*", ex, ey))]
    out += [(x - y, BinOp("-", ex, ey)), (y - x, BinOp("-", ey, ex))]
    if y:
        out.append((x / y, BinOp("/", ex, ey)))
    if x:
        out.append((y / x, BinOp("/", ey, ex)))
    return out


def solve_target(
    numbers: list[int], target: int, *, integral: bool = False, search: Search | None = None
) -> Expr | None:
    """An expression using every number exactly once with value `target`, or None.

    With `integral`, every intermediate result must be a whole number (no fractions on the
    way). Multisets already shown to fail are skipped, so each is searched once.
    """
    search = search or Search()
    goal = Fraction(target)

    def go(items: list[tuple[Fraction, Expr]]) -> Expr | None:
        if len(items) == 1:
            return items[0][1] if items[0][0] == goal else None
        key = tuple(sorted(value for value, _ in items))
        if key in search.seen:
            return None
        search.seen.add(key)
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                rest = items[:i] + items[i + 1 : j] + items[j + 1 :]
                for value, expr in combine(items[i], items[j]):
                    search.nodes += 1
                    if integral and value.denominator != 1:
                        continue
                    found = go([*rest, (value, expr)])
                    if found is not None:
                        return found
        return None

    return go([(Fraction(n), n) for n in numbers])


def plant_target(
    rng: np.random.Generator, numbers: list[int], uses: int, low: int, high: int, tries: int = 200
) -> tuple[int, Expr] | None:
    """A target in low..high and a Countdown expression reaching it from `uses` of the
    numbers (each at most once), every intermediate result a positive integer; None when
    `tries` random expressions all miss the range."""
    for _ in range(tries):
        chosen = [numbers[int(i)] for i in rng.choice(len(numbers), uses, replace=False)]
        items: list[tuple[Fraction, Expr]] = [(Fraction(n), n) for n in chosen]
        while len(items) > 1:
            i, j = (int(k) for k in rng.choice(len(items), 2, replace=False))
            options = [
                (value, expr)
                for value, expr in combine(items[i], items[j])
                if value > 0 and value.denominator == 1 and value not in (items[i][0], items[j][0])
            ]
            if not options:
                break
            picked = options[int(rng.integers(len(options)))]
            items = [item for k, item in enumerate(items) if k not in (i, j)] + [picked]
        if len(items) == 1 and low <= items[0][0] <= high:
            return int(items[0][0]), items[0][1]
    return None


def expression_text(expr: Expr) -> str:
    """An expression as text with minimal parentheses (see `generators.expressions`)."""
    return to_text(expr)
