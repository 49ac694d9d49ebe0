"""Anti-join: the entities with no matching row in a linked table."""

from __future__ import annotations

import numpy as np

from palaestra.envs.tabular._multi import ConditionParams, MultiQuestion, MultiTableQA
from palaestra.envs.tabular._sql import ladder_levels
from palaestra.generators.sql_queries import columns_of, draw_filters, filter_sql, filter_words
from palaestra.generators.tables import Database, Table, database_spec
from palaestra.registry import register
from palaestra.verifiers.sql import reference_sqlite
from palaestra.verifiers.tables import expected_items

_LADDER = (  # rows, tables, conditions
    (5, 2, 0),
    (6, 2, 1),
    (8, 3, 0),
    (8, 3, 1),
    (10, 3, 1),
    (12, 3, 2),
    (15, 4, 2),
    (20, 4, 2),
    (25, 4, 3),
    (30, 4, 3),
)
LEVELS = ladder_levels(("rows", "tables", "conditions"), _LADDER)


def _links(db: Database) -> list[tuple[Table, Table, str]]:
    """(parent, child, child's key column) for every foreign key."""
    return [
        (db.table(parent), child, column)
        for child in db.tables
        for column, (parent, _) in child.foreign_keys.items()
    ]


@register("tabular/anti-join-v1")
class AntiJoin(MultiTableQA):
    """Anti-join: list the entities that have no matching row (under conditions) in a child table.

    Task: the "which X have no Y" question of relational QA (NOT EXISTS / LEFT JOIN ... IS
    NULL): a generated database of 2-4 linked tables is shown in full; the question asks
    which rows of a parent table (products, regions, suppliers, ...) have no row in a
    child table that refers to them, optionally only counting child rows that meet
    conditions. Generated databases always have parents without children.

    Answer format: the names, separated by commas or one a line, in any order, e.g.
    ``<answer>North, West</answer>``.

    Knobs: `rows`, `tables`, `conditions` (on the child rows that count), `missing_rate`,
    `fmt`; more is harder.

    Verification: the reference is ``SELECT name FROM parent WHERE NOT EXISTS (...)`` on
    SQLite; the answer must be the same set of names (case-insensitive), each once. Cost:
    rows shown times (1 + 1 + conditions) (`work`).

    Versions: v1, first release.
    """

    Params = ConditionParams
    levels = LEVELS
    tags = ("tabular", "multi-table", "anti-join")

    def ask(
        self, rng: np.random.Generator, db: Database, params: ConditionParams
    ) -> MultiQuestion | None:
        links = _links(db)
        parent, child, fk = links[int(rng.integers(len(links)))]
        pool = columns_of(child, "int", "decimal", "date", "category")
        filters = draw_filters(rng, db, pool, params.conditions)
        inner = " AND ".join(
            [f"{child.name}.{fk} = {parent.name}.{parent.key}", *map(filter_sql, filters)]
        )
        sql = (
            f"SELECT {parent.name}.{parent.entity} FROM {parent.name}\n"
            f"WHERE NOT EXISTS (SELECT 1 FROM {child.name} WHERE {inner})"
        )
        names = [str(r[0]) for r in reference_sqlite(database_spec(db), sql).rows]
        if not names or len(names) == len(parent.rows) or len(names) > 12:
            return None
        if len({n.casefold() for n in names}) != len(names):
            return None
        condition = ""
        if filters:
            condition = ", counting only rows where " + " and ".join(map(filter_words, filters))
        text = (
            f"Which rows of `{parent.name}` have no row in `{child.name}` that refers to them "
            f"(through `{child.name}.{fk}`){condition}? Give their `{parent.entity}`."
        )
        answer_format = (
            f"Answer with the `{parent.entity}` values separated by commas, in any order, for "
            "example <answer>Alpha, Beta</answer>."
        )
        return MultiQuestion(text, expected_items(names, ordered=False), answer_format, sql)
