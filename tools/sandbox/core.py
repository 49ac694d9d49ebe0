"""`Sandbox`: run untrusted programs with isolation and limits, and judge them against tests."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from palaestra.errors import SandboxError
from palaestra.tools.sandbox import _harness
from palaestra.tools.sandbox.results import (
    COMPILE_LIMITS,
    Limits,
    RunResult,
    classify,
    sandbox_error,
    worst,
)
from palaestra.tools.sandbox.workers import PRELOAD, SlotPool, bwrap_binary

log = logging.getLogger(__name__)

BACKENDS = ("local", "bubblewrap", "docker", "unsafe")
_MODES = {"local": "local", "bubblewrap": "bwrap", "unsafe": "unsafe"}
ATTEMPTS = 3
HARNESS_SOURCE = Path(_harness.__file__).read_bytes()


@dataclass(frozen=True)
class Language:
    """How to build and run programs of one language."""

    name: str
    source: str
    run: tuple[str, ...] = ()
    compile: tuple[str, ...] = ()
    address_space: bool = True


def _toolchain(name: str) -> str | None:
    found = shutil.which(name)
    return os.path.realpath(found) if found else None


def languages() -> dict[str, Language]:
    """The languages this machine can run: Python always; C++ and JavaScript with g++/node."""
    table = {"python": Language("python", "solution.py")}
    gxx = _toolchain("g++")
    if gxx:
        table["cpp"] = Language(
            "cpp",
            "solution.cpp",
            run=("./solution",),
            compile=(gxx, "-O2", "-std=c++17", "-pipe", "-o", "solution", "solution.cpp"),
        )
    node = _toolchain("node")
    if node:  # V8 reserves far more address space than it uses: cgroup memory limits only
        table["javascript"] = Language(
            "javascript", "solution.js", run=(node, "solution.js"), address_space=False
        )
    return table


ALIASES = {
    "py": "python",
    "python3": "python",
    "c++": "cpp",
    "cxx": "cpp",
    "js": "javascript",
    "node": "javascript",
    "nodejs": "javascript",
}


@dataclass
class TestCase:
    """One stdin/stdout test; `expected` stays in the host and is compared there."""

    __test__ = False  # not a pytest class

    stdin: str
    expected: str


@dataclass
class TestReport:
    """The outcome of running one program on many tests.

    Attributes:
        verdict: the verdict of highest priority over the tests (``accepted`` when all pass).
        passed: how many tests passed; total: how many there are (skipped ones included).
        verdicts: each test's verdict (``skipped`` after an early stop).
        detail: a sentence on the first failure.
        compile: the compile step's result for compiled languages.
        runs: the run results, in test order (None for skipped tests).
    """

    __test__ = False  # not a pytest class

    verdict: str
    passed: int
    total: int
    verdicts: list[str] = field(default_factory=list)
    detail: str = ""
    compile: RunResult | None = None
    runs: list[RunResult | None] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict == "accepted"


def compare_output(actual: str, expected: str, mode: str = "tokens") -> bool:
    """Output comparison: ``exact``, ``lines`` (trailing spaces and blank lines ignored) or
    ``tokens`` (any whitespace between the same tokens)."""
    if mode == "exact":
        return actual == expected
    if mode == "lines":
        return [line.rstrip() for line in actual.rstrip().splitlines()] == [
            line.rstrip() for line in expected.rstrip().splitlines()
        ]
    return actual.split() == expected.split()


def _clean_files(files: dict[str, str | bytes] | None) -> dict[str, bytes]:
    clean: dict[str, bytes] = {}
    for name, content in (files or {}).items():
        path = posixpath.normpath(str(name))
        if path.startswith(("/", "..")) or path in (".", "") or "\x00" in path:
            raise SandboxError(f"file {name!r} must be a relative path inside the work folder")
        clean[path] = content.encode() if isinstance(content, str) else bytes(content)
    return clean


class Sandbox:
    """Runs untrusted programs in isolated, pre-forked workers.

    Args:
        backend: ``auto`` (the isolating ``local`` backend as root, else ``bubblewrap``, else
            ``docker`` when an engine answers), one of those by name, or ``unsafe``
            (rlimits only; refused unless `allow_unsafe`).
        limits: the default limits of every run.
        workers: worker slots (default: one per core).
        allow_unsafe: permits the ``unsafe`` backend.
        preload: modules every worker imports once, so that programs that use them start fast.

    Raises:
        SandboxError: no backend could start (the message says why for each), or ``unsafe``
            was asked for without `allow_unsafe`.
    """

    def __init__(
        self,
        backend: str = "auto",
        limits: Limits | None = None,
        *,
        workers: int | None = None,
        allow_unsafe: bool = False,
        preload: Sequence[str] = PRELOAD,
        docker_image: str = "python:3.11-slim",
    ) -> None:
        self.limits = limits or Limits()
        self.size = max(1, workers or os.cpu_count() or 1)
        self.preload = tuple(preload)
        self.languages = languages()
        self._cache: OrderedDict[str, tuple[RunResult, bytes | None]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._executor_pid = os.getpid()
        self._pool: Any = None
        self._docker_image = docker_image
        if backend == "unsafe" and not allow_unsafe:
            raise SandboxError(
                "the unsafe backend applies limits only and does not isolate programs; "
                "pass allow_unsafe=True if you trust the code"
            )
        if backend == "auto":
            order = ["local", "bubblewrap", "docker"] if os.geteuid() == 0 else ["bubblewrap"]
            if os.geteuid() != 0:
                order.append("docker")
        elif backend in BACKENDS:
            order = [backend]
        else:
            raise SandboxError(f"unknown backend {backend!r}; choose one of auto, {BACKENDS}")
        reasons = []
        for name in order:
            try:
                self._start(name)
                break
            except SandboxError as exc:
                reasons.append(f"{name}: {exc}")
        else:
            raise SandboxError("no sandbox backend could start: " + "; ".join(reasons))
        self.unavailable = reasons
        if self.missing:
            log.warning(
                "sandbox backend %s runs without: %s",
                self.backend,
                "; ".join(f"{k} ({v})" for k, v in self.missing.items()),
            )

    def _start(self, name: str) -> None:
        if name == "docker":
            from palaestra.tools.sandbox.docker_backend import DockerPool

            pool: Any = DockerPool(self._docker_image, self.size, self.limits)
        else:
            if name == "local" and os.geteuid() != 0:
                raise SandboxError("the local backend needs root (it creates namespaces)")
            if name == "bubblewrap" and bwrap_binary() is None:
                raise SandboxError("bubblewrap is not installed")
            pool = SlotPool(_MODES[name], self.size, self.preload)
        try:
            self.features, self.missing = pool.self_check()
        except SandboxError:
            pool.close()
            raise
        self.backend = name
        self._pool = pool

    # --------------------------------------------------------------------- reporting
    def report(self) -> dict[str, Any]:
        """The start-up self-check: backend, enabled features, what could not be enabled."""
        return {
            "backend": self.backend,
            "workers": self.size,
            "languages": sorted(self.languages),
            "features": dict(self.features),
            "missing": dict(self.missing),
            "unavailable_backends": list(self.unavailable),
        }

    def language(self, name: str) -> Language:
        key = ALIASES.get(name.lower(), name.lower())
        if key not in self.languages:
            raise SandboxError(
                f"language {name!r} is not available here; available: {sorted(self.languages)}"
            )
        return self.languages[key]

    # --------------------------------------------------------------------- running
    def run(
        self,
        code: str | bytes,
        language: str = "python",
        stdin: str | bytes = "",
        files: dict[str, str | bytes] | None = None,
        limits: Limits | None = None,
        fetch: Sequence[str] = (),
        compile_limits: Limits | None = None,
    ) -> RunResult:
        """Runs one program; compiled languages are compiled first (cached by source hash)."""
        lang = self.language(language)
        limits = limits or self.limits
        source = code.encode() if isinstance(code, str) else bytes(code)
        try:
            work = _clean_files(files)
        except SandboxError as exc:
            return sandbox_error(str(exc), self.backend)
        compiled = None
        if lang.compile:
            compiled, binary = self.compile(source, lang, compile_limits)
            if binary is None:
                return _compile_failure(compiled)
            work["solution"] = binary
        work[lang.source] = source
        job: dict[str, Any] = {
            "limits": limits.for_worker(),
            "files": work,
            "stdin": stdin.encode() if isinstance(stdin, str) else bytes(stdin),
            "fetch": list(fetch),
        }
        if lang.name == "python" and not self._docker:
            job["python"] = source
        else:
            job["argv"] = list(lang.run) if lang.run else ["python3", lang.source]
            job["address_space"] = lang.address_space
            if not lang.address_space and "cgroup" in self.missing:
                job["argv"] = [
                    job["argv"][0],
                    f"--max-old-space-size={limits.memory_mb}",
                    *job["argv"][1:],
                ]
        result = self._execute(job, limits)
        result.compile = compiled
        return result

    @property
    def _docker(self) -> bool:
        return self.backend == "docker"

    def compile(
        self, source: bytes, lang: Language, limits: Limits | None = None
    ) -> tuple[RunResult, bytes | None]:
        """(compile result, binary or None); both cached by a hash of compiler and source."""
        key = hashlib.sha256(json.dumps(lang.compile).encode() + b"\0" + source).hexdigest()
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        limits = limits or COMPILE_LIMITS
        job = {
            "limits": limits.for_worker(),
            "files": {lang.source: source},
            "stdin": b"",
            "argv": list(lang.compile),
            "fetch": ["solution"],
            "address_space": False,
        }
        result = self._execute(job, limits)
        binary = result.files.pop("solution", None) if result.ok else None
        entry = (result, binary)
        if result.verdict in ("accepted", "runtime_error"):  # not limits that may differ
            with self._cache_lock:
                self._cache[key] = entry
                while len(self._cache) > 256:
                    self._cache.popitem(last=False)
        return entry

    def _execute(self, job: dict[str, Any], limits: Limits) -> RunResult:
        detail = "the worker died"
        for _ in range(ATTEMPTS):  # infrastructure failures are retried, never scored
            raw = self._pool.call(job, limits.wall_s + 30.0)
            if raw is None:
                continue
            result = classify(raw, limits, self.backend)
            if result.verdict != "sandbox_error":
                return result
            detail = result.detail
        return sandbox_error(f"the sandbox failed {ATTEMPTS} times: {detail}", self.backend)

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """Applies `function` to `items` on a thread per worker slot (results in order)."""
        if len(items) <= 1:
            return [function(item) for item in items]
        if self._executor is None or self._executor_pid != os.getpid():
            self._executor = ThreadPoolExecutor(self.size, thread_name_prefix="sandbox")
            self._executor_pid = os.getpid()
        return list(self._executor.map(function, items))

    # --------------------------------------------------------------------- judging
    def run_tests(
        self,
        code: str | bytes,
        tests: Sequence[TestCase],
        language: str = "python",
        limits: Limits | None = None,
        compare: str = "tokens",
        stop_early: bool = True,
    ) -> TestReport:
        """Runs a stdin/stdout program on each test; outputs are compared in the host."""
        lang = self.language(language)
        source = code.encode() if isinstance(code, str) else bytes(code)
        compiled = None
        if lang.compile:
            compiled, binary = self.compile(source, lang)
            if binary is None:
                failure = _compile_failure(compiled)
                return TestReport(
                    failure.verdict, 0, len(tests), detail=failure.detail, compile=compiled
                )
        failed = threading.Event()

        def one(test: TestCase) -> RunResult | None:
            if stop_early and failed.is_set():
                return None
            result = self.run(source, lang.name, stdin=test.stdin, limits=limits)
            if result.ok and not compare_output(result.stdout, test.expected, compare):
                result.verdict = "wrong_answer"
                result.detail = "The output differs from the expected output."
            if not result.ok:
                failed.set()
            return result

        runs = self.map(one, list(tests))
        verdicts = ["skipped" if r is None else r.verdict for r in runs]
        report = TestReport(
            verdict=worst([v for v in verdicts if v != "skipped"]),
            passed=verdicts.count("accepted"),
            total=len(tests),
            verdicts=verdicts,
            compile=compiled,
            runs=runs,
        )
        for index, run in enumerate(runs):
            if run is not None and not run.ok:
                report.detail = f"test {index + 1}: {run.verdict}: {run.detail}"
                break
        return report

    def call_function(
        self,
        code: str,
        function: str,
        calls: Sequence[Sequence[Any]],
        limits: Limits | None = None,
    ) -> tuple[RunResult, list[Any] | None]:
        """Calls `function` of a Python program on each argument list, in one sandboxed run.

        Returns the run and the encoded outcomes (``["ok", value]`` or ``["error", name]``
        per call), or None when the program produced none (it crashed or exited early).
        """
        spec = {"function": function, "calls": [list(args) for args in calls]}
        result = self.run(
            HARNESS_SOURCE,
            "python",
            files={_harness.SOLUTION_FILE: code, _harness.CALLS_FILE: json.dumps(spec)},
            limits=limits,
            fetch=[_harness.RESULTS_FILE],
        )
        raw = result.files.pop(_harness.RESULTS_FILE, None)
        if not result.ok or raw is None:
            return result, None
        try:
            outcomes = json.loads(raw)
        except ValueError:
            return result, None
        if not isinstance(outcomes, list) or len(outcomes) != len(calls):
            return result, None
        return result, outcomes

    def run_function_tests(
        self,
        code: str,
        function: str,
        cases: Sequence[tuple[Sequence[Any], Any]],
        limits: Limits | None = None,
        tolerance: float = 1e-9,
    ) -> TestReport:
        """Function-call tests ``(args, expected return value)`` compared in the host."""
        result, outcomes = self.call_function(code, function, [a for a, _ in cases], limits)
        total = len(cases)
        if outcomes is None:
            verdict = result.verdict if not result.ok else "runtime_error"
            detail = result.detail or "The program returned no results (did it exit early?)."
            return TestReport(verdict, 0, total, [verdict] * total, detail, runs=[result])
        verdicts = []
        for outcome, (_, expected) in zip(outcomes, cases, strict=True):
            if not (isinstance(outcome, list) and len(outcome) == 2) or outcome[0] != "ok":
                verdicts.append("runtime_error")
            elif values_equal(outcome[1], _harness.encode(expected), tolerance):
                verdicts.append("accepted")
            else:
                verdicts.append("wrong_answer")
        report = TestReport(
            worst(verdicts), verdicts.count("accepted"), total, verdicts, runs=[result]
        )
        for index, verdict in enumerate(verdicts):
            if verdict != "accepted":
                what = (
                    "raised an exception"
                    if verdict == "runtime_error"
                    else "returned a wrong value"
                )
                report.detail = f"test {index + 1} {what}."
                break
        return report

    def close(self) -> None:
        """Stops the workers (they also stop when this process exits)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._pool.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def values_equal(actual: Any, expected: Any, tolerance: float = 1e-9) -> bool:
    """Equality of encoded values; floats within a relative `tolerance`, bools never ints."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, float) and isinstance(actual, int | float):
        return abs(actual - expected) <= tolerance * max(1.0, abs(expected))
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, list):
        return len(actual) == len(expected) and all(
            values_equal(a, e, tolerance) for a, e in zip(actual, expected, strict=True)
        )
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            values_equal(actual[k], expected[k], tolerance) for k in expected
        )
    return actual == expected


def _compile_failure(compiled: RunResult) -> RunResult:
    if compiled.verdict == "sandbox_error":
        return compiled
    return RunResult(
        verdict="compile_error",
        stdout=compiled.stdout,
        stderr=compiled.stderr,
        exit_code=compiled.exit_code,
        detail="The program does not compile: " + compiled.stderr[-500:],
        compile=compiled,
        backend=compiled.backend,
    )


_DEFAULT: Sandbox | None = None
_DEFAULT_LOCK = threading.Lock()


def default_sandbox() -> Sandbox:
    """The process-wide sandbox that environments use: the best isolating backend.

    Where no isolating backend can start, model code is not run with limits only unless the
    user opts in with ``PALAESTRA_ALLOW_UNSAFE_SANDBOX=1`` (for throwaway machines).
    """
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None or _DEFAULT._pool is None:
            try:
                _DEFAULT = Sandbox()
            except SandboxError as exc:
                if os.environ.get("PALAESTRA_ALLOW_UNSAFE_SANDBOX") != "1":
                    raise SandboxError(
                        f"no isolating sandbox could start ({exc}); run as root, or install "
                        "bubblewrap (pip install 'palaestra[sandbox]'), or, on a throwaway "
                        "machine only, set PALAESTRA_ALLOW_UNSAFE_SANDBOX=1 to run code with "
                        "resource limits but no isolation"
                    ) from exc
                log.warning("no isolating sandbox (%s); running code with limits only", exc)
                _DEFAULT = Sandbox("unsafe", allow_unsafe=True)
        return _DEFAULT
