"""Tents: place a tent next to every tree, tents never touching, with row and column counts."""

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
    count_clues,
    count_problem,
    counted_grid,
    drop_line_clue,
    format_example,
    read_symbols,
    reveal_until_unique,
    symbol_rows,
)
from palaestra.generators.grids import Cell, neighbours
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

TENT_ALIASES = {"^": "A", "a": "A", "t": "T", "-": ".", "_": "."}


class TentsParams(Params):
    size: int = Field(8, ge=4, le=14, description="side of the grid; larger is harder")
    density: float = Field(
        0.18, ge=0.08, le=0.22, description="share of cells holding a tent; more is harder"
    )


def matching_tree(trees: list[Cell], tents: set[Cell]) -> dict[Cell, Cell] | None:
    """A tree -> tent assignment pairing each tree with its own orthogonally adjacent tent
    (augmenting paths), or None when there is none."""
    owner: dict[Cell, Cell] = {}

    def assign(tree: Cell, seen: set[Cell]) -> bool:
        r, c = tree
        for tent in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if tent in tents and tent not in seen:
                seen.add(tent)
                if tent not in owner or assign(owner[tent], seen):
                    owner[tent] = tree
                    return True
        return False

    for tree in trees:
        if not assign(tree, set()):
            return None
    return {tree: tent for tent, tree in owner.items()}


