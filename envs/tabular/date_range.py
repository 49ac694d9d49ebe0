"""Date-range filter: an aggregate over the rows whose date falls in a window."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    AGGREGATES,
    Question,
    TableQA,
    aggregate_sql,
    dated_filter,
)
from palaestra.generators.table_qa import phrase
from palaestra.generators.tables import Table
from palaestra.registry import register


@register("tabular/date-range-filter-v1")
class DateRangeFilter(TableQA):
    """Count or aggregate the rows whose date lies between two dates (inclusive).

    Task: temporal filters of table QA ("How many flights departed between 2019-03-01 and
    2019-06-30?", "total revenue of products launched in that window"). The window's ends
    are dates of the table's range; both ends are included; optional further conditions
    also apply. The asked aggregate is a count, sum, mean, minimum or maximum.

    Answer format: a number: counts whole, means to 2 decimals, sums and extremes to the
    column's decimals, e.g. ``<answer>14</answer>``.

    Knobs: `rows`, `columns`, `conditions` (extra conditions besides the window; more is
    harder), `fmt`.

    Verification: the reference is ``SELECT AGG(...) ... WHERE date BETWEEN ? AND ? AND ...``
    on SQLite (ISO dates compare as text in date order). The window always contains at least
    one row. Cost `work`: rows x (2 + conditions), the window counting as two comparisons.

    Versions: v1, first release.
    """

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        date, column, witness, conditions, clause, values = dated_filter(
            rng, table, params.conditions
        )
        own = table.rows[witness][table.index(date.name)]
        dates = table.values(date.name)
        start = str(rng.choice(sorted(d for d in dates if d <= own)))
        end = str(rng.choice(sorted(d for d in dates if d >= own)))
        window = f"{date.name} BETWEEN ? AND ?"
        clause = f"{clause} AND {window}" if clause else f" WHERE {window}"
        agg = ("count", *AGGREGATES)[int(rng.integers(len(AGGREGATES) + 1))]
        function, decimals, what = aggregate_sql(agg, column)
        sql = f"SELECT {function} FROM {table.name}{clause}"
        sql_params = [*values, start, end]
        value = conn.execute(sql, sql_params).fetchone()[0]
        extra = f", and where {phrase(conditions)}" if conditions else ""
        text = (
            f"Consider the rows with `{date.name}` from {start} to {end} (both dates "
            f"included){extra}. What is {what}?"
        )
        return Question.number(text, value, decimals, conditions, sql, sql_params)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        cost = super().cost(data, params)
        cost["work"] = cost["rows"] * (2 + cost["conditions"])
        return cost
