"""Number pyramid: every block is the sum of the two below it; fill in the missing blocks."""

from __future__ import annotations

from fractions import Fraction
from math import comb
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.puzzles._common import UNIQUE, format_example
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list

Block = tuple[int, int]  # (level from the bottom, position)


class PyramidParams(Params):
    base: int = Field(5, ge=3, le=9, description="blocks in the bottom row; more is harder")
    max_number: int = Field(20, ge=5, le=99, description="largest bottom number; larger is harder")
    extra: int = Field(0, ge=0, le=20, description="givens beyond a minimal set; fewer is harder")


def weights(block: Block, n: int) -> list[int]:
    """How many times each bottom number counts in a block: binomial coefficients."""
    level, position = block
    row = [0] * n
    for j in range(level + 1):
        row[position + j] = comb(level, j)
    return row


def rank(rows: list[list[int]]) -> int:
    """The rank of an integer matrix (exact Gaussian elimination over the rationals)."""
    matrix = [[Fraction(v) for v in row] for row in rows]
    found = 0
    for col in range(len(matrix[0]) if matrix else 0):
        pivot = next((r for r in range(found, len(matrix)) if matrix[r][col]), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for r in range(len(matrix)):
            if r != found and matrix[r][col]:
                factor = matrix[r][col] / matrix[found][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)]
        found += 1
    return found


def pyramid(base: list[int]) -> list[list[int]]:
    """All rows, bottom first: each block is the sum of the two blocks below it."""
    rows = [list(base)]
    while len(rows[-1]) > 1:
        rows.append([a + b for a, b in zip(rows[-1], rows[-1][1:], strict=False)])
    return rows


@register("puzzles/number-pyramid-v1")
class NumberPyramid(Env):
    """Number pyramid: fill the blocks so each is the sum of the two below; one solution.

    Task: the "number wall" or addition pyramid of school arithmetic, in its puzzle form: a
    triangle of blocks over a bottom row of n, each block the sum of the two it rests on,
    with some blocks given anywhere in the pyramid. Every block is a fixed combination of
    the bottom row (binomial weights), so the givens are linear equations in the n bottom
    numbers. Generation: a random bottom row; blocks are given in random order until the
    equations have full rank n (exact rational elimination), which proves the whole pyramid
    unique; givens are then pruned while the rank stays n, and `extra` random ones added
    back.

    Answer format: the whole pyramid inside <answer></answer>, top block first, one row per
    line, numbers separated by spaces (the last line is the bottom row).

    Knobs: `base` (3..9), `max_number` and `extra` (fewer is harder). Levels go from a
    bottom row of 4 to one of 9.

    Verification: by the rules: right row lengths, givens kept, each block the sum of the
    two below. `task.meta["cost"]` records the blocks, the givens and the blocks to find.

    Versions: v1, first release.
    """

    Params = PyramidParams
    levels = {
        1: {"base": 4, "max_number": 12, "extra": 2},
        2: {"base": 4, "max_number": 20, "extra": 0},
        3: {"base": 5, "max_number": 15, "extra": 2},
        4: {"base": 5, "max_number": 20, "extra": 0},
        5: {"base": 6, "max_number": 20, "extra": 1},
        6: {"base": 6, "max_number": 30, "extra": 0},
        7: {"base": 7, "max_number": 30, "extra": 0},
        8: {"base": 7, "max_number": 50, "extra": 0},
        9: {"base": 8, "max_number": 50, "extra": 0},
        10: {"base": 9, "max_number": 50, "extra": 0},
    }
    difficulty_cost = "unknown_blocks"
    tags = ("puzzle", "arithmetic", "unique-solution")

    def sample(
        self, rng: np.random.Generator, params: PyramidParams
    ) -> tuple[dict[str, Any], None]:
        n = params.base
        base = [int(v) for v in rng.integers(1, params.max_number + 1, size=n)]
        blocks = [(level, i) for level in range(n) for i in range(n - level)]
        order = [blocks[int(i)] for i in rng.permutation(len(blocks))]
        given: list[Block] = []
        for block in order:
            if rank([weights(b, n) for b in given]) == n:
                break
            if rank([weights(b, n) for b in [*given, block]]) > len(given):
                given.append(block)
        for block in [given[int(i)] for i in rng.permutation(len(given))]:
            fewer = [b for b in given if b != block]
            if rank([weights(b, n) for b in fewer]) == n:
                given = fewer
        spare = [b for b in order if b not in given]
        given += spare[: params.extra]
        rows = pyramid(base)
        data = {
            "base": n,
            "given": sorted([level, i, rows[level][i]] for level, i in given),
            "rows": rows,
        }
        return data, None

    def cost(self, data: dict[str, Any], params: PyramidParams) -> dict[str, Any]:
        n = data["base"]
        blocks = n * (n + 1) // 2
        return {
            "blocks": blocks,
            "givens": len(data["given"]),
            "unknown_blocks": blocks - len(data["given"]),
        }

    def render(self, data: dict[str, Any], params: PyramidParams) -> str:
        n = data["base"]
        given = {(level, i): v for level, i, v in data["given"]}
        width = max(3, *(len(str(v)) for v in given.values())) | 1  # odd, so halves align
        lines = []
        for level in range(n - 1, -1, -1):
            cells = [str(given.get((level, i), "?")).center(width) for i in range(n - level)]
            lines.append((" " * (level * (width + 1) // 2) + " ".join(cells)).rstrip())
        return (
            f"Complete this number pyramid. The bottom row has {n} blocks; every block above "
            "rests on two blocks and equals their sum. `?` marks a missing number; numbers may "
            f"be negative. {UNIQUE}\n\n" + "\n".join(lines) + "\n\n"
            "Give the whole pyramid inside <answer></answer>: one row per line from the top "
            "block down to the bottom row, numbers separated by spaces. "
            + format_example("10\n4 6\n1 3 3")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["base"]
        lines = [line for line in answer.splitlines() if line.strip()]
        if len(lines) != n:
            return Verdict.fail(
                "unparsable", f"Write {n} rows, from the top block (1 number) to the bottom ({n})."
            )
        rows: list[list[int]] = []
        for depth, line in enumerate(lines):
            try:
                values = parse_int_list(line, length=depth + 1, what="number")
            except AnswerFormatError as exc:
                return Verdict.fail("unparsable", f"Row {depth + 1} from the top: {exc}.")
            rows.append(values)
        rows = rows[::-1]  # bottom first
        for level, i, value in task.data["given"]:
            if rows[level][i] != value:
                return Verdict.fail("wrong", f"A given block ({value}) was changed.")
        for level in range(1, n):
            for i in range(n - level):
                if rows[level][i] != rows[level - 1][i] + rows[level - 1][i + 1]:
                    return Verdict.fail(
                        "wrong",
                        f"Block {i + 1} of row {n - level} from the top is not the sum of the two "
                        "blocks below it.",
                    )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return "\n".join(" ".join(map(str, row)) for row in task.data["rows"][::-1])

    def wrong_answers(self, task: Task) -> list[str]:
        rows = [list(row) for row in task.data["rows"][::-1]]
        rows[-1][0] += 1
        return ["<answer>\n" + "\n".join(" ".join(map(str, row)) for row in rows) + "\n</answer>"]
