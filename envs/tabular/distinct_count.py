"""Distinct count: how many different values a column takes among filtered rows."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    Question,
    TableQA,
    column_filter,
)
from palaestra.generators.table_qa import among
from palaestra.generators.tables import Table
from palaestra.registry import register


@register("tabular/distinct-count-v1")
class DistinctCount(TableQA):
    """Count the distinct values of a column (a category, an integer, a date's year or month).

    Task: "How many different suppliers appear among items restocked after 2020-05-01?"
    (COUNT(DISTINCT ...), a staple of table QA and text-to-SQL benchmarks such as Spider).
    The counted value is a category column, an integer column, or the year or year-month of a
    date column; conditions on other columns may filter the rows first.

    Answer format: a whole number, e.g. ``<answer>5</answer>``.

    Knobs: `rows`, `columns`, `conditions` (0 = whole table; more is harder), `fmt`.

    Verification: the reference is ``SELECT COUNT(DISTINCT expr) ... WHERE ...`` on SQLite;
    the answer must equal it. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        column, conditions, clause, values = column_filter(
            rng, table, params.conditions, ("category", "int", "date")
        )
        if column.type == "date":
            unit = "year" if rng.random() < 0.5 else "month"
            expr = f"substr({column.name}, 1, {4 if unit == 'year' else 7})"
            what = (
                f"distinct years (YYYY) occur in `{column.name}`"
                if unit == "year"
                else f"distinct months (year and month, YYYY-MM) occur in `{column.name}`"
            )
        else:
            expr, what = column.name, f"distinct values of `{column.name}` occur"
        sql = f"SELECT COUNT(DISTINCT {expr}) FROM {table.name}{clause}"
        count = conn.execute(sql, values).fetchone()[0]
        text = f"How many {what}{among(conditions)}?"
        return Question.number(text, count, 0, conditions, sql, values)
