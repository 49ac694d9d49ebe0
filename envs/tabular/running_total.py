"""Running total: the cumulative sum of a column, in date order, at a named row."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    Question,
    TableQA,
    dated_filter,
)
from palaestra.generators.table_qa import rows_where
from palaestra.generators.tables import Table
from palaestra.registry import register


@register("tabular/running-total-v1")
class RunningTotal(TableQA):
    """The running total of a column at a named row when the rows are put in date order.

    Task: cumulative sums as spreadsheets and SQL window functions compute them ("the
    year-to-date sales as of this order"). The (optionally filtered) rows are sorted by a
    date column, ties broken by `id`; the running total at a row is the sum of the column
    over that row and every row before it.

    Answer format: a number with the column's decimals (a whole number for integer columns),
    e.g. ``<answer>2410.75</answer>``.

    Knobs: `rows`, `columns`, `conditions` (0 = all rows; more is harder), `fmt`.

    Verification: the reference is ``SUM(col) OVER (ORDER BY date, id ROWS BETWEEN UNBOUNDED
    PRECEDING AND CURRENT ROW)`` computed by SQLite over the filtered rows; an answer within
    half a unit of the last decimal is right. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        date, column, witness, conditions, clause, values = dated_filter(
            rng, table, params.conditions
        )
        name = table.rows[witness][table.index(table.entity)]
        sql = (
            f"SELECT running FROM (SELECT {table.entity} AS name, SUM({column.name}) OVER "
            f"(ORDER BY {date.name}, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) "
            f"AS running FROM {table.name}{clause}) WHERE name = ?"
        )
        total = conn.execute(sql, [*values, name]).fetchone()[0]
        text = (
            f"Sort {rows_where(conditions)} by `{date.name}`, earliest first (rows with the "
            f"same date by `id`). What is the running total of `{column.name}` at the "
            f"{table.entity} {name}, that is, the sum of `{column.name}` over that row and "
            "all rows before it?"
        )
        return Question.number(text, total, column.decimals, conditions, sql, [*values, name])
