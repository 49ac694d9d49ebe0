"""Task files: writing generated tasks to JSONL or Parquet, reading them back, reading responses.

JSONL holds one `Task` per line, as ``Task.model_dump_json()`` writes it.

Parquet holds one task per row with this schema (row groups of `ROW_GROUP_SIZE` tasks, zstd):

    id          string  not null   stable content id
    env         string  not null   versioned env id, e.g. sat/ksat-v1
    version     int32   not null
    split       string  not null   train | eval
    seed        int64   not null   task seed: ``make(env).generate(seed, difficulty, split=split)``
    difficulty  int32              level, null when knobs were given directly
    params      string  not null   JSON object: the resolved knobs
    prompt      string  not null
    answer      string             null when checking is by certificate
    data        string  not null   JSON object: the instance the verifier reads
    meta        string  not null   JSON object: domain, tags, package version, cost measures

`params`, `data` and `meta` are JSON strings because their keys and value types differ between
environments (and within one), which Arrow struct columns cannot hold; decode them with
`json.loads` or read the file with `read_tasks`. The schema metadata key ``palaestra`` holds a
JSON object naming the format, the JSON columns and, for `palaestra generate`, the run's
arguments. Nothing time- or host-dependent goes into a file, so equal runs give equal bytes.

Writes are atomic and resumable: rows go to ``OUT.partial`` in committed batches, with a sidecar
``OUT.partial.json`` recording the run's arguments and how much is committed; the finished file
replaces OUT in one `os.replace`. For Parquet the partial is a sequence of length-prefixed Arrow
IPC batches (a Parquet file is unreadable until its footer is written), converted to Parquet at
the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from pydantic import ValidationError

from palaestra.errors import ExportError, InputFileError
from palaestra.records import Task

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("jsonl", "parquet")
ROW_GROUP_SIZE = 1000
COLUMNS = (
    "id", "env", "version", "split", "seed", "difficulty",
    "params", "prompt", "answer", "data", "meta",
)  # fmt: skip
JSON_COLUMNS = ("params", "data", "meta")
FILE_FORMAT = "palaestra-tasks"
FILE_FORMAT_VERSION = 1
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
_PARTIAL_FORMAT = "palaestra-partial-1"
_LENGTH = struct.Struct("<Q")  # prefix of each Arrow IPC blob in a Parquet partial


def infer_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The output format: `fmt` if given, else from the suffix (.jsonl/.ndjson, .parquet/.pq)."""
    by_suffix = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        if by_suffix is None:
            raise ExportError(
                f"cannot tell the format of {os.fspath(path)!r} from its suffix; "
                "name it .jsonl or .parquet, or pass --format"
            )
        return by_suffix
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if by_suffix is not None and by_suffix != fmt:
        raise ExportError(f"{os.fspath(path)!r} has a {by_suffix} suffix but the format is {fmt}")
    return fmt


# ----------------------------------------------------------------------------- encoding


def encode_task(task: Task, fmt: str) -> Any:
    """One task in the shape the writer of `fmt` takes: a JSON line, or a Parquet row tuple."""
    if fmt == "jsonl":
        return task.model_dump_json()
    return (
        task.id, task.env, task.version, task.split, task.seed, task.difficulty,
        _json(task.params), task.prompt, task.answer, _json(task.data), _json(task.meta),
    )  # fmt: skip


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def parquet_schema(metadata: Mapping[str, Any] | None = None) -> pa.Schema:
    """The Arrow schema of a Parquet task file; `metadata` goes under the ``palaestra`` key."""
    import pyarrow as pa

    fields = [
        pa.field("id", pa.string(), nullable=False),
        pa.field("env", pa.string(), nullable=False),
        pa.field("version", pa.int32(), nullable=False),
        pa.field("split", pa.string(), nullable=False),
        pa.field("seed", pa.int64(), nullable=False),
        pa.field("difficulty", pa.int32()),
        pa.field("params", pa.string(), nullable=False),
        pa.field("prompt", pa.string(), nullable=False),
        pa.field("answer", pa.string()),
        pa.field("data", pa.string(), nullable=False),
        pa.field("meta", pa.string(), nullable=False),
    ]
    header = {
        "format": FILE_FORMAT,
        "format_version": FILE_FORMAT_VERSION,
        "json_columns": list(JSON_COLUMNS),
        **(metadata or {}),
    }
    return pa.schema(fields, metadata={"palaestra": _json(header)})


