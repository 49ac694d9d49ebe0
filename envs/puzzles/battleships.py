"""Battleships: find a hidden fleet from row and column counts and a few revealed cells."""

from __future__ import annotations

from collections import Counter
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
    count_clues,
    count_problem,
    counted_grid,
    drop_line_clue,
    format_example,
    read_marks,
    reveal_until_unique,
    symbol_rows,
)
from palaestra.generators.grids import Cell, components, neighbours
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

FLEETS = {
    5: [3, 2, 1, 1],
    6: [3, 2, 2, 1, 1],
    7: [4, 3, 2, 2, 1, 1],
    8: [4, 3, 3, 2, 2, 1, 1, 1],
    9: [4, 3, 3, 2, 2, 2, 1, 1, 1],
    10: [4, 3, 3, 2, 2, 2, 1, 1, 1, 1],
}
SHIP_ALIASES = {**MARK_ALIASES, "S": "#", "~": ".", "W": "."}


class BattleshipsParams(Params):
    size: int = Field(
        8, ge=5, le=10, description="side of the grid, which sets the fleet; larger is harder"
    )


def fleet_of(ships: set[Cell], n: int) -> list[int] | str:
    """The sorted ship lengths of a set of ship cells, or a sentence saying why they are not
    straight ships kept apart (no two ships may touch, not even diagonally)."""
    for r, c in sorted(ships):
        for nr, nc in neighbours(r, c, n, n, diagonal=True)[4:]:
            if (nr, nc) in ships:
                return f"ships touch diagonally at {cell_label(r, c)} and {cell_label(nr, nc)}"
    lengths = []
    for group in components(ships):
        rows = {r for r, _ in group}
        cols = {c for _, c in group}
        if len(rows) > 1 and len(cols) > 1:
            r, c = min(group)
            return f"the ship through {cell_label(r, c)} is not a straight line"
        lengths.append(len(group))
    return sorted(lengths, reverse=True)


