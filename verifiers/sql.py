"""Run model-written SQL safely against a generated database, and compare result tables.

A database travels in a task as a JSON spec (`DatabaseSpec`: tables with typed columns and
rows of JSON values). Model SQL never runs against anything the task keeps:

- **SQLite** (standard library): the database is built in memory, serialized and deserialized
  into a fresh connection with ``PRAGMA query_only=ON``, extension loading off, tight
  `setlimit` caps (value length, columns, no ATTACH), and an authorizer that allows only
  SELECT, reads, function calls and recursive CTEs (so DROP, DELETE, ATTACH, PRAGMA, CREATE
  and ``load_extension`` are refused before they run). A progress handler enforces a wall-clock
  deadline and a VM-step budget; rows are fetched with ``fetchmany`` under a row and size cap.
- **DuckDB** (optional: ``pip install 'palaestra[duckdb]'``): the database is written once
  to a temporary file and opened ``read_only`` with ``enable_external_access=false``,
  extension autoloading off and ``lock_configuration=true``; a timer thread calls
  ``interrupt()`` at the deadline. DuckDB can allocate gigabytes in one uninterruptible
  function call (``repeat('x', 2e9)``), so queries run in a worker process with a capped
  address space (`palaestra.verifiers.deadline.WorkerPool`) whose hard deadline backs up the
  interrupt.

Only one statement is accepted. Every run returns a `QueryResult` whose ``status`` is ``ok``
or a named failure: ``timeout``, ``too_many_rows``, ``forbidden`` or ``sql_error``.

Result comparison (`compare_results`) treats a table as a multiset of rows of typed cells:
numbers compare with a tolerance (``3`` equals ``3.0``), text exactly, NULL only with NULL;
column names are ignored, column order counts, row order counts only when asked.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import decimal
import hashlib
import json
import math
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from palaestra.errors import ConfigError

Status = Literal["ok", "timeout", "too_many_rows", "forbidden", "sql_error"]
SqlType = Literal["INTEGER", "REAL", "TEXT", "DATE"]
SQL_TYPES: tuple[str, ...] = ("INTEGER", "REAL", "TEXT", "DATE")

DEFAULT_TIMEOUT_S = 2.0
DEFAULT_MAX_ROWS = 5_000
MAX_RESULT_CHARS = 2_000_000
MAX_SQL_CHARS = 8_000
MAX_CELL_CHARS = 100_000
# SQLite's progress handler runs every _PROGRESS_EVERY VM instructions; the step budget
# bounds the work even when the clock is coarse.
_PROGRESS_EVERY = 2_000
_MAX_STEPS = 400_000_000
DUCKDB_INSTALL_HINT = "pip install 'palaestra[duckdb]'"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# --------------------------------------------------------------------------- database spec
@dataclass(frozen=True)
class TableSpec:
    """One table: a name, (column, SQL type) pairs and rows of JSON values (None = NULL).

    Types are ``INTEGER``, ``REAL``, ``TEXT`` and ``DATE`` (ISO ``YYYY-MM-DD`` text in SQLite,
    a real DATE in DuckDB).
    """

    name: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[Any, ...], ...]
    primary_key: str | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, parent table, parent column)

    def __post_init__(self) -> None:
        for name in (self.name, *(c for c, _ in self.columns)):
            if not _IDENTIFIER.fullmatch(name):
                raise ConfigError(f"{name!r} is not a plain SQL identifier")
        for _, kind in self.columns:
            if kind not in SQL_TYPES:
                raise ConfigError(f"unknown SQL type {kind!r}; use one of {', '.join(SQL_TYPES)}")
        width = len(self.columns)
        if any(len(row) != width for row in self.rows):
            raise ConfigError(f"every row of {self.name} needs {width} values")

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def create_sql(self, dialect: str = "sqlite") -> str:
        """The CREATE TABLE statement (shown in prompts and used to build the database)."""
        parts = []
        for name, kind in self.columns:
            sql_type = _DUCKDB_TYPES[kind] if dialect == "duckdb" else _SQLITE_TYPES[kind]
            key = " PRIMARY KEY" if name == self.primary_key else ""
            parts.append(f"  {name} {sql_type}{key}")
        for column, parent, parent_column in self.foreign_keys:
            parts.append(f"  FOREIGN KEY ({column}) REFERENCES {parent}({parent_column})")
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(parts) + "\n);"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "columns": [list(c) for c in self.columns],
            "rows": [list(r) for r in self.rows],
            "primary_key": self.primary_key,
            "foreign_keys": [list(f) for f in self.foreign_keys],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TableSpec:
        return cls(
            name=data["name"],
            columns=tuple((str(c), str(t)) for c, t in data["columns"]),
            rows=tuple(tuple(r) for r in data["rows"]),
            primary_key=data.get("primary_key"),
            foreign_keys=tuple(tuple(f) for f in data.get("foreign_keys", ())),  # type: ignore[misc]
        )


_SQLITE_TYPES = {"INTEGER": "INTEGER", "REAL": "REAL", "TEXT": "TEXT", "DATE": "TEXT"}
_DUCKDB_TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE", "TEXT": "VARCHAR", "DATE": "DATE"}


@dataclass(frozen=True)
class DatabaseSpec:
    """A whole database: its tables in creation order (parents before children)."""

    tables: tuple[TableSpec, ...]

    def table(self, name: str) -> TableSpec:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def schema_sql(self, dialect: str = "sqlite") -> str:
        return "\n\n".join(t.create_sql(dialect) for t in self.tables)

    def to_json(self) -> dict[str, Any]:
        return {"tables": [t.to_json() for t in self.tables]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DatabaseSpec:
        return cls(tuple(TableSpec.from_json(t) for t in data["tables"]))

    def digest(self) -> str:
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class QueryResult:
    """What one query run produced.

    Attributes:
        status: ``ok`` or the failure: ``timeout``, ``too_many_rows``, ``forbidden``,
            ``sql_error``.
        rows: the result rows as lists of JSON-safe typed cells (empty unless ok).
        columns: the result column names (informative only; comparison ignores them).
        detail: a short, model-facing description of a failure.
    """

    status: Status
    rows: list[list[Any]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class SqlRefused(Exception):
    """Raised by the reference side: an engine could not run a generator's own query."""


