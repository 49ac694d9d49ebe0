"""Parallel generation and verification on a local process pool, ordered and bounded in memory.

Work is cut into chunks of consecutive stream positions; at most a few chunks per worker are in
flight, and results come back in submission order, so the output is the same for any number of
workers and any chunk size, and memory stays bounded however many tasks are asked for.
"""

from __future__ import annotations

import math
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from palaestra.errors import ConfigError, PalaestraError
from palaestra.export import (
    ROW_GROUP_SIZE,
    TaskWriter,
    atomic_text,
    content_hash,
    encode_task,
    infer_format,
    read_responses,
    read_tasks,
)
from palaestra.seeding import SPLITS, stream_seed

if TYPE_CHECKING:
    from palaestra.env import Env
    from palaestra.records import Task

T = TypeVar("T")
R = TypeVar("R")
ProgressCallback = Callable[[int, int], None]
"""Called with (done, total) when a run starts and after each chunk."""

_MAX_CHUNK = 256
_IN_FLIGHT_PER_WORKER = 3


def default_workers() -> int:
    """The CPUs this process may run on (the affinity mask, which containers narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


# ----------------------------------------------------------------------------- the pool


class ChunkError(Exception):
    """A chunk failed in a worker; carries the text of the original error and its traceback."""

    def __init__(self, message: str, worker_traceback: str, user_error: bool) -> None:
        super().__init__(message, worker_traceback, user_error)
        self.message = message
        self.worker_traceback = worker_traceback
        self.user_error = user_error

    def __str__(self) -> str:
        return f"{self.message}\n\nWorker traceback:\n{self.worker_traceback}"


def _ignore_sigint() -> None:
    # Ctrl-C is handled by the parent, which stops the pool and keeps the committed rows.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """`map(fn, items)` on `workers` processes, in order, with a bounded number in flight.

    With one worker it runs in this process (no pool to start). A worker error is re-raised
    here: a `PalaestraError` for a `ChunkError` that wraps one, the `ChunkError` otherwise.
    """
    try:
        if workers <= 1:
            for item in items:
                yield fn(item)
            return
        yield from _pooled(fn, items, workers)
    except ChunkError as exc:
        if exc.user_error:
            raise PalaestraError(exc.message) from None
        raise
    except BrokenProcessPool:
        raise PalaestraError(
            "a worker process died unexpectedly (see any output above; a worker killed for lack "
            "of memory dies this way); try fewer --workers"
        ) from None


def _pooled(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_sigint)
    pending: deque[Future[R]] = deque()
    source = iter(items)
    try:
        for item in islice(source, workers * _IN_FLIGHT_PER_WORKER):
            pending.append(pool.submit(fn, item))
        while pending:
            result = pending.popleft().result()
            for item in islice(source, 1):
                pending.append(pool.submit(fn, item))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunk_size(remaining: int, workers: int) -> int:
    # Several chunks per worker balance the load; the cap keeps results small to ship back.
    return max(1, min(_MAX_CHUNK, math.ceil(remaining / (workers * 8))))


_env_cache: dict[type, Any] = {}


def _env(cls: type[Env]) -> Env:
    env = _env_cache.get(cls)
    if env is None:
        env = _env_cache[cls] = cls()
    return env


def _wrap(exc: Exception, where: str) -> ChunkError:
    import traceback

    text = "".join(traceback.format_exception(exc))
    return ChunkError(f"{where}: {exc}", text, isinstance(exc, PalaestraError))


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


def _generate_chunk(chunk: _GenerateChunk) -> tuple[list[Any], list[dict[str, Any]]]:
    env = _env(chunk.cls)
    rows, entries = [], []
    for position in range(chunk.start, chunk.stop):
        level = None if chunk.levels is None else chunk.levels[position % len(chunk.levels)]
        seed = stream_seed(chunk.seed, position)
        try:
            task = env.generate(seed, level, split=chunk.split, **chunk.knobs)
            rows.append(encode_task(task, chunk.fmt, chunk.offset + position))
        except Exception as exc:
            where = f"{chunk.cls.id} task {position} (seed {seed}, difficulty {level})"
            raise _wrap(exc, where) from None
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
    return rows, entries


def generate_chunks(
    run: Plan, fmt: str, *, start: int = 0, workers: int = 1
) -> Iterator[tuple[list[Any], list[dict[str, Any]]]]:
    """(encoded rows, index entries) of the run from global position `start` on, in order."""
    segments = run.segments()
    plan = run.plan()
    total = sum(segment.n for segment in segments)
    chunk = _chunk_size(total - start, workers)
    items = []
    offset = 0
    for segment, (cls, levels) in zip(segments, plan, strict=True):
        first = max(start - offset, 0)
        for lo in range(first, segment.n, chunk):
            items.append(
                _GenerateChunk(
                    cls,
                    levels,
                    segment.seed,
                    segment.split,
                    dict(segment.knobs),
                    fmt,
                    lo,
                    min(lo + chunk, segment.n),
                    offset,
                    segment.label,
                    segment.group,
                )
            )
        offset += segment.n
    return ordered_map(_generate_chunk, items, min(workers, max(len(items), 1)))


def generate_rows(run: Plan, fmt: str, *, start: int = 0, workers: int = 1) -> Iterator[list[Any]]:
    """Encoded rows (see `export.encode_task`) of the run from global position `start` on."""
    for rows, _ in generate_chunks(run, fmt, start=start, workers=workers):
        yield rows


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
) -> GenerateResult:
    """Generates a run into an export (a task file, or a trainer format), atomically.

    Args:
        run: what to generate (a `GenerationRun`, or a suite's plan).
        path: the output file (a directory for ``hf``); its suffix gives the format unless
            `fmt` is given.
        workers: processes to use; all available CPUs by default.
        resume: continue the partial an interrupted run of the same arguments left behind.
        row_group_size: tasks per Parquet row group (and per resumable commit).
        progress: called with (done, total).
        manifest: where to write the export's manifest (`export.write_manifest`); none if None.
        exclude: content hashes (see `export.content_hash`) of tasks to drop, e.g. those of an
            eval set's manifest; dropped positions are not refilled, so seeds stay put.
        exclude_sources: where `exclude` came from, recorded in the manifest.
    """
    fmt = infer_format(path, fmt)
    run.plan()  # fail on a bad env, knob or level before touching any file
    workers = default_workers() if workers is None else workers
    started = time.perf_counter()
    description = run.describe()
    exclude = frozenset(exclude)
    arguments = dict(description)
    if exclude:
        arguments["exclude"] = _digest(sorted(exclude))
    excluded = 0
    with TaskWriter(
        path, fmt, run=arguments, resume=resume, row_group_size=row_group_size, index=True
    ) as writer:
        position = writer.next_position
        if progress:
            progress(position, run.total)
        for rows, entries in generate_chunks(run, fmt, start=position, workers=workers):
            position += len(rows)
            if exclude:
                kept = [i for i, entry in enumerate(entries) if entry["hash"] not in exclude]
                excluded += len(rows) - len(kept)
                rows = [rows[i] for i in kept]
                entries = [entries[i] for i in kept]
            writer.add(rows, entries, next_position=position)
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


def _verify_chunk(chunk: _VerifyChunk) -> list[dict[str, Any]]:
    rows = []
    for task, output in chunk.pairs:
        try:
            verdict = _env(chunk.classes[task.env]).verify(task, output)
        except Exception as exc:  # verify never raises; this guards against a broken env
            raise _wrap(exc, f"verifying task {task.id} of {task.env}") from None
        rows.append(
            {
                "task_id": task.id,
                "env": task.env,
                "difficulty": task.difficulty,
                "score": verdict.score,
                "correct": verdict.correct,
                "reason": verdict.reason,
                "feedback": verdict.feedback,
            }
        )
    return rows


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
    chunk_size: int = 64,
    progress: ProgressCallback | None = None,
) -> VerifyResult:
    """Scores a responses file against a task file; writes one JSON line per response.

    Memory holds the tasks that the responses name (not the whole task file) and a bounded
    number of chunks in flight. Every response must name a task of the file.

    Raises:
        InputFileError: unreadable or malformed files, or responses naming unknown task ids.
    """
    from palaestra.errors import InputFileError
    from palaestra.registry import spec

    started = time.perf_counter()
    workers = default_workers() if workers is None else workers
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

    import json

    groups: dict[tuple[str, int | None], list[float]] = {}  # [count, score sum, correct]
    done = 0
    if progress:
        progress(0, count)
    pool_size = min(workers, max(1, math.ceil(count / chunk_size)))
    with atomic_text(out_path) as handle:
        for rows in ordered_map(_verify_chunk, chunks(), pool_size):
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                group = groups.setdefault((row["env"], row["difficulty"]), [0, 0.0, 0])
                group[0] += 1
                group[1] += row["score"]
                group[2] += row["correct"]
            done += len(rows)
            if progress:
                progress(done, count)
    summary = [
        ScoreSummary(env, level, int(n), total / n, correct / n)
        for (env, level), (n, total, correct) in sorted(
            groups.items(), key=lambda item: (item[0][0], item[0][1] is not None, item[0][1] or 0)
        )
    ]
    return VerifyResult(Path(out_path), count, time.perf_counter() - started, summary)
