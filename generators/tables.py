"""Generated tables and databases: schemas from plausible domains, rendering, and SQLite.

Tables are generated, never scraped. A domain (sales, flights, clinical trials, sports seasons,
inventory, payroll, weather stations) names a main table of uniquely named entities, its
column pool (categories, integers, decimals, dates), the categories that can become parent
tables of a database, and an event table that hangs off the main table. Every draw comes from
the task's numpy Generator.

    table = random_table(rng, rows=20, columns=6, missing_rate=0.1)
    text = render_table(table, "markdown")          # or "csv", "json"
    conn = to_sqlite([table])                       # in-memory, for reference answers
    db = random_database(rng, tables=3, rows=20)    # linked by primary and foreign keys
    db.schema_sql()                                 # CREATE TABLE text for prompts
    spec = database_spec(db)                        # for `palaestra.verifiers.sql` engines

Column types: ``id`` (integer key), ``category``, ``int``, ``decimal`` (fixed decimals),
``date`` (ISO ``YYYY-MM-DD`` text, so text order is date order in SQL) and ``text`` (names,
unique in the main table). A missing value is None (SQL NULL, an empty cell in Markdown and
CSV, null in JSON). `Table.to_json` / `Table.from_json` round-trip through `task.data`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from palaestra.generators.vocab import nonce_word
from palaestra.verifiers.sql import DatabaseSpec, TableSpec

ColumnType = Literal["id", "category", "int", "decimal", "date", "text"]
Format = Literal["markdown", "csv", "json"]
FORMATS: tuple[str, ...] = ("markdown", "csv", "json")
NUMERIC: tuple[str, ...] = ("int", "decimal")
_SQL_TYPES = {
    "id": "INTEGER",
    "category": "TEXT",
    "int": "INTEGER",
    "decimal": "REAL",
    "date": "TEXT",
    "text": "TEXT",
}
# Engine-neutral column types of the SQL verifier's `TableSpec` (dates are real DATEs there).
_SPEC_TYPES = {
    "id": "INTEGER",
    "category": "TEXT",
    "int": "INTEGER",
    "decimal": "REAL",
    "date": "DATE",
    "text": "TEXT",
}
MIN_COLUMNS = 5  # entity name, a category, two numbers and a date
_EPOCH = dt.date(2018, 1, 1)


@dataclass(frozen=True)
class Column:
    """One column: a snake_case `name`, a `type`, and `decimals` for decimal columns."""

    name: str
    type: ColumnType
    decimals: int = 0

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC

    def to_json(self) -> list[Any]:
        return [self.name, self.type, self.decimals]

    def format(self, value: Any) -> str:
        """The cell as text ("" for missing); decimals always show their fixed places."""
        if value is None:
            return ""
        if self.type == "decimal":
            return f"{value:.{self.decimals}f}"
        return str(value)


@dataclass
class Table:
    """A named table: columns, rows (lists of JSON values, None for missing), keys.

    Attributes:
        key: the primary-key column (type ``id``), or None.
        entity: the column of unique names (type ``text``) that questions look rows up by.
        foreign_keys: column -> (parent table, parent key column).
        domain: the domain the schema came from.
    """

    name: str
    columns: list[Column]
    rows: list[list[Any]]
    key: str | None = None
    entity: str | None = None
    foreign_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    domain: str = ""

    def index(self, name: str) -> int:
        for position, column in enumerate(self.columns):
            if column.name == name:
                return position
        raise KeyError(f"table {self.name} has no column {name!r}")

    def column(self, name: str) -> Column:
        return self.columns[self.index(name)]

    def values(self, name: str) -> list[Any]:
        position = self.index(name)
        return [row[position] for row in self.rows]

    def of_type(self, *types: str) -> list[Column]:
        return [c for c in self.columns if c.type in types]

    def records(self) -> list[dict[str, Any]]:
        names = [c.name for c in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "columns": [c.to_json() for c in self.columns],
            "rows": [list(row) for row in self.rows],
            "key": self.key,
            "entity": self.entity,
            "foreign_keys": {k: list(v) for k, v in self.foreign_keys.items()},
            "domain": self.domain,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        return cls(
            name=data["name"],
            columns=[Column(n, t, d) for n, t, d in data["columns"]],
            rows=[list(row) for row in data["rows"]],
            key=data.get("key"),
            entity=data.get("entity"),
            foreign_keys={k: (v[0], v[1]) for k, v in data.get("foreign_keys", {}).items()},
            domain=data.get("domain", ""),
        )

    def create_sql(self) -> str:
        """The CREATE TABLE statement (SQLite dialect, also valid DuckDB)."""
        parts = []
        for column in self.columns:
            line = f"  {column.name} {_SQL_TYPES[column.type]}"
            if column.name == self.key:
                line += " PRIMARY KEY"
            elif column.name in self.foreign_keys:
                parent, parent_key = self.foreign_keys[column.name]
                line += f" REFERENCES {parent}({parent_key})"
            parts.append(line)
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(parts) + "\n);"


@dataclass
class Database:
    """Tables linked by primary and foreign keys, parents before children."""

    tables: list[Table]
    domain: str = ""

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"database has no table {name!r}")

    def schema_sql(self) -> str:
        return "\n\n".join(t.create_sql() for t in self.tables)

    def connect(self) -> sqlite3.Connection:
        return to_sqlite(self.tables)

    def to_json(self) -> dict[str, Any]:
        return {"domain": self.domain, "tables": [t.to_json() for t in self.tables]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Database:
        return cls([Table.from_json(t) for t in data["tables"]], data.get("domain", ""))


# --------------------------------------------------------------------------- domains
@dataclass(frozen=True)
class Spec:
    """A column recipe: categories draw from `pool`; numbers from [low, high]; dates from
    `low`..`high` days after 2018-01-01."""

    name: str
    type: ColumnType
    low: float = 0
    high: float = 0
    decimals: int = 0
    pool: tuple[str, ...] = ()
    skew: bool = False  # numbers: a long right tail (prices, salaries) instead of uniform


@dataclass(frozen=True)
class Parent:
    """A category column that becomes a parent table in a database (e.g. region -> regions),
    with attribute columns of its own."""

    category: str
    table: str
    attributes: tuple[Spec, ...]


@dataclass(frozen=True)
class Domain:
    name: str
    table: str
    entity: str
    names: Callable[[np.random.Generator, int], list[str]]
    pool: tuple[Spec, ...]
    parents: tuple[Parent, ...]
    events: str
    event_columns: tuple[Spec, ...]


def _codes(prefix: str, low: int, high: int) -> Callable[[np.random.Generator, int], list[str]]:
    def make(rng: np.random.Generator, count: int) -> list[str]:
        numbers = rng.choice(np.arange(low, high), size=count, replace=False)
        return [f"{prefix}{int(n)}" for n in numbers]

    return make


def _unique(rng: np.random.Generator, count: int, make: Callable[[], str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for _ in range(count * 100):
        if len(names) == count:
            break
        name = make()
        if name not in seen:
            seen.add(name)
            names.append(name)
    if len(names) < count:
        raise RuntimeError(f"could not draw {count} distinct names")
    return names


def _words(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct capitalised made-up names (products, people) of 2-3 syllables."""
    return _unique(rng, count, lambda: nonce_word(rng, 2 + int(rng.random() < 0.4)).capitalize())


