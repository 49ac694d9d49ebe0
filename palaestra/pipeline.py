"""Parallel generation and verification, ordered and bounded in memory, on a chosen backend.

Work is cut into chunks of consecutive stream positions; at most a few chunks per worker are in
flight, and results come back in submission order, so the output is the same for any number of
workers, any chunk size and any backend (`palaestra.backends`: a local process pool or Ray), and
memory stays bounded however many tasks are asked for. A chunk is shipped as a small range of
positions (each task's seed derives from its position) and comes back already serialized (an
Arrow IPC stream or JSON lines, with index lines), so the driver only writes bytes. Chunks never
straddle a Parquet row group, so (when no task is dropped) each commit is one row group.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from palaestra.backends import Backend, open_backend
from palaestra.backends.local import (
    ChunkError,
    default_workers,
    ordered_map,
    wrap_error,
)
from palaestra.errors import ConfigError
from palaestra.export import (
    ROW_GROUP_SIZE,
    EncodedRows,
    TaskWriter,
    atomic_text,
    content_hash,
    encode_rows,
    export_format,
    infer_format,
    read_responses,
    read_tasks,
)
from palaestra.seeding import SPLITS, stream_seed

if TYPE_CHECKING:
    from palaestra.env import Env
    from palaestra.records import Task

__all__ = [
    "ChunkError",
    "GenerateResult",
    "GenerationRun",
    "Plan",
    "ProgressCallback",
    "ScoreSummary",
    "Segment",
    "VerifyResult",
    "default_workers",
    "generate_blocks",
    "generate_to_file",
    "ordered_map",
    "plan_segments",
    "verify_to_file",
]

ProgressCallback = Callable[[int, int], None]
"""Called with (done, total) when a run starts and after each chunk."""

_MAX_CHUNK = 500


def _chunk_size(remaining: int, workers: int) -> int:
    # Several chunks per worker balance the load; the cap keeps results small to ship back.
    return max(1, min(_MAX_CHUNK, math.ceil(remaining / (workers * 8))))


_env_cache: dict[type, Any] = {}
_encoders: dict[str, Callable[[Task, int], Any]] = {}


def _env(cls: type[Env]) -> Env:
    env = _env_cache.get(cls)
    if env is None:
        env = _env_cache[cls] = cls()
    return env


def _encoder(fmt: str) -> Callable[[Task, int], Any]:
    encode = _encoders.get(fmt)
    if encode is None:
        encode = _encoders[fmt] = export_format(fmt).encode
    return encode


# ----------------------------------------------------------------------------- generation


@dataclass(frozen=True)
class Segment:
    """`n` consecutive stream positions of one env: what `Env.stream` would yield.

    Task ``i`` is ``env.generate(stream_seed(seed, i), level_i, split=split, **knobs)`` with
    levels cycling through `difficulty`. `label` and `group` name the segment in eval reports.
    """

    env_id: str
    n: int
    seed: int = 0
    difficulty: int | str | None = None
    split: str = "train"
    knobs: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None
    group: str | None = None

    def describe(self) -> dict[str, Any]:
        described = {
            "env": self.env_id,
            "n": self.n,
            "seed": self.seed,
            "positions": [0, self.n],
            "difficulty": None if self.difficulty is None else str(self.difficulty),
            "split": self.split,
            "knobs": dict(self.knobs),
        }
        if self.label is not None:
            described["label"] = self.label
        if self.group is not None:
            described["group"] = self.group
        return described


@dataclass(frozen=True)
class GenerationRun:
    """What `palaestra generate` produces: `n` tasks of each env, env after env.

    Task ``i`` of an env is ``env.generate(stream_seed(seed, i), level_i, split=split, **knobs)``
    with levels cycling as in `Env.stream`, so each env's part of the output equals
    ``list(make(env_id).stream(n, seed=seed, difficulty=difficulty, split=split, **knobs))``.
    The knobs apply to every env.
    """

    env_ids: tuple[str, ...]
    n: int
    seed: int = 0
    difficulty: int | str | None = None
    split: str = "train"
    knobs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.n * len(self.env_ids)

    def describe(self) -> dict[str, Any]:
        """The arguments as JSON (recorded in Parquet metadata and resume sidecars)."""
        from palaestra import __version__

        return {
            "envs": list(self.env_ids),
            "n": self.n,
            "seed": self.seed,
            "difficulty": None if self.difficulty is None else str(self.difficulty),
            "split": self.split,
            "knobs": dict(self.knobs),
            "palaestra_version": __version__,
        }

    def segments(self) -> list[Segment]:
        return [
            Segment(env_id, self.n, self.seed, self.difficulty, self.split, dict(self.knobs))
            for env_id in self.env_ids
        ]

    def plan(self) -> list[tuple[type[Env], list[int] | None]]:
        """Each env's class and level cycle; checks every knob and level before any work."""
        if not self.env_ids:
            raise ConfigError("give at least one environment id")
        repeated = sorted({e for e in self.env_ids if self.env_ids.count(e) > 1})
        if repeated:
            raise ConfigError(f"{repeated[0]} is given more than once; give each env once")
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 0:
            raise ConfigError(f"n must be a non-negative integer, got {self.n!r}")
        return plan_segments(self.segments())


