"""Duplicate rows: find the rows that repeat an earlier row in every column but the id."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.tabular._qa import Question, TableParams, TableQA, make_levels
from palaestra.generators.tables import Table, random_table
from palaestra.registry import register
from palaestra.verifiers.tables import expected_items


class DuplicateRowsParams(TableParams):
    duplicates: int = Field(
        2, ge=0, le=20, description="rows that copy an earlier row; more is harder"
    )
    near_duplicates: int = Field(
        1, ge=0, le=20, description="copies with one cell changed (distractors); more is harder"
    )

    @model_validator(mode="after")
    def _room(self) -> DuplicateRowsParams:
        if self.duplicates + self.near_duplicates > self.rows // 2:
            raise ValueError(
                f"duplicates + near_duplicates = {self.duplicates + self.near_duplicates} must "
                f"be at most rows // 2 = {self.rows // 2}; raise rows or lower them"
            )
        return self


@register("tabular/duplicate-rows-v1")
class DuplicateRows(TableQA):
    """List the ids of rows that duplicate an earlier row (all columns except `id` equal).

    Task: deduplication, the first step of data cleaning. Some rows of a generated table are
    exact copies of other rows under a new id; others are near-duplicates, copies with one
    cell changed, which must not be listed. Rows are shuffled and renumbered, so copies can
    appear anywhere; a row is listed when an earlier row (smaller id) is identical to it in
    every column except `id`. With `duplicates` = 0 (or by chance) the answer is ``none``.

    Answer format: the ids in any order, separated by commas, e.g. ``<answer>4, 11</answer>``,
    or ``<answer>none</answer>``.

    Knobs: `rows`, `columns` (more cells to compare; more is harder), `duplicates`,
    `near_duplicates` (more is harder), `fmt`.

    Verification: the reference is a SQLite self-join ``EXISTS (SELECT 1 FROM t a WHERE a.id <
    b.id AND a.c1 IS b.c1 AND ...)``; the answer is compared as a set of ids (order free, no
    repeats). Cost `work`: rows x columns (cells compared per row pair scan).

    Versions: v1, first release.
    """

    Params = DuplicateRowsParams
    levels = make_levels(
        None,
        duplicates=(1, 1, 2, 2, 2, 3, 3, 4, 5, 6),
        near_duplicates=(1, 1, 1, 2, 2, 2, 3, 3, 4, 5),
    )
    tags = ("tabular", "table-qa", "data-cleaning")

    def make_table(self, rng: np.random.Generator, params: Any) -> Table:
        base_rows = params.rows - params.duplicates - params.near_duplicates
        table = random_table(rng, rows=base_rows, columns=params.columns)
        rows = [list(r) for r in table.rows]
        for _ in range(params.duplicates):
            rows.append(list(rows[int(rng.integers(base_rows))]))
        for _ in range(params.near_duplicates):
            copy = list(rows[int(rng.integers(base_rows))])
            position = int(rng.integers(2, len(copy)))  # not the id, not the name
            donor = rows[int(rng.integers(base_rows))][position]
            if donor == copy[position]:
                continue  # would be an exact copy; drop this distractor
            copy[position] = donor
            rows.append(copy)
        order = rng.permutation(len(rows))
        table.rows = [[index + 1, *rows[int(j)][1:]] for index, j in enumerate(order)]
        return table

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        same = " AND ".join(f"a.{c.name} IS b.{c.name}" for c in table.columns[1:])
        sql = (
            f"SELECT b.id FROM {table.name} b WHERE EXISTS (SELECT 1 FROM {table.name} a "
            f"WHERE a.id < b.id AND {same}) ORDER BY b.id"
        )
        ids = [str(row[0]) for row in conn.execute(sql)]
        text = (
            "Which rows are duplicates, that is, identical in every column except `id` to a "
            "row with a smaller `id`? List their ids (the first occurrence is not a duplicate)."
        )
        answer_format = (
            "Give the ids in any order separated by commas, for example <answer>4, 11</answer>, "
            "or <answer>none</answer> if there are no duplicates."
        )
        return Question(
            text, expected_items(ids or ["none"], ordered=False), answer_format, [], sql
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        cost = super().cost(data, params)
        cost["work"] = cost["rows"] * cost["columns"]
        return cost
