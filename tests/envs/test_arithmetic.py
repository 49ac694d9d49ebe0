"""What is special about math/arithmetic-v1: exact values, precedence, number-only answers."""

from __future__ import annotations

import ast
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.errors import ConfigError
from palaestra.generators.expressions import (
    BinOp,
    Expr,
    GenerationError,
    evaluate,
    from_json,
    random_expression,
    to_json,
    to_latex,
    to_text,
)

ENV = pa.make("math/arithmetic-v1")


def python_value(text: str) -> Fraction:
    """The value of rendered text by Python's own grammar: an independent precedence check."""
    operations = {
        ast.Add: Fraction.__add__,
        ast.Sub: Fraction.__sub__,
        ast.Mult: Fraction.__mul__,
        ast.Div: Fraction.__truediv__,
    }

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.BinOp):
            return operations[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return Fraction(node.value)
        raise AssertionError(f"unexpected node {ast.dump(node)}")

    return walk(ast.parse(text, mode="eval").body)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32), level=st.integers(1, 10))
def test_answer_is_the_exact_value_of_the_rendered_expression(seed: int, level: int) -> None:
    task = ENV.generate(seed, level)
    value = python_value(task.data["expression"])
    assert task.answer == task.data["value"]
    assert Fraction(task.answer) == value == evaluate(from_json(task.data["tree"]))
    assert task.data["expression"] in task.prompt
    if "/" in task.answer:
        numerator, denominator = map(int, task.answer.split("/"))
        assert denominator > 1 and Fraction(numerator, denominator).denominator == denominator


@pytest.mark.parametrize(
    ("tree", "text"),
    [
        (BinOp("-", 1, BinOp("+", 2, 3)), "1 - (2 + 3)"),
        (BinOp("+", 1, BinOp("-", 2, 3)), "1 + 2 - 3"),
        (BinOp("-", BinOp("-", 1, 2), 3), "1 - 2 - 3"),
        (BinOp("/", 8, BinOp("*", 2, 2)), "8 / (2 * 2)"),
        (BinOp("*", 8, BinOp("/", 2, 4)), "8 * 2 / 4"),
        (BinOp("*", BinOp("+", 1, 2), 3), "(1 + 2) * 3"),
        (BinOp("+", 1, BinOp("*", 2, 3)), "1 + 2 * 3"),
        (BinOp("-", -4, -5), "-4 - (-5)"),
        (BinOp("*", BinOp("+", -1, 2), -3), "(-1 + 2) * (-3)"),
    ],
)
def test_minimal_parentheses_respect_precedence(tree: Expr, text: str) -> None:
    assert to_text(tree) == text
    assert python_value(text) == evaluate(tree)
    assert from_json(to_json(tree)) == tree


def test_latex_rendering() -> None:
    tree = BinOp("/", BinOp("*", -2, 3), BinOp("-", 4, 1))
    assert to_latex(tree) == "-2 \\times 3 \\div \\left(4 - 1\\right)"


def test_bounds_hold_for_every_intermediate_value() -> None:
    def heights(expr: Expr) -> list[int]:
        if not isinstance(expr, BinOp):
            return [abs(expr)]
        value = evaluate(expr)
        own = max(abs(value.numerator), value.denominator)
        return [own, *heights(expr.left), *heights(expr.right)]

    rng = np.random.default_rng(0)
    for _ in range(200):
        tree, _stats = random_expression(
            rng, operators=9, ops="+-*/", max_operand=30, max_depth=4, max_value=2_000
        )
        assert max(heights(tree)) <= 2_000


def test_impossible_bounds_raise_after_bounded_tries() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(GenerationError, match="raise max_value or lower max_operand"):
        random_expression(rng, operators=20, ops="+", max_operand=10, max_value=10, max_depth=5)


@pytest.fixture(scope="module")
def thirds() -> pa.Task:
    """A task whose value is not a terminating decimal."""
    for seed in range(500):
        task = ENV.generate(seed, 5)
        if "/" in task.answer and Fraction(task.answer).denominator % 3 == 0:
            return task
    raise AssertionError("no task with a denominator divisible by 3")


def test_number_forms_that_are_accepted(thirds: pa.Task) -> None:
    value = Fraction(thirds.answer)
    p, q = value.numerator, value.denominator
    for text in (
        f"<answer>{p}/{q}</answer>",
        f"<answer>\\frac{{{p}}}{{{q}}}</answer>",
        f"<answer>{2 * p}/{2 * q}</answer>",  # the value counts, not the reduction
        f"The value is \\boxed{{{p}/{q}}}.",
        f"<answer>{p}/{q}</answer>".replace("-", "−"),
    ):
        assert ENV.verify(thirds, text).correct, text


def test_restated_expression_is_not_an_answer(thirds: pa.Task) -> None:
    verdict = ENV.verify(thirds, f"<answer>{thirds.data['expression']}</answer>")
    assert (verdict.correct, verdict.reason) == (False, "unparsable")
    assert verdict.feedback.startswith("Give one number")
    value = Fraction(thirds.answer)
    equal_sum = f"{value - 1} + 1"
    assert ENV.verify(thirds, f"<answer>{equal_sum}</answer>").reason == "unparsable"


def test_rounded_decimal_is_wrong_but_an_exact_one_is_right(thirds: pa.Task) -> None:
    rounded = f"{float(Fraction(thirds.answer)):.6f}"
    verdict = ENV.verify(thirds, f"<answer>{rounded}</answer>")
    assert (verdict.correct, verdict.reason) == (False, "wrong")
    assert "exact" in verdict.feedback and thirds.answer not in verdict.feedback
    halves = next(
        t
        for t in (ENV.generate(seed, 5) for seed in range(500))
        if Fraction(t.answer).denominator in (2, 4, 5, 8, 10)
    )
    exact = str(float(Fraction(halves.answer)))
    assert ENV.verify(halves, f"<answer>{exact}</answer>").correct


@pytest.mark.parametrize(
    ("knobs", "message"),
    [
        (
            {"operators": 8, "max_depth": 3},
            "invalid knobs for math/arithmetic-v1: operators=8 do not fit in max_depth=3 levels "
            "(at most 7); raise max_depth",
        ),
        (
            {"max_operand": 200, "max_value": 1000},
            "invalid knobs for math/arithmetic-v1: max_value=1000 must be at least "
            "max_operand**2 = 40000 so that products of two numbers fit",
        ),
        ({"ops": "*"}, "knob 'ops' = '*' is not allowed for math/arithmetic-v1"),
        ({"operators": 0}, "knob 'operators' = 0 is not allowed for math/arithmetic-v1"),
    ],
)
def test_knob_errors(knobs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        ENV.generate(0, **knobs)
    assert str(info.value).startswith(message)


def test_knobs_shape_the_expression() -> None:
    task = ENV.generate(3, operators=12, max_depth=4, ops="+-", max_operand=5)
    cost = task.meta["cost"]
    assert cost["operators"] == 12 and cost["depth"] <= 4
    assert not set("*/") & set(task.data["expression"])
    assert "-" not in task.data["expression"].replace(" - ", "")  # no negative numbers
    leaves = [
        int(tok) for tok in task.data["expression"].replace("(", " ").split() if tok.isdigit()
    ]
    assert leaves and max(leaves) <= 5
