"""Maze: find a shortest path from S to G through a grid maze, as a string of moves."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import STEPS, IllegalMove, LetterPlan, step_label
from palaestra.params import Params
from palaestra.registry import register


class MazeParams(Params):
    rows: int = Field(6, ge=2, le=25, description="rooms down the maze; more is harder")
    cols: int = Field(6, ge=2, le=25, description="rooms across the maze; more is harder")
    loops: float = Field(
        0.1,
        ge=0.0,
        le=0.5,
        description="share of extra wall openings that create alternative routes; more is harder",
    )


@register("puzzles/maze-v1")
class Maze(LetterPlan):
    """Maze: walk from S to G by the shortest route, as a string of U/D/L/R moves.

    Task: a grid maze drawn in text (``#`` wall, ``.`` floor), a random spanning tree of the
    rooms (randomised depth-first search, the "recursive backtracker") with a share of
    extra walls knocked out so that several routes, of different lengths, exist. S and G are
    two rooms far apart. The answer is a route; it must be a shortest one.

    Answer format: moves as letters inside <answer></answer>, U (up), D (down), L (left), R
    (right), one character step each, together (``RRDL``) or separated by spaces or commas.

    Knobs: `rows` and `cols` (rooms; more is harder) and `loops` (share of extra openings;
    more is harder). Levels go from 4x4 rooms to 20x20.

    Verification: by simulation: no step into a wall or off the map, ending on G. The
    shortest length comes from BFS; a longer valid route scores 0.5 * shortest / length.
    `task.meta["cost"]` records the map's cells, the shortest length and the BFS nodes
    expanded.

    Versions: v1, first release.
    """

    Params = MazeParams
    difficulty_cost = "cells"
    levels = {
        1: {"rows": 4, "cols": 4, "loops": 0.1},
        2: {"rows": 4, "cols": 5, "loops": 0.1},
        3: {"rows": 5, "cols": 5, "loops": 0.1},
        4: {"rows": 6, "cols": 6, "loops": 0.15},
        5: {"rows": 8, "cols": 8, "loops": 0.15},
        6: {"rows": 10, "cols": 10, "loops": 0.15},
        7: {"rows": 12, "cols": 12, "loops": 0.2},
        8: {"rows": 14, "cols": 14, "loops": 0.2},
        9: {"rows": 17, "cols": 17, "loops": 0.2},
        10: {"rows": 20, "cols": 20, "loops": 0.2},
    }

    def sample(self, rng: np.random.Generator, params: MazeParams) -> tuple[dict[str, Any], None]:
        rows, cols = params.rows, params.cols
        grid = _carve(rng, rows, cols, params.loops)
        rooms = [(2 * r + 1, 2 * c + 1) for r in range(rows) for c in range(cols)]
        start = rooms[int(rng.integers(len(rooms)))]
        width = 2 * cols + 1
        flat = [char for row in grid for char in row]
        order, parent = _bfs_tree(flat, width, start[0] * width + start[1])
        distance = {}
        for cell in order:  # BFS order: a cell's parent always comes before it
            distance[cell] = distance[parent[cell]] + 1 if parent[cell] >= 0 else 0
        longest = distance[order[-1]]
        far = [cell for cell in rooms if distance[cell[0] * width + cell[1]] >= longest * 0.75]
        goal = far[int(rng.integers(len(far)))]
        grid[start[0]][start[1]], grid[goal[0]][goal[1]] = "S", "G"
        data = {"grid": ["".join(row) for row in grid], "start": list(start), "goal": list(goal)}
        target = goal[0] * width + goal[1]
        plan = []
        cell = target
        while parent[cell] >= 0:
            plan.append(_LETTER_OF_OFFSET[width][cell - parent[cell]])
            cell = parent[cell]
        data["plan"] = plan[::-1]
        data["expanded"] = order.index(target)  # cells a BFS expands before it reaches G
        return data, None

    def cost(self, data: dict[str, Any], params: MazeParams) -> dict[str, Any]:
        return {
            "optimal_moves": len(data["plan"]),
            "bfs_expanded": data["expanded"],
            "cells": len(data["grid"]) * len(data["grid"][0]),
        }

    def render(self, data: dict[str, Any], params: MazeParams) -> str:
        maze = "\n".join(data["grid"])
        return (
            "Find the shortest path through this maze from S to G. `#` is a wall and `.` is "
            "floor; each move goes one character up (U), down (D), left (L) or right (R) and "
            "may not enter a wall or leave the map.\n\n"
            f"{maze}\n\n"
            "Give the moves inside <answer></answer> as a string of the letters U, D, L and R, "
            "from S to G. Only a shortest path gets full marks. " + format_example("RRDDLD")
        )

    def replay(self, data: dict[str, Any], moves: list[str]) -> bool:
        grid = data["grid"]
        r, c = data["start"]
        for index, move in enumerate(moves):
            dr, dc = STEPS[move]
            r, c = r + dr, c + dc
            if not (0 <= r < len(grid) and 0 <= c < len(grid[0])) or grid[r][c] == "#":
                raise IllegalMove(f"{step_label(index)} ({move}) walks into a wall")
        return [r, c] == data["goal"]


def _carve(rng: np.random.Generator, rows: int, cols: int, loops: float) -> list[list[str]]:
    """A (2 rows + 1) x (2 cols + 1) character maze: rooms at odd coordinates, carved by a
    randomised depth-first search, then `loops` of the remaining inner walls opened."""
    grid = [["#"] * (2 * cols + 1) for _ in range(2 * rows + 1)]
    seen = {(0, 0)}
    stack = [(0, 0)]
    grid[1][1] = "."
    draws = iter(rng.random(rows * cols).tolist())  # one draw per room the search enters
    while stack:
        r, c = stack[-1]
        options = [
            (r + dr, c + dc)
            for dr, dc in STEPS.values()
            if 0 <= r + dr < rows and 0 <= c + dc < cols and (r + dr, c + dc) not in seen
        ]
        if not options:
            stack.pop()
            continue
        nr, nc = options[int(next(draws) * len(options))]
        grid[r + nr + 1][c + nc + 1] = "."
        grid[2 * nr + 1][2 * nc + 1] = "."
        seen.add((nr, nc))
        stack.append((nr, nc))
    walls = [
        (r, c)
        for r in range(1, 2 * rows)
        for c in range(1, 2 * cols)
        if grid[r][c] == "#" and (r % 2) != (c % 2)
    ]
    for index in rng.permutation(len(walls))[: int(loops * len(walls))].tolist():
        r, c = walls[index]
        grid[r][c] = "."
    return grid


class _OffsetLetters(dict):
    """width -> {flat offset of a step: its letter}, built on first use of a width."""

    def __missing__(self, width: int) -> dict[int, str]:
        table = {dr * width + dc: move for move, (dr, dc) in STEPS.items()}
        self[width] = table
        return table


_LETTER_OF_OFFSET = _OffsetLetters()


def _bfs_tree(flat: list[str], width: int, start: int) -> tuple[list[int], list[int]]:
    """Breadth-first search over the floor of a flattened maze from `start`, trying the
    steps in `STEPS` order: the cells in the order they are expanded, and each cell's
    parent (-1 for the start and for cells never reached). Mazes are walled all round, so
    no step leaves the map."""
    offsets = [dr * width + dc for dr, dc in STEPS.values()]
    parent = [-1] * len(flat)
    seen = [False] * len(flat)
    seen[start] = True
    order = [start]
    for cell in order:  # the list grows while it is read: a queue without popping
        for offset in offsets:
            other = cell + offset
            if not seen[other] and flat[other] != "#":
                seen[other] = True
                parent[other] = cell
                order.append(other)
    return order, parent


def _moves(grid: list[str], cell: tuple[int, int]) -> list[tuple[str, tuple[int, int]]]:
    r, c = cell
    return [
        (move, (r + dr, c + dc)) for move, (dr, dc) in STEPS.items() if grid[r + dr][c + dc] != "#"
    ]


def _distances(grid: list[list[str]], start: tuple[int, int]) -> dict[tuple[int, int], int]:
    """BFS distances from `start` to every floor cell."""
    rows = ["".join(row) for row in grid]
    distances = {start: 0}
    frontier = [start]
    while frontier:
        nxt = []
        for cell in frontier:
            for _, other in _moves(rows, cell):
                if other not in distances:
                    distances[other] = distances[cell] + 1
                    nxt.append(other)
        frontier = nxt
    return distances
