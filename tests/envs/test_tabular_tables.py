"""The shared table machinery: generated tables and databases, rendering, SQLite loading,
and the tolerant answer comparisons of `palaestra.verifiers.tables`."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from palaestra.generators.tables import (
    DOMAINS,
    FORMATS,
    Database,
    Table,
    max_columns,
    random_database,
    random_table,
    render_table,
    to_sqlite,
)
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.tables import (
    check_expected,
    expected_items,
    expected_label,
    expected_mapping,
    expected_number,
    format_number,
    numbers_close,
    parse_mapping,
    parse_number,
    parse_table_text,
    rows_match_as_multiset,
)


def _table(seed: int = 0, **kwargs: object) -> Table:
    options = {"rows": 30, "columns": max_columns(), **kwargs}
    return random_table(np.random.default_rng(seed), **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_domain_makes_a_table_with_unique_names_and_typed_cells(domain: str) -> None:
    table = _table(3, domain=domain, rows=200)
    names = table.values(table.entity or "")
    assert len(set(names)) == len(names) == 200
    assert table.values("id") == list(range(1, 201))
    for column in table.columns:
        python_type = {"int": int, "id": int, "decimal": float}.get(column.type, str)
        assert all(isinstance(v, python_type) for v in table.values(column.name)), column
    assert {c.type for c in table.columns} >= {"id", "text", "category", "date", "int"}


def test_tables_are_deterministic_and_json_round_trip() -> None:
    first, second = _table(5, missing_rate=0.2), _table(5, missing_rate=0.2)
    assert first.to_json() == second.to_json()
    assert Table.from_json(json.loads(json.dumps(first.to_json()))).to_json() == first.to_json()
    assert first.to_json() != _table(6, missing_rate=0.2).to_json()


def test_missing_rate_leaves_key_and_names_whole() -> None:
    table = _table(1, rows=200, missing_rate=0.3)
    cells = [v for row in table.rows for v in row[2:]]
    assert 0.2 < sum(v is None for v in cells) / len(cells) < 0.4
    assert all(row[0] is not None and row[1] is not None for row in table.rows)


def test_column_count_is_checked() -> None:
    with pytest.raises(ValueError, match="columns must be in"):
        _table(columns=max_columns() + 1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendered_tables_read_back_to_the_same_cells(fmt: str) -> None:
    table = _table(2, rows=12, missing_rate=0.2)
    text = render_table(table, fmt)
    shown = [[c.format(v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows]
    if fmt == "json":
        records = json.loads(text)
        assert [list(r) for r in records[:1]] == [[c.name for c in table.columns]]
        assert [list(r.values()) for r in records] == table.rows
    else:
        rows = parse_table_text(text) if fmt == "markdown" else list(csv.reader(io.StringIO(text)))
        assert rows[0] == [c.name for c in table.columns]
        assert rows[1:] == shown


def test_sqlite_copy_holds_the_same_values() -> None:
    table = _table(4, missing_rate=0.1)
    conn = to_sqlite(table)
    names = ", ".join(c.name for c in table.columns)
    rows = conn.execute(f"SELECT {names} FROM {table.name} ORDER BY id").fetchall()
    assert [list(r) for r in rows] == table.rows


@pytest.mark.parametrize("tables", [1, 2, 3, 4])
def test_databases_have_working_keys_and_non_empty_anti_joins(tables: int) -> None:
    for seed in range(5):
        db = random_database(np.random.default_rng(seed), tables=tables, rows=15)
        assert len(db.tables) == tables
        conn = db.connect()
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in db.tables:
            for column, (parent, key) in table.foreign_keys.items():
                orphans = conn.execute(
                    f"SELECT COUNT(*) FROM {parent} p WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {table.name} c WHERE c.{column} = p.{key})"
                ).fetchone()[0]
                assert orphans > 0, (table.name, column)
        rebuilt = Database.from_json(json.loads(json.dumps(db.to_json())))
        assert rebuilt.schema_sql() == db.schema_sql()
        fresh = to_sqlite([])
        fresh.executescript(db.schema_sql())  # the prompt schema is valid SQL


# ------------------------------------------------------------------------ verifiers
@pytest.mark.parametrize(
    ("text", "value"),
    [("1234.5", 1234.5), ("1,234.50", 1234.5), ("$12", 12.0), ("−3.5", -3.5), (" 7. ", 7.0)],
)
def test_numbers_read_with_layout_tolerance(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "1 2", "12 apples", "1e5", "nan", "inf", "1,23", "12%", "9" * 60, "--1"]
)
def test_numbers_reject_anything_else(text: str) -> None:
    with pytest.raises(AnswerFormatError):
        parse_number(text)


def test_percent_sign_only_where_a_percentage_is_asked() -> None:
    assert parse_number("-12.5%", percent=True) == -12.5
    assert check_expected(expected_number(-12.46, 1, percent=True), "-12.5%").correct
    assert not check_expected(expected_number(-12.46, 1), "-12.5%").correct


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        ("12.35", True),  # the rounding up of 12.345
        ("12.34", True),  # ... and the rounding down: both within half a unit
        ("12.3499", True),  # just inside, above
        ("12.3401", True),  # just inside, below
        ("12.3501", False),  # just outside, above
        ("12.3399", False),  # just outside, below
        ("12.3", False),
    ],
)
def test_tolerance_is_half_a_unit_around_the_exact_value(answer: str, correct: bool) -> None:
    assert check_expected(expected_number(12.345, 2), answer).correct is correct


def test_whole_numbers_are_exact() -> None:
    assert check_expected(expected_number(7, 0), "7").correct
    assert check_expected(expected_number(7, 0), "7.4").correct  # within half a unit
    assert not check_expected(expected_number(7, 0), "8").correct


@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 4))
def test_a_formatted_reference_is_always_accepted(value: float, decimals: int) -> None:
    assert numbers_close(float(format_number(value, decimals)), value, decimals)


def test_sets_ignore_order_and_lists_do_not() -> None:
    names = ["Brelton", "Vouport", "Kaimstad"]
    as_set, as_list = expected_items(names, ordered=False), expected_items(names, ordered=True)
    assert check_expected(as_set, "kaimstad\nBrelton, Vouport").correct
    assert check_expected(as_list, "1. Brelton\n2. Vouport\n3. Kaimstad").correct
    assert not check_expected(as_list, "Kaimstad, Vouport, Brelton").correct
    for wrong in ("Brelton, Vouport", "Brelton, Vouport, Kaimstad, Kaimstad", "A, B, C"):
        assert not check_expected(as_set, wrong).correct


def test_mappings_need_every_group_once_within_tolerance() -> None:
    expected = expected_mapping({"North": 12.5, "South": 3.0}, 2)
    assert parse_mapping("north = 12.5; South: 3") == {"north": "12.5", "south": "3"}
    assert check_expected(expected, "South: 3.00\nNorth: 12.50").correct
    assert check_expected(expected, "North: 12.50, South: 3.00").correct
    for wrong in ("North: 12.50", "North: 12.5\nSouth: 3\nEast: 1", "North: 12.6\nSouth: 3"):
        assert not check_expected(expected, wrong).correct
    assert check_expected(expected, "North: 1\nNorth: 1").reason == "unparsable"


def test_labels_must_be_one_word() -> None:
    assert check_expected(expected_label("true"), "Entailed.").correct
    assert check_expected(expected_label("false"), "**false**").correct
    for hedge in ("true or false", "true\ntrue or 0", "yes, true", "maybe"):
        assert not check_expected(expected_label("true"), hedge).correct


def test_tables_compare_as_multisets_of_typed_rows() -> None:
    gold = [[1, "North", 2.5], [2, "South", None], [2, "South", None]]
    text = "| id | region | v |\n|---|---|---|\n| 2 | south |  |\n| 1 | North | 2.50 |\n|2|South||"
    rows = parse_table_text(text)[1:]
    assert rows_match_as_multiset(gold, rows, [None, None, 2])
    assert not rows_match_as_multiset(gold, rows[:2], [None, None, 2])  # a repeat is missing
    assert not rows_match_as_multiset(gold, rows, [None, None, 2], ordered=True)
    bad = parse_table_text("id,region,v\n2,South,\n1,North,2.51\n2,South,")[1:]
    assert not rows_match_as_multiset(gold, bad, [None, None, 2])
