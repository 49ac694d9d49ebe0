"""Group-by aggregate: one value per category (count, sum, mean, min or max)."""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.envs.tabular._qa import (
    AGGREGATES,
    FilterParams,
    Question,
    TableQA,
    aggregate_sql,
    pick,
    random_filter,
)
from palaestra.generators.table_qa import among, column_of
from palaestra.generators.tables import NUMERIC, Table
from palaestra.registry import register
from palaestra.verifiers.tables import expected_mapping


class GroupByParams(FilterParams):
    agg: Literal["any", "count", "sum", "mean", "min", "max"] = Field(
        "any",
        description="the aggregate per group, or any (drawn per task); count is the "
        "easiest, sum and mean the hardest",
    )


@register("tabular/group-by-aggregate-v1")
class GroupByAggregate(TableQA):
    """Aggregate a column per value of a category: a small GROUP BY result.

    Task: "For each region, what is the total revenue?" — the grouped questions of
    WikiTableQuestions and the pivot summaries of spreadsheet work. Optional conditions
    filter the rows first; every group with at least one matching row is asked for.

    Answer format: one ``group: value`` pair per line (or separated by commas), every group
    once, in any order, e.g. ``<answer>North: 12.50\nSouth: 7.00</answer>``. Counts are whole
    numbers; means have 2 decimals; sums and extremes the column's decimals.

    Knobs: `rows`, `columns`, `conditions` (0 = no filter; more is harder), `agg`, `fmt`.

    Verification: the reference is ``SELECT cat, AGG(col) ... GROUP BY cat`` on SQLite. The
    groups must be exactly the reference groups (case-insensitive), each value within half a
    unit of the last asked decimal. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    Params = GroupByParams

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        agg = pick(rng, params.agg, ("count", *AGGREGATES))
        group = column_of(rng, table.of_type("category"))
        column = column_of(rng, table.of_type(*NUMERIC))
        conditions, clause, values = random_filter(
            rng, table, params.conditions, exclude=(group.name, column.name)
        )
        function, decimals, what = aggregate_sql(agg, column)
        sql = (
            f"SELECT {group.name}, {function} FROM {table.name}{clause} "
            f"GROUP BY {group.name} ORDER BY {group.name}"
        )
        result = {str(k): v for k, v in conn.execute(sql, values).fetchall()}
        text = f"For each `{group.name}`{among(conditions)}, what is {what}?"
        places = "a whole number" if decimals == 0 else f"rounded to {decimals} decimal places"
        answer_format = (
            f"Give one line per `{group.name}` value that occurs, as 'name: value', with each "
            f"value {places}, for example <answer>Alpha: 3\nBeta: 12</answer>."
        )
        return Question(
            text, expected_mapping(result, decimals), answer_format, conditions, sql, values
        )
