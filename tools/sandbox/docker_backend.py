"""The ``docker`` backend: long-lived locked-down containers driven through the Docker SDK.

Each slot is one container started once (no network, read-only root, tmpfs work folders,
pids and memory limits, every capability dropped, no_new_privs, an unprivileged user); a job
copies its files in, runs with ``timeout`` and copies requested files out. Used when an engine
answers (``pip install 'palaestra[docker]'``); otherwise the backend reports why it is
unavailable and `Sandbox` moves on.
"""

from __future__ import annotations

import io
import os
import tarfile
import threading
import time
from typing import Any

from palaestra.errors import SandboxError
from palaestra.tools.sandbox.results import Limits

WORK = "/sandbox"


def _client() -> Any:
    try:
        import docker
    except ImportError:
        raise SandboxError(
            "the Docker SDK is not installed: pip install 'palaestra[docker]'"
        ) from None
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if host.startswith("unix://") and not os.path.exists(host.removeprefix("unix://")):
        raise SandboxError(f"no Docker engine answers: {host} does not exist")
    try:
        client = docker.from_env(timeout=5)
        client.ping()
    except Exception as exc:  # the SDK raises several types for "no engine"
        raise SandboxError(f"no Docker engine answers: {type(exc).__name__}: {exc}") from None
    return client


class DockerPool:
    """Same interface as `workers.SlotPool`: `call(job, timeout)`, `self_check()`, `close()`."""

    def __init__(self, image: str, size: int, limits: Limits) -> None:
        self.client = _client()
        self.image = image
        self.size = size
        self.limits = limits
        self._idle: list[Any] = []
        self._cond = threading.Condition()
        self._containers: list[Any] = []
        for _ in range(size):
            self._containers.append(self._start())
        self._idle = list(self._containers)

    def _start(self) -> Any:
        limits = self.limits
        tmpfs = f"size={limits.files_mb}m,mode=1777"
        return self.client.containers.run(
            self.image,
            command=["sleep", "infinity"],
            detach=True,
            network_mode="none",
            read_only=True,
            tmpfs={WORK: tmpfs, "/tmp": tmpfs},
            pids_limit=limits.processes,
            mem_limit=f"{limits.memory_mb}m",
            memswap_limit=f"{limits.memory_mb}m",
            cap_drop=["ALL"],
            security_opt=["no-new-privileges"],
            user="65534:65534",
            working_dir=WORK,
            environment={},
            auto_remove=True,
        )

    def self_check(self) -> tuple[dict[str, str], dict[str, str]]:
        features = {
            "container": f"{self.image}: no network, read-only root, tmpfs, caps dropped",
            "cgroup": "docker memory and pids limits",
        }
        missing = {"prefork": "each job is a docker exec (slower than the local backend)"}
        return features, missing

    def call(self, job: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        with self._cond:
            while not self._idle:
                self._cond.wait()
            container = self._idle.pop()
        try:
            return self._run(container, job)
        except Exception:
            return None
        finally:
            with self._cond:
                self._idle.append(container)
                self._cond.notify()

    def _run(self, container: Any, job: dict[str, Any]) -> dict[str, Any]:
        limits = job["limits"]
        container.exec_run(["sh", "-c", f"rm -rf {WORK}/* {WORK}/.[!.]* /tmp/* 2>/dev/null"])
        archive = io.BytesIO()
        with tarfile.open(fileobj=archive, mode="w") as tar:
            files = {**job["files"], ".stdin": job.get("stdin") or b""}
            for name, content in files.items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                info.mode = 0o755 if content[:4] == b"\x7fELF" else 0o644
                tar.addfile(info, io.BytesIO(content))
        container.put_archive(WORK, archive.getvalue())
        argv = " ".join(_quote(a) for a in job["argv"])
        wall = limits["wall_s"]
        cpu = max(1, int(limits["cpu_s"] + 0.999))
        script = (
            f"ulimit -t {cpu} -f {limits['files_bytes'] // 1024} -n {limits['open_files']}; "
            f"exec timeout -s KILL {wall} {argv} < .stdin"
        )
        start = time.monotonic()
        exit_code, (stdout, stderr) = container.exec_run(["sh", "-c", script], demux=True)
        elapsed = time.monotonic() - start
        cap = limits["output_bytes"]
        stdout, stderr = stdout or b"", stderr or b""
        signal_number = exit_code - 128 if exit_code and exit_code > 128 else None
        return {
            "exit_code": None if signal_number else exit_code,
            "signal": signal_number,
            "stdout": stdout[:cap],
            "stderr": stderr[:cap],
            "wall_s": elapsed,
            "cpu_s": 0.0,
            "wall_timeout": elapsed >= wall,
            "output_limit": len(stdout) + len(stderr) > cap,
            "files": {name: self._fetch(container, name) for name in job.get("fetch") or ()},
        }

    def _fetch(self, container: Any, name: str) -> bytes | None:
        try:
            stream, _ = container.get_archive(f"{WORK}/{name}")
            with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
                member = tar.next()
                handle = tar.extractfile(member) if member else None
                return handle.read() if handle else None
        except Exception:
            return None

    def close(self) -> None:
        for container in self._containers:
            try:
                container.remove(force=True)
            except Exception:
                continue
        self._containers = []


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
