"""Missing values: aggregates and counts under a stated rule for missing cells."""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.envs.tabular._qa import (
    FilterParams,
    Question,
    TableQA,
    column_filter,
    make_levels,
    pick,
)
from palaestra.generators.table_qa import among
from palaestra.generators.tables import Table, random_table
from palaestra.registry import register

_RULES = {
    "skip": (
        "AVG({c})",
        "Skip missing values: they count neither in the total nor in the number of values.",
    ),
    "zero": ("AVG(COALESCE({c}, 0))", "Treat every missing value as 0."),
    "count": ("SUM({c} IS NULL)", "Count the rows whose value is missing."),
}


class MissingValuesParams(FilterParams):
    missing_rate: float = Field(
        0.15, ge=0.02, le=0.6, description="chance that a cell is missing; more is harder"
    )
    rule: Literal["any", "skip", "zero", "count"] = Field(
        "any",
        description="how missing values count: skip them in a mean, treat them as 0, "
        "count them, or any (drawn per task)",
    )


@register("tabular/missing-values-v1")
class MissingValues(TableQA):
    """Answer over a table with missing cells, following the rule the prompt states.

    Task: real tables have holes, and "the average" depends on what a hole means. The prompt
    states one rule: skip missing values (the mean of the present values, as SQL's AVG),
    treat them as 0 (the mean over all rows), or count them (how many rows lack a value).
    Cells are missing at random; the asked column always has at least one missing and one
    present value among the (filtered) rows, so the rule matters. A row whose value in a
    condition's column is missing does not satisfy the condition.

    Answer format: means are rounded to 2 decimals, counts are whole numbers, e.g.
    ``<answer>41.07</answer>``.

    Knobs: `rows`, `columns`, `conditions` (more is harder), `missing_rate` (more is
    harder), `rule`, `fmt`.

    Verification: the reference is SQLite's ``AVG(col)``, ``AVG(COALESCE(col, 0))`` or
    ``SUM(col IS NULL)`` over the filtered rows; numbers compare within half a unit of the
    last asked decimal. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    Params = MissingValuesParams
    levels = make_levels(missing_rate=(0.1, 0.1, 0.12, 0.12, 0.15, 0.15, 0.2, 0.2, 0.25, 0.3))

    def make_table(self, rng: np.random.Generator, params: Any) -> Table:
        return random_table(
            rng, rows=params.rows, columns=params.columns, missing_rate=params.missing_rate
        )

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        rule = pick(rng, params.rule, tuple(_RULES))
        column, conditions, clause, values = column_filter(rng, table, params.conditions)
        present, missing = conn.execute(
            f"SELECT COUNT({column.name}), SUM({column.name} IS NULL) FROM {table.name}{clause}",
            values,
        ).fetchone()
        if not present or not missing:
            return None  # the rule would not matter
        expression, rule_text = _RULES[rule]
        sql = f"SELECT {expression.format(c=column.name)} FROM {table.name}{clause}"
        value = conn.execute(sql, values).fetchone()[0]
        if rule == "count":
            text = f"How many rows{among(conditions)} have a missing `{column.name}`?"
            decimals = 0
        else:
            text = f"What is the mean of `{column.name}`{among(conditions)}?"
            decimals = 2
        notes = rule_text
        if conditions:
            notes += " A row whose value in a condition's column is missing does not match it."
        return Question.number(text, value, decimals, conditions, sql, values, notes)
