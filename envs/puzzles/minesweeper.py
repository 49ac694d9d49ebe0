"""Minesweeper deduction: from the revealed numbers, name the cells that must be mines."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.puzzles._common import cells_text, format_example
from palaestra.generators.grids import Cell, neighbours
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_pairs, reject_long_numbers

MAX_DRAWS = 100  # boards tried before giving up on one with a certain cell to find


class MinesweeperParams(Params):
    rows: int = Field(8, ge=4, le=16, description="rows of the board; more is harder")
    cols: int = Field(8, ge=4, le=16, description="columns of the board; more is harder")
    density: float = Field(
        0.18, ge=0.05, le=0.3, description="share of cells holding a mine; more is harder"
    )
    ask: Literal["mines", "safe"] = Field(
        "mines", description="name the certain mines, or the certain safe cells"
    )
    count_known: bool = Field(
        True, description="whether the total number of mines is told (a further clue)"
    )


@register("puzzles/minesweeper-v1")
class Minesweeper(Env):
    """Minesweeper deduction: which covered cells are certainly mines (or certainly safe)?

    Task: the logic of Minesweeper (Microsoft, 1990; deciding consistency is NP-complete,
    Kaye 2000). Part of a board is revealed: each revealed number counts the mines among its
    eight neighbours; covered cells may hide mines. The model names every covered cell that
    is a mine in every arrangement consistent with the numbers (and with the total, when it
    is told), or with `ask="safe"` every covered cell that is safe in all of them.
    Instances: random mines; an opening click on a random cell with no mine around it
    reveals its zero region and border, as the game does, plus a few random safe cells. The
    answer set is computed with MiniSat: a covered cell is certain when assuming the
    opposite is unsatisfiable. Boards with nothing certain are drawn again (up to
    `MAX_DRAWS`).

    Answer format: the cells inside <answer></answer> as (row, column) pairs, 1-based, e.g.
    ``(2,3) (4,1)``, in any order.

    Knobs: `rows`, `cols`, `density` (more is harder), `ask` and `count_known`. Levels go
    from 5x5 to 16x16 boards, asking for mines on odd levels and safe cells on even ones.

    Verification: exact set equality with the certain cells; feedback says whether a named
    cell is not certain or a certain one is missing, without naming it. `task.meta["cost"]`
    records the covered cells next to numbers, the answer size and the SAT calls.

    Versions: v1, first release.
    """

    Params = MinesweeperParams
    levels = {
        1: {"rows": 5, "cols": 5, "density": 0.15, "ask": "mines"},
        2: {"rows": 6, "cols": 6, "density": 0.15, "ask": "safe"},
        3: {"rows": 7, "cols": 7, "density": 0.16, "ask": "mines"},
        4: {"rows": 8, "cols": 8, "density": 0.16, "ask": "safe"},
        5: {"rows": 9, "cols": 9, "density": 0.17, "ask": "mines"},
        6: {"rows": 10, "cols": 10, "density": 0.17, "ask": "safe"},
        7: {"rows": 12, "cols": 12, "density": 0.18, "ask": "mines"},
        8: {"rows": 12, "cols": 12, "density": 0.18, "ask": "safe"},
        9: {"rows": 14, "cols": 14, "density": 0.19, "ask": "mines"},
        10: {"rows": 16, "cols": 16, "density": 0.2, "ask": "safe"},
    }
    difficulty_cost = "cells"
    tags = ("puzzle", "grid", "deduction")

    def sample(
        self, rng: np.random.Generator, params: MinesweeperParams
    ) -> tuple[dict[str, Any], None]:
        rows, cols = params.rows, params.cols
        for draw in range(1, MAX_DRAWS + 1):
            count = max(1, int(params.density * rows * cols))
            mines = {divmod(int(i), cols) for i in rng.choice(rows * cols, count, replace=False)}
            numbers = {
                (r, c): sum(nb in mines for nb in neighbours(r, c, rows, cols, diagonal=True))
                for r in range(rows)
                for c in range(cols)
            }
            zeros = sorted(cell for cell, n in numbers.items() if n == 0 and cell not in mines)
            if not zeros:
                continue
            revealed = _open(zeros[int(rng.integers(len(zeros)))], numbers, mines, rows, cols)
            safe = sorted(set(numbers) - mines - revealed)
            for i in rng.permutation(len(safe))[: len(safe) // 10]:
                revealed.add(safe[int(i)])
            board = [["#"] * cols for _ in range(rows)]
            for r, c in revealed:
                board[r][c] = str(numbers[r, c])
            data = {"board": ["".join(row) for row in board], "mines": count, "ask": params.ask}
            data["count_known"] = params.count_known
            certain, calls = certain_cells(data)
            if certain[params.ask]:
                data |= {
                    "answer": [list(c) for c in certain[params.ask]],
                    "calls": calls,
                    "draws": draw,
                }
                return data, None
        raise ValueError("no board with a certain cell; change the density")

    def cost(self, data: dict[str, Any], params: MinesweeperParams) -> dict[str, Any]:
        board = data["board"]
        rows, cols = len(board), len(board[0])
        frontier = [
            (r, c)
            for r in range(rows)
            for c in range(cols)
            if board[r][c] == "#"
            and any(board[nr][nc] != "#" for nr, nc in neighbours(r, c, rows, cols, diagonal=True))
        ]
        return {
            "cells": rows * cols,
            "frontier": len(frontier),
            "answer_size": len(data["answer"]),
            "sat_calls": data["calls"],
        }

    def render(self, data: dict[str, Any], params: MinesweeperParams) -> str:
        board = "\n".join(" ".join(row) for row in data["board"])
        total = f" The board holds {data['mines']} mines in all." if data["count_known"] else ""
        want = (
            "every covered cell that is certainly a mine"
            if data["ask"] == "mines"
            else "every covered cell that is certainly safe (holds no mine)"
        )
        return (
            "Minesweeper. `#` is a covered cell; a digit is a revealed cell with no mine, and it "
            f"counts the mines in its eight neighbouring cells (diagonals included).{total}\n\n"
            f"{board}\n\nUsing only these clues, list {want}: certain means it is so in every "
            "placement of mines that agrees with the clues.\n\n"
            "Give the cells inside <answer></answer> as (row, column) pairs, rows and columns "
            "numbered from 1 at the top left, in any order. " + format_example("(2,3) (4,1)")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        board = task.data["board"]
        rows, cols = len(board), len(board[0])
        try:
            reject_long_numbers(answer, "row or column")
            pairs = parse_int_pairs(answer, low=1, high=max(rows, cols), what="row or column")
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the cells: {exc}.")
        named = {(r - 1, c - 1) for r, c in pairs}
        if len(named) < len(pairs):
            return Verdict.fail("wrong", "A cell is named more than once.")
        truth = {tuple(cell) for cell in task.data["answer"]}
        kind = "a mine" if task.data["ask"] == "mines" else "safe"
        for r, c in sorted(named):
            if not (r < rows and c < cols) or board[r][c] != "#":
                return Verdict.fail("wrong", f"({r + 1},{c + 1}) is not a covered cell.")
            if (r, c) not in truth:
                return Verdict.fail("wrong", f"({r + 1},{c + 1}) is not certainly {kind}.")
        if named != truth:
            return Verdict.fail("wrong", f"Some cells that are certainly {kind} are missing.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return cells_text([tuple(c) for c in task.data["answer"]])

    def wrong_answers(self, task: Task) -> list[str]:
        cells = [tuple(c) for c in task.data["answer"]]
        return [f"<answer>{cells_text(cells[:-1]) or 'none'}</answer>"]


def certain_cells(data: dict[str, Any]) -> tuple[dict[str, list[Cell]], int]:
    """The covered cells that are mines, and those that are safe, in every placement that
    agrees with the numbers (and the total when known), and the SAT calls it took."""
    board = data["board"]
    rows, cols = len(board), len(board[0])
    cnf = PuzzleCNF()
    covered = [(r, c) for r in range(rows) for c in range(cols) if board[r][c] == "#"]
    mine = {cell: cnf.var("mine", *cell) for cell in covered}
    for r in range(rows):
        for c in range(cols):
            if board[r][c] != "#":
                around = [
                    mine[nb] for nb in neighbours(r, c, rows, cols, diagonal=True) if nb in mine
                ]
                cnf.exactly(around, int(board[r][c]))
    if data["count_known"]:
        cnf.exactly(list(mine.values()), data["mines"])
    certain: dict[str, list[Cell]] = {"mines": [], "safe": []}
    calls = 0
    with cnf.solver() as solver:
        calls += 1
        solver.solve()
        model = {lit for lit in solver.get_model() if lit > 0}
        for cell in covered:
            # only the value a model shows can be certain; test it by assuming the opposite
            is_mine = mine[cell] in model
            calls += 1
            if not solver.solve(assumptions=[-mine[cell] if is_mine else mine[cell]]):
                certain["mines" if is_mine else "safe"].append(cell)
    return certain, calls


def _open(
    start: Cell, numbers: dict[Cell, int], mines: set[Cell], rows: int, cols: int
) -> set[Cell]:
    """The cells a click on `start` reveals: its zero region and that region's border."""
    revealed = {start}
    stack = [start]
    while stack:
        cell = stack.pop()
        if numbers[cell]:
            continue
        for nb in neighbours(*cell, rows, cols, diagonal=True):
            if nb not in revealed and nb not in mines:
                revealed.add(nb)
                stack.append(nb)
    return revealed
