"""The local backend: an ordered process pool with a bounded number of chunks in flight."""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TypeVar

from palaestra.errors import PalaestraError

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 3
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def default_workers() -> int:
    """The CPUs this process may run on (the affinity mask, which containers narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class ChunkError(Exception):
    """A chunk failed in a worker; carries the text of the original error and its traceback."""

    def __init__(self, message: str, worker_traceback: str, user_error: bool) -> None:
        super().__init__(message, worker_traceback, user_error)
        self.message = message
        self.worker_traceback = worker_traceback
        self.user_error = user_error

    def __str__(self) -> str:
        return f"{self.message}\n\nWorker traceback:\n{self.worker_traceback}"


def wrap_error(exc: Exception, where: str) -> ChunkError:
    """A `ChunkError` for `exc` raised in a worker while doing `where`."""
    import traceback

    text = "".join(traceback.format_exception(exc))
    return ChunkError(f"{where}: {exc}", text, isinstance(exc, PalaestraError))


def raise_chunk_error(exc: ChunkError) -> None:
    """Re-raises a worker's error: a `PalaestraError` for a user error, else the `ChunkError`."""
    if exc.user_error:
        raise PalaestraError(exc.message) from None
    raise exc


def _init_worker(parent: int) -> None:
    # Ctrl-C is handled by the parent, which stops the pool and keeps the committed rows.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (SIGKILL, the OOM killer) cannot stop its pool, and workers
    # blocked on the result pipe would linger forever holding memory: on Linux, ask the kernel
    # to kill each worker with its parent.
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: the parent's shutdown still works
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


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
        raise_chunk_error(exc)
    except BrokenProcessPool:
        raise PalaestraError(
            "a worker process died unexpectedly (see any output above; a worker killed for lack "
            "of memory dies this way); try fewer --workers"
        ) from None


def _pooled(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(os.getpid(),)
    )
    pending: deque[Future[R]] = deque()
    source = iter(items)
    try:
        for item in islice(source, workers * IN_FLIGHT_PER_WORKER):
            pending.append(pool.submit(fn, item))
        while pending:
            result = pending.popleft().result()
            for item in islice(source, 1):
                pending.append(pool.submit(fn, item))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class LocalBackend:
    """A process pool of `workers` processes (every CPU by default); one runs in-process."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self._workers = default_workers() if workers is None else max(1, workers)

    @property
    def workers(self) -> int:
        return self._workers

    def map(self, fn: Callable[[T], R], items: Iterable[T], count: int) -> Iterator[R]:
        return ordered_map(fn, items, min(self._workers, max(count, 1)))

    def close(self) -> None:
        """Nothing to release: each `map` starts and stops its own pool."""

    def __enter__(self) -> LocalBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
