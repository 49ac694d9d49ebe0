"""The math answer checker and the deadline workers behind it.

Timing assertions are hang guards only (generous bounds); the checker's speed is measured by
the benchmarks, not here.
"""

from __future__ import annotations

import multiprocessing
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import pytest

from palaestra.verifiers.deadline import WorkerPool, get_pool, run_with_deadline
from palaestra.verifiers.math import (
    MAX_ANSWER_CHARS,
    WORKER_MODULE,
    MathResult,
    check,
    check_output,
    parse_rational,
)

HANG_GUARD_S = 30.0

EQUIVALENT = [
    ("1/2", "0.5"),
    ("1/2", "\\frac{1}{2}"),
    ("1/2", "\\dfrac12"),
    ("0.5", "\\tfrac{1}{2}"),
    ("1/2", "2/4"),
    ("-3", "−3"),  # unicode minus
    ("3", "x = 3"),
    ("3", "$3$"),
    ("-1/2", "\\frac{-1}{2}"),
    ("-1/2", "-\\frac{1}{2}"),
    ("7", "7.0"),
    ("\\frac{3}{4}", "\\(0.75\\)"),
    # through math-verify in a worker:
    ("\\sqrt{2}", "2^{1/2}"),
    ("\\frac{\\pi}{2}", "\\pi/2"),
    ("x^2+1", "1+x^2"),
    ("\\{1, 2\\}", "\\{2, 1\\}"),
    ("1000", "1,000"),
]
DIFFERENT = [
    ("1/3", "0.333"),
    ("1/3", "0.333333"),  # exact path: math-verify alone would round this to equal
    ("1/2", "-1/2"),
    ("7", "7.00000001"),
    ("\\sqrt{2}", "1.5"),
    ("x^2+1", "x^2-1"),
    ("5", "five"),
]


@pytest.mark.parametrize(("gold", "answer"), EQUIVALENT)
def test_equivalent_answers(gold: str, answer: str) -> None:
    assert check(gold, answer) == (True, "ok", check(gold, answer).detail)


@pytest.mark.parametrize(("gold", "answer"), DIFFERENT)
def test_different_answers(gold: str, answer: str) -> None:
    result = check(gold, answer)
    assert result.equal is False and result.status == "ok"


def test_exact_path_needs_no_worker() -> None:
    assert check("1/3", "0.333").detail == "exact rational comparison"
    assert check("-3", "−3").detail == "exact rational comparison"
    assert check("\\sqrt{2}", "2^{1/2}").detail == "math-verify"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", Fraction(42)),
        ("-0.125", Fraction(-1, 8)),
        (".5", Fraction(1, 2)),
        ("3.", Fraction(3)),
        (" - 7 / 3 ", Fraction(-7, 3)),
        ("\\frac{-6}{4}", Fraction(-3, 2)),
        ("-\\frac{-1}{2}", Fraction(1, 2)),
        ("\\dfrac12", Fraction(1, 2)),
        ("$$\\boxed{\\tfrac{3}{4}}$$", Fraction(3, 4)),
        ("(−2)", Fraction(-2)),
        ("y_1 = 5", Fraction(5)),
        ("1" + "0" * 1000, Fraction(10**1000)),
    ],
)
def test_parse_rational_reads_plain_numbers(text: str, value: Fraction) -> None:
    assert parse_rational(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "3+4*2",
        "1,000",
        "1e3",
        "1/0",
        "\\frac{1}{0}",
        "\\frac123",
        "--3",
        "x = y = 3",
        "3 apples",
        "\\sqrt{4}",
        "9" * 5000,
        "1/2/3",
    ],
)
def test_parse_rational_rejects_everything_else(text: str) -> None:
    assert parse_rational(text) is None


@pytest.mark.parametrize(
    "answer", [None, "", "  \n", "1" * (MAX_ANSWER_CHARS + 1), 17, b"1/2", "\x00\ud800"]
)
def test_unusable_answers_are_unparsable_not_errors(answer: object) -> None:
    result = check("1/2", answer)  # type: ignore[arg-type]
    assert result.equal is None or result.equal is False
    assert result.status in ("unparsable", "ok")


