"""Join then aggregate: a total, mean or extreme over rows joined across linked tables."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.tabular._multi import (
    ConditionParams,
    MultiQuestion,
    MultiTableQA,
    number_answer,
)
from palaestra.envs.tabular._sql import ladder_levels
from palaestra.generators.sql_queries import Shape, random_query
from palaestra.generators.tables import Database, database_spec
from palaestra.registry import register
from palaestra.verifiers.sql import reference_sqlite
from palaestra.verifiers.tables import expected_mapping, expected_number


class JoinAggregateParams(ConditionParams):
    joins: int = Field(1, ge=1, le=2, description="key joins needed; more is harder")
    grouped: bool = Field(False, description="one value per group instead of one; harder")

    @model_validator(mode="after")
    def _fits(self) -> JoinAggregateParams:
        if self.tables < self.joins + 1:
            raise ValueError(f"joins={self.joins} needs tables >= {self.joins + 1}; raise tables")
        return self


_LADDER = (  # rows, tables, joins, conditions, grouped
    (5, 2, 1, 0, False),
    (6, 2, 1, 1, False),
    (8, 3, 1, 1, False),
    (8, 3, 1, 1, True),
    (10, 3, 2, 1, False),
    (12, 3, 2, 2, False),
    (14, 4, 2, 2, True),
    (18, 4, 2, 2, True),
    (24, 4, 2, 3, True),
    (30, 4, 2, 3, True),
)
LEVELS = ladder_levels(("rows", "tables", "joins", "conditions", "grouped"), _LADDER)


def _decimals(db: Database, item: Any) -> int:
    if item.func == "avg":
        return 2
    if item.col is None:
        return 0
    return db.table(item.col.table).column(item.col.name).decimals


@register("tabular/join-aggregate-v1")
class JoinAggregate(MultiTableQA):
    """Join linked tables, filter, then aggregate: one value or one value per group.

    Task: the multi-table aggregation questions of table QA over relational data (the
    MultiTabQA / Spider-style "total order amount of products in category X"): a generated
    database of 2-4 tables linked by keys is shown in full (Markdown, CSV or JSON records);
    the question names the joins, the filters and the aggregate (count, sum, mean, min,
    max), optionally per group.

    Answer format: one number (``<answer>1234.50</answer>``), or with grouping one
    ``group: value`` line per group (``<answer>North: 12.50\\nSouth: 3.00</answer>``).

    Knobs: `rows`, `tables`, `joins` (1-2), `conditions`, `grouped`, `missing_rate`, `fmt`;
    more is harder.

    Verification: the reference is the query's result on SQLite; numbers must be within
    half a unit of the asked decimal place (2 for means, the column's places otherwise), a
    grouped answer needs every group exactly once. Cost: rows shown times (hops +
    conditions + 1) (`work`).

    Versions: v1, first release.
    """

    Params = JoinAggregateParams
    levels = LEVELS
    tags = ("tabular", "multi-table", "join")

    def ask(
        self, rng: np.random.Generator, db: Database, params: JoinAggregateParams
    ) -> MultiQuestion | None:
        kind = "group" if params.grouped else "scalar"
        shape = Shape(params.joins, params.conditions, kind)
        try:
            query = random_query(rng, db, shape, max_rows=8)
        except RuntimeError:
            return None
        rows = reference_sqlite(database_spec(db), query.sql()).rows
        aggregate = query.select[-1]
        decimals = _decimals(db, aggregate)
        if params.grouped:
            values = {str(row[0]): float(row[1]) for row in rows if row[1] is not None}
            if len(values) != len(rows) or len({k.casefold() for k in values}) != len(values):
                return None
            expected = expected_mapping(values, decimals)
            answer_format = (
                "Answer with one line per group, `group: value`, each value "
                + number_answer(decimals)
                .removeprefix("Answer with ")
                .replace("for example <answer>", "for example <answer>North: ")
            )
        else:
            if rows[0][0] is None:
                return None
            expected = expected_number(float(rows[0][0]), decimals)
            answer_format = number_answer(decimals)
        return MultiQuestion(
            query.question(ask=True), expected, answer_format, query.sql(), hops=len(query.joins)
        )