@register("puzzles/tents-v1")
class Tents(UniquePuzzle):
    """Tents: pitch one tent beside each tree; tents never touch; rows and columns are counted.

    Task: the "Tents and Trees" puzzle (Leon Balmaekers). Place tents in empty cells so that
    trees and tents pair up one to one, each tent directly beside (up, down, left, right) its
    own tree, no two tents touch (not even diagonally), and each row and column holds the
    number of tents written beside it. Generation: random tents that do not touch, each given
    a tree beside it; with the counts, MiniSat looks for a second solution, and while one
    exists a tent of the planted solution is shown as a given (one that the second solution
    lacks); the shown tents are then pruned back while MiniSat proves uniqueness.

    Answer format: the grid inside <answer></answer>, one row per line: ``T`` for a tree (as
    given), ``A`` for a tent, ``.`` for grass, separated by spaces.

    Knobs: `size` (4..14; larger is harder) and `density`, the share of cells with a tent
    (more is harder). Levels go from 5x5 to 12x12.

    Verification: by the rules: trees unchanged, given tents kept, counts, no touching tents,
    and a perfect tree-tent pairing (found by augmenting paths). `task.meta["cost"]` records
    the cells, the given tents and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = TentsParams
    levels = {
        1: {"size": 5, "density": 0.12},
        2: {"size": 6, "density": 0.14},
        3: {"size": 7, "density": 0.16},
        4: {"size": 8, "density": 0.16},
        5: {"size": 8, "density": 0.2},
        6: {"size": 9, "density": 0.18},
        7: {"size": 10, "density": 0.18},
        8: {"size": 10, "density": 0.2},
        9: {"size": 11, "density": 0.2},
        10: {"size": 12, "density": 0.2},
    }
    difficulty_cost = "cells"

    def sample(self, rng: np.random.Generator, params: TentsParams) -> tuple[dict[str, Any], str]:
        n = params.size
        tents, trees = _plant(rng, n, params.density)
        data = {
            "size": n,
            "trees": sorted([list(t) for t in trees]),
            "rows": [sum(r == i for r, _ in tents) for i in range(n)],
            "cols": [sum(c == i for _, c in tents) for i in range(n)],
            "given": [],
        }
        cells = self.encode(data).project
        planted = [lit if divmod(i, n) in tents else -lit for i, lit in enumerate(cells)]
        data = reveal_until_unique(
            rng,
            self,
            data,
            planted,
            "given",
            lambda lit: list(divmod(cells.index(lit), n)),
            candidates=[lit for lit in planted if lit > 0],
        )
        return data, _grid_text(n, set(trees), tents)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        trees = {tuple(t) for t in data["trees"]}
        cnf = PuzzleCNF()
        cells = [cnf.var("tent", r, c) for r in range(n) for c in range(n)]
        pairs: dict[Cell, list[int]] = {}
        for r in range(n):
            for c in range(n):
                tent = cells[r * n + c]
                if (r, c) in trees:
                    cnf.add([-tent])
                    continue
                for nr, nc in neighbours(r, c, n, n, diagonal=True):
                    if (nr, nc) > (r, c):
                        cnf.add([-tent, -cells[nr * n + nc]])
                links = []
                for tree in neighbours(r, c, n, n):
                    if tree in trees:
                        link = cnf.var("pair", tree, (r, c))
                        cnf.add([-link, tent])
                        pairs.setdefault(tree, []).append(link)
                        links.append(link)
                cnf.add([-tent, *links])
                cnf.at_most(links, 1)
        for tree in trees:
            cnf.exactly_one(pairs.get(tree, []))
        clues = count_clues(cnf, cells, data)
        clues += [cells[r * n + c] for r, c in data["given"]]

        def decode(solution: list[int]) -> str:
            return _grid_text(n, trees, {divmod(i, n) for i, lit in enumerate(solution) if lit > 0})

        return Encoding(cnf, cells, clues, decode)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Clues: the row and column counts still shown, then the given tents."""
        return drop_line_clue(data, index, "given")

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = data["size"]
        return {"cells": n * n, "trees": len(data["trees"]), "given_tents": len(data["given"])}

    def render(self, data: dict[str, Any], params: TentsParams) -> str:
        n = data["size"]
        grid = [["."] * n for _ in range(n)]
        for r, c in data["trees"]:
            grid[r][c] = "T"
        for r, c in data["given"]:
            grid[r][c] = "A"
        given = " Tents already placed are shown as A." if data["given"] else ""
        return (
            f"Solve this {n}x{n} tents puzzle. T marks a tree. Place tents in empty cells so "
            "that every tree has its own tent directly above, below, left or right of it (trees "
            "and tents pair up one to one), no two tents touch each other, not even "
            "diagonally, and each row and column contains the number of tents written at its "
            f"end (rows on the right, columns below).{given} {UNIQUE}\n\n"
            + counted_grid(grid, data["rows"], data["cols"])
            + "\n\nGive the grid inside <answer></answer>: one row per line, `T` for a tree, "
            "`A` for a tent and `.` for an empty cell, separated by single spaces. "
            + format_example("T A .\n. . .\nA T .")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        grid = read_symbols(
            answer, n, n, "TA.", f"Write {n} lines of {n} symbols T, A or .", TENT_ALIASES
        )
        if isinstance(grid, Verdict):
            return grid
        trees = {tuple(t) for t in task.data["trees"]}
        for r in range(n):
            for c in range(n):
                if (grid[r][c] == "T") != ((r, c) in trees):
                    return Verdict.fail(
                        "wrong", f"The trees must stay as given; see {cell_label(r, c)}."
                    )
        tents = {(r, c) for r in range(n) for c in range(n) if grid[r][c] == "A"}
        broken = _broken_rule(task.data, tents)
        if broken is not None:
            return Verdict.fail("wrong", f"Not a solution: {broken}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"A": ".", ".": "A"})


def _broken_rule(data: dict[str, Any], tents: set[Cell]) -> str | None:
    n = data["size"]
    for r, c in data["given"]:
        if (r, c) not in tents:
            return f"the given tent at {cell_label(r, c)} is missing"
    for r, c in sorted(tents):
        for cell in neighbours(r, c, n, n, diagonal=True):
            if cell in tents:
                return f"the tents at {cell_label(r, c)} and {cell_label(*cell)} touch"
    problem = count_problem(data, tents, "tents")
    if problem is not None:
        return problem
    trees = sorted(tuple(t) for t in data["trees"])
    if len(tents) != len(trees) or matching_tree(trees, tents) is None:
        return "trees and tents cannot be paired one to one, each tent beside its own tree"
    return None


def _plant(rng: np.random.Generator, n: int, density: float) -> tuple[set[Cell], list[Cell]]:
    """Random tents (none touching) and a tree beside each, on distinct free cells."""
    tents: set[Cell] = set()
    trees: list[Cell] = []
    for index in rng.permutation(n * n):
        if len(tents) >= density * n * n:
            break
        cell = divmod(int(index), n)
        if cell in trees or any(nb in tents for nb in neighbours(*cell, n, n, diagonal=True)):
            continue
        spots = [nb for nb in neighbours(*cell, n, n) if nb not in tents and nb not in trees]
        if spots:
            tents.add(cell)
            trees.append(spots[int(rng.integers(len(spots)))])
    return tents, trees


def _grid_text(n: int, trees: set[Cell], tents: set[Cell]) -> str:
    return symbol_rows(
        [
            ["T" if (r, c) in trees else "A" if (r, c) in tents else "." for c in range(n)]
            for r in range(n)
        ]
    )
