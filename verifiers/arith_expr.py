"""A safe parser and exact evaluator for arithmetic answers such as ``(8 - 3) * 4 + 4``.

Used by number puzzles (24 game, countdown) whose answer is an expression over given
numbers. Nothing is passed to `eval`: the text is tokenised (non-negative integers, ``+ -
* /``, parentheses), parsed by recursive descent under a token and nesting budget, and
evaluated with exact fractions. The result lists the numbers used and every operation
performed, so callers can check "each number once" and rules on intermediate values.

Accepted spellings: ``×``, ``x``, ``·``, ``\\times``, ``\\cdot`` for ``*``; ``÷``, ``:``,
``\\div`` for ``/``; ``−`` and ``–`` for ``-``; ``[]`` and ``{}`` as parentheses. An answer
may end with ``= value`` (the claimed result, which is ignored: the expression is judged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from palaestra.verifiers.parsing import AnswerFormatError

MAX_TOKENS = 200
MAX_NESTING = 40
MAX_DIGITS = 9
_SPELLINGS = (
    ("\\left", ""),
    ("\\right", ""),
    ("\\times", "*"),
    ("\\cdot", "*"),
    ("\\div", "/"),
    ("×", "*"),
    ("·", "*"),
    ("x", "*"),
    ("X", "*"),
    ("÷", "/"),
    (":", "/"),
    ("−", "-"),
    ("–", "-"),
    ("[", "("),
    ("]", ")"),
    ("{", "("),
    ("}", ")"),
)
_OPERATORS = "+-*/"


@dataclass(frozen=True)
class Step:
    """One operation performed: ``left op right = result``."""

    op: str
    left: Fraction
    right: Fraction
    result: Fraction


@dataclass
class Arithmetic:
    """An evaluated expression: its value, the numbers it uses (in reading order) and its
    operations (innermost first)."""

    value: Fraction
    numbers: list[int] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)


def parse_arithmetic(text: str, *, unary_minus: bool = False) -> Arithmetic:
    """Parses and evaluates `text`; raises AnswerFormatError saying what is wrong.

    With `unary_minus` False (the default), ``-3`` and ``2 * -3`` are refused, so that only
    the given numbers can appear.
    """
    body = text.strip().rstrip(".")
    if body.count("=") > 1:
        raise AnswerFormatError("write one expression, optionally followed by '= value'")
    if "=" in body:
        body, claimed = body.split("=")
        if not claimed.strip().lstrip("-").isdigit():
            raise AnswerFormatError("after '=' only the value of the expression may follow")
    for spelling, canonical in _SPELLINGS:
        body = body.replace(spelling, canonical)
    parser = _Parser(_tokens(body), unary_minus)
    value = parser.expression(0)
    if parser.position != len(parser.tokens):
        raise AnswerFormatError(f"unexpected {parser.tokens[parser.position]!r}")
    return Arithmetic(value=value, numbers=parser.numbers, steps=parser.steps)


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    number = ""
    for ch in text + " ":
        if ch.isascii() and ch.isdigit():
            number += ch
            if len(number) > MAX_DIGITS:
                raise AnswerFormatError(f"numbers have at most {MAX_DIGITS} digits")
            continue
        if number:
            tokens.append(number)
            number = ""
        if ch in _OPERATORS or ch in "()":
            tokens.append(ch)
        elif ch == ".":
            raise AnswerFormatError("use whole numbers only, without decimal points")
        elif not ch.isspace():
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise AnswerFormatError(f"{shown!r} is not a number, operator or parenthesis")
        if len(tokens) > MAX_TOKENS:
            raise AnswerFormatError(f"the expression is longer than {MAX_TOKENS} tokens")
    if not tokens:
        raise AnswerFormatError("no expression given")
    return tokens


class _Parser:
    def __init__(self, tokens: list[str], unary_minus: bool) -> None:
        self.tokens = tokens
        self.position = 0
        self.unary_minus = unary_minus
        self.numbers: list[int] = []
        self.steps: list[Step] = []

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise AnswerFormatError("the expression ends too early")
        self.position += 1
        return token

    def expression(self, depth: int) -> Fraction:
        value = self.term(depth)
        while self.peek() in ("+", "-"):
            op = self.take()
            value = self.apply(op, value, self.term(depth))
        return value

    def term(self, depth: int) -> Fraction:
        value = self.factor(depth)
        while self.peek() in ("*", "/"):
            op = self.take()
            value = self.apply(op, value, self.factor(depth))
        return value

    def factor(self, depth: int) -> Fraction:
        token = self.take()
        if token == "(":
            if depth >= MAX_NESTING:
                raise AnswerFormatError(f"parentheses nest deeper than {MAX_NESTING}")
            value = self.expression(depth + 1)
            if self.take() != ")":
                raise AnswerFormatError("a parenthesis is not closed")
            return value
        if token == "-" and self.unary_minus:
            if depth >= MAX_NESTING:
                raise AnswerFormatError(f"minus signs nest deeper than {MAX_NESTING}")
            return -self.factor(depth + 1)
        if token.isdigit():
            self.numbers.append(int(token))
            return Fraction(int(token))
        raise AnswerFormatError(f"expected a number or '(' but found {token!r}")

    def apply(self, op: str, left: Fraction, right: Fraction) -> Fraction:
        if op == "/" and right == 0:
            raise AnswerFormatError("the expression divides by zero")
        result = {
            "+": lambda: left + right,
            "-": lambda: left - right,
            "*": lambda: left * right,
            "/": lambda: left / right,
        }[op]()
        self.steps.append(Step(op, left, right, result))
        return result
