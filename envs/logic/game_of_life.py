"""Conway's Game of Life: the grid after n generations."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder, retry
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.grids import GridParseError, parse_symbol_grid
from palaestra.verifiers.parsing import AnswerFormatError


class LifeParams(Params):
    size: int = Field(5, ge=3, le=16, description="rows and columns of the grid; more is harder")
    steps: int = Field(1, ge=1, le=10, description="generations to simulate; more is harder")


def generation(grid: np.ndarray) -> np.ndarray:
    """One step of B3/S23 with dead cells beyond the border."""
    padded = np.pad(grid, 1)
    rows, cols = grid.shape
    neighbours = sum(
        padded[1 + dr : 1 + dr + rows, 1 + dc : 1 + dc + cols]
        for dr in (-1, 0, 1)
        for dc in (-1, 0, 1)
        if dr or dc
    )
    return ((neighbours == 3) | ((grid == 1) & (neighbours == 2))).astype(np.int8)


def show(grid: np.ndarray) -> str:
    return "\n".join("".join("#" if v else "." for v in row) for row in grid)


@register("logic/game-of-life-v1")
class GameOfLife(ExactEnv):
    """Conway's Game of Life (B3/S23): give the grid after n generations.

    Task: a grid of live (#) and dead (.) cells with dead cells all around it; a live cell
    with two or three live neighbours survives, a dead cell with exactly three comes
    alive, everything else dies (Conway, via Gardner's *Scientific American* column,
    1970). Random starts whose result is empty or unchanged are redrawn.

    Answer format: the grid after n generations, one row per line, # live and . dead
    (1 and 0 are read as # and .).

    Knobs: `size` (rows and columns) and `steps`; more of each is harder. The cost is
    cells times steps.

    Verification: exact comparison, cell by cell. No partial credit.

    Versions: v1, first release.
    """

    Params = LifeParams
    levels = ladder(size=[4, 5, 5, 6, 6, 7, 8, 8, 10, 12], steps=[1, 1, 2, 2, 3, 3, 3, 4, 4, 5])
    difficulty_cost = "updates"
    tags = ("logic", "simulation", "grid")
    wrong_feedback = "That grid is not the state after the given generations."

    def sample(self, rng: np.random.Generator, params: LifeParams) -> tuple[dict[str, Any], str]:
        def draw() -> Any:
            start = (rng.random((params.size, params.size)) < 0.4).astype(np.int8)
            grid = start
            for _ in range(params.steps):
                grid = generation(grid)
            if not grid.any() or (grid == start).all():
                return None
            return start, grid

        start, grid = retry(draw)
        return {"start": show(start), "steps": params.steps}, show(grid)

    def render(self, data: dict[str, Any], params: LifeParams) -> str:
        n = data["steps"]
        body = (
            "Conway's Game of Life: each cell is live (#) or dead (.); cells outside the grid "
            "are always dead. In each generation a live cell with 2 or 3 live neighbours (of "
            "its 8) stays live, a dead cell with exactly 3 live neighbours becomes live, and "
            f"every other cell is dead.\n\n{data['start']}\n\nWhat is the grid after {n} "
            f"generation{'s' if n > 1 else ''}?"
        )
        return ask(
            body, "Give the grid in the same form: one row per line, # for live and . for dead."
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        cells = len(data["start"].replace("\n", ""))
        return {"updates": cells * data["steps"], "cells": cells}

    def normalize(self, text: str, task: Task) -> str:
        size = len(task.data["start"].splitlines())
        try:
            grid = parse_symbol_grid(text, size, size, "#.", aliases={"1": "#", "0": "."})
        except GridParseError as exc:
            raise AnswerFormatError(str(exc)) from None
        return "\n".join("".join(row) for row in grid)

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["start"]), block((task.answer or "").replace("#", "x", 1))]
