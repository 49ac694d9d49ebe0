"""Norinori: shade two cells per region so that shaded cells pair up into dominoes."""

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
    format_example,
    prune_clues,
    read_marks,
    region_cells,
    region_map,
    settle_regions,
    symbol_rows,
)
from palaestra.generators.grids import Cell, grow_regions, neighbours
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

REPAIRS = 40  # region edits that rule out second solutions before givens are used


class NorinoriParams(Params):
    size: int = Field(6, ge=4, le=14, description="side of the grid; larger is harder")


def first_broken_rule(region: list[list[int]], shaded: set[Cell], free: list[int]) -> str | None:
    """The first broken norinori rule, in words, or None; `free` regions have no count."""
    n = len(region)
    for r, c in sorted(shaded):
        partners = [cell for cell in neighbours(r, c, n, n) if cell in shaded]
        if len(partners) != 1:
            return (
                f"the shaded cell at {cell_label(r, c)} has {len(partners)} shaded neighbours, "
                "not exactly 1"
            )
    for index, cells in enumerate(region_cells(region)):
        count = sum(tuple(cell) in shaded for cell in cells)
        if index not in free and count != 2:
            return f"region {region_map([[index]])} has {count} shaded cells, not 2"
    return None


@register("puzzles/norinori-v1")
class Norinori(UniquePuzzle):
    """Norinori: shade exactly two cells in every region so that shaded cells form dominoes.

    Task: the Nikoli puzzle (also "Dominnocuous"). An n x n grid is cut into regions; shade
    exactly two cells of each region so that every shaded cell has exactly one shaded
    neighbour (up, down, left or right): the shaded cells form dominoes that never touch each
    other along a side. Some shaded cells may be given. Generation: a random maximal packing
    of dominoes that touch at most at corners, and a region grown from each domino by random
    steps. While MiniSat finds a second solution, a cell it shades that the planted one does not
    moves into a neighbouring region (up to `REPAIRS` times), which breaks that solution's
    counts; then every shaded cell starts as a given, and givens are removed in random order
    while MiniSat proves the solution unique.

    Answer format: the grid inside <answer></answer>, one row per line, ``#`` for a shaded
    cell and ``.`` for an empty one, separated by spaces.

    Knobs: `size` (4..14; larger is harder). Levels go from 4x4 to 14x14.

    Verification: by the rules: givens shaded, two shaded cells per region, one shaded
    neighbour per shaded cell. `task.meta["cost"]` records the cells, regions, given cells
    and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = NorinoriParams
    levels = {1: {"size": 4}, 2: {"size": 5}, 3: {"size": 6}, 4: {"size": 7}, 5: {"size": 8}}
    levels |= {6: {"size": 9}, 7: {"size": 10}, 8: {"size": 11}, 9: {"size": 12}, 10: {"size": 14}}
    difficulty_cost = "cells"

    def sample(
        self, rng: np.random.Generator, params: NorinoriParams
    ) -> tuple[dict[str, Any], str]:
        n = params.size
        dominoes = _domino_packing(rng, n)
        shaded = sorted({cell for domino in dominoes for cell in domino})
        region = grow_regions(rng, n, n, [list(d) for d in dominoes])
        cnf, cells = _pairing_rules(n)
        planted = [lit if divmod(i, n) in shaded else -lit for i, lit in enumerate(cells)]
        settle_regions(rng, cnf, cells, planted, region, 2, REPAIRS)  # fewer givens needed
        data = {"region": region, "given": [list(cell) for cell in shaded]}
        enc = self.encode(data)
        regions = len(enc.clues) - len(shaded)
        kept = prune_clues(rng, enc, planted, range(regions, len(enc.clues)))
        data["given"] = [g for i, g in enumerate(data["given"]) if i + regions in kept]
        return data, _shading_text(n, set(shaded))

    def encode(self, data: dict[str, Any]) -> Encoding:
        region = data["region"]
        n = len(region)
        cnf, cells = _pairing_rules(n)
        clues = []
        for index, members in enumerate(region_cells(region)):
            if index in data.get("free", []):
                continue
            clue = cnf.fresh()
            cnf.exactly([cells[r * n + c] for r, c in members], 2, guard=clue)
            clues.append(clue)
        clues += [cells[r * n + c] for r, c in data["given"]]

        def decode(solution: list[int]) -> str:
            return _shading_text(n, {divmod(i, n) for i, lit in enumerate(solution) if lit > 0})

        return Encoding(cnf, cells, clues, decode)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Clues: the counted regions in id order (a dropped one is listed in
        ``data["free"]``), then the given cells."""
        regions = 1 + max(max(row) for row in data["region"])
        counted = [i for i in range(regions) if i not in data.get("free", [])]
        if index >= len(counted):
            given = [g for i, g in enumerate(data["given"]) if i != index - len(counted)]
            return {**data, "given": given}
        return {**data, "free": sorted([*data.get("free", []), counted[index]])}

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = len(data["region"])
        regions = 1 + max(max(row) for row in data["region"])
        return {"cells": n * n, "regions": regions, "given_cells": len(data["given"])}

    def render(self, data: dict[str, Any], params: NorinoriParams) -> str:
        n = len(data["region"])
        given = ""
        if data["given"]:
            shown = ", ".join(cell_label(r, c) for r, c in data["given"])
            given = f"\nThese cells are given as shaded: {shown}.\n"
        return (
            f"Solve this {n}x{n} norinori. The grid is divided into regions (cells with the "
            "same letter). Shade exactly two cells in every region so that every shaded cell "
            "has exactly one shaded neighbour (above, below, left or right): the shaded cells "
            "form dominoes of two cells, and no two dominoes touch along a side (touching at "
            f"a corner is fine). {UNIQUE}\n\n{region_map(data['region'])}\n{given}\n"
            "Give the grid inside <answer></answer>: one row per line, `#` for a shaded cell "
            "and `.` for an empty one, separated by single spaces. "
            + format_example("# # .\n. . #\n. . #")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        region = task.data["region"]
        n = len(region)
        shaded = read_marks(answer, n)
        if isinstance(shaded, Verdict):
            return shaded
        for r, c in task.data["given"]:
            if (r, c) not in shaded:
                return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is given as shaded.")
        broken = first_broken_rule(region, shaded, task.data.get("free", []))
        if broken is not None:
            return Verdict.fail("wrong", f"Not a solution: {broken}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"#": ".", ".": "#"})


def _pairing_rules(n: int) -> tuple[PuzzleCNF, list[int]]:
    """Every shaded cell has exactly one shaded neighbour; cells[r * n + c] is shaded."""
    cnf = PuzzleCNF()
    cells = [cnf.var("shaded", r, c) for r in range(n) for c in range(n)]
    for r in range(n):
        for c in range(n):
            around = [cells[nr * n + nc] for nr, nc in neighbours(r, c, n, n)]
            cnf.exactly(around, 1, guard=cells[r * n + c])
    return cnf, cells


def _domino_packing(rng: np.random.Generator, n: int) -> list[tuple[Cell, Cell]]:
    """A maximal random set of dominoes no two of which touch along a side."""
    shaded: set[Cell] = set()
    dominoes = []
    for index in rng.permutation(2 * n * n):
        (r, c), across = divmod(int(index) // 2, n), int(index) % 2
        other = (r, c + 1) if across else (r + 1, c)
        if other[0] >= n or other[1] >= n:
            continue
        pair = {(r, c), other}
        rim = {nb for cell in pair for nb in neighbours(*cell, n, n)} - pair
        if not (pair | rim) & shaded:
            shaded |= pair
            dominoes.append(((r, c), other))
    return dominoes


def _shading_text(n: int, shaded: set[Cell]) -> str:
    return symbol_rows([["#" if (r, c) in shaded else "." for c in range(n)] for r in range(n)])
