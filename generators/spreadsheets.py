"""Small spreadsheets and nested formulas: generation, an exact evaluator, and SQL.

A `Sheet` is a grid addressed A1-style: row 1 holds headers, column A holds item names and
the other columns numbers (a cell may be empty). A formula is a JSON tree:

    ["num", 2.5]                      a literal
    ["ref", "B", 3]                   one cell (empty counts as 0 in arithmetic)
    ["range", "B", 2, "C", 9]         a rectangle, only inside functions
    ["SUM" | "AVERAGE" | "MIN" | "MAX" | "COUNT", range]
    ["COUNTIF", range, [op, value]]   op in > >= < <= = <>; value a number or text
    ["SUMIF", range, [op, value], sum_range]       single columns over the same rows
    ["VLOOKUP", name, range, index]   exact match (FALSE) on the range's first column
    ["IF", ["cmp", op, a, b], then, else]
    ["ROUND", expr, digits]           half away from zero, as spreadsheets round
    ["op", "+" | "-" | "*" | "/", a, b]

`evaluate` follows spreadsheet semantics (empty cells are skipped by the aggregate
functions; an error such as #DIV/0! or #N/A raises `FormulaError`); `to_text` writes the
usual ``=ROUND(SUM(B2:B9)/COUNT(C2:C9), 2)`` form; `to_sql` compiles the same formula into
one SQLite expression over a ``cells(col, row, num, txt)`` table (`sheet_sqlite`), which the
tests use to cross-check the evaluator against a real engine.
"""

from __future__ import annotations

import decimal
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np

from palaestra.generators.vocab import nonce_word

Formula = list[Any]
COMPARISONS = (">", ">=", "<", "<=", "=", "<>")
AGGREGATES = ("SUM", "AVERAGE", "MIN", "MAX", "COUNT")


class FormulaError(ValueError):
    """A spreadsheet error value (#DIV/0!, #N/A, #VALUE!) met while evaluating."""


