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

Besides these two task files, `export_format` knows the trainer shapes of
`palaestra.benchmarks.exporters`: ``hf`` (a `datasets.DatasetDict` directory with a dataset
card), ``verl``, ``trl`` (Parquet) and ``openrlhf`` (JSONL). Every shape keeps the whole task
as JSON somewhere in its row, so `read_tasks` reads any of them back.

A writer created with ``index=True`` also keeps, per committed row, an index entry (task id,
env, seed, level, content hash, stream position) in ``OUT.partial.index``; `finish` turns it
into the export's manifest (see `write_manifest`), so an interrupted and resumed export still
gets a complete manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from pydantic import ValidationError

from palaestra.errors import ExportError, InputFileError
from palaestra.records import Task

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("jsonl", "parquet", "hf", "verl", "trl", "openrlhf")
TASK_FORMATS = ("jsonl", "parquet")
ROW_GROUP_SIZE = 1000
COLUMNS = (
    "id", "env", "version", "split", "seed", "difficulty",
    "params", "prompt", "answer", "data", "meta",
)  # fmt: skip
JSON_COLUMNS = ("params", "data", "meta")
FILE_FORMAT = "palaestra-tasks"
FILE_FORMAT_VERSION = 1
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
_PARTIAL_FORMAT = "palaestra-partial-2"
MANIFEST_FORMAT = "palaestra-manifest"
MANIFEST_FORMAT_VERSION = 1
CONTENT_HASH = "blake2b-128 of the prompt text"
_LENGTH = struct.Struct("<Q")  # prefix of each Arrow IPC blob in a Parquet partial


