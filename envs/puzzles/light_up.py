"""Light up (akari): place bulbs that light every white cell without seeing each other."""

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
    read_symbols,
    symbol_rows,
)
from palaestra.generators.grids import Cell, neighbours
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

REPAIRS = 30  # cells turned black to rule out second solutions before a new layout is drawn
BULB_ALIASES = {"o": "*", "O": "*", "B": "*", "b": "*", "X": "#", "x": "#"}


MAX_LAYOUTS = 200  # layouts drawn before giving up (a few suffice in practice)


class LightUpParams(Params):
    size: int = Field(7, ge=4, le=14, description="side of the grid; larger is harder")
    black: float = Field(
        0.2, ge=0.1, le=0.3, description="share of black cells; fewer means longer lines, harder"
    )


def lines_of_sight(black: set[Cell], n: int) -> dict[Cell, list[Cell]]:
    """For each white cell, the white cells it sees along its row and column (up to a black
    cell or the edge), itself excluded."""
    seen: dict[Cell, list[Cell]] = {}
    for r in range(n):
        for c in range(n):
            if (r, c) in black:
                continue
            cells = []
            for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                rr, cc = r + dr, c + dc
                while 0 <= rr < n and 0 <= cc < n and (rr, cc) not in black:
                    cells.append((rr, cc))
                    rr, cc = rr + dr, cc + dc
            seen[r, c] = cells
    return seen


def first_broken_rule(data: dict[str, Any], bulbs: set[Cell]) -> str | None:
    """The first broken light-up rule, in words, or None."""
    n = data["size"]
    black = {tuple(cell[:2]) for cell in data["black"]}
    sight = lines_of_sight(black, n)
    for cell in sorted(bulbs):
        other = next((c for c in sight[cell] if c in bulbs), None)
        if other is not None:
            return f"the bulbs at {cell_label(*cell)} and {cell_label(*other)} see each other"
    for cell, cells in sight.items():
        if cell not in bulbs and not any(c in bulbs for c in cells):
            return f"the cell at {cell_label(*cell)} is not lit"
    for r, c, number in data["black"]:
        if number is not None:
            count = sum(cell in bulbs for cell in neighbours(r, c, n, n))
            if count != number:
                return f"the black cell at {cell_label(r, c)} touches {count} bulbs, not {number}"
    return None


