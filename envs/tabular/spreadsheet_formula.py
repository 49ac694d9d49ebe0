"""Spreadsheet formula evaluation: the value of a nested formula over a small sheet."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.tabular._sql import ladder_levels
from palaestra.generators.spreadsheets import (
    Sheet,
    functions_in,
    random_formula,
    random_sheet,
    to_text,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.tables import check_expected, expected_number, format_number

DECIMALS = 2


class SheetParams(Params):
    rows: int = Field(5, ge=2, le=40, description="data rows of the sheet; more is harder")
    columns: int = Field(3, ge=3, le=9, description="columns (A holds names); more is harder")
    functions: int = Field(
        1, ge=1, le=16, description="function calls and operators in the formula; more is harder"
    )
    empty_rate: float = Field(
        0.0, ge=0.0, le=0.5, description="chance that a number cell is empty; higher is harder"
    )


_LADDER = (  # rows, columns, functions, empty_rate
    (4, 3, 1, 0.0),
    (5, 3, 2, 0.0),
    (6, 4, 3, 0.0),
    (7, 4, 4, 0.05),
    (8, 5, 5, 0.05),
    (9, 5, 6, 0.1),
    (10, 6, 7, 0.1),
    (12, 6, 8, 0.1),
    (14, 7, 10, 0.15),
    (16, 8, 12, 0.15),
)
LEVELS = ladder_levels(("rows", "columns", "functions", "empty_rate"), _LADDER)


@register("tabular/spreadsheet-formula-v1")
class SpreadsheetFormula(Env):
    """Evaluate a nested spreadsheet formula (SUM/IF/VLOOKUP/COUNTIF/ROUND...) over a small sheet.

    Task: formula evaluation as in spreadsheet-reasoning benchmarks (SheetCopilot,
    SpreadsheetBench's formula questions): a generated sheet (row 1 headers, column A item
    names, other columns numbers, some cells empty) and one formula nesting SUM, AVERAGE,
    MIN, MAX, COUNT, COUNTIF, SUMIF, VLOOKUP (exact match), IF, ROUND and + - * /. The
    usual spreadsheet rules apply and are stated: aggregates skip empty cells, an empty cell
    is 0 in arithmetic, ROUND rounds half away from zero.

    Answer format: the value rounded to 2 decimals, e.g. ``<answer>41.25</answer>``.

    Knobs: `rows`, `columns`, `functions` (calls and operators in the formula) and
    `empty_rate`; more is harder.

    Verification: the reference is computed by the evaluator in
    `palaestra.generators.spreadsheets`, which the tests cross-check against the same formula
    compiled to SQL and run by SQLite; formulas whose value is an error (#DIV/0!, #N/A) are
    redrawn. Answers within 0.005 of the exact value are right. Cost: `functions`.

    Versions: v1, first release.
    """

    Params = SheetParams
    levels = LEVELS
    difficulty_cost = "functions"
    tags = ("tabular", "spreadsheet")

    def sample(self, rng: np.random.Generator, params: SheetParams) -> tuple[dict, str]:
        sheet = random_sheet(
            rng, rows=params.rows, columns=params.columns, empty_rate=params.empty_rate
        )
        formula, value = random_formula(rng, sheet, params.functions)
        expected = expected_number(value, DECIMALS)
        data = {"sheet": sheet.to_json(), "formula": formula, "expected": expected}
        return data, format_number(value, DECIMALS)

    def render(self, data: dict[str, Any], params: SheetParams) -> str:
        sheet = Sheet.from_json(data["sheet"])
        return (
            "Here is a spreadsheet (column letters across the top, row numbers down the "
            "side; an empty cell is blank):\n\n"
            f"{sheet.render()}\n\n"
            f"What value does this formula give?\n\n{to_text(data['formula'])}\n\n"
            "Rules: SUM, AVERAGE, MIN, MAX and COUNT skip empty cells (COUNT counts numbers); "
            "an empty cell counts as 0 in arithmetic; COUNTIF and SUMIF compare numbers with "
            "the criterion's operator; VLOOKUP(..., FALSE) finds the exact name in the first "
            "column of the range and returns the value in the given column of that range "
            "(1 = the first); ROUND rounds half away from zero.\n\n"
            "Answer with the value rounded to 2 decimal places, for example "
            f"<answer>41.25</answer>; answers within 0.005 of the exact value are accepted. "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: SheetParams) -> dict[str, Any]:
        rows = len(data["sheet"]["rows"])
        return {
            "functions": functions_in(data["formula"]),
            "cells": rows * len(data["sheet"]["headers"]),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        return check_expected(task.data["expected"], answer)

    def wrong_answers(self, task: Task) -> list[str]:
        value = task.data["expected"]["value"]
        return [
            f"<answer>{format_number(value + 0.02, DECIMALS)}</answer>",
            f"<answer>{to_text(task.data['formula'])}</answer>",
        ]
