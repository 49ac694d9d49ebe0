"""Magic square completion: fill a 4x4 (or 3x3) magic square from a few given numbers."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.puzzles._common import (
    UNIQUE,
    Encoding,
    UniquePuzzle,
    cell_label,
    distinct_sum,
    format_example,
    givens_cost,
    grid_failure,
    prune_clues,
    swapped_rows_answer,
)
from palaestra.generators.grids import decode_values, value_vars
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.grids import GridParseError, format_grid, parse_grid


class MagicSquareParams(Params):
    size: int = Field(
        4, ge=3, le=4, description="side of the square (numbers 1..size^2); larger is harder"
    )
    givens: int = Field(
        8,
        ge=2,
        le=15,
        description="given numbers to aim for; fewer is harder (stops at a minimal set)",
    )

    @model_validator(mode="after")
    def _givens_fit(self) -> MagicSquareParams:
        if self.givens >= self.size**2:
            raise ValueError(f"givens={self.givens} must be below the {self.size**2} cells")
        return self


def magic_lines(n: int) -> list[list[tuple[int, int]]]:
    """Rows, columns and the two diagonals of an n x n square."""
    lines = [[(r, c) for c in range(n)] for r in range(n)]
    lines += [[(r, c) for r in range(n)] for c in range(n)]
    lines += [[(i, i) for i in range(n)], [(i, n - 1 - i) for i in range(n)]]
    return lines


@register("puzzles/magic-square-v1")
class MagicSquare(UniquePuzzle):
    """Magic square completion: place 1..n^2 so every row, column and diagonal has one sum.

    Task: complete a normal magic square (the Lo Shu tradition; Dürer's Melencolia I is a
    4x4 one): each number 1..n^2 appears once and every row, column and both main diagonals
    add up to the magic constant n(n^2+1)/2, with some numbers given. Generation: a random
    square n * A + B + 1 built from two orthogonal diagonal latin squares (Euler's method)
    with random relabellings and symmetries; every number starts as a given and givens are
    removed in random order while MiniSat proves the completion unique.

    Answer format: the full square inside <answer></answer>, one row per line, numbers
    separated by spaces.

    Knobs: `size` (3 or 4; larger is harder) and `givens` (fewer is harder; 4x4 squares need
    about 4 to 6 at the least). Levels use 4x4 squares with 12 down to 5 givens.

    Verification: by the rules: shape, numbers 1..n^2 each once, givens kept, all line
    sums. A line sum is encoded for MiniSat as a choice among the sets of distinct numbers
    with that sum. `task.meta["cost"]` records the empty cells and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = MagicSquareParams
    levels = {
        i: {"size": 4, "givens": g} for i, g in enumerate((12, 11, 10, 9, 8, 7, 6, 6, 5, 5), 1)
    }
    clue_lists = ("givens",)
    difficulty_cost = "empty_cells"

    def sample(
        self, rng: np.random.Generator, params: MagicSquareParams
    ) -> tuple[dict[str, Any], str]:
        n = params.size
        grid = random_magic_square(rng, n)
        givens = [[r, c, grid[r][c]] for r in range(n) for c in range(n)]
        data = {"size": n, "givens": givens}
        enc = self.encode(data)
        truth = [enc.cnf.var("x", r, c, v) for r, c, v in givens]
        kept = prune_clues(rng, enc, truth, range(n * n), n * n - params.givens)
        data["givens"] = [g for i, g in enumerate(givens) if i in kept]
        return data, format_grid(grid)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        values = range(1, n * n + 1)
        cnf = PuzzleCNF()
        project = value_vars(cnf, n, values)
        for r in range(n):
            for c in range(n):
                cnf.exactly_one([cnf.var("x", r, c, v) for v in values])
        for v in values:
            cnf.exactly_one([cnf.var("x", r, c, v) for r in range(n) for c in range(n)])
        for line in magic_lines(n):
            rule = cnf.fresh()
            distinct_sum(cnf, line, values, n * (n * n + 1) // 2, rule)
            cnf.add([rule])
        clues = [cnf.var("x", r, c, v) for r, c, v in data["givens"]]
        return Encoding(cnf, project, clues, lambda sol: format_grid(decode_values(cnf, n, sol)))

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return givens_cost(data)

    def render(self, data: dict[str, Any], params: MagicSquareParams) -> str:
        n = data["size"]
        grid = [[0] * n for _ in range(n)]
        for r, c, v in data["givens"]:
            grid[r][c] = v
        shown = "\n".join(" ".join(f"{v:>2}" if v else " ." for v in row) for row in grid)
        return (
            f"Complete this {n}x{n} magic square. Place each number from 1 to {n * n} exactly once "
            f"so that every row, every column and both main diagonals add up to "
            f"{n * (n * n + 1) // 2}. Empty cells are shown as `.`. {UNIQUE}\n\n{shown}\n\n"
            "Give the full square inside <answer></answer>: one row per line, numbers separated "
            "by single spaces. " + format_example("2 7\n9 5")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        try:
            grid = parse_grid(answer, n, n, max_value=n * n)
        except GridParseError as exc:
            return grid_failure(exc, n, n, f"Write {n} lines of {n} numbers separated by spaces.")
        seen = sorted(v for row in grid for v in row)
        if seen != list(range(1, n * n + 1)):
            return Verdict.fail("wrong", f"Each number from 1 to {n * n} must appear exactly once.")
        for r, c, v in task.data["givens"]:
            if grid[r][c] != v:
                return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is given as {v}.")
        total = n * (n * n + 1) // 2
        for line in magic_lines(n):
            got = sum(grid[r][c] for r, c in line)
            if got != total:
                (r0, c0), (r1, c1) = line[0], line[-1]
                return Verdict.fail(
                    "wrong",
                    f"Not a solution: the line from {cell_label(r0, c0)} to {cell_label(r1, c1)} "
                    f"adds up to {got}, not {total}.",
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return [swapped_rows_answer(task.answer or "")]


def random_magic_square(rng: np.random.Generator, n: int) -> list[list[int]]:
    """A random magic square n * A + B + 1 from two orthogonal diagonal latin squares A, B
    on 0..n-1 (each row, column and main diagonal holds every symbol once, so each line of
    the square sums to the magic constant, and orthogonality makes all n^2 entries
    distinct), with random symbol relabellings and a random symmetry of the square."""
    pairs = _orthogonal_pairs(n)
    a, b = pairs[int(rng.integers(len(pairs)))] if pairs else _LO_SHU
    # Lo Shu's two squares are not diagonal latin squares, so they keep their labels.
    relabel_a, relabel_b = (rng.permutation(n), rng.permutation(n)) if pairs else (range(n),) * 2
    square = np.array(
        [[n * relabel_a[a[r][c]] + relabel_b[b[r][c]] + 1 for c in range(n)] for r in range(n)]
    )
    square = np.rot90(square, int(rng.integers(4)))
    if rng.integers(2):
        square = square.T
    return square.tolist()


@cache
def _orthogonal_pairs(n: int) -> list[tuple[tuple[tuple[int, ...], ...], ...]]:
    """All ordered pairs of orthogonal diagonal latin squares of order n (none for n = 3)."""
    squares = _diagonal_latin(n)
    pairs = []
    for a in squares:
        for b in squares:
            cells = {(a[r][c], b[r][c]) for r in range(n) for c in range(n)}
            if len(cells) == n * n:
                pairs.append((a, b))
    return pairs


@cache
def _diagonal_latin(n: int) -> list[tuple[tuple[int, ...], ...]]:
    """Every latin square on 0..n-1 whose two main diagonals also hold each symbol once."""
    rows = list(itertools.permutations(range(n)))
    found: list[tuple[tuple[int, ...], ...]] = []

    def extend(square: list[tuple[int, ...]]) -> None:
        r = len(square)
        if r == n:
            found.append(tuple(square))
            return
        for row in rows:
            if any(row[c] == above[c] for above in square for c in range(n)):
                continue
            if any(
                square[i][i] == row[r] or square[i][n - 1 - i] == row[n - 1 - r] for i in range(r)
            ):
                continue
            extend([*square, row])

    extend([])
    return found


# The Lo Shu square (4 9 2 / 3 5 7 / 8 1 6) minus 1, split into base-3 digits: order 3 has
# no orthogonal diagonal latin squares, and its magic squares are this one's symmetries.
_LO_SHU = (((1, 2, 0), (0, 1, 2), (2, 0, 1)), ((0, 2, 1), (2, 1, 0), (1, 0, 2)))
