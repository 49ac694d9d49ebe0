"""Question parts for table QA: filter conditions with their SQL, and small SQL helpers.

Conditions are drawn around a *witness* row that satisfies all of them, so a filter is never
empty and no rejection loop is needed. Each condition renders as English for the prompt and
as a parametrised SQL fragment for the reference answer, which is always computed by SQLite.

    conds = witness_conditions(rng, table, 2, witness=row_index)
    sql, params = where(conds)            # " WHERE region = ? AND units_sold > ?", [...]
    phrase(conds)                         # "`region` is North and `units_sold` is greater than 120"
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from palaestra.generators.tables import Column, Table

# English for a comparison with a number or a date (also used by `sql_queries`).
NUMBER_WORDS = {
    ">": "is greater than",
    "<": "is less than",
    ">=": "is at least",
    "<=": "is at most",
}
DATE_WORDS = {
    ">": "is after",
    "<": "is before",
    ">=": "is on or after",
    "<=": "is on or before",
}


@dataclass(frozen=True)
class Condition:
    """`column op value`; op is one of = != > < >= <=."""

    column: str
    type: str
    op: str
    value: Any
    decimals: int = 0

    def text(self) -> str:
        shown = f"{self.value:.{self.decimals}f}" if self.type == "decimal" else self.value
        if self.op == "=":
            return f"`{self.column}` is {shown}"
        if self.op == "!=":
            return f"`{self.column}` is not {shown}"
        ops = DATE_WORDS if self.type == "date" else NUMBER_WORDS
        return f"`{self.column}` {ops[self.op]} {shown}"

    def sql(self) -> str:
        return f"{self.column} {self.op} ?"

    def to_json(self) -> list[Any]:
        return [self.column, self.type, self.op, self.value, self.decimals]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> Condition:
        return cls(*data)

    def holds(self, value: Any) -> bool:
        """Python's reading of the condition, for tests (the reference uses SQL)."""
        if value is None:
            return False
        return {
            "=": value == self.value,
            "!=": value != self.value,
            ">": value > self.value,
            "<": value < self.value,
            ">=": value >= self.value,
            "<=": value <= self.value,
        }[self.op]


def filterable(table: Table, exclude: Sequence[str] = ()) -> list[Column]:
    """Columns a condition may use: categories, numbers and dates, not the key or names."""
    return [
        c
        for c in table.columns
        if c.type in ("category", "int", "decimal", "date") and c.name not in exclude
    ]


def witness_conditions(
    rng: np.random.Generator,
    table: Table,
    count: int,
    witness: int,
    exclude: Sequence[str] = (),
) -> list[Condition]:
    """`count` conditions on distinct columns, all true of row `witness`.

    A category condition is ``=`` the witness's value (or, one time in five, ``!=`` another
    value of the column); a number or date condition compares with another row's value on
    the side that keeps the witness. Columns where the witness has a missing value are
    skipped; fewer conditions come back when too few columns remain.
    """
    row = table.rows[witness]
    candidates = [c for c in filterable(table, exclude) if row[table.index(c.name)] is not None]
    order = rng.permutation(len(candidates))
    out: list[Condition] = []
    for position in order[:count]:
        column = candidates[int(position)]
        out.append(_condition_for(rng, table, column, row[table.index(column.name)]))
    return out


def _condition_for(rng: np.random.Generator, table: Table, column: Column, own: Any) -> Condition:
    values = [v for v in table.values(column.name) if v is not None]
    if column.type == "category":
        others = sorted({v for v in values if v != own})
        if others and rng.random() < 0.2:
            return Condition(column.name, column.type, "!=", others[int(rng.integers(len(others)))])
        return Condition(column.name, column.type, "=", own)
    pivot = values[int(rng.integers(len(values)))]
    if pivot == own:
        op = ">=" if rng.random() < 0.5 else "<="
    elif pivot < own:
        op = ">" if rng.random() < 0.5 else ">="
    else:
        op = "<" if rng.random() < 0.5 else "<="
    return Condition(column.name, column.type, op, pivot, column.decimals)


def where(conditions: Sequence[Condition], extra: Sequence[str] = ()) -> tuple[str, list[Any]]:
    """A WHERE clause (empty when there is nothing to test) and its parameters."""
    parts = [c.sql() for c in conditions] + list(extra)
    if not parts:
        return "", []
    return " WHERE " + " AND ".join(parts), [c.value for c in conditions]


def phrase(conditions: Sequence[Condition]) -> str:
    """The conditions in English, joined by "and"."""
    return " and ".join(c.text() for c in conditions)


def among(conditions: Sequence[Condition]) -> str:
    """ " among the rows where ..." or "" when there are no conditions."""
    return f" among the rows where {phrase(conditions)}" if conditions else ""


def rows_where(conditions: Sequence[Condition]) -> str:
    """ "the rows where ..." or "all rows" when there are no conditions."""
    return f"the rows where {phrase(conditions)}" if conditions else "all rows"


def scalar(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The single value of a one-row, one-column query."""
    row = conn.execute(sql, tuple(params)).fetchone()
    return None if row is None else row[0]


def column_of(rng: np.random.Generator, columns: Sequence[Column]) -> Column:
    """A random column of a non-empty list."""
    return columns[int(rng.integers(len(columns)))]