@dataclass(frozen=True)
class Sheet:
    """Headers (row 1) and data rows (rows 2..), column A text, the others numbers or None."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    @property
    def width(self) -> int:
        return len(self.headers)

    @property
    def last_row(self) -> int:
        return len(self.rows) + 1

    def cell(self, col: str, row: int) -> Any:
        """The value at `col``row` (row 1 is the header row); None when empty."""
        c = column_index(col)
        if row == 1:
            return self.headers[c]
        if not 2 <= row <= self.last_row or c >= self.width:
            return None
        return self.rows[row - 2][c]

    def to_json(self) -> dict[str, Any]:
        return {"headers": list(self.headers), "rows": [list(r) for r in self.rows]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sheet:
        return cls(tuple(data["headers"]), tuple(tuple(r) for r in data["rows"]))

    def render(self) -> str:
        """The sheet as a grid with column letters and row numbers."""
        letters = [column_letter(i) for i in range(self.width)]
        lines = ["| | " + " | ".join(letters) + " |", "|---" * (self.width + 1) + "|"]
        lines.append("| 1 | " + " | ".join(self.headers) + " |")
        for index, row in enumerate(self.rows):
            cells = ["" if v is None else _show(v) for v in row]
            lines.append(f"| {index + 2} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def column_letter(index: int) -> str:
    return chr(ord("A") + index)


def column_index(letter: str) -> int:
    return ord(letter) - ord("A")


_HEADERS = ("Q1", "Q2", "Q3", "Q4", "Price", "Stock", "Cost", "Rating")


def random_sheet(
    rng: np.random.Generator, *, rows: int, columns: int, empty_rate: float = 0.0
) -> Sheet:
    """Item names in column A, then `columns - 1` number columns (some with one decimal)."""
    names: list[str] = []
    while len(names) < rows:
        name = nonce_word(rng, 2).capitalize()
        if name not in names:
            names.append(name)
    headers = ("Item", *(_HEADERS[int(i)] for i in rng.permutation(len(_HEADERS))[: columns - 1]))
    decimals = [int(rng.random() < 0.3) for _ in range(columns - 1)]
    data = []
    for r in range(rows):
        row: list[Any] = [names[r]]
        for d in decimals:
            if rng.random() < empty_rate:
                row.append(None)
            elif d:
                row.append(round(float(rng.integers(0, 1000)) / 10, 1))
            else:
                row.append(int(rng.integers(0, 100)))
        data.append(tuple(row))
    return Sheet(headers, tuple(data))


# --------------------------------------------------------------------------- evaluation
def _cells(sheet: Sheet, rng_: Formula) -> list[Any]:
    _, c1, r1, c2, r2 = rng_
    return [
        sheet.cell(column_letter(c), r)
        for r in range(r1, r2 + 1)
        for c in range(column_index(c1), column_index(c2) + 1)
    ]


def _numbers(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def _matches(value: Any, criterion: list[Any]) -> bool:
    op, target = criterion
    if isinstance(target, str):
        if not isinstance(value, str):
            return False
        a, b = value.casefold(), target.casefold()
        return a == b if op == "=" else a != b if op == "<>" else False
    if not isinstance(value, int | float):
        return False
    return _compare(op, value, target)


def _compare(op: str, a: float, b: float) -> bool:
    return {
        ">": a > b,
        ">=": a >= b,
        "<": a < b,
        "<=": a <= b,
        "=": a == b,
        "<>": a != b,
    }[op]


def round_half_away(value: float, digits: int) -> float:
    """ROUND as spreadsheets do it: half away from zero on the decimal shown."""
    quantum = decimal.Decimal(1).scaleb(-digits)
    exact = decimal.Decimal(repr(value)).quantize(quantum, rounding=decimal.ROUND_HALF_UP)
    return float(exact)


def evaluate(formula: Formula, sheet: Sheet) -> float:
    """The value of a numeric formula; spreadsheet errors raise FormulaError."""
    head = formula[0]
    if head == "num":
        return float(formula[1])
    if head == "ref":
        value = sheet.cell(formula[1], formula[2])
        if value is None:
            return 0.0
        if isinstance(value, str):
            raise FormulaError("#VALUE!")
        return float(value)
    if head in AGGREGATES:
        numbers = _numbers(_cells(sheet, formula[1]))
        if head == "SUM":
            return float(math.fsum(numbers))
        if head == "COUNT":
            return float(len(numbers))
        if not numbers:
            raise FormulaError("#DIV/0!" if head == "AVERAGE" else "#N/A")
        if head == "AVERAGE":
            return math.fsum(numbers) / len(numbers)
        return float(min(numbers) if head == "MIN" else max(numbers))
    if head == "COUNTIF":
        return float(sum(_matches(v, formula[2]) for v in _cells(sheet, formula[1])))
    if head == "SUMIF":
        keys, values = _cells(sheet, formula[1]), _cells(sheet, formula[3])
        picked = [v for k, v in zip(keys, values, strict=True) if _matches(k, formula[2])]
        return float(math.fsum(_numbers(picked)))
    if head == "VLOOKUP":
        _, c1, r1, _c2, _r2 = formula[2]
        column = column_letter(column_index(c1) + formula[3] - 1)
        for r in range(r1, formula[2][4] + 1):
            key = sheet.cell(c1, r)
            if isinstance(key, str) and key.casefold() == str(formula[1]).casefold():
                value = sheet.cell(column, r)
                if not isinstance(value, int | float):
                    raise FormulaError("#N/A")
                return float(value)
        raise FormulaError("#N/A")
    if head == "IF":
        _, op, a, b = formula[1]
        chosen = formula[2] if _compare(op, evaluate(a, sheet), evaluate(b, sheet)) else formula[3]
        return evaluate(chosen, sheet)
    if head == "ROUND":
        return round_half_away(evaluate(formula[1], sheet), int(formula[2]))
    if head == "op":
        a, b = evaluate(formula[2], sheet), evaluate(formula[3], sheet)
        if formula[1] == "/":
            if b == 0:
                raise FormulaError("#DIV/0!")
            return a / b
        return {"+": a + b, "-": a - b, "*": a * b}[formula[1]]
    raise ValueError(f"unknown formula node {head!r}")


# --------------------------------------------------------------------------- text and SQL
def _range_text(r: Formula) -> str:
    return f"{r[1]}{r[2]}:{r[3]}{r[4]}"


def _criterion_text(criterion: list[Any]) -> str:
    op, value = criterion
    shown = _show(value) if not isinstance(value, str) else value
    return '"' + ("" if op == "=" and isinstance(value, str) else op) + shown + '"'


def to_text(formula: Formula, top: bool = True) -> str:
    """The formula as a spreadsheet would show it (``=`` in front at the top)."""
    text = _text(formula)
    return "=" + text if top else text


def _text(f: Formula) -> str:
    head = f[0]
    if head == "num":
        return _show(f[1])
    if head == "ref":
        return f"{f[1]}{f[2]}"
    if head in AGGREGATES:
        return f"{head}({_range_text(f[1])})"
    if head == "COUNTIF":
        return f"COUNTIF({_range_text(f[1])}, {_criterion_text(f[2])})"
    if head == "SUMIF":
        return f"SUMIF({_range_text(f[1])}, {_criterion_text(f[2])}, {_range_text(f[3])})"
    if head == "VLOOKUP":
        return f'VLOOKUP("{f[1]}", {_range_text(f[2])}, {f[3]}, FALSE)'
    if head == "IF":
        _, op, a, b = f[1]
        return f"IF({_text(a)}{op}{_text(b)}, {_text(f[2])}, {_text(f[3])})"
    if head == "ROUND":
        return f"ROUND({_text(f[1])}, {f[2]})"
    if head == "op":
        return f"({_text(f[2])}{f[1]}{_text(f[3])})"
    raise ValueError(f"unknown formula node {head!r}")


def sheet_sqlite(sheet: Sheet) -> sqlite3.Connection:
    """The sheet as ``cells(col, row, num, txt)`` in an in-memory SQLite database."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE cells (col TEXT, row INTEGER, num REAL, txt TEXT)")
    for r in range(1, sheet.last_row + 1):
        for c in range(sheet.width):
            value = sheet.cell(column_letter(c), r)
            if value is None:
                continue
            number = value if isinstance(value, int | float) else None
            text = value if isinstance(value, str) else None
            conn.execute(
                "INSERT INTO cells VALUES (?, ?, ?, ?)", (column_letter(c), r, number, text)
            )
    return conn


