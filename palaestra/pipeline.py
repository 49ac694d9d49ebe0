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
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from palaestra.errors import ConfigError, PalaestraError
from palaestra.export import (
    ROW_GROUP_SIZE,
    TaskWriter,
    atomic_text,
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

    def plan(self) -> list[tuple[type[Env], list[int] | None]]:
        """Each env's class and level cycle; checks every knob and level before any work."""
        from palaestra.env import parse_levels
        from palaestra.registry import spec

        if not self.env_ids:
            raise ConfigError("give at least one environment id")
        repeated = sorted({e for e in self.env_ids if self.env_ids.count(e) > 1})
        if repeated:
            raise ConfigError(f"{repeated[0]} is given more than once; give each env once")
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 0:
            raise ConfigError(f"n must be a non-negative integer, got {self.n!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise ConfigError(f"seed must be a non-negative integer, got {self.seed!r}")
        if self.split not in SPLITS:
            raise ConfigError(f"split must be one of {', '.join(SPLITS)}, got {self.split!r}")
        plan = []
        for env_id in self.env_ids:
            cls = spec(env_id).load()
            if self.difficulty is not None and not cls.levels:
                raise ConfigError(f"{env_id} has no difficulty levels; set its knobs instead")
            levels = parse_levels(self.difficulty, cls.levels)
            env = cls()
            for level in levels or [None]:
                env.resolve_params(level, **self.knobs)
            plan.append((cls, levels))
        return plan


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


def _generate_chunk(chunk: _GenerateChunk) -> list[Any]:
    env = _env(chunk.cls)
    rows = []
    for position in range(chunk.start, chunk.stop):
        level = None if chunk.levels is None else chunk.levels[position % len(chunk.levels)]
        seed = stream_seed(chunk.seed, position)
        try:
            task = env.generate(seed, level, split=chunk.split, **chunk.knobs)
            rows.append(encode_task(task, chunk.fmt))
        except Exception as exc:
            where = f"{chunk.cls.id} task {position} (seed {seed}, difficulty {level})"
            raise _wrap(exc, where) from None
    return rows


def generate_rows(
    run: GenerationRun, fmt: str, *, start: int = 0, workers: int = 1
) -> Iterator[list[Any]]:
    """Encoded rows (see `export.encode_task`) of the run from global position `start` on."""
    plan = run.plan()
    chunk = _chunk_size(run.total - start, workers)
    firsts = [max(start - index * run.n, 0) for index in range(len(plan))]
    count = sum(math.ceil((run.n - first) / chunk) for first in firsts)
    items = (
        _GenerateChunk(
            cls, levels, run.seed, run.split, dict(run.knobs), fmt, lo, min(lo + chunk, run.n)
        )
        for (cls, levels), first in zip(plan, firsts, strict=True)
        for lo in range(first, run.n, chunk)
    )
    return ordered_map(_generate_chunk, items, min(workers, max(count, 1)))


@dataclass(frozen=True)
class GenerateResult:
    """What `generate_to_file` did; `resumed_from` tasks came from an earlier, interrupted run."""

    path: Path
    tasks: int
    resumed_from: int
    seconds: float
    discarded_partial: bool


def generate_to_file(
    run: GenerationRun,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    row_group_size: int = ROW_GROUP_SIZE,
    progress: ProgressCallback | None = None,
) -> GenerateResult:
    """Generates a run into a JSONL or Parquet file, atomically (see `export.TaskWriter`).

    Args:
        run: what to generate.
        path: the output file; its suffix gives the format unless `fmt` is given.
        workers: processes to use; all available CPUs by default.
        resume: continue the partial an interrupted run of the same arguments left behind.
        row_group_size: tasks per Parquet row group (and per resumable commit).
        progress: called with (done, total).
    """
    fmt = infer_format(path, fmt)
    run.plan()  # fail on a bad env, knob or level before touching any file
    workers = default_workers() if workers is None else workers
    started = time.perf_counter()
    description = run.describe()
    with TaskWriter(
        path, fmt, run=description, resume=resume, row_group_size=row_group_size
    ) as writer:
        done = writer.rows
        if progress:
            progress(done, run.total)
        for rows in generate_rows(run, fmt, start=done, workers=workers):
            writer.add(rows)
            done += len(rows)
            if progress:
                progress(done, run.total)
        writer.finish({"run": description})
    return GenerateResult(
        Path(path),
        run.total,
        writer.resumed_from,
        time.perf_counter() - started,
        writer.discarded_partial,
    )


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
