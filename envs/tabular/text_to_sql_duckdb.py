"""Text-to-SQL in the DuckDB dialect: questions that call for DuckDB-specific SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.tabular._sql import (
    MISSING_RULE,
    SQL_ANSWER_FORMAT,
    DatabaseParams,
    SqlAnswerEnv,
    draw_database,
    schema_prompt,
    spec_json,
    spec_of,
)
from palaestra.generators.sql_queries import (
    Col,
    Filter,
    columns_of,
    draw_filters,
    entity_col,
    filter_sql,
    filter_words,
    main_table,
)
from palaestra.generators.tables import Database, Table, database_spec
from palaestra.registry import register
from palaestra.verifiers.sql import SqlRefused, reference_duckdb, require_duckdb

Feature = Literal["strftime", "list_agg", "month_trunc", "qualify", "string_agg"]
# The clauses each question needs before its filters (grouping, ordering, windows, joins).
BASE_CLAUSES = {"strftime": 2, "list_agg": 2, "month_trunc": 3, "qualify": 3, "string_agg": 4}
NEEDS_EVENTS = ("month_trunc", "string_agg")


class DuckParams(DatabaseParams):
    rows: int = Field(12, ge=6, le=400, description="rows of the main table; more is harder")
    tables: int = Field(
        2, ge=1, le=2, description="1: the main table; 2: with its event table; more is harder"
    )
    feature: Feature = Field(
        "list_agg",
        description="the DuckDB feature the question calls for: strftime < list_agg < "
        "month_trunc < qualify < string_agg",
    )
    filters: int = Field(1, ge=0, le=4, description="WHERE conditions; more is harder")


_LADDER = (
    ("strftime", 0, 10, 1),
    ("list_agg", 1, 12, 1),
    ("month_trunc", 0, 14, 2),
    ("qualify", 1, 16, 2),
    ("month_trunc", 1, 20, 2),
    ("string_agg", 1, 24, 2),
    ("list_agg", 3, 30, 2),
    ("month_trunc", 3, 36, 2),
    ("qualify", 3, 45, 2),
    ("string_agg", 3, 60, 2),
)
LEVELS = {
    i + 1: {"feature": f, "filters": n, "rows": rows, "tables": t, "missing_rate": 0.05 * (i > 3)}
    for i, (f, n, rows, t) in enumerate(_LADDER)
}


def _joined(db: Database) -> tuple[Table, Table, str, str]:
    """The main and event tables, the FROM ... JOIN that links them, and its sentence."""
    main = main_table(db)
    events = next(t for t in db.tables if t.foreign_keys)
    on = f"{events.name}.{next(iter(events.foreign_keys))} = {main.name}.id"
    sql = f"FROM {events.name}\nJOIN {main.name} ON {on}"
    words = (
        f"Use the rows of `{events.name}`, each joined with its row of `{main.name}` (on `{on}`)."
    )
    return main, events, sql, words


def _where(filters: list[Filter]) -> str:
    return ("\nWHERE " + " AND ".join(map(filter_sql, filters))) if filters else ""


def _keep(filters: list[Filter]) -> str:
    if not filters:
        return ""
    return " Keep only the rows where " + ", and ".join(map(filter_words, filters)) + "."


def _draw_filters(
    rng: np.random.Generator, db: Database, pool: list[Col], count: int, guards: list[Filter]
) -> list[Filter]:
    used = {f.col for f in guards}
    return guards + draw_filters(rng, db, [c for c in pool if c not in used], count)


def _pick(rng: np.random.Generator, items: list[Col]) -> Col:
    return items[int(rng.integers(len(items)))]


Builder = Callable[[np.random.Generator, Database, int], tuple[str, str, bool]]


def _strftime(rng: np.random.Generator, db: Database, n: int) -> tuple[str, str, bool]:
    main = main_table(db)
    date = _pick(rng, columns_of(main, "date"))
    pool = columns_of(main, "category", "int", "decimal")
    filters = _draw_filters(rng, db, pool, n, [Filter(date, "notnull")])
    sql = (
        f"SELECT strftime({date.sql}, '%Y-%m') AS year_month, count(*) AS row_count\n"
        f"FROM {main.name}{_where(filters)}\nGROUP BY year_month\nORDER BY year_month"
    )
    question = (
        f"Use the rows of `{main.name}`.{_keep(filters)} For each calendar month of "
        f"`{date.sql}`, return the month as text 'YYYY-MM' and the number of rows in it, "
        "sorted by month ascending."
    )
    return sql, question, True


def _list_agg(rng: np.random.Generator, db: Database, n: int) -> tuple[str, str, bool]:
    main = main_table(db)
    group = _pick(rng, columns_of(main, "category"))
    entity = entity_col(main)
    pool = columns_of(main, "category", "int", "decimal", "date")
    filters = _draw_filters(rng, db, pool, n, [Filter(group, "notnull")])
    sql = (
        f"SELECT {group.sql}, list({entity.sql} ORDER BY {entity.sql}) AS names\n"
        f"FROM {main.name}{_where(filters)}\nGROUP BY {group.sql}"
    )
    question = (
        f"Use the rows of `{main.name}`.{_keep(filters)} For each value of `{group.sql}`, "
        f"return that value and a LIST (a DuckDB list value, not text) of the `{entity.sql}` "
        "of its rows in alphabetical order."
    )
    return sql, question, False


def _month_trunc(rng: np.random.Generator, db: Database, n: int) -> tuple[str, str, bool]:
    main, events, join, joined = _joined(db)
    date = _pick(rng, columns_of(events, "date"))
    measure = _pick(rng, columns_of(events, "int", "decimal"))
    pool = columns_of(events, "int", "decimal", "date") + columns_of(
        main, "category", "int", "decimal"
    )
    filters = _draw_filters(rng, db, pool, n, [Filter(date, "notnull")])
    sql = (
        f"SELECT date_trunc('month', {date.sql}) AS month, sum({measure.sql}) AS total\n"
        f"{join}{_where(filters)}\nGROUP BY month\nORDER BY month"
    )
    question = (
        f"{joined}{_keep(filters)} For each calendar month of "
        f"`{date.sql}`, return the first day of the month as a DATE and the total (sum) of "
        f"`{measure.sql}`, sorted by month ascending."
    )
    return sql, question, True


def _qualify(rng: np.random.Generator, db: Database, n: int) -> tuple[str, str, bool]:
    main = main_table(db)
    group = _pick(rng, columns_of(main, "category"))
    measure = _pick(rng, columns_of(main, "int", "decimal"))
    entity = entity_col(main)
    pool = columns_of(main, "category", "int", "decimal", "date")
    guards = [Filter(group, "notnull"), Filter(measure, "notnull")]
    filters = _draw_filters(rng, db, pool, n, guards)
    sql = (
        f"SELECT {group.sql}, {entity.sql}, {measure.sql}\nFROM {main.name}{_where(filters)}\n"
        f"QUALIFY row_number() OVER (PARTITION BY {group.sql} ORDER BY {measure.sql} DESC, "
        f"{main.name}.id) = 1"
    )
    question = (
        f"Use the rows of `{main.name}`.{_keep(filters)} For each value of `{group.sql}`, "
        f"return the row with the largest `{measure.sql}` (ties go to the smallest "
        f"`{main.name}.id`) as `{group.sql}`, `{entity.sql}`, `{measure.sql}`."
    )
    return sql, question, False


def _string_agg(rng: np.random.Generator, db: Database, n: int) -> tuple[str, str, bool]:
    main, events, join, joined = _joined(db)
    date = _pick(rng, columns_of(events, "date"))
    entity = entity_col(main)
    pool = columns_of(events, "int", "decimal") + columns_of(main, "category", "int", "decimal")
    filters = _draw_filters(rng, db, pool, n, [Filter(date, "notnull")])
    sql = (
        f"SELECT {entity.sql}, string_agg(CAST({date.sql} AS VARCHAR), ', ' ORDER BY "
        f"{date.sql}) AS dates\n{join}{_where(filters)}\nGROUP BY {entity.sql}"
    )
    question = (
        f"{joined}{_keep(filters)} For each `{entity.sql}` "
        f"that has rows left, return it and one text value listing the `{date.sql}` dates "
        "of its rows as YYYY-MM-DD in ascending order, separated by ', '."
    )
    return sql, question, False


BUILDERS: dict[str, Builder] = {
    "strftime": _strftime,
    "list_agg": _list_agg,
    "month_trunc": _month_trunc,
    "qualify": _qualify,
    "string_agg": _string_agg,
}


@register("tabular/text-to-sql-duckdb-v1")
class TextToSqlDuckDB(SqlAnswerEnv):
    """Text-to-SQL in the DuckDB dialect, checked by executing the query on DuckDB.

    Task: a question about a generated database whose natural answer uses DuckDB features
    that SQLite lacks or spells differently: ``strftime(date, format)`` (arguments in the
    other order than SQLite), ``list(... ORDER BY ...)`` list aggregates, ``date_trunc``
    month buckets, ``QUALIFY`` over a window, and ordered ``string_agg``. The schema is shown
    in DuckDB types (DATE, DOUBLE, BIGINT, VARCHAR) with 3 sample rows per table. Needs
    DuckDB: ``pip install 'palaestra[duckdb]'``.

    Answer format: one DuckDB SELECT, e.g. ``<answer>SELECT region, list(product ORDER BY
    product) FROM products GROUP BY region</answer>``.

    Knobs: `feature` (strftime < list_agg < month_trunc < qualify < string_agg), `filters`
    (WHERE conditions), `rows`, `tables` (month_trunc and string_agg use the event table)
    and `missing_rate`; more is harder.

    Verification: the query runs on a read-only DuckDB file (external access off, settings
    locked, one SELECT, time/row limits, in a memory-capped worker). Its result must equal
    the reference result as a multiset of rows (in order where the question sorts), with
    typed cells: lists compare element by element, a midnight timestamp equals its date.
    Any query with the same result scores 1.0. Cost: `clauses` (feature base + filters).

    Versions: v1, first release.
    """

    Params = DuckParams
    levels = LEVELS
    engine = "duckdb"
    tags = ("tabular", "sql", "text-to-sql", "duckdb")

    def sample(self, rng: np.random.Generator, params: DuckParams) -> tuple[dict, str]:
        require_duckdb()
        tables = max(params.tables, 2 if params.feature in NEEDS_EVENTS else 1)
        for _ in range(40):
            db = draw_database(rng, params.model_copy(update={"tables": tables}))
            sql, question, ordered = BUILDERS[params.feature](rng, db, params.filters)
            try:
                result = reference_duckdb(database_spec(db), sql)
            except SqlRefused:
                continue
            if result.rows and all(any(c is not None for c in r) for r in result.rows):
                break
        else:
            raise RuntimeError("no DuckDB question with a non-empty answer was found")
        data = {
            "database": spec_json(db),
            "feature": params.feature,
            "filters": params.filters,
            "question": question,
            "expected": result.rows,
            "ordered": ordered,
        }
        return data, sql

    def render(self, data: dict[str, Any], params: DuckParams) -> str:
        return (
            "Write a DuckDB query that answers the question about this database.\n\n"
            f"{schema_prompt(spec_of(data), 'duckdb')}\n\n"
            f"Question: {data['question']}\n\n"
            f"{MISSING_RULE} Column names in the result do not matter, but the columns must "
            "come in the order asked. "
            f"{SQL_ANSWER_FORMAT.format(dialect='DuckDB')} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: DuckParams) -> dict[str, Any]:
        rows = sum(len(t["rows"]) for t in data["database"]["tables"])
        return {
            "clauses": BASE_CLAUSES[data["feature"]] + data["filters"],
            "database_rows": rows,
            "result_rows": len(data["expected"]),
        }
