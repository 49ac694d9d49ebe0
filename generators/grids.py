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
from itertools import repeat

import numpy as np
import pysolvers
from pysat.solvers import Solver

from palaestra.generators.puzzles_cnf import PuzzleCNF

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
        return _bootstrapped(self.clauses())

    def literals(self, grid: Grid) -> list[int]:
        """One positive literal per filled (non-zero) cell of `grid`."""
        n = self.size
        return [
            (r * n + c) * n + value
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


def _bootstrapped(clauses: list[list[int]]) -> Solver:
    """`Solver(name=SOLVER, bootstrap_with=clauses)`, adding the clauses straight through the
    MiniSat binding: the same calls in the same order, without pysat's per-clause wrappers."""
    solver = Solver(name=SOLVER)
    inner = solver.solver
    add, handle = pysolvers.minisat22_add_cl, inner.minisat
    if not all(list(map(add, repeat(handle, len(clauses)), clauses))):
        inner.status = False
    return solver


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
    values = range(1, n + 1)
    phases = [
        base + v if v == want else -(base + v)
        for base, want in zip(range(0, n**3, n), preferred.ravel().tolist(), strict=True)
        for v in values
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


# ------------------------------------------------------------------ regions and neighbourhoods
Cell = tuple[int, int]
_ORTHOGONAL = ((-1, 0), (1, 0), (0, -1), (0, 1))
_KING = (*_ORTHOGONAL, (-1, -1), (-1, 1), (1, -1), (1, 1))


def neighbours(r: int, c: int, rows: int, cols: int, *, diagonal: bool = False) -> list[Cell]:
    """The cells next to (r, c) inside a rows x cols grid: up, down, left, right (and the four
    diagonal ones when `diagonal`), in that order."""
    steps = _KING if diagonal else _ORTHOGONAL
    return [(r + dr, c + dc) for dr, dc in steps if 0 <= r + dr < rows and 0 <= c + dc < cols]


def components(cells: set[Cell], *, diagonal: bool = False) -> list[set[Cell]]:
    """The connected groups of `cells` (orthogonal steps, or king steps when `diagonal`),
    each found by a flood fill from its smallest cell, in sorted order of those cells."""
    steps = _KING if diagonal else _ORTHOGONAL
    left = set(cells)
    groups = []
    for start in sorted(cells):
        if start not in left:
            continue
        group, stack = {start}, [start]
        left.discard(start)
        while stack:
            r, c = stack.pop()
            for dr, dc in steps:
                nxt = (r + dr, c + dc)
                if nxt in left:
                    left.discard(nxt)
                    group.add(nxt)
                    stack.append(nxt)
        groups.append(group)
    return groups


def grow_regions(
    rng: np.random.Generator,
    rows: int,
    cols: int,
    seeds: list[list[Cell]],
    allowed: set[Cell] | None = None,
) -> Grid:
    """Region ids per cell, grown from `seeds` (region i starts as seeds[i]) by random steps.

    Each step takes a random region's random frontier cell, so regions grow at similar
    rates into irregular shapes. Only `allowed` cells (all when None) are claimed; cells no
    region reaches stay -1.
    """
    region = [[-1] * cols for _ in range(rows)]
    frontier: list[tuple[Cell, int]] = []
    for index, seed in enumerate(seeds):
        for r, c in seed:
            region[r][c] = index
    for index, seed in enumerate(seeds):
        for r, c in seed:
            frontier += [(cell, index) for cell in neighbours(r, c, rows, cols)]
    while frontier:
        pick = int(rng.integers(len(frontier)))
        frontier[pick], frontier[-1] = frontier[-1], frontier[pick]
        (r, c), index = frontier.pop()
        if region[r][c] != -1 or (allowed is not None and (r, c) not in allowed):
            continue
        region[r][c] = index
        frontier += [(cell, index) for cell in neighbours(r, c, rows, cols)]
    return region


def random_polyominoes(
    rng: np.random.Generator,
    rows: int,
    cols: int,
    min_size: int,
    max_size: int,
    distinct: Grid | None = None,
) -> Grid:
    """A partition of the grid into connected pieces of min_size..max_size cells (ids 0..).

    Pieces start at the first free cell of a random order and grow by random free
    neighbours to a size drawn uniformly from the range; a piece boxed in below `min_size`
    joins a neighbouring piece that still has room, or stays small when none has. With
    `distinct` (a value per cell), no piece holds one value twice (killer sudoku cages).
    """
    region = [[-1] * cols for _ in range(rows)]
    sizes: list[int] = []
    for cell in rng.permutation(rows * cols):
        r0, c0 = divmod(int(cell), cols)
        if region[r0][c0] != -1:
            continue
        index = len(sizes)
        target = int(rng.integers(min_size, max_size + 1))
        piece = [(r0, c0)]
        region[r0][c0] = index
        while len(piece) < target:
            taken = {distinct[r][c] for r, c in piece} if distinct else set()
            free = sorted(
                {
                    n
                    for r, c in piece
                    for n in neighbours(r, c, rows, cols)
                    if region[n[0]][n[1]] == -1
                    and (not distinct or distinct[n[0]][n[1]] not in taken)
                }
            )
            if not free:
                break
            r, c = free[int(rng.integers(len(free)))]
            region[r][c] = index
            piece.append((r, c))
        sizes.append(len(piece))
        if len(piece) < min_size:
            hosts = sorted(
                {
                    region[n[0]][n[1]]
                    for r, c in piece
                    for n in neighbours(r, c, rows, cols)
                    if region[n[0]][n[1]] not in (-1, index)
                    and sizes[region[n[0]][n[1]]] + len(piece) <= max_size
                }
            )
            if distinct:
                hosts = [h for h in hosts if _disjoint_values(region, h, piece, distinct)]
            if hosts:
                host = hosts[int(rng.integers(len(hosts)))]
                for r, c in piece:
                    region[r][c] = host
                sizes[host] += len(piece)
                sizes[index] = 0
    return _renumber(region)


def _disjoint_values(region: Grid, host: int, piece: list[Cell], values: Grid) -> bool:
    """Whether `piece` shares no value with region `host`."""
    mine = {values[r][c] for r, c in piece}
    return all(
        values[r][c] not in mine
        for r, row in enumerate(region)
        for c, owner in enumerate(row)
        if owner == host
    )


def _renumber(region: Grid) -> Grid:
    """Region ids renumbered 0.. in reading order of each region's first cell."""
    mapping: dict[int, int] = {}
    for row in region:
        for value in row:
            if value != -1 and value not in mapping:
                mapping[value] = len(mapping)
    return [[mapping.get(value, -1) for value in row] for row in region]


def latin_puzzle_cnf(
    size: int, box_rows: int | None = None, box_cols: int | None = None
) -> tuple[PuzzleCNF, GridCNF]:
    """A `PuzzleCNF` holding the latin-square (or sudoku) rules of `GridCNF`, whose
    variable ``("x", r, c, v)`` is `GridCNF.var(r, c, v)`; puzzles add their clues to it."""
    grid = GridCNF(size, box_rows, box_cols)
    cnf = PuzzleCNF()
    for r in range(size):
        for c in range(size):
            for v in range(1, size + 1):
                if cnf.var("x", r, c, v) != grid.var(r, c, v):  # pragma: no cover - invariant
                    raise AssertionError("variable numbering drifted from GridCNF")
    cnf.add_all(grid.clauses())
    return cnf, grid


def decode_values(cnf: PuzzleCNF, size: int, solution: list[int]) -> Grid:
    """The grid that the true ``x`` literals of `solution` describe (size x size cells,
    values found among the variables named ``("x", r, c, v)``; 0 where none is true)."""
    grid = [[0] * size for _ in range(size)]
    for lit in solution:
        if lit > 0:
            key = cnf.pool.obj(lit)
            if isinstance(key, tuple) and len(key) == 4 and key[0] == "x":
                grid[key[1]][key[2]] = key[3]
    return grid


def value_vars(cnf: PuzzleCNF, size: int, values: range | None = None) -> list[int]:
    """Every ``x(r, c, v)`` variable of a size x size grid (values 1..size by default), in
    reading order, values innermost."""
    values = values or range(1, size + 1)
    return [cnf.var("x", r, c, v) for r in range(size) for c in range(size) for v in values]


def connectivity_cuts(member: dict[Cell, int], model: set[int]) -> list[list[int]]:
    """Cuts that forbid the split of one set of cells that `model` shows, or [] if unsplit.

    `member[cell]` is the literal (possibly negative) that puts a cell in the set that must
    be orthogonally connected. For each component C of the set and each set cell o outside
    it: C in the set, every neighbour of C out of it and o in it cannot all hold, since C
    would be cut off from o. So each cut reads: some cell of C out, or some neighbour of C
    in, or o out. Every connected solution satisfies them; cutting C off from every other
    cell at once rules out that island whatever the rest of the grid does.
    """
    inside = {
        cell for cell, lit in member.items() if (lit in model if lit > 0 else -lit not in model)
    }
    groups = components(inside)
    if len(groups) < 2:
        return []
    cuts = []
    for group in groups:
        rim = {
            (r + dr, c + dc)
            for r, c in group
            for dr, dc in _ORTHOGONAL
            if (r + dr, c + dc) in member and (r + dr, c + dc) not in group
        }
        island = [-member[cell] for cell in sorted(group)] + [member[cell] for cell in sorted(rim)]
        cuts += [[*island, -member[other]] for other in sorted(inside - group)]
    return cuts


def move_to_neighbour_region(rng: np.random.Generator, region: Grid, cells: list[Cell]) -> bool:
    """Moves one of `cells` (tried in a random order) into a region it touches, provided the
    region it leaves stays connected; edits `region` in place. False when none can move.

    Region puzzles use it to rule out a second solution: moving a cell that the second
    solution marks, and the planted one does not, changes that solution's count in two
    regions while the planted solution's counts stay as they were.
    """
    rows, cols = len(region), len(region[0])
    for index in rng.permutation(len(cells)):
        r, c = cells[int(index)]
        home = region[r][c]
        rest = {
            (rr, cc)
            for rr in range(rows)
            for cc in range(cols)
            if region[rr][cc] == home and (rr, cc) != (r, c)
        }
        if not rest or len(components(rest)) != 1:
            continue
        targets = sorted({region[nr][nc] for nr, nc in neighbours(r, c, rows, cols)} - {home})
        if targets:
            region[r][c] = targets[int(rng.integers(len(targets)))]
            return True
    return False
