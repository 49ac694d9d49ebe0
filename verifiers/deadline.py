"""Run a function in a killable worker process under a wall-clock deadline.

Expensive checks (math-verify, sympy simplification) can run for minutes or forever on an
adversarial answer. Python cannot interrupt a thread, and ``signal.alarm`` works only in the
main thread of the main interpreter, while trainers call reward functions from thread pools
and from daemonic multiprocessing workers (which may not start multiprocessing children). So
the work runs in a small pool of persistent worker subprocesses
(``python -m palaestra.verifiers._worker MODULE...``, started with `subprocess.Popen`, which
works everywhere): a call that passes its deadline kills its worker, and a replacement starts
in the background.

    outcome = run_with_deadline("package.module:function", (arg1, arg2), timeout_s=5.0,
                                preload=("package.module",))
    outcome.status  # "ok", "error" (the function raised), "timeout" or "crashed"

Properties:
    - Thread-safe: callers share idle workers through a condition variable; a pool has at
      most `max_workers` workers (default min(8, CPUs), at least 2; the environment
      variable ``PALAESTRA_VERIFIER_WORKERS`` overrides it) and further callers wait.
    - Fork-safe: a forked child forgets its parent's workers (without touching them) and
      starts its own on first use.
    - The deadline counts the function's run only: waiting for a free worker or for a fresh
      worker to finish its imports (`preload`) is not charged to the call.
    - Workers exit when the parent closes their stdin, when the parent process goes away,
      at interpreter exit (atexit) and after `max_calls` calls (to bound slow leaks); their
      address space is capped (``memory_mb``) so a bomb fails with MemoryError rather than
      taking the machine down.
    - POSIX only (pipes are polled with `select.poll`).

Arguments and results travel as length-prefixed pickles between this process and its own
workers; both ends are palaestra code, model text only ever travels as a `str` argument.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from palaestra.errors import PalaestraError

WORKER_MODULE = "palaestra.verifiers._worker"
DEFAULT_MEMORY_MB = 2048
DEFAULT_START_TIMEOUT_S = 120.0
DEFAULT_MAX_CALLS = 20_000
_HEADER = struct.Struct("!I")

Status = Literal["ok", "error", "timeout", "crashed"]


class WorkerError(PalaestraError, RuntimeError):
    """A worker process could not be started (bad install, failing preload import)."""


@dataclass(frozen=True)
class Outcome:
    """The result of one call.

    Attributes:
        status: ``ok`` (the function returned `value`), ``error`` (it raised; `detail` names
            the exception), ``timeout`` (it ran past the deadline and its worker was killed)
            or ``crashed`` (the worker died while running it, e.g. a segfault).
        value: the function's return value when status is ``ok``.
        detail: a short description of what went wrong.
        elapsed_s: the seconds the call ran in the worker.
    """

    status: Status
    value: Any = None
    detail: str = ""
    elapsed_s: float = 0.0


class _Expired(Exception):
    pass


class _Died(Exception):
    pass


def default_max_workers() -> int:
    configured = os.environ.get("PALAESTRA_VERIFIER_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(2, min(8, os.cpu_count() or 1))


class _Worker:
    """One worker subprocess and the parent's end of its two pipes."""

    def __init__(self, preload: Sequence[str], memory_mb: int) -> None:
        argv = [sys.executable, "-m", WORKER_MODULE, "--memory-mb", str(memory_mb), *preload]
        env = dict(os.environ)
        # Math libraries must not start a thread per core in every worker.
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(name, "1")
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True, env=env
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._stdin = self.proc.stdin
        self._stdout = self.proc.stdout
        self._fd = self._stdout.fileno()
        self._buffer = bytearray()
        self.ready = False
        self.calls = 0

    def wait_ready(self, timeout_s: float) -> None:
        if self.ready:
            return
        try:
            message = self.receive(time.monotonic() + timeout_s)
        except _Expired:
            raise WorkerError(f"a verifier worker did not start within {timeout_s:.0f} s") from None
        except _Died:
            raise WorkerError(
                f"a verifier worker exited during start-up (exit code {self.proc.poll()}); "
                f"run `{sys.executable} -m {WORKER_MODULE}` to see why"
            ) from None
        if not (isinstance(message, tuple) and message and message[0] == "ready"):
            detail = message[1] if isinstance(message, tuple) and len(message) > 1 else message
            raise WorkerError(f"a verifier worker failed to start: {detail}")
        self.ready = True

    def send(self, message: Any) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._stdin.write(_HEADER.pack(len(data)) + data)
        self._stdin.flush()

    def receive(self, deadline: float | None) -> Any:
        """The next message; raises _Expired at the deadline and _Died at end of file."""
        poller = select.poll()
        poller.register(self._fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        while True:
            if len(self._buffer) >= _HEADER.size:
                (size,) = _HEADER.unpack_from(self._buffer)
                end = _HEADER.size + size
                if len(self._buffer) >= end:
                    data = bytes(self._buffer[_HEADER.size : end])
                    del self._buffer[:end]
                    return pickle.loads(data)
            if deadline is None:
                timeout_ms = None
            else:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _Expired
                timeout_ms = max(1, math.ceil(remaining * 1000))
            if not poller.poll(timeout_ms):
                continue  # the loop re-checks the deadline
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                raise _Died
            self._buffer += chunk

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self.forget()

    def forget(self) -> None:
        """Closes this process's ends of the pipes without signalling the worker."""
        for stream in (self._stdin, self._stdout):
            with contextlib.suppress(OSError, ValueError):
                stream.close()


class WorkerPool:
    """A pool of worker subprocesses that run ``module:function`` targets under deadlines.

    Args:
        preload: modules each worker imports before it reports ready, so that their import
            time is never charged to a call.
        max_workers: the most workers alive at once; default `default_max_workers()`.
        memory_mb: the address-space limit of each worker in MiB (0 for none).
        start_timeout_s: how long a worker may take to start before `WorkerError`.
        max_calls: calls after which a worker is replaced by a fresh one.
    """

    def __init__(
        self,
        preload: Sequence[str] = (),
        *,
        max_workers: int | None = None,
        memory_mb: int = DEFAULT_MEMORY_MB,
        start_timeout_s: float = DEFAULT_START_TIMEOUT_S,
        max_calls: int = DEFAULT_MAX_CALLS,
    ) -> None:
        self.preload = tuple(preload)
        self.max_workers = max_workers or default_max_workers()
        self.memory_mb = int(memory_mb)
        self.start_timeout_s = float(start_timeout_s)
        self.max_calls = int(max_calls)
        self._reset_state()
        _POOLS.add(self)

    def _reset_state(self) -> None:
        self._pid = os.getpid()
        self._cond = threading.Condition(threading.Lock())
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()  # every live worker, idle or busy
        self._count = 0  # slots taken, including workers being started
        self._closed = False

    @property
    def size(self) -> int:
        """The number of workers alive or starting."""
        return self._count

    def call(
        self,
        target: str,
        args: Sequence[Any] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        timeout_s: float,
    ) -> Outcome:
        """Runs ``target(*args, **kwargs)`` in a worker, for at most `timeout_s` seconds.

        Raises:
            ValueError: a non-positive timeout.
            WorkerError: no worker could be started.
        """
        if not timeout_s > 0:
            raise ValueError(f"timeout_s must be positive, got {timeout_s!r}")
        request = (target, tuple(args), dict(kwargs or {}))
        worker = self._acquire()
        keep: _Worker | None = None
        try:
            for attempt in range(2):
                try:
                    worker.wait_ready(self.start_timeout_s)
                    if not worker.alive():
                        raise _Died
                    worker.send(request)
                    break
                except (BrokenPipeError, _Died):
                    # Died while idle (killed from outside): the request was never read.
                    self._discard(worker)
                    if attempt == 1:
                        raise WorkerError("verifier workers keep dying before a call") from None
                    worker = self._new_worker()
            start = time.monotonic()
            try:
                kind, value = worker.receive(start + timeout_s)
            except _Expired:
                self._discard(worker)
                keep = self._replacement()
                return Outcome("timeout", None, f"still running after {timeout_s:g} s", timeout_s)
            except _Died:
                code = None
                with contextlib.suppress(subprocess.TimeoutExpired):
                    code = worker.proc.wait(timeout=1.0)  # end of file comes just before exit
                self._discard(worker)
                keep = self._replacement()
                detail = f"the worker died (exit code {code})"
                return Outcome("crashed", None, detail, time.monotonic() - start)
            elapsed = time.monotonic() - start
            worker.calls += 1
            if worker.calls >= self.max_calls:
                self._discard(worker)
                keep = self._replacement()
            else:
                keep = worker
            if kind == "ok":
                return Outcome("ok", value, "", elapsed)
            return Outcome("error", None, str(value), elapsed)
        except BaseException:
            # An interrupted exchange leaves the pipe out of step: never reuse that worker.
            if keep is None:
                self._discard(worker)
            raise
        finally:
            self._release(keep)

    def _new_worker(self) -> _Worker:
        worker = _Worker(self.preload, self.memory_mb)
        with self._cond:
            self._workers.add(worker)
        return worker

    def _replacement(self) -> _Worker | None:
        """A replacement worker, started now so that its imports overlap other work."""
        try:
            return self._new_worker()
        except OSError:
            return None  # the slot is given up; the next call starts a worker and reports why

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._cond:
            self._workers.discard(worker)

    def _acquire(self) -> _Worker:
        if self._pid != os.getpid():  # forked by means that skipped the at-fork hook
            self._after_fork_in_child()
        with self._cond:
            if self._closed:
                raise WorkerError("the worker pool is closed")
            while not self._idle and self._count >= self.max_workers:
                self._cond.wait()
            if self._idle:
                # A worker that is still starting (a replacement) waits until no ready one is free.
                for index in range(len(self._idle) - 1, -1, -1):
                    if self._idle[index].ready:
                        return self._idle.pop(index)
                return self._idle.pop()
            self._count += 1
        try:
            return self._new_worker()
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise

    def _release(self, worker: _Worker | None) -> None:
        """Returns a worker to the idle list; None gives up its slot."""
        with self._cond:
            if self._pid != os.getpid():
                return
            if worker is None:
                self._count -= 1
            elif self._closed:
                self._count -= 1
                self._workers.discard(worker)
                worker.kill()
            else:
                self._idle.append(worker)
            self._cond.notify()

    def close(self) -> None:
        """Kills every worker of this pool; later calls raise WorkerError."""
        with self._cond:
            if self._pid != os.getpid():
                return
            self._closed = True
            workers = list(self._workers)
            self._count -= len(self._idle)
            self._idle.clear()
            self._workers.clear()
        for worker in workers:
            worker.kill()

    def _after_fork_in_child(self) -> None:
        # The parent's workers belong to the parent: close our copies of the pipes only, and
        # keep the Popen objects so that their finalizers never try to reap another's child.
        for worker in list(self._workers):
            worker.forget()
            _INHERITED.append(worker)
        self._reset_state()


_POOLS: weakref.WeakSet[WorkerPool] = weakref.WeakSet()
_SHARED: dict[tuple[str, ...], WorkerPool] = {}
_SHARED_LOCK = threading.Lock()
_INHERITED: list[_Worker] = []


def get_pool(preload: Sequence[str] = ()) -> WorkerPool:
    """The process-wide shared pool whose workers pre-import `preload`."""
    key = tuple(preload)
    with _SHARED_LOCK:
        pool = _SHARED.get(key)
        if pool is None:
            pool = _SHARED[key] = WorkerPool(key)
        return pool


def run_with_deadline(
    target: str,
    args: Sequence[Any] = (),
    *,
    timeout_s: float,
    preload: Sequence[str] = (),
    kwargs: dict[str, Any] | None = None,
) -> Outcome:
    """Runs the function ``target`` ("module:function") in a shared worker under a deadline.

    Args:
        target: the function to run, as ``"package.module:function"``; its arguments and
            return value must pickle.
        args, kwargs: the call's arguments.
        timeout_s: the deadline in seconds for the function itself.
        preload: modules the worker imports before its first call (name the target's module
            here so that its import is not charged to the first call).

    Returns:
        An `Outcome`; the call never hangs past the deadline once its worker is running.

    Raises:
        WorkerError: no worker could be started.
    """
    return get_pool(preload).call(target, args, kwargs, timeout_s=timeout_s)


def _after_fork_in_child() -> None:
    global _SHARED_LOCK
    _SHARED_LOCK = threading.Lock()
    for pool in list(_POOLS):
        pool._after_fork_in_child()


def _shutdown() -> None:
    for pool in list(_POOLS):
        pool.close()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(_shutdown)
