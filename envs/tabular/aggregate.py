"""Conditional aggregate: the sum, mean, minimum or maximum of a column over filtered rows."""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.envs.tabular._qa import (
    AGGREGATES,
    CONDITIONS,
    Question,
    RequiredFilterParams,
    TableQA,
    aggregate_decimals,
    column_filter,
    make_levels,
    pick,
)
from palaestra.generators.table_qa import phrase, scalar
from palaestra.generators.tables import Table
from palaestra.registry import register


class ConditionalAggregateParams(RequiredFilterParams):
    agg: Literal["any", "sum", "mean", "min", "max"] = Field(
        "any",
        description="the aggregate asked for, or any (drawn per task); sum and mean "
        "need arithmetic over every matching row and are harder than min and max",
    )


@register("tabular/conditional-aggregate-v1")
class ConditionalAggregate(TableQA):
    """Sum, mean, minimum or maximum of a numeric column over the rows matching conditions.

    Task: the aggregation questions of WikiTableQuestions, TAT-QA and FinQA ("What is the
    total revenue of Online products launched before 2020-03-01?"): filter the rows by a
    conjunction of conditions, then aggregate one numeric column.

    Answer format: a number; means rounded to 2 decimals, sums and extremes to the column's
    decimals (whole numbers for integer columns), e.g. ``<answer>1834.25</answer>``.

    Knobs: `rows`, `columns`, `conditions` (more is harder), `agg` (sum/mean are harder than
    min/max; any draws one per task), `fmt`.

    Verification: the reference is ``SELECT SUM|AVG|MIN|MAX(col) ... WHERE ...`` on SQLite,
    unrounded; an answer within half a unit of the last asked decimal of it is right.
    Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    Params = ConditionalAggregateParams
    levels = make_levels(CONDITIONS)

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        agg = pick(rng, params.agg, tuple(AGGREGATES))
        column, conditions, clause, values = column_filter(rng, table, params.conditions)
        function, name = AGGREGATES[agg]
        sql = f"SELECT {function}({column.name}) FROM {table.name}{clause}"
        value = scalar(conn, sql, values)
        decimals = aggregate_decimals(agg, column.decimals)
        text = (
            f"What is the {name} of `{column.name}` over the rows of `{table.name}` where "
            f"{phrase(conditions)}?"
        )
        return Question.number(text, value, decimals, conditions, sql, values)
