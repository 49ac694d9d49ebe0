"""Text-to-SQL on SQLite: write a query for a question about a generated database."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.tabular._sql import (
    MISSING_RULE,
    SHAPE_KNOBS,
    SQL_ANSWER_FORMAT,
    QueryShapeParams,
    SqlAnswerEnv,
    draw_database,
    ladder_levels,
    schema_prompt,
    shape_of,
    spec_json,
    spec_of,
)
from palaestra.generators.sql_queries import random_query
from palaestra.generators.tables import database_spec
from palaestra.registry import register
from palaestra.verifiers.sql import reference_sqlite

# (rows, tables, joins, filters, kind, order_limit, missing_rate): the query grows in clauses
_LADDER = (
    (8, 1, 0, 1, "list", False, 0.0),
    (10, 2, 0, 1, "scalar", False, 0.0),
    (12, 2, 1, 1, "list", False, 0.0),
    (15, 2, 0, 1, "group", False, 0.05),
    (20, 3, 1, 2, "list", True, 0.05),
    (25, 3, 1, 2, "group", False, 0.05),
    (30, 4, 2, 3, "scalar", False, 0.1),
    (40, 4, 2, 2, "group", True, 0.1),
    (50, 4, 2, 4, "list", True, 0.1),
    (60, 4, 2, 4, "group", True, 0.15),
)
LEVELS = ladder_levels(SHAPE_KNOBS, _LADDER)


@register("tabular/text-to-sql-v1")
class TextToSql(SqlAnswerEnv):
    """Text-to-SQL on SQLite, checked by execution accuracy on the real database.

    Task: the Spider / BIRD text-to-SQL setting on generated data. A database of one domain
    (sales, flights, clinical trials, sports, inventory, payroll, weather) with 1-4 tables
    linked by keys is shown as CREATE TABLE statements with 3 sample rows each; a question,
    rendered from a reference query tree (joins, filters, GROUP BY, ORDER BY with a unique
    tiebreak, LIMIT), asks for a result table. The model writes one SQLite SELECT.

    Answer format: one SELECT statement, optionally in a ```sql fence, e.g.
    ``<answer>SELECT product FROM products WHERE units_sold > 10</answer>``.

    Knobs: `rows` and `tables` (database size), `joins` (0-2), `filters` (WHERE
    conditions), `kind` (list < scalar < group), `order_limit` and `missing_rate` (NULLs);
    more of each is harder. Levels grow the clause count of the reference query.

    Verification: the model's query runs on a read-only copy of the database (authorizer
    allows only reads; time, row and size limits; one statement); its result must equal the
    reference query's result as a multiset of rows (a sequence when the question asks for an
    order), numbers within 1e-6 relative, column names ignored, column order as asked. Any
    query with the same result scores 1.0. Cost: `clauses` of the reference query.

    Versions: v1, first release.
    """

    Params = QueryShapeParams
    levels = LEVELS
    tags = ("tabular", "sql", "text-to-sql")

    def sample(self, rng: np.random.Generator, params: QueryShapeParams) -> tuple[dict, str]:
        db = draw_database(rng, params)
        query = random_query(rng, db, shape_of(params))
        result = reference_sqlite(database_spec(db), query.sql())
        data = {
            "database": spec_json(db),
            "query": query.to_json(),
            "question": query.question(),
            "expected": result.rows,
            "ordered": query.ordered,
        }
        return data, query.sql()

    def render(self, data: dict[str, Any], params: QueryShapeParams) -> str:
        return (
            "Write a SQLite query that answers the question about this database.\n\n"
            f"{schema_prompt(spec_of(data), 'sqlite')}\n\n"
            f"Question: {data['question']}\n\n"
            f"{MISSING_RULE} Dates are ISO text (YYYY-MM-DD). Column names in the result do "
            "not matter, but the columns must come in the order asked. "
            f"{SQL_ANSWER_FORMAT.format(dialect='SQLite')} {ANSWER_FORMAT}"
        )
