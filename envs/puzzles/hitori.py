"""Hitori: shade cells so no number repeats, shaded cells never touch and the rest connect."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import (
    UNIQUE,
    Encoding,
    UniquePuzzle,
    cell_label,
    changed_cell_answers,
    format_example,
    read_marks,
    symbol_rows,
)
from palaestra.generators.grids import (
    GridCNF,
    components,
    connectivity_cuts,
    neighbours,
    random_filled_grid,
)
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

REPAIRS = 40  # number changes tried on one layout before a new layout is drawn


MAX_LAYOUTS = 200  # layouts drawn before giving up (a few suffice in practice)


class HitoriParams(Params):
    size: int = Field(
        6, ge=4, le=9, description="side of the grid (numbers 1..size); larger is harder"
    )
    circled: int = Field(
        0,
        ge=0,
        le=40,
        description="unshaded cells revealed (circled) as hints; fewer is harder",
    )


def first_broken_rule(numbers: list[list[int]], shaded: set[tuple[int, int]]) -> str | None:
    """The first broken hitori rule of a shading, in words, or None."""
    n = len(numbers)
    for r, c in sorted(shaded):
        for nr, nc in neighbours(r, c, n, n):
            if (nr, nc) in shaded:
                return f"the shaded cells at {cell_label(r, c)} and {cell_label(nr, nc)} touch"
    for (r1, c1), (r2, c2) in _equal_pairs(numbers):
        if (r1, c1) not in shaded and (r2, c2) not in shaded:
            return (
                f"the unshaded cells at {cell_label(r1, c1)} and {cell_label(r2, c2)} both "
                f"show {numbers[r1][c1]}"
            )
    white = {(r, c) for r in range(n) for c in range(n)} - shaded
    if len(components(white)) > 1:
        return "the unshaded cells are not all connected"
    return None


@register("puzzles/hitori-v1")
class Hitori(UniquePuzzle):
    """Hitori: shade cells of a number grid so that the rest repeats nothing and stays connected.

    Task: the Nikoli puzzle (1990). In an n x n grid of numbers, shade some cells so that no
    number appears twice among the unshaded cells of any row or column, no two shaded cells
    share a side, and the unshaded cells form one orthogonally connected area. Generation: a
    random maximal shading (no two touching, the rest connected, no cell can be added) over a
    random latin square; each shaded cell's number is replaced by one that repeats an unshaded
    number of its row or column. MiniSat then looks for a second shading (connectivity is added
    as lazy cuts); while one exists, a shaded cell that it leaves unshaded gets a number that
    clashes with a cell unshaded in both, which rules that shading out (after `REPAIRS` changes
    a new layout is drawn).

    Answer format: the grid inside <answer></answer>, one row per line, ``#`` for a shaded cell
    and ``.`` for an unshaded one, separated by spaces.

    Knobs: `size` (4..9; larger is harder) and `circled`, unshaded cells revealed as hints
    (fewer is harder). Levels go from 4x4 with 2 circled cells to 9x9 with none. About three
    layouts are drawn per puzzle on average (`layouts_drawn` in the cost).

    Verification: by the rules, so any valid shading scores 1.0 (it is unique anyway).
    `task.meta["cost"]` records the cells left unknown, the layouts drawn and MiniSat's effort,
    with the lazy connectivity rounds.

    Versions: v1, first release.
    """

    Params = HitoriParams
    levels = {
        1: {"size": 4, "circled": 2},
        2: {"size": 5, "circled": 3},
        3: {"size": 5, "circled": 0},
        4: {"size": 6, "circled": 4},
        5: {"size": 6, "circled": 0},
        6: {"size": 7, "circled": 5},
        7: {"size": 7, "circled": 0},
        8: {"size": 8, "circled": 6},
        9: {"size": 8, "circled": 0},
        10: {"size": 9, "circled": 0},
    }
    difficulty_cost = "unknown_cells"

    def sample(self, rng: np.random.Generator, params: HitoriParams) -> tuple[dict[str, Any], str]:
        n = params.size
        for layouts in range(1, MAX_LAYOUTS + 1):
            shaded = _random_shading(rng, n)
            numbers = random_filled_grid(rng, GridCNF(n))
            for r, c in sorted(shaded):
                numbers[r][c] = _clashing_number(rng, numbers, shaded, r, c)
            for _ in range(REPAIRS):
                data = {"numbers": numbers, "circled": []}
                enc = self.encode(data)
                truth = [
                    enc.project[r * n + c] * (1 if (r, c) in shaded else -1)
                    for r in range(n)
                    for c in range(n)
                ]
                other = enc.second_solution(truth)
                if other is None:
                    white = [[r, c] for r in range(n) for c in range(n) if (r, c) not in shaded]
                    picks = rng.choice(len(white), min(params.circled, len(white)), replace=False)
                    data["circled"] = sorted(white[int(i)] for i in picks)
                    data["layouts"] = layouts
                    return data, _shading_text(n, shaded)
                theirs = {(i // n, i % n) for i, lit in enumerate(other) if lit > 0}
                if not _repair(rng, numbers, shaded, theirs):
                    break

        raise ValueError(f"no unique puzzle in {MAX_LAYOUTS} layouts; try other knobs")

    def encode(self, data: dict[str, Any]) -> Encoding:
        numbers = data["numbers"]
        n = len(numbers)
        cnf = PuzzleCNF()
        shade = {(r, c): cnf.var("shaded", r, c) for r in range(n) for c in range(n)}
        for (r, c), lit in shade.items():
            for cell in neighbours(r, c, n, n)[1::2]:  # below and right: each pair once
                cnf.add([-lit, -shade[cell]])
        clues = [cnf.var("number", r, c) for r in range(n) for c in range(n)]
        clues += [-shade[r, c] for r, c in data["circled"]]
        for a, b in _equal_pairs(numbers):
            cnf.add([-clues[a[0] * n + a[1]], -clues[b[0] * n + b[1]], shade[a], shade[b]])
        white = {cell: -lit for cell, lit in shade.items()}
        project = [shade[r, c] for r in range(n) for c in range(n)]

        def decode(solution: list[int]) -> str:
            return _shading_text(n, {(i // n, i % n) for i, lit in enumerate(solution) if lit > 0})

        return Encoding(cnf, project, clues, decode, lambda model: connectivity_cuts(white, model))

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Uncircles a cell, or blanks the number of a cell (0 clashes with nothing); the
        clues are the numbers in reading order, then the circles."""
        n = len(data["numbers"])
        if index >= n * n:
            return {
                **data,
                "circled": [c for i, c in enumerate(data["circled"]) if i != index - n * n],
            }
        numbers = [list(row) for row in data["numbers"]]
        numbers[index // n][index % n] = 0
        return {**data, "numbers": numbers}

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = len(data["numbers"])
        return {
            "unknown_cells": n * n - len(data["circled"]),
            "size": n,
            "layouts_drawn": data["layouts"],
        }

    def render(self, data: dict[str, Any], params: HitoriParams) -> str:
        n = len(data["numbers"])
        circled = {tuple(cell) for cell in data["circled"]}
        grid = "\n".join(
            " ".join(f"({v})" if (r, c) in circled else f" {v} " for c, v in enumerate(row))
            for r, row in enumerate(data["numbers"])
        )
        hint = (
            " A number in parentheses is circled: that cell is certainly unshaded."
            if circled
            else ""
        )
        return (
            f"Solve this {n}x{n} hitori. Shade some cells so that (1) no number appears more "
            "than once among the unshaded cells of any row or any column, (2) no two shaded "
            "cells are next to each other horizontally or vertically, and (3) all unshaded "
            "cells form a single area connected through horizontal and vertical steps. "
            f"{UNIQUE}{hint}\n\n{grid}\n\n"
            "Give the shading inside <answer></answer>: one row per line, `#` for a shaded "
            "cell and `.` for an unshaded one, separated by single spaces. "
            + format_example("# . .\n. . #")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        numbers = task.data["numbers"]
        n = len(numbers)
        shaded = read_marks(answer, n)
        if isinstance(shaded, Verdict):
            return shaded
        for r, c in task.data["circled"]:
            if (r, c) in shaded:
                return Verdict.fail("wrong", f"The circled cell at {cell_label(r, c)} is shaded.")
        broken = first_broken_rule(numbers, shaded)
        if broken is not None:
            return Verdict.fail("wrong", f"Not a solution: {broken}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"#": ".", ".": "#"})


def _equal_pairs(numbers: list[list[int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of cells in one row or column that show the same (non-zero) number."""
    n = len(numbers)
    pairs = []
    for line in [[(r, c) for c in range(n)] for r in range(n)] + [
        [(r, c) for r in range(n)] for c in range(n)
    ]:
        for a, b in itertools.combinations(line, 2):
            if numbers[a[0]][a[1]] and numbers[a[0]][a[1]] == numbers[b[0]][b[1]]:
                pairs.append((a, b))
    return pairs


def _random_shading(rng: np.random.Generator, n: int) -> set[tuple[int, int]]:
    """A maximal shading: cells tried in a random order are shaded when none touches and the
    rest stays connected. Only a maximal one can be unique, since adding any further
    shadable cell to a solution gives another solution."""
    shaded: set[tuple[int, int]] = set()
    cells = {(r, c) for r in range(n) for c in range(n)}
    for index in rng.permutation(n * n):
        cell = divmod(int(index), n)
        if any(nb in shaded for nb in neighbours(*cell, n, n)):
            continue
        if len(components(cells - shaded - {cell})) == 1:
            shaded.add(cell)
    return shaded


def _clashing_number(
    rng: np.random.Generator, numbers: list[list[int]], shaded: set[tuple[int, int]], r: int, c: int
) -> int:
    """A number for shaded cell (r, c) that repeats an unshaded number of its row or column."""
    n = len(numbers)
    line = [(r, cc) for cc in range(n)] + [(rr, c) for rr in range(n)]
    options = sorted({numbers[rr][cc] for rr, cc in line if (rr, cc) not in shaded})
    return options[int(rng.integers(len(options)))]


def _repair(
    rng: np.random.Generator,
    numbers: list[list[int]],
    shaded: set[tuple[int, int]],
    theirs: set[tuple[int, int]],
) -> bool:
    """Rules out the other shading `theirs`: a cell shaded here but not there gets the number
    of a cell of its row or column unshaded in both. False when no such change exists."""
    n = len(numbers)
    options = []
    for r, c in sorted(shaded - theirs):
        line = [(r, cc) for cc in range(n)] + [(rr, c) for rr in range(n)]
        for cell in line:
            if cell not in shaded and cell not in theirs:
                options.append(((r, c), numbers[cell[0]][cell[1]]))
    if not options:
        return False
    (r, c), value = options[int(rng.integers(len(options)))]
    numbers[r][c] = value
    return True


def _shading_text(n: int, shaded: set[tuple[int, int]]) -> str:
    return symbol_rows([["#" if (r, c) in shaded else "." for c in range(n)] for r in range(n)])
