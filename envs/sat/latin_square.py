"""Latin square completion: fill a partial latin square so no row or column repeats."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block
from palaestra.generators.grids import GridCNF, random_filled_grid
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import completion_problem
from palaestra.verifiers.grids import GridParseError, first_rule_violation, format_grid, parse_grid


class LatinSquareParams(Params):
    size: int = Field(
        5, ge=2, le=9, description="side of the square (values 1..size); larger is harder"
    )
    holes: int = Field(12, ge=1, le=81, description="empty cells; more is harder")

    @model_validator(mode="after")
    def _holes_fit(self) -> LatinSquareParams:
        if self.holes >= self.size**2:
            raise ValueError(
                f"holes={self.holes} must be fewer than the {self.size**2} cells of a "
                f"{self.size}x{self.size} square, so that at least one clue is left"
            )
        return self


@register("sat/latin-square-v1")
class LatinSquare(Env):
    """Latin square completion: fill the empty cells so every row and column holds 1..n once.

    Task: an n x n latin square (a random one: MiniSat completes an empty grid under random
    phases, then rows, columns and symbols are shuffled) with `holes` random cells emptied.
    Completing a partial latin square is NP-complete (Colbourn 1984) and is the quasigroup
    completion benchmark of Gomes and Selman (1997). Uniqueness is not required: the hidden
    square is one completion among possibly many.

    Answer format: the full square inside <answer></answer>, one row per line, values
    separated by spaces, e.g. ``<answer>\\n1 2 3\\n2 3 1\\n3 1 2\\n</answer>``.

    Knobs: `size` (larger is harder) and `holes` (more is harder). Levels go from a 4x4
    square with 5 holes to a 9x9 square with 54.

    Verification: by the rules, as a certificate: the grid must keep every clue, use only
    1..n and repeat no value in a row or column; any completion scores 1.0.
    `task.meta["cost"]` records the empty cells and MiniSat's effort to complete the square.

    Versions: v1, first release.
    """

    Params = LatinSquareParams
    levels = {
        1: {"size": 4, "holes": 5},
        2: {"size": 4, "holes": 8},
        3: {"size": 5, "holes": 11},
        4: {"size": 5, "holes": 15},
        5: {"size": 6, "holes": 19},
        6: {"size": 6, "holes": 24},
        7: {"size": 7, "holes": 30},
        8: {"size": 7, "holes": 36},
        9: {"size": 8, "holes": 44},
        10: {"size": 9, "holes": 54},
    }
    difficulty_cost = "empty_cells"
    tags = ("sat-encoded", "grid", "certificate")

    def sample(
        self, rng: np.random.Generator, params: LatinSquareParams
    ) -> tuple[dict[str, Any], None]:
        n = params.size
        solution = random_filled_grid(rng, GridCNF(n))
        puzzle = [list(row) for row in solution]
        for cell in rng.choice(n * n, params.holes, replace=False):
            puzzle[int(cell) // n][int(cell) % n] = 0
        return {"size": n, "puzzle": puzzle, "solution": solution}, None

    def render(self, data: dict[str, Any], params: LatinSquareParams) -> str:
        n = data["size"]
        return (
            f"Complete this {n}x{n} latin square: fill every empty cell (shown as .) with a "
            f"number from 1 to {n} so that every row and every column contains each number "
            f"from 1 to {n} exactly once. Keep the given numbers.\n\n"
            f"{format_grid(data['puzzle'])}\n\n"
            "Give the full square, including the given numbers, inside <answer></answer>: one "
            "row per line, numbers separated by single spaces. For example, a completed 3x3 "
            f"square is written:\n<answer>\n{format_grid(_example(data['puzzle']))}\n</answer>\n"
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: LatinSquareParams) -> dict[str, Any]:
        return {
            "empty_cells": params.holes,
            "size": params.size,
            **GridCNF(params.size).solve_stats(data["puzzle"]),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n, puzzle = task.data["size"], task.data["puzzle"]
        try:
            grid = parse_grid(answer, n, n, max_value=n, blank=".")
        except GridParseError as exc:
            return Verdict.fail(
                "invalid",
                f"Could not read a {n}x{n} square: {exc}. Write {n} lines of {n} numbers.",
            )
        problem = completion_problem(grid, puzzle) or first_rule_violation(grid)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a completion: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_grid(task.data["solution"])

    def wrong_answers(self, task: Task) -> list[str]:
        rows = [list(row) for row in task.data["solution"]]
        rows[0][0], rows[0][1] = rows[0][1], rows[0][0]  # breaks columns 1 and 2
        return [block(f"\n{format_grid(rows)}\n"), block(format_grid(task.data["puzzle"]))]


def _example(puzzle: list[list[int]]) -> list[list[int]]:
    """A 3x3 latin square that, for a 3x3 puzzle, contradicts its first clue (of the three
    relabellings of one square, exactly one agrees with any one clue), so that copying the
    example never solves the task."""
    base = [[1, 2, 3], [2, 3, 1], [3, 1, 2]]
    variants = [[[(v + shift) % 3 + 1 for v in row] for row in base] for shift in range(3)]
    if len(puzzle) != 3:
        return variants[0]
    r, c = next((r, c) for r in range(3) for c in range(3) if puzzle[r][c])
    return next(v for v in variants if v[r][c] != puzzle[r][c])