def clean_sql(text: str) -> str:
    """The SQL inside an answer: code fences and one trailing semicolon removed."""
    body = text.strip()
    fence = re.fullmatch(r"```[A-Za-z]*\s*\n?(.*?)\n?\s*```", body, flags=re.DOTALL)
    if fence:
        body = fence[1].strip()
    return body.rstrip().removesuffix(";").rstrip()


def _plain(value: Any) -> Any:
    """An engine value as a JSON-safe typed cell."""
    if value is None or isinstance(value, str | int | float):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            return value[:MAX_CELL_CHARS]
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, _dt.datetime) and value.time() == _dt.time() and value.tzinfo is None:
        return value.date().isoformat()  # a midnight timestamp is the same cell as its date
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "x'" + bytes(value[:1000]).hex() + "'"
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _size(value: Any) -> int:
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, list):
        return 2 + sum(_size(v) for v in value)
    if isinstance(value, dict):
        return 2 + sum(len(k) + _size(v) for k, v in value.items())
    return 8


class _Collector:
    """Accumulates fetched rows under the row and size caps."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.rows: list[list[Any]] = []
        self.chars = 0

    def add(self, batch: Sequence[Sequence[Any]]) -> QueryResult | None:
        for raw in batch:
            row = [_plain(v) for v in raw]
            self.chars += sum(_size(v) for v in row)
            self.rows.append(row)
            if len(self.rows) > self.max_rows:
                return QueryResult(
                    "too_many_rows", detail=f"the query returns more than {self.max_rows} rows"
                )
            if self.chars > MAX_RESULT_CHARS:
                return QueryResult(
                    "too_many_rows",
                    detail=f"the result is larger than {MAX_RESULT_CHARS} characters",
                )
        return None


def _fetch(
    cursor: Any, max_rows: int, before_batch: Callable[[], None] | None = None
) -> QueryResult:
    """Every row of an executed cursor, fetched in batches under the row and size caps;
    `before_batch` (if given) runs before each fetch and may raise to stop it."""
    columns = [d[0] for d in cursor.description or ()]
    collector = _Collector(max_rows)
    while True:
        if before_batch is not None:
            before_batch()
        batch = cursor.fetchmany(256)
        if not batch:
            return QueryResult("ok", collector.rows, columns)
        failed = collector.add(batch)
        if failed is not None:
            return failed


def _timed_out(timeout_s: float) -> QueryResult:
    return QueryResult("timeout", detail=f"the query ran past its {timeout_s:g} s limit")


def _precheck(sql: str) -> QueryResult | None:
    if not sql.strip():
        return QueryResult("sql_error", detail="the query is empty")
    if len(sql) > MAX_SQL_CHARS:
        return QueryResult("forbidden", detail=f"the query is longer than {MAX_SQL_CHARS} chars")
    if "\x00" in sql:
        return QueryResult("sql_error", detail="the query contains a NUL character")
    return None


def _short(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else "error"
    return first[:300]


# --------------------------------------------------------------------------- sqlite
_ALLOWED_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}
_DENIED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    if action not in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _load_sqlite(spec: DatabaseSpec) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for table in spec.tables:
        conn.execute(table.create_sql("sqlite"))
        if table.rows:
            marks = ", ".join("?" * len(table.columns))
            conn.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table.rows)
    return conn


def sqlite_connection(spec: DatabaseSpec) -> sqlite3.Connection:
    """A writable in-memory SQLite database holding `spec` (for reference queries)."""
    return _load_sqlite(spec)


def open_readonly_sqlite(spec: DatabaseSpec) -> sqlite3.Connection:
    """A locked-down, read-only SQLite connection over a private copy of `spec`."""
    built = _load_sqlite(spec)
    image = built.serialize()
    built.close()
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.deserialize(image)
    conn.execute("PRAGMA query_only=ON")
    conn.execute("PRAGMA trusted_schema=OFF")
    # Builds without extension support have no such method; loading is then impossible anyway.
    if hasattr(conn, "enable_load_extension"):
        conn.enable_load_extension(False)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_CELL_CHARS)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_CHARS + 100)
    conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, 100)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 200)
    conn.setlimit(sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 50)
    conn.set_authorizer(_authorizer)
    return conn


def run_sqlite_on(
    conn: sqlite3.Connection,
    sql: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryResult:
    """Runs one model statement on a connection from `open_readonly_sqlite`."""
    refused = _precheck(sql)
    if refused is not None:
        return refused
    deadline = time.monotonic() + timeout_s
    state = {"steps": 0, "expired": False}

    def progress() -> int:
        state["steps"] += _PROGRESS_EVERY
        if time.monotonic() > deadline or state["steps"] > _MAX_STEPS:
            state["expired"] = True
            return 1
        return 0

    conn.set_progress_handler(progress, _PROGRESS_EVERY)
    cursor = None
    try:
        cursor = conn.execute(sql)
        if cursor.description is None:
            return QueryResult("forbidden", detail="only a SELECT query is allowed")
        return _fetch(cursor, max_rows)
    except sqlite3.DatabaseError as exc:
        return _sqlite_failure(exc, state["expired"], timeout_s)
    except sqlite3.Warning:  # older Pythons: "You can only execute one statement at a time."
        return QueryResult("forbidden", detail="only one statement is allowed")
    except (ValueError, OverflowError, MemoryError) as exc:
        return QueryResult("sql_error", detail=_short(str(exc)))
    finally:
        if cursor is not None:
            with contextlib.suppress(sqlite3.Error):
                cursor.close()
        conn.set_progress_handler(None, 0)


def _sqlite_failure(exc: sqlite3.DatabaseError, expired: bool, timeout_s: float) -> QueryResult:
    message = _short(str(exc))
    if expired or "interrupted" in message:
        return _timed_out(timeout_s)
    if "one statement" in message:
        return QueryResult("forbidden", detail="only one statement is allowed")
    if any(word in message for word in ("authoriz", "prohibited", "readonly", "read-only")):
        return QueryResult("forbidden", detail=f"the query is not allowed: {message}")
    if "too big" in message:
        return QueryResult("too_many_rows", detail=f"a value is too large: {message}")
    return QueryResult("sql_error", detail=message)


def run_sqlite(
    spec: DatabaseSpec,
    sql: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryResult:
    """Runs one model statement on a fresh read-only SQLite copy of `spec`."""
    refused = _precheck(sql)
    if refused is not None:
        return refused
    conn = open_readonly_sqlite(spec)
    try:
        return run_sqlite_on(conn, sql, timeout_s=timeout_s, max_rows=max_rows)
    finally:
        conn.close()


def reference_sqlite(spec: DatabaseSpec, sql: str) -> QueryResult:
    """Runs a generator's own query; a failure is a generator bug and raises `SqlRefused`."""
    result = run_sqlite(spec, sql, timeout_s=30.0, max_rows=100_000)
    if not result.ok:
        raise SqlRefused(f"reference query failed ({result.status}: {result.detail}): {sql}")
    return result


