"""Slitherlink: draw one closed loop along grid lines so that each number counts its sides."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import (
    MARK_ALIASES,
    UNIQUE,
    Encoding,
    UniquePuzzle,
    cell_label,
    changed_cell_answers,
    format_example,
    prune_clues,
    read_marks,
    symbol_rows,
)
from palaestra.generators.grids import Cell, components, connectivity_cuts, neighbours
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

INSIDE_ALIASES = {**MARK_ALIASES, "1": "#", "0": "."}
SIDES = ((-1, 0), (1, 0), (0, -1), (0, 1))


class SlitherParams(Params):
    size: int = Field(6, ge=3, le=12, description="side of the grid of cells; larger is harder")
    inside: float = Field(
        0.5, ge=0.2, le=0.7, description="share of cells the loop encloses; nearer 0.5 is harder"
    )


def loop_problem(inside: set[Cell], n: int) -> str | None:
    """Why the boundary of `inside` is not one simple closed loop, or None when it is: the
    inside must be one connected area, the outside (the grid's surroundings included) too,
    and no two inside cells may touch only at a corner with the other two outside (the
    loop would cross itself there)."""
    if not inside:
        return "the loop encloses no cell"
    if len(components(inside)) > 1:
        return "the enclosed cells form more than one area, so there is more than one loop"
    padded = {(r, c) for r in range(-1, n + 1) for c in range(-1, n + 1)} - inside
    if len(components(padded)) > 1:
        return (
            "some outside cells are enclosed by the loop (a hole), so there is more than one loop"
        )
    for r in range(-1, n):
        for c in range(-1, n):
            block = [
                (r, c) in inside,
                (r, c + 1) in inside,
                (r + 1, c) in inside,
                (r + 1, c + 1) in inside,
            ]
            if block in ([True, False, False, True], [False, True, True, False]):
                return (
                    f"the loop touches itself at the corner below and right of {cell_label(r, c)}"
                )
    return None


def side_count(inside: set[Cell], r: int, c: int) -> int:
    """How many of cell (r, c)'s four sides lie on the loop (its neighbour differs)."""
    here = (r, c) in inside
    return sum(((r + dr, c + dc) in inside) != here for dr, dc in SIDES)


@register("puzzles/slitherlink-v1")
class Slitherlink(UniquePuzzle):
    """Slitherlink: one closed loop along the grid lines; a number counts its cell's loop sides.

    Task: the Nikoli puzzle (1989). Draw a single closed loop that never crosses or touches
    itself along the edges of the grid; a number in a cell says how many of that cell's four
    sides the loop uses. Since the loop is the border between the cells it encloses and the
    rest, the answer marks the enclosed cells. Generation: a random region grown cell by cell
    (kept connected, without holes or corner pinches, so its border is one loop); every cell
    numbered, then numbers removed in random order while MiniSat proves uniqueness. The
    encoding marks enclosed cells, fixes each number's count by a table over the cell and its
    four neighbours, forbids corner pinches, and adds connectivity of the inside and of the
    outside as lazy cuts.

    Answer format: the grid inside <answer></answer>, one row per line, ``#`` for a cell
    inside the loop and ``.`` for a cell outside, separated by spaces.

    Knobs: `size` (3..12; larger is harder) and `inside` (share of enclosed cells). Levels go
    from 4x4 to 10x10.

    Verification: by the rules: the marked cells' border must be a single simple loop (inside
    and outside each connected, no pinch) and every number must count its cell's sides on it.
    `task.meta["cost"]` records the cells, the numbers and MiniSat's effort with its lazy
    rounds.

    Versions: v1, first release.
    """

    Params = SlitherParams
    levels = {
        1: {"size": 4, "inside": 0.5},
        2: {"size": 5, "inside": 0.5},
        3: {"size": 5, "inside": 0.6},
        4: {"size": 6, "inside": 0.5},
        5: {"size": 6, "inside": 0.6},
        6: {"size": 7, "inside": 0.5},
        7: {"size": 8, "inside": 0.5},
        8: {"size": 8, "inside": 0.6},
        9: {"size": 9, "inside": 0.5},
        10: {"size": 10, "inside": 0.5},
    }
    clue_lists = ("numbers",)
    difficulty_cost = "cells"
    tags = ("puzzle", "grid", "unique-solution")

    def sample(self, rng: np.random.Generator, params: SlitherParams) -> tuple[dict[str, Any], str]:
        n = params.size
        inside = _grow_region(rng, n, params.inside)
        numbers = [[r, c, side_count(inside, r, c)] for r in range(n) for c in range(n)]
        data = {"size": n, "numbers": numbers}
        enc = self.encode(data)
        planted = [lit if divmod(i, n) in inside else -lit for i, lit in enumerate(enc.project)]
        kept = prune_clues(rng, enc, planted, range(len(numbers)))
        data["numbers"] = [num for i, num in enumerate(numbers) if i in kept]
        return data, _region_text(n, inside)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf = PuzzleCNF()
        cells = [cnf.var("in", r, c) for r in range(n) for c in range(n)]
        true = cnf.var("true")
        cnf.add([true])

        def member(r: int, c: int) -> int:
            """The literal of "(r, c) is inside"; the surroundings are outside."""
            return cells[r * n + c] if 0 <= r < n and 0 <= c < n else -true

        cnf.add(cells)  # the loop encloses something
        for r in range(-1, n):
            for c in range(-1, n):
                a, b, d, e = member(r, c), member(r, c + 1), member(r + 1, c), member(r + 1, c + 1)
                cnf.add_all([[-a, b, d, -e], [a, -b, -d, e]])  # no pinch at this corner
        clues = []
        for r, c, count in data["numbers"]:
            around = [member(r, c)] + [member(r + dr, c + dc) for dr, dc in SIDES]
            options = [
                [lit if bit else -lit for lit, bit in zip(around, bits, strict=True)]
                for bits in itertools.product((False, True), repeat=5)
                if sum(bit != bits[0] for bit in bits[1:]) == count
            ]
            clue = cnf.fresh()
            cnf.one_of(options, guard=clue)
            clues.append(clue)
        inner = {(r, c): cells[r * n + c] for r in range(n) for c in range(n)}
        outer = {(r, c): -member(r, c) for r in range(-1, n + 1) for c in range(-1, n + 1)}

        def lazy(model: set[int]) -> list[list[int]]:
            return connectivity_cuts(inner, model) or connectivity_cuts(outer, model)

        def decode(solution: list[int]) -> str:
            return _region_text(n, {divmod(i, n) for i, lit in enumerate(solution) if lit > 0})

        return Encoding(cnf, cells, clues, decode, lazy)

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"cells": data["size"] ** 2, "numbers": len(data["numbers"])}

    def render(self, data: dict[str, Any], params: SlitherParams) -> str:
        n = data["size"]
        grid = [["."] * n for _ in range(n)]
        for r, c, count in data["numbers"]:
            grid[r][c] = str(count)
        return (
            f"Solve this {n}x{n} slitherlink. Draw one closed loop along the edges of the grid's "
            "cells; it may not cross or touch itself. A number in a cell tells how many of that "
            "cell's four sides the loop uses; `.` cells have no number. "
            f"{UNIQUE}\n\n{symbol_rows(grid)}\n\n"
            "Describe the loop by the cells it encloses: give the grid inside <answer></answer>, "
            "one row per line, `#` for a cell inside the loop and `.` for a cell outside it, "
            "separated by single spaces. " + format_example(". # #\n. # .")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        inside = read_marks(answer, n, INSIDE_ALIASES)
        if isinstance(inside, Verdict):
            return inside
        problem = loop_problem(inside, n)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a single loop: {problem}.")
        for r, c, count in task.data["numbers"]:
            got = side_count(inside, r, c)
            if got != count:
                return Verdict.fail(
                    "wrong",
                    f"The loop uses {got} sides of the cell at {cell_label(r, c)}, not {count}.",
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"#": ".", ".": "#"})


def _grow_region(rng: np.random.Generator, n: int, share: float) -> set[Cell]:
    """A random region whose border is one simple loop, grown one neighbouring cell at a
    time while `loop_problem` finds nothing wrong, up to `share` of the cells."""
    start = divmod(int(rng.integers(n * n)), n)
    inside = {start}
    target = max(1, int(share * n * n))
    stalled = 0
    while len(inside) < target and stalled < 4 * n * n:
        rim = sorted({nb for cell in inside for nb in neighbours(*cell, n, n)} - inside)
        cell = rim[int(rng.integers(len(rim)))]
        if loop_problem(inside | {cell}, n) is None:
            inside.add(cell)
            stalled = 0
        else:
            stalled += 1
    return inside


def _region_text(n: int, inside: set[Cell]) -> str:
    return symbol_rows([["#" if (r, c) in inside else "." for c in range(n)] for r in range(n)])
