"""Shikaku: divide the grid into rectangles, each holding one number equal to its area."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import (
    UNIQUE,
    Encoding,
    UniquePuzzle,
    format_example,
    grid_failure,
)
from palaestra.generators.grids import Cell
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.grids import GridParseError, parse_token_grid

LABEL = re.compile(r"[A-Za-z0-9]{1,3}")
REPAIRS = 30  # numbers moved inside their rectangles before a new partition is drawn
Rect = tuple[int, int, int, int]  # top, left, height, width


MAX_LAYOUTS = 200  # layouts drawn before giving up (a few suffice in practice)


class ShikakuParams(Params):
    size: int = Field(7, ge=3, le=12, description="side of the grid; larger is harder")
    max_area: int = Field(8, ge=2, le=20, description="largest rectangle; larger is harder")


def cells_of(rect: Rect) -> list[Cell]:
    top, left, height, width = rect
    return [(top + i, left + j) for i in range(height) for j in range(width)]


@register("puzzles/shikaku-v1")
class Shikaku(UniquePuzzle):
    """Shikaku: split the grid into rectangles, each containing one number equal to its area.

    Task: the Nikoli puzzle (also "Divide by Squares"). Every cell belongs to exactly one
    rectangle; each rectangle contains exactly one number, which is its area (in cells).
    Generation: a random partition into rectangles (the first free cell in reading order
    starts a rectangle of random size up to `max_area` that fits the free cells), a number
    in a random cell of each. MiniSat proves the partition unique as an exact cover of the
    cells by candidate rectangles (each containing exactly one number, with that area);
    while a second partition exists, the number of a rectangle it changes moves to another
    cell of that rectangle (up to `REPAIRS` moves, then a new partition is drawn).

    Answer format: the grid inside <answer></answer>, one row per line, each cell labelled
    by its rectangle (any letters or numbers, one label per rectangle), separated by spaces.

    Knobs: `size` (3..12) and `max_area` (2..20); larger is harder. Levels go from 5x5 to
    12x12.

    Verification: by the rules: the cells of each label form one full rectangle holding
    exactly one number, equal to its area. `task.meta["cost"]` records the cells, the
    rectangles, the partitions drawn and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = ShikakuParams
    levels = {
        1: {"size": 5, "max_area": 6},
        2: {"size": 6, "max_area": 6},
        3: {"size": 7, "max_area": 8},
        4: {"size": 8, "max_area": 8},
        5: {"size": 8, "max_area": 10},
        6: {"size": 9, "max_area": 10},
        7: {"size": 10, "max_area": 10},
        8: {"size": 10, "max_area": 12},
        9: {"size": 11, "max_area": 12},
        10: {"size": 12, "max_area": 12},
    }
    difficulty_cost = "cells"
    tags = ("puzzle", "grid", "unique-solution")

    def sample(self, rng: np.random.Generator, params: ShikakuParams) -> tuple[dict[str, Any], str]:
        n = params.size
        for draws in range(1, MAX_LAYOUTS + 1):
            rects = _partition(rng, n, params.max_area)
            spots = [cells_of(rect)[int(rng.integers(rect[2] * rect[3]))] for rect in rects]
            for _ in range(REPAIRS):
                data = {
                    "size": n,
                    "clues": [
                        [r, c, h * w] for (r, c), (_, _, h, w) in zip(spots, rects, strict=True)
                    ],
                }
                enc = self.encode(data)
                planted = [enc.cnf.var("rect", i, *rect) for i, rect in enumerate(rects)]
                other = enc.second_solution(planted)
                if other is None:
                    data["draws"] = draws
                    return data, _labels(n, rects)
                chosen = {abs(lit) for lit in other if lit > 0}
                changed = [i for i, lit in enumerate(planted) if lit not in chosen]
                i = changed[int(rng.integers(len(changed)))]
                options = [cell for cell in cells_of(rects[i]) if cell != spots[i]]
                if not options:
                    break
                spots[i] = options[int(rng.integers(len(options)))]

        raise ValueError(f"no unique puzzle in {MAX_LAYOUTS} layouts; try other knobs")

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        clue_at = {(r, c): i for i, (r, c, _) in enumerate(data["clues"])}
        cnf = PuzzleCNF()
        covering: dict[Cell, list[int]] = {}
        clues = []
        project = []
        for i, (r, c, area) in enumerate(data["clues"]):
            choices = []
            for rect in _rects_around(r, c, n, area):
                cells = cells_of(rect)
                if any(clue_at.get(cell, i) != i for cell in cells):
                    continue  # a rectangle holds exactly one number
                lit = cnf.var("rect", i, *rect)
                choices.append(lit)
                project.append(lit)
                for cell in cells:
                    covering.setdefault(cell, []).append(lit)
            if area is None:  # a dropped number: any rectangle around it
                cnf.exactly_one(choices)
                continue
            clue = cnf.fresh()  # the number: a rectangle of that area around it
            cnf.at_most(choices, 1)
            cnf.add(choices, clue)
            clues.append(clue)
        for r in range(n):
            for c in range(n):
                cnf.exactly_one(covering.get((r, c), []))

        def decode(solution: list[int]) -> str:
            rects = [tuple(cnf.pool.obj(lit)[2:]) for lit in solution if lit > 0]
            return _labels(n, rects)  # type: ignore[arg-type]

        return Encoding(cnf, project, clues, decode)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Turns the `index`-th number still shown into a question mark: its rectangle may
        then have any area."""
        clues = [list(clue) for clue in data["clues"]]
        shown = [clue for clue in clues if clue[2] is not None]
        shown[index][2] = None
        return {**data, "clues": clues}

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = data["size"]
        return {
            "cells": n * n,
            "rectangles": len(data["clues"]),
            "partitions_drawn": data.get("draws", 1),
        }

    def render(self, data: dict[str, Any], params: ShikakuParams) -> str:
        n = data["size"]
        grid = [["."] * n for _ in range(n)]
        for r, c, area in data["clues"]:
            grid[r][c] = "?" if area is None else str(area)
        width = max(len(cell) for row in grid for cell in row)
        shown = "\n".join(" ".join(f"{cell:>{width}}" for cell in row) for row in grid)
        return (
            f"Solve this {n}x{n} shikaku. Divide the grid into rectangles (squares count) so that "
            "every cell belongs to exactly one rectangle and every rectangle contains exactly one "
            f"number, which equals its area in cells. `.` is a cell without a number. {UNIQUE}"
            f"\n\n{shown}\n\n"
            "Give the division inside <answer></answer>: the grid with each cell replaced by a "
            "label of its rectangle (letters or numbers, a different label for each rectangle), "
            "one row per line, labels separated by spaces. " + format_example("A A B\nC C B")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        try:
            grid = parse_token_grid(answer, n, n, LABEL, "label")
        except GridParseError as exc:
            return grid_failure(exc, n, n, f"Write {n} lines of {n} labels.")
        groups: dict[str, list[Cell]] = {}
        for r, row in enumerate(grid):
            for c, label in enumerate(row):
                groups.setdefault(label, []).append((r, c))
        clue_at = {(r, c): area for r, c, area in task.data["clues"]}
        for label, cells in groups.items():
            rows = [r for r, _ in cells]
            cols = [c for _, c in cells]
            height, width = max(rows) - min(rows) + 1, max(cols) - min(cols) + 1
            if height * width != len(cells):
                return Verdict.fail("wrong", f"The cells labelled {label} do not form a rectangle.")
            numbers = [cell for cell in cells if cell in clue_at]
            if len(numbers) != 1:
                return Verdict.fail(
                    "wrong", f"The rectangle {label} contains {len(numbers)} numbers, not 1."
                )
            area = clue_at[numbers[0]]
            if area is not None and area != len(cells):
                return Verdict.fail(
                    "wrong",
                    f"The rectangle {label} has {len(cells)} cells but its number is {area}.",
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        rows = [line.split() for line in (task.answer or "").splitlines()]
        rows[0][0] = "Z9"  # one cell cut out of its rectangle
        return ["<answer>\n" + "\n".join(" ".join(row) for row in rows) + "\n</answer>"]


def _rects_around(r: int, c: int, n: int, area: int | None) -> list[Rect]:
    """Every rectangle inside the n x n grid that contains cell (r, c), of the given area
    (any area when None)."""
    return [
        (top, left, height, width)
        for height in range(1, n + 1)
        for width in range(1, n + 1)
        if area is None or height * width == area
        for top in range(max(0, r - height + 1), min(r, n - height) + 1)
        for left in range(max(0, c - width + 1), min(c, n - width) + 1)
    ]


def _partition(rng: np.random.Generator, n: int, max_area: int) -> list[Rect]:
    """Rectangles covering the grid: the first free cell (reading order) starts a random
    rectangle of free cells, at most `max_area`, preferring more than one cell."""
    free = [[True] * n for _ in range(n)]
    rects: list[Rect] = []
    for r in range(n):
        for c in range(n):
            if not free[r][c]:
                continue
            options = []
            for height in range(1, n - r + 1):
                for width in range(1, n - c + 1):
                    if height * width > max_area:
                        break
                    if all(free[r + i][c + j] for i in range(height) for j in range(width)):
                        options.append((r, c, height, width))
            larger = [rect for rect in options if rect[2] * rect[3] > 1] or options
            rect = larger[int(rng.integers(len(larger)))]
            for cell in cells_of(rect):
                free[cell[0]][cell[1]] = False
            rects.append(rect)
    return rects


def _labels(n: int, rects: list[Rect]) -> str:
    grid = [["?"] * n for _ in range(n)]
    for index, rect in enumerate(sorted(rects)):
        for r, c in cells_of(rect):
            grid[r][c] = str(index + 1)
    return "\n".join(" ".join(row) for row in grid)
