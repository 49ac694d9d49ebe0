"""Assignment puzzles over positions: zebra houses, seats in a row or round a table, ranks.

A solution puts each value of each category (names, colours, pets, ...) at one of n
positions, one value per category and position. Clues relate items, an item being a
``[category, value]`` pair: same position, different positions, at a position, directly
right of, next to, somewhere before, k positions apart, at an end. The puzzle is encoded one
hot in a `PuzzleCNF` with every clue guarded, so MiniSat proves that the clues force the
solution (or, with a projection, the part of it that is asked), and `UniquenessProver`
drops clues that are not needed. Envs phrase the clues in their own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from palaestra.generators.puzzles_cnf import PuzzleCNF, UniquenessProver, solve_stats

Item = tuple[int, int]  # (category, value)
KINDS = ("same", "differ", "at", "not_at", "right_of", "next", "not_next", "before", "gap", "end")


@dataclass
class Clue:
    """`kind` relating item `a` to item `b` (or to position/distance `k`)."""

    kind: str
    a: Item
    b: Item | None = None
    k: int | None = None

    def to_json(self) -> list[Any]:
        return [self.kind, list(self.a), None if self.b is None else list(self.b), self.k]

    @classmethod
    def from_json(cls, value: list[Any]) -> Clue:
        kind, a, b, k = value
        return cls(kind, (a[0], a[1]), None if b is None else (b[0], b[1]), k)


def holds(clue: Clue, where: dict[Item, int], n: int, circular: bool) -> bool:
    """Whether the clue is true when item i sits at position where[i]."""
    a = where[clue.a]
    b = where[clue.b] if clue.b is not None else None
    step = (lambda x: (x + 1) % n) if circular else (lambda x: x + 1)
    if clue.kind == "same":
        return a == b
    if clue.kind == "differ":
        return a != b
    if clue.kind == "at":
        return a == clue.k
    if clue.kind == "not_at":
        return a != clue.k
    if clue.kind == "right_of":
        return a == step(b)
    if clue.kind in ("next", "not_next"):
        adjacent = a == step(b) or b == step(a)
        return adjacent == (clue.kind == "next")
    if clue.kind == "before":
        return a < b
    if clue.kind == "gap":
        return abs(a - b) == clue.k + 1
    if clue.kind == "end":
        return a in (0, n - 1)
    raise ValueError(f"unknown clue kind {clue.kind!r}")


class PositionPuzzle:
    """The CNF of a puzzle with `sizes[c]` = n values per category over n positions."""

    def __init__(self, categories: int, n: int, circular: bool = False) -> None:
        self.categories, self.n, self.circular = categories, n, circular
        self.cnf = PuzzleCNF()
        for c in range(categories):
            for v in range(n):
                self.cnf.exactly_one([self.x((c, v), h) for h in range(n)])
            for h in range(n):
                self.cnf.exactly_one([self.x((c, v), h) for v in range(n)])

    def x(self, item: Item, position: int) -> int:
        return self.cnf.var("at", item[0], item[1], position)

    def add(self, clue: Clue) -> int:
        """Adds the clue's clauses under a fresh guard literal, which is returned."""
        n, x = self.n, self.x
        clauses: list[list[int]] = []
        a, b = clue.a, clue.b
        for h in range(n):
            if clue.kind == "same":
                clauses.append([-x(a, h), x(b, h)])
            elif clue.kind == "differ":
                clauses.append([-x(a, h), -x(b, h)])
            elif clue.kind == "at":
                clauses.append([x(a, h)] if h == clue.k else [-x(a, h)])
            elif clue.kind == "not_at":
                if h == clue.k:
                    clauses.append([-x(a, h)])
            elif clue.kind == "right_of":
                clauses.append([-x(a, h), *self._shifted(b, h, -1)])
            elif clue.kind == "next":
                clauses.append([-x(a, h), *self._shifted(b, h, -1), *self._shifted(b, h, 1)])
            elif clue.kind == "not_next":
                clauses += [
                    [-x(a, h), -lit] for lit in self._shifted(b, h, -1) + self._shifted(b, h, 1)
                ]
            elif clue.kind == "before":
                clauses.append([-x(a, h), *(x(b, g) for g in range(h + 1, n))])
            elif clue.kind == "gap":
                d = clue.k + 1
                clauses.append([-x(a, h), *(x(b, g) for g in (h - d, h + d) if 0 <= g < n)])
            elif clue.kind == "end" and 0 < h < n - 1:
                clauses.append([-x(a, h)])
        return self.cnf.guard(clauses)

    def _shifted(self, item: Item, h: int, offset: int) -> list[int]:
        g = h + offset
        if self.circular:
            return [self.x(item, g % self.n)]
        return [self.x(item, g)] if 0 <= g < self.n else []

    def solution_literals(self, where: dict[Item, int]) -> list[int]:
        return [
            self.x((c, v), h) if where[(c, v)] == h else -self.x((c, v), h)
            for c in range(self.categories)
            for v in range(self.n)
            for h in range(self.n)
        ]


def random_solution(rng: np.random.Generator, categories: int, n: int) -> dict[Item, int]:
    """Every category a uniform random permutation of the positions."""
    where: dict[Item, int] = {}
    for c in range(categories):
        for v, h in enumerate(rng.permutation(n)):
            where[(c, v)] = int(h)
    return where


