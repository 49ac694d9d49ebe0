"""Filtered count: how many rows satisfy a conjunction of conditions."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    CONDITIONS,
    Question,
    RequiredFilterParams,
    TableQA,
    make_levels,
    random_filter,
)
from palaestra.generators.table_qa import phrase, scalar
from palaestra.generators.tables import Table
from palaestra.registry import register


@register("tabular/filtered-count-v1")
class FilteredCount(TableQA):
    """Count the rows of a table that satisfy every one of several conditions.

    Task: the counting questions of WikiTableQuestions and TAT-QA ("How many flights of
    Nordjet had more than 120 passengers?"). Conditions compare a category with a value
    (``is``, ``is not``), or a number or date with a threshold (greater/less than, at
    least/most, before/after); all must hold. They are drawn around a witness row, so the
    count is at least 1.

    Answer format: a whole number, e.g. ``<answer>7</answer>``.

    Knobs: `rows`, `columns` (distractor columns) and `conditions` (more is harder), `fmt`.

    Verification: the reference is ``SELECT COUNT(*) ... WHERE c1 AND c2 ...`` on SQLite;
    the answer must equal it. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    Params = RequiredFilterParams
    levels = make_levels(CONDITIONS)

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question:
        conditions, clause, values = random_filter(rng, table, params.conditions)
        sql = f"SELECT COUNT(*) FROM {table.name}{clause}"
        count = scalar(conn, sql, values)
        text = f"How many rows of `{table.name}` satisfy all of: {phrase(conditions)}?"
        return Question.number(text, count, 0, conditions, sql, values)
