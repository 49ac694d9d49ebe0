"""What is special about fractions, percentages, exponents, radicals, estimation, calendar and
the word problems: exact references, the accepted answer forms and the refused ones."""

from __future__ import annotations

import ast
import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.math.percentages import decimal_text
from palaestra.generators.word_problems import number_text


def python_value(expression: str) -> Fraction:
    """Python's own precedence over the operands and operators of a chain (an independent
    check of the reference): fractions become F(p, q) calls, mixed numbers sums."""
    parts = []
    for token in expression.split(" "):
        if token in ("+", "-"):
            parts.append(token)
        elif token in ("\\times", "\\div"):
            parts.append("*" if token == "\\times" else "/")
        else:
            whole, _, rest = token.partition("\\frac{")
            numerator, _, denominator = rest.rstrip("}").partition("}{")
            parts.append(f"({whole or 0} + F({numerator}, {denominator}))")

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            return left * right if isinstance(node.op, ast.Mult) else left / right
        if isinstance(node, ast.Call):
            return Fraction(*(int(walk(arg)) for arg in node.args))
        if isinstance(node, ast.Constant):
            return Fraction(node.value)
        raise AssertionError(ast.dump(node))

    return walk(ast.parse(" ".join(parts), mode="eval").body)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 5))
def test_fraction_chains_follow_precedence(seed: int, level: int) -> None:
    task = pa.make("math/fractions-v1").generate(seed, level)  # levels 1-5: no nesting
    assert python_value(task.data["expression"]) == Fraction(task.answer or "0")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(25, 2), "12.5"),
        (Fraction(-1, 8), "-0.125"),
        (Fraction(1, 3), "1/3"),
        (Fraction(7), "7"),
    ],
)
def test_decimal_text(value: Fraction, text: str) -> None:
    assert decimal_text(value) == text
    assert number_text(value) == text


def test_percentages_accept_a_percent_sign_and_exact_decimals() -> None:
    env = pa.make("math/percentages-v1")
    task = next(
        t for t in (env.generate(s, 3) for s in range(200)) if t.data["kind"] == "what_percent"
    )
    value = Fraction(task.answer or "0")
    assert env.verify(task, f"<answer>{decimal_text(value)}\\%</answer>").correct
    assert env.verify(task, f"<answer>{value.numerator}/{value.denominator}</answer>").correct


def test_radicals_must_be_simplest_form() -> None:
    env = pa.make("math/radicals-v1")
    task = env.generate(1, 3)
    assert env.verify(task, f"<answer>{task.answer}</answer>").correct
    restated = env.verify(task, f"<answer>{task.data['expression']}</answer>")
    assert restated.reason == "wrong" and not restated.correct


def test_estimates_within_the_tolerance_are_right() -> None:
    env = pa.make("math/estimation-v1")
    task = env.generate(5, 5)
    value = Fraction(task.answer or "1")
    tolerance = Fraction(task.data["tolerance_percent"], 100)
    inside, outside = value * (1 + tolerance * 9 / 10), value * (1 + tolerance * 11 / 10)
    assert env.verify(task, f"<answer>{float(inside):.12g}</answer>").correct
    assert not env.verify(task, f"<answer>{float(outside):.12g}</answer>").correct
    mantissa, exponent = f"{float(value):.3e}".split("e")
    assert env.verify(task, f"<answer>{mantissa} \\times 10^{{{int(exponent)}}}</answer>").correct


def test_calendar_answers_match_datetime() -> None:
    env = pa.make("math/calendar-v1")
    for seed in range(40):
        task = env.generate(seed, 9)
        first = dt.date.fromisoformat(task.data["first"])
        second = dt.date.fromisoformat(task.data["second"])
        if task.data["question"] == "weekday":
            assert task.answer == second.strftime("%A")
            assert env.verify(task, f"<answer>{(task.answer or '').upper()}</answer>").correct
        elif task.data["question"] == "between":
            assert int(task.answer or "0") == abs((second - first).days)
        else:
            assert task.answer == (first + dt.timedelta(days=task.data["gap"])).isoformat()


@pytest.mark.parametrize(
    "env_id", ["math/rates-v1", "math/work-rates-v1", "math/mixtures-v1", "math/interest-v1"]
)
def test_word_problem_answers_may_carry_units(env_id: str) -> None:
    env = pa.make(env_id)
    seen = set()
    for seed in range(60):
        task = env.generate(seed, 10)
        seen.add(task.data["template"])
        unit = task.data["unit"]
        value = Fraction(task.answer or "0")
        written = (
            f"{float(value):.2f}"
            if task.data["abs_tolerance"]
            else f"{value.numerator}/{value.denominator}"
        )
        suffix = "\\%" if unit == "%" else f" {unit}"
        assert env.verify(task, f"<answer>{written}{suffix}</answer>").correct, (
            task.answer,
            written,
        )
    assert seen == set(env.templates), "every template is reachable at the top level"


def test_compound_interest_is_checked_to_the_cent() -> None:
    env = pa.make("math/interest-v1")
    task = next(t for t in (env.generate(s, 8) for s in range(100)) if t.data["abs_tolerance"])
    value = Fraction(task.answer or "0")
    assert env.verify(task, f"<answer>${float(value):,.2f}</answer>").correct
    assert not env.verify(task, f"<answer>{float(value) + 0.02:.2f}</answer>").correct


def test_word_problem_answers_are_exact_where_no_rounding_is_asked() -> None:
    env = pa.make("math/work-rates-v1")
    task = next(
        t
        for t in (env.generate(s, 5) for s in range(100))
        if Fraction(t.answer or "0").denominator % 3 == 0
    )
    rounded = f"{float(Fraction(task.answer or '0')):.4f}"
    assert env.verify(task, f"<answer>{rounded}</answer>").reason == "wrong"
