"""Cell lookup: read one value of a named row from a table."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    Question,
    TableParams,
    TableQA,
    cell_expected,
    cell_format,
    make_levels,
)
from palaestra.generators.table_qa import column_of, filterable, scalar
from palaestra.generators.tables import Table
from palaestra.registry import register


@register("tabular/cell-lookup-v1")
class CellLookup(TableQA):
    """Look up one cell: the value of a column in the row of a named entity.

    Task: the simplest table question of WikiTableQuestions and TabMWP ("What is the fare of
    flight FL2817?"). A generated table of uniquely named rows (products, flights, players,
    patients, ...) is shown as Markdown, CSV or JSON records; the question names a row by its
    entity and asks for one of its other columns.

    Answer format: the cell as shown: a number (decimals as in the table; whole numbers for
    integer columns), a date as YYYY-MM-DD or a category name, e.g. ``<answer>412.50</answer>``.

    Knobs: `rows` and `columns` (more is harder: the row and the column must be found among
    more distractors), `fmt` (markdown, csv, json or any).

    Verification: the reference is the result of ``SELECT col FROM t WHERE entity = ?`` on an
    in-memory SQLite copy of the table. Numbers compare within half a unit of the column's
    last decimal place, text case-insensitively. Cost: rows scanned (`work`).

    Versions: v1, first release.
    """

    Params = TableParams
    levels = make_levels(None)

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        row = table.rows[int(rng.integers(len(table.rows)))]
        entity = row[table.index(table.entity)]
        column = column_of(rng, filterable(table))
        sql = f"SELECT {column.name} FROM {table.name} WHERE {table.entity} = ?"
        value = scalar(conn, sql, [entity])
        text = f"What is the `{column.name}` of the {table.entity} {entity}?"
        return Question(
            text, cell_expected(column, value), cell_format(column), sql=sql, params=[entity]
        )
