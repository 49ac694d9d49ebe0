"""KenKen: a latin square cut into cages, each with a target and an operation, proved unique."""

from __future__ import annotations

import itertools
from math import prod
from typing import Any

import numpy as np
from pydantic import Field, field_validator

from palaestra.envs.puzzles._common import (
    LABELS,
    UNIQUE,
    Encoding,
    UniquePuzzle,
    format_example,
    latin_verdict,
    prune_clues,
    region_cells,
    region_map,
    swapped_rows_answer,
)
from palaestra.generators.grids import (
    GridCNF,
    decode_values,
    latin_puzzle_cnf,
    random_filled_grid,
    random_polyominoes,
    value_vars,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.grids import format_grid

_SYMBOL = {"+": "+", "-": "-", "*": "x", "/": "/", "=": ""}


class KenKenParams(Params):
    size: int = Field(
        5, ge=3, le=7, description="side of the square (values 1..size); larger is harder"
    )
    max_cage: int = Field(3, ge=2, le=4, description="largest cage; larger is harder")
    operations: str = Field(
        "+-*/",
        description="operations cages may use, from + - * /; + is required; more is harder",
    )

    @field_validator("operations")
    @classmethod
    def _known_operations(cls, operations: str) -> str:
        if "+" not in operations or set(operations) - set("+-*/"):
            raise ValueError(
                f"operations must be made of + - * / and include +, got {operations!r}"
            )
        return "".join(op for op in "+-*/" if op in operations)


def cage_value(op: str, values: list[int]) -> int | None:
    """The cage's result under `op`, or None where `op` does not apply (- and / need two
    cells, / an exact quotient)."""
    if op in ("+", "="):
        return sum(values)
    if op == "*":
        return prod(values)
    if len(values) != 2:
        return None
    low, high = sorted(values)
    if op == "-":
        return high - low
    return high // low if high % low == 0 else None


@register("puzzles/kenken-v1")
class KenKen(UniquePuzzle):
    """KenKen: fill a latin square whose cages reach their targets; the solution is unique.

    Task: the arithmetic puzzle of Tetsuya Miyamoto (2004), also sold as Calcudoku. Every row
    and column of an n x n grid holds 1..n once; the grid is cut into cages, each with a target
    and an operation: the cage's digits add (+) or multiply (x) to the target; a two-cell cage
    with - or / has that difference or quotient (larger by smaller); a one-cell cage is its own
    target. Generation: a random latin square, random cages, and an operation per cage from
    those allowed; every digit also starts as a given, and givens are removed in random order
    while MiniSat proves the solution unique (most puzzles end with none: the cages alone decide
    it).

    Answer format: the solved grid inside <answer></answer>, one row per line, digits separated
    by spaces.

    Knobs: `size` (3..7; larger is harder), `max_cage` (2..4; larger is harder) and `operations`
    (a subset of ``+-*/`` with ``+``; more is harder). Levels go from 4x4 with addition only to
    7x7 with cages of up to 4 cells and all four operations.

    Verification: by the rules: shape, digits, givens, latin rows and columns, and every cage's
    arithmetic. `task.meta["cost"]` records the cells, cages, givens and MiniSat's effort to
    solve the puzzle.

    Versions: v1, first release.
    """

    Params = KenKenParams
    levels = {
        1: {"size": 4, "max_cage": 2, "operations": "+"},
        2: {"size": 4, "max_cage": 3, "operations": "+-"},
        3: {"size": 4, "max_cage": 3, "operations": "+-*/"},
        4: {"size": 5, "max_cage": 2, "operations": "+-*/"},
        5: {"size": 5, "max_cage": 3, "operations": "+-*/"},
        6: {"size": 6, "max_cage": 2, "operations": "+-*/"},
        7: {"size": 6, "max_cage": 3, "operations": "+-*/"},
        8: {"size": 6, "max_cage": 4, "operations": "+-*/"},
        9: {"size": 7, "max_cage": 3, "operations": "+-*/"},
        10: {"size": 7, "max_cage": 4, "operations": "+-*/"},
    }
    clue_lists = ("givens", "cages")
    difficulty_cost = "size"

    def sample(self, rng: np.random.Generator, params: KenKenParams) -> tuple[dict[str, Any], str]:
        n = params.size
        solution = random_filled_grid(rng, GridCNF(n))
        cages = []
        for cells in region_cells(random_polyominoes(rng, n, n, 1, params.max_cage)):
            values = [solution[r][c] for r, c in cells]
            if len(cells) == 1:
                op = "="
            else:
                ops = [op for op in params.operations if cage_value(op, values) is not None]
                op = ops[int(rng.integers(len(ops)))]
            cages.append({"cells": cells, "op": op, "target": cage_value(op, values)})
        givens = [[r, c, solution[r][c]] for r in range(n) for c in range(n)]
        data = {"size": n, "cages": cages, "givens": givens}
        enc = self.encode(data)
        truth = [enc.cnf.var("x", r, c, v) for r, c, v in givens]
        kept = prune_clues(rng, enc, truth, range(n * n))
        data["givens"] = [g for i, g in enumerate(givens) if i in kept]
        return data, format_grid(solution)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf, _ = latin_puzzle_cnf(n)
        clues = [cnf.var("x", r, c, v) for r, c, v in data["givens"]]
        for cage in data["cages"]:
            cells = cage["cells"]
            options = [
                [cnf.var("x", r, c, v) for (r, c), v in zip(cells, values, strict=True)]
                for values in itertools.product(range(1, n + 1), repeat=len(cells))
                if cage_value(cage["op"], list(values)) == cage["target"]
                and _latin_within(cells, values)
            ]
            clue = cnf.fresh()
            cnf.one_of(options, guard=clue)
            clues.append(clue)
        return Encoding(
            cnf, value_vars(cnf, n), clues, lambda sol: format_grid(decode_values(cnf, n, sol))
        )

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "size": data["size"],
            "cages": len(data["cages"]),
            "givens": len(data["givens"]),
            "largest_cage": max(len(cage["cells"]) for cage in data["cages"]),
        }

    def render(self, data: dict[str, Any], params: KenKenParams) -> str:
        n = data["size"]
        region = [[0] * n for _ in range(n)]
        lines = []
        for index, cage in enumerate(data["cages"]):
            for r, c in cage["cells"]:
                region[r][c] = index
        for index, cage in enumerate(data["cages"]):
            lines.append(f"{LABELS[index]}: {cage['target']}{_SYMBOL[cage['op']]}")
        givens = ""
        if data["givens"]:
            shown = ", ".join(f"row {r + 1} column {c + 1} = {v}" for r, c, v in data["givens"])
            givens = f"\nGiven digits: {shown}.\n"
        return (
            f"Solve this {n}x{n} KenKen. Fill the grid with digits 1 to {n} so that each row "
            "and each column contains every digit exactly once. The grid is divided into "
            "cages (cells with the same letter). Each cage shows a target and an operation: "
            "the digits of a `+` cage add up to the target, those of an `x` cage multiply to "
            "it; a two-cell `-` cage has the target as the difference of its digits (larger "
            "minus smaller), a `/` cage as their quotient (larger divided by smaller); a cage "
            f"with no operation is a single cell holding the target. {UNIQUE}\n\n"
            f"Cages:\n{region_map(region)}\n\nTargets:\n"
            + "\n".join(lines)
            + "\n"
            + givens
            + "\nGive the full solved grid inside <answer></answer>: one row per line, the "
            f"{n} digits of a row separated by single spaces. " + format_example("1 2\n2 1")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        grid = latin_verdict(answer, task.data["size"], task.data["givens"])
        if isinstance(grid, Verdict):
            return grid
        for cage in task.data["cages"]:
            values = [grid[r][c] for r, c in cage["cells"]]
            if cage_value(cage["op"], values) != cage["target"]:
                r, c = cage["cells"][0]
                return Verdict.fail(
                    "wrong",
                    f"The cage with its first cell at row {r + 1}, column {c + 1} does not give "
                    f"{cage['target']}{_SYMBOL[cage['op']]}.",
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return [swapped_rows_answer(task.answer or "")]


def _latin_within(cells: list[list[int]], values: tuple[int, ...]) -> bool:
    """Whether no two cells of one row or one column hold the same value."""
    for (a, va), (b, vb) in itertools.combinations(zip(map(tuple, cells), values, strict=True), 2):
        if va == vb and (a[0] == b[0] or a[1] == b[1]):
            return False
    return True