def sqlite_digest(conn: sqlite3.Connection) -> str:
    """A digest of a connection's whole database image (schema and rows)."""
    return hashlib.sha256(conn.serialize()).hexdigest()


# --------------------------------------------------------------------------- duckdb
def duckdb_available() -> bool:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def require_duckdb() -> None:
    """Raises ConfigError naming the extra to install when DuckDB is missing."""
    if not duckdb_available():
        raise ConfigError(
            f"this environment runs DuckDB, which is not installed: {DUCKDB_INSTALL_HINT}"
        )


_DUCK_FILES: OrderedDict[str, str] = OrderedDict()
_DUCK_LOCK = threading.Lock()
_DUCK_DIR: str | None = None
_DUCK_CACHE = 16


def _duck_dir() -> str:
    global _DUCK_DIR
    if _DUCK_DIR is None or not os.path.isdir(_DUCK_DIR):
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        _DUCK_DIR = tempfile.mkdtemp(prefix="palaestra-duckdb-", dir=base)
        import atexit

        atexit.register(shutil.rmtree, _DUCK_DIR, True)
    return _DUCK_DIR


def _duckdb_file(spec: DatabaseSpec) -> str:
    """The path of a DuckDB file holding `spec`, built once per process and cached."""
    import duckdb

    key = spec.digest()
    with _DUCK_LOCK:
        path = _DUCK_FILES.get(key)
        if path is not None and os.path.exists(path):
            _DUCK_FILES.move_to_end(key)
            return path
        path = os.path.join(_duck_dir(), f"{key[:32]}.duckdb")
        partial = path + ".partial"
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
        conn = duckdb.connect(partial, config={"threads": "1"})
        try:
            _fill_duckdb(conn, spec)
        finally:
            conn.close()
        os.replace(partial, path)
        _DUCK_FILES[key] = path
        while len(_DUCK_FILES) > _DUCK_CACHE:
            _, old = _DUCK_FILES.popitem(last=False)
            with contextlib.suppress(OSError):
                os.remove(old)
        return path


