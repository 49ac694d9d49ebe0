"""The math answer checker and the deadline workers behind it.

`TABLE` is the checker's specification: (gold, answer, options, expected) where expected is
True (equal), False (compared, not equal), "partial" (some of the values of a multi-value
gold) or "unparsable". The same table runs from the main thread, from 8 threads at once and
from a process pool. Timing assertions are hang guards only (generous bounds); the checker's
speed is measured by benchmarks/math_checker.py, not here.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import pytest

from palaestra.verifiers.deadline import WorkerPool, get_pool, run_with_deadline
from palaestra.verifiers.math import (
    MAX_ANSWER_CHARS,
    WORKER_MODULE,
    MathResult,
    check,
    compare,
    parse_rational,
)

HANG_GUARD_S = 30.0
T, F, P, U = True, False, "partial", "unparsable"
SET = {"kind": "set"}
TUPLE = {"kind": "tuple"}
INTERVAL = {"kind": "interval"}
PMATRIX = "\\begin{pmatrix}1 & 2\\\\ 3 & 4\\end{pmatrix}"

TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    # --- integers in any notation
    ("1000", "1000", {}, T),
    ("1000", "1,000", {}, T),
    ("1000", "1\\,000", {}, T),
    ("1000", "1{,}000", {}, T),
    ("1000", "10^3", {}, T),
    ("1000", "1e3", {}, T),
    ("1000", "1.0 \\times 10^{3}", {}, T),
    ("1000", "\\boxed{1000}", {}, T),
    ("1000", "$1000$", {}, T),
    ("-7", "−7", {}, T),
    ("-7", "\\(-7\\)", {}, T),
    ("42", "x = 42", {}, T),
    ("42", "42.0", {}, T),
    ("42", "43", {}, F),
    ("42", "4.2 \\cdot 10^{1}", {}, T),
    ("1000000", "1,000,000", {}, T),
    ("3", "+3", {}, T),
    # --- fractions and exact decimals
    ("1/2", "0.5", {}, T),
    ("1/2", "\\frac{1}{2}", {}, T),
    ("1/2", "\\dfrac12", {}, T),
    ("1/2", "2/4", {}, T),
    ("1/2", ".5", {}, T),
    ("-1/2", "-\\frac{1}{2}", {}, T),
    ("-1/2", "\\frac{-1}{2}", {}, T),
    ("3/4", "\\tfrac{3}{4}", {}, T),
    ("1/3", "0.333", {}, F),
    ("1/3", "0.333333", {}, F),  # math-verify alone rounds this to equal
    ("1/3", "0.3333333333333333333333333333", {}, F),
    ("1/3", "0.333", {"tolerance": 0.01}, T),
    ("1/3", "0.3", {"tolerance": 0.01}, F),
    ("\\frac{7}{8}", "0.875", {}, T),
    ("\\frac{7}{8}", "\\frac{14}{16}", {}, T),
    ("5/4", "1.25", {}, T),
    ("5/4", "1 \\frac{1}{4}", {}, T),  # a mixed number
    ("1/2", "-1/2", {}, F),
    ("7", "7.00000001", {}, F),
    ("0.1", "\\frac{1}{10}", {}, T),
    ("2.5", "5/2", {}, T),
    # --- rational kind: one literal number, nothing else
    ("11", "11", {"kind": "rational"}, T),
    ("11", "3 + 4 \\cdot 2", {"kind": "rational"}, U),
    ("120", "\\binom{10}{3}", {"kind": "rational"}, U),
    ("120", "5!", {"kind": "rational"}, U),
    ("1/6", "\\frac{1}{6}", {"kind": "rational"}, T),
    ("1/6", "0.1667", {"kind": "rational"}, F),
    # --- irrational numbers, radicals, constants
    ("\\sqrt{2}", "2^{1/2}", {}, T),
    ("\\sqrt{2}", "\\frac{2}{\\sqrt{2}}", {}, F),  # contains the gold: not simplified
    ("\\sqrt{8}", "2\\sqrt{2}", {}, T),
    ("\\sqrt{2}", "1.41421356", {}, F),
    ("\\sqrt{2}", "1.41421356", {"tolerance": 1e-6}, T),
    ("\\sqrt{2}", "1.5", {}, F),
    ("\\frac{\\pi}{2}", "\\pi/2", {}, T),
    ("\\frac{\\pi}{2}", "1.5707963267948966", {}, F),
    ("\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}\\sqrt{3}", {}, T),
    ("\\frac{\\sqrt{3}}{2}", "\\sqrt{3}/2", {}, T),
    ("\\frac{\\sqrt{2}}{2}", "\\frac{1}{\\sqrt{2}}", {}, T),
    ("e^{2}", "\\exp(2)", {}, T),
    ("\\ln 8", "3\\ln 2", {}, T),
    ("\\log_2 5", "\\frac{\\ln 5}{\\ln 2}", {}, T),
    ("1+\\sqrt{2}", "\\sqrt{2}+1", {}, T),
    ("\\sqrt{3}-1", "1-\\sqrt{3}", {}, F),
    ("\\infty", "\\infty", {}, T),
    ("\\infty", "-\\infty", {}, F),
    ("2", "\\sqrt{4}", {}, T),
    # --- simplest radical form
    ("6\\sqrt{2}", "6\\sqrt{2}", {"form": "radical"}, T),
    ("6\\sqrt{2}", "\\sqrt{72}", {"form": "radical"}, F),
    ("6\\sqrt{2}", "3\\sqrt{8}", {"form": "radical"}, F),
    ("\\frac{\\sqrt{2}}{2}", "\\frac{1}{\\sqrt{2}}", {"form": "radical"}, F),
    ("\\frac{\\sqrt{2}}{2}", "\\frac{\\sqrt{2}}{2}", {"form": "radical"}, T),
    ("2\\sqrt[3]{2}", "\\sqrt[3]{16}", {"form": "radical"}, F),
    ("2\\sqrt[3]{2}", "2\\sqrt[3]{2}", {"form": "radical"}, T),
    # --- complex numbers
    ("2+3i", "3i+2", {}, T),
    ("2+3i", "2+3\\mathrm{i}", {}, T),
    ("2+3i", "2 + 3 \\cdot i", {}, T),
    ("2+3i", "2-3i", {}, F),
    ("-1", "i^2", {}, T),
    ("\\frac{1}{2} - \\frac{1}{2}i", "\\frac{1-i}{2}", {}, T),
    ("\\frac{1}{2} - \\frac{1}{2}i", "\\frac{1}{1+i}", {}, T),
    ("1+i", "\\sqrt{2} e^{i\\pi/4}", {}, T),
    # --- expressions equal up to algebra
    ("2x+2", "2(x+1)", {}, T),
    ("x^2+1", "1+x^2", {}, T),
    ("x^2+1", "x^2-1", {}, F),
    ("(x+1)^2", "x^2+2x+1", {}, T),
    ("\\frac{1}{x} + \\frac{1}{y}", "\\frac{x+y}{xy}", {}, T),
    ("\\sin(2x)", "2\\sin x \\cos x", {}, T),
    ("e^{2x}", "(e^{x})^2", {}, T),
    ("x^2 y", "y x^2", {}, T),
    ("2x", "2y", {}, F),
    ("3x^2 \\cos x - x^3 \\sin x", "x^2(3\\cos x - x \\sin x)", {}, T),
    ("\\frac{x-1}{x+1}", "1 - \\frac{2}{x+1}", {}, T),
    ("\\ln(x^2)", "2\\ln x", {}, T),  # on the positive reals where both are defined
    ("x^{3/2}", "x\\sqrt{x}", {}, T),
    ("a_n", "a_n", {}, T),
    ("3 \\cdot 2^{n}", "3 \\cdot 2^n", {}, T),
    ("3 \\cdot 2^{n}", "6 \\cdot 2^{n-1}", {}, T),
    ("3 \\cdot 2^{n}", "3^n \\cdot 2", {}, F),
    # --- "x = 3" versus "3", equations restated, chains
    ("3", "x = 3", {}, T),
    ("3", "y = 3", {}, T),
    ("x = 3", "3", {}, T),
    ("x = 3", "y = 3", {}, F),
    ("3", "7 = 3", {}, F),  # a false equation whose right side is the answer
    ("3", "2x + 1 = 7", {}, F),  # the equation restated
    ("3", "x = 2 + 1 = 3", {}, T),
    ("3", "x = 2 + 1 = 4", {}, F),
    ("3", "2 + 1 = 3", {}, T),
    ("3", "x \\geq 3", {}, F),
    # --- the answer containing the gold as a subterm, candidates, restating
    ("3", "3 + 0", {}, F),
    ("3", "3 \\cdot 1", {}, F),
    ("x", "\\frac{x^2}{x}", {}, F),
    ("3", "3, 4", {}, F),
    ("3", "3 \\text{ or } 4", {}, F),
    ("3", "x = 3 \\text{ or } x = 4", {}, F),
    ("3", "\\{3\\}", {}, T),
    ("2x", "\\frac{d}{dx} x^2", {}, F),
    ("\\frac{x^3}{3}", "\\int x^2 \\, dx", {}, F),
    ("1", "\\lim_{x \\to 0} \\frac{\\sin x}{x}", {}, F),
    ("\\frac{n(n+1)}{2}", "\\sum_{k=1}^{n} k", {}, F),
    ("-2", "\\det\\begin{pmatrix}1 & 2\\\\ 3 & 4\\end{pmatrix}", {}, F),
    ("\\frac{\\sqrt{3}}{2}", "\\sin\\left(\\frac{\\pi}{3}\\right)", {"forbid": ("sin",)}, F),
    ("\\frac{\\sqrt{3}}{2}", "\\sin\\left(\\frac{\\pi}{3}\\right)", {}, T),
    # --- sets and unordered solution lists
    ("\\{-2, 3\\}", "\\{3, -2\\}", SET, T),
    ("\\{-2, 3\\}", "x = 3 \\text{ or } x = -2", SET, T),
    ("\\{-2, 3\\}", "x = 3, x = -2", SET, T),
    ("\\{-2, 3\\}", "-2, 3", SET, T),
    ("\\{-2, 3\\}", "3 \\text{ and } -2", SET, T),
    ("\\{-2, 3\\}", "(3, -2)", SET, T),
    ("\\{-2, 3\\}", "x_1 = -2, x_2 = 3", SET, F),  # two different names
    ("\\{-2, 3\\}", "3", SET, P),
    ("\\{-2, 3\\}", "x = 3", SET, P),
    ("\\{-2, 3\\}", "-2, 3, 5", SET, F),
    ("\\{-2, 3\\}", "-2, 3, 3", SET, T),
    ("\\{-2, 3\\}", "2, 3", SET, F),
    ("\\{-2, 3\\}", "x = 3 \\text{ or } y = -2", SET, F),
    ("\\{-3, 3\\}", "\\pm 3", SET, T),
    ("\\{-3, 3\\}", "x = \\pm 3", SET, T),
    ("\\{2+3i, 2-3i\\}", "2 \\pm 3i", SET, T),
    ("\\{2+3i, 2-3i\\}", "2 + 3i", SET, P),
    ("\\{1+\\sqrt{2}, 1-\\sqrt{2}\\}", "1 \\pm \\sqrt{2}", SET, T),
    ("\\{\\frac{1}{2}, -4\\}", "x = 0.5 \\text{ or } x = -4", SET, T),
    ("\\{1, 2, 3\\}", "1, 2", SET, P),
    ("\\{1, 2, 3\\}", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15", SET, F),
    ("\\{1, 2, 3\\}", "[1, 3]", SET, F),
    ("\\emptyset", "\\emptyset", SET, T),
    ("\\emptyset", "no solution", SET, T),
    ("\\emptyset", "\\text{No real solutions}", SET, T),
    ("\\emptyset", "\\varnothing", SET, T),
    ("\\emptyset", "0", SET, F),
    ("\\{0\\}", "\\emptyset", SET, F),
    # --- tuples and ordered pairs
    ("(1, 2)", "(1, 2)", TUPLE, T),
    ("(1, 2)", "(2, 1)", TUPLE, F),
    ("(1, 2)", "[1, 2]", TUPLE, T),
    ("(1, 2)", "1, 2", TUPLE, T),
    ("(1, 2)", "(1, 2, 3)", TUPLE, F),
    ("(1, 2)", "(1)", TUPLE, P),
    ("(1, -\\frac{1}{2})", "(1, -0.5)", TUPLE, T),
    ("(3, 1, 4)", "(3; 1, 4)", TUPLE, T),
    ("(3, 1, 4)", "[3; 1, 4]", TUPLE, T),
    ("x = 1, y = 2", "y = 2, x = 1", {}, T),
    ("x = 1, y = 2", "(1, 2)", {}, T),
    ("x = 1, y = 2", "(2, 1)", {}, F),
    ("x = 1, y = 2", "x = 1", {}, P),
    ("x = 1, y = 2", "x = 1, y = 2, z = 3", {}, F),
    ("x = 1, y = 2", "x = 1, z = 2", {}, F),
    ("x = 1, y = 2, z = -3", "x=1,\\ y=2,\\ z=-3", {}, T),
    # --- intervals and inequalities
    ("[1, 3)", "1 \\le x < 3", {}, T),
    ("[1, 3)", "[1, 3)", {}, T),
    ("[1, 3)", "(1, 3)", INTERVAL, F),
    ("[1, 3)", "x \\in [1, 3)", {}, T),
    ("(-\\infty, 2]", "x \\le 2", {}, T),
    ("(-\\infty, 2]", "2 \\ge x", {}, T),
    ("(-\\infty, 2]", "x < 2", {}, F),
    ("x \\le 2", "(-\\infty, 2]", {}, T),
    ("(-\\infty, -1) \\cup (2, \\infty)", "x < -1 \\text{ or } x > 2", {}, T),
    ("(-\\infty, -1) \\cup (2, \\infty)", "(2, \\infty) \\cup (-\\infty, -1)", {}, T),
    ("(-\\infty, -1) \\cup (2, \\infty)", "(-\\infty, -1)", {}, F),
    ("(-\\infty, -1) \\cup (2, \\infty)", "x \\ne -1", {}, F),
    ("(-\\infty, \\infty)", "\\mathbb{R}", INTERVAL, T),
    ("[-\\sqrt{2}, \\sqrt{2}]", "-\\sqrt{2} \\le x \\le \\sqrt{2}", {}, T),
    ("[-\\sqrt{2}, \\sqrt{2}]", "-1.414 \\le x \\le 1.414", {}, F),
    ("(1, 4)", "(1, 4)", INTERVAL, T),
    ("(1, 4)", "1 < x < 4", INTERVAL, T),
    ("[0, 1] \\cup [1, 2]", "[0, 2]", INTERVAL, T),
    # --- matrices and vectors
    (PMATRIX, "\\begin{bmatrix}1 & 2\\\\ 3 & 4\\end{bmatrix}", {}, T),
    (PMATRIX, "\\begin{pmatrix}1 & 3\\\\ 2 & 4\\end{pmatrix}", {}, F),
    (PMATRIX, "\\begin{pmatrix}1 & 2\\end{pmatrix}", {}, F),
    (
        "\\begin{pmatrix}-2 & 1\\\\ \\frac{3}{2} & -\\frac{1}{2}\\end{pmatrix}",
        "\\begin{pmatrix}-2 & 1\\\\ 1.5 & -0.5\\end{pmatrix}",
        {},
        T,
    ),
    (
        "\\begin{pmatrix}-2 & 1\\\\ \\frac{3}{2} & -\\frac{1}{2}\\end{pmatrix}",
        f"{PMATRIX}^{{-1}}",
        {},
        F,
    ),
    ("\\begin{pmatrix}1\\\\ 2\\\\ 3\\end{pmatrix}", "(1, 2, 3)", {"kind": "matrix"}, T),
    (
        "\\begin{pmatrix}1\\\\ 2\\\\ 3\\end{pmatrix}",
        "\\langle 1, 2, 3 \\rangle",
        {"kind": "matrix"},
        T,
    ),
    ("\\begin{pmatrix}1\\\\ 2\\\\ 3\\end{pmatrix}", "(1, 3, 2)", {"kind": "matrix"}, F),
    # --- equations up to a factor (lines, planes)
    ("y = 2x + 1", "2x - y + 1 = 0", {"kind": "equation"}, T),
    ("y = 2x + 1", "4x - 2y = -2", {"kind": "equation"}, T),
    ("y = 2x + 1", "y = 2x - 1", {"kind": "equation"}, F),
    ("y = 2x + 1", "2x + 1", {"kind": "equation"}, F),
    # --- antiderivatives: any constant
    ("\\frac{x^3}{3}", "\\frac{x^3}{3} + C", {"kind": "antiderivative"}, T),
    ("\\frac{x^3}{3}", "\\frac{x^3 + 5}{3}", {"kind": "antiderivative"}, T),
    ("\\frac{x^3}{3}", "x^3", {"kind": "antiderivative"}, F),
    ("\\sin^2 x", "-\\frac{\\cos(2x)}{2}", {"kind": "antiderivative"}, T),
    ("\\ln|x|", "\\ln(x) + C", {"kind": "antiderivative"}, T),
    ("x e^{x} - e^{x}", "(x-1)e^x + 7", {"kind": "antiderivative"}, T),
    ("x e^{x} - e^{x}", "x e^x", {"kind": "antiderivative"}, F),
    # --- forms: expanded, factored (polynomials and integers), reduced
    ("x^2 - x - 2", "x^2 - x - 2", {"form": "expanded"}, T),
    ("x^2 - x - 2", "(x+1)(x-2)", {"form": "expanded"}, F),
    ("(x+1)(x-2)", "(x-2)(x+1)", {"form": "factored"}, T),
    ("(x+1)(x-2)", "x^2 - x - 2", {"form": "factored"}, F),
    ("2(x+1)(x-3)", "(2x+2)(x-3)", {"form": "factored"}, T),
    ("(x-1)(x+1)(x^2+1)", "(x^2-1)(x^2+1)", {"form": "factored"}, F),
    ("(x-1)^2(x+2)", "(x+2)(x-1)^2", {"form": "factored"}, T),
    ("2^3 \\cdot 3^2 \\cdot 5", "2^3 \\cdot 3^2 \\cdot 5", {"form": "factored"}, T),
    ("2^3 \\cdot 3^2 \\cdot 5", "5 \\times 3^2 \\times 2^3", {"form": "factored"}, T),
    ("2^3 \\cdot 3^2 \\cdot 5", "360", {"form": "factored"}, F),
    ("2^3 \\cdot 3^2 \\cdot 5", "8 \\cdot 45", {"form": "factored"}, F),
    ("2^3 \\cdot 3^2 \\cdot 5", "2^3 \\cdot 3 \\cdot 5", {"form": "factored"}, F),
    ("x + 1", "\\frac{x^2-1}{x-1}", {"form": "reduced"}, F),
    ("\\frac{1}{x+2}", "\\frac{1}{x+2}", {"form": "reduced"}, T),
    ("\\frac{1}{x+2}", "\\frac{x-1}{(x-1)(x+2)}", {"form": "reduced"}, F),
    # --- units and percentages only where allowed
    ("5", "5 \\text{ cm}", {}, U),
    ("5", "5 \\text{ cm}", {"units": True}, T),
    ("5", "5\\,\\mathrm{kg}", {"units": True}, T),
    ("12", "12 km/h", {"units": True}, T),
    ("60", "60^\\circ", {"units": True}, T),
    ("12.5", "\\$12.50", {"units": True}, T),
    ("5", "6 \\text{ cm}", {"units": True}, F),
    ("25", "25\\%", {"percent": True}, T),
    ("25", "25", {"percent": True}, T),
    ("25", "25\\%", {}, U),
    ("1/2", "50\\%", {}, U),
    ("12.5", "12.5%", {"percent": True}, T),
    # --- text kind (digits in a base, names)
    ("1A3F", "1a3f", {"kind": "text"}, T),
    ("1A3F", "\\text{1A3F}", {"kind": "text"}, T),
    ("1A3F", "1A3E", {"kind": "text"}, F),
    ("Tuesday", "tuesday", {"kind": "text"}, T),
    # --- plain text as programs print it, and plus-minus anywhere
    ("\\frac{3}{2} - \\frac{\\sqrt{5}}{2}", "3/2 - sqrt(5)/2", {}, T),
    ("e^{x} \\sin{\\left(2 x \\right)}", "exp(x)*sin(2*x)", {}, T),
    ("2x^2 + 1", "2*x**2 + 1", {}, T),
    ("\\ln 2", "log(2)", {}, T),  # plain log() is the natural logarithm, as in code
    ("\\ln 2", "\\log 2", {}, F),  # LaTeX \\log without a base is base 10
    ("1 + \\sqrt{2} i", "1 + sqrt(2)*I", {}, T),
    ("\\left|x - 1\\right|", "abs(x - 1)", {}, T),
    (
        "\\{\\frac{3 - \\sqrt{5}}{2}, \\frac{3 + \\sqrt{5}}{2}\\}",
        "x = \\frac{3 \\pm \\sqrt{5}}{2}",
        SET,
        T,
    ),
    (
        "\\{\\frac{3 - \\sqrt{5}}{2}, \\frac{3 + \\sqrt{5}}{2}\\}",
        "\\frac{3 + \\sqrt{5}}{2}",
        SET,
        P,
    ),
    ("\\{-2, 3\\}", "x = 3 or x = -2", SET, T),
    # --- complex numbers in the form a + bi
    ("5 + i", "i + 5", {"form": "rectangular"}, T),
    ("5 + i", "(2 + 3i)(1 - i)", {"form": "rectangular"}, F),
    ("5 + i", "(2 + 3i) + (3 - 2i)", {"form": "rectangular"}, F),
    ("\\frac{7}{5} - \\frac{1}{5}i", "1.4 - 0.2i", {"form": "rectangular"}, T),
    # --- products with zero hide anything; prose is not an answer
    ("\\frac{x^3}{3}", "\\frac{x^3}{3} + 0 \\cdot \\sin(y)", {"kind": "antiderivative"}, F),
    ("\\frac{x^3}{3}", "\\frac{x^3}{3}\n\\frac{x^3}{3} or 0", {"kind": "antiderivative"}, F),
    ("3", "The answer to this question is three", {}, U),
    # --- junk
    ("5", "five", {}, F),
    ("5", "", {}, U),
    ("5", "\\frac{", {}, U),
    ("5", "10^{10^{10^{10}}}", {}, U),
    ("5", "9!!!!!!!!", {}, U),
    ("5", "(10^{100000})!", {}, U),
    ("5", "2^{2^{2^{2^{2^{2^{2}}}}}}", {}, U),
    ("x", "x^{10^{9}}", {}, U),
]


def _code(result: MathResult) -> Any:
    if result.status == "ok":
        return result.equal
    return result.status


@pytest.mark.parametrize(("gold", "answer", "options", "expected"), TABLE)
def test_table(gold: str, answer: str, options: dict[str, Any], expected: Any) -> None:
    result = compare(gold, answer, **options)
    assert _code(result) == expected, result


def test_table_is_large_and_covers_every_outcome() -> None:
    assert len(TABLE) >= 150
    assert {expected for *_, expected in TABLE} == {T, F, P, U}


def test_exact_path_needs_no_worker() -> None:
    assert compare("1/3", "0.333").detail == "exact rational comparison"
    assert compare("-3", "−3").detail == "exact rational comparison"
    assert compare("\\sqrt{2}", "2^{1/2}").detail == "equal"


def test_equal_answers_are_symmetric() -> None:
    """Swapping gold and answer gives the same verdict wherever both are plain answers."""
    for gold, answer, options, expected in TABLE:
        if expected is True and not options and "=" not in gold + answer:
            assert compare(answer, gold).equal is True, (gold, answer)


def test_check_reads_the_last_answer_of_a_response() -> None:
    assert check("1/2", "so it is \\boxed{\\frac{1}{2}}").correct
    assert check("1/2", "<answer>0.5</answer> or maybe \\boxed{3}").correct
    assert check("1/2", "<answer>3</answer> then <answer>0.5</answer>").correct
    assert not check("1/2", "<answer>0.5</answer> then <answer>3</answer>").correct
    assert check("1/2", "no answer here").reason == "no_answer"
    verdict = check("\\{-2, 3\\}", "<answer>x = 3</answer>", kind="set")
    assert (verdict.reason, verdict.score) == ("partial", 0.0)
    assert check("5", "<answer>5 cm</answer>", units=True).correct
    wrong = check("\\sqrt{2}", "<answer>\\frac{2}{\\sqrt{2}}</answer>")
    assert wrong.reason == "wrong" and "simplest form" in wrong.feedback


def test_feedback_never_quotes_the_gold() -> None:
    gold = "\\frac{173}{29}"
    for answer in ("1", "x", "1, 2", "\\frac{173}{29} + 0", "3 \\text{ apples}"):
        assert "173" not in check(gold, f"<answer>{answer}</answer>").feedback


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
    result = compare("1/2", answer)  # type: ignore[arg-type]
    assert result.equal is None or result.equal is False
    assert result.status in ("unparsable", "ok")


def test_bad_options_are_caller_errors() -> None:
    with pytest.raises(ValueError, match="timeout_s must be a positive number"):
        compare("1", "1", timeout_s=0)
    with pytest.raises(ValueError, match="kind must be one of"):
        compare("1", "1", kind="vector")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="form must be one of"):
        check("1", "<answer>1</answer>", form="nice")  # type: ignore[arg-type]


# ------------------------------------------------------------------ threads and processes
def _one(case: tuple[str, str, dict[str, Any], Any]) -> Any:
    gold, answer, options, _ = case
    return _code(compare(gold, answer, **options))


def test_eight_threads_give_the_main_thread_verdicts() -> None:
    expected = [case[-1] for case in TABLE]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(_one, TABLE)) == expected
    checker_pool = get_pool((WORKER_MODULE,))
    assert checker_pool.size <= checker_pool.max_workers


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_process_pools_give_the_main_thread_verdicts(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one checker worker per child process keeps the start-up of the test short
    monkeypatch.setenv("PALAESTRA_VERIFIER_WORKERS", "1")
    expected = [case[-1] for case in TABLE]
    compare("\\sqrt{2}", "2^{1/2}")  # in a fork, the parent's workers exist before the children
    context = multiprocessing.get_context(method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads, Python 3.12+
        with context.Pool(2) as pool:
            assert pool.map(_one, TABLE, chunksize=16) == expected


RUNAWAY_GOLD = "10^{10^{10^{10}}}"  # evaluating it never ends; only the deadline stops it


def test_runaway_work_times_out_within_its_deadline_from_a_worker_thread() -> None:
    compare("\\sqrt{4}", "2")  # a warm worker, so that start-up is not part of the measurement
    outcome: dict[str, Any] = {}

    def run() -> None:
        start = time.monotonic()
        outcome["verdict"] = check(RUNAWAY_GOLD, "<answer>3</answer>", timeout_s=1.0)
        outcome["elapsed"] = time.monotonic() - start

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(HANG_GUARD_S)
    assert outcome["verdict"].reason == "timeout"
    assert outcome["elapsed"] < 1.0 + 4.0  # the deadline, plus the kill and the round trip
    assert check("\\sqrt{4}", "<answer>2</answer>").correct  # a fresh worker takes over


def test_timeouts_from_many_threads_and_the_checker_recovers() -> None:
    start = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: compare(RUNAWAY_GOLD, "3", timeout_s=0.5), range(3)))
    assert time.monotonic() - start < HANG_GUARD_S
    assert all(r == MathResult(None, "timeout", "checking took longer than 0.5 s") for r in results)
    assert compare("\\sqrt{4}", "2").equal is True


@pytest.mark.parametrize(
    "answer",
    [
        "10^{10^{10^{10}}}",
        "9!!!!!!!!",
        "2^{2^{2^{2^{2^{2^{2}}}}}}",
        "(10^{100000})!",
        "\\frac{1}{" * 200 + "2" + "}" * 200,
        ", ".join(str(i) for i in range(400)),
        "(x+y+z+1)^{40}",
    ],
)
def test_pathological_answers_end_quickly_and_are_not_right(answer: str) -> None:
    start = time.monotonic()
    result = compare("3", answer, timeout_s=2.0)
    assert time.monotonic() - start < HANG_GUARD_S
    assert result.equal is not True
    assert result.status in ("timeout", "unparsable", "ok")


# ------------------------------------------------------------------ the fast parser
def same_reading(fast: Any, slow: Any) -> bool:
    """Whether two parses of one text mean the same: lists and tuples item by item (an open
    interval (a, b) is math-verify's reading of a pair), equations side by side, values by
    exact comparison."""
    from palaestra.verifiers import _math_worker as worker

    sp, context = worker.sp, worker.Context()
    if isinstance(slow, sp.Interval) and isinstance(fast, sp.Tuple):
        slow = sp.Tuple(slow.start, slow.end)
    if isinstance(slow, sp.FiniteSet) and isinstance(fast, sp.FiniteSet):
        named = worker.infer_kind(slow) == "tuple"  # x = 1, y = 2
        comparer = worker.compare_tuple if named else worker.compare_set
        return comparer(slow, fast, context)[0] is True
    if isinstance(slow, sp.Tuple) and isinstance(fast, sp.Tuple):
        return worker.compare_tuple(slow, fast, context)[0] is True
    if isinstance(slow, sp.Eq) and isinstance(fast, sp.Eq):
        return same_reading(fast.lhs, slow.lhs) and same_reading(fast.rhs, slow.rhs)
    fast, slow = worker.evaluate(fast), worker.evaluate(slow)
    if fast == slow:
        return True
    return isinstance(fast, sp.Expr) and worker.is_zero(sp.Add(fast, -slow), slow)


def test_the_fast_parser_reads_what_math_verify_reads() -> None:
    """Wherever the worker's own parser accepts a text, its value is math-verify's."""
    from math_verify import parse

    from palaestra.verifiers import _math_worker as worker
    from palaestra.verifiers.math import normalise

    maths = [case for case in TABLE if case[2].get("kind") != "text"]
    texts = {normalise(gold, trusted=True).text for gold, *_ in maths}
    texts |= {normalise(answer).text for _, answer, _, _ in maths if not normalise(answer).problem}
    texts -= {"10^{10^{10^{10}}}", "2^{2^{2^{2^{2^{2^{2}}}}}}"}
    read = 0
    for text in sorted(texts):
        fast = worker.fast_parse(text)
        if fast is None:
            continue
        read += 1
        slow = next(
            item
            for item in parse(f"\\boxed{{{text}}}", parsing_timeout=None)
            if not isinstance(item, str)
        )
        slow = worker._replace(slow, worker._imaginary(slow))
        if isinstance(slow, worker.sp.FiniteSet) and len(slow) == 1:  # "{x}" is a set there
            slow = worker.items_of(slow)[0]
            fast = worker.items_of(fast)[0] if isinstance(fast, worker.sp.FiniteSet) else fast
        assert same_reading(fast, slow), text
    assert read >= 100


# ------------------------------------------------------------------ the deadline pool
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
