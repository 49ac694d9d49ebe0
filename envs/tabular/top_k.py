"""Top-k: the k named rows with the largest values of a column, in order."""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.tabular._qa import (
    FilterParams,
    Question,
    TableQA,
    column_filter,
    make_levels,
)
from palaestra.generators.table_qa import among
from palaestra.generators.tables import Table
from palaestra.registry import register
from palaestra.verifiers.tables import expected_items


class TopKParams(FilterParams):
    k: int = Field(3, ge=2, le=10, description="how many rows to list; more is harder")


@register("tabular/top-k-v1")
class TopK(TableQA):
    """List the k rows with the largest (or smallest) values of a column, best first.

    Task: ranking questions of table QA benchmarks ("List the three products with the highest
    revenue, highest first"), optionally among rows matching conditions. Tables where the
    first k+1 values of the ranking are not all distinct are redrawn, so the list is unique.

    Answer format: the k entity names in order, separated by commas or one per line, e.g.
    ``<answer>Vouport, Brelton, Kaimstad</answer>``.

    Knobs: `rows`, `columns`, `conditions` (more is harder), `k` (more is harder), `fmt`.

    Verification: the reference is ``SELECT entity ... ORDER BY col DESC LIMIT k+1`` on
    SQLite. The answer must be exactly these k names in this order (case-insensitive); the
    right names in a wrong order are wrong. Cost `work`: rows x (1 + conditions) x k.

    Versions: v1, first release.
    """

    Params = TopKParams
    levels = make_levels(k=(2, 2, 3, 3, 3, 4, 4, 5, 5, 6))

    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        largest = bool(rng.random() < 0.6)
        column, conditions, clause, values = column_filter(rng, table, params.conditions)
        k = params.k
        sql = (
            f"SELECT {table.entity}, {column.name} FROM {table.name}{clause} "
            f"ORDER BY {column.name} {'DESC' if largest else 'ASC'} LIMIT {k + 1}"
        )
        ranked = conn.execute(sql, values).fetchall()
        head = [value for _, value in ranked]
        if len(ranked) < k or len(set(head)) < len(head):
            return None  # too few rows, or a tie inside or at the edge of the top k
        word = "largest" if largest else "smallest"
        text = (
            f"List the {k} {table.entity} names with the {word} `{column.name}`"
            f"{among(conditions)}, from the {word} down."
        )
        answer_format = (
            f"Give exactly {k} names in order, separated by commas, for example "
            "<answer>Alpha, Beta</answer>."
        )
        names = [name for name, _ in ranked[:k]]
        return Question(
            text, expected_items(names, ordered=True), answer_format, conditions, sql, values
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        cost = super().cost(data, params)
        cost["k"] = params.k
        cost["work"] *= params.k
        return cost
