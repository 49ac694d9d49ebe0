"""N-queens completion: place the remaining queens so that no two attack each other."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid
from palaestra.generators.cnf import queens_completion_clauses, random_queens
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import parse_labels, queens_conflict
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import effort


class QueensParams(Params):
    n: int = Field(8, ge=4, le=30, description="board side and number of queens; more is harder")
    free: int = Field(
        5, ge=1, le=29, description="rows left for the answer to fill; more is harder"
    )

    @model_validator(mode="after")
    def _some_given(self) -> QueensParams:
        if self.free >= self.n:
            raise ValueError(
                f"free={self.free} must be below n={self.n}: at least one queen is given, or "
                "the task is plain n-queens"
            )
        return self


@register("sat/nqueens-completion-v1")
class QueensCompletion(Env):
    """N-queens completion: extend a placement of queens to n non-attacking queens.

    Task: an n x n board with queens already in n - `free` rows, taken from a random
    solution (uniform up to n = 10, randomised backtracking with restarts above; see
    `generators.cnf.random_queens`). The answer places one queen in every row so that no
    two share a column or a diagonal and the given queens stay. Unlike n-queens itself,
    which has constructive solutions, n-queens completion is NP-complete (Gent, Jefferson
    and Nightingale 2017); the given queens rule out the textbook patterns. Any completion
    is accepted.

    Answer format: the column (1..n) of the queen in each row, from row 1 to row n, e.g.
    ``<answer>2 4 1 3</answer>``.

    Knobs: `n` (more is harder) and `free` rows (more is harder). Levels go from an 8x8
    board with 3 free rows (smaller boards have too few solutions to vary) to a 16x16
    board with 14.

    Verification: certificate check: n columns in 1..n, the given queens kept, and no two
    queens in one column or diagonal. `task.meta["cost"]` records the free rows and
    MiniSat's effort to complete the board (on the queens encoding reduced by the given
    queens, `queens_completion_clauses`).

    Versions: v1, first release; the solution draw and the effort encoding changed for speed
    (same task family and verdicts).
    """

    Params = QueensParams
    levels = {
        1: {"n": 8, "free": 3},
        2: {"n": 8, "free": 4},
        3: {"n": 9, "free": 5},
        4: {"n": 10, "free": 6},
        5: {"n": 11, "free": 7},
        6: {"n": 12, "free": 8},
        7: {"n": 13, "free": 9},
        8: {"n": 14, "free": 10},
        9: {"n": 15, "free": 12},
        10: {"n": 16, "free": 14},
    }
    difficulty_cost = "free_rows"
    tags = ("sat-encoded", "grid", "certificate")

    def sample(self, rng: np.random.Generator, params: QueensParams) -> tuple[dict[str, Any], None]:
        solution = random_queens(rng, params.n)
        free = {int(r) for r in rng.choice(params.n, params.free, replace=False)}
        given = [0 if r in free else column for r, column in enumerate(solution)]
        return {"n": params.n, "given": given, "solution": solution}, None

    def render(self, data: dict[str, Any], params: QueensParams) -> str:
        n, given = data["n"], data["given"]
        empty = " ".join("." * n)
        board = "\n".join(
            f"{empty[: 2 * column - 2]}Q{empty[2 * column - 1 :]}" if column else empty
            for column in given
        )
        placed = ", ".join(
            f"row {r} column {column}" for r, column in enumerate(given, start=1) if column
        )
        return (
            f"Place {n} queens on an {n}x{n} board, one in every row, so that no two queens "
            "share a column or a diagonal. Some queens are already placed (Q) and must stay: "
            f"{placed}.\n\n{board}\n\n"
            f"Give the column (1 to {n}) of the queen in each row, from row 1 to row {n}, "
            "separated by spaces, including the given queens (for example, on a 4x4 board: "
            f"2 4 1 3). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: QueensParams) -> dict[str, Any]:
        n = params.n
        return {
            "free_rows": params.free,
            "n": n,
            **effort(queens_completion_clauses(n, data["given"]), n * n),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n, given = task.data["n"], task.data["given"]
        try:
            columns = parse_labels(answer, n, 1, n, "column")
        except AnswerFormatError as exc:
            return invalid(exc, "list of columns")
        for row, (want, got) in enumerate(zip(given, columns, strict=True), start=1):
            if want and want != got:
                return Verdict.fail(
                    "wrong", f"The queen in row {row} is given in column {want}, not {got}."
                )
        conflict = queens_conflict(columns)
        if conflict is not None:
            return Verdict.fail("wrong", f"Not a solution: {conflict}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return " ".join(map(str, task.data["solution"]))

    def wrong_answers(self, task: Task) -> list[str]:
        n = task.data["n"]
        return [
            block(" ".join(str(c) for c in range(1, n + 1))),  # one diagonal
            block(" ".join(map(str, task.data["solution"][:-1]))),
        ]