def plan_segments(segments: Iterable[Segment]) -> list[tuple[type[Env], list[int] | None]]:
    """Each segment's class and level cycle; checks every knob and level before any work."""
    from palaestra.env import parse_levels
    from palaestra.registry import spec

    plan = []
    for segment in segments:
        if isinstance(segment.n, bool) or not isinstance(segment.n, int) or segment.n < 0:
            raise ConfigError(f"n must be a non-negative integer, got {segment.n!r}")
        seed = segment.seed
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ConfigError(f"seed must be a non-negative integer, got {seed!r}")
        if segment.split not in SPLITS:
            raise ConfigError(f"split must be one of {', '.join(SPLITS)}, got {segment.split!r}")
        cls = spec(segment.env_id).load()
        if segment.difficulty is not None and not cls.levels:
            raise ConfigError(f"{segment.env_id} has no difficulty levels; set its knobs instead")
        levels = parse_levels(segment.difficulty, cls.levels)
        env = cls()
        for level in levels or [None]:
            env.resolve_params(level, **segment.knobs)
        plan.append((cls, levels))
    return plan


class Plan(Protocol):
    """Anything `generate_to_file` can generate: segments written one after the other."""

    @property
    def total(self) -> int: ...

    def segments(self) -> list[Segment]: ...

    def plan(self) -> list[tuple[type[Env], list[int] | None]]: ...

    def describe(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class _GenerateChunk:
    cls: type[Env]
    levels: list[int] | None
    seed: int
    split: str
    knobs: Mapping[str, Any]
    fmt: str
    start: int
    stop: int
    offset: int
    label: str | None = None
    group: str | None = None


def _generate_chunk(chunk: _GenerateChunk) -> EncodedRows:
    """Generates positions [start, stop) of a segment; returns them serialized, with index lines."""
    env = _env(chunk.cls)
    encode = _encoder(chunk.fmt)
    rows, entries = [], []
    for position in range(chunk.start, chunk.stop):
        level = None if chunk.levels is None else chunk.levels[position % len(chunk.levels)]
        seed = stream_seed(chunk.seed, position)
        try:
            task = env.generate(seed, level, split=chunk.split, **chunk.knobs)
            rows.append(encode(task, chunk.offset + position))
        except Exception as exc:
            where = f"{chunk.cls.id} task {position} (seed {seed}, difficulty {level})"
            raise wrap_error(exc, where) from None
        entry = {
            "position": chunk.offset + position,
            "id": task.id,
            "env": task.env,
            "version": task.version,
            "seed": seed,
            "difficulty": level,
            "hash": content_hash(task),
        }
        if chunk.label is not None:
            entry["label"] = chunk.label
        if chunk.group is not None:
            entry["group"] = chunk.group
        entries.append(entry)
    return encode_rows(rows, chunk.fmt, entries)


def _bounds(
    sizes: list[int], start: int, target: int, group: int
) -> Iterator[tuple[int, int, int, int]]:
    """(segment, segment offset, lo, hi) of each chunk from global position `start` on.

    Chunks hold at most `target` positions of one segment and never cross a multiple of
    `group` (a row group), so that, with no task dropped, the writer commits whole row groups.
    """
    offset = 0
    for index, n in enumerate(sizes):
        position, end = max(start, offset), offset + n
        while position < end:
            stop = min(position + target, (position // group + 1) * group, end)
            yield index, offset, position - offset, stop - offset
            position = stop
        offset = end


def generate_blocks(
    run: Plan,
    fmt: str,
    backend: Backend,
    *,
    start: int = 0,
    row_group_size: int = ROW_GROUP_SIZE,
) -> Iterator[EncodedRows]:
    """The run's tasks from global position `start` on, serialized for `fmt`, chunk by chunk.

    Each block holds one chunk of consecutive positions (its `count` rows, before any are
    dropped), in order; see `_bounds` for how chunks are cut.
    """
    segments = run.segments()
    plan = run.plan()
    sizes = [segment.n for segment in segments]
    target = _chunk_size(sum(sizes) - start, backend.workers)
    count = sum(1 for _ in _bounds(sizes, start, target, row_group_size))

    def items() -> Iterator[_GenerateChunk]:
        for index, offset, lo, hi in _bounds(sizes, start, target, row_group_size):
            segment = segments[index]
            cls, levels = plan[index]
            yield _GenerateChunk(
                cls,
                levels,
                segment.seed,
                segment.split,
                dict(segment.knobs),
                fmt,
                lo,
                hi,
                offset,
                segment.label,
                segment.group,
            )

    return backend.map(_generate_chunk, items(), count)


@dataclass(frozen=True)
class GenerateResult:
    """What `generate_to_file` did; `resumed_from` tasks came from an earlier, interrupted run.

    `tasks` counts the tasks in the output; `excluded` those dropped because their content
    hash was in an excluded manifest.
    """

    path: Path
    tasks: int
    resumed_from: int
    seconds: float
    discarded_partial: bool
    excluded: int = 0
    manifest: Path | None = None


def generate_to_file(
    run: Plan,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    row_group_size: int = ROW_GROUP_SIZE,
    progress: ProgressCallback | None = None,
    manifest: str | os.PathLike[str] | None = None,
    exclude: Collection[str] = frozenset(),
    exclude_sources: Iterable[str] = (),
    backend: str = "local",
) -> GenerateResult:
    """Generates a run into an export (a task file, or a trainer format), atomically.

    Args:
        run: what to generate (a `GenerationRun`, or a suite's plan).
        path: the output file (a directory for ``hf``); its suffix gives the format unless
            `fmt` is given.
        workers: processes to use; all available CPUs by default. For ``ray``, the CPUs of
            the local Ray started when ``RAY_ADDRESS`` is not set.
        resume: continue the partial an interrupted run of the same arguments left behind.
        row_group_size: tasks per Parquet row group (and per resumable commit).
        progress: called with (done, total).
        manifest: where to write the export's manifest (`export.write_manifest`); none if None.
        exclude: content hashes (see `export.content_hash`) of tasks to drop, e.g. those of an
            eval set's manifest; dropped positions are not refilled, so seeds stay put.
        exclude_sources: where `exclude` came from, recorded in the manifest.
        backend: ``local`` (a process pool) or ``ray`` (see `palaestra.backends`); the output
            is the same byte for byte.
    """
    fmt = infer_format(path, fmt)
    run.plan()  # fail on a bad env, knob or level before touching any file
    started = time.perf_counter()
    description = run.describe()
    exclude = frozenset(exclude)
    arguments = dict(description)
    if exclude:
        arguments["exclude"] = _digest(sorted(exclude))
    excluded = 0
    with (
        open_backend(backend, workers) as runner,
        TaskWriter(
            path, fmt, run=arguments, resume=resume, row_group_size=row_group_size, index=True
        ) as writer,
    ):
        position = writer.next_position
        if progress:
            progress(position, run.total)
        for block in generate_blocks(
            run, fmt, runner, start=position, row_group_size=row_group_size
        ):
            position += block.count
            if exclude:
                keep = [digest not in exclude for digest in block.hashes]
                excluded += len(keep) - sum(keep)
                block = block.select(keep, fmt)
            writer.add_encoded(block, next_position=position)
            if progress:
                progress(position, run.total)
        header = {
            "palaestra_version": description.get("palaestra_version"),
            "export": {"format": fmt, "path": Path(path).name},
            "split": _split_of(run),
            "run": description,
            "segments": [segment.describe() for segment in run.segments()],
            "excluded": {"manifests": list(exclude_sources), "hashes": len(exclude)},
        }
        tasks = writer.finish({"run": description}, manifest=manifest, manifest_header=header)
    return GenerateResult(
        Path(path),
        tasks,
        writer.resumed_from,
        time.perf_counter() - started,
        writer.discarded_partial,
        run.total - tasks,
        None if manifest is None else Path(manifest),
    )


def _split_of(run: Plan) -> str | None:
    splits = {segment.split for segment in run.segments()}
    return splits.pop() if len(splits) == 1 else None


def _digest(values: list[str]) -> str:
    import hashlib

    return hashlib.blake2b("\n".join(values).encode(), digest_size=16).hexdigest()


# ----------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class _VerifyChunk:
    classes: Mapping[str, type[Env]]
    pairs: list[tuple[Task, str | None]]


@dataclass(frozen=True)
class _Scored:
    """A verified chunk: its score lines and, per (env, level), [count, score sum, correct]."""

    lines: bytes
    count: int
    groups: dict[tuple[str, int | None], list[float]]


def _verdicts(env: Env, pairs: list[tuple[Task, str | None]]) -> list[Any]:
    """Verdicts of one env's pairs: through `env.verify_batch` where the env has one."""
    batch = getattr(env, "verify_batch", None)
    if batch is not None:
        try:
            return list(batch([task for task, _ in pairs], [output for _, output in pairs]))
        except Exception:  # verify never raises; find and name the task that broke it
            pass
    verdicts = []
    for task, output in pairs:
        try:
            verdicts.append(env.verify(task, output))
        except Exception as exc:  # verify never raises; this guards against a broken env
            raise wrap_error(exc, f"verifying task {task.id} of {task.env}") from None
    return verdicts


def _verify_chunk(chunk: _VerifyChunk) -> _Scored:
    import json

    lines = []
    groups: dict[tuple[str, int | None], list[float]] = {}
    pairs = chunk.pairs
    first = 0
    while first < len(pairs):  # runs of one env go to its verify_batch together
        env_id = pairs[first][0].env
        last = first
        while last < len(pairs) and pairs[last][0].env == env_id:
            last += 1
        run = pairs[first:last]
        verdicts = _verdicts(_env(chunk.classes[env_id]), run)
        for (task, _), verdict in zip(run, verdicts, strict=True):
            row = {
                "task_id": task.id,
                "env": task.env,
                "difficulty": task.difficulty,
                "score": verdict.score,
                "correct": verdict.correct,
                "reason": verdict.reason,
                "feedback": verdict.feedback,
            }
            lines.append(json.dumps(row, ensure_ascii=False) + "\n")
            group = groups.setdefault((task.env, task.difficulty), [0, 0.0, 0])
            group[0] += 1
            group[1] += verdict.score
            group[2] += verdict.correct
        first = last
    return _Scored("".join(lines).encode("utf-8"), len(lines), groups)


@dataclass(frozen=True)
class ScoreSummary:
    """Scores of one (env, difficulty) group."""

    env: str
    difficulty: int | None
    count: int
    mean_score: float
    accuracy: float


@dataclass(frozen=True)
class VerifyResult:
    """What `verify_to_file` scored, with a summary per (env, difficulty)."""

    path: Path
    responses: int
    seconds: float
    groups: list[ScoreSummary]

    @property
    def mean_score(self) -> float:
        total = sum(g.mean_score * g.count for g in self.groups)
        return total / self.responses if self.responses else 0.0


def verify_to_file(
    tasks_path: str | os.PathLike[str],
    responses_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    workers: int | None = None,
    chunk_size: int = 256,
    progress: ProgressCallback | None = None,
    backend: str = "local",
) -> VerifyResult:
    """Scores a responses file against a task file; writes one JSON line per response.

    Memory holds the tasks that the responses name (not the whole task file) and a bounded
    number of chunks in flight. Every response must name a task of the file. Each run of
    consecutive responses to one env goes to its `verify_batch` (per-item `verify` for an env
    without one); workers send back the score lines already serialized.

    Args:
        backend: ``local`` (a process pool) or ``ray`` (see `palaestra.backends`).

    Raises:
        InputFileError: unreadable or malformed files, or responses naming unknown task ids.
    """
    from palaestra.errors import InputFileError
    from palaestra.registry import spec

    started = time.perf_counter()
    wanted: dict[str, None] = {}  # a dict keeps the ids in response order for the error message
    count = 0
    for response in read_responses(responses_path):
        wanted.setdefault(response.task_id)
        count += 1
    tasks: dict[str, Task] = {}
    for task in read_tasks(tasks_path, ids=wanted):
        tasks.setdefault(task.id, task)
    missing = [task_id for task_id in wanted if task_id not in tasks]
    if missing:
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        raise InputFileError(
            f"{len(missing)} task id(s) in {os.fspath(responses_path)} are not in "
            f"{os.fspath(tasks_path)}: {shown}; score responses against the task file they "
            "were produced from, or remove those lines"
        )
    classes = {env_id: spec(env_id).load() for env_id in sorted({t.env for t in tasks.values()})}

    def chunks() -> Iterator[_VerifyChunk]:
        pairs: list[tuple[Task, str | None]] = []
        for response in read_responses(responses_path):
            pairs.append((tasks[response.task_id], response.output))
            if len(pairs) == chunk_size:
                yield _VerifyChunk(classes, pairs)
                pairs = []
        if pairs:
            yield _VerifyChunk(classes, pairs)

    groups: dict[tuple[str, int | None], list[float]] = {}  # [count, score sum, correct]
    done = 0
    if progress:
        progress(0, count)
    with open_backend(backend, workers) as runner, atomic_text(out_path) as handle:
        for scored in runner.map(_verify_chunk, chunks(), math.ceil(count / chunk_size)):
            handle.write(scored.lines.decode("utf-8"))
            for key, (n, total, correct) in scored.groups.items():
                group = groups.setdefault(key, [0, 0.0, 0])
                group[0] += n
                group[1] += total
                group[2] += correct
            done += scored.count
            if progress:
                progress(done, count)
    summary = [
        ScoreSummary(env, level, int(n), total / n, correct / n)
        for (env, level), (n, total, correct) in sorted(
            groups.items(), key=lambda item: (item[0][0], item[0][1] is not None, item[0][1] or 0)
        )
    ]
    return VerifyResult(Path(out_path), count, time.perf_counter() - started, summary)
