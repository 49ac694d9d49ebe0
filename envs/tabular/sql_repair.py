"""SQL repair: fix a query with a planted bug so that it returns the described result."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.tabular._sql import (
    MISSING_RULE,
    SQL_ANSWER_FORMAT,
    QueryShapeParams,
    SqlAnswerEnv,
    draw_database,
    schema_prompt,
    shape_of,
    spec_json,
    spec_of,
)
from palaestra.envs.tabular.text_to_sql import LEVELS
from palaestra.generators.sql_queries import plant_bug, random_query
from palaestra.generators.tables import database_spec
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.sql import compare_results, run_sqlite

MAX_TRIES = 30


@register("tabular/sql-repair-v1")
class SqlRepair(SqlAnswerEnv):
    """Repair a SQLite query with one planted bug, given a description of its intended result.

    Task: debugging as in SQL-repair and "fix the query" benchmarks (e.g. the bug-fixing
    splits of BIRD-style text-to-SQL evaluations). The prompt shows a generated database
    (CREATE TABLE plus 3 sample rows per table), an exact description of the intended
    result, and a query that runs but is wrong because of one planted bug: a flipped
    comparison, the wrong aggregate, the wrong sort direction, an off-by-one LIMIT, the
    wrong column, or a join whose ON condition was dropped (a cross join). The planted bug
    always changes the result on this database.

    Answer format: the corrected query, one SQLite SELECT, e.g. ``<answer>SELECT ...</answer>``.

    Knobs: as text-to-sql (`rows`, `tables`, `joins`, `filters`, `kind`, `order_limit`,
    `missing_rate`); more is harder. Levels follow text-to-sql's clause ladder.

    Verification: by execution only: any query whose result on the read-only database equals
    the intended result (multiset of rows, in order where asked; numbers within 1e-6) scores
    1.0, however it differs from the original. Cost: `clauses` of the intended query.

    Versions: v1, first release.
    """

    Params = QueryShapeParams
    levels = LEVELS
    tags = ("tabular", "sql", "repair")

    def sample(self, rng: np.random.Generator, params: QueryShapeParams) -> tuple[dict, str]:
        for _ in range(MAX_TRIES):
            db = draw_database(rng, params)
            spec = database_spec(db)
            query = random_query(rng, db, shape_of(params))
            expected = run_sqlite(spec, query.sql()).rows
            buggy, bug = plant_bug(rng, query, db)
            buggy_sql = buggy if isinstance(buggy, str) else buggy.sql()
            result = run_sqlite(spec, buggy_sql)
            if (
                result.ok
                and not compare_results(expected, result.rows, ordered=query.ordered).equal
            ):
                break
        else:
            raise RuntimeError("no planted bug changed the result")
        data = {
            "database": spec_json(db),
            "query": query.to_json(),
            "question": query.question(),
            "buggy_sql": buggy_sql,
            "bug": bug,
            "expected": expected,
            "ordered": query.ordered,
        }
        return data, query.sql()

    def render(self, data: dict[str, Any], params: QueryShapeParams) -> str:
        return (
            "This SQLite query is meant to produce the result described below, but it has a "
            "bug. Write a corrected query.\n\n"
            f"{schema_prompt(spec_of(data), 'sqlite')}\n\n"
            f"Intended result: {data['question']}\n\n"
            f"Query with a bug:\n```sql\n{data['buggy_sql']}\n```\n\n"
            f"{MISSING_RULE} Dates are ISO text (YYYY-MM-DD). Column names in the result do "
            "not matter, but the columns must come in the order described. "
            f"{SQL_ANSWER_FORMAT.format(dialect='SQLite')} {ANSWER_FORMAT}"
        )

    def wrong_answers(self, task: Task) -> list[str]:
        return [f"<answer>{task.data['buggy_sql']}</answer>", *super().wrong_answers(task)]