def _in_range(r: Formula, alias: str = "cells") -> str:
    return f"{alias}.col BETWEEN '{r[1]}' AND '{r[3]}' AND {alias}.row BETWEEN {r[2]} AND {r[4]}"


def _sql_criterion(criterion: list[Any], alias: str) -> str:
    op, value = criterion
    sql_op = "!=" if op == "<>" else op
    if isinstance(value, str):
        quoted = "'" + value.replace("'", "''") + "'"
        return f"lower({alias}.txt) {sql_op} lower({quoted})"
    return f"{alias}.num {sql_op} {value!r}"


def to_sql(f: Formula) -> str:
    """The formula as one SQLite expression over ``cells`` (errors become NULL)."""
    head = f[0]
    if head == "num":
        return repr(float(f[1]))
    if head == "ref":
        return f"COALESCE((SELECT num FROM cells WHERE col = '{f[1]}' AND row = {f[2]}), 0.0)"
    if head in AGGREGATES:
        fn = {"SUM": "TOTAL", "AVERAGE": "AVG", "MIN": "MIN", "MAX": "MAX", "COUNT": "COUNT"}[head]
        return f"(SELECT {fn}(num) FROM cells WHERE {_in_range(f[1])})"
    if head == "COUNTIF":
        criterion = _sql_criterion(f[2], "cells")
        return f"(SELECT COUNT(*) FROM cells WHERE {_in_range(f[1])} AND {criterion})"
    if head == "SUMIF":
        return (
            f"(SELECT TOTAL(s.num) FROM cells AS k JOIN cells AS s ON s.row = k.row "
            f"AND s.col = '{f[3][1]}' WHERE {_in_range(f[1], 'k')} AND {_sql_criterion(f[2], 'k')})"
        )
    if head == "VLOOKUP":
        r = f[2]
        column = column_letter(column_index(r[1]) + f[3] - 1)
        key = "'" + str(f[1]).replace("'", "''") + "'"
        return (
            f"(SELECT num FROM cells WHERE col = '{column}' AND row = (SELECT MIN(row) FROM "
            f"cells WHERE col = '{r[1]}' AND row BETWEEN {r[2]} AND {r[4]} "
            f"AND lower(txt) = lower({key})))"
        )
    if head == "IF":
        _, op, a, b = f[1]
        sql_op = "!=" if op == "<>" else op
        then, other = to_sql(f[2]), to_sql(f[3])
        return f"(CASE WHEN {to_sql(a)} {sql_op} {to_sql(b)} THEN {then} ELSE {other} END)"
    if head == "ROUND":
        return f"ROUND({to_sql(f[1])}, {int(f[2])})"
    if head == "op":
        if f[1] == "/":
            return f"({to_sql(f[2])} * 1.0 / NULLIF({to_sql(f[3])}, 0))"
        return f"({to_sql(f[2])} {f[1]} {to_sql(f[3])})"
    raise ValueError(f"unknown formula node {head!r}")


