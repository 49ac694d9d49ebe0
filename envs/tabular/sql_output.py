"""SQL output prediction: give the result table of a query over small tables shown in full."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.tabular._sql import (
    MISSING_RULE,
    SHAPE_KNOBS,
    QueryShapeParams,
    draw_database,
    full_tables_prompt,
    ladder_levels,
    query_cost,
    shape_of,
    spec_json,
    spec_of,
)
from palaestra.generators.sql_queries import Query, random_query
from palaestra.generators.tables import database_spec
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sql import reference_sqlite
from palaestra.verifiers.tables import parse_table_text, rows_match_as_multiset

ROUND_TO = 2
# (rows, tables, joins, filters, kind, order_limit, missing_rate)
_LADDER = (
    (4, 1, 0, 1, "list", False, 0.0),
    (5, 1, 0, 1, "scalar", False, 0.0),
    (5, 2, 1, 1, "list", False, 0.0),
    (6, 2, 0, 1, "group", False, 0.0),
    (6, 3, 1, 2, "list", True, 0.1),
    (7, 3, 1, 2, "group", False, 0.1),
    (8, 4, 2, 3, "scalar", False, 0.1),
    (9, 4, 2, 2, "group", True, 0.1),
    (10, 4, 2, 4, "list", True, 0.15),
    (12, 4, 2, 4, "group", True, 0.15),
)
LEVELS = ladder_levels(SHAPE_KNOBS, _LADDER)


def format_cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def result_csv(columns: list[str], rows: list[list[Any]]) -> str:
    """A result table as comma-separated text with a header (values hold no commas)."""
    return "\n".join([", ".join(columns), *(", ".join(map(format_cell, r)) for r in rows)])


@register("tabular/sql-output-v1")
class SqlOutput(Env):
    """SQL output prediction: execute a query by hand over small tables shown in full.

    Task: the query-execution reasoning of SQL output prediction benchmarks (and the
    "execute this SQL" probes of code-reasoning suites). Small generated tables (1-4,
    linked by keys) are shown in full, with a SQLite query built from the same query trees
    as text-to-sql (joins, filters, GROUP BY, ORDER BY with a unique tiebreak, LIMIT;
    averages are wrapped in ROUND(..., 2)). The model gives the result table.

    Answer format: the result as a table with a header row, comma-separated or as a Markdown
    table, one row a line, NULL (or an empty cell) for a missing value, e.g.
    ``<answer>product, units_sold\\nBravo, 12\\nDelta, 30</answer>``.

    Knobs: as text-to-sql (`rows`, `tables`, `joins`, `filters`, `kind`, `order_limit`,
    `missing_rate`) with smaller tables; more is harder.

    Verification: the reference is the query's result on SQLite. The answer's header row is
    skipped (names are not checked) and its rows must equal the reference as a multiset of
    typed cells (as a sequence when the query has ORDER BY): whole numbers exactly, decimals
    within 1e-6, rounded averages within 0.005, text case-insensitively, NULL as NULL or an
    empty cell. Cost: `clauses` of the query.

    Versions: v1, first release.
    """

    Params = QueryShapeParams
    levels = LEVELS
    difficulty_cost = "clauses"
    tags = ("tabular", "sql", "execution")

    def sample(self, rng: np.random.Generator, params: QueryShapeParams) -> tuple[dict, str]:
        db = draw_database(rng, params)
        query = random_query(rng, db, shape_of(params, ROUND_TO), max_rows=12)
        result = reference_sqlite(database_spec(db), query.sql())
        data = {
            "database": spec_json(db),
            "query": query.to_json(),
            "sql": query.sql(),
            "columns": [item.alias for item in query.select],
            "expected": result.rows,
            "ordered": query.ordered,
        }
        return data, result_csv(data["columns"], result.rows)

    def render(self, data: dict[str, Any], params: QueryShapeParams) -> str:
        return (
            "Run this SQLite query by hand on the tables below and give its result.\n\n"
            f"{full_tables_prompt(spec_of(data))}\n\n"
            f"Query:\n```sql\n{data['sql']}\n```\n\n"
            f"{MISSING_RULE} Give the result table with a header row of column names, one "
            "row per line, values separated by commas, NULL for a missing value, rows in the "
            "query's order when it has ORDER BY. For example <answer>product, units_sold\n"
            f"Bravo, 12\nDelta, 30</answer>. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: QueryShapeParams) -> dict[str, Any]:
        return query_cost(data)

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            rows = parse_table_text(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the table: {exc}.")
        width = len(task.data["columns"])
        if rows and len(rows[0]) != width:
            return Verdict.fail("wrong", f"The result has {width} columns, not {len(rows[0])}.")
        body = rows[1:]
        expected = task.data["expected"]
        if len(body) != len(expected):
            return Verdict.fail(
                "wrong",
                f"The result has {len(expected)} rows (after a header row); you gave {len(body)}.",
            )
        query = Query.from_json(task.data["query"])
        decimals = [ROUND_TO if item.round_to is not None else None for item in query.select]
        if rows_match_as_multiset(expected, body, decimals, ordered=task.data["ordered"]):
            return Verdict.right()
        if task.data["ordered"] and rows_match_as_multiset(expected, body, decimals):
            return Verdict.fail("wrong", "The rows are right but not in the query's order.")
        return Verdict.fail("wrong", "The result rows are not right.")

    def wrong_answers(self, task: Task) -> list[str]:
        columns, rows = task.data["columns"], task.data["expected"]
        wrong = [result_csv(columns, rows[:-1]), result_csv(columns, [*rows, rows[0]])]
        if task.data["ordered"] and len(rows) > 1 and rows != rows[::-1]:
            wrong.append(result_csv(columns, rows[::-1]))
        return [f"<answer>{w}</answer>" for w in wrong]
