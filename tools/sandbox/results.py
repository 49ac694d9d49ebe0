"""Limits, run results and verdicts of the sandbox."""

from __future__ import annotations

import dataclasses
import signal
from dataclasses import dataclass, field
from typing import Any

MiB = 1 << 20

VERDICTS: tuple[str, ...] = (
    "sandbox_error",
    "time_limit",
    "memory_limit",
    "output_limit",
    "compile_error",
    "runtime_error",
    "wrong_answer",
    "accepted",
)
"""Every verdict, highest priority first: when several apply, the first one is reported."""

_MEMORY_MESSAGES = (
    "MemoryError",
    "std::bad_alloc",
    "JavaScript heap out of memory",
    "Cannot allocate memory",
    "out of memory",
)


def worst(verdicts: list[str]) -> str:
    """The verdict of highest priority among `verdicts` (``accepted`` for none)."""
    return min(verdicts, key=VERDICTS.index, default="accepted")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one run (the defaults are the documented ones).

    Attributes:
        cpu_s: CPU seconds of the program (RLIMIT_CPU; the wall limit bounds children too).
        wall_s: wall-clock seconds from start to end.
        memory_mb: memory in MiB (cgroup limit where available, address space otherwise).
        processes: processes and threads (cgroup pids limit and RLIMIT_NPROC).
        files_mb: size of any written file and of each private tmpfs (work dir, /tmp, /dev/shm).
        open_files: open file descriptors (RLIMIT_NOFILE).
        output_bytes: captured stdout plus stderr; more ends the run with ``output_limit``.
    """

    cpu_s: float = 5.0
    wall_s: float = 10.0
    memory_mb: int = 1024
    processes: int = 64
    files_mb: int = 64
    open_files: int = 256
    output_bytes: int = 1 * MiB

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"limit {item.name} must be a positive number, got {value!r}")

    def replace(self, **changes: Any) -> Limits:
        return dataclasses.replace(self, **changes)

    def for_worker(self) -> dict[str, Any]:
        return {
            "cpu_s": float(self.cpu_s),
            "wall_s": float(self.wall_s),
            "memory_bytes": int(self.memory_mb * MiB),
            "processes": int(self.processes),
            "files_bytes": int(self.files_mb * MiB),
            "open_files": int(self.open_files),
            "output_bytes": int(self.output_bytes),
        }


COMPILE_LIMITS = Limits(cpu_s=20.0, wall_s=30.0, memory_mb=2048, processes=64)


@dataclass
class RunResult:
    """The outcome of one run.

    Attributes:
        verdict: one of `VERDICTS` (``wrong_answer`` only comes from comparing with tests).
        exit_code: the program's exit status, or None when a signal ended it.
        signal: the number of the signal that ended it, or None.
        stdout, stderr: captured output, decoded as UTF-8 with replacement, capped.
        wall_s, cpu_s: elapsed wall-clock and CPU seconds.
        memory_bytes: peak memory (cgroup peak where available, else max RSS).
        files: contents of the requested files (None for a missing one).
        compile: the compile step's result for compiled languages.
        detail: what went wrong, in a sentence, for the non-accepted verdicts.
        backend: the backend that ran it.
    """

    verdict: str
    exit_code: int | None = None
    signal: int | None = None
    stdout: str = ""
    stderr: str = ""
    wall_s: float = 0.0
    cpu_s: float = 0.0
    memory_bytes: int = 0
    files: dict[str, bytes | None] = field(default_factory=dict)
    compile: RunResult | None = None
    detail: str = ""
    backend: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict == "accepted"

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["files"] = sorted(self.files)
        out["compile"] = None if self.compile is None else self.compile.to_dict()
        return out


def classify(raw: dict[str, Any], limits: Limits, backend: str) -> RunResult:
    """Turns a worker's raw report into a RunResult with a verdict (in priority order)."""
    stdout = raw.get("stdout", b"").decode("utf-8", "replace")
    stderr = raw.get("stderr", b"").decode("utf-8", "replace")
    result = RunResult(
        verdict="accepted",
        exit_code=raw.get("exit_code"),
        signal=raw.get("signal"),
        stdout=stdout,
        stderr=stderr,
        wall_s=round(float(raw.get("wall_s", 0.0)), 6),
        cpu_s=round(float(raw.get("cpu_s", 0.0)), 6),
        memory_bytes=int(raw.get("memory_bytes", 0)),
        files=dict(raw.get("files") or {}),
        backend=backend,
    )
    sig = result.signal
    failed = sig is not None or result.exit_code != 0
    if raw.get("setup_error"):
        result.verdict, result.detail = "sandbox_error", str(raw["setup_error"])
    elif (
        raw.get("wall_timeout")
        or sig == signal.SIGXCPU
        or (sig == signal.SIGKILL and result.cpu_s >= limits.cpu_s - 0.05)
    ):
        result.verdict = "time_limit"
        result.detail = f"The program exceeded {limits.cpu_s:g} s of CPU or {limits.wall_s:g} s."
    elif raw.get("oom_killed") or (failed and any(m in stderr[-2000:] for m in _MEMORY_MESSAGES)):
        result.verdict = "memory_limit"
        result.detail = f"The program exceeded {limits.memory_mb} MiB of memory."
    elif raw.get("output_limit") or sig == signal.SIGXFSZ:
        result.verdict = "output_limit"
        result.detail = (
            f"The program wrote more than {limits.output_bytes} bytes of output "
            f"or a file larger than {limits.files_mb} MiB."
        )
    elif failed:
        result.verdict = "runtime_error"
        result.detail = (
            f"The program was killed by signal {sig}."
            if sig is not None
            else f"The program exited with status {result.exit_code}."
        )
    return result


def sandbox_error(detail: str, backend: str) -> RunResult:
    return RunResult(verdict="sandbox_error", detail=detail, backend=backend)
