"""Killer sudoku: a sudoku whose cages give the sum of their distinct digits, proved unique."""

from __future__ import annotations

import itertools
from math import log2
from typing import Any

import numpy as np
from pydantic import Field, field_validator, model_validator

from palaestra.envs.puzzles._common import (
    LABELS,
    UNIQUE,
    Encoding,
    UniquePuzzle,
    distinct_sum,
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

BOXES = {4: (2, 2), 6: (2, 3), 9: (3, 3)}


class KillerSudokuParams(Params):
    size: int = Field(
        6,
        ge=4,
        le=9,
        description="side of the grid: 4, 6 or 9 (boxes 2x2, 2x3, 3x3); larger is harder",
    )
    max_cage: int = Field(3, ge=2, le=5, description="largest cage; larger is harder")
    givens: int = Field(
        0,
        ge=0,
        le=81,
        description="given digits to aim for; fewer is harder (removal stops at a minimal set)",
    )

    @field_validator("size")
    @classmethod
    def _known_size(cls, size: int) -> int:
        if size not in BOXES:
            raise ValueError(f"size must be one of 4, 6, 9, got {size}")
        return size

    @model_validator(mode="after")
    def _givens_fit(self) -> KillerSudokuParams:
        if self.givens > self.size**2:
            raise ValueError(
                f"givens={self.givens} exceeds the {self.size**2} cells; use givens <= "
                f"{self.size**2}"
            )
        return self


@register("puzzles/killer-sudoku-v1")
class KillerSudoku(UniquePuzzle):
    """Killer sudoku: a sudoku whose cages show the sum of their (distinct) digits.

    Task: the sum-sudoku hybrid (The Times, 2005). Every row, column and box of an n x n
    grid holds 1..n once (n = 4, 6 or 9, boxes 2x2, 2x3 or 3x3); the grid is cut into
    cages, and the digits of a cage are distinct and add up to its sum. Generation: a random
    sudoku solution, random cages of 1..`max_cage` cells with their sums, and all digits as
    clues; digits are removed in random order while MiniSat proves the solution unique.

    Answer format: the solved grid inside <answer></answer>, one row per line, digits
    separated by spaces.

    Knobs: `size` (4, 6, 9; larger is harder), `max_cage` (larger is harder) and `givens`
    (fewer is harder). Levels go from 4x4 with pairs of cells and 4 givens to 9x9 with
    cages of up to 4 cells and no givens.

    Verification: by the rules: shape, digits, givens, sudoku rows, columns and boxes, and
    each cage's distinct digits and sum. A cage sum is encoded for MiniSat as a choice among
    the sets of distinct digits with that sum. `task.meta["cost"]` records `fill_bits`, the
    log2 of the number of ways to fill the cages one by one (distinct digits with the right
    sum that agree with the givens), the empty cells, cages, givens and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = KillerSudokuParams
    levels = {
        1: {"size": 4, "max_cage": 2, "givens": 4},
        2: {"size": 4, "max_cage": 3, "givens": 0},
        3: {"size": 6, "max_cage": 2, "givens": 6},
        4: {"size": 6, "max_cage": 3, "givens": 2},
        5: {"size": 6, "max_cage": 4, "givens": 0},
        6: {"size": 9, "max_cage": 2, "givens": 10},
        7: {"size": 9, "max_cage": 3, "givens": 6},
        8: {"size": 9, "max_cage": 3, "givens": 2},
        9: {"size": 9, "max_cage": 3, "givens": 0},
        10: {"size": 9, "max_cage": 4, "givens": 0},
    }
    clue_lists = ("givens", "cages")
    difficulty_cost = "fill_bits"

    def sample(
        self, rng: np.random.Generator, params: KillerSudokuParams
    ) -> tuple[dict[str, Any], str]:
        n = params.size
        solution = random_filled_grid(rng, GridCNF(n, *BOXES[n]))
        cages = [
            {"cells": cells, "sum": sum(solution[r][c] for r, c in cells)}
            for cells in region_cells(random_polyominoes(rng, n, n, 2, params.max_cage, solution))
        ]
        givens = [[r, c, solution[r][c]] for r in range(n) for c in range(n)]
        data = {"size": n, "cages": cages, "givens": givens}
        enc = self.encode(data)
        truth = [enc.cnf.var("x", r, c, v) for r, c, v in givens]
        kept = prune_clues(rng, enc, truth, range(n * n), n * n - params.givens)
        data["givens"] = [g for i, g in enumerate(givens) if i in kept]
        return data, format_grid(solution)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf, _ = latin_puzzle_cnf(n, *BOXES[n])
        clues = [cnf.var("x", r, c, v) for r, c, v in data["givens"]]
        for cage in data["cages"]:
            clue = cnf.fresh()
            distinct_sum(
                cnf, [tuple(cell) for cell in cage["cells"]], range(1, n + 1), cage["sum"], clue
            )
            clues.append(clue)
        return Encoding(
            cnf, value_vars(cnf, n), clues, lambda sol: format_grid(decode_values(cnf, n, sol))
        )

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = data["size"]
        given = {(r, c): v for r, c, v in data["givens"]}
        bits = 0.0
        for cage in data["cages"]:
            fillings = sum(
                1
                for values in itertools.permutations(range(1, n + 1), len(cage["cells"]))
                if sum(values) == cage["sum"]
                and all(
                    given.get(tuple(cell), v) == v
                    for cell, v in zip(cage["cells"], values, strict=True)
                )
            )
            bits += log2(fillings)
        return {
            "fill_bits": round(bits, 3),
            "size": n,
            "empty_cells": n * n - len(data["givens"]),
            "givens": len(data["givens"]),
            "cages": len(data["cages"]),
        }

    def render(self, data: dict[str, Any], params: KillerSudokuParams) -> str:
        n = data["size"]
        box_rows, box_cols = BOXES[n]
        region = [[0] * n for _ in range(n)]
        for index, cage in enumerate(data["cages"]):
            for r, c in cage["cells"]:
                region[r][c] = index
        sums = ", ".join(f"{LABELS[i]}={cage['sum']}" for i, cage in enumerate(data["cages"]))
        givens = ""
        if data["givens"]:
            shown = ", ".join(f"row {r + 1} column {c + 1} = {v}" for r, c, v in data["givens"])
            givens = f"\nGiven digits: {shown}.\n"
        return (
            f"Solve this {n}x{n} killer sudoku. Fill the grid with digits 1 to {n} so that "
            f"every row, every column and every {box_rows}x{box_cols} box ({box_rows} rows by "
            f"{box_cols} columns, boxes tiling the grid from the top left) contains each digit "
            "exactly once. The grid is divided into cages (cells with the same letter): the "
            "digits in a cage are all different and add up to the cage's sum. "
            f"{UNIQUE}\n\nCages:\n{region_map(region)}\n\nCage sums: {sums}\n{givens}\n"
            "Give the full solved grid inside <answer></answer>: one row per line, the "
            f"{n} digits of a row separated by single spaces. " + format_example("1 2\n2 1")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        grid = latin_verdict(answer, n, task.data["givens"], BOXES[n])
        if isinstance(grid, Verdict):
            return grid
        for index, cage in enumerate(task.data["cages"]):
            values = [grid[r][c] for r, c in cage["cells"]]
            if len(set(values)) < len(values) or sum(values) != cage["sum"]:
                return Verdict.fail(
                    "wrong",
                    f"Cage {LABELS[index]} must hold distinct digits adding up to {cage['sum']}.",
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return [swapped_rows_answer(task.answer or "")]
