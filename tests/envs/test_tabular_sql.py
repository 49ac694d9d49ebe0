"""The SQL environments' special parts: safe execution of model SQL and result comparison.

The safety tests run destructive and runaway queries against SQLite and DuckDB and check
that each gets a named failure within its limit and that the database is unchanged.
"""

from __future__ import annotations

import time

import pytest

import palaestra as pa
from palaestra.generators.sql_queries import Query, Shape, random_query
from palaestra.generators.tables import database_spec, random_database
from palaestra.verifiers.sql import (
    DatabaseSpec,
    TableSpec,
    compare_results,
    duckdb_available,
    duckdb_digest,
    open_readonly_sqlite,
    run_duckdb,
    run_sqlite,
    run_sqlite_on,
    sqlite_digest,
)

HANG_GUARD_S = 30.0
SPEC = DatabaseSpec(
    (
        TableSpec(
            "t",
            (("id", "INTEGER"), ("name", "TEXT"), ("day", "DATE"), ("x", "REAL")),
            tuple((i, f"n{i}", f"2024-01-{i % 28 + 1:02d}", i * 1.5) for i in range(1, 300)),
            primary_key="id",
        ),
    )
)
# query -> the failure each engine must report (timeouts need no wall-clock assertion:
# they must simply return, within the hang guard).
ATTACKS = {
    "drop": ("DROP TABLE t", "forbidden", "forbidden"),
    "delete": ("DELETE FROM t", "forbidden", "forbidden"),
    "update": ("UPDATE t SET x = 0", "forbidden", "forbidden"),
    "attach": ("ATTACH DATABASE '/tmp/palaestra-attack.db' AS x", "forbidden", "forbidden"),
    "pragma": ("PRAGMA writable_schema = ON", "forbidden", "sql_error"),
    "load_extension": ("SELECT load_extension('/tmp/x.so')", "forbidden", "sql_error"),
    "recursive_cte": (
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
        "timeout",
        "timeout",
    ),
    "cross_join": ("SELECT count(*) FROM t a, t b, t c, t d, t e", "timeout", "timeout"),
    "huge_result": ("SELECT a.id, b.id FROM t a, t b", "too_many_rows", "too_many_rows"),
    "multiple_statements": ("SELECT 1; DROP TABLE t", "forbidden", "forbidden"),
    "delete_in_cte": (
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "sql_error",
        "forbidden",
    ),
    "create": ("CREATE TABLE u (a INTEGER)", "forbidden", "forbidden"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_sqlite_attack_gets_a_verdict_and_changes_nothing(name: str) -> None:
    sql, status, _ = ATTACKS[name]
    conn = open_readonly_sqlite(SPEC)
    before = sqlite_digest(conn)
    start = time.monotonic()
    result = run_sqlite_on(conn, sql, timeout_s=1.0)
    assert time.monotonic() - start < HANG_GUARD_S
    assert result.status == status, result.detail
    assert sqlite_digest(conn) == before
    assert run_sqlite_on(conn, "SELECT count(*) FROM t").rows == [[299]]


needs_duckdb = pytest.mark.skipif(not duckdb_available(), reason="duckdb is not installed")


@needs_duckdb
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_duckdb_attack_gets_a_verdict_and_changes_nothing(name: str) -> None:
    sql, _, status = ATTACKS[name]
    before = duckdb_digest(SPEC)
    start = time.monotonic()
    result = run_duckdb(SPEC, sql, timeout_s=1.0)
    assert time.monotonic() - start < HANG_GUARD_S
    assert result.status == status, result.detail
    assert duckdb_digest(SPEC) == before
    assert run_duckdb(SPEC, "SELECT count(*) FROM t").rows == [[299]]


@needs_duckdb
@pytest.mark.parametrize(
    "sql",
    [
        "SELECT length(repeat('x', 2000000000))",  # one uninterruptible 2 GB allocation
        "SELECT * FROM read_csv('/etc/passwd')",
        "SET enable_external_access = true",
        "SELECT * FROM query('DROP TABLE t')",
    ],
)
def test_duckdb_escapes_fail(sql: str) -> None:
    result = run_duckdb(SPEC, sql, timeout_s=1.0)
    assert not result.ok
    assert run_duckdb(SPEC, "SELECT count(*) FROM t").rows == [[299]]


def test_sqlite_value_size_is_capped() -> None:
    result = run_sqlite(SPEC, "SELECT length(randomblob(1000000000))")
    assert result.status == "too_many_rows"


def test_attacks_through_the_env_score_zero() -> None:
    env = pa.make("tabular/text-to-sql-v1")
    task = env.generate(3, 2)
    for sql, _, _ in ATTACKS.values():
        verdict = env.verify(task, f"<answer>{sql}</answer>")
        assert verdict.score == 0.0 and verdict.reason in (
            "invalid",
            "timeout",
            "unparsable",
            "wrong",
        )


def test_compare_results_is_typed_and_tolerant() -> None:
    assert compare_results([[1, 2.0]], [[1.0, 2]]).equal
    assert compare_results([[1, 0.1 + 0.2]], [[1, 0.3]]).equal
    assert not compare_results([[1]], [["1"]]).equal
    assert not compare_results([[None]], [[0]]).equal
    assert compare_results([[1], [2]], [[2], [1]]).equal
    unordered = compare_results([[1], [2]], [[2], [1]], ordered=True)
    assert not unordered.equal and unordered.same_rows_other_order
    assert not compare_results([[1], [1]], [[1]]).equal
    assert compare_results([[["a", "b"]]], [[["a", "b"]]]).equal
    assert not compare_results([[1, 2]], [[1]]).equal


@pytest.mark.parametrize("seed", range(12))
def test_reference_queries_agree_between_sqlite_and_duckdb(seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)
    db = random_database(rng, tables=4, rows=25, missing_rate=0.1)
    kind = ("list", "scalar", "group")[seed % 3]
    query = random_query(rng, db, Shape(seed % 3, 2, kind, seed % 2 == 0, 2))
    spec = database_spec(db)
    here = run_sqlite(spec, query.sql())
    assert here.ok
    assert Query.from_json(query.to_json()) == query
    if duckdb_available():
        there = run_duckdb(spec, query.sql())
        assert compare_results(here.rows, there.rows, ordered=query.ordered).equal


@pytest.mark.parametrize(
    "env_id", ["tabular/text-to-sql-v1", "tabular/sql-repair-v1", "tabular/text-to-sql-duckdb-v1"]
)
def test_an_equivalent_query_is_accepted(env_id: str) -> None:
    env = pa.make(env_id)
    task = env.generate(5, 4)
    rewritten = f"```sql\nSELECT * FROM (\n{task.answer}\n) AS rewritten;\n```"
    assert env.verify(task, f"<answer>{rewritten}</answer>").correct


def test_sql_repair_rejects_the_buggy_query() -> None:
    env = pa.make("tabular/sql-repair-v1")
    for seed in range(5):
        task = env.generate(seed, 6)
        assert not env.verify(task, f"<answer>{task.data['buggy_sql']}</answer>").correct


def test_sql_output_accepts_markdown_and_reordered_unordered_rows() -> None:
    env = pa.make("tabular/sql-output-v1")
    task = next(t for t in (env.generate(s, 3) for s in range(30)) if len(t.data["expected"]) > 1)
    lines = task.answer.splitlines()
    header, body = lines[0], lines[1:]
    reordered = "\n".join([header, *reversed(body)])
    assert env.verify(task, f"<answer>{reordered}</answer>").correct != task.data["ordered"]
    markdown = "\n".join("| " + " | ".join(x.split(", ")) + " |" for x in lines)
    assert env.verify(task, f"<answer>{markdown}</answer>").correct