def _fill_duckdb(conn: Any, spec: DatabaseSpec) -> None:
    for table in spec.tables:
        conn.execute(table.create_sql("duckdb"))
        if table.rows:
            marks = "(" + ", ".join("?" * len(table.columns)) + ")"
            values = [value for row in table.rows for value in row]
            conn.execute(
                f"INSERT INTO {table.name} VALUES " + ", ".join([marks] * len(table.rows)), values
            )


def duckdb_connection(spec: DatabaseSpec) -> Any:
    """A writable in-memory DuckDB database holding `spec` (for reference queries)."""
    require_duckdb()
    import duckdb

    conn = duckdb.connect(":memory:", config={"threads": "1"})
    _fill_duckdb(conn, spec)
    return conn


def open_readonly_duckdb(spec: DatabaseSpec) -> Any:
    """A read-only DuckDB connection over `spec` with external access and settings locked."""
    require_duckdb()
    import duckdb

    config = {
        "threads": "1",
        "memory_limit": "256MB",
        "enable_external_access": "false",
        "autoload_known_extensions": "false",
        "autoinstall_known_extensions": "false",
        "allow_community_extensions": "false",
    }
    conn = duckdb.connect(_duckdb_file(spec), read_only=True, config=config)
    conn.execute("SET lock_configuration = true")
    return conn


