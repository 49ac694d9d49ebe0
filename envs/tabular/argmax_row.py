"""Argmax / argmin row: which named row has the largest or smallest value of a column."""

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
    pick,
    text_format,
)
from palaestra.generators.table_qa import among
from palaestra.generators.tables import Table
from palaestra.registry import register
from palaestra.verifiers.tables import expected_text


class ArgmaxParams(FilterParams):
    extreme: Literal["any", "max", "min"] = Field(
        "any", description="ask for the largest (max) or smallest (min) value, or any; equally hard"
    )


@register("tabular/argmax-row-v1")
class ArgmaxRow(TableQA):
    """Name the row with the largest (or smallest) value of a column, among filtered rows.

    Task: the superlative questions of WikiTableQuestions ("Which player scored the most
    goals among forwards?"). The answer is the entity name of the row, not the value. Tables
    whose extreme is tied are redrawn, so the answer is unique.

    Answer format: the entity name as written in the table, e.g. ``<answer>Brelton</answer>``.

    Knobs: `rows`, `columns`, `conditions` (0 = the whole table; more is harder), `extreme`
    (max, min or any), `fmt`.

    Verification: the reference is ``SELECT entity ... WHERE ... ORDER BY col DESC LIMIT 2``
    on SQLite (the second row proves there is no tie); names compare case-insensitively.
    Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    Params = ArgmaxParams

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        extreme = pick(rng, params.extreme, ("max", "min"))
        column, conditions, clause, values = column_filter(rng, table, params.conditions)
        order = "DESC" if extreme == "max" else "ASC"
        sql = (
            f"SELECT {table.entity}, {column.name} FROM {table.name}{clause} "
            f"ORDER BY {column.name} {order} LIMIT 2"
        )
        top = conn.execute(sql, values).fetchall()
        if len(top) == 2 and top[0][1] == top[1][1]:
            return None  # tied extreme: no unique answer
        word = "largest" if extreme == "max" else "smallest"
        text = f"Which {table.entity} has the {word} `{column.name}`{among(conditions)}?"
        return Question(
            text, expected_text(top[0][0]), text_format(table.entity), conditions, sql, values
        )
