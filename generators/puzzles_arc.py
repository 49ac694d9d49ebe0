"""ARC-style grid transformations: random input grids, a small DSL, and ambiguity checks.

Grids are numpy int arrays of colours 0..9 (0 is the background). A transformation is a
name plus parameters (JSON-ready, e.g. ``["recolour", 2, 5]``); `apply` runs one and
`run` a program (a list of them). `primitives(colours)` lists every transformation with
parameters drawn from the given colours, which is the space `rivals` searches: the programs
of up to two steps that agree with every example pair, to find those that would answer a
test input differently (an ambiguous task).
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import Any

import numpy as np

Step = list[Any]  # [name, *parameters]
Program = list[Step]

GEOMETRIC = ("rot90", "rot180", "rot270", "flip_lr", "flip_ud", "transpose")
GRAVITY = ("fall_down", "fall_up", "fall_left", "fall_right")
SHAPE = ("crop", "tile2", "mirror2", "scale2")
SHIFTS = ((0, 1), (0, -1), (1, 0), (-1, 0))
MAX_SIDE = 30


def apply(grid: np.ndarray, step: Step) -> np.ndarray:
    """One transformation of `grid` (a new array; grids larger than 30 are clipped)."""
    name, *args = step
    if name == "rot90":
        out = np.rot90(grid, -1)
    elif name == "rot180":
        out = np.rot90(grid, 2)
    elif name == "rot270":
        out = np.rot90(grid, 1)
    elif name == "flip_lr":
        out = grid[:, ::-1]
    elif name == "flip_ud":
        out = grid[::-1, :]
    elif name == "transpose":
        out = grid.T
    elif name == "recolour":
        a, b = args
        out = grid.copy()
        out[grid == a], out[grid == b] = b, a
    elif name == "shift":
        out = _shift(grid, *args)
    elif name == "crop":
        rows, cols = np.nonzero(grid)
        out = grid[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1] if len(rows) else grid
    elif name == "tile2":
        out = np.tile(grid, (2, 2))
    elif name == "mirror2":
        top = np.hstack([grid, grid[:, ::-1]])
        out = np.vstack([top, top[::-1, :]])
    elif name == "scale2":
        out = np.kron(grid, np.ones((2, 2), dtype=grid.dtype))
    elif name in GRAVITY:
        out = _fall(grid, name)
    elif name == "fill_enclosed":
        out = _fill_enclosed(grid, args[0])
    else:
        raise ValueError(f"unknown transformation {name!r}")
    return np.ascontiguousarray(out[:MAX_SIDE, :MAX_SIDE])


def run(grid: np.ndarray, program: Program) -> np.ndarray:
    for step in program:
        grid = apply(grid, step)
    return grid


def primitives(colours: list[int]) -> list[Step]:
    """Every transformation, parameters taken from `colours` (the non-zero colours seen)."""
    steps: list[Step] = [[name] for name in (*GEOMETRIC, *GRAVITY, *SHAPE)]
    steps += [["shift", dr, dc] for dr, dc in SHIFTS]
    steps += [["recolour", a, b] for a, b in itertools.combinations(sorted(colours), 2)]
    steps += [["fill_enclosed", c] for c in range(1, 10)]
    return steps


def rivals(pairs: list[tuple[np.ndarray, np.ndarray]], test: np.ndarray, answer: np.ndarray) -> int:
    """How many programs of one or two steps fit every example pair but map `test` to
    something other than `answer` (0: the examples pin the answer down within that space).
    Step results are computed once per first step and shared."""
    colours = sorted(
        {int(v) for grid, _ in pairs for v in np.unique(grid) if v}
        | {int(v) for v in np.unique(test) if v}
    )
    space = primitives(colours)
    inputs = [grid for grid, _ in pairs] + [test]
    outputs = [out for _, out in pairs]
    count = 0
    for first in space:
        once = [apply(grid, first) for grid in inputs]
        if _fits(once, outputs) and not np.array_equal(once[-1], answer):
            count += 1
        for second in space:
            twice = []
            for grid, expected in zip(once[:-1], outputs, strict=True):
                result = apply(grid, second)
                if not np.array_equal(result, expected):
                    break
                twice.append(result)
            else:
                if not np.array_equal(apply(once[-1], second), answer):
                    count += 1
    return count


def random_grid(
    rng: np.random.Generator, rows: int, cols: int, colours: list[int], objects: int
) -> np.ndarray:
    """A background grid with `objects` random objects: filled or hollow rectangles, lines
    and single cells, each in one of `colours` (hollow rectangles enclose background)."""
    grid = np.zeros((rows, cols), dtype=np.int64)
    for _ in range(objects):
        colour = colours[int(rng.integers(len(colours)))]
        kind = int(rng.integers(4))
        h, w = (
            int(rng.integers(1, max(2, rows // 2) + 1)),
            int(rng.integers(1, max(2, cols // 2) + 1)),
        )
        if kind == 1:
            h, w = max(h, 3), max(w, 3)
        h, w = min(h, rows), min(w, cols)
        r, c = int(rng.integers(0, rows - h + 1)), int(rng.integers(0, cols - w + 1))
        if kind == 0:  # filled rectangle
            grid[r : r + h, c : c + w] = colour
        elif kind == 1:  # hollow rectangle
            grid[r : r + h, c] = grid[r : r + h, c + w - 1] = colour
            grid[r, c : c + w] = grid[r + h - 1, c : c + w] = colour
        elif kind == 2:  # line
            if rng.integers(2):
                grid[r, c : c + w] = colour
            else:
                grid[r : r + h, c] = colour
        else:  # a single cell
            grid[r, c] = colour
    return grid


def _fits(results: list[np.ndarray], outputs: list[np.ndarray]) -> bool:
    return all(np.array_equal(a, b) for a, b in zip(results, outputs, strict=False))


def _shift(grid: np.ndarray, dr: int, dc: int) -> np.ndarray:
    """Moves the whole picture by (dr, dc); what leaves the grid is lost, 0 comes in."""
    out = np.zeros_like(grid)
    rows, cols = grid.shape
    src = grid[max(0, -dr) : rows - max(0, dr), max(0, -dc) : cols - max(0, dc)]
    out[max(0, dr) : max(0, dr) + src.shape[0], max(0, dc) : max(0, dc) + src.shape[1]] = src
    return out


def _fall(grid: np.ndarray, name: str) -> np.ndarray:
    """Non-zero cells slide as far as they go in one direction, keeping their order."""
    turns = {"fall_down": 0, "fall_left": 1, "fall_up": 2, "fall_right": 3}[name]
    view = np.rot90(grid, turns)
    out = np.zeros_like(view)
    for c in range(view.shape[1]):
        cells = view[:, c][view[:, c] != 0]
        if len(cells):
            out[-len(cells) :, c] = cells
    return np.rot90(out, -turns)


def _fill_enclosed(grid: np.ndarray, colour: int) -> np.ndarray:
    """Background cells that cannot reach the border through background turn `colour`."""
    rows, cols = grid.shape
    outside = np.zeros_like(grid, dtype=bool)
    queue = deque(
        (r, c)
        for r in range(rows)
        for c in range(cols)
        if (r in (0, rows - 1) or c in (0, cols - 1)) and grid[r, c] == 0
    )
    for r, c in queue:
        outside[r, c] = True
    while queue:
        r, c = queue.popleft()
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and not outside[nr, nc] and grid[nr, nc] == 0:
                outside[nr, nc] = True
                queue.append((nr, nc))
    out = grid.copy()
    out[(grid == 0) & ~outside] = colour
    return out
