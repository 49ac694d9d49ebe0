"""Entity rank: the position of a named row when the table is ranked by a column."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    Question,
    TableQA,
    column_filter,
)
from palaestra.generators.table_qa import rows_where
from palaestra.generators.tables import Table
from palaestra.registry import register


@register("tabular/entity-rank-v1")
class EntityRank(TableQA):
    """Rank a named row by a column among the (filtered) rows.

    Task: "Ranked by goals from most to fewest, what place does Marek take among the
    defenders?" Ranking uses standard competition ranking (1 + the number of rows with a
    strictly better value, as SQL's RANK()); the named row's own value is unique, so no
    tie touches it. A rank among filtered rows needs the filter applied first.

    Answer format: a whole number, e.g. ``<answer>4</answer>``.

    Knobs: `rows`, `columns`, `conditions` (0 = rank in the whole table; more is harder),
    `fmt`.

    Verification: the reference is ``RANK() OVER (ORDER BY col DESC)`` computed by SQLite
    over the filtered rows; the answer must equal it. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        column, conditions, clause, values = column_filter(rng, table, params.conditions)
        descending = bool(rng.random() < 0.6)
        order = "DESC" if descending else "ASC"
        sql = (
            f"SELECT {table.entity}, {column.name}, RANK() OVER (ORDER BY {column.name} {order}) "
            f"FROM {table.name}{clause}"
        )
        ranked = conn.execute(sql, values).fetchall()
        counts: dict[Any, int] = {}
        for _, value, _ in ranked:
            counts[value] = counts.get(value, 0) + 1
        unique = [(name, rank) for name, value, rank in ranked if counts[value] == 1]
        if len(ranked) < 2 or not unique:
            return None
        name, rank = unique[int(rng.integers(len(unique)))]
        direction = "largest first" if descending else "smallest first"
        text = (
            f"Rank {rows_where(conditions)} by `{column.name}`, {direction}. What is the "
            f"rank of the {table.entity} {name}?"
        )
        notes = (
            "Rank 1 is the first row; rows with equal values share a rank and the next rank "
            "skips (a row's rank is 1 + the number of rows strictly ahead of it)."
        )
        return Question.number(text, rank, 0, conditions, sql, values, notes)
