"""Executor throughput: the isolated worker pool against plain ``subprocess.run``, in one run.

    python -m palaestra.benchmarks.sandbox_bench [--seconds 5] [--backend auto]

Two programs: a trivial one (``print(1)``) and one that burns about 50 ms of CPU. Each is run
as many times as fit in the time budget by (a) plain, unisolated ``subprocess.run([python,
"-c", code])`` and (b) `Sandbox.run` with full isolation, both with one thread per core, so
the two sides use the same parallelism. Prints runs/s, the ratio, and the isolation features
that were active.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from palaestra.tools.sandbox import Sandbox

TRIVIAL = "print(1)"


def _calibrate_cpu_program(target_s: float = 0.05) -> str:
    loops = 100_000
    while True:
        start = time.process_time()
        total = 0
        for i in range(loops):
            total += i * i
        elapsed = time.process_time() - start
        if elapsed > 0.01:
            loops = int(loops * target_s / elapsed)
            return f"t = 0\nfor i in range({loops}):\n    t += i * i\nprint(t)"
        loops *= 4


def _rate(run_one: Callable[[], object], seconds: float, threads: int) -> float:
    """Runs/s of `run_one` called from `threads` threads for about `seconds`."""
    deadline = time.monotonic() + seconds

    def loop(_: int) -> int:
        count = 0
        while time.monotonic() < deadline:
            run_one()
            count += 1
        return count

    start = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(loop, range(threads)))
    return total / (time.monotonic() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    parser.add_argument("--backend", default="auto", help="sandbox backend")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    threads = os.cpu_count() or 1
    cpu_program = _calibrate_cpu_program()
    rows = []
    with Sandbox(args.backend) as box:
        box.run(TRIVIAL)  # start every worker before timing
        box.map(lambda _: box.run(TRIVIAL), list(range(threads * 2)))
        for label, code in (("trivial", TRIVIAL), ("50 ms CPU", cpu_program)):
            check = box.run(code)
            assert check.ok, check
            plain = _rate(
                lambda code=code: subprocess.run(
                    [sys.executable, "-c", code], capture_output=True, check=True
                ),
                args.seconds,
                threads,
            )
            isolated = _rate(lambda code=code: box.run(code), args.seconds, threads)
            rows.append(
                {
                    "program": label,
                    "subprocess_runs_per_s": round(plain, 1),
                    "sandbox_runs_per_s": round(isolated, 1),
                    "speedup": round(isolated / plain, 2),
                }
            )
        report = box.report()
    if args.json:
        print(json.dumps({"threads": threads, "rows": rows, "sandbox": report}, indent=2))
        return 0
    print(f"backend {report['backend']}, {threads} threads on both sides")
    print(f"{'program':<12}{'subprocess.run/s':>18}{'sandbox/s':>12}{'speedup':>10}")
    for row in rows:
        print(
            f"{row['program']:<12}{row['subprocess_runs_per_s']:>18}"
            f"{row['sandbox_runs_per_s']:>12}{row['speedup']:>9}x"
        )
    print("active:", "; ".join(f"{k}: {v}" for k, v in report["features"].items()))
    if report["missing"]:
        print("missing:", "; ".join(f"{k}: {v}" for k, v in report["missing"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