def infer_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The output format: `fmt` if given, else from the suffix (.jsonl/.ndjson, .parquet/.pq).

    The trainer formats need `fmt`; their file must not carry the other container's suffix
    (``verl`` and ``trl`` are Parquet, ``openrlhf`` JSONL, ``hf`` a directory).
    """
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
    container = export_format(fmt).container
    if by_suffix is not None and by_suffix != container:
        raise ExportError(f"{os.fspath(path)!r} has a {by_suffix} suffix but the format is {fmt}")
    return fmt


@dataclass(frozen=True)
class ExportFormat:
    """How one export format lays out a task.

    Attributes:
        name: the ``--format`` name.
        container: ``jsonl`` (one JSON line per task), ``parquet`` (one row per task) or
            ``dataset`` (a `datasets.DatasetDict` directory holding the task schema).
        encode: (task, position in the export) -> a JSON line or a row tuple in schema order.
        schema: for Parquet containers, the Arrow schema given the file metadata.
        decode: a decoded row or JSON object -> the task's fields (for `read_tasks`).
        suffix: the file suffix `palaestra export-eval` gives the data file.
    """

    name: str
    container: str
    encode: Callable[[Task, int], Any]
    schema: Callable[[Mapping[str, Any] | None], pa.Schema] | None = None
    decode: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    suffix: str = ""


def export_format(name: str) -> ExportFormat:
    """The `ExportFormat` called `name`; the trainer formats load from `benchmarks.exporters`."""
    if name == "jsonl":
        return ExportFormat(
            "jsonl", "jsonl", lambda task, _: task.model_dump_json(), suffix=".jsonl"
        )
    if name == "parquet":
        return ExportFormat(
            "parquet", "parquet", lambda task, _: _task_row(task), parquet_schema, None, ".parquet"
        )
    if name in FORMATS:
        from palaestra.benchmarks.exporters import EXPORT_FORMATS

        return EXPORT_FORMATS[name]
    raise ExportError(f"format must be one of {', '.join(FORMATS)}, got {name!r}")


def content_hash(task: Task) -> str:
    """The content hash of a task: what a model sees (the prompt), whatever its seed or split.

    Two tasks with the same hash ask the same question, so a training export drops a task whose
    hash appears in an eval manifest (``--exclude-manifest``).
    """
    return hashlib.blake2b(task.prompt.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# ----------------------------------------------------------------------------- encoding


def encode_task(task: Task, fmt: str, position: int = 0) -> Any:
    """One task in the shape the writer of `fmt` takes: a JSON line, or a row tuple.

    Args:
        position: the task's position in the export (the ``index`` of verl rows).
    """
    return export_format(fmt).encode(task, position)


def _task_row(task: Task) -> tuple[Any, ...]:
    return (
        task.id, task.env, task.version, task.split, task.seed, task.difficulty,
        _json(task.params), task.prompt, task.answer, _json(task.data), _json(task.meta),
    )  # fmt: skip


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


@dataclass(frozen=True)
class EncodedRows:
    """Rows already serialized for a writer: what workers send back instead of objects.

    Attributes:
        count: the number of rows.
        data: the rows as JSON lines (JSONL containers) or one Arrow IPC stream (Parquet and
            dataset containers).
        index: one JSON line per row: its index entry (empty when the writer keeps none).
        hashes: the content hash of each row's task (to drop excluded tasks).
    """

    count: int
    data: bytes
    index: bytes = b""
    hashes: tuple[str, ...] = ()

    def select(self, keep: list[bool], fmt: str) -> EncodedRows:
        """The rows where `keep` is true (decodes and re-encodes; only for dropped rows)."""
        if all(keep):
            return self
        index = b"".join(_kept(_lines(self.index), keep)) if self.index else b""
        hashes = tuple(_kept(list(self.hashes), keep))
        if export_format(fmt).container == "jsonl":
            data = b"".join(_kept(_lines(self.data), keep))
        else:
            import pyarrow as pa

            table = pa.ipc.open_stream(self.data).read_all()
            kept = table.filter(pa.array(keep, type=pa.bool_()))
            data = _ipc_stream(kept.to_batches(), table.schema)
        return EncodedRows(sum(keep), data, index, hashes)


def _lines(blob: bytes) -> list[bytes]:
    # JSON lines hold no raw newline (JSON escapes it), so b"\n" ends each row.
    return [line + b"\n" for line in blob.split(b"\n")[:-1]]


def _kept(items: list[Any], keep: list[bool]) -> list[Any]:
    return [item for item, kept in zip(items, keep, strict=True) if kept]


def encode_rows(
    rows: list[Any], fmt: str, entries: Iterable[Mapping[str, Any]] | None = None
) -> EncodedRows:
    """Serializes rows (see `encode_task`) and their index entries for a writer of `fmt`."""
    format_ = export_format(fmt)
    if format_.container == "jsonl":
        data = "".join(line + "\n" for line in rows).encode("utf-8")
    else:
        data = _arrow_blob(rows, (format_.schema or parquet_schema)(None))
    entries = list(entries or ())
    index = "".join(_json(entry) + "\n" for entry in entries).encode("utf-8")
    hashes = tuple(str(entry.get("hash", "")) for entry in entries)
    return EncodedRows(len(rows), data, index, hashes)


def _arrow_blob(rows: list[Any], schema: pa.Schema) -> bytes:
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    batch = pa.record_batch(
        [pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)],
        schema=schema,
    )
    return _ipc_stream([batch], schema)


def _ipc_stream(batches: list[pa.RecordBatch], schema: pa.Schema) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="lz4" if pa.Codec.is_available("lz4") else None)
    with pa.ipc.new_stream(sink, schema, options=options) as stream:
        for batch in batches:
            stream.write_batch(batch)
    return sink.getvalue().to_pybytes()


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
    """Streams encoded rows (see `encode_task`) to an export, atomically and resumably.

    Rows are committed in batches of `row_group_size` (one Parquet row group each) to
    ``OUT.partial``; after each commit the sidecar ``OUT.partial.json`` records the rows and
    bytes committed, so an interrupted run can continue where it stopped (`resume=True`).
    `finish` moves the complete export onto OUT; `close` alone keeps the partial.

    Args:
        path: the output file (a directory for the ``hf`` format).
        fmt: an export format name (see `FORMATS`).
        run: JSON-able arguments of the run; a resume must present equal ones.
        resume: continue a partial left by an earlier run with the same `run`, if there is one.
        row_group_size: rows per commit (and per Parquet row group).
        index: keep an index entry per row (``add(rows, entries)``) for the manifest.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        fmt: str,
        *,
        run: Mapping[str, Any] | None = None,
        resume: bool = False,
        row_group_size: int = ROW_GROUP_SIZE,
        index: bool = False,
    ) -> None:
        if fmt not in FORMATS:
            raise ExportError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        if row_group_size < 1:
            raise ExportError(f"row_group_size must be at least 1, got {row_group_size}")
        self.format = export_format(fmt)
        self.path = Path(path)
        _check_writable(self.path, directory=self.format.container == "dataset")
        self.fmt = fmt
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.sidecar = self.path.with_name(self.path.name + ".partial.json")
        self.index_path = self.path.with_name(self.path.name + ".partial.index")
        self.row_group_size = row_group_size
        self.indexed = index
        # A JSON round trip makes tuples and lists compare equal against the stored sidecar.
        self.run = json.loads(
            _json({**(run or {}), "format": fmt, "row_group_size": row_group_size})
        )
        self.rows = 0
        self.resumed_from = 0
        self.next_position = 0
        self.discarded_partial = False
        self._bytes = 0
        self._index_bytes = 0
        self._buffer: list[Any] = []
        self._entries: list[Mapping[str, Any]] = []
        self._blocks: list[EncodedRows] = []
        self._block_rows = 0
        self._index: IO[bytes] | None = None
        self._processed: int | None = None
        state = self._load_sidecar() if resume else None
        if state is not None:
            self.rows = self.resumed_from = state["rows"]
            self.next_position = state["next_position"]
            self._bytes = state["bytes"]
            self._index_bytes = state["index_bytes"]
            self._file: IO[bytes] = open(self.partial, "r+b")  # noqa: SIM115 (closed by close)
            self._file.truncate(self._bytes)  # drop rows written after the last commit
            self._file.seek(self._bytes)
            if self.indexed:
                self._index = open(self.index_path, "r+b")  # noqa: SIM115 (closed by close)
                self._index.truncate(self._index_bytes)
                self._index.seek(self._index_bytes)
        else:
            self.discarded_partial = self.partial.exists()
            self._file = open(self.partial, "wb")  # noqa: SIM115 (closed by close)
            if self.indexed:
                self._index = open(self.index_path, "wb")  # noqa: SIM115 (closed by close)
            else:
                self.index_path.unlink(missing_ok=True)
            self._save_sidecar()

    def _load_sidecar(self) -> dict[str, Any] | None:
        if not self.sidecar.exists():
            return None
        try:
            state = json.loads(self.sidecar.read_text(encoding="utf-8"))
            if state.get("format") != _PARTIAL_FORMAT:
                raise ValueError("not a palaestra sidecar of this version")
            rows, size, run = int(state["rows"]), int(state["bytes"]), state["run"]
            index_bytes, next_position = int(state["index_bytes"]), int(state["next_position"])
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
        indexed = self.index_path.stat().st_size if self.index_path.exists() else -1
        if actual < size or (self.indexed and indexed < index_bytes):
            raise ExportError(
                f"cannot resume: {self.partial} is missing or shorter than its sidecar records; "
                "run without --resume to start over"
            )
        return {
            "rows": rows,
            "bytes": size,
            "index_bytes": index_bytes,
            "next_position": next_position,
        }

    def _save_sidecar(self) -> None:
        state = {
            "format": _PARTIAL_FORMAT,
            "run": self.run,
            "rows": self.rows,
            "bytes": self._bytes,
            "index_bytes": self._index_bytes,
            "next_position": self.next_position,
        }
        temp = self.sidecar.with_name(self.sidecar.name + ".tmp")
        temp.write_text(_json(state) + "\n", encoding="utf-8")
        os.replace(temp, self.sidecar)

    def add(
        self,
        rows: Iterable[Any],
        entries: Iterable[Mapping[str, Any]] | None = None,
        *,
        next_position: int | None = None,
    ) -> None:
        """Buffers encoded rows and commits every full batch.

        Args:
            rows: encoded rows.
            entries: with ``index=True``, one index entry per row (JSON objects).
            next_position: the stream position the run continues from once these rows are
                committed (positions can run ahead of rows when tasks are dropped); by default
                one position per row.
        """
        if self._blocks:
            raise ExportError("a writer takes rows through add or add_encoded, not both")
        rows = list(rows)
        self._buffer.extend(rows)
        if self.indexed:
            entries = list(entries or [])
            if len(entries) != len(rows):
                raise ExportError("an indexed writer needs one index entry per row")
            self._entries.extend(entries)
        self._processed = next_position
        while len(self._buffer) >= self.row_group_size:
            batch = self._buffer[: self.row_group_size]
            del self._buffer[: self.row_group_size]
            entries_batch = self._entries[: self.row_group_size]
            del self._entries[: self.row_group_size]
            self._commit([encode_rows(batch, self.fmt, entries_batch)])

    def add_encoded(self, rows: EncodedRows, *, next_position: int | None = None) -> None:
        """Buffers rows serialized by `encode_rows` (in a worker, say) and commits when due.

        A commit happens once at least `row_group_size` rows are buffered and takes all of
        them, so the bytes arrive on disk as the workers made them; Parquet row groups are
        cut to exactly `row_group_size` rows when the file is finished. Feed blocks that end
        at multiples of `row_group_size` to commit exactly one row group at a time.

        Args:
            rows: serialized rows, with their index lines when the writer keeps an index.
            next_position: as for `add`.
        """
        if self._buffer:
            raise ExportError("a writer takes rows through add or add_encoded, not both")
        if self.indexed and rows.index.count(b"\n") != rows.count:
            raise ExportError("an indexed writer needs one index entry per row")
        if rows.count:
            self._blocks.append(rows)
            self._block_rows += rows.count
        self._processed = next_position
        if self._block_rows >= self.row_group_size:
            blocks, self._blocks, self._block_rows = self._blocks, [], 0
            self._commit(blocks)

    def _commit(self, blocks: list[EncodedRows]) -> None:
        if self.format.container == "jsonl":
            data = b"".join(block.data for block in blocks)
        else:  # each block is one Arrow IPC stream, prefixed with its length
            data = b"".join(_LENGTH.pack(len(block.data)) + block.data for block in blocks)
        self._file.write(data)
        self._file.flush()
        if self._index is not None:
            lines = b"".join(block.index for block in blocks)
            if lines:
                self._index.write(lines)
                self._index.flush()
                self._index_bytes += len(lines)
        self.rows += sum(block.count for block in blocks)
        self._bytes += len(data)
        # Where a resumed run starts: the first row still buffered, else past every position
        # the caller has handed over (positions run ahead of rows when tasks are dropped).
        if self._buffer and self._entries:
            self.next_position = int(self._entries[0]["position"])
        elif self._buffer or self._processed is None:
            self.next_position = self.rows
        else:
            self.next_position = self._processed
        self._save_sidecar()

    def _arrow_schema(self, metadata: Mapping[str, Any] | None = None) -> pa.Schema:
        schema = self.format.schema or parquet_schema
        return schema(metadata)

    def finish(
        self,
        metadata: Mapping[str, Any] | None = None,
        *,
        manifest: str | os.PathLike[str] | None = None,
        manifest_header: Mapping[str, Any] | None = None,
    ) -> int:
        """Commits the rest, writes OUT atomically and removes the partial; returns the rows.

        Args:
            metadata: extra JSON-able entries for the Parquet schema metadata (and, for the
                ``hf`` format, what its dataset card describes).
            manifest: where to write the manifest (needs ``index=True``).
            manifest_header: the manifest's fields besides the per-task entries.
        """
        if self._buffer:
            rows, entries = self._buffer, self._entries
            self._buffer, self._entries = [], []
            self._commit([encode_rows(rows, self.fmt, entries)])
        if self._blocks:
            blocks, self._blocks, self._block_rows = self._blocks, [], 0
            self._commit(blocks)
        self._file.close()
        if self._index is not None:
            self._index.close()
        if manifest is not None and not self.indexed:
            raise ExportError("a manifest needs a writer created with index=True")
        header = {**(manifest_header or {})}
        container = self.format.container
        if container == "dataset":
            inside = manifest is not None and Path(manifest).parent == self.path
            self._write_dataset(metadata, header if inside else None)
            if manifest is not None and not inside:
                write_manifest(manifest, self.index_path, header)
            self.partial.unlink()
        else:
            # The manifest lands just before the data, so a finished export always has one.
            if manifest is not None:
                write_manifest(manifest, self.index_path, header)
            if container == "jsonl":
                os.replace(self.partial, self.path)
            else:
                temp = self.path.with_name(self.path.name + ".partial.tmp")
                try:
                    self._write_parquet(temp, metadata)
                    os.replace(temp, self.path)
                finally:
                    temp.unlink(missing_ok=True)
                self.partial.unlink()
        self.index_path.unlink(missing_ok=True)
        self.sidecar.unlink(missing_ok=True)
        return self.rows

    def _write_parquet(self, target: Path, metadata: Mapping[str, Any] | None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = self._arrow_schema(metadata)
        # Pinned options: the bytes must not depend on pyarrow's defaults changing underneath.
        with (
            pq.ParquetWriter(
                target, schema, compression="zstd", version="2.6", write_statistics=True
            ) as writer,
            open(self.partial, "rb") as source,
        ):
            # Row groups of exactly row_group_size rows, however the rows were batched on
            # their way in (by commit, by worker chunk), so the file depends on the rows only.
            size_of_group = self.row_group_size
            pending: list[pa.RecordBatch] = []
            pending_rows = 0
            while header := source.read(_LENGTH.size):
                (size,) = _LENGTH.unpack(header)
                for batch in pa.ipc.open_stream(source.read(size)):
                    pending.append(batch)
                    pending_rows += batch.num_rows
                    while pending_rows >= size_of_group:
                        merged = pending[0] if len(pending) == 1 else pa.concat_batches(pending)
                        writer.write_batch(merged.slice(0, size_of_group), size_of_group)
                        rest = merged.slice(size_of_group)
                        pending, pending_rows = ([rest] if rest.num_rows else []), rest.num_rows
            if pending_rows:
                merged = pending[0] if len(pending) == 1 else pa.concat_batches(pending)
                writer.write_batch(merged, size_of_group)

    def _write_dataset(
        self, metadata: Mapping[str, Any] | None, manifest_header: Mapping[str, Any] | None
    ) -> None:
        """The ``hf`` format: Parquet first, then a `datasets` directory swapped in whole."""
        from palaestra.benchmarks.exporters import write_hf_dataset

        work = self.path.with_name(self.path.name + ".partial.work")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            staged = work / "tasks.parquet"
            self._write_parquet(staged, metadata)
            built = work / "dataset"
            write_hf_dataset(staged, built, dict(metadata or {}), work / "cache")
            if manifest_header is not None:
                write_manifest(built / "manifest.json", self.index_path, manifest_header)
            _replace_directory(built, self.path)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def close(self) -> None:
        """Closes the partial without finishing (an interrupted run keeps what it committed)."""
        self._file.close()
        if self._index is not None:
            self._index.close()

    def __enter__(self) -> TaskWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._file.closed:
            self.close()


def write_manifest(
    path: str | os.PathLike[str], index: str | os.PathLike[str], header: Mapping[str, Any]
) -> None:
    """Writes an export's manifest: `header`, the env summary and one entry per task.

    The index is streamed twice (a summary pass, then the entries), so memory stays bounded.
    """
    envs: dict[str, dict[str, Any]] = {}
    count = 0
    for entry in _index_entries(index):
        count += 1
        env = envs.setdefault(entry["env"], {"version": entry["version"], "count": 0})
        env["count"] += 1
    fields = {
        "format": MANIFEST_FORMAT,
        "format_version": MANIFEST_FORMAT_VERSION,
        **header,
        "count": count,
        "env_versions": {env: info["version"] for env, info in sorted(envs.items())},
        "env_counts": {env: info["count"] for env, info in sorted(envs.items())},
        "content_hash": CONTENT_HASH,
    }
    with atomic_text(path) as handle:
        handle.write(json.dumps(fields, ensure_ascii=False, indent=1)[:-2])
        handle.write(',\n "tasks": [')
        for number, entry in enumerate(_index_entries(index)):
            handle.write(("\n  " if number == 0 else ",\n  ") + _json(entry))
        handle.write("\n ]\n}\n")


def _index_entries(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Reads an export's manifest (a ``manifest.json``, or the directory holding one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "manifest.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InputFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(value, dict) or value.get("format") != MANIFEST_FORMAT:
        raise InputFileError(f"{path} is not a palaestra manifest (no format {MANIFEST_FORMAT!r})")
    return value


def manifest_hashes(paths: Iterable[str | os.PathLike[str]]) -> frozenset[str]:
    """The content hashes recorded in some manifests (for ``--exclude-manifest``)."""
    hashes: set[str] = set()
    for path in paths:
        try:
            hashes.update(str(task["hash"]) for task in read_manifest(path)["tasks"])
        except (KeyError, TypeError):
            raise InputFileError(f"{path} has no task hashes; is it an export manifest?") from None
    return frozenset(hashes)


def manifest_path_for(path: str | os.PathLike[str], fmt: str) -> Path:
    """Where an export at `path` keeps its manifest: inside a directory, beside a file."""
    path = Path(path)
    if export_format(fmt).container == "dataset":
        return path / "manifest.json"
    return path.with_name(path.name + ".manifest.json")


def _replace_directory(source: Path, target: Path) -> None:
    """Moves `source` onto `target`, replacing an earlier export there with one rename each."""
    old = target.with_name(target.name + ".partial.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(source, target)
    shutil.rmtree(old, ignore_errors=True)


def write_tasks(
    tasks: Iterable[Task],
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    row_group_size: int = ROW_GROUP_SIZE,
    metadata: Mapping[str, Any] | None = None,
) -> int:
    """Writes tasks to a JSONL or Parquet file (or any export format) atomically, streaming."""
    fmt = infer_format(path, fmt)
    with TaskWriter(path, fmt, run=metadata, row_group_size=row_group_size) as writer:
        for position, task in enumerate(tasks):
            writer.add([encode_task(task, fmt, position)])
        return writer.finish(metadata)


def _check_writable(path: Path, *, directory: bool = False) -> None:
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the directory {parent} does not exist")
    if directory:
        if path.is_file():
            raise ExportError(f"cannot write {path}: it is a file, and this format is a directory")
        if path.is_dir() and any(path.iterdir()) and not (path / "dataset_dict.json").exists():
            raise ExportError(
                f"cannot write {path}: it is a directory that holds something other than an "
                "earlier hf export; pick a new directory"
            )
    elif path.is_dir():
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
    if path.is_dir():
        yield from _read_dataset_tasks(path, ids, batch_size)
    elif _sniff(path) == "parquet":
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
    decode: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    for number, value in _jsonl_objects(path):
        if decode is None:  # a trainer's JSONL (openrlhf) holds the task in its label
            trainer = "label" in value and "env" not in value
            decode = export_format("openrlhf").decode if trainer else _identity
        where = f"{path} line {number}"
        try:
            value = decode(value)  # type: ignore[misc]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFileError(f"{where}: not a task ({exc})") from None
        if ids is not None and value.get("id") not in ids:
            continue
        yield _task(value, where)


def _identity(value: dict[str, Any]) -> dict[str, Any]:
    return value


def _read_dataset_tasks(path: Path, ids: Collection[str] | None, batch_size: int) -> Iterator[Task]:
    """An ``hf`` export: the Arrow files `datasets` saved, read without `datasets`."""
    import pyarrow as pa

    try:
        splits = json.loads((path / "dataset_dict.json").read_text(encoding="utf-8"))["splits"]
        files = [
            path / split / item["filename"]
            for split in splits
            for item in json.loads((path / split / "state.json").read_text(encoding="utf-8"))[
                "_data_files"
            ]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputFileError(
            f"cannot read {path}: not a directory written by the hf format ({exc})"
        ) from None
    row = 0
    for file in files:
        with pa.memory_map(str(file)) as source:
            for batch in pa.ipc.open_stream(source):
                for value in batch.to_pylist():
                    row += 1
                    if ids is not None and value["id"] not in ids:
                        continue
                    yield _task(
                        _decode_json_columns(value, f"{file} row {row}"), f"{file} row {row}"
                    )


def _decode_json_columns(value: dict[str, Any], where: str) -> dict[str, Any]:
    for name in JSON_COLUMNS:
        if isinstance(value.get(name), str):
            try:
                value[name] = json.loads(value[name])
            except ValueError as exc:
                raise InputFileError(
                    f"{where}: column {name!r} is not valid JSON ({exc})"
                ) from None
    return value


def _read_parquet_tasks(path: Path, ids: Collection[str] | None, batch_size: int) -> Iterator[Task]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputFileError(f"cannot read {path} as Parquet: {exc}") from None
    with handle:
        header = (handle.schema_arrow.metadata or {}).get(b"palaestra")
        try:
            name = json.loads(header).get("format") if header else None
        except ValueError:
            name = None
        if name in FORMATS and export_format(name).decode is not None:
            yield from _read_trainer_parquet(handle, path, export_format(name), ids, batch_size)
            return
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
                    where = f"{path} row {row}"
                    yield _task(_decode_json_columns(value, where), where)
        except (pa.ArrowException, OSError) as exc:
            raise InputFileError(f"cannot read {path} as Parquet: {exc}") from None


def _read_trainer_parquet(
    handle: Any, path: Path, fmt: ExportFormat, ids: Collection[str] | None, batch_size: int
) -> Iterator[Task]:
    import pyarrow as pa

    assert fmt.decode is not None
    row = 0
    try:
        for batch in handle.iter_batches(batch_size=batch_size):
            for value in batch.to_pylist():
                row += 1
                where = f"{path} row {row}"
                try:
                    fields = fmt.decode(value)
                except (ValueError, KeyError, TypeError) as exc:
                    raise InputFileError(f"{where}: not a {fmt.name} row ({exc})") from None
                if ids is not None and fields.get("id") not in ids:
                    continue
                yield _task(fields, where)
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
