"""Percent change: how much a column's total changed from one period to another."""

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

# SQL for a date's period label: its year, or its quarter as YYYY-Qn.
_PERIODS = {
    "year": "substr({d}, 1, 4)",
    "quarter": "substr({d}, 1, 4) || '-Q' || ((CAST(substr({d}, 6, 2) AS INTEGER) + 2) / 3)",
}


@register("tabular/percent-change-v1")
class PercentChange(TableQA):
    """Percentage change of a column's total between two periods (years or quarters).

    Task: the period-over-period questions of financial table QA (FinQA, TAT-QA: "By what
    percentage did revenue change from 2019 to 2020?"). Rows fall into periods by a date
    column (calendar years, or quarters written YYYY-Qn with Q1 = January to March); the
    change is 100 x (total in the later period - total in the earlier) / total in the
    earlier, over the rows that also match the conditions. Decreases are negative.

    Answer format: a percentage rounded to 1 decimal, the % sign optional, e.g.
    ``<answer>-12.5</answer>``.

    Knobs: `rows`, `columns`, `conditions` (0 = all rows; more is harder), `fmt`.

    Verification: the reference is computed by SQLite in one query (two SUM(CASE ...)
    totals and their relative difference); an answer within 0.05 of it is right. Periods
    whose earlier total is 0 are not asked. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        date, column, _, conditions, clause, values = dated_filter(rng, table, params.conditions)
        unit = "year" if rng.random() < 0.6 else "quarter"
        period = _PERIODS[unit].format(d=date.name)
        labels = [
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT {period} FROM {table.name}{clause} ORDER BY 1", values
            )
        ]
        if len(labels) < 2:
            return None
        first, second = sorted(int(i) for i in rng.choice(len(labels), size=2, replace=False))
        earlier, later = labels[first], labels[second]
        total = f"SUM(CASE WHEN {period} = ? THEN {column.name} ELSE 0 END)"
        sql = f"SELECT 100.0 * ({total} - {total}) / {total}, {total} FROM {table.name}{clause}"
        sql_params = [later, earlier, earlier, earlier, *values]
        change, base = conn.execute(sql, sql_params).fetchone()
        if not base:
            return None
        what = "year" if unit == "year" else "quarter (YYYY-Qn, Q1 = January to March)"
        text = (
            f"Group {rows_where(conditions)} by the {what} of `{date.name}`. By what percentage "
            f"did the total `{column.name}` change from {earlier} to {later}?"
        )
        notes = (
            "Percentage change = 100 x (later total - earlier total) / earlier total; a "
            "decrease is negative."
        )
        return Question.number(text, change, 1, conditions, sql, sql_params, notes, percent=True)
