"""Verifications per second of the math checker, and the cost of its process isolation.

    python -m palaestra.benchmarks.math_checker [--seconds 5] [--threads 8] [--processes 2]

Three answer families, every case distinct (so no parse comes from a cache): numeric
answers that the exact rational path decides in-process (``0.5`` for ``1/2``), numeric
answers that need the sympy worker (``2\\sqrt{2}`` for ``\\sqrt{8}``), and symbolic answers
(expressions equal up to algebra, and derivatives from math/derivatives-v1). Each runs
`palaestra.verifiers.math.check` on whole responses from the main thread, from a pool of
threads and from a pool of processes; two in-process baselines show what the isolation
costs: the worker's own comparison called directly (no pipe, no deadline) and math-verify
alone (``parse`` + ``verify``, its signal timeouts off). Numbers vary with the machine and
its load: compare rows of the same run.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict


def numeric_exact(count: int) -> list[tuple[str, str]]:
    """Rationals against their decimal or LaTeX forms: decided in-process."""
    cases = []
    for k in range(1, count + 1):
        p, q = 7 * k + 3, 2 ** (k % 5) * 5 ** (k % 3)
        cases.append(
            (f"{p}/{q}", f"{p / q:.{(k % 5) + (k % 3)}f}" if k % 2 else f"\\frac{{{p}}}{{{q}}}")
        )
    return cases


def numeric_worker(count: int) -> list[tuple[str, str]]:
    """Constants with radicals, pi, i and logarithms: compared by the sympy worker."""
    shapes = (
        lambda k: (f"\\sqrt{{{2 * k * k}}}", f"{k}\\sqrt{{2}}"),
        lambda k: (f"\\frac{{\\pi}}{{{k + 1}}}", f"\\pi/{k + 1}"),
        lambda k: (f"{k}+{k + 2}i", f"{k + 2}i+{k}"),
        lambda k: (f"\\ln {2**k % 97 + 2}", f"\\ln({2**k % 97 + 2})"),
    )
    return [shapes[k % len(shapes)](k) for k in range(1, count + 1)]


def symbolic(count: int) -> list[tuple[str, str]]:
    """Expressions equal up to algebra, and derivative references of math/derivatives-v1
    against the same expression in parentheses (another text, the same value)."""
    import palaestra as pa

    env = pa.make("math/derivatives-v1")
    cases = []
    for k in range(1, count + 1):
        a, b, c = k % 7 + 1, k % 5 + 2, k % 3 + 1
        if k % 2:
            gold = env.generate(k, 3 + k % 6).answer or ""
            cases.append((gold, f"\\left({gold}\\right)"))
        else:
            cases.append((f"{a}x^2 + {b}\\sin({c}x)", f"{b}\\sin({c}x) + {a}x \\cdot x"))
    return cases


def response(answer: str) -> str:
    return f"Working... so the final answer is <answer>{answer}</answer>"


def _check_one(case: tuple[str, str]) -> bool:
    from palaestra.verifiers.math import check

    return check(case[0], response(case[1])).reason != "invalid"


def _worker_direct(case: tuple[str, str]) -> bool:
    from palaestra.verifiers._math_worker import compare
    from palaestra.verifiers.math import Options, normalise

    options = Options()
    gold, answer = normalise(case[0], options, trusted=True), normalise(case[1], options)
    return compare(gold.text, answer.text, asdict(options), answer.decimal)[1] != "error"


def _math_verify_alone(case: tuple[str, str]) -> bool:
    from math_verify import parse, verify

    gold = parse(f"\\boxed{{{case[0]}}}", parsing_timeout=None)
    answer = parse(f"\\boxed{{{case[1]}}}", parsing_timeout=None)
    return verify(gold, answer, timeout_seconds=None) in (True, False)


def rate(run: Callable[[list[tuple[str, str]]], object], cases: list, seconds: float) -> float:
    """Checks per second of `run` over distinct cases (none repeated, so no parse is served
    from a cache), in chunks until about `seconds` have passed."""
    run(cases[:4])  # warm up: workers started
    done, start = 4, time.perf_counter()
    while done < len(cases) and time.perf_counter() - start < seconds:
        run(cases[done : done + 32])
        done += 32
    return (min(done, len(cases)) - 4) / (time.perf_counter() - start)


def sequential(function: Callable[[tuple[str, str]], bool]) -> Callable[[list], object]:
    return lambda cases: [function(case) for case in cases]


def threaded(count: int) -> Callable[[list], object]:
    pool = ThreadPoolExecutor(count)
    return lambda cases: list(pool.map(_check_one, cases))


def _warm() -> None:
    _check_one(("1", "\\sqrt{1}"))


def processes(count: int) -> tuple[Callable[[list], object], object]:
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(count, initializer=_warm)
    return (lambda cases: pool.map(_check_one, cases, chunksize=4)), pool


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    logging.getLogger("math_verify").setLevel(logging.ERROR)

    from palaestra.verifiers.deadline import default_max_workers

    families = {
        "numeric, exact path": numeric_exact(100_000),
        "numeric, sympy worker": numeric_worker(20_000),
        "symbolic": symbolic(400),
    }
    process_run, process_pool = processes(args.processes)
    modes = {
        "check(), main thread": sequential(_check_one),
        f"check(), {args.threads} threads": threaded(args.threads),
        f"check(), {args.processes} processes": process_run,
        "worker comparison in-process (no isolation)": sequential(_worker_direct),
        "math-verify alone in-process": sequential(_math_verify_alone),
    }
    print(
        f"CPUs: {os.cpu_count()}; checker workers per process: {default_max_workers()}; "
        f"{args.seconds:g} s per cell; verifications per second"
    )
    header = f"{'':48}" + "".join(f"{name:>24}" for name in families)
    print(header)
    results: dict[str, dict[str, float]] = {}
    for mode, run in modes.items():
        row = {}
        for family, cases in families.items():
            if mode.startswith("check()") or family != "numeric, exact path":
                row[family] = rate(run, cases, args.seconds)
            else:
                row[family] = float("nan")  # the exact path never reaches the worker
        results[mode] = row
        print(f"{mode:48}" + "".join(f"{row[f]:24.1f}" for f in families))
    process_pool.close()  # type: ignore[attr-defined]
    main_thread = results["check(), main thread"]
    direct = results["worker comparison in-process (no isolation)"]
    for family in ("numeric, sympy worker", "symbolic"):
        overhead = 1 / main_thread[family] - 1 / direct[family]
        print(f"isolation cost per check ({family}): {overhead * 1e6:.0f} us")


if __name__ == "__main__":
    main()
