"""Spreadsheet formulas and table transformation: the evaluator against SQLite, and checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.generators.spreadsheets import (
    FormulaError,
    Sheet,
    evaluate,
    functions_in,
    random_formula,
    random_sheet,
    round_half_away,
    sheet_sqlite,
    to_sql,
    to_text,
)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(2, 15),
    columns=st.integers(3, 9),
    functions=st.integers(1, 10),
    empty=st.sampled_from([0.0, 0.2]),
)
def test_evaluator_agrees_with_sqlite(
    seed: int, rows: int, columns: int, functions: int, empty: float
) -> None:
    rng = np.random.default_rng(seed)
    sheet = random_sheet(rng, rows=rows, columns=columns, empty_rate=empty)
    formula, value = random_formula(rng, sheet, functions)
    assert functions_in(formula) == functions
    got = sheet_sqlite(sheet).execute("SELECT " + to_sql(formula)).fetchone()[0]
    assert got is not None and math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-9), to_text(
        formula
    )


SHEET = Sheet(
    ("Item", "Q1", "Price"),
    (("Bolt", 4, 2.5), ("Nut", None, 1.0), ("Gear", 10, 7.25)),
)


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        (["SUM", ["range", "B", 2, "B", 4]], 14.0),
        (["AVERAGE", ["range", "B", 2, "B", 4]], 7.0),  # the empty cell is skipped
        (["COUNT", ["range", "B", 2, "C", 4]], 5.0),
        (["op", "+", ["ref", "B", 3], ["num", 1]], 1.0),  # empty is 0 in arithmetic
        (["COUNTIF", ["range", "C", 2, "C", 4], [">", 2]], 2.0),
        (["SUMIF", ["range", "A", 2, "A", 4], ["=", "gear"], ["range", "C", 2, "C", 4]], 7.25),
        (["VLOOKUP", "Nut", ["range", "A", 2, "C", 4], 3], 1.0),
        (["ROUND", ["num", 2.675], 2], 2.68),
        (["ROUND", ["num", -0.5], 0], -1.0),
        (["IF", ["cmp", "<>", ["ref", "B", 2], ["num", 4]], ["num", 1], ["num", 2]], 2.0),
    ],
)
def test_spreadsheet_semantics(formula: list, value: float) -> None:
    assert evaluate(formula, SHEET) == pytest.approx(value)
    sql = sheet_sqlite(SHEET).execute("SELECT " + to_sql(formula)).fetchone()[0]
    if formula[0] != "ROUND":  # SQLite rounds the binary value 2.675 down; sheets do not
        assert sql == pytest.approx(value)


@pytest.mark.parametrize(
    "formula",
    [
        ["op", "/", ["num", 1], ["ref", "B", 3]],
        ["VLOOKUP", "Missing", ["range", "A", 2, "C", 4], 2],
        ["AVERAGE", ["range", "B", 3, "B", 3]],
    ],
)
def test_spreadsheet_errors_raise(formula: list) -> None:
    with pytest.raises(FormulaError):
        evaluate(formula, SHEET)


def test_round_half_away_from_zero() -> None:
    assert round_half_away(0.125, 2) == 0.13
    assert round_half_away(-2.5, 0) == -3.0
    assert to_text(["ROUND", ["SUM", ["range", "B", 2, "B", 4]], 1]) == "=ROUND(SUM(B2:B4), 1)"


def test_spreadsheet_env_accepts_within_tolerance_only() -> None:
    env = pa.make("tabular/spreadsheet-formula-v1")
    task = env.generate(1, 5)
    value = task.data["expected"]["value"]
    assert env.verify(task, f"<answer>{value + 0.004:.3f}</answer>").correct
    assert not env.verify(task, f"<answer>{value + 0.02:.2f}</answer>").correct


def test_table_transform_header_and_order_are_checked() -> None:
    env = pa.make("tabular/table-transform-v1")
    for seed in range(20):
        task = env.generate(seed, 6)
        lines = task.answer.splitlines()
        assert env.verify(task, f"<answer>{task.answer}</answer>").correct
        renamed = "\n".join(["x, " + lines[0], *("1, " + line for line in lines[1:])])
        assert not env.verify(task, f"<answer>{renamed}</answer>").correct
        if len(lines) > 2 and lines[1] != lines[-1]:
            flipped = "\n".join([lines[0], *reversed(lines[1:])])
            assert env.verify(task, f"<answer>{flipped}</answer>").correct != task.data["ordered"]