def test_bad_timeout_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="timeout_s must be a positive number"):
        check("1", "1", timeout_s=0)


def test_check_output_extracts_the_answer() -> None:
    assert check_output("1/2", "so it is \\boxed{\\frac{1}{2}}").equal is True
    assert check_output("1/2", "<answer>0.5</answer> or \\boxed{3}").equal is True
    assert check_output("1/2", "no answer here").status == "unparsable"


CASES = [*EQUIVALENT, *DIFFERENT]


def _verdicts(pairs: list[tuple[str, str]]) -> list[tuple[bool | None, str]]:
    return [(r.equal, r.status) for r in (check(g, a) for g, a in pairs)]


def _one(pair: tuple[str, str]) -> tuple[bool | None, str]:
    result = check(*pair)
    return result.equal, result.status


def test_threads_give_the_main_thread_verdicts() -> None:
    expected = _verdicts(CASES)
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(_one, CASES * 4)) == expected * 4
    pool_of_checker = get_pool((WORKER_MODULE,))
    assert pool_of_checker.size <= pool_of_checker.max_workers


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_process_pools_give_the_main_thread_verdicts(method: str) -> None:
    expected = _verdicts(CASES)  # in a fork, the parent's workers exist before the children
    context = multiprocessing.get_context(method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads, Python 3.12+
        with context.Pool(2) as pool:
            assert pool.map(_one, CASES, chunksize=4) == expected


@pytest.mark.parametrize(
    "answer", ["10^{10^{10^{10}}}", "9!!!!!!!!", "2^{2^{2^{2^{2^{2^{2}}}}}}", "(10^{100000})!"]
)
def test_pathological_answers_end_near_the_deadline(answer: str) -> None:
    start = time.monotonic()
    result = check("3", answer, timeout_s=1.0)
    elapsed = time.monotonic() - start
    assert elapsed < HANG_GUARD_S
    assert result.equal is not True
    assert result.status in ("timeout", "unparsable", "ok")


def test_timeouts_from_threads_and_the_checker_recovers() -> None:
    bombs = [("3", "10^{10^{10^{10}}}")] * 3
    start = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda p: check(*p, timeout_s=0.5), bombs))
    assert time.monotonic() - start < HANG_GUARD_S
    assert all(r == MathResult(None, "timeout", "checking took longer than 0.5 s") for r in results)
    assert check("\\sqrt{4}", "2").equal is True


def test_deadline_outcomes() -> None:
    pool = WorkerPool(max_workers=1)
    try:
        assert pool.call("builtins:len", ("abc",), timeout_s=30).value == 3
        raised = pool.call("math:sqrt", (-1.0,), timeout_s=30)
        assert (raised.status, raised.detail) == ("error", "ValueError: math domain error")
        slow = pool.call("time:sleep", (60,), timeout_s=0.3)
        assert slow.status == "timeout"
        died = pool.call("os:_exit", (3,), timeout_s=30)
        assert (died.status, died.detail) == ("crashed", "the worker died (exit code 3)")
        assert pool.call("builtins:sum", ([1, 2],), timeout_s=30).value == 3
        assert pool.size == 1
    finally:
        pool.close()


def test_a_worker_killed_while_idle_is_replaced() -> None:
    pool = WorkerPool(max_workers=1)
    try:
        pid = pool.call("os:getpid", timeout_s=30).value
        pool._idle[0].proc.kill()
        pool._idle[0].proc.wait()
        again = pool.call("os:getpid", timeout_s=30)
        assert again.status == "ok" and again.value != pid
    finally:
        pool.close()


def test_run_with_deadline_uses_a_shared_pool() -> None:
    assert run_with_deadline("operator:add", (2, 3), timeout_s=30).value == 5
    assert get_pool(()) is get_pool([])
