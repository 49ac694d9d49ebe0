"""Shared parts of the SQL and multi-table environments: database knobs, the schema prompt
(CREATE TABLE plus sample rows), and checking a model's query by executing it.

`SqlAnswerEnv` is the base of the environments whose answer is a query (text-to-SQL on SQLite
and DuckDB, SQL repair): a subclass's `sample` stores the reference query, its engine result
(`expected`) and whether order matters; `check` runs the model's query read-only under the
limits of `palaestra.verifiers.sql` and compares result tables.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import Env
from palaestra.generators.sql_queries import Query, Shape
from palaestra.generators.tables import Database, database_spec, random_database
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.verifiers.sql import (
    DatabaseSpec,
    QueryResult,
    TableSpec,
    clean_sql,
    compare_results,
    run_duckdb,
    run_sqlite,
)

MISSING_RULE = (
    "A missing value is NULL; a NULL never satisfies a condition, and aggregates other than "
    "the row count ignore NULLs."
)


class DatabaseParams(Params):
    rows: int = Field(12, ge=4, le=400, description="rows of the main table; more is harder")
    tables: int = Field(
        2, ge=1, le=4, description="tables in the database (linked by keys); more is harder"
    )
    missing_rate: float = Field(
        0.0, ge=0.0, le=0.5, description="chance that a cell is NULL; higher is harder"
    )


class QueryShapeParams(DatabaseParams):
    joins: int = Field(0, ge=0, le=2, description="key joins the query needs; more is harder")
    filters: int = Field(1, ge=0, le=5, description="WHERE conditions; more is harder")
    kind: Literal["list", "scalar", "group"] = Field(
        "list",
        description="list (rows), scalar (one aggregate) or group (GROUP BY); "
        "list < scalar < group in difficulty",
    )
    order_limit: bool = Field(False, description="ORDER BY with a LIMIT; harder when on")

    @model_validator(mode="after")
    def _joins_fit(self) -> QueryShapeParams:
        needed = {0: 1, 1: 2, 2: 3}[self.joins]
        if self.tables < needed:
            raise ValueError(
                f"joins={self.joins} needs tables >= {needed} (got tables={self.tables}); "
                "raise tables or lower joins"
            )
        return self


def ladder_levels(names: tuple[str, ...], ladder: tuple[tuple[Any, ...], ...]) -> dict:
    """Levels 1..N from a ladder of knob tuples named by `names`."""
    return {i + 1: dict(zip(names, step, strict=True)) for i, step in enumerate(ladder)}


SHAPE_KNOBS = ("rows", "tables", "joins", "filters", "kind", "order_limit", "missing_rate")


def shape_of(params: QueryShapeParams, round_to: int | None = None) -> Shape:
    """The query shape the knobs ask for (averages rounded to `round_to` places, if given)."""
    return Shape(params.joins, params.filters, params.kind, params.order_limit, round_to)


def query_cost(data: dict[str, Any]) -> dict[str, Any]:
    """The cost of a task built on a reference query tree (``data["query"]``)."""
    query = Query.from_json(data["query"])
    tables = {t["name"]: len(t["rows"]) for t in data["database"]["tables"]}
    return {
        "clauses": query.clauses(),
        "joins": len(query.joins),
        "filters": len(query.filters),
        "rows_scanned": sum(tables[name] for name in query.tables),
        "result_rows": len(data["expected"]),
    }


def draw_database(rng: np.random.Generator, params: DatabaseParams, **extra: Any) -> Database:
    return random_database(
        rng, tables=params.tables, rows=params.rows, missing_rate=params.missing_rate, **extra
    )


def _cell(value: Any) -> str:
    return "NULL" if value is None else str(value)


def schema_prompt(spec: DatabaseSpec, dialect: str = "sqlite", samples: int = 3) -> str:
    """Every table as CREATE TABLE followed by a comment with its first `samples` rows."""
    blocks = []
    for table in spec.tables:
        shown = table.rows[:samples]
        lines = [
            table.create_sql(dialect),
            f"/* {len(shown)} of {len(table.rows)} rows of {table.name}:",
            " | ".join(table.column_names),
            *(" | ".join(_cell(v) for v in row) for row in shown),
            "*/",
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def full_tables_prompt(spec: DatabaseSpec) -> str:
    """Every table in full as a Markdown table (for tasks computed by hand)."""
    blocks = []
    for table in spec.tables:
        header = "| " + " | ".join(table.column_names) + " |"
        rule = "|" + "|".join("---" for _ in table.columns) + "|"
        body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
        blocks.append(f"Table `{table.name}`:\n" + "\n".join([header, rule, *body]))
    return "\n\n".join(blocks)


def spec_of(data: dict[str, Any]) -> DatabaseSpec:
    return DatabaseSpec.from_json(data["database"])


def spec_json(db: Database | list[Any] | DatabaseSpec) -> dict[str, Any]:
    spec = db if isinstance(db, DatabaseSpec) else database_spec(db)
    return spec.to_json()


def small_spec(tables: list[TableSpec]) -> DatabaseSpec:
    return DatabaseSpec(tuple(tables))


_FAILURE_REASONS = {
    "timeout": "timeout",
    "too_many_rows": "wrong",
    "forbidden": "invalid",
    "sql_error": "unparsable",
}


def result_verdict(result: QueryResult, expected: list[list[Any]], ordered: bool) -> Verdict:
    """The verdict for a model query's engine result against the reference result."""
    if not result.ok:
        return Verdict.fail(
            _FAILURE_REASONS[result.status],  # type: ignore[arg-type]
            f"The query failed ({result.status}): {result.detail}.",
        )
    comparison = compare_results(expected, result.rows, ordered=ordered)
    if comparison.equal:
        return Verdict.right()
    return Verdict.fail("wrong", f"The query runs, but {comparison.feedback}.")


SQL_ANSWER_FORMAT = (
    "Answer with one {dialect} SELECT query (no other statements), for example "
    "<answer>SELECT name FROM t WHERE x > 1</answer>."
)


class SqlAnswerEnv(Env):
    """Base of the environments whose answer is a query checked by executing it; the cost
    is `query_cost` unless a subclass stores no query tree."""

    engine: ClassVar[str] = "sqlite"
    difficulty_cost = "clauses"

    def check(self, task: Task, answer: str) -> Verdict:
        sql = clean_sql(answer)
        spec = spec_of(task.data)
        runner = run_duckdb if self.engine == "duckdb" else run_sqlite
        result = runner(spec, sql)
        return result_verdict(result, task.data["expected"], bool(task.data["ordered"]))

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return query_cost(data)

    def wrong_answers(self, task: Task) -> list[str]:
        first = task.data["database"]["tables"][0]["name"]
        return [
            f"<answer>SELECT * FROM {first}</answer>",
            f"<answer>DROP TABLE {first}</answer>",
            "<answer>SELECT 1; SELECT 2</answer>",
        ]
