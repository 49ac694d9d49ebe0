"""Reference SQL queries over generated databases, with an exact English rendering.

A `Query` is a small tree: the grain table and its key joins, selected columns or aggregates,
filters, an optional GROUP BY, and an optional ORDER BY with a unique tiebreak and a LIMIT. It
renders to SQL (SQLite and DuckDB agree on everything it uses) and to a question that says
exactly the same thing, and it JSON round-trips through ``task.data``. `random_query` draws
one over a `palaestra.generators.tables.Database` with the shape as knobs (joins, filters,
grouping, ordering), and the reference result always comes from running the SQL in an engine.

The rendering rules that keep question and SQL in agreement:
- a missing value (NULL) never satisfies a condition (SQL three-valued logic);
- a grouping or ordering column is also filtered to known values, and said so;
- every ORDER BY ends with a unique column, so the order and any LIMIT are determined.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from palaestra.generators.table_qa import DATE_WORDS, NUMBER_WORDS
from palaestra.generators.tables import Database, Table, database_spec


# --------------------------------------------------------------------------- the tree
@dataclass(frozen=True)
class Col:
    """A column reference with the generator's column type (category, int, date, ...)."""

    table: str
    name: str
    type: str

    @property
    def sql(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def numeric(self) -> bool:
        return self.type in ("int", "decimal")


@dataclass(frozen=True)
class Join:
    """``JOIN table ON left = right`` (a foreign key to its parent key)."""

    table: str
    left: str  # "table.column"
    right: str


@dataclass(frozen=True)
class Filter:
    col: Col
    op: str  # = != > >= < <= in notnull
    value: Any = None


@dataclass(frozen=True)
class Item:
    """A selected column, or an aggregate (`func` in count sum avg min max) of a column."""

    col: Col | None
    func: str | None = None
    round_to: int | None = None

    @property
    def alias(self) -> str:
        if self.func is None:
            assert self.col is not None
            return self.col.name
        if self.func == "count":
            return "row_count"
        assert self.col is not None
        return f"{_AGG_ALIAS[self.func]}_{self.col.name}"

    @property
    def sql(self) -> str:
        if self.func is None:
            assert self.col is not None
            return self.col.sql
        inner = "COUNT(*)" if self.func == "count" else f"{self.func.upper()}({self.col.sql})"  # type: ignore[union-attr]
        if self.round_to is not None:
            inner = f"ROUND({inner}, {self.round_to})"
        return inner


_AGG_ALIAS = {"sum": "total", "avg": "avg", "min": "min", "max": "max"}
_AGG_WORDS = {
    "sum": "the total (sum) of",
    "avg": "the average of",
    "min": "the smallest",
    "max": "the largest",
}


@dataclass(frozen=True)
class Query:
    """A reference query; see the module docstring for its rendering rules."""

    base: str
    joins: tuple[Join, ...]
    select: tuple[Item, ...]
    filters: tuple[Filter, ...] = ()
    group_by: Col | None = None
    order: tuple[tuple[int, bool], ...] = ()  # (select position, descending)
    tiebreak: Col | None = None
    limit: int | None = None

    @property
    def ordered(self) -> bool:
        return bool(self.order)

    @property
    def tables(self) -> list[str]:
        return [self.base, *(j.table for j in self.joins)]

    def clauses(self) -> int:
        """A size measure: joins + filters + grouping + ordering + limit + aggregates (the
        not-missing guards that grouping and ordering bring are not counted)."""
        aggregates = sum(1 for item in self.select if item.func is not None)
        return (
            len(self.joins)
            + sum(1 for f in self.filters if f.op != "notnull")
            + (self.group_by is not None)
            + bool(self.order)
            + (self.limit is not None)
            + aggregates
        )

    # ------------------------------------------------------------------ SQL
    def sql(self) -> str:
        parts = [
            "SELECT " + ", ".join(_select_sql(item) for item in self.select),
            f"FROM {self.base}",
        ]
        parts += [f"JOIN {j.table} ON {j.left} = {j.right}" for j in self.joins]
        if self.filters:
            parts.append("WHERE " + " AND ".join(filter_sql(f) for f in self.filters))
        if self.group_by is not None:
            parts.append(f"GROUP BY {self.group_by.sql}")
        if self.order:
            keys = [
                f"{self.select[i].alias if self.select[i].func else self.select[i].sql}"
                f"{' DESC' if desc else ''}"
                for i, desc in self.order
            ]
            if self.tiebreak is not None:
                keys.append(self.tiebreak.sql)
            parts.append("ORDER BY " + ", ".join(keys))
        if self.limit is not None:
            parts.append(f"LIMIT {self.limit}")
        return "\n".join(parts)

    # ------------------------------------------------------------------ English
    def question(self, ask: bool = False) -> str:
        """The English statement of the query; with `ask`, an aggregate query ends as a
        question about values (for answers computed by hand) instead of a result spec."""
        sentences = [self._source_sentence()]
        if self.filters:
            conditions = _join_and(map(filter_words, self.filters))
            sentences.append(f"Keep only the rows where {conditions}.")
        aggregates = [item for item in self.select if item.func]
        if ask and self.group_by is not None and len(aggregates) == 1 and not self.order:
            sentences.append(
                f"Group the rows by `{self.group_by.sql}`. For each group, what is "
                f"{_item_words(aggregates[0])}?"
            )
            return " ".join(sentences)
        if ask and self.group_by is None and self.select == tuple(aggregates):
            sentences.append(f"What is {_join_and(map(_item_words, self.select))}?")
            return " ".join(sentences)
        if self.group_by is not None:
            outputs = _join_and(map(_item_words, self.select))
            sentences.append(
                f"Group the rows by `{self.group_by.sql}` and return one row per group with: "
                f"{outputs}, in this order."
            )
        elif all(item.func for item in self.select):
            sentences.append(f"Return one row with {_join_and(map(_item_words, self.select))}.")
        else:
            sentences.append(
                f"Return {_join_and(map(_item_words, self.select))} (in this order) for every "
                "remaining row."
            )
        if self.order:
            keys = [_order_words(self.select[i], desc) for i, desc in self.order]
            if self.tiebreak is not None:
                keys.append(f"then by `{self.tiebreak.sql}` ascending")
            sentence = "Sort the result by " + ", ".join(keys)
            if self.limit is not None:
                noun = "groups" if self.group_by is not None else "rows"
                sentence += f", and return only the first {self.limit} {noun}"
            sentences.append(sentence + ".")
        return " ".join(sentences)

    def _source_sentence(self) -> str:
        if not self.joins:
            return f"Use the rows of `{self.base}`."
        joined = ", ".join(f"`{j.table}` (on `{j.left} = {j.right}`)" for j in self.joins)
        return (
            f"Use the rows of `{self.base}`, each joined with its matching row of {joined}; "
            "rows without a match are dropped."
        )

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> dict[str, Any]:
        return _to_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Query:
        def col(value: Any) -> Col | None:
            return None if value is None else Col(**value)

        return cls(
            base=data["base"],
            joins=tuple(Join(**j) for j in data["joins"]),
            select=tuple(Item(col(i["col"]), i["func"], i["round_to"]) for i in data["select"]),
            filters=tuple(
                Filter(col(f["col"]), f["op"], f["value"])  # type: ignore[arg-type]
                for f in data["filters"]
            ),
            group_by=col(data["group_by"]),
            order=tuple((int(i), bool(d)) for i, d in data["order"]),
            tiebreak=col(data["tiebreak"]),
            limit=data["limit"],
        )


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def quote(value: Any) -> str:
    """A SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _select_sql(item: Item) -> str:
    return item.sql if item.func is None else f"{item.sql} AS {item.alias}"


def filter_sql(f: Filter) -> str:
    if f.op == "notnull":
        return f"{f.col.sql} IS NOT NULL"
    if f.op == "in":
        return f"{f.col.sql} IN ({', '.join(quote(v) for v in f.value)})"
    # ISO date text compares as dates in SQLite and, cast implicitly, in DuckDB
    return f"{f.col.sql} {f.op} {quote(f.value)}"


_OP_WORDS = {**NUMBER_WORDS, "=": "is", "!=": "is not"}


def filter_words(f: Filter) -> str:
    name = f"`{f.col.sql}`"
    if f.op == "notnull":
        return f"{name} is not missing"
    if f.op == "in":
        return f"{name} is one of " + ", ".join(quote(v) for v in f.value)
    if f.col.type == "date" and f.op in DATE_WORDS:
        return f"{name} {DATE_WORDS[f.op]} {f.value}"
    return f"{name} {_OP_WORDS[f.op]} {quote(f.value)}"


def _item_words(item: Item) -> str:
    if item.func is None:
        return f"`{item.sql}`"
    if item.func == "count":
        text = "the number of rows"
    else:
        text = f"{_AGG_WORDS[item.func]} `{item.col.sql}`"  # type: ignore[union-attr]
    if item.round_to is not None:
        text += f" rounded to {item.round_to} decimals"
    return text


def _order_words(item: Item, desc: bool) -> str:
    direction = "descending" if desc else "ascending"
    if item.func is None:
        return f"`{item.sql}` {direction}"
    return f"{_item_words(item)} {direction}"


def _join_and(words: Any) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- drawing
@dataclass(frozen=True)
class Shape:
    """The knobs of one query.

    Attributes:
        joins: key joins beyond the grain table (0..2).
        filters: WHERE conditions drawn from the data (0..5).
        kind: ``list`` (columns of matching rows), ``scalar`` (one aggregate) or ``group``
            (GROUP BY with an aggregate).
        order_limit: ORDER BY (with a unique tiebreak) and a LIMIT.
        round_to: decimals to ROUND averages to, or None to leave them exact.
    """

    joins: int = 0
    filters: int = 1
    kind: str = "list"
    order_limit: bool = False
    round_to: int | None = None


def _children(db: Database, name: str) -> list[Table]:
    return [t for t in db.tables if any(p == name for p, _ in t.foreign_keys.values())]


def main_table(db: Database) -> Table:
    """The table of uniquely named entities that the other tables hang off."""
    return next(t for t in db.tables if t.entity is not None and t.key == "id")


def _plan_joins(rng: np.random.Generator, db: Database, joins: int) -> tuple[str, list[Join]]:
    """The grain table and the joins: through the event table and/or up to parent tables."""
    main = main_table(db)
    parents = [db.table(p) for p, _ in main.foreign_keys.values()]
    events = _children(db, main.name)
    options: list[tuple[str, list[Join]]] = []

    def up(table: Table) -> Join:
        fk = next(c for c, (p, _) in main.foreign_keys.items() if p == table.name)
        return Join(table.name, f"{main.name}.{fk}", f"{table.name}.{table.key}")

    if joins == 0:
        options.append((main.name, []))
    for event in events:
        fk = next(c for c, (p, _) in event.foreign_keys.items() if p == main.name)
        down = Join(main.name, f"{event.name}.{fk}", f"{main.name}.{main.key}")
        if joins == 1:
            options.append((event.name, [down]))
        for parent in parents:
            if joins == 2:
                options.append((event.name, [down, up(parent)]))
    for i, parent in enumerate(parents):
        if joins == 1:
            options.append((main.name, [up(parent)]))
        for other in parents[i + 1 :]:
            if joins == 2:
                options.append((main.name, [up(parent), up(other)]))
    if not options:
        raise ValueError(f"a database of {len(db.tables)} tables cannot give {joins} joins")
    return options[int(rng.integers(len(options)))]


def _columns(db: Database, tables: list[str]) -> list[Col]:
    out = []
    for name in tables:
        for column in db.table(name).columns:
            if column.type != "id":
                out.append(Col(name, column.name, column.type))
    return out


def _values(db: Database, col: Col) -> list[Any]:
    return [v for v in db.table(col.table).values(col.name) if v is not None]


def draw_filter(rng: np.random.Generator, db: Database, col: Col) -> Filter:
    values = sorted(set(_values(db, col)))
    if not values:
        return Filter(col, "notnull")
    if col.type in ("category", "text"):
        pick = [values[int(i)] for i in rng.permutation(len(values))]
        roll = rng.random()
        if roll < 0.55 or len(values) < 3:
            return Filter(col, "=", pick[0])
        if roll < 0.8:
            return Filter(col, "!=", pick[0])
        return Filter(col, "in", sorted(pick[:2]))
    position = int(rng.integers(len(values) // 5, max(len(values) // 5 + 1, 4 * len(values) // 5)))
    value = values[min(position, len(values) - 1)]
    op = [">", ">=", "<", "<="][int(rng.integers(4))]
    return Filter(col, op, value)


def draw_filters(
    rng: np.random.Generator, db: Database, pool: Sequence[Col], count: int
) -> list[Filter]:
    """Filters on `count` columns of `pool` taken in a random order (all of them if fewer)."""
    return [draw_filter(rng, db, pool[int(i)]) for i in rng.permutation(len(pool))[:count]]


def columns_of(table: Table, *types: str) -> list[Col]:
    """The columns of `table` whose generator type is one of `types`, as query columns."""
    return [Col(table.name, c.name, c.type) for c in table.columns if c.type in types]


def entity_col(table: Table) -> Col:
    """The column of `table` that names its rows (its `id` when it has no names)."""
    return Col(table.name, table.entity or "id", "text")


def _has_missing(db: Database, col: Col) -> bool:
    return any(v is None for v in db.table(col.table).values(col.name))


def _order_candidates(cols: list[Col]) -> list[Col]:
    return [c for c in cols if c.numeric or c.type == "date"]


def random_query(
    rng: np.random.Generator, db: Database, shape: Shape, *, max_rows: int = 40
) -> Query:
    """A query of `shape` over `db` whose result (on SQLite) is non-empty and at most
    `max_rows` rows; redraws a bounded number of times, then relaxes filters."""
    from palaestra.verifiers.sql import reference_sqlite

    spec = database_spec(db)
    filters = shape.filters
    for attempt in range(60):
        query = _draw_query(rng, db, dataclasses.replace(shape, filters=filters))
        rows = reference_sqlite(spec, query.sql()).rows
        if 1 <= len(rows) <= max_rows and not _degenerate(query, rows):
            return query
        if attempt % 15 == 14 and filters > 0:
            filters -= 1
    raise RuntimeError(f"no query of shape {shape} found for this database")


def _degenerate(query: Query, rows: list[list[Any]]) -> bool:
    """A scalar answer of NULL (nothing matched) says nothing about the query."""
    return all(cell is None for row in rows for cell in row)


def _draw_query(rng: np.random.Generator, db: Database, shape: Shape) -> Query:
    main = main_table(db)
    base, joins = _plan_joins(rng, db, shape.joins)
    tables = [base, *(j.table for j in joins)]
    cols = _columns(db, tables)
    entity = entity_col(main)
    numeric = [c for c in cols if c.numeric]
    groupable = [c for c in cols if c.type == "category" or (c.type == "text" and c != entity)]
    if base != main.name:
        groupable.append(entity)
    base_table = db.table(base)
    unique = Col(base, base_table.key or "id", "id")

    kind = shape.kind
    if kind == "group" and not groupable:
        kind = "scalar"
    filters: list[Filter] = []
    group_by = None
    order: tuple[tuple[int, bool], ...] = ()
    tiebreak = None
    limit = None
    if kind == "list":
        others = [c for c in cols if c != entity]
        picks = [others[int(i)] for i in rng.permutation(len(others))[: 1 + int(rng.integers(2))]]
        select = (Item(entity), *(Item(c) for c in picks))
        if shape.order_limit:
            candidates = _order_candidates(cols)
            key = candidates[int(rng.integers(len(candidates)))]
            if key not in picks:
                select = (*select, Item(key))
            position = next(i for i, item in enumerate(select) if item.col == key)
            order = ((position, bool(rng.random() < 0.6)),)
            tiebreak = unique
            limit = int(rng.integers(3, 6))
            if _has_missing(db, key):
                filters.append(Filter(key, "notnull"))
    else:
        func = ["count", "sum", "avg", "min", "max"][int(rng.integers(5))]
        # aggregate the grain table's own measures (order amounts per product, not prices)
        own = [c for c in numeric if c.table == base]
        targets = own if own and rng.random() < 0.8 else numeric
        target = targets[int(rng.integers(len(targets)))] if func != "count" else None
        round_to = shape.round_to if func == "avg" else None
        aggregate = Item(target, func, round_to)
        if kind == "scalar":
            select = (aggregate,)
        else:
            group_by = groupable[int(rng.integers(len(groupable)))]
            select = (Item(group_by), aggregate)
            if _has_missing(db, group_by):
                filters.append(Filter(group_by, "notnull"))
            if shape.order_limit:
                order = ((1, bool(rng.random() < 0.7)),)
                tiebreak = group_by
                limit = int(rng.integers(2, 4))
    used = {f.col for f in filters} | {group_by}
    pool = [c for c in cols if c != entity and c not in used]
    filters += draw_filters(rng, db, pool, shape.filters)
    return Query(
        base, tuple(joins), tuple(select), tuple(filters), group_by, order, tiebreak, limit
    )


# --------------------------------------------------------------------------- bugs
BUGS = ("operator", "aggregate", "direction", "limit", "column", "join", "group")


def plant_bug(rng: np.random.Generator, query: Query, db: Database) -> tuple[Query | str, str]:
    """A plausible wrong variant of `query` (a Query, or SQL text for a broken join) and the
    name of the bug. The caller checks that its result differs."""
    options = []
    if any(f.op in _FLIP for f in query.filters):
        options.append("operator")
    if any(item.func in _SWAP for item in query.select):
        options.append("aggregate")
    if query.order:
        options.append("direction")
    if query.limit is not None:
        options.append("limit")
    if any(
        item.func is None and item.col is not None and item.col.numeric for item in query.select
    ):
        options.append("column")
    if query.joins:
        options.append("join")
    if not options:
        options.append("operator" if query.filters else "join")
    bug = options[int(rng.integers(len(options)))]
    if bug == "operator":
        flippable = [i for i, f in enumerate(query.filters) if f.op in _FLIP]
        if not flippable:
            return query, bug
        i = flippable[int(rng.integers(len(flippable)))]
        f = query.filters[i]
        filters = list(query.filters)
        filters[i] = Filter(f.col, _FLIP[f.op], f.value)
        return dataclasses.replace(query, filters=tuple(filters)), bug
    if bug == "aggregate":
        i = next(i for i, item in enumerate(query.select) if item.func in _SWAP)
        item = query.select[i]
        choices = _SWAP[item.func]  # type: ignore[index]
        select = list(query.select)
        select[i] = Item(item.col, choices[int(rng.integers(len(choices)))], item.round_to)
        return dataclasses.replace(query, select=tuple(select)), bug
    if bug == "direction":
        order = tuple((i, not desc) for i, desc in query.order)
        return dataclasses.replace(query, order=order), bug
    if bug == "limit":
        return dataclasses.replace(query, limit=(query.limit or 1) + 1), bug
    if bug == "column":
        i = next(
            i
            for i, item in enumerate(query.select)
            if item.func is None and item.col is not None and item.col.numeric
        )
        col = query.select[i].col
        assert col is not None
        numbers = columns_of(db.table(col.table), "int", "decimal")
        others = [c for c in numbers if c.name != col.name]
        if not others:
            return query, bug
        select = list(query.select)
        select[i] = Item(others[int(rng.integers(len(others)))])
        return dataclasses.replace(query, select=tuple(select)), bug
    # "join": the ON condition dropped, the classic accidental cross join
    sql = query.sql()
    join = query.joins[int(rng.integers(len(query.joins)))] if query.joins else None
    if join is None:
        return query, bug
    return sql.replace(
        f"JOIN {join.table} ON {join.left} = {join.right}", f"CROSS JOIN {join.table}"
    ), bug


_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "!=", "!=": "="}
_SWAP = {"sum": ["avg", "max"], "avg": ["sum", "min"], "min": ["max"], "max": ["min"]}
