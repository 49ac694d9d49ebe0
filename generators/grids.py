"""Latin squares and sudoku grids: a CNF encoding, random filled grids, clue removal.

`GridCNF` encodes "every cell holds one value 1..n, and every row, column and (optionally)
box holds each value once" as clauses over one-hot cell variables. Puzzle generators add
their own constraints (cages, inequalities, clues) on top and reuse `random_filled_grid` for
a solution and `remove_clues` to empty cells while a SAT solver proves the solution unique.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import numpy as np
from pysat.solvers import Solver

Grid = list[list[int]]
# MiniSat 2.2 is frozen upstream: its statistics and the grids it completes do not drift.
SOLVER = "minisat22"


class GridCNF:
    """The rules of an n x n latin square, or of a sudoku when box dimensions are given.

    Variable ``var(r, c, v)`` (0-based row and column, value 1..n) is true when cell (r, c)
    holds v. The encoding is the "extended" one: each cell, and each value in each row,
    column and box, has an at-least-one clause and pairwise at-most-one clauses, so unit
    propagation alone finds naked and hidden singles.
    """

    def __init__(self, size: int, box_rows: int | None = None, box_cols: int | None = None) -> None:
        if (box_rows is None) != (box_cols is None):
            raise ValueError("give both box_rows and box_cols, or neither for a latin square")
        if box_rows is not None and box_cols is not None and box_rows * box_cols != size:
            raise ValueError(f"boxes of {box_rows}x{box_cols} do not tile a {size}x{size} grid")
        self.size = size
        self.box_rows = box_rows
        self.box_cols = box_cols

    @property
    def n_vars(self) -> int:
        return self.size**3

    def var(self, row: int, col: int, value: int) -> int:
        return (row * self.size + col) * self.size + value

    def units(self) -> list[list[tuple[int, int]]]:
        """The groups of cells that must hold every value once: rows, columns, boxes."""
        return [list(unit) for unit in _units(self.size, self.box_rows, self.box_cols)]

    def clauses(self) -> list[list[int]]:
        """The rule clauses (cached per shape and shared, so callers must not mutate them)."""
        return _clauses(self.size, self.box_rows, self.box_cols)

    def solver(self) -> Solver:
        """A fresh MiniSat 2.2 solver holding the rules."""
        return Solver(name=SOLVER, bootstrap_with=self.clauses())

    def literals(self, grid: Grid) -> list[int]:
        """One positive literal per filled (non-zero) cell of `grid`."""
        return [
            self.var(r, c, value)
            for r, row in enumerate(grid)
            for c, value in enumerate(row)
            if value
        ]

    def blocking_clause(self, grid: Grid) -> list[int]:
        """The clause that excludes exactly the full grid `grid`."""
        return [-lit for lit in self.literals(grid)]

    def decode(self, model: list[int]) -> Grid:
        """The grid a satisfying model describes."""
        n = self.size
        grid = [[0] * n for _ in range(n)]
        for lit in model:
            if 0 < lit <= self.n_vars:
                cell, value = divmod(lit - 1, n)
                grid[cell // n][cell % n] = value + 1
        return grid

    def solve_stats(self, puzzle: Grid) -> dict[str, int]:
        """MiniSat's effort (decisions, propagations, conflicts) to solve `puzzle` from scratch."""
        with self.solver() as solver:
            for lit in self.literals(puzzle):
                solver.add_clause([lit])
            solver.solve()
            stats = solver.accum_stats()
        return {key: int(stats.get(key, 0)) for key in ("decisions", "propagations", "conflicts")}


@cache
def _units(
    size: int, box_rows: int | None, box_cols: int | None
) -> tuple[tuple[tuple[int, int], ...], ...]:
    cells = range(size)
    units = [tuple((r, c) for c in cells) for r in cells]
    units += [tuple((r, c) for r in cells) for c in cells]
    if box_rows and box_cols:
        for top in range(0, size, box_rows):
            for left in range(0, size, box_cols):
                units.append(
                    tuple((top + dr, left + dc) for dr in range(box_rows) for dc in range(box_cols))
                )
    return tuple(units)


