"""Random arithmetic expression trees with exact rational values, and their renderers.

    tree, stats = random_expression(rng, operators=5, ops="+-*/", max_operand=20, max_depth=3)
    to_text(tree)    # '3 - 4 * (7 + 2) / 5'  minimal parentheses, * and / before + and -
    to_latex(tree)   # '3 - 4 \\times \\left(7 + 2\\right) \\div 5'
    evaluate(tree)   # Fraction(-21, 5)

A tree is an `int` leaf or a `BinOp(op, left, right)` with op in ``+ - * /``; ``/`` is exact
rational division. Trees convert to and from JSON (`to_json`, `from_json`), so an environment
can keep one in `Task.data`.

Generation is bottom-up: a random tree shape with exactly `operators` internal nodes and at
most `max_depth` levels, leaves drawn uniformly from 1..max_operand (negated with probability
1/3 when `allow_negative`), and at each internal node an operator drawn from `ops`. An operator
that would divide by zero or give a value of height (max of |numerator| and denominator)
above `max_value` is redrawn from the operators not yet tried; if none fits, the right
subtree is redrawn (a few times), then the whole expression. Every kind of rejection is bounded
and counted in `ExpressionStats`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

OPERATORS = "+-*/"
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_LEAF_PRECEDENCE = 3
_LATEX_SYMBOL = {"+": "+", "-": "-", "*": "\\times", "/": "\\div"}
MAX_RESTARTS = 1_000
RIGHT_REDRAWS = 4  # right subtrees tried at a node before the whole expression is redrawn
NODE_BUDGET = 20  # internal nodes built per operator in one attempt, redraws included


@dataclass(frozen=True)
class BinOp:
    """An internal node: `left op right`."""

    op: str
    left: Expr
    right: Expr


Expr = int | BinOp


@dataclass
class ExpressionStats:
    """Rejection counts of one `random_expression` call (to measure the rejection rate)."""

    restarts: int = 0  # whole expressions redrawn
    redrawn_subtrees: int = 0  # right subtrees redrawn because no operator fitted
    redrawn_operators: int = 0  # operators rejected and drawn again


class GenerationError(RuntimeError):
    """The knobs leave (almost) no expression within the bounds."""


def evaluate(expr: Expr) -> Fraction:
    """The exact value; raises ZeroDivisionError on division by zero."""
    if isinstance(expr, BinOp):
        return apply(expr.op, evaluate(expr.left), evaluate(expr.right))
    return Fraction(expr)


def apply(op: str, left: Fraction, right: Fraction) -> Fraction:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return left / right  # ZeroDivisionError is the caller's signal
    raise ValueError(f"unknown operator {op!r}; operators are {OPERATORS}")


def height(value: Fraction) -> int:
    """max(|numerator|, denominator): the size measure bounded during generation."""
    return max(abs(value.numerator), value.denominator)


def operator_count(expr: Expr) -> int:
    if isinstance(expr, BinOp):
        return 1 + operator_count(expr.left) + operator_count(expr.right)
    return 0


def depth(expr: Expr) -> int:
    """Operator levels: 0 for a number, 1 for `a + b`, 2 for `(a + b) * c`, ..."""
    if isinstance(expr, BinOp):
        return 1 + max(depth(expr.left), depth(expr.right))
    return 0


def leaves(expr: Expr) -> list[int]:
    if isinstance(expr, BinOp):
        return leaves(expr.left) + leaves(expr.right)
    return [expr]


def max_operators(max_depth: int) -> int:
    """The most operators a tree of `max_depth` levels can hold (a full binary tree)."""
    return 2**max_depth - 1


# ------------------------------------------------------------------ generation
def random_shape(rng: np.random.Generator, operators: int, max_depth: int) -> Any:
    """A random binary tree shape: None for a leaf, (left, right) for an internal node.

    The left subtree's size is uniform over the sizes that let both subtrees fit in
    ``max_depth - 1`` levels.
    """
    if operators > max_operators(max_depth):
        raise ValueError(f"{operators} operators do not fit in {max_depth} levels")
    if operators == 0:
        return None
    room = max_operators(max_depth - 1)
    rest = operators - 1
    low, high = max(0, rest - room), min(rest, room)
    left = int(rng.integers(low, high + 1))
    return (random_shape(rng, left, max_depth - 1), random_shape(rng, rest - left, max_depth - 1))


def random_expression(
    rng: np.random.Generator,
    *,
    operators: int,
    ops: str = OPERATORS,
    max_operand: int = 10,
    max_depth: int = 4,
    allow_negative: bool = False,
    max_value: int = 10_000,
) -> tuple[Expr, ExpressionStats]:
    """A random expression tree whose value and every intermediate value has height at most
    `max_value` and which never divides by zero.

    Args:
        rng: the task's random generator (the only source of randomness).
        operators: the number of binary operators (internal nodes).
        ops: the operators to draw from, a subset of ``+-*/``.
        max_operand: leaves are drawn from 1..max_operand (and their negatives).
        max_depth: the most operator levels.
        allow_negative: whether leaves may be negative.
        max_value: the bound on the height of every intermediate value.

    Raises:
        ValueError: inconsistent arguments.
        GenerationError: `MAX_RESTARTS` expressions in a row broke the bounds.
    """
    if not ops or any(op not in OPERATORS for op in ops):
        raise ValueError(f"ops must be a non-empty subset of {OPERATORS!r}, got {ops!r}")
    if max_operand < 1 or max_value < max_operand:
        raise ValueError("need 1 <= max_operand <= max_value")
    stats = ExpressionStats()
    for _ in range(MAX_RESTARTS):
        shape = random_shape(rng, operators, max_depth)
        budget = [NODE_BUDGET * operators]  # nested subtree redraws must not multiply up
        built = _fill(rng, shape, ops, max_operand, allow_negative, max_value, stats, budget)
        if built is not None:
            return built[0], stats
        stats.restarts += 1
    raise GenerationError(
        f"no expression with {operators} operators from {ops!r} stayed within height "
        f"{max_value} in {MAX_RESTARTS} tries; raise max_value or lower max_operand"
    )


def _fill(
    rng: np.random.Generator,
    shape: Any,
    ops: str,
    max_operand: int,
    allow_negative: bool,
    max_value: int,
    stats: ExpressionStats,
    budget: list[int],
) -> tuple[Expr, Fraction] | None:
    """Leaves and operators for `shape`, bottom-up; None when no operator fits somewhere or
    the attempt has used up its budget of internal nodes."""
    if shape is None:
        leaf = int(rng.integers(1, max_operand + 1))
        if allow_negative and rng.random() < 1 / 3:
            leaf = -leaf
        return leaf, Fraction(leaf)
    budget[0] -= 1
    if budget[0] < 0:
        return None
    args = (ops, max_operand, allow_negative, max_value, stats, budget)
    left = _fill(rng, shape[0], *args)
    if left is None:
        return None
    for _ in range(RIGHT_REDRAWS):
        right = _fill(rng, shape[1], *args)
        if right is None:
            return None
        for index in rng.permutation(len(ops)):
            op = ops[int(index)]
            try:
                value = apply(op, left[1], right[1])
            except ZeroDivisionError:
                stats.redrawn_operators += 1
                continue
            if height(value) <= max_value:
                return BinOp(op, left[0], right[0]), value
            stats.redrawn_operators += 1
        stats.redrawn_subtrees += 1
    return None


# ------------------------------------------------------------------ rendering
def _needs_parens(parent: str, child: Expr, *, right: bool) -> bool:
    if not isinstance(child, BinOp):
        return False
    inner, outer = PRECEDENCE[child.op], PRECEDENCE[parent]
    # a - (b + c) and a / (b * c) keep their parentheses; a + (b - c) and a * (b / c) do not.
    return inner < outer or (right and inner == outer and parent in "-/")


def _render(expr: Expr, leftmost: bool, symbols: dict[str, str], parens: tuple[str, str]) -> str:
    if not isinstance(expr, BinOp):
        # A negative number is bare only where nothing precedes it: "-3 + 4", "4 * (-3)".
        return str(expr) if expr >= 0 or leftmost else f"{parens[0]}{expr}{parens[1]}"
    parts = []
    for child, is_right in ((expr.left, False), (expr.right, True)):
        if _needs_parens(expr.op, child, right=is_right):
            inner = _render(child, True, symbols, parens)
            parts.append(f"{parens[0]}{inner}{parens[1]}")
        else:
            parts.append(_render(child, leftmost and not is_right, symbols, parens))
    return f"{parts[0]} {symbols[expr.op]} {parts[1]}"


def to_text(expr: Expr) -> str:
    """Plain text with ``+ - * /`` and the fewest parentheses that keep the value.

    Usual precedence (* and / before + and -) and left associativity; negative numbers after
    an operator are parenthesised.
    """
    return _render(expr, True, {op: op for op in OPERATORS}, ("(", ")"))


def to_latex(expr: Expr) -> str:
    """LaTeX with ``\\times`` and ``\\div`` and the same parentheses as `to_text`."""
    return _render(expr, True, _LATEX_SYMBOL, ("\\left(", "\\right)"))


def format_fraction(value: Fraction) -> str:
    """The canonical answer form: ``"7"``, ``"-7"``, ``"7/3"`` or ``"-7/3"``."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


# ------------------------------------------------------------------ JSON form
def to_json(expr: Expr) -> Any:
    """``int`` leaves and ``[op, left, right]`` lists: plain JSON for `Task.data`."""
    if isinstance(expr, BinOp):
        return [expr.op, to_json(expr.left), to_json(expr.right)]
    return expr


def from_json(value: Any) -> Expr:
    if isinstance(value, list):
        op, left, right = value
        if op not in OPERATORS:
            raise ValueError(f"unknown operator {op!r}")
        return BinOp(op, from_json(left), from_json(right))
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"a leaf must be an integer, got {value!r}")
    return value