_PLACE_ENDINGS = ("ton", "ville", "burg", "port", "ford", "holm", "mouth", "stad", "wick", "field")


def _places(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct made-up town names such as ``Brelton``."""

    def make() -> str:
        ending = _PLACE_ENDINGS[int(rng.integers(len(_PLACE_ENDINGS)))]
        return (nonce_word(rng, 1 + int(rng.random() < 0.3)) + ending).capitalize()

    return _unique(rng, count, make)


def _cat(name: str, *pool: str) -> Spec:
    return Spec(name, "category", pool=pool)


def _int(name: str, low: int, high: int, skew: bool = False) -> Spec:
    return Spec(name, "int", low, high, skew=skew)


def _dec(name: str, low: float, high: float, decimals: int = 2, skew: bool = False) -> Spec:
    return Spec(name, "decimal", low, high, decimals, skew=skew)


def _date(name: str, low: int = 0, high: int = 1460) -> Spec:
    return Spec(name, "date", low, high)


DOMAINS: dict[str, Domain] = {
    d.name: d
    for d in (
        Domain(
            "sales",
            "products",
            "product",
            _words,
            (
                _cat("category", "Electronics", "Garden", "Toys", "Kitchen", "Books", "Sports"),
                _cat("region", "North", "South", "East", "West", "Central"),
                _cat("channel", "Online", "Retail", "Wholesale", "Partner"),
                _int("units_sold", 5, 900),
                _dec("unit_price", 2, 400, skew=True),
                _dec("revenue", 100, 90_000, skew=True),
                _int("returns", 0, 60),
                _dec("discount_pct", 0, 35, 1),
                _date("launch_date"),
                _date("last_order", 730, 1460),
            ),
            (
                Parent("region", "regions", (Spec("manager", "text"), _int("target", 50, 500))),
                Parent("channel", "channels", (_dec("commission_pct", 1, 15, 1),)),
            ),
            "orders",
            (_date("order_date"), _int("quantity", 1, 40), _dec("amount", 5, 4_000, skew=True)),
        ),
        Domain(
            "flights",
            "flights",
            "flight",
            _codes("FL", 100, 9999),
            (
                _cat("airline", "Aerova", "Skyline", "Nordjet", "Bluewing", "Corsair"),
                _cat("origin", "LIS", "OSL", "YUL", "PER", "NBO", "SCL", "HEL"),
                _cat("aircraft", "A320", "B737", "E190", "A350", "B787"),
                _int("passengers", 40, 350),
                _int("delay_minutes", 0, 240, skew=True),
                _dec("fare", 39, 1_200, skew=True),
                _dec("distance_km", 250, 9_000, 1),
                _int("crew", 4, 18),
                _date("departure_date"),
                _date("booked_on", 0, 1400),
            ),
            (
                Parent("airline", "airlines", (_int("founded", 1950, 2015), _int("fleet", 8, 300))),
                Parent("origin", "airports", (Spec("city", "text"), _int("gates", 4, 120))),
            ),
            "bookings",
            (_date("booking_date"), _int("seats", 1, 6), _dec("price", 39, 2_500, skew=True)),
        ),
        Domain(
            "clinical",
            "patients",
            "patient",
            _codes("P-", 1000, 9999),
            (
                _cat("arm", "Placebo", "Low dose", "High dose", "Control"),
                _cat("site", "Aldmoor", "Brenfield", "Castlow", "Dunmere", "Elsby"),
                _cat("sex", "F", "M"),
                _int("age", 18, 85),
                _dec("dose_mg", 0, 250, 1),
                _dec("response_score", 0, 100, 2),
                _int("adverse_events", 0, 7),
                _dec("bmi", 16, 42, 1),
                _date("enrolled"),
                _date("last_visit", 365, 1460),
            ),
            (
                Parent("site", "sites", (Spec("investigator", "text"), _int("beds", 20, 600))),
                Parent("arm", "arms", (_dec("planned_dose_mg", 0, 250, 1),)),
            ),
            "visits",
            (_date("visit_date"), _dec("systolic", 90, 180, 1), _int("heart_rate", 48, 120)),
        ),
        Domain(
            "sports",
            "players",
            "player",
            _words,
            (
                _cat("team", "Falcons", "Rovers", "Comets", "Mariners", "Wolves", "Titans"),
                _cat("position", "Forward", "Midfield", "Defence", "Goalkeeper"),
                _cat("foot", "Left", "Right"),
                _int("goals", 0, 35, skew=True),
                _int("assists", 0, 25, skew=True),
                _int("minutes", 90, 3_400),
                _dec("salary_k", 40, 4_000, 1, skew=True),
                _dec("pass_accuracy", 55, 95, 1),
                _date("debut"),
                _date("contract_end", 1000, 2600),
            ),
            (
                Parent(
                    "team",
                    "teams",
                    (Spec("coach", "text"), _int("stadium_capacity", 8_000, 80_000)),
                ),
                Parent("position", "positions", (_int("squad_quota", 2, 8),)),
            ),
            "matches",
            (_date("match_date"), _int("goals_scored", 0, 3), _dec("rating", 4, 10, 1)),
        ),
        Domain(
            "inventory",
            "items",
            "item",
            _codes("SKU-", 10000, 99999),
            (
                _cat("warehouse", "Dock A", "Dock B", "Hillside", "Riverside", "Airport"),
                _cat("supplier", "Acme", "Borealis", "Cobalt", "Dynamo", "Evergreen"),
                _cat("unit", "box", "pallet", "crate", "bag"),
                _int("stock", 0, 2_000, skew=True),
                _int("reorder_level", 10, 300),
                _dec("unit_cost", 0.5, 350, skew=True),
                _dec("weight_kg", 0.1, 80, 2),
                _int("lead_time_days", 1, 60),
                _date("restocked"),
                _date("audited", 700, 1460),
            ),
            (
                Parent("supplier", "suppliers", (Spec("contact", "text"), _int("rating", 1, 5))),
                Parent("warehouse", "warehouses", (_int("capacity", 1_000, 50_000),)),
            ),
            "movements",
            (_date("moved_on"), _int("quantity", -200, 400), _dec("value", 1, 9_000, skew=True)),
        ),
        Domain(
            "payroll",
            "employees",
            "employee",
            _words,
            (
                _cat("department", "Finance", "Legal", "Research", "Sales", "Support", "IT"),
                _cat("grade", "G1", "G2", "G3", "G4", "G5"),
                _cat("contract", "Permanent", "Fixed term", "Contractor"),
                _dec("salary", 28_000, 160_000, 2, skew=True),
                _int("overtime_hours", 0, 120, skew=True),
                _dec("bonus", 0, 25_000, 2, skew=True),
                _int("leave_days", 0, 35),
                _dec("fte", 0.2, 1.0, 2),
                _date("hired"),
                _date("last_review", 900, 1460),
            ),
            (
                Parent(
                    "department",
                    "departments",
                    (Spec("head", "text"), _int("budget_k", 200, 9_000)),
                ),
                Parent("grade", "grades", (_dec("min_salary", 20_000, 90_000),)),
            ),
            "payslips",
            (_date("paid_on"), _dec("gross", 1_500, 14_000, skew=True), _dec("tax", 200, 5_000)),
        ),
        Domain(
            "weather",
            "stations",
            "station",
            _places,
            (
                _cat("region", "Coastal", "Highland", "Valley", "Plains", "Delta"),
                _cat("climate", "Arid", "Temperate", "Tropical", "Polar", "Continental"),
                _cat("operator", "Met Office", "AeroNet", "Private", "University"),
                _dec("temperature_c", -25, 42, 1),
                _dec("rainfall_mm", 0, 320, 1, skew=True),
                _int("wind_kmh", 0, 140, skew=True),
                _int("elevation_m", 0, 3_200),
                _dec("humidity_pct", 8, 100, 1),
                _date("recorded"),
                _date("calibrated", 0, 1400),
            ),
            (
                Parent(
                    "region", "regions", (Spec("office", "text"), _int("stations_planned", 3, 60))
                ),
                Parent("operator", "operators", (_int("established", 1850, 2020),)),
            ),
            "readings",
            (_date("read_on"), _dec("max_temp_c", -20, 45, 1), _dec("precip_mm", 0, 80, 1)),
        ),
    )
}


def _draw(rng: np.random.Generator, spec: Spec, count: int) -> list[Any]:
    """`count` values of one column recipe."""
    if spec.type == "category":
        return [spec.pool[int(i)] for i in rng.integers(0, len(spec.pool), size=count)]
    if spec.type == "text":
        return _words(rng, count)
    if spec.type == "date":
        days = rng.integers(int(spec.low), int(spec.high) + 1, size=count)
        return [(_EPOCH + dt.timedelta(days=int(d))).isoformat() for d in days]
    low, high = spec.low, spec.high
    if spec.skew:  # most values low, a long right tail (prices, salaries)
        raw = low + (high - low) * rng.beta(1.2, 4.0, size=count)
    else:
        raw = rng.uniform(low, high + (1 if spec.type == "int" else 0), size=count)
    if spec.type == "int":
        return [int(min(np.floor(v), high)) for v in raw]
    return [round(float(v), spec.decimals) for v in raw]


def _column(spec: Spec) -> Column:
    return Column(spec.name, spec.type, spec.decimals if spec.type == "decimal" else 0)


def _pick_domain(rng: np.random.Generator, domain: str | None) -> Domain:
    if domain is None:
        return DOMAINS[sorted(DOMAINS)[int(rng.integers(len(DOMAINS)))]]
    if domain not in DOMAINS:
        raise ValueError(f"unknown table domain {domain!r}; known: {', '.join(sorted(DOMAINS))}")
    return DOMAINS[domain]


def max_columns() -> int:
    """The most non-key columns `random_table` can make (entity name plus the smallest pool)."""
    return 1 + min(len(d.pool) for d in DOMAINS.values())


def _choose_specs(rng: np.random.Generator, domain: Domain, count: int) -> list[Spec]:
    """`count` specs of the pool: at least one category, two numbers and a date, then random
    others, in a random order."""
    by_type: dict[str, list[int]] = {"category": [], "number": [], "date": []}
    for position, spec in enumerate(domain.pool):
        by_type["number" if spec.type in NUMERIC else spec.type].append(position)
    chosen = [int(rng.choice(by_type["category"])), int(rng.choice(by_type["date"]))]
    chosen += [int(i) for i in rng.choice(by_type["number"], size=2, replace=False)]
    rest = [i for i in range(len(domain.pool)) if i not in chosen]
    chosen += [int(i) for i in rng.choice(rest, size=count - len(chosen), replace=False)]
    order = rng.permutation(len(chosen))
    return [domain.pool[chosen[int(i)]] for i in order]


def random_table(
    rng: np.random.Generator,
    *,
    rows: int,
    columns: int,
    domain: str | None = None,
    missing_rate: float = 0.0,
) -> Table:
    """A main table of a domain: `id`, the entity name, then `columns - 1` more columns.

    Args:
        rows: number of rows (entities, unique names).
        columns: non-key columns, entity name included; at least MIN_COLUMNS (the entity, a
            category, two numbers and a date are always there), at most `max_columns()`.
        domain: a key of DOMAINS, or None for a random one.
        missing_rate: the chance that each cell outside the key and the name is None.
    """
    if not MIN_COLUMNS <= columns <= max_columns():
        raise ValueError(f"columns must be in {MIN_COLUMNS}..{max_columns()}, got {columns}")
    if not 0.0 <= missing_rate < 1.0:
        raise ValueError(f"missing_rate must be in [0, 1), got {missing_rate}")
    chosen = _pick_domain(rng, domain)
    specs = _choose_specs(rng, chosen, columns - 1)
    names = chosen.names(rng, rows)
    data = [_draw(rng, spec, rows) for spec in specs]
    if missing_rate > 0:
        holes = rng.random((len(specs), rows)) < missing_rate
        data = [
            [None if holes[c, r] else v for r, v in enumerate(values)]
            for c, values in enumerate(data)
        ]
    table_rows = [[r + 1, names[r], *(values[r] for values in data)] for r in range(rows)]
    cols = [Column("id", "id"), Column(chosen.entity, "text"), *map(_column, specs)]
    return Table(chosen.table, cols, table_rows, key="id", entity=chosen.entity, domain=chosen.name)


def random_database(
    rng: np.random.Generator,
    *,
    tables: int,
    rows: int,
    columns: int = MIN_COLUMNS,
    domain: str | None = None,
    missing_rate: float = 0.0,
    events_per_row: float = 2.0,
) -> Database:
    """Tables of one domain linked by keys, parents first.

    With ``tables=1`` the main table alone; 2 adds an event table (e.g. orders of products)
    whose ``<entity>_id`` references the main table; 3 and 4 turn one or two category
    columns of the main table into parent tables (e.g. ``region`` -> ``regions``): the main
    table then holds ``<category>_id`` instead of the category text. Parent tables always have
    rows no child refers to, and some main rows have no events, so anti-joins are non-empty.

    Args:
        rows: rows of the main table; events number about ``events_per_row * rows``.
        columns: non-key columns of the main table as in `random_table`.
    """
    if not 1 <= tables <= 4:
        raise ValueError(f"tables must be in 1..4, got {tables}")
    chosen = _pick_domain(rng, domain)
    main = random_table(
        rng, rows=rows, columns=columns, domain=chosen.name, missing_rate=missing_rate
    )
    out: list[Table] = []
    for parent in chosen.parents[: max(0, tables - 2)]:
        if parent.category not in [c.name for c in main.columns]:
            main = _add_category(rng, main, chosen, parent.category)
        out.append(_make_parent(rng, main, parent))
    out.append(main)
    if tables >= 2:
        out.append(_make_events(rng, main, chosen, events_per_row))
    return Database(out, chosen.name)


def _add_category(rng: np.random.Generator, table: Table, domain: Domain, name: str) -> Table:
    spec = next(s for s in domain.pool if s.name == name)
    values = _draw(rng, spec, len(table.rows))
    rows = [[*row, value] for row, value in zip(table.rows, values, strict=True)]
    return Table(
        table.name, [*table.columns, _column(spec)], rows, table.key, table.entity,
        dict(table.foreign_keys), table.domain,
    )  # fmt: skip


def _make_parent(rng: np.random.Generator, main: Table, parent: Parent) -> Table:
    """The parent table of a category; replaces the category in `main` by its id."""
    spec = next(s for s in DOMAINS[main.domain].pool if s.name == parent.category)
    used = sorted({v for v in main.values(parent.category) if v is not None})
    unused = [v for v in spec.pool if v not in used]
    if not unused:  # every pool value is used: invent one so the anti-join is non-empty
        unused = [f"{nonce_word(rng).capitalize()} {parent.category}"]
    extra = [unused[int(i)] for i in rng.permutation(len(unused))[: max(1, len(unused) // 2)]]
    names = [str(v) for v in rng.permutation(np.array(used + extra, dtype=object))]
    key = f"{parent.category}_id"
    ids = {name: i + 1 for i, name in enumerate(names)}
    attrs = [_draw(rng, s, len(names)) for s in parent.attributes]
    rows = [[ids[n], n, *(a[i] for a in attrs)] for i, n in enumerate(names)]
    columns = [Column(key, "id"), Column(parent.category, "text"), *map(_column, parent.attributes)]
    position = main.index(parent.category)
    main.columns[position] = Column(key, "id")
    for row in main.rows:
        row[position] = None if row[position] is None else ids[row[position]]
    main.foreign_keys[key] = (parent.table, key)
    return Table(parent.table, columns, rows, key=key, entity=parent.category, domain=main.domain)


def _make_events(rng: np.random.Generator, main: Table, domain: Domain, per_row: float) -> Table:
    """Events referencing main rows; about a fifth of main rows get none."""
    ids = [row[0] for row in main.rows]
    active = [i for i in ids if rng.random() >= 0.2] or ids[:1]
    count = max(len(active), round(per_row * len(ids)))
    owners = active + [active[int(i)] for i in rng.integers(0, len(active), count - len(active))]
    owners = [owners[int(i)] for i in rng.permutation(len(owners))]
    data = [_draw(rng, s, count) for s in domain.event_columns]
    fk = f"{domain.entity}_id"
    key = f"{_singular(domain.events)}_id"
    rows = [[i + 1, owners[i], *(d[i] for d in data)] for i in range(count)]
    columns = [Column(key, "id"), Column(fk, "id"), *map(_column, domain.event_columns)]
    return Table(
        domain.events, columns, rows, key=key, foreign_keys={fk: (main.name, main.key or "id")},
        domain=domain.name,
    )  # fmt: skip


def _singular(plural: str) -> str:
    """English singular of the event table names used here ("matches" -> "match")."""
    if plural.endswith(("ches", "shes", "sses", "xes")):
        return plural[:-2]
    return plural.removesuffix("s")


# --------------------------------------------------------------------------- rendering
def render_table(table: Table, fmt: str) -> str:
    """The table as Markdown (pipes), CSV (header row) or JSON records (one object a line).

    Missing values are empty cells in Markdown and CSV and null in JSON.
    """
    header = [c.name for c in table.columns]
    cells = [[c.format(v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join(lines)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(cells)
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        records = [
            json.dumps(
                {
                    c.name: (None if v is None else (_decimal_json(c, v)))
                    for c, v in zip(table.columns, row, strict=True)
                },
                ensure_ascii=False,
            )
            for row in table.rows
        ]
        return "[\n" + ",\n".join(f"  {r}" for r in records) + "\n]"
    raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")


def _decimal_json(column: Column, value: Any) -> Any:
    return round(float(value), column.decimals) if column.type == "decimal" else value


def draw_format(rng: np.random.Generator, fmt: str) -> str:
    """`fmt`, or a random one of FORMATS when it is "any"."""
    return fmt if fmt != "any" else FORMATS[int(rng.integers(len(FORMATS)))]


def missing_note(fmt: str) -> str:
    """How a format shows a missing value, for prompts."""
    return "null" if fmt == "json" else "an empty cell"


# --------------------------------------------------------------------------- SQL
def to_sqlite(tables: Sequence[Table] | Table) -> sqlite3.Connection:
    """A fresh in-memory SQLite database holding `tables` (parents first)."""
    if isinstance(tables, Table):
        tables = [tables]
    conn = sqlite3.connect(":memory:")
    for table in tables:
        conn.execute(table.create_sql())
        marks = ", ".join("?" for _ in table.columns)
        conn.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table.rows)
    conn.commit()
    return conn


def table_spec(table: Table) -> TableSpec:
    """The `TableSpec` (engine-neutral types, keys) of a generated table."""
    return TableSpec(
        name=table.name,
        columns=tuple((c.name, _SPEC_TYPES[c.type]) for c in table.columns),
        rows=tuple(tuple(row) for row in table.rows),
        primary_key=table.key,
        foreign_keys=tuple((col, parent, key) for col, (parent, key) in table.foreign_keys.items()),
    )


def database_spec(db: Database | Sequence[Table]) -> DatabaseSpec:
    """The `DatabaseSpec` of a generated database (or a list of tables), for the SQL
    verifier's engines."""
    tables = db.tables if isinstance(db, Database) else db
    return DatabaseSpec(tuple(table_spec(t) for t in tables))


def query(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """All rows of one SQL query."""
    return list(conn.execute(sql, tuple(params)).fetchall())


def date_of(day: int) -> str:
    """The ISO date `day` days after 2018-01-01 (the origin of generated dates)."""
    return (_EPOCH + dt.timedelta(days=day)).isoformat()
