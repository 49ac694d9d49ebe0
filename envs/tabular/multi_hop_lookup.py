"""Multi-hop lookup: follow foreign keys across two or three tables to one value."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.tabular._multi import (
    MultiQuestion,
    MultiTableParams,
    MultiTableQA,
    scalar_sql,
    value_expectation,
)
from palaestra.envs.tabular._sql import ladder_levels
from palaestra.generators.sql_queries import quote
from palaestra.generators.tables import Database, Table
from palaestra.registry import register


class HopParams(MultiTableParams):
    hops: int = Field(1, ge=1, le=2, description="foreign keys to follow; more is harder")
    start: Literal["any", "key", "name", "argmax"] = Field(
        "any",
        description="how the first row is named: by key, by name, or as the row with the "
        "largest value of a column (argmax, hardest); any draws one",
    )

    @model_validator(mode="after")
    def _fits(self) -> HopParams:
        if self.tables < self.hops + 1:
            raise ValueError(f"hops={self.hops} needs tables >= {self.hops + 1}; raise tables")
        return self


_LADDER = (  # rows, tables, hops, start
    (5, 2, 1, "key"),
    (6, 2, 1, "any"),
    (8, 3, 1, "any"),
    (8, 3, 2, "key"),
    (10, 3, 2, "any"),
    (12, 3, 2, "any"),
    (15, 4, 2, "any"),
    (20, 4, 2, "any"),
    (26, 4, 2, "argmax"),
    (32, 4, 2, "argmax"),
)
LEVELS = ladder_levels(("rows", "tables", "hops", "start"), _LADDER)


def _parent_link(db: Database, table: Table) -> list[tuple[str, Table]]:
    return [(column, db.table(parent)) for column, (parent, _) in table.foreign_keys.items()]


@register("tabular/multi-hop-lookup-v1")
class MultiHopLookup(MultiTableQA):
    """Multi-hop lookup: from one row, follow foreign keys through 2-3 tables to a value.

    Task: the multi-hop questions of relational and multi-table QA ("What is the
    manager of the region of the product of order 17?"): a generated database of linked
    tables is shown in full; the question names a starting row (by key, by name, or as the
    row with the largest value of a column) and a chain of references to follow, and asks
    for a column of the row reached.

    Answer format: the value as the table shows it: a number, a date YYYY-MM-DD or a name,
    e.g. ``<answer>Druchoul</answer>``.

    Knobs: `hops` (1-2 references), `start` (key < name < argmax), `rows`, `tables`,
    `missing_rate`, `fmt`; more is harder.

    Verification: the reference is one SQLite query with the chain's joins; numbers within
    half a unit of the column's last place, text case-insensitively. Starts by argmax need a
    unique maximum (redrawn otherwise). Cost: `work` (rows shown times hops + 1).

    Versions: v1, first release.
    """

    Params = HopParams
    levels = LEVELS
    tags = ("tabular", "multi-table", "lookup")

    def ask(
        self, rng: np.random.Generator, db: Database, params: HopParams
    ) -> MultiQuestion | None:
        chains: list[list[tuple[Table, str, Table]]] = []
        for table in db.tables:
            for column, parent in _parent_link(db, table):
                if params.hops == 1:
                    chains.append([(table, column, parent)])
                for column2, grand in _parent_link(db, parent):
                    if params.hops == 2:
                        chains.append([(table, column, parent), (parent, column2, grand)])
        if not chains:
            return None
        chain = chains[int(rng.integers(len(chains)))]
        first, last = chain[0][0], chain[-1][2]
        targets = [c for c in last.columns if c.type != "id"]
        target = targets[int(rng.integers(len(targets)))]
        start = params.start
        if start == "any":
            start = ["key", "name", "argmax"][int(rng.integers(3))]
        if start == "name" and first.entity is None:
            start = "key"
        row = first.rows[int(rng.integers(len(first.rows)))]
        if start == "key":
            key = row[first.index(first.key or "")]
            where = f"{first.name}.{first.key} = {key}"
            opening = f"the row of `{first.name}` whose `{first.key}` is {key}"
        elif start == "name":
            name = row[first.index(first.entity or "")]
            where = f"{first.name}.{first.entity} = {quote(name)}"
            opening = f"the row of `{first.name}` whose `{first.entity}` is {quote(name)}"
        else:
            numeric = [c for c in first.columns if c.numeric]
            column = numeric[int(rng.integers(len(numeric)))]
            values = [v for v in first.values(column.name) if v is not None]
            if not values or values.count(max(values)) != 1:
                return None
            where = f"{first.name}.{column.name} = {quote(max(values))}"
            opening = f"the row of `{first.name}` with the largest `{column.name}`"
        joins = " ".join(
            f"JOIN {parent.name} ON {child.name}.{column} = {parent.name}.{parent.key}"
            for child, column, parent in chain
        )
        sql = f"SELECT {last.name}.{target.name} FROM {first.name} {joins} WHERE {where}"
        value = scalar_sql(db, sql)
        if value is None:
            return None
        steps = " ".join(
            f"follow `{child.name}.{column}` to its row of `{parent.name}`,"
            for child, column, parent in chain
        )
        text = f"Start at {opening}; {steps} and give that row's `{target.name}`."
        expected, answer_format = value_expectation(target, value)
        return MultiQuestion(text, expected, answer_format, sql, hops=len(chain))
