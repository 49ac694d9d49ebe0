"""Median and mode: the middle value of a numeric column, or the most frequent value."""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.envs.tabular._qa import (
    FilterParams,
    Question,
    TableQA,
    cell_expected,
    cell_format,
    column_filter,
    pick,
)
from palaestra.generators.table_qa import among
from palaestra.generators.tables import NUMERIC, Table
from palaestra.registry import register


class MedianModeParams(FilterParams):
    stat: Literal["any", "median", "mode"] = Field(
        "any",
        description="median (sort and take the middle), mode (most frequent value), "
        "or any (drawn per task); the median is harder",
    )


@register("tabular/median-mode-v1")
class MedianMode(TableQA):
    """The median of a numeric column or the mode of a category or integer column.

    Task: order statistics over table rows ("What is the median salary in Research?", "Which
    supplier occurs most often among items with stock below 100?"). The median of an even
    number of values is the mean of the two middle ones; missing values do not occur. A mode
    is asked only when it is unique (the table is redrawn otherwise).

    Answer format: a median is a number rounded to 2 decimals; a mode is the value as the
    table shows it, e.g. ``<answer>Cobalt</answer>`` or ``<answer>3</answer>``.

    Knobs: `rows`, `columns`, `conditions` (0 = all rows; more is harder), `stat`, `fmt`.

    Verification: SQLite has no MEDIAN, so the reference median is the AVG of the middle one
    or two values selected by ORDER BY / LIMIT / OFFSET over the filtered rows; the mode is
    ``GROUP BY col ORDER BY COUNT(*) DESC LIMIT 2`` (the second row proves uniqueness).
    Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    Params = MedianModeParams

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        stat = pick(rng, params.stat, ("median", "mode"))
        kinds = NUMERIC if stat == "median" else ("category", "int")
        column, conditions, clause, values = column_filter(rng, table, params.conditions, kinds)
        if stat == "median":
            count = f"(SELECT COUNT(*) FROM {table.name}{clause})"
            sql = (
                f"SELECT AVG(v) FROM (SELECT {column.name} AS v FROM {table.name}{clause} "
                f"ORDER BY v LIMIT 2 - {count} % 2 OFFSET ({count} - 1) / 2)"
            )
            sql_params = values * 3
            value = conn.execute(sql, sql_params).fetchone()[0]
            text = f"What is the median of `{column.name}`{among(conditions)}?"
            notes = "With an even number of values the median is the mean of the middle two."
            return Question.number(text, value, 2, conditions, sql, sql_params, notes)
        sql = (
            f"SELECT {column.name}, COUNT(*) FROM {table.name}{clause} "
            f"GROUP BY {column.name} ORDER BY COUNT(*) DESC LIMIT 2"
        )
        top = conn.execute(sql, values).fetchall()
        if len(top) == 2 and top[0][1] == top[1][1]:
            return None  # no unique mode
        text = f"Which value of `{column.name}` occurs most often{among(conditions)}?"
        return Question(
            text, cell_expected(column, top[0][0]), cell_format(column), conditions, sql, values
        )