@cache
def _clauses(size: int, box_rows: int | None, box_cols: int | None) -> list[list[int]]:
    def var(r: int, c: int, v: int) -> int:
        return (r * size + c) * size + v

    groups = [[var(r, c, v) for v in range(1, size + 1)] for r in range(size) for c in range(size)]
    for unit in _units(size, box_rows, box_cols):
        groups += [[var(r, c, v) for r, c in unit] for v in range(1, size + 1)]
    clauses: list[list[int]] = []
    for group in groups:
        clauses.append(group)
        clauses += [[-a, -b] for i, a in enumerate(group) for b in group[i + 1 :]]
    return clauses


def random_filled_grid(
    rng: np.random.Generator, cnf: GridCNF, solver: Solver | None = None
) -> Grid:
    """A random complete grid obeying the rules of `cnf`.

    `solver`, when given, must be fresh from `cnf.solver()` (plus any extra constraints of the
    puzzle), since its state shapes the grid; `remove_clues` can then go on with it.
    MiniSat completes an empty grid with a random preferred value per cell as its phase, and
    the result is then relabelled and shuffled by the rule-preserving symmetries (rows within
    a band of boxes, bands, columns within a stack, stacks, transposition for square boxes).
    Unlike permuting one base pattern, this reaches grids of every structure, so a model cannot
    learn the pattern's band regularities instead of solving.
    """
    n = cnf.size
    preferred = rng.integers(1, n + 1, size=(n, n))
    phases = [
        cnf.var(r, c, v) if v == preferred[r, c] else -cnf.var(r, c, v)
        for r in range(n)
        for c in range(n)
        for v in range(1, n + 1)
    ]
    with _own_or(cnf, solver) as active:
        active.set_phases(phases)
        if not active.solve():
            raise ValueError(f"no {n}x{n} grid satisfies these rules")
        grid = np.array(cnf.decode(active.get_model()))
    band, stack = cnf.box_rows or 1, cnf.box_cols or 1
    rows = _block_permutation(rng, n, band)
    cols = _block_permutation(rng, n, stack)
    labels = np.concatenate([[0], rng.permutation(n) + 1])
    grid = labels[grid[np.ix_(rows, cols)]]
    if band == stack and rng.integers(2):
        grid = grid.T
    return grid.tolist()


def _block_permutation(rng: np.random.Generator, n: int, block: int) -> np.ndarray:
    """A permutation of range(n) that keeps blocks of `block` consecutive indices together.

    With block 1 (a latin square without boxes) any permutation qualifies.
    """
    if block == 1:
        return rng.permutation(n)
    order = rng.permutation(n // block)
    return np.concatenate([b * block + rng.permutation(block) for b in order])


def remove_clues(
    rng: np.random.Generator,
    cnf: GridCNF,
    solution: Grid,
    holes: int | None,
    solver: Solver | None = None,
) -> Grid:
    """Empties up to `holes` cells of `solution` (all it can when None), keeping it unique.

    Cells are tried in a random order; a cell is emptied only when the SAT solver proves that
    no other grid fits the remaining clues: the rules (with whatever else `solver` holds) and a
    clause that blocks `solution` are unsatisfiable under the clues as assumptions. One solver
    serves the whole pass; a solver passed in keeps the blocking clause afterwards. A clue
    that cannot go stays, and it could not go later either (fewer clues never make a puzzle
    more constrained), so one pass reaches a minimal puzzle when the target is not met first.
    Empty cells are 0 in the returned grid.
    """
    n = cnf.size
    puzzle = [list(row) for row in solution]
    target = n * n if holes is None else holes
    removed = 0
    with _own_or(cnf, solver) as active:
        active.add_clause(cnf.blocking_clause(solution))
        for cell in rng.permutation(n * n):
            if removed >= target:
                break
            r, c = divmod(int(cell), n)
            value, puzzle[r][c] = puzzle[r][c], 0
            if active.solve(assumptions=cnf.literals(puzzle)):
                puzzle[r][c] = value  # a second solution appeared: the clue is needed
            else:
                removed += 1
    return puzzle


@contextmanager
def _own_or(cnf: GridCNF, solver: Solver | None) -> Iterator[Solver]:
    """The caller's solver, left open, or a fresh one deleted after use."""
    if solver is not None:
        yield solver
        return
    with cnf.solver() as own:
        yield own
