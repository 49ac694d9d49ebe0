"""Ratio comparison: ratios of totals, between two groups or two columns."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    Question,
    TableQA,
    random_filter,
    text_format,
)
from palaestra.generators.table_qa import among, column_of, rows_where
from palaestra.generators.tables import NUMERIC, Table
from palaestra.registry import register
from palaestra.verifiers.tables import expected_text


@register("tabular/ratio-comparison-v1")
class RatioComparison(TableQA):
    """Ratios of column totals: between two groups, between two columns, or which group has
    the highest ratio.

    Task: the ratio questions of financial and statistical table QA (TAT-QA, FinQA). Three
    forms, drawn per task: (1) the total of a column over rows of category value A divided
    by its total over rows of value B; (2) the total of one column divided by the total of
    another; (3) which value of a category has the highest ratio of two column totals over
    its rows (asked only when that group is unique). Conditions may filter the rows first.

    Answer format: forms 1 and 2 take a number rounded to 3 decimals, e.g.
    ``<answer>1.254</answer>``; form 3 the category value, e.g. ``<answer>North</answer>``.

    Knobs: `rows`, `columns`, `conditions` (0 = all rows; more is harder), `fmt`.

    Verification: each reference is one SQLite query (``1.0 * SUM(...) / SUM(...)``, or the
    same per group with ``GROUP BY ... ORDER BY ratio DESC LIMIT 2``); numbers compare within
    0.0005. Zero denominators and tied groups are not asked. Cost `work`: rows x (1 +
    conditions).

    Versions: v1, first release.
    """

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        numbers = table.of_type(*NUMERIC)
        group = column_of(rng, table.of_type("category"))
        first, second = (numbers[int(i)] for i in rng.choice(len(numbers), 2, replace=False))
        conditions, clause, values = random_filter(
            rng, table, params.conditions, exclude=(group.name, first.name, second.name)
        )
        form = int(rng.integers(3))
        where = among(conditions)
        if form == 0:
            present = sorted({v for v in table.values(group.name)})
            if len(present) < 2:
                return None
            a, b = (present[int(i)] for i in rng.choice(len(present), 2, replace=False))
            part = f"SUM(CASE WHEN {group.name} = ? THEN {first.name} END)"
            sql = f"SELECT 1.0 * {part} / {part} FROM {table.name}{clause}"
            sql_params = [a, b, *values]
            text = (
                f"What is the total `{first.name}` of the rows with `{group.name}` {a} divided "
                f"by the total `{first.name}` of the rows with `{group.name}` {b}{where}?"
            )
        elif form == 1:
            sql = f"SELECT 1.0 * SUM({first.name}) / SUM({second.name}) FROM {table.name}{clause}"
            sql_params = values
            text = f"What is the total `{first.name}` divided by the total `{second.name}`{where}?"
        else:
            sql = (
                f"SELECT {group.name}, 1.0 * SUM({first.name}) / SUM({second.name}) AS ratio "
                f"FROM {table.name}{clause} GROUP BY {group.name} "
                f"HAVING SUM({second.name}) != 0 ORDER BY ratio DESC LIMIT 2"
            )
            top = conn.execute(sql, values).fetchall()
            if not top or (len(top) == 2 and abs(top[0][1] - top[1][1]) < 1e-9):
                return None
            text = (
                f"Group {rows_where(conditions)} by `{group.name}`. Which `{group.name}` has "
                f"the highest ratio of total `{first.name}` to total `{second.name}`?"
            )
            return Question(
                text, expected_text(top[0][0]), text_format(group.name), conditions, sql, values
            )
        value = conn.execute(sql, sql_params).fetchone()[0]
        if value is None:
            return None  # an empty group or a zero denominator
        return Question.number(text, value, 3, conditions, sql, sql_params)
