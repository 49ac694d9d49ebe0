"""Futoshiki: a latin square with inequality signs between neighbours, proved unique."""

from __future__ import annotations

from typing import Any

from palaestra.envs.puzzles._common import (
    UNIQUE,
    GivensParams,
    LatinCluePuzzle,
    cell_label,
    format_example,
    givens_cost,
)
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.registry import register


@register("puzzles/futoshiki-v1")
class Futoshiki(LatinCluePuzzle):
    """Futoshiki: fill a latin square that obeys inequality signs between neighbouring cells.

    Task: the Japanese "inequality" puzzle (Tamaki Seto, 2001). Every row and column of an
    n x n grid holds 1..n once; a ``<`` or ``>`` between horizontal neighbours and a ``^``
    or ``v`` between vertical ones must hold; some digits are given. Generation: a random
    latin square (MiniSat under random phases, then shuffled); every digit and every
    inequality start as clues, digits are removed in random order while MiniSat proves the
    solution unique, then every inequality that is not needed.

    Answer format: the solved grid inside <answer></answer>, one row per line, digits
    separated by spaces (commas, brackets and no separators are tolerated).

    Knobs: `size` (4..7; larger is harder) and `givens`, the given digits to aim for (fewer
    is harder; removal stops early at a minimal set). Levels go from 4x4 with 3 givens to
    7x7 with none.

    Verification: by the rules: shape, digits 1..n, givens kept, no repeat in a row or
    column, every sign satisfied. `task.meta["cost"]` records the empty cells, the clue
    counts and MiniSat's effort to solve the puzzle.

    Versions: v1, first release.
    """

    levels = {
        1: {"size": 4, "givens": 3},
        2: {"size": 4, "givens": 1},
        3: {"size": 5, "givens": 3},
        4: {"size": 5, "givens": 1},
        5: {"size": 5, "givens": 0},
        6: {"size": 6, "givens": 3},
        7: {"size": 6, "givens": 1},
        8: {"size": 6, "givens": 0},
        9: {"size": 7, "givens": 2},
        10: {"size": 7, "givens": 0},
    }
    clue_lists = ("givens", "signs")

    def solution_clues(self, solution: list[list[int]], n: int) -> list[list[Any]]:
        """A sign between every pair of neighbours, as [r, c, r2, c2] with (r, c) smaller."""
        signs = []
        for r in range(n):
            for c in range(n):
                for r2, c2 in ((r, c + 1), (r + 1, c)):
                    if r2 < n and c2 < n:
                        low, high = sorted([(r, c), (r2, c2)], key=lambda p: solution[p[0]][p[1]])
                        signs.append([*low, *high])
        return signs

    def encode_clue(self, cnf: PuzzleCNF, n: int, clue: list[Any]) -> int:
        r1, c1, r2, c2 = clue
        # (r1, c1) < (r2, c2): no pair of values with the first one at least the second
        return cnf.guard(
            [-cnf.var("x", r1, c1, a), -cnf.var("x", r2, c2, b)]
            for a in range(1, n + 1)
            for b in range(1, a + 1)
        )

    def broken_clue(self, grid: list[list[int]], n: int, clue: list[Any]) -> str | None:
        r1, c1, r2, c2 = clue
        if grid[r1][c1] < grid[r2][c2]:
            return None
        return (
            f"The cell at {cell_label(r1, c1)} must be smaller than the cell at "
            f"{cell_label(r2, c2)}."
        )

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return {**givens_cost(data), "signs": len(data["signs"])}

    def render(self, data: dict[str, Any], params: GivensParams) -> str:
        n = data["size"]
        return (
            f"Solve this {n}x{n} futoshiki. Fill every empty cell (shown as .) with a digit "
            f"from 1 to {n} so that each row and each column contains every digit from 1 to "
            f"{n} exactly once, and every inequality holds: `<` or `>` between two cells of a "
            "row compares them left to right; between two rows, `^` under a cell means that "
            "cell is smaller than the one below it, and `v` means it is larger. "
            f"{UNIQUE}\n\n{_draw(data)}\n\n"
            "Give the full solved grid inside <answer></answer>: one row per line, the "
            f"{n} digits of a row separated by single spaces. "
            + format_example("1 2 3\n2 3 1\n3 1 2")
        )


def _draw(data: dict[str, Any]) -> str:
    """The grid with signs: cells every 4 columns, signs between them and on lines between
    rows under the upper cell."""
    n = data["size"]
    cells = [["."] * n for _ in range(n)]
    for r, c, v in data["givens"]:
        cells[r][c] = str(v)
    across = [[" "] * (n - 1) for _ in range(n)]
    down = [[" "] * n for _ in range(n - 1)]
    for r1, c1, r2, c2 in data["signs"]:
        if r1 == r2:
            across[r1][min(c1, c2)] = "<" if c1 < c2 else ">"
        else:
            down[min(r1, r2)][c1] = "^" if r1 < r2 else "v"
    lines = []
    for r in range(n):
        line = cells[r][0]
        for c in range(1, n):
            line += f" {across[r][c - 1]} {cells[r][c]}"
        lines.append(line)
        if r < n - 1:
            lines.append("   ".join(down[r]).rstrip())
    return "\n".join(lines)
