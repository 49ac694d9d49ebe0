"""Peg solitaire: jump pegs over each other until a single peg is left."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.puzzles._common import cell_label, format_example
from palaestra.envs.puzzles._plans import IllegalMove, PlanPuzzle, step_label
from palaestra.generators.grids import Cell
from palaestra.params import Params
from palaestra.registry import register
from palaestra.verifiers.moves import LINE_SEPARATORS, parse_steps
from palaestra.verifiers.parsing import reject_long_numbers

JUMP = re.compile(
    r"\(?\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)?\s*(?:->|→|-|to|over)\s*\(?\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)?",
    re.I,
)
DIRECTIONS = ((0, 1), (1, 0), (0, -1), (-1, 0))
MAX_DRAWS = 100  # starting pegs tried before giving up on the requested number of pegs


class PegParams(Params):
    rows: int = Field(5, ge=3, le=8, description="rows of the board; more is harder")
    cols: int = Field(5, ge=3, le=8, description="columns of the board; more is harder")
    pegs: int = Field(8, ge=2, le=40, description="pegs on the board at the start; more is harder")

    @model_validator(mode="after")
    def _pegs_fit(self) -> PegParams:
        if self.pegs > self.rows * self.cols * 2 // 3:
            raise ValueError(
                f"{self.pegs} pegs crowd a {self.rows}x{self.cols} board; use pegs <= "
                f"{self.rows * self.cols * 2 // 3}"
            )
        return self


@register("puzzles/peg-solitaire-v1")
class PegSolitaire(PlanPuzzle):
    """Peg solitaire: jump pegs orthogonally over neighbours until only one peg remains.

    Task: the solitaire of 17th-century France, on a small rectangular board: a move jumps a
    peg over an orthogonally adjacent peg into the empty hole right behind it, removing the
    jumped peg; finish with exactly one peg anywhere. Instances are built backwards from one
    random peg by random reverse jumps (a peg steps back two holes and leaves a peg in the
    hole between), so every instance is solvable; any winning sequence is accepted, and all
    of them have pegs - 1 jumps.

    Answer format: jumps inside <answer></answer>, one per line or separated by ``;``, each
    as ``(r,c)->(r,c)`` (from the jumping peg's hole to the empty hole two steps away), rows
    and columns from 1 at the top left.

    Knobs: `rows`, `cols` (3..8) and `pegs` (more is harder). Levels go from 8 pegs on 5x5 to
    20 pegs on 8x8.

    Verification: by simulation: the start hole holds a peg, the hole between holds a peg,
    the landing hole is empty and two steps away in a straight line; one peg must remain.
    `task.meta["cost"]` records the pegs and the starting pegs tried.

    Versions: v1, first release.
    """

    Params = PegParams
    optimal = False
    difficulty_cost = "pegs"
    levels = {
        1: {"rows": 5, "cols": 5, "pegs": 8},
        2: {"rows": 5, "cols": 5, "pegs": 9},
        3: {"rows": 5, "cols": 5, "pegs": 10},
        4: {"rows": 5, "cols": 6, "pegs": 11},
        5: {"rows": 6, "cols": 6, "pegs": 12},
        6: {"rows": 6, "cols": 6, "pegs": 14},
        7: {"rows": 6, "cols": 7, "pegs": 15},
        8: {"rows": 7, "cols": 7, "pegs": 16},
        9: {"rows": 7, "cols": 7, "pegs": 18},
        10: {"rows": 8, "cols": 8, "pegs": 20},
    }

    def sample(self, rng: np.random.Generator, params: PegParams) -> tuple[dict[str, Any], None]:
        rows, cols = params.rows, params.cols
        for draw in range(1, MAX_DRAWS + 1):
            pegs = {divmod(int(rng.integers(rows * cols)), cols)}
            plan: list[list[int]] = []
            while len(pegs) < params.pegs:
                options = []
                for r, c in sorted(pegs):
                    for dr, dc in DIRECTIONS:
                        middle, start = (r - dr, c - dc), (r - 2 * dr, c - 2 * dc)
                        if _inside(start, rows, cols) and middle not in pegs and start not in pegs:
                            options.append(((r, c), middle, start))
                if not options:
                    break
                land, middle, start = options[int(rng.integers(len(options)))]
                pegs = (pegs - {land}) | {middle, start}
                plan.append([*start, *land])
            if len(pegs) == params.pegs:
                data = {"rows": rows, "cols": cols, "pegs": sorted([list(p) for p in pegs])}
                data |= {"plan": plan[::-1], "draws": draw}
                return data, None
        raise ValueError(f"could not place {params.pegs} pegs on a {rows}x{cols} board")

    def cost(self, data: dict[str, Any], params: PegParams) -> dict[str, Any]:
        return {
            "pegs": len(data["pegs"]),
            "optimal_moves": len(data["plan"]),
            "start_draws": data["draws"],
        }

    def render(self, data: dict[str, Any], params: PegParams) -> str:
        rows, cols = data["rows"], data["cols"]
        pegs = {tuple(p) for p in data["pegs"]}
        board = "\n".join(
            " ".join("o" if (r, c) in pegs else "." for c in range(cols)) for r in range(rows)
        )
        return (
            f"Peg solitaire on a {rows}x{cols} board: `o` is a peg and `.` an empty hole. A move "
            "jumps a peg over a peg directly next to it (up, down, left or right) into the empty "
            "hole right behind that peg, and removes the peg jumped over. Play until exactly one "
            f"peg is left.\n\n{board}\n\n"
            "Give the jumps inside <answer></answer>, one per line or separated by `;`, each as "
            "`(row,column)->(row,column)` from the jumping peg to the hole it lands in, rows and "
            "columns numbered from 1 at the top left. "
            + format_example("(1,1)->(1,3); (2,3)->(2,1)")
        )

    def parse_plan(self, data: dict[str, Any], text: str) -> list[list[int]]:
        reject_long_numbers(text, "row or column")
        steps = parse_steps(text, JUMP, what="jump", separators=LINE_SEPARATORS)
        return [[int(m[1]) - 1, int(m[2]) - 1, int(m[3]) - 1, int(m[4]) - 1] for m in steps]

    def replay(self, data: dict[str, Any], moves: list[list[int]]) -> bool:
        rows, cols = data["rows"], data["cols"]
        pegs = {tuple(p) for p in data["pegs"]}
        for index, (r1, c1, r2, c2) in enumerate(moves):
            start, land, middle = (r1, c1), (r2, c2), ((r1 + r2) // 2, (c1 + c2) // 2)
            shown = f"{step_label(index)} ({cell_label(r1, c1)} to {cell_label(r2, c2)})"
            if sorted((abs(r1 - r2), abs(c1 - c2))) != [0, 2]:
                raise IllegalMove(f"{shown} is not a jump of two holes in a straight line")
            if (
                not _inside(land, rows, cols)
                or start not in pegs
                or middle not in pegs
                or land in pegs
            ):
                raise IllegalMove(
                    f"{shown} needs pegs in the start and middle holes and an empty landing hole"
                )
            pegs = (pegs - {start, middle}) | {land}
        return len(pegs) == 1

    def format_plan(self, data: dict[str, Any], moves: list[list[int]]) -> str:
        return "; ".join(f"({r1 + 1},{c1 + 1})->({r2 + 1},{c2 + 1})" for r1, c1, r2, c2 in moves)


def _inside(cell: Cell, rows: int, cols: int) -> bool:
    return 0 <= cell[0] < rows and 0 <= cell[1] < cols
