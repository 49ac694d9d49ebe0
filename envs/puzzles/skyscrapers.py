"""Skyscrapers: a latin square of building heights with visibility counts on its edges."""

from __future__ import annotations

from typing import Any

from palaestra.envs.puzzles._common import (
    UNIQUE,
    GivensParams,
    LatinCluePuzzle,
    format_example,
    givens_cost,
)
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.registry import register

SIDES = ("top", "bottom", "left", "right")


def line_cells(n: int, side: str, index: int) -> list[tuple[int, int]]:
    """The cells seen from edge clue `index` (0-based column or row) of `side`, nearest first."""
    near = range(n) if side in ("top", "left") else range(n - 1, -1, -1)
    if side in ("top", "bottom"):
        return [(r, index) for r in near]
    return [(index, c) for c in near]


def visible(heights: list[int]) -> int:
    """How many buildings of a line are seen from its start (each taller than all before)."""
    seen, tallest = 0, 0
    for height in heights:
        if height > tallest:
            seen, tallest = seen + 1, height
    return seen


@register("puzzles/skyscrapers-v1")
class Skyscrapers(LatinCluePuzzle):
    """Skyscrapers: place heights in a latin square so each edge clue counts the visible ones.

    Task: the classic "Skyscrapers" (Building) puzzle. Each cell of an n x n grid holds a
    building of height 1..n, every row and column holding each height once; a number outside
    the grid says how many buildings are seen from there looking along that row or column
    (a building hides every shorter one behind it). Generation: a random latin square, all
    4n edge counts and all heights as clues; heights are removed in random order while
    MiniSat proves the solution unique, then every edge count that is not needed.

    Answer format: the solved grid inside <answer></answer>, one row per line, heights
    separated by spaces.

    Knobs: `size` (4..7; larger is harder) and `givens`, the heights to aim for (fewer is
    harder). Levels go from 4x4 with 3 givens to 7x7 with none.

    Verification: by the rules: shape, heights 1..n, givens, latin rows and columns, and
    every edge count. Visibility is encoded for MiniSat with a "seen" variable per cell and
    line: a building of height h is seen exactly when no nearer one is taller, and a clue
    fixes how many are seen. `task.meta["cost"]` records the empty cells, the clue counts
    and MiniSat's effort to solve the puzzle.

    Versions: v1, first release.
    """

    levels = {
        1: {"size": 4, "givens": 3},
        2: {"size": 4, "givens": 0},
        3: {"size": 5, "givens": 3},
        4: {"size": 5, "givens": 1},
        5: {"size": 5, "givens": 0},
        6: {"size": 6, "givens": 3},
        7: {"size": 6, "givens": 1},
        8: {"size": 6, "givens": 0},
        9: {"size": 7, "givens": 8},
        10: {"size": 7, "givens": 0},
    }
    clue_lists = ("givens", "edges")

    def solution_clues(self, solution: list[list[int]], n: int) -> list[list[Any]]:
        """The visible count from every edge position, as [side, index, count]."""
        return [
            [side, i, visible([solution[r][c] for r, c in line_cells(n, side, i)])]
            for side in SIDES
            for i in range(n)
        ]

    def encode_clue(self, cnf: PuzzleCNF, n: int, clue: list[Any]) -> int:
        side, index, count = clue
        x = cnf.var
        cells = line_cells(n, side, index)
        seen = [cnf.var("seen", side, index, i) for i in range(n)]
        for i, (r, c) in enumerate(cells):
            for h in range(1, n + 1):
                taller = [x("x", rr, cc, hh) for rr, cc in cells[:i] for hh in range(h + 1, n + 1)]
                # seen while at height h <=> no nearer building is taller
                cnf.add([-x("x", r, c, h), seen[i], *taller])
                cnf.add_all([-x("x", r, c, h), -seen[i], -t] for t in taller)
        clue_literal = cnf.fresh()
        cnf.exactly(seen, count, guard=clue_literal)
        return clue_literal

    def broken_clue(self, grid: list[list[int]], n: int, clue: list[Any]) -> str | None:
        side, index, count = clue
        seen = visible([grid[r][c] for r, c in line_cells(n, side, index)])
        if seen == count:
            return None
        where = "column" if side in ("top", "bottom") else "row"
        return f"From the {side} of {where} {index + 1}, {seen} buildings are visible, not {count}."

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return {**givens_cost(data), "edge_clues": len(data["edges"])}

    def render(self, data: dict[str, Any], params: GivensParams) -> str:
        n = data["size"]
        return (
            f"Solve this {n}x{n} skyscrapers puzzle. Put a building of height 1 to {n} in "
            f"every cell so that each row and each column contains every height exactly once. "
            "A number outside the grid says how many buildings are visible from that edge, "
            "looking along its row or column: a building is visible when it is taller than "
            "every building in front of it. Edge positions without a number (.) and empty "
            f"cells (.) carry no clue; digits inside the grid are given heights. {UNIQUE}\n\n"
            f"{_draw(data)}\n\n"
            "Give the full solved grid (without the edge numbers) inside <answer></answer>: "
            f"one row per line, the {n} heights of a row separated by single spaces. "
            + format_example("1 2 3\n3 1 2\n2 3 1")
        )


def _draw(data: dict[str, Any]) -> str:
    """The grid framed by its edge clues: top and bottom rows of column clues, a clue at
    each end of every row."""
    n = data["size"]
    clue = {(side, i): str(count) for side, i, count in data["edges"]}
    cells = [["."] * n for _ in range(n)]
    for r, c, v in data["givens"]:
        cells[r][c] = str(v)

    def edge(side: str) -> str:
        return "    " + " ".join(clue.get((side, i), ".") for i in range(n))

    lines = [edge("top"), "    " + "-" * (2 * n - 1)]
    for r in range(n):
        row = " ".join(cells[r])
        lines.append(f"{clue.get(('left', r), '.')} | {row} | {clue.get(('right', r), '.')}")
    lines += ["    " + "-" * (2 * n - 1), edge("bottom")]
    return "\n".join(lines)
