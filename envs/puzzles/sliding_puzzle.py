"""Sliding puzzle (8-puzzle, 15-puzzle and smaller): sort the tiles in the fewest moves."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import STEPS, UNDO, IllegalMove, LetterPlan, step_label
from palaestra.generators.search import bidirectional_bfs
from palaestra.params import Params
from palaestra.registry import register

Board = tuple[int, ...]
# The most moves any position needs, for the boards solved exactly (BFS from the goal).
RADIUS = {(2, 2): 6, (2, 3): 21, (3, 2): 21, (2, 4): 36, (4, 2): 36, (3, 3): 31}
_LAYERS: dict[tuple[int, int], tuple[list[list[Board]], set[Board]]] = {}


class SlidingParams(Params):
    rows: int = Field(3, ge=2, le=4, description="rows of the board; more is harder")
    cols: int = Field(3, ge=2, le=4, description="columns of the board; more is harder")
    depth: int = Field(
        20,
        ge=1,
        le=40,
        description=(
            "boards of up to 9 cells: the exact optimal length; larger boards: the length of "
            "the random shuffle (the optimum is at most this). More is harder"
        ),
    )

    @model_validator(mode="after")
    def _reachable(self) -> SlidingParams:
        radius = RADIUS.get((self.rows, self.cols))
        if radius is not None and self.depth > radius:
            raise ValueError(
                f"no {self.rows}x{self.cols} position needs more than {radius} moves; "
                f"use depth <= {radius}"
            )
        return self


def slide(board: Board, cols: int, move: str) -> Board | None:
    """The board after the blank (0) moves one step in direction `move`, or None off the edge."""
    blank = board.index(0)
    r, c = divmod(blank, cols)
    dr, dc = STEPS[move]
    if not (0 <= r + dr < len(board) // cols and 0 <= c + dc < cols):
        return None
    other = (r + dr) * cols + c + dc
    cells = list(board)
    cells[blank], cells[other] = cells[other], 0
    return tuple(cells)


@register("puzzles/sliding-puzzle-v1")
class SlidingPuzzle(LetterPlan):
    """Sliding puzzle: move the blank to put tiles 1..n in order, in the fewest moves.

    Task: the 15-puzzle family (Noyes Chapman, 1880; the 8-puzzle on 3x3). Tiles 1..n and a
    blank sit on a rows x cols board; a move slides a tile next to the blank into it. Goal:
    tiles in reading order with the blank last. Instances: boards of up to 9 cells (the
    8-puzzle) draw a position exactly `depth` moves from solved (breadth-first search from the
    goal, kept per process); larger boards (the 15-puzzle) are shuffled by `depth` random blank
    moves, never undoing the last one. The optimum comes from breadth-first search from both
    ends.

    Answer format: the moves of the blank inside <answer></answer>, as letters U, D, L, R (the
    blank moves up: the tile above it slides down), together or separated.

    Knobs: `rows`, `cols` (2..4; larger is harder) and `depth` (more is harder). Levels go from
    the 8-puzzle to the 15-puzzle.

    Verification: by simulation: no move off the board, the board solved at the end. A shortest
    plan scores 1.0; a longer valid one scores 0.5 * optimum / length. `task.meta["cost"]`
    records the optimum and the search nodes expanded (the difficulty measure, since it grows
    with both the board and the optimum).

    Versions: v1, first release.
    """

    Params = SlidingParams
    levels = {
        1: {"rows": 3, "cols": 3, "depth": 14},
        2: {"rows": 3, "cols": 3, "depth": 16},
        3: {"rows": 3, "cols": 3, "depth": 18},
        4: {"rows": 3, "cols": 3, "depth": 20},
        5: {"rows": 3, "cols": 3, "depth": 22},
        6: {"rows": 3, "cols": 3, "depth": 24},
        7: {"rows": 3, "cols": 3, "depth": 26},
        8: {"rows": 3, "cols": 3, "depth": 28},
        9: {"rows": 3, "cols": 3, "depth": 30},
        10: {"rows": 4, "cols": 4, "depth": 28},
    }
    difficulty_cost = "bfs_expanded"

    def sample(
        self, rng: np.random.Generator, params: SlidingParams
    ) -> tuple[dict[str, Any], None]:
        rows, cols = params.rows, params.cols
        goal: Board = (*range(1, rows * cols), 0)
        if (rows, cols) in RADIUS:
            layer = _layer(rows, cols, params.depth)
            board = layer[int(rng.integers(len(layer)))]
        else:
            board, last = goal, ""
            while board == goal:  # a walk that wanders back to the goal is walked on
                for _ in range(params.depth):
                    moves = [m for m in STEPS if m != UNDO.get(last) and slide(board, cols, m)]
                    last = moves[int(rng.integers(len(moves)))]
                    board = slide(board, cols, last)  # type: ignore[assignment]
        result = bidirectional_bfs(board, goal, lambda b: _neighbours(b, cols), UNDO.__getitem__)
        data = {"rows": rows, "cols": cols, "board": list(board), "plan": result.plan}
        data["expanded"] = result.expanded
        return data, None

    def cost(self, data: dict[str, Any], params: SlidingParams) -> dict[str, Any]:
        return {
            "optimal_moves": len(data["plan"]),
            "bfs_expanded": data["expanded"],
            "tiles": len(data["board"]) - 1,
        }

    def render(self, data: dict[str, Any], params: SlidingParams) -> str:
        rows, cols = data["rows"], data["cols"]
        width = len(str(rows * cols - 1))
        board = "\n".join(
            " ".join(
                f"{v:>{width}}" if v else "_" * width
                for v in data["board"][r * cols : r * cols + cols]
            )
            for r in range(rows)
        )
        goal = "\n".join(
            " ".join(
                f"{v:>{width}}" if v else "_" * width
                for v in [*range(1, rows * cols), 0][r * cols : r * cols + cols]
            )
            for r in range(rows)
        )
        return (
            f"Solve this {rows}x{cols} sliding puzzle in as few moves as possible. `_` is the "
            "empty space. A move slides a tile next to the empty space into it; write it as "
            "the direction the empty space moves: U (up: the tile above slides down), D "
            f"(down), L (left) or R (right).\n\nStart:\n{board}\n\nGoal:\n{goal}\n\n"
            "Give the moves inside <answer></answer> as a string of the letters U, D, L and R. "
            "Only a shortest solution gets full marks. " + format_example("LURD")
        )

    def replay(self, data: dict[str, Any], moves: list[str]) -> bool:
        board: Board | None = tuple(data["board"])
        for index, move in enumerate(moves):
            board = slide(board, data["cols"], move)  # type: ignore[arg-type]
            if board is None:
                raise IllegalMove(
                    f"{step_label(index)} ({move}) moves the empty space off the board"
                )
        return board == (*range(1, len(data["board"])), 0)


def _neighbours(board: Board, cols: int) -> list[tuple[str, Board]]:
    return [(m, nxt) for m in STEPS if (nxt := slide(board, cols, m)) is not None]


def _layer(rows: int, cols: int, depth: int) -> list[Board]:
    """The positions exactly `depth` moves from solved, in BFS discovery order. Layers are
    kept per board shape and extended on demand (the order does not depend on how far an
    earlier call went)."""
    goal: Board = (*range(1, rows * cols), 0)
    layers, seen = _LAYERS.setdefault((rows, cols), ([[goal]], {goal}))
    while len(layers) <= depth:
        nxt = []
        for board in layers[-1]:
            for _, other in _neighbours(board, cols):
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        layers.append(nxt)
    return layers[depth]
