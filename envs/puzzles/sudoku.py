"""Sudoku on 4x4, 6x6 and 9x9 grids, each puzzle proved by a SAT solver to have one solution."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, field_validator, model_validator

from palaestra.env import Env
from palaestra.generators.grids import GridCNF, random_filled_grid, remove_clues
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.grids import (
    GridParseError,
    first_rule_violation,
    format_grid,
    parse_grid,
)

BOXES = {4: (2, 2), 6: (2, 3), 9: (3, 3)}  # size -> (box rows, box columns)
# The fewest clues a uniquely solvable puzzle of each size can have (4, 8 and 17, the last
# by McGuire et al.'s exhaustive search), so more holes than this can never be unique.
MIN_CLUES = {4: 4, 6: 8, 9: 17}
# The answer-format example; two grids differing in every cell, so one of them contradicts
# some clue of any 4x4 puzzle and copying the example never solves it.
_EXAMPLES = ([[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]],)
_EXAMPLES += ([[v % 4 + 1 for v in row] for row in _EXAMPLES[0]],)


class SudokuParams(Params):
    size: int = Field(
        9,
        ge=4,
        le=9,
        description=(
            "side of the grid: 4 (2x2 boxes), 6 (2x3 boxes) or 9 (3x3 boxes); larger is harder"
        ),
    )
    holes: int | None = Field(
        None,
        ge=1,
        le=81 - MIN_CLUES[9],
        description=(
            "empty cells to aim for; more is harder. Removal stops early when no further clue "
            "can go without a second solution; None empties as many cells as uniqueness allows"
        ),
    )

    @field_validator("size")
    @classmethod
    def _known_size(cls, size: int) -> int:
        if size not in BOXES:
            raise ValueError(f"size must be one of {', '.join(map(str, BOXES))}, got {size}")
        return size

    @model_validator(mode="after")
    def _holes_fit(self) -> SudokuParams:
        most = self.size**2 - MIN_CLUES[self.size]
        if self.holes is not None and self.holes > most:
            raise ValueError(
                f"holes={self.holes} is too many for a {self.size}x{self.size} sudoku: a unique "
                f"puzzle keeps at least {MIN_CLUES[self.size]} clues, so use holes <= {most}"
            )
        return self


@register("puzzles/sudoku-v1")
class Sudoku(Env):
    """Sudoku (4x4, 6x6 or 9x9): fill the grid; every puzzle has exactly one solution.

    Task: the classic number-place puzzle (Dell Magazines' "Number Place", 1979; named sudoku
    by Nikoli). Each row, column and box of an n x n grid must hold 1..n once; 4x4 grids have
    2x2 boxes, 6x6 grids 2x3 boxes (2 rows by 3 columns), 9x9 grids 3x3 boxes. A random full
    grid is drawn (MiniSat completing an empty grid under random phases, then shuffled by the
    grid symmetries) and clues are removed in random order while MiniSat proves that the
    solution stays unique.

    Answer format: the full solved grid inside <answer></answer>, one row per line, digits
    separated by spaces. Commas, ``|`` and box-border lines are tolerated; blanks are not.

    Knobs: `size` (4, 6 or 9; larger is harder) and `holes`, the number of empty cells to
    aim for (more is harder; at most size**2 minus 4, 8 or 17 clues; None, the default,
    empties all it can). When no further clue can be removed without a second solution,
    generation stops short (one pass leaves a minimal puzzle) and `task.meta["cost"]` records
    the empty cells actually reached. Levels go from 4x4 with 6 holes to 9x9 with 56; about
    one level-10 task in eight stops at 53-55 holes.

    Verification: by the rules, as a certificate: the grid must have the right shape, keep
    every clue and repeat no digit in a row, column or box; feedback names the first cell or
    unit that fails. Since the solution is unique, such a grid is the canonical answer.
    `task.meta["cost"]` holds `empty_cells`, `givens`, `size` and MiniSat's decisions,
    propagations and conflicts for solving the puzzle.

    Versions: v1, first release.
    """

    Params = SudokuParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"size": 4, "holes": 6},
        2: {"size": 4, "holes": 10},
        3: {"size": 6, "holes": 14},
        4: {"size": 6, "holes": 20},
        5: {"size": 6, "holes": 25},
        6: {"size": 9, "holes": 36},
        7: {"size": 9, "holes": 42},
        8: {"size": 9, "holes": 48},
        9: {"size": 9, "holes": 52},
        10: {"size": 9, "holes": 56},
    }
    difficulty_cost = "empty_cells"
    tags = ("puzzle", "grid", "unique-solution")

    def sample(self, rng: np.random.Generator, params: SudokuParams) -> tuple[dict[str, Any], str]:
        box_rows, box_cols = BOXES[params.size]
        cnf = GridCNF(params.size, box_rows, box_cols)
        with cnf.solver() as solver:  # one solver for both steps saves re-adding the rules
            solution = random_filled_grid(rng, cnf, solver)
            puzzle = remove_clues(rng, cnf, solution, params.holes, solver)
        data = {"size": params.size, "box_rows": box_rows, "box_cols": box_cols, "puzzle": puzzle}
        return data, format_grid(solution)

    def render(self, data: dict[str, Any], params: SudokuParams) -> str:
        n, box_rows, box_cols = data["size"], data["box_rows"], data["box_cols"]
        example = next(e for e in _EXAMPLES if n != 4 or _contradicts(e, data["puzzle"]))
        return (
            f"Solve this {n}x{n} sudoku. Fill every empty cell (shown as .) with a digit from 1 "
            f"to {n} so that every row, every column and every {box_rows}x{box_cols} box "
            f"({box_rows} rows by {box_cols} columns, separated by the lines below) contains "
            f"each digit from 1 to {n} exactly once. The puzzle has exactly one solution.\n\n"
            f"{_draw(data['puzzle'], box_rows, box_cols)}\n\n"
            "Give the full solved grid, including the given digits, inside <answer></answer>: "
            f"one row per line, the {n} digits of a row separated by single spaces. For "
            "example, a solved 4x4 grid is written:\n"
            f"<answer>\n{format_grid(example)}\n</answer>"
        )

    def cost(self, data: dict[str, Any], params: SudokuParams) -> dict[str, Any]:
        puzzle = data["puzzle"]
        empty = sum(1 for row in puzzle for value in row if not value)
        cnf = GridCNF(data["size"], data["box_rows"], data["box_cols"])
        return {
            "empty_cells": empty,
            "givens": data["size"] ** 2 - empty,
            "size": data["size"],
            **cnf.solve_stats(puzzle),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n, puzzle = task.data["size"], task.data["puzzle"]
        try:
            grid = parse_grid(answer, n, n, max_value=n, blank=".")
        except GridParseError as exc:
            return Verdict.fail(
                "unparsable",
                f"Could not read a {n}x{n} grid: {exc}. Write {n} lines of {n} digits "
                "separated by spaces.",
            )
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if 1 <= value <= n and (not puzzle[r][c] or value == puzzle[r][c]):
                    continue
                where = f"row {r + 1}, column {c + 1}"
                if not 1 <= value <= n:
                    shown = "empty" if value == 0 else f"{value}"
                    return Verdict.fail("wrong", f"The cell at {where} is {shown}; use 1..{n}.")
                return Verdict.fail(
                    "wrong", f"The cell at {where} is given as {puzzle[r][c]}, not {value}."
                )
        violation = first_rule_violation(grid, task.data["box_rows"], task.data["box_cols"])
        if violation is not None:
            return Verdict.fail("wrong", f"Not a solution: {violation}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        """Near misses that must fail: a swapped pair of cells, a grid with one cell left blank."""
        rows = [line.split() for line in (task.answer or "").splitlines()]
        swapped = [list(row) for row in rows]
        swapped[0][0], swapped[0][1] = swapped[0][1], swapped[0][0]
        blank = [list(row) for row in rows]
        blank[-1][-1] = "."
        return [f"<answer>\n{_join(grid)}\n</answer>" for grid in (swapped, blank)]


def _contradicts(grid: list[list[int]], puzzle: list[list[int]]) -> bool:
    """Whether `grid` differs from some clue of `puzzle`."""
    return any(
        clue and clue != value
        for clues, values in zip(puzzle, grid, strict=True)
        for clue, value in zip(clues, values, strict=True)
    )


def _join(rows: list[list[str]]) -> str:
    return "\n".join(" ".join(row) for row in rows)


def _draw(puzzle: list[list[int]], box_rows: int, box_cols: int) -> str:
    """The puzzle with `|` between box columns and a dashed line between box rows."""
    lines = []
    for r, row in enumerate(puzzle):
        if r and r % box_rows == 0:
            # each box column is 2 * box_cols - 1 wide, plus a space on each side of a `|`
            lines.append("+".join(["-" * (2 * box_cols + 1)] * (len(row) // box_cols))[1:-1])
        cells = [str(v) if v else "." for v in row]
        chunks = [" ".join(cells[c : c + box_cols]) for c in range(0, len(row), box_cols)]
        lines.append(" | ".join(chunks))
    return "\n".join(lines)
