"""Kakuro: fill white runs with distinct digits 1-9 that add up to their clues."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import (
    UNIQUE,
    Encoding,
    UniquePuzzle,
    cell_label,
    changed_cell_answers,
    distinct_sum,
    format_example,
    read_symbols,
    reveal_until_unique,
    symbol_rows,
)
from palaestra.generators.grids import Cell
from palaestra.generators.puzzles_cnf import PuzzleCNF, random_solution
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

DIGITS = range(1, 10)


class KakuroParams(Params):
    size: int = Field(
        6,
        ge=4,
        le=10,
        description="side of the grid, clue row and column included; larger is harder",
    )
    white: float = Field(
        0.75, ge=0.5, le=0.9, description="share of inner cells drawn white; more is harder"
    )


def runs(white: set[Cell], n: int) -> list[dict[str, Any]]:
    """The maximal horizontal ("across") and vertical ("down") runs of white cells of
    length >= 2, each with its cells in order."""
    found = []
    for across in (True, False):
        for outer in range(n):
            cells: list[Cell] = []
            for inner in range(n + 1):
                cell = (outer, inner) if across else (inner, outer)
                if inner < n and cell in white:
                    cells.append(cell)
                    continue
                if len(cells) >= 2:
                    found.append({"across": across, "cells": [list(c) for c in cells]})
                cells = []
    return found


@register("puzzles/kakuro-v1")
class Kakuro(UniquePuzzle):
    """Kakuro: fill the white cells with digits 1-9 so each run has distinct digits and its sum.

    Task: the "cross sums" puzzle (Dell Magazines, 1950; kakuro in Japan). White cells form
    horizontal and vertical runs; each run has a clue, the sum of its digits, and no digit
    repeats within a run. Generation: a random pattern of white cells on a grid whose first row
    and column are black, pruned until every white cell lies in an across run and a down run of
    length 2 to 9; MiniSat fills it with digits under random phases and the run sums become the
    clues. While MiniSat finds a second filling, a cell where the two differ is given; given
    digits are then pruned back to a minimal set while MiniSat proves uniqueness (about 2 stay
    at level 1 and 11 at level 10).

    Answer format: the whole grid inside <answer></answer>, one row per line, ``#`` for a black
    cell and a digit for a white cell, separated by spaces.

    Knobs: `size` (4..10; larger is harder) and `white`, the share of inner cells drawn white
    (more means longer runs, harder). Levels go from 6x6 to 10x10.

    Verification: by the rules: black cells unchanged, digits 1-9 in white cells, given digits
    kept, every run with distinct digits and its sum. A run sum is encoded for MiniSat as a
    choice among the sets of distinct digits with that sum. `task.meta["cost"]` records the
    white cells, runs, given digits and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = KakuroParams
    levels = {
        1: {"size": 6, "white": 0.7},
        2: {"size": 6, "white": 0.8},
        3: {"size": 7, "white": 0.7},
        4: {"size": 7, "white": 0.8},
        5: {"size": 8, "white": 0.7},
        6: {"size": 8, "white": 0.8},
        7: {"size": 9, "white": 0.7},
        8: {"size": 9, "white": 0.8},
        9: {"size": 10, "white": 0.75},
        10: {"size": 10, "white": 0.85},
    }
    clue_lists = ("runs", "given")
    difficulty_cost = "white_cells"

    def sample(self, rng: np.random.Generator, params: KakuroParams) -> tuple[dict[str, Any], str]:
        n = params.size
        while True:
            white = _white_pattern(rng, n, params.white)
            if len(white) >= 4:
                break  # a pattern that pruning left empty is drawn again
        data = {
            "size": n,
            "white": sorted([list(c) for c in white]),
            "runs": runs(white, n),
            "given": [],
        }
        cnf = self.encode(data).cnf
        project = [cnf.var("x", r, c, v) for r, c in sorted(white) for v in DIGITS]
        # Extreme digits make sums with few digit sets, so fewer givens are needed.
        preferred = rng.choice([1, 2, 3, 7, 8, 9], size=len(white))
        phases = [
            lit if (i % 9) + 1 == preferred[i // 9] else -lit for i, lit in enumerate(project)
        ]
        filled = random_solution(rng, cnf, project, preferred=phases)
        if filled is None:  # pragma: no cover - runs of 2..9 cells can always be filled
            raise ValueError("this kakuro pattern cannot be filled")
        value = {
            (r, c): v for r, c in sorted(white) for v in DIGITS if cnf.var("x", r, c, v) in filled
        }
        for run in data["runs"]:
            run["sum"] = sum(value[tuple(cell)] for cell in run["cells"])
        cnf = self.encode(data).cnf
        truth = [cnf.var("x", r, c, v) for (r, c), v in sorted(value.items())]
        data = reveal_until_unique(
            rng, self, data, truth, "given", lambda lit: list(cnf.pool.obj(lit)[1:])
        )
        return data, _grid_text(n, value)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf = PuzzleCNF()
        white = [tuple(cell) for cell in data["white"]]
        for r, c in white:
            cnf.exactly_one([cnf.var("x", r, c, v) for v in DIGITS])
        clues = []
        for run in data["runs"]:
            cells = [tuple(cell) for cell in run["cells"]]
            if "sum" not in run:  # an unfilled pattern: only distinct digits per run
                for v in DIGITS:
                    cnf.at_most([cnf.var("x", r, c, v) for r, c in cells], 1)
                continue
            clue = cnf.fresh()
            distinct_sum(cnf, cells, DIGITS, run["sum"], clue)
            clues.append(clue)
        clues += [cnf.var("x", r, c, v) for r, c, v in data["given"]]
        project = [cnf.var("x", r, c, v) for r, c in white for v in DIGITS]

        def decode(solution: list[int]) -> str:
            true = {lit for lit in solution if lit > 0}
            value = {(r, c): v for r, c in white for v in DIGITS if cnf.var("x", r, c, v) in true}
            return _grid_text(n, value)

        return Encoding(cnf, project, clues, decode)

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "white_cells": len(data["white"]),
            "runs": len(data["runs"]),
            "given_digits": len(data["given"]),
        }

    def render(self, data: dict[str, Any], params: KakuroParams) -> str:
        n = data["size"]
        white = {tuple(cell) for cell in data["white"]}
        given = {(r, c): v for r, c, v in data["given"]}
        grid = [
            [str(given.get((r, c), ".")) if (r, c) in white else "#" for c in range(n)]
            for r in range(n)
        ]
        lines = []
        for run in data["runs"]:
            (r0, c0), (r1, c1) = run["cells"][0], run["cells"][-1]
            if run["across"]:
                where = f"row {r0 + 1}, columns {c0 + 1}-{c1 + 1}"
            else:
                where = f"column {c0 + 1}, rows {r0 + 1}-{r1 + 1}"
            lines.append(f"{'across' if run['across'] else 'down'} {where}: sum {run['sum']}")
        givens = " Digits shown in the grid are given." if given else ""
        return (
            f"Solve this {n}x{n} kakuro. `#` is a black cell; every other cell is white and gets "
            "a digit from 1 to 9. The white cells form runs (maximal horizontal or vertical "
            "stretches of two or more white cells); the digits of a run are all different and "
            f"add up to the run's sum, listed below.{givens} {UNIQUE}\n\n{symbol_rows(grid)}\n\n"
            "Runs:\n" + "\n".join(lines) + "\n\nGive the whole grid inside <answer></answer>: "
            "one row per line, `#` for a black cell and the digit for a white cell, separated "
            "by single spaces. " + format_example("# # #\n# 1 2\n# 3 4")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        n = data["size"]
        grid = read_symbols(answer, n, n, "#123456789", f"Write {n} lines of {n} cells.")
        if isinstance(grid, Verdict):
            return grid
        white = {tuple(cell) for cell in data["white"]}
        for r in range(n):
            for c in range(n):
                if (grid[r][c] == "#") == ((r, c) in white):
                    kind = "white" if (r, c) in white else "black"
                    return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is {kind}.")
        for r, c, v in data["given"]:
            if grid[r][c] != str(v):
                return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is given as {v}.")
        for run in data["runs"]:
            digits = [int(grid[r][c]) for r, c in run["cells"]]
            if len(set(digits)) < len(digits) or sum(digits) != run["sum"]:
                r, c = run["cells"][0]
                kind = "across" if run["across"] else "down"
                return Verdict.fail(
                    "wrong",
                    f"Not a solution: the {kind} run starting at {cell_label(r, c)} needs distinct "
                    f"digits adding up to {run['sum']}.",
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        bump = {str(v): str(v % 9 + 1) for v in DIGITS}
        return changed_cell_answers(task.answer or "", bump)


def _white_pattern(rng: np.random.Generator, n: int, share: float) -> set[Cell]:
    """White cells off the first row and column: all inner cells start white, and cells
    taken in a random order turn black while more than `share` of them is white, whenever
    every white cell stays in an across run and a down run of 2..9 cells."""
    white = {(r, c) for r in range(1, n) for c in range(1, n)}
    target = share * len(white)
    for index in rng.permutation(len(white)):
        if len(white) <= target:
            break
        r, c = divmod(int(index), n - 1)
        trial = white - {(r + 1, c + 1)}
        if all(_run_ok(trial, cell) for cell in _near(r + 1, c + 1) if cell in trial):
            white = trial
    if not all(_run_ok(white, cell) for cell in white):
        return set()  # a 10x10 grid needs black cells to keep runs at most 9 long
    return white


def _near(r: int, c: int) -> list[Cell]:
    """The cells whose runs can change when (r, c) turns black: its row and column."""
    return [(r, cc) for cc in range(20)] + [(rr, c) for rr in range(20)]


def _run_ok(white: set[Cell], cell: Cell) -> bool:
    """Whether the across and down runs through a white cell have 2..9 cells."""
    r, c = cell
    for dr, dc in ((0, 1), (1, 0)):
        length = 1
        for sign in (1, -1):
            rr, cc = r + sign * dr, c + sign * dc
            while (rr, cc) in white:
                length += 1
                rr, cc = rr + sign * dr, cc + sign * dc
        if not 2 <= length <= 9:
            return False
    return True


def _grid_text(n: int, value: dict[Cell, int]) -> str:
    return symbol_rows(
        [[str(value[r, c]) if (r, c) in value else "#" for c in range(n)] for r in range(n)]
    )