@register("puzzles/battleships-v1")
class Battleships(UniquePuzzle):
    """Battleships (solitaire): place a known fleet from row and column counts and a few hints.

    Task: the pencil puzzle "Bimaru" (Jaap Scherphuis' solitaire battleships). A fleet of
    straight ships (lengths given) hides in an n x n grid; ships never touch, not even
    diagonally; the number of ship cells in each row and column is given, and some cells
    are revealed as ship or water. Generation: the fleet is placed at random (longest ship
    first); while MiniSat finds a second fleet placement with the same counts, a cell where
    the two differ is revealed, and the revealed cells are pruned back to a minimal set
    while MiniSat proves uniqueness. Ships are encoded for MiniSat by "a ship of length L
    starts here" variables defined from the ship cells, counted per length.

    Answer format: the grid inside <answer></answer>, one row per line, ``#`` for a ship cell
    and ``.`` for water, separated by spaces.

    Knobs: `size` (5..10, with a fleet for each size; larger is harder). Levels go from 5x5
    with 4 ships to 10x10 with the classic fleet of 10.

    Verification: by the rules: counts, revealed cells, straight ships that do not touch,
    and exactly the fleet's lengths. `task.meta["cost"]` records the cells, the ship cells,
    the revealed cells and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = BattleshipsParams
    levels = {1: {"size": 5}, 2: {"size": 6}, 3: {"size": 6}, 4: {"size": 7}, 5: {"size": 7}}
    levels |= {6: {"size": 8}, 7: {"size": 8}, 8: {"size": 9}, 9: {"size": 9}, 10: {"size": 10}}
    difficulty_cost = "cells"

    def sample(
        self, rng: np.random.Generator, params: BattleshipsParams
    ) -> tuple[dict[str, Any], str]:
        n = params.size
        fleet = FLEETS[n]
        ships = _place_fleet(rng, n, fleet)
        data = {
            "size": n,
            "fleet": fleet,
            "rows": [sum(r == i for r, _ in ships) for i in range(n)],
            "cols": [sum(c == i for _, c in ships) for i in range(n)],
            "revealed": [],
        }
        cells = self.encode(data).project
        planted = [lit if divmod(i, n) in ships else -lit for i, lit in enumerate(cells)]
        data = reveal_until_unique(
            rng,
            self,
            data,
            planted,
            "revealed",
            lambda lit: [*divmod(cells.index(abs(lit)), n), int(lit > 0)],
        )
        return data, _grid_text(n, ships)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf = PuzzleCNF()
        cells = [cnf.var("ship", r, c) for r in range(n) for c in range(n)]

        def ship(r: int, c: int) -> int | None:
            return cells[r * n + c] if 0 <= r < n and 0 <= c < n else None

        for r in range(n):
            for c in range(n):
                for nr, nc in ((r + 1, c - 1), (r + 1, c + 1)):
                    if (other := ship(nr, nc)) is not None:
                        cnf.add([-cells[r * n + c], -other])
        longest = max(data["fleet"])
        starts: dict[int, list[int]] = {length: [] for length in range(1, longest + 1)}
        for r in range(n):
            for c in range(n):
                for dr, dc in ((0, 1), (1, 0)):
                    for length in range(1, longest + 2):
                        body = [ship(r + dr * i, c + dc * i) for i in range(length)]
                        if None in body:
                            break
                        if length > longest:
                            cnf.add([-lit for lit in body])  # no ship is longer than the fleet's
                            break
                        ends = [ship(r - dr, c - dc), ship(r + dr * length, c + dc * length)]
                        if length == 1:
                            if dr:  # a one-cell ship is counted once, from the across pass
                                continue
                            ends = [
                                ship(r + a, c + b) for a, b in ((-1, 0), (1, 0), (0, -1), (0, 1))
                            ]
                        conditions = body + [-lit for lit in ends if lit is not None]
                        start = cnf.fresh()  # a ship of this length starts here, this way
                        cnf.add_all([-start, lit] for lit in conditions)
                        cnf.add([start, *(-lit for lit in conditions)])
                        starts[length].append(start)
        counts = Counter(data["fleet"])
        for length, lits in starts.items():
            cnf.exactly(lits, counts[length])
        clues = count_clues(cnf, cells, data)
        clues += [cells[r * n + c] * (1 if v else -1) for r, c, v in data["revealed"]]

        def decode(solution: list[int]) -> str:
            return _grid_text(n, {divmod(i, n) for i, lit in enumerate(solution) if lit > 0})

        return Encoding(cnf, cells, clues, decode)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Clues: the row and column counts still shown, then the revealed cells."""
        return drop_line_clue(data, index, "revealed")

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = data["size"]
        return {"cells": n * n, "ship_cells": sum(data["fleet"]), "revealed": len(data["revealed"])}

    def render(self, data: dict[str, Any], params: BattleshipsParams) -> str:
        n = data["size"]
        grid = [["."] * n for _ in range(n)]
        for r, c, v in data["revealed"]:
            grid[r][c] = "#" if v else "~"
        fleet = ", ".join(str(length) for length in data["fleet"])
        return (
            f"Solve this {n}x{n} battleships puzzle. A fleet of ships with lengths {fleet} is "
            "hidden in the grid. Each ship is a straight horizontal or vertical line of cells; "
            "ships do not touch each other, not even diagonally. The number at the end of each "
            "row and below each column counts its ship cells. `#` marks a cell revealed as part "
            "of a ship, `~` a cell revealed as water, `.` an unknown cell. "
            f"{UNIQUE}\n\n{counted_grid(grid, data['rows'], data['cols'])}\n\n"
            "Give the grid inside <answer></answer>: "
            "one row per line, `#` for a ship cell and `.` for water, separated by single "
            "spaces. " + format_example("# # .\n. . .\n. . #")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        n = data["size"]
        ships = read_marks(answer, n, SHIP_ALIASES)
        if isinstance(ships, Verdict):
            return ships
        for r, c, v in data["revealed"]:
            if ((r, c) in ships) != bool(v):
                return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is revealed.")
        problem = count_problem(data, ships, "ship cells")
        if problem is not None:
            return Verdict.fail("wrong", f"Not a solution: {problem}.")
        fleet = fleet_of(ships, n)
        if isinstance(fleet, str):
            return Verdict.fail("wrong", f"Not a solution: {fleet}.")
        if fleet != sorted(data["fleet"], reverse=True):
            shown = ", ".join(map(str, fleet))
            return Verdict.fail("wrong", f"Not a solution: the ships have lengths {shown}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"#": ".", ".": "#"})


def _place_fleet(rng: np.random.Generator, n: int, fleet: list[int]) -> set[Cell]:
    """Ship cells of the fleet placed at random, longest first, none touching; a ship with
    no room left restarts the placement."""
    while True:
        ships: set[Cell] = set()
        for length in sorted(fleet, reverse=True):
            spots = []
            for r in range(n):
                for c in range(n):
                    for dr, dc in ((0, 1), (1, 0)) if length > 1 else ((0, 1),):
                        body = [(r + dr * i, c + dc * i) for i in range(length)]
                        if body[-1][0] >= n or body[-1][1] >= n:
                            continue
                        halo = {
                            nb for cell in body for nb in neighbours(*cell, n, n, diagonal=True)
                        }
                        if not (set(body) | halo) & ships:
                            spots.append(body)
            if not spots:
                break
            ships |= set(spots[int(rng.integers(len(spots)))])
        else:
            return ships


def _grid_text(n: int, ships: set[Cell]) -> str:
    return symbol_rows([["#" if (r, c) in ships else "." for c in range(n)] for r in range(n)])
