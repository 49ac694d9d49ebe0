"""Takuzu (binairo): fill a grid with 0s and 1s under balance, no-triple and distinct-line rules."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from pydantic import Field, field_validator, model_validator

from palaestra.envs.puzzles._common import (
    UNIQUE,
    Encoding,
    UniquePuzzle,
    changed_cell_answers,
    format_example,
    givens_cost,
    prune_clues,
    read_symbols,
    symbol_rows,
)
from palaestra.generators.puzzles_cnf import PuzzleCNF, random_solution
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register


class TakuzuParams(Params):
    size: int = Field(6, ge=4, le=12, description="side of the grid (even); larger is harder")
    givens: int = Field(
        0,
        ge=0,
        le=144,
        description="given cells to aim for; fewer is harder (stops at a minimal set)",
    )

    @field_validator("size")
    @classmethod
    def _even(cls, size: int) -> int:
        if size % 2:
            raise ValueError(f"size must be even so rows can balance 0s and 1s, got {size}")
        return size

    @model_validator(mode="after")
    def _givens_fit(self) -> TakuzuParams:
        if self.givens > self.size**2:
            raise ValueError(f"givens={self.givens} exceeds the {self.size**2} cells")
        return self


def lines(n: int) -> list[list[tuple[int, int]]]:
    """The rows, then the columns, of an n x n grid."""
    return [[(r, c) for c in range(n)] for r in range(n)] + [
        [(r, c) for r in range(n)] for c in range(n)
    ]


def first_broken_rule(grid: list[list[str]]) -> str | None:
    """The first broken takuzu rule of a full 0/1 grid, in words, or None."""
    n = len(grid)
    for index, line in enumerate(lines(n)):
        name = f"row {index + 1}" if index < n else f"column {index - n + 1}"
        values = "".join(grid[r][c] for r, c in line)
        if values.count("1") != n // 2:
            return f"{name} has {values.count('1')} ones, not {n // 2}"
        if "000" in values or "111" in values:
            return f"{name} has three equal digits in a row"
    for kind, group in (("rows", lines(n)[:n]), ("columns", lines(n)[n:])):
        texts = ["".join(grid[r][c] for r, c in line) for line in group]
        for i, j in itertools.combinations(range(n), 2):
            if texts[i] == texts[j]:
                return f"{kind} {i + 1} and {j + 1} are equal"
    return None


@register("puzzles/takuzu-v1")
class Takuzu(UniquePuzzle):
    """Takuzu (binairo): complete a 0/1 grid with balanced, distinct rows and columns.

    Task: the binary puzzle published as Takuzu (2009) and Binairo (Peter De Schepper and
    Frank Coussement). Each row and column of an n x n grid (n even) holds n/2 zeros and
    n/2 ones, never three equal digits in a row, and no two rows (or two columns) are equal.
    Generation: MiniSat finds a random full grid (random phases); all cells start as givens
    and are removed in random order while MiniSat proves the solution unique.

    Answer format: the full grid inside <answer></answer>, one row per line, digits 0 and 1
    separated by spaces (or not separated).

    Knobs: `size` (even, 4..12; larger is harder) and `givens` (fewer is harder). Levels go
    from 4x4 with 6 givens to 12x12 with a minimal set.

    Verification: by the rules: shape, symbols, givens kept, balance, no triple, distinct
    lines. `task.meta["cost"]` records the empty cells and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = TakuzuParams
    levels = {
        1: {"size": 4, "givens": 6},
        2: {"size": 6, "givens": 16},
        3: {"size": 6, "givens": 0},
        4: {"size": 8, "givens": 30},
        5: {"size": 8, "givens": 0},
        6: {"size": 10, "givens": 45},
        7: {"size": 10, "givens": 0},
        8: {"size": 12, "givens": 60},
        9: {"size": 12, "givens": 45},
        10: {"size": 12, "givens": 0},
    }
    clue_lists = ("givens",)
    difficulty_cost = "empty_cells"

    def sample(self, rng: np.random.Generator, params: TakuzuParams) -> tuple[dict[str, Any], str]:
        n = params.size
        cnf, cells = _rules(n)
        solution = random_solution(rng, cnf, cells)
        if solution is None:  # pragma: no cover - every even size has balanced grids
            raise ValueError(f"no {n}x{n} takuzu grid exists")
        givens = [[i // n, i % n, int(lit > 0)] for i, lit in enumerate(solution)]
        data = {"size": n, "givens": givens}
        kept = prune_clues(rng, self.encode(data), solution, range(n * n), n * n - params.givens)
        data["givens"] = [g for i, g in enumerate(givens) if i in kept]
        return data, symbol_rows(
            [["01"[lit > 0] for lit in solution[r * n : r * n + n]] for r in range(n)]
        )

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf, cells = _rules(n)
        clues = [cells[r * n + c] * (1 if v else -1) for r, c, v in data["givens"]]

        def decode(solution: list[int]) -> str:
            return symbol_rows(
                [["01"[lit > 0] for lit in solution[r * n : r * n + n]] for r in range(n)]
            )

        return Encoding(cnf, cells, clues, decode)

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return givens_cost(data)

    def render(self, data: dict[str, Any], params: TakuzuParams) -> str:
        n = data["size"]
        grid = [["."] * n for _ in range(n)]
        for r, c, v in data["givens"]:
            grid[r][c] = str(v)
        return (
            f"Solve this {n}x{n} takuzu (binairo). Fill every empty cell (.) with 0 or 1 so "
            f"that every row and every column has exactly {n // 2} zeros and {n // 2} ones, no "
            "row or column has three equal digits next to each other, and no two rows are "
            f"equal and no two columns are equal. {UNIQUE}\n\n{symbol_rows(grid)}\n\n"
            "Give the full grid inside <answer></answer>: one row per line, the digits of a "
            "row separated by single spaces. " + format_example("0 1\n1 0")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        grid = read_symbols(answer, n, n, "01", f"Write {n} lines of {n} digits 0 or 1.")
        if isinstance(grid, Verdict):
            return grid
        for r, c, v in task.data["givens"]:
            if grid[r][c] != str(v):
                return Verdict.fail(
                    "wrong", f"The cell at row {r + 1}, column {c + 1} is given as {v}."
                )
        broken = first_broken_rule(grid)
        if broken is not None:
            return Verdict.fail("wrong", f"Not a solution: {broken}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"0": "1", "1": "0"})


def _rules(n: int) -> tuple[PuzzleCNF, list[int]]:
    """The takuzu rules for an n x n grid; variable cells[r * n + c] is true for a 1."""
    cnf = PuzzleCNF()
    cells = [cnf.var("one", r, c) for r in range(n) for c in range(n)]
    groups = lines(n)
    for line in groups:
        lits = [cells[r * n + c] for r, c in line]
        cnf.exactly(lits, n // 2)
        for a, b, c in zip(lits, lits[1:], lits[2:], strict=False):
            cnf.add([a, b, c])
            cnf.add([-a, -b, -c])
    for group in (groups[:n], groups[n:]):
        for first, second in itertools.combinations(group, 2):
            differs = []
            for (r1, c1), (r2, c2) in zip(first, second, strict=True):
                a, b, d = cells[r1 * n + c1], cells[r2 * n + c2], cnf.fresh()
                cnf.add_all([[-d, a, b], [-d, -a, -b]])
                differs.append(d)
            cnf.add(differs)
    return cnf, cells