# ----------------------------------------------------------------------------- writing


class TaskWriter:
    """Streams encoded rows (see `encode_task`) to a task file, atomically and resumably.

    Rows are committed in batches of `row_group_size` (one Parquet row group each) to
    ``OUT.partial``; after each commit the sidecar ``OUT.partial.json`` records the rows and
    bytes committed, so an interrupted run can continue where it stopped (`resume=True`).
    `finish` moves the complete file onto OUT; `close` alone keeps the partial.

    Args:
        path: the output file.
        fmt: ``jsonl`` or ``parquet``.
        run: JSON-able arguments of the run; a resume must present equal ones.
        resume: continue a partial left by an earlier run with the same `run`, if there is one.
        row_group_size: rows per commit (and per Parquet row group).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        fmt: str,
        *,
        run: Mapping[str, Any] | None = None,
        resume: bool = False,
        row_group_size: int = ROW_GROUP_SIZE,
    ) -> None:
        if fmt not in FORMATS:
            raise ExportError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        if row_group_size < 1:
            raise ExportError(f"row_group_size must be at least 1, got {row_group_size}")
        self.path = Path(path)
        _check_writable(self.path)
        self.fmt = fmt
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.sidecar = self.path.with_name(self.path.name + ".partial.json")
        self.row_group_size = row_group_size
        # A JSON round trip makes tuples and lists compare equal against the stored sidecar.
        self.run = json.loads(
            _json({**(run or {}), "format": fmt, "row_group_size": row_group_size})
        )
        self.rows = 0
        self.resumed_from = 0
        self.discarded_partial = False
        self._bytes = 0
        self._buffer: list[Any] = []
        self._schema: pa.Schema | None = None
        state = self._load_sidecar() if resume else None
        if state is not None:
            self.rows = self.resumed_from = state["rows"]
            self._bytes = state["bytes"]
            self._file: IO[bytes] = open(self.partial, "r+b")  # noqa: SIM115 (closed by close)
            self._file.truncate(self._bytes)  # drop rows written after the last commit
            self._file.seek(self._bytes)
        else:
            self.discarded_partial = self.partial.exists()
            self._file = open(self.partial, "wb")  # noqa: SIM115 (closed by close)
            self._save_sidecar()

    def _load_sidecar(self) -> dict[str, Any] | None:
        if not self.sidecar.exists():
            return None
        try:
            state = json.loads(self.sidecar.read_text(encoding="utf-8"))
            if state.get("format") != _PARTIAL_FORMAT:
                raise ValueError("not a palaestra sidecar")
            rows, size, run = int(state["rows"]), int(state["bytes"]), state["run"]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ExportError(
                f"cannot resume: {self.sidecar} is not a readable sidecar ({exc}); "
                "delete it and run without --resume to start over"
            ) from None
        if run != self.run:
            changed = sorted(k for k in set(run) | set(self.run) if run.get(k) != self.run.get(k))
            detail = "; ".join(
                f"{k}: partial run {run.get(k)!r}, this run {self.run.get(k)!r}" for k in changed
            )
            raise ExportError(
                f"cannot resume {self.path}: the partial run used different arguments ({detail}); "
                "rerun with the same arguments, or without --resume to start over"
            )
        actual = self.partial.stat().st_size if self.partial.exists() else -1
        if actual < size:
            raise ExportError(
                f"cannot resume: {self.partial} is missing or shorter than its sidecar records; "
                "run without --resume to start over"
            )
        return {"rows": rows, "bytes": size}

    def _save_sidecar(self) -> None:
        state = {
            "format": _PARTIAL_FORMAT,
            "run": self.run,
            "rows": self.rows,
            "bytes": self._bytes,
        }
        temp = self.sidecar.with_name(self.sidecar.name + ".tmp")
        temp.write_text(_json(state) + "\n", encoding="utf-8")
        os.replace(temp, self.sidecar)

    def add(self, rows: Iterable[Any]) -> None:
        """Buffers encoded rows and commits every full batch."""
        self._buffer.extend(rows)
        while len(self._buffer) >= self.row_group_size:
            batch = self._buffer[: self.row_group_size]
            del self._buffer[: self.row_group_size]
            self._commit(batch)

    def _commit(self, rows: list[Any]) -> None:
        if self.fmt == "jsonl":
            blob = "".join(line + "\n" for line in rows).encode("utf-8")
        else:
            blob = self._ipc_blob(rows)
            blob = _LENGTH.pack(len(blob)) + blob
        self._file.write(blob)
        self._file.flush()
        self.rows += len(rows)
        self._bytes += len(blob)
        self._save_sidecar()

    def _ipc_blob(self, rows: list[Any]) -> bytes:
        import pyarrow as pa

        if self._schema is None:
            self._schema = parquet_schema()
        columns = list(zip(*rows, strict=True))
        batch = pa.record_batch(
            [
                pa.array(col, type=field.type)
                for col, field in zip(columns, self._schema, strict=True)
            ],
            schema=self._schema,
        )
        sink = pa.BufferOutputStream()
        options = pa.ipc.IpcWriteOptions(
            compression="lz4" if pa.Codec.is_available("lz4") else None
        )
        with pa.ipc.new_stream(sink, self._schema, options=options) as stream:
            stream.write_batch(batch)
        return sink.getvalue().to_pybytes()

    def finish(self, metadata: Mapping[str, Any] | None = None) -> int:
        """Commits the rest, writes OUT atomically and removes the partial; returns the rows.

        Args:
            metadata: extra JSON-able entries for the Parquet schema metadata.
        """
        if self._buffer:
            self._commit(self._buffer)
            self._buffer = []
        self._file.close()
        if self.fmt == "jsonl":
            os.replace(self.partial, self.path)
        else:
            temp = self.path.with_name(self.path.name + ".partial.tmp")
            try:
                self._write_parquet(temp, metadata)
                os.replace(temp, self.path)
            finally:
                temp.unlink(missing_ok=True)
            self.partial.unlink()
        self.sidecar.unlink(missing_ok=True)
        return self.rows

    def _write_parquet(self, target: Path, metadata: Mapping[str, Any] | None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = parquet_schema(metadata)
        # Pinned options: the bytes must not depend on pyarrow's defaults changing underneath.
        with (
            pq.ParquetWriter(
                target, schema, compression="zstd", version="2.6", write_statistics=True
            ) as writer,
            open(self.partial, "rb") as source,
        ):
            while header := source.read(_LENGTH.size):
                (size,) = _LENGTH.unpack(header)
                batch = pa.ipc.open_stream(source.read(size)).read_next_batch()
                writer.write_batch(batch)

    def close(self) -> None:
        """Closes the partial without finishing (an interrupted run keeps what it committed)."""
        self._file.close()

    def __enter__(self) -> TaskWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._file.closed:
            self.close()


def write_tasks(
    tasks: Iterable[Task],
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    row_group_size: int = ROW_GROUP_SIZE,
    metadata: Mapping[str, Any] | None = None,
) -> int:
    """Writes tasks to a JSONL or Parquet file atomically, streaming; returns the count."""
    fmt = infer_format(path, fmt)
    with TaskWriter(path, fmt, run=metadata, row_group_size=row_group_size) as writer:
        for task in tasks:
            writer.add([encode_task(task, fmt)])
        return writer.finish(metadata)


def _check_writable(path: Path) -> None:
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the directory {parent} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")


@contextlib.contextmanager
def atomic_text(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text file that appears at `path` only when the block completes without an error."""
    target = Path(path)
    _check_writable(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


# ----------------------------------------------------------------------------- reading


def read_tasks(
    path: str | os.PathLike[str], *, ids: Collection[str] | None = None, batch_size: int = 1000
) -> Iterator[Task]:
    """Streams the tasks of a JSONL or Parquet task file, in file order.

    Args:
        path: a file written by `palaestra generate` or `write_tasks`.
        ids: if given, only tasks with these ids are decoded and yielded.
        batch_size: Parquet rows decoded at a time (memory stays bounded by it).

    Raises:
        InputFileError: the file is missing, unreadable or malformed (with the line or row).
    """
    path = Path(path)
    if _sniff(path) == "parquet":
        yield from _read_parquet_tasks(path, ids, batch_size)
    else:
        yield from _read_jsonl_tasks(path, ids)


def _sniff(path: Path) -> str:
    """Parquet files start with PAR1 whatever their name; anything else is read as JSONL."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    return "parquet" if magic == b"PAR1" else "jsonl"


def _jsonl_objects(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; malformed lines raise with the number."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; per-line decoding keeps numbers)
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                raise InputFileError(f"{path} line {number}: not valid JSON ({exc})") from None
            if not isinstance(value, dict):
                raise InputFileError(
                    f"{path} line {number}: expected a JSON object, got {type(value).__name__}"
                )
            yield number, value


def _read_jsonl_tasks(path: Path, ids: Collection[str] | None) -> Iterator[Task]:
    for number, value in _jsonl_objects(path):
        if ids is not None and value.get("id") not in ids:
            continue
        yield _task(value, f"{path} line {number}")


def _read_parquet_tasks(path: Path, ids: Collection[str] | None, batch_size: int) -> Iterator[Task]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputFileError(f"cannot read {path} as Parquet: {exc}") from None
    with handle:
        present = handle.schema_arrow.names
        required = [name for name, field in Task.model_fields.items() if field.is_required()]
        missing = [name for name in required if name not in present]
        if missing:
            raise InputFileError(
                f"{path} has no column {', '.join(map(repr, missing))} (its columns: "
                f"{', '.join(present)}); task files are written by `palaestra generate`"
            )
        columns = [name for name in COLUMNS if name in present]
        row = 0
        try:
            for batch in handle.iter_batches(batch_size=batch_size, columns=columns):
                for value in batch.to_pylist():
                    row += 1
                    if ids is not None and value["id"] not in ids:
                        continue
                    for name in JSON_COLUMNS:
                        if isinstance(value.get(name), str):
                            try:
                                value[name] = json.loads(value[name])
                            except ValueError as exc:
                                raise InputFileError(
                                    f"{path} row {row}: column {name!r} is not valid JSON ({exc})"
                                ) from None
                    yield _task(value, f"{path} row {row}")
        except (pa.ArrowException, OSError) as exc:
            raise InputFileError(f"cannot read {path} as Parquet: {exc}") from None


def _task(value: dict[str, Any], where: str) -> Task:
    try:
        return Task.model_validate(value)
    except ValidationError as exc:
        raise InputFileError(f"{where}: not a task ({_first_error(exc)})") from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    location = ".".join(str(part) for part in error.get("loc", ()))
    return f"{location}: {error['msg']}" if location else str(error["msg"])


class Response(NamedTuple):
    """One line of a responses file: the model output for a task."""

    line: int
    task_id: str
    output: str | None


def read_responses(path: str | os.PathLike[str]) -> Iterator[Response]:
    """Streams a JSONL responses file: one object per line with ``task_id`` and ``output``.

    Raises:
        InputFileError: unreadable file, malformed JSON, a missing key or a wrong type, with
            the line number.
    """
    path = Path(path)
    for number, value in _jsonl_objects(path):
        for key in ("task_id", "output"):
            if key not in value:
                raise InputFileError(f"{path} line {number}: missing key {key!r}")
        task_id, output = value["task_id"], value["output"]
        if not isinstance(task_id, str):
            raise InputFileError(f"{path} line {number}: 'task_id' must be a string")
        if output is not None and not isinstance(output, str):
            raise InputFileError(f"{path} line {number}: 'output' must be a string or null")
        yield Response(number, task_id, output)
