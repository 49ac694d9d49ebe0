"""TabFact-style fact verification: is a statement about a table entailed or refuted?"""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from palaestra.envs.tabular._qa import (
    AGGREGATES,
    Question,
    TableQA,
    aggregate_decimals,
    random_filter,
)
from palaestra.generators.table_qa import Condition, among, column_of, phrase
from palaestra.generators.tables import NUMERIC, Column, Table
from palaestra.registry import register
from palaestra.verifiers.tables import expected_label, tolerance

_FORMAT = (
    "Answer true if the table entails the statement and false if the table refutes it, for "
    "example <answer>true</answer>."
)
Rng = np.random.Generator
Conn = sqlite3.Connection
# (statement text, SQL that evaluates it to 0/1, its parameters, conditions used)
Statement = tuple[str, str, list[Any], list[Condition]]
_TRIES = 30
_KINDS = ("count", "aggregate", "superlative", "comparison", "lookup")


@register("tabular/fact-verification-v1")
class FactVerification(TableQA):
    """Decide whether a statement about a table is entailed (true) or refuted (false).

    Task: TabFact (Chen et al., 2020, "TabFact: a large-scale dataset for table-based fact
    verification"). The label is drawn first, so true and false are equally likely. A real
    fact is computed from the table with SQL, in one of five kinds: a filtered count, an
    aggregate (sum, mean, min, max), a superlative (which row has the largest value), a
    comparison of two rows, or a cell value. A refuted statement is a minimal perturbation
    of a true one: the count off by one or two, the aggregate moved by 5-30 %, the
    runner-up named instead of the top row, "higher" turned into "lower", another row's
    value in place of the cell. Numbers in statements are rounded as shown; a statement
    holds when the value rounds to the shown number.

    Answer format: ``<answer>true</answer>`` (entailed) or ``<answer>false</answer>``
    (refuted); ``entailed`` and ``refuted`` are read too.

    Knobs: `rows`, `columns`, `conditions` (conditions inside counts, aggregates and
    superlatives; more is harder), `fmt`.

    Verification: every statement comes with an SQL query that evaluates it to 0 or 1 on
    SQLite; a statement is used only when that query agrees with the drawn label (bounded
    redraws). The answer must be exactly one label. Cost `work`: rows x (1 + conditions).

    Versions: v1, first release.
    """

    tags = ("tabular", "table-qa", "decision")

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        label = bool(rng.random() < 0.5)
        # The label stays fixed while statements are redrawn, so a redraw cannot bias it.
        for _ in range(_TRIES):
            kind = _KINDS[int(rng.integers(len(_KINDS)))]
            column = column_of(rng, table.of_type(*NUMERIC))
            built = getattr(self, f"_{kind}")(rng, table, conn, params, column, label)
            # The SQL truth of the statement must be the drawn label (a perturbation can
            # happen to be true, e.g. a moved aggregate that still rounds the same).
            if built is not None and bool(conn.execute(built[1], built[2]).fetchone()[0]) == label:
                break
        else:
            return None
        text, truth_sql, truth_params, conditions = built
        question = f'Statement: "{text}" Is the statement true or false according to the table?'
        return Question(
            question,
            expected_label("true" if label else "false"),
            _FORMAT,
            conditions,
            truth_sql,
            truth_params,
        )

    def _count(
        self, rng: Rng, table: Table, conn: Conn, params: Any, column: Column, label: bool
    ) -> Statement | None:
        conditions, clause, values = random_filter(rng, table, max(1, params.conditions))
        sql = f"SELECT COUNT(*) FROM {table.name}{clause}"
        count = conn.execute(sql, values).fetchone()[0]
        if not label:
            count = max(0, count + int(rng.choice([-2, -1, 1, 2])))
        text = f"Exactly {count} rows have {phrase(conditions)}."
        return text, f"SELECT ({sql}) = ?", [*values, count], conditions

    def _aggregate(
        self, rng: Rng, table: Table, conn: Conn, params: Any, column: Column, label: bool
    ) -> Statement | None:
        agg = tuple(AGGREGATES)[int(rng.integers(len(AGGREGATES)))]
        function, name = AGGREGATES[agg]
        decimals = aggregate_decimals(agg, column.decimals)
        conditions, clause, values = random_filter(
            rng, table, params.conditions, exclude=(column.name,)
        )
        sql = f"SELECT {function}({column.name}) FROM {table.name}{clause}"
        value = conn.execute(sql, values).fetchone()[0]
        if not label:
            factor = 1 + float(rng.uniform(0.05, 0.3)) * (1 if rng.random() < 0.5 else -1)
            value = value * factor if value else float(rng.integers(1, 10))
        claimed = round(float(value), decimals)
        text = f"The {name} of `{column.name}`{among(conditions)} is {claimed:.{decimals}f}."
        truth = f"SELECT ABS(({sql}) - ?) <= ?"
        return text, truth, [*values, claimed, tolerance(decimals) + 1e-9], conditions

    def _superlative(
        self, rng: Rng, table: Table, conn: Conn, params: Any, column: Column, label: bool
    ) -> Statement | None:
        conditions, clause, values = random_filter(
            rng, table, params.conditions, exclude=(column.name,)
        )
        sql = (
            f"SELECT {table.entity}, {column.name} FROM {table.name}{clause} "
            f"ORDER BY {column.name} DESC LIMIT 2"
        )
        top = conn.execute(sql, values).fetchall()
        if len(top) < 2 or top[0][1] == top[1][1]:
            return None
        name = top[0][0] if label else top[1][0]
        text = f"{name} has the largest `{column.name}`{among(conditions)}."
        truth = (
            f"SELECT {table.entity} = ? FROM {table.name}{clause} "
            f"ORDER BY {column.name} DESC LIMIT 1"
        )
        return text, truth, [name, *values], conditions

    def _comparison(
        self, rng: Rng, table: Table, conn: Conn, params: Any, column: Column, label: bool
    ) -> Statement | None:
        a, b = (table.rows[int(i)] for i in rng.choice(len(table.rows), 2, replace=False))
        position = table.index(column.name)
        if a[position] == b[position]:
            return None
        higher = a[position] > b[position]
        word = "higher" if higher == label else "lower"
        first, second = a[table.index(table.entity)], b[table.index(table.entity)]
        text = f"{first} has a {word} `{column.name}` than {second}."
        cell = f"(SELECT {column.name} FROM {table.name} WHERE {table.entity} = ?)"
        op = ">" if word == "higher" else "<"
        return text, f"SELECT {cell} {op} {cell}", [first, second], []

    def _lookup(
        self, rng: Rng, table: Table, conn: Conn, params: Any, column: Column, label: bool
    ) -> Statement | None:
        rows = table.rows
        row = rows[int(rng.integers(len(rows)))]
        name = row[table.index(table.entity)]
        position = table.index(column.name)
        value = row[position]
        if not label:
            others = sorted({r[position] for r in rows if r[position] != value})
            if not others:
                return None
            value = others[int(rng.integers(len(others)))]
        text = f"The `{column.name}` of {name} is {column.format(value)}."
        truth = f"SELECT {column.name} = ? FROM {table.name} WHERE {table.entity} = ?"
        return text, truth, [value, name], []
