"""Crash safety: an export killed with SIGKILL mid-run resumes to the uninterrupted bytes.

Each test starts the real command in a subprocess (its own process group, with two pool
workers), waits until the partial file has committed rows, kills the whole group with SIGKILL
(no handler runs: this is what a crash, an OOM kill or a lost node does), reruns the same
command with --resume and compares the result with an uninterrupted run, byte for byte.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ENV = "math/arithmetic-v1"
N = 4000


def command(*args: Any) -> list[str]:
    return [sys.executable, "-m", "palaestra", *(str(a) for a in args)]


def run(*args: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command(*args), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def kill_when_committed(args: list[Any], sidecar: Path, rows: int) -> int:
    """Starts the command, SIGKILLs its process group once `rows` are committed; the rows."""
    process = subprocess.Popen(
        command(*args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # the pool workers die with it, as in a crash
    )
    deadline = time.monotonic() + 240
    committed = 0
    try:
        while committed < rows:
            if process.poll() is not None:
                pytest.fail(f"the run ended before it was killed: {process.stderr.read()!r}")
            if time.monotonic() > deadline:
                pytest.fail("no rows were committed in time")
            # Absent until the first write (later writes replace it atomically).
            with contextlib.suppress(OSError, ValueError, KeyError):
                committed = json.loads(sidecar.read_text())["rows"]
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return committed


def resumed_after(result: subprocess.CompletedProcess[str]) -> int:
    # At least what was seen committed; a commit may land between the look and the kill.
    found = re.search(r"resumed after (\d+)\)", result.stdout)
    assert found, result.stdout
    return int(found.group(1))


def same_manifest(a: Path, b: Path) -> None:
    left, right = json.loads(a.read_text()), json.loads(b.read_text())
    left["export"].pop("path")
    right["export"].pop("path")
    assert left == right


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_generate_killed_halfway_resumes_to_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"tasks.{fmt}"
    args = ["generate", ENV, "-n", N, "--difficulty", "1-3", "--row-group-size", 250]
    args += ["--workers", 2, "-o", out]
    committed = kill_when_committed(args, Path(f"{out}.partial.json"), N // 2)
    assert not out.exists() and Path(f"{out}.partial").stat().st_size > 0

    assert resumed_after(run(*args, "--resume")) in range(committed, N)
    whole = tmp_path / f"whole.{fmt}"
    run(*args[:-1], whole)
    assert out.read_bytes() == whole.read_bytes()
    same_manifest(Path(f"{out}.manifest.json"), Path(f"{whole}.manifest.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [out.name, f"{out.name}.manifest.json", whole.name, f"{whole.name}.manifest.json"]
    )


def test_export_eval_killed_halfway_resumes_to_the_same_bytes(tmp_path: Path) -> None:
    suite = tmp_path / "kill-v1.toml"
    suite.write_text(
        'name = "kill-v1"\ndescription = "Big enough to kill halfway."\n\n[[entries]]\n'
        f'envs = ["{ENV}"]\nlevels = [1, 2, 3]\ncount = 1000\n'
    )
    out = tmp_path / "suite"
    args = ["export-eval", suite, "--workers", 2, "-o", out]
    committed = kill_when_committed(args, out / "tasks.parquet.partial.json", 1000)
    assert not (out / "tasks.parquet").exists()

    assert resumed_after(run(*args, "--resume")) in range(committed, 3000)
    run(*args[:-1], tmp_path / "whole")
    for name in ("tasks.parquet", "manifest.json"):
        assert (out / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "tasks.parquet"]