# --------------------------------------------------------------------------- drawing
def functions_in(f: Formula) -> int:
    """The number of function calls and operators in a formula."""
    head = f[0]
    if head in ("num", "ref"):
        return 0
    if head == "ROUND":
        return 1 + functions_in(f[1])
    if head == "op":
        return 1 + functions_in(f[2]) + functions_in(f[3])
    if head == "IF":
        return 1 + sum(functions_in(x) for x in (f[1][2], f[1][3], f[2], f[3]))
    return 1  # an aggregate, COUNTIF, SUMIF or VLOOKUP over ranges


def _range(rng: np.random.Generator, sheet: Sheet, numeric: bool = True) -> Formula:
    col = column_letter(int(rng.integers(1, sheet.width))) if numeric else "A"
    top = int(rng.integers(2, max(3, sheet.last_row - 1)))
    bottom = int(rng.integers(top + 1, sheet.last_row + 1)) if top < sheet.last_row else top
    return ["range", col, top, col, bottom]


def _leaf(rng: np.random.Generator, sheet: Sheet) -> Formula:
    roll = rng.random()
    if roll < 0.4:
        return [
            "ref",
            column_letter(int(rng.integers(1, sheet.width))),
            int(rng.integers(2, sheet.last_row + 1)),
        ]
    if roll < 0.6:
        return ["num", int(rng.integers(1, 20))]
    return [AGGREGATES[int(rng.integers(len(AGGREGATES)))], _range(rng, sheet)]


def _node(rng: np.random.Generator, sheet: Sheet, budget: int) -> Formula:
    """A numeric formula with exactly `budget` function calls and operators."""
    if budget <= 0:
        leaf = _leaf(rng, sheet)
        return leaf if leaf[0] in ("num", "ref") else ["num", int(rng.integers(1, 20))]
    if budget == 1:
        kind = ["agg", "countif", "sumif", "vlookup"][int(rng.integers(4))]
        if kind == "agg":
            return [AGGREGATES[int(rng.integers(len(AGGREGATES)))], _range(rng, sheet)]
        if kind == "countif":
            r = _range(rng, sheet)
            values = _numbers(_cells(sheet, r)) or [0]
            pivot = values[int(rng.integers(len(values)))]
            return ["COUNTIF", r, [COMPARISONS[int(rng.integers(4))], pivot]]
        if kind == "sumif":
            keys = _range(rng, sheet)
            other = column_letter(int(rng.integers(1, sheet.width)))
            values = _numbers(_cells(sheet, keys)) or [0]
            pivot = values[int(rng.integers(len(values)))]
            return [
                "SUMIF",
                keys,
                [COMPARISONS[int(rng.integers(4))], pivot],
                ["range", other, keys[2], other, keys[4]],
            ]
        row = int(rng.integers(2, sheet.last_row + 1))
        index = int(rng.integers(2, sheet.width + 1))
        return [
            "VLOOKUP",
            sheet.cell("A", row),
            ["range", "A", 2, column_letter(sheet.width - 1), sheet.last_row],
            index,
        ]
    kind = ["op", "if", "round"][int(rng.integers(3))]
    rest = budget - 1
    if kind == "round":
        return ["ROUND", _node(rng, sheet, rest), int(rng.integers(0, 3))]
    if kind == "op":
        split = int(rng.integers(0, rest + 1))
        op = "+-*/"[int(rng.integers(4))]
        return ["op", op, _node(rng, sheet, split), _node(rng, sheet, rest - split)]
    parts = rng.multinomial(rest, [0.25] * 4)
    cond = [
        "cmp",
        COMPARISONS[int(rng.integers(4))],
        _node(rng, sheet, int(parts[0])),
        _node(rng, sheet, int(parts[1])),
    ]
    return ["IF", cond, _node(rng, sheet, int(parts[2])), _node(rng, sheet, int(parts[3]))]


def random_formula(
    rng: np.random.Generator, sheet: Sheet, functions: int, max_tries: int = 200
) -> tuple[Formula, float]:
    """A formula with `functions` calls/operators whose value is defined and not huge."""
    for _ in range(max_tries):
        formula = _node(rng, sheet, functions)
        try:
            value = evaluate(formula, sheet)
        except FormulaError:
            continue
        if math.isfinite(value) and abs(value) < 1e9:
            return formula, value
    raise RuntimeError("no formula with a defined value was found")