def random_clue(
    rng: np.random.Generator,
    where: dict[Item, int],
    categories: int,
    n: int,
    kinds: tuple[str, ...],
    circular: bool = False,
) -> Clue | None:
    """A random clue of one of `kinds` that is true of the solution `where` (None when the
    drawn kind does not fit, e.g. `same` with one category)."""
    at = {h: {c: v for (c, v), g in where.items() if g == h} for h in range(n)}
    kind = kinds[int(rng.integers(len(kinds)))]

    def item_at(h: int, avoid: int | None = None) -> Item:
        options = [c for c in range(categories) if c != avoid]
        c = options[int(rng.integers(len(options)))]
        return (c, at[h][c])

    h1, h2 = (int(v) for v in rng.choice(n, size=2, replace=False))
    if kind == "same":
        if categories < 2:
            return None
        a = item_at(h1)
        return Clue(kind, a, item_at(h1, avoid=a[0]))
    if kind == "differ":
        return Clue(kind, item_at(h1), item_at(h2))
    if kind == "at":
        return Clue(kind, item_at(h1), k=h1)
    if kind == "not_at":
        return Clue(kind, item_at(h1), k=h2)
    if kind == "right_of":
        if not circular and h1 == 0:
            return None
        return Clue(kind, item_at(h1), item_at((h1 - 1) % n))
    if kind == "next":
        if not circular and h1 == n - 1:
            return None
        pair = [item_at(h1), item_at((h1 + 1) % n)]
        return Clue(kind, *(pair if rng.random() < 0.5 else pair[::-1]))
    if kind == "not_next":
        apart = abs(h1 - h2) not in (1, n - 1) if circular else abs(h1 - h2) != 1
        return Clue(kind, item_at(h1), item_at(h2)) if apart else None
    if kind == "before":
        low, high = sorted((h1, h2))
        return Clue(kind, item_at(low), item_at(high))
    if kind == "gap":
        if circular or abs(h1 - h2) < 2:
            return None
        return Clue(kind, item_at(h1), item_at(h2), k=abs(h1 - h2) - 1)
    if kind == "end":
        h = (0, n - 1)[int(rng.integers(2))]
        return Clue(kind, item_at(h))
    raise ValueError(f"unknown clue kind {kind!r}")


@dataclass
class Built:
    clues: list[Clue]
    checks: int


def build_clues(
    rng: np.random.Generator,
    puzzle_shape: tuple[int, int, bool],
    where: dict[Item, int],
    kinds: tuple[str, ...],
    project: list[Item] | None = None,
    max_clues: int = 400,
) -> Built:
    """Random true clues added until MiniSat proves the solution unique (on the positions of
    the `project` items only, when given), then every clue that is not needed dropped."""
    categories, n, circular = puzzle_shape
    puzzle = PositionPuzzle(categories, n, circular)
    full = puzzle.solution_literals(where)
    if project is None:
        projected = full
        variables = None
    else:
        projected = [puzzle.x(item, where[item]) for item in project]
        variables = projected
    clues: list[Clue] = []
    guards: list[int] = []
    target = 2 * categories * n
    for _ in range(6):
        for _ in range(20 * target):
            if len(clues) >= min(target, max_clues):
                break
            clue = random_clue(rng, where, categories, n, kinds, circular)
            if clue is not None and clue not in clues:
                clues.append(clue)
                guards.append(puzzle.add(clue))
        with UniquenessProver(puzzle.cnf, projected, variables) as prover:
            if prover.is_unique(guards):
                removal = prover.minimize(rng, guards, range(len(guards)))
                kept = sorted(removal.kept)
                return Built([clues[i] for i in kept], prover.checks)
        target *= 2
    raise RuntimeError("no unique puzzle within the clue budget")


def puzzle_stats(shape: tuple[int, int, bool], clues: list[Clue]) -> dict[str, int]:
    """MiniSat's effort to solve the puzzle from its clues."""
    puzzle = PositionPuzzle(*shape)
    guards = [puzzle.add(clue) for clue in clues]
    return solve_stats(puzzle.cnf, guards)


def _above(pairs: list[tuple[int, int]], n: int) -> list[set[int]]:
    """above[v]: the values that the (higher, lower) pairs put above v, transitively."""
    above: list[set[int]] = [set() for _ in range(n)]
    changed = True
    while changed:
        changed = False
        for high, low in pairs:
            new = above[high] | {high}
            if not new <= above[low]:
                above[low] |= new
                changed = True
    return above


def _rank_fixed(pairs: list[tuple[int, int]], n: int, value: int) -> bool:
    # A value's place is the same in every linear extension exactly when it is comparable
    # with every other value.
    above = _above(pairs, n)
    below = {v for v in range(n) if value in above[v]}
    return len(above[value]) + len(below) == n - 1


def rank_fixing_comparisons(
    rng: np.random.Generator, where: dict[Item, int], value: int
) -> list[Clue]:
    """A minimal random set of true `before` comparisons (one category) that fixes the
    position of `value`: drawn until it is comparable with all others, thinned while it
    stays so, and then proved with MiniSat (no other value fits that position)."""
    n = len(where)
    position = {v: where[(0, v)] for v in range(n)}
    pairs: list[tuple[int, int]] = []
    for first, second in (
        tuple(int(x) for x in rng.choice(n, 2, replace=False)) for _ in range(n * n * 4)
    ):
        pair = (first, second) if position[first] < position[second] else (second, first)
        if pair not in pairs:
            pairs.append(pair)
        if _rank_fixed(pairs, n, value):
            break
    for pair in [pairs[int(i)] for i in rng.permutation(len(pairs))]:
        trial = [p for p in pairs if p != pair]
        if _rank_fixed(trial, n, value):
            pairs = trial
    clues = [Clue("before", (0, high), (0, low)) for high, low in pairs]
    puzzle = PositionPuzzle(1, n)
    guards = [puzzle.add(clue) for clue in clues]
    literal = puzzle.x((0, value), position[value])
    with UniquenessProver(puzzle.cnf, [literal], [literal]) as prover:
        if not prover.is_unique(guards):
            raise RuntimeError("the comparisons do not fix the asked rank")
    return clues