@register("puzzles/light-up-v1")
class LightUp(UniquePuzzle):
    """Light up (akari): place bulbs so every white cell is lit and no bulb lights another.

    Task: the Nikoli puzzle Akari (2001). A bulb lights its own cell and every white cell it
    sees along its row and column up to a black cell; every white cell must be lit, no bulb
    may be lit by another, and a numbered black cell has exactly that many bulbs directly
    beside it. Generation: random black cells, then bulbs placed greedily in a random order
    (every white cell ends up lit), every black cell numbered. While MiniSat finds a second
    solution, a white cell where it puts a bulb and the planted solution does not turns black
    and numbered (when the planted solution stays valid); after `REPAIRS` a new layout is
    drawn. Numbers are then removed in random order while MiniSat proves uniqueness.

    Answer format: the grid inside <answer></answer>, one row per line, black cells as given
    (``#`` or their number), ``*`` for a bulb and ``.`` for a white cell without one.

    Knobs: `size` (4..14; larger is harder) and `black`, the share of black cells (fewer is
    harder). Levels go from 5x5 to 12x12.

    Verification: by the rules: black cells unchanged, every white cell lit, no two bulbs in
    sight of each other, numbers satisfied. `task.meta["cost"]` records the white cells,
    numbers, layouts drawn and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = LightUpParams
    levels = {
        1: {"size": 5, "black": 0.25},
        2: {"size": 6, "black": 0.25},
        3: {"size": 7, "black": 0.22},
        4: {"size": 8, "black": 0.2},
        5: {"size": 9, "black": 0.2},
        6: {"size": 10, "black": 0.2},
        7: {"size": 10, "black": 0.16},
        8: {"size": 11, "black": 0.18},
        9: {"size": 12, "black": 0.18},
        10: {"size": 12, "black": 0.15},
    }
    difficulty_cost = "white_cells"

    def sample(self, rng: np.random.Generator, params: LightUpParams) -> tuple[dict[str, Any], str]:
        n = params.size
        for layouts in range(1, MAX_LAYOUTS + 1):
            black = {
                divmod(int(i), n)
                for i in rng.choice(n * n, int(params.black * n * n), replace=False)
            }
            bulbs = _greedy_bulbs(rng, black, n)
            for _ in range(REPAIRS):
                data = _numbered(n, black, bulbs)
                enc = self.encode(data)
                planted = [
                    lit if divmod(i, n) in bulbs else -lit for i, lit in enumerate(enc.project)
                ]
                other = enc.second_solution(planted)
                if other is None:
                    kept = prune_clues(rng, enc, planted, range(len(enc.clues)))
                    numbered = [i for i, cell in enumerate(data["black"]) if cell[2] is not None]
                    for position, index in enumerate(numbered):
                        if position not in kept:
                            data["black"][index][2] = None
                    data["layouts"] = layouts
                    return data, _grid_text(data, bulbs)
                extra = [divmod(i, n) for i, lit in enumerate(other) if lit > 0 and planted[i] < 0]
                if not _blacken_one(rng, extra, black, bulbs, n):
                    break

        raise ValueError(f"no unique puzzle in {MAX_LAYOUTS} layouts; try other knobs")

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        black = {(r, c) for r, c, _ in data["black"]}
        cnf = PuzzleCNF()
        cells = [cnf.var("bulb", r, c) for r in range(n) for c in range(n)]
        sight = lines_of_sight(black, n)
        for (r, c), seen in sight.items():
            bulb = cells[r * n + c]
            cnf.add([bulb, *(cells[rr * n + cc] for rr, cc in seen)])
            cnf.add_all([-bulb, -cells[rr * n + cc]] for rr, cc in seen if (rr, cc) > (r, c))
        cnf.add_all([-cells[r * n + c]] for r, c in black)
        clues = []
        for r, c, number in data["black"]:
            if number is not None:
                clue = cnf.fresh()
                cnf.exactly(
                    [cells[rr * n + cc] for rr, cc in neighbours(r, c, n, n)], number, guard=clue
                )
                clues.append(clue)

        def decode(solution: list[int]) -> str:
            return _grid_text(data, {divmod(i, n) for i, lit in enumerate(solution) if lit > 0})

        return Encoding(cnf, cells, clues, decode)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Clues are the numbers of black cells in order; a dropped one leaves the cell black."""
        black = [list(cell) for cell in data["black"]]
        numbered = [i for i, cell in enumerate(black) if cell[2] is not None]
        black[numbered[index]][2] = None
        return {**data, "black": black}

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = data["size"]
        return {
            "white_cells": n * n - len(data["black"]),
            "numbers": sum(cell[2] is not None for cell in data["black"]),
            "layouts_drawn": data["layouts"],
        }

    def render(self, data: dict[str, Any], params: LightUpParams) -> str:
        n = data["size"]
        return (
            f"Solve this {n}x{n} light up (akari) puzzle. Cells are white (.) or black (# or a "
            "digit). Place light bulbs in white cells. A bulb lights its own cell and every "
            "white cell in its row and column until a black cell or the edge blocks the light. "
            "Every white cell must be lit, no bulb may be lit by another bulb, and a black cell "
            "with a digit has exactly that many bulbs directly above, below, left and right of "
            f"it. {UNIQUE}\n\n{_grid_text(data, set())}\n\n"
            "Give the grid inside <answer></answer>: one row per line, separated by single "
            "spaces, black cells exactly as shown, `*` for a bulb and `.` for a white cell "
            "without one. " + format_example("* . #\n# . *\n1 * .")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        n = data["size"]
        grid = read_symbols(
            answer, n, n, ".*#01234", f"Write {n} lines of {n} cells.", BULB_ALIASES
        )
        if isinstance(grid, Verdict):
            return grid
        black = {(r, c): number for r, c, number in data["black"]}
        for r in range(n):
            for c in range(n):
                symbol = grid[r][c]
                if (r, c) in black:
                    shown = "#" if black[r, c] is None else str(black[r, c])
                    if symbol != shown:
                        return Verdict.fail(
                            "wrong",
                            f"The black cell at {cell_label(r, c)} changed: copy it as {shown}.",
                        )
                elif symbol not in ".*":
                    return Verdict.fail(
                        "wrong", f"The cell at {cell_label(r, c)} is white; use . or *."
                    )
        bulbs = {(r, c) for r in range(n) for c in range(n) if grid[r][c] == "*"}
        broken = first_broken_rule(data, bulbs)
        if broken is not None:
            return Verdict.fail("wrong", f"Not a solution: {broken}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"*": ".", ".": "*"})


def _greedy_bulbs(rng: np.random.Generator, black: set[Cell], n: int) -> set[Cell]:
    """Bulbs on white cells in a random order, each where no bulb lights it yet: at the end
    every white cell is lit and no bulb sees another."""
    sight = lines_of_sight(black, n)
    bulbs: set[Cell] = set()
    lit: set[Cell] = set()
    for index in rng.permutation(n * n):
        cell = divmod(int(index), n)
        if cell in sight and cell not in lit:
            bulbs.add(cell)
            lit |= {cell, *sight[cell]}
    return bulbs


def _numbered(n: int, black: set[Cell], bulbs: set[Cell]) -> dict[str, Any]:
    """The instance with every black cell numbered by its bulbs."""
    cells = [[r, c, sum(nb in bulbs for nb in neighbours(r, c, n, n))] for r, c in sorted(black)]
    return {"size": n, "black": cells}


def _blacken_one(
    rng: np.random.Generator, extra: list[Cell], black: set[Cell], bulbs: set[Cell], n: int
) -> bool:
    """Turns one of `extra` black when the planted bulbs still light every white cell."""
    for index in rng.permutation(len(extra)):
        cell = extra[int(index)]
        sight = lines_of_sight(black | {cell}, n)
        lit = set(bulbs) | {c for bulb in bulbs for c in sight[bulb]}
        if lit >= set(sight):
            black.add(cell)
            return True
    return False


def _grid_text(data: dict[str, Any], bulbs: set[Cell]) -> str:
    n = data["size"]
    rows = [["*" if (r, c) in bulbs else "." for c in range(n)] for r in range(n)]
    for r, c, number in data["black"]:
        rows[r][c] = "#" if number is None else str(number)
    return symbol_rows(rows)