def run_duckdb_on(
    conn: Any,
    sql: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryResult:
    """Runs one model statement on a connection from `open_readonly_duckdb`, in this process.

    The interrupt timer bounds ordinary runaway queries; use `run_duckdb` for model SQL, which
    adds the worker process and its memory cap.
    """
    import duckdb

    refused = _precheck(sql)
    if refused is not None:
        return refused
    try:
        statements = conn.extract_statements(sql)
    except duckdb.Error as exc:
        return QueryResult("sql_error", detail=_short(str(exc)))
    if len(statements) != 1:
        return QueryResult("forbidden", detail="only one statement is allowed")
    if statements[0].type != duckdb.StatementType.SELECT:
        return QueryResult("forbidden", detail="only a SELECT query is allowed")
    expired = threading.Event()

    def interrupt() -> None:
        expired.set()
        with contextlib.suppress(Exception):
            conn.interrupt()

    def stop_if_expired() -> None:
        if expired.is_set():
            raise duckdb.InterruptException("interrupted")

    timer = threading.Timer(timeout_s, interrupt)
    timer.daemon = True
    timer.start()
    try:
        return _fetch(conn.execute(sql), max_rows, stop_if_expired)
    except duckdb.InterruptException:
        return _timed_out(timeout_s)
    except (duckdb.PermissionException, duckdb.InvalidInputException) as exc:
        if expired.is_set():
            return _timed_out(timeout_s)
        return QueryResult("forbidden", detail=f"the query is not allowed: {_short(str(exc))}")
    except duckdb.OutOfMemoryException as exc:
        return QueryResult("too_many_rows", detail=f"the query needs too much memory: {exc}"[:300])
    except (duckdb.Error, ValueError, OverflowError, MemoryError, RuntimeError) as exc:
        if expired.is_set():
            return _timed_out(timeout_s)
        return QueryResult("sql_error", detail=_short(str(exc)))
    finally:
        timer.cancel()


def _duckdb_job(spec_json: dict[str, Any], sql: str, timeout_s: float, max_rows: int) -> Any:
    """Worker-side entry point: run `sql` read-only and return the result as plain data."""
    conn = open_readonly_duckdb(DatabaseSpec.from_json(spec_json))
    try:
        result = run_duckdb_on(conn, sql, timeout_s=timeout_s, max_rows=max_rows)
    finally:
        conn.close()
    return (result.status, result.rows, result.columns, result.detail)


def duckdb_file_digest(spec_json: dict[str, Any]) -> str:
    """Worker-side: a digest of every row of the cached read-only file of `spec_json`."""
    conn = open_readonly_duckdb(DatabaseSpec.from_json(spec_json))
    try:
        names = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        digest = hashlib.sha256()
        for name in sorted(names):
            rows = conn.execute(f"SELECT * FROM {name}").fetchall()
            digest.update(name.encode())
            digest.update(repr(sorted(map(repr, rows))).encode())
        return digest.hexdigest()
    finally:
        conn.close()


_POOL_LOCK = threading.Lock()
_POOL: Any = None
# The hard deadline gives the interrupt time to work and the worker time to build its file.
_HARD_MARGIN_S = 5.0


def _duckdb_pool() -> Any:
    global _POOL
    from palaestra.verifiers.deadline import WorkerPool

    with _POOL_LOCK:
        if _POOL is None:
            _POOL = WorkerPool(("palaestra.verifiers.sql", "duckdb"), max_workers=2, memory_mb=1536)
        return _POOL


def run_duckdb(
    spec: DatabaseSpec,
    sql: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryResult:
    """Runs one model statement read-only on DuckDB in a memory-capped worker process."""
    require_duckdb()
    refused = _precheck(sql)
    if refused is not None:
        return refused
    outcome = _duckdb_pool().call(
        "palaestra.verifiers.sql:_duckdb_job",
        (spec.to_json(), sql, timeout_s, max_rows),
        timeout_s=timeout_s + _HARD_MARGIN_S,
    )
    if outcome.status == "ok":
        status, rows, columns, detail = outcome.value
        return QueryResult(status, rows, columns, detail)
    if outcome.status == "timeout":
        return _timed_out(timeout_s)
    if outcome.status == "crashed":
        return QueryResult("too_many_rows", detail="the query exhausted the memory limit")
    return QueryResult("sql_error", detail=_short(outcome.detail))


def duckdb_digest(spec: DatabaseSpec) -> str:
    """The digest of the worker's cached DuckDB file for `spec` (tests: nothing changed)."""
    outcome = _duckdb_pool().call(
        "palaestra.verifiers.sql:duckdb_file_digest", (spec.to_json(),), timeout_s=30.0
    )
    if outcome.status != "ok":
        raise RuntimeError(f"digest failed: {outcome.status} {outcome.detail}")
    return str(outcome.value)


def reference_duckdb(spec: DatabaseSpec, sql: str) -> QueryResult:
    """Runs a generator's own DuckDB query in process; a failure raises `SqlRefused`."""
    import duckdb

    conn = duckdb_connection(spec)
    try:
        cursor = conn.execute(sql)
        columns = [d[0] for d in cursor.description or ()]
        rows = [[_plain(v) for v in row] for row in cursor.fetchall()]
    except duckdb.Error as exc:
        raise SqlRefused(f"reference query failed: {exc}: {sql}") from None
    finally:
        conn.close()
    return QueryResult("ok", rows, columns)


# --------------------------------------------------------------------------- comparison
REL_TOL = 1e-6
ABS_TOL = 1e-6


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    return None


def cells_equal(
    expected: Any, got: Any, rel_tol: float = REL_TOL, abs_tol: float = ABS_TOL
) -> bool:
    """Typed cell equality: numbers within tolerance (int 3 equals 3.0), NULL only NULL."""
    if expected is None or got is None:
        return expected is None and got is None
    a, b = _number(expected), _number(got)
    if a is not None or b is not None:
        if a is None or b is None or math.isnan(a) or math.isnan(b):
            return False
        return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(
            cells_equal(x, y, rel_tol, abs_tol) for x, y in zip(expected, got, strict=True)
        )
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(
            cells_equal(expected[k], got[k], rel_tol, abs_tol) for k in expected
        )
    return type(expected) is type(got) and expected == got


def _sort_key(value: Any) -> tuple[Any, ...]:
    """Orders cells so that equal-within-tolerance values sort next to each other."""
    if value is None:
        return (0,)
    number = _number(value)
    if number is not None:
        if math.isnan(number):
            return (1, math.inf, "nan")
        return (1, float(f"{number:.6g}"), "")
    if isinstance(value, str):
        return (2, value)
    return (3, json.dumps(value, sort_keys=True, default=str))


def _row_key(row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(_sort_key(v) for v in row)


@dataclass(frozen=True)
class Comparison:
    """Whether two result tables match, and if not a model-facing reason."""

    equal: bool
    feedback: str = ""
    same_rows_other_order: bool = False


def compare_results(
    expected: Sequence[Sequence[Any]],
    got: Sequence[Sequence[Any]],
    *,
    ordered: bool = False,
    rel_tol: float = REL_TOL,
    abs_tol: float = ABS_TOL,
) -> Comparison:
    """Compares result tables as multisets of rows (as sequences when `ordered`)."""
    if expected and got and len(expected[0]) != len(got[0]):
        return Comparison(
            False, f"the result has {len(got[0])} columns; expected {len(expected[0])}"
        )
    if len(expected) != len(got):
        return Comparison(False, f"the result has {len(got)} rows; expected {len(expected)}")
    if any(len(row) != len(expected[0]) for row in got) if expected else False:
        return Comparison(False, "the result rows have different numbers of columns")

    def rows_equal(xs: Sequence[Sequence[Any]], ys: Sequence[Sequence[Any]]) -> bool:
        return all(
            len(x) == len(y)
            and all(cells_equal(a, b, rel_tol, abs_tol) for a, b in zip(x, y, strict=True))
            for x, y in zip(xs, ys, strict=True)
        )

    if ordered and rows_equal(expected, got):
        return Comparison(True)
    same = rows_equal(sorted(expected, key=_row_key), sorted(got, key=_row_key))
    if ordered:
        if same:
            return Comparison(False, "the rows are right but not in the order asked for", True)
        return Comparison(False, "the result rows differ from the expected ones")
    if same:
        return Comparison(True)
    return Comparison(False, "the result rows differ from the expected ones")
