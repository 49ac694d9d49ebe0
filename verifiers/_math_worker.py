"""The sympy step of `palaestra.verifiers.math`, run inside a deadline worker process.

Everything here may be slow on adversarial input, so it only ever runs in a worker that the
caller kills at its deadline (math-verify's own timeouts use ``signal.alarm`` and are switched
off: ``parsing_timeout=None``). Model text is parsed into an unevaluated sympy tree by
`fast_parse` (a strict recursive-descent parser for the LaTeX most answers use) or, for
anything outside its subset, by math-verify's ANTLR parser; nothing is evaluated before
`guard` has bounded the size of every number in it, so power towers and huge factorials
are refused in microseconds.

Comparison follows the gold's kind (or the caller's): scalars, unordered sets of values,
ordered tuples (optionally named: ``x=1, y=2``), subsets of the reals (intervals, unions,
inequalities), matrices, equations up to a factor and antiderivatives up to a constant. Two
scalars are equal when their difference is exactly zero (rationals) or vanishes to 50 digits
at several rational points (expressions equal up to algebra); an answer written with decimal
digits must in addition be proved equal by sympy, so a long decimal never passes for an
irrational.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from latex2sympy2_extended.sets import FiniteSet as OrderedFiniteSet  # keeps written order
from math_verify import parse
from sympy.core.function import AppliedUndef

from palaestra.verifiers.math import Options

# With timeouts off math-verify warns once per process, and it logs a warning for every
# expression it gives up on; both are noise in a trainer's log.
logging.getLogger("math_verify").setLevel(logging.ERROR)

MAX_DIGITS = 10_000  # no number in an answer may need more digits than this
MAX_SYMBOLIC_EXPONENT = 2_000  # (x + 1)^n with larger n is refused, not expanded
MAX_NODES = 3_000
DIGITS = 50
ZERO = sp.Float(10) ** -35
_POINTS = (
    (sp.Rational(7, 5), sp.Rational(23, 13), sp.Rational(13, 11), sp.Rational(31, 17)),
    (sp.Rational(19, 7), sp.Rational(3, 2), sp.Rational(41, 23), sp.Rational(9, 7)),
    (sp.Rational(11, 19), sp.Rational(29, 11), sp.Rational(17, 29), sp.Rational(37, 13)),
)
_OPERATORS = (sp.Derivative, sp.Integral, sp.Limit, sp.Sum, sp.Product, sp.Subs)
_MATRIX_OPERATIONS = {"Determinant", "Trace", "Inverse", "MatPow", "Transpose", "MatMul"}
_MATRIX_OPERATIONS |= {"MatAdd", "Adjoint", "MatrixSymbol"}
_HUGE = (sp.factorial, sp.factorial2, sp.gamma, sp.subfactorial, sp.binomial)
Result = tuple[bool | None, str, str]


class TooLarge(ValueError):
    """A number in the answer is too large to evaluate."""


@dataclass(frozen=True)
class Context(Options):
    """The caller's options and what normalisation learned about the answer."""

    decimal: bool = False  # the answer was written with decimal digits


# ------------------------------------------------------------------ reading
def _balanced(text: str) -> bool:
    """Whether the unescaped braces of `text` nest properly (so it can sit inside \\boxed{})."""
    depth = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# ------------------------------------------------------------------ a fast scalar parser
_TOKEN = re.compile(r"\s+|\\[A-Za-z]+|\\[,;:! {}]|\d+|[A-Za-z]|_|\^|[-+*/()\[\]{}|!=,]|.")
_SPACES = {"\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad"}
_FUNCTIONS = {
    "\\sin": "sin", "\\cos": "cos", "\\tan": "tan", "\\cot": "cot", "\\sec": "sec",
    "\\csc": "csc", "\\arcsin": "asin", "\\arccos": "acos", "\\arctan": "atan",
    "\\sinh": "sinh", "\\cosh": "cosh", "\\tanh": "tanh", "\\ln": "log", "\\exp": "exp",
}  # fmt: skip
_FRACTIONS = {"\\frac", "\\dfrac", "\\tfrac"}
_TIMES = {"*", "\\cdot", "\\times"}
_DIVIDE = {"/", "\\div"}
_CHAIN_END = {"+", "-", ")", "}", "]", "|", "\\right", ",", "=", "\\}", None}
_CHAIN_END |= _TIMES | _DIVIDE


class _Unsupported(Exception):
    """The text leaves the fast parser's subset; math-verify's parser reads it instead."""


class _FastParser:
    """Recursive descent over the LaTeX of plain scalar expressions (what sympy prints and
    what most answers are): numbers, single-letter variables with subscripts, + - * / ^,
    \\frac, \\sqrt, |x|, functions with bracketed arguments, \\pi, e, i, n!. It builds the
    same unevaluated trees as math-verify (letters lower-cased and real, juxtaposition
    binding tighter than /, \\log in base 10) and gives up on anything else: relations,
    sets, matrices, \\text, unbracketed function arguments, nested bars."""

    def __init__(self, text: str) -> None:
        self.tokens = [t for t in _TOKEN.findall(text) if t.strip() and t not in _SPACES]
        self.index = 0

    def peek(self, offset: int = 0) -> str | None:
        position = self.index + offset
        return self.tokens[position] if position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise _Unsupported(f"expected {expected!r}, found {token!r}")
        self.index += 1
        return token

    def parse(self) -> Any:
        items = self.items(None)
        return items[0] if len(items) == 1 else OrderedFiniteSet(*items)

    def items(self, closing: str | None) -> list[Any]:
        """Comma-separated items up to `closing` (None: the end); each may be ``lhs = rhs``."""
        items = [self.item()]
        while self.peek() == ",":
            self.take()
            items.append(self.item())
        if self.peek() != closing:
            raise _Unsupported(f"unexpected {self.peek()!r}")
        return items

    def item(self) -> Any:
        left = self.sum()
        if self.peek() != "=":
            return left
        self.take()
        right = self.sum()
        if self.peek() == "=":
            raise _Unsupported("a chain of equations")
        return sp.Eq(left, right, evaluate=False)

    def sequence(self, closing: str) -> Any:
        """The inside of brackets: one value, or a tuple of several (``(4, -1)``)."""
        items = self.items(closing)
        return items[0] if len(items) == 1 else sp.Tuple(*items)

    def sum(self) -> Any:
        terms = [self.signed(self.product)]
        while self.peek() in ("+", "-"):
            terms.append(self.signed(self.product))
        return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)

    def signed(self, part: Any) -> Any:
        sign = 1
        while self.peek() in ("+", "-"):
            sign = -sign if self.take() == "-" else sign
        value = part()
        if sign > 0:
            return value
        if isinstance(value, sp.Rational):
            return -value
        return sp.Mul(sp.Integer(-1), value, evaluate=False)

    def product(self) -> Any:
        value = self.chain()
        while self.peek() in _TIMES or self.peek() in _DIVIDE:
            divide = self.take() in _DIVIDE
            right = self.signed(self.chain)
            if divide:
                right = sp.Pow(right, sp.Integer(-1), evaluate=False)
            value = sp.Mul(value, right, evaluate=False)
        return value

    def chain(self) -> Any:
        factors = [self.power()]
        while self.peek() not in _CHAIN_END:
            mixed = self.peek() in _FRACTIONS and isinstance(factors[-1], sp.Integer)
            factors.append(self.power())
            if mixed and len(factors) == 2 and isinstance(factors[-1], sp.Rational):
                # 1\frac{1}{4} is the mixed number 5/4, as math-verify reads it
                factors = [sp.Add(*factors, evaluate=False)]
        return factors[0] if len(factors) == 1 else sp.Mul(*factors, evaluate=False)

    def power(self) -> Any:
        base = self.primary()
        if self.peek() == "^":
            self.take()
            exponent = self.argument()
            base = (
                sp.exp(exponent, evaluate=False)
                if base is sp.E
                else sp.Pow(base, exponent, evaluate=False)
            )
        while self.peek() == "!":
            self.take()
            base = sp.factorial(base, evaluate=False)
        return base

    def argument(self) -> Any:
        """A group ``{...}`` or one digit, letter or command-atom (as in ``x^2``, ``\\frac12``)."""
        token = self.peek()
        if token == "{":
            return self.group("{", "}")
        if token is not None and token.isdigit():
            self.take()
            return sp.Integer(int(token[0])) if len(token) == 1 else self.split_digits(token)
        if token is not None and (token.isalpha() or token in ("\\pi",)):
            return self.primary()
        raise _Unsupported(f"unsupported argument {token!r}")

    def split_digits(self, token: str) -> Any:
        # x^23 means x^2 * 3 in LaTeX: only the first digit is the argument
        self.tokens[self.index - 1 : self.index] = [token[0], token[1:]]
        return sp.Integer(int(token[0]))

    def group(self, opening: str, closing: str) -> Any:
        self.take(opening)
        value = self.sum()
        self.take(closing)
        return value

    def primary(self) -> Any:
        token = self.peek()
        if token is None:
            raise _Unsupported("unexpected end")
        if token.isdigit():
            self.take()
            if len(token) > 400:
                raise _Unsupported("a very long number")
            return sp.Integer(int(token))
        if token.isalpha() and len(token) == 1:
            return self.variable()
        if token == "(":
            self.take()
            value = self.sequence(")")
            self.take(")")
            return value
        if token == "{":
            return self.group("{", "}")
        if token == "\\{":
            self.take()
            members = self.items("\\}")
            self.take("\\}")
            return OrderedFiniteSet(*members)
        if token == "\\emptyset":
            self.take()
            return sp.EmptySet
        if token == "\\left":
            self.take()
            if self.peek() == "(":
                self.take()
                value = self.sequence("\\right")
                self.take("\\right")
                self.take(")")
                return value
            if self.peek() == "\\{":
                self.take()
                members = self.items("\\right")
                self.take("\\right")
                self.take("\\}")
                return OrderedFiniteSet(*members)
            if self.peek() == "|":
                self.take()
                value = self.sum()
                self.take("\\right")
                self.take("|")
                return sp.Abs(value, evaluate=False)
            raise _Unsupported("unsupported \\left")
        if token == "|":
            self.take()
            value = self.sum()
            self.take("|")
            return sp.Abs(value, evaluate=False)
        if token in _FRACTIONS:
            self.take()
            if self.peek() == "{" and self.peek(1) == "d" and self.peek(2) in ("}", "^"):
                raise _Unsupported("a derivative operator")  # \frac{d}{dx}: math-verify's
            top, bottom = self.argument(), self.argument()
            if isinstance(top, sp.Integer) and isinstance(bottom, sp.Integer) and bottom != 0:
                return sp.Rational(top, bottom)
            return sp.Mul(top, sp.Pow(bottom, sp.Integer(-1), evaluate=False), evaluate=False)
        if token == "\\sqrt":
            self.take()
            index = self.group("[", "]") if self.peek() == "[" else sp.Integer(2)
            radicand = self.argument()
            return sp.Pow(radicand, sp.Pow(index, sp.Integer(-1)), evaluate=False)
        if token == "\\pi":
            self.take()
            return sp.pi
        if token == "\\infty":
            self.take()
            return sp.oo
        if token in _FUNCTIONS or token == "\\log":
            return self.function()
        raise _Unsupported(f"unsupported token {token!r}")

    def variable(self) -> Any:
        letter = self.take()
        if self.peek() == "_":
            self.take()
            token = self.peek()
            if token == "{":
                start = self.index
                self.group("{", "}")
                subscript = "{" + "".join(self.tokens[start + 1 : self.index - 1]) + "}"
            elif token is not None and (token.isalnum()):
                subscript = self.take()
            else:
                raise _Unsupported("unsupported subscript")
            return sp.Symbol(f"{letter.lower()}_{subscript}", real=True)
        if letter == "e":
            return sp.E
        if letter == "i":
            return sp.I
        return sp.Symbol(letter.lower(), real=True)

    def function(self) -> Any:
        name = self.take()
        base = None
        if name == "\\log" and self.peek() == "_":
            self.take()
            base = self.argument()
        power = None
        if self.peek() == "^":
            self.take()
            power = self.argument()
        if self.peek() == "{":
            argument = self.group("{", "}")
        elif self.peek() in ("(", "\\left"):
            argument = self.primary()
        else:
            raise _Unsupported("a function argument without brackets")
        if name == "\\log":
            value = sp.log(argument, base if base is not None else sp.Integer(10), evaluate=False)
        else:
            value = getattr(sp, _FUNCTIONS[name])(argument, evaluate=False)
        return value if power is None else sp.Pow(value, power, evaluate=False)


_MATRIX = re.compile(r"\s*\\begin\{([pb]matrix)\}(.*)\\end\{\1\}\s*", re.DOTALL)


def fast_parse(text: str) -> Any:
    """The expression of `text` by `_FastParser`, or None when it is outside the subset.

    A whole ``pmatrix`` or ``bmatrix`` is read cell by cell."""
    if len(text) > 4_000:
        return None
    try:
        matrix = _MATRIX.fullmatch(text)
        if matrix is None:
            return _FastParser(text).parse()
        body = matrix.group(2)
        if "\\begin" in body:
            return None
        rows = [row for row in body.split("\\\\") if row.strip()]
        cells = [[_FastParser(cell).parse() for cell in row.split("&")] for row in rows]
        if any(isinstance(c, sp.Set | sp.Tuple | sp.Eq) for row in cells for c in row):
            return None
        if len({len(row) for row in cells}) != 1:
            return None
        return sp.ImmutableMatrix(cells)
    except (_Unsupported, TypeError, ValueError, RecursionError):
        return None


@functools.lru_cache(maxsize=1024)
def read(text: str) -> Any:
    """The unevaluated sympy object of an answer, or None when it is not mathematics.

    The text is wrapped in ``\\boxed{}`` so that math-verify reads it as one LaTeX answer
    (bare LaTeX such as ``\\sqrt{2}`` is otherwise not found); plain parsing is the fallback.
    A symbol named ``i`` is the imaginary unit.
    """
    fast = fast_parse(text)
    if fast is not None:
        return fast
    candidates = [f"\\boxed{{{text}}}", text] if _balanced(text) else [text]
    for candidate in candidates:
        for item in parse(candidate, parsing_timeout=None):
            if isinstance(item, sp.MatrixBase):
                return sp.ImmutableMatrix(item).xreplace(_imaginary(item))
            if isinstance(item, sp.Basic):
                units = _imaginary(item)
                return _replace(item, units) if units else item
    return None


def _imaginary(expr: Any) -> dict[Any, Any]:
    return {s: sp.I for s in getattr(expr, "free_symbols", ()) if s.name == "i"}


def _replace(expr: Any, mapping: dict[Any, Any]) -> Any:
    """`xreplace` that keeps the written order of math-verify's finite sets."""
    order = getattr(expr, "_unsorted_args", None)
    if order is not None:
        return sp.FiniteSet(*(_replace(item, mapping) for item in order))
    if isinstance(expr, sp.Tuple):
        return sp.Tuple(*(_replace(item, mapping) for item in expr.args))
    if isinstance(expr, sp.Eq | sp.And | sp.Or):
        return expr.func(*(_replace(item, mapping) for item in expr.args), evaluate=False)
    with sp.evaluate(False):  # keep the tree as written: forms and subterms are read from it
        return expr.xreplace(mapping)


def items_of(expr: Any) -> list[Any]:
    """The elements of a finite set as written (math-verify's sets remember their order)."""
    return list(getattr(expr, "_unsorted_args", None) or expr.args)


# ------------------------------------------------------------------ guards
def guard(expr: Any) -> None:
    """Raises TooLarge when evaluating `expr` could need a number of over MAX_DIGITS digits."""
    if isinstance(expr, sp.MatrixBase):
        for item in expr:
            guard(item)
        return
    if not isinstance(expr, sp.Basic):
        return
    for nodes, _ in enumerate(sp.preorder_traversal(expr)):
        if nodes >= MAX_NODES:
            raise TooLarge("the answer is too long an expression")
    _digits(expr)


def _digits(expr: Any) -> float:
    """An upper bound on log10 of the size of any number met while evaluating `expr`.

    Symbolic parts (``e^{x^3}``) make no large numbers by themselves; only a power of a
    symbolic base with a huge numeric exponent (``x^{10^9}``, expanded on comparison) is
    refused among them.
    """
    if isinstance(expr, sp.Rational):
        return max(abs(expr.p), expr.q).bit_length() * 0.30103
    if isinstance(expr, sp.Float):
        _sign, _mantissa, exponent, bits = expr._mpf_
        return _bounded(abs(exponent + bits) * 0.30103 + 1)
    args = getattr(expr, "args", ())
    if not args:
        return 1.0
    sizes = [_digits(arg) for arg in args]
    if getattr(expr, "free_symbols", None):
        power = isinstance(expr, sp.Pow) and not args[1].free_symbols
        if power and (sizes[1] > 6 or 10 ** sizes[1] > MAX_SYMBOLIC_EXPONENT):
            raise TooLarge("an exponent in the answer is too large")
        return max(sizes) + 1
    if isinstance(expr, sp.Pow):
        if sizes[1] > 6:
            raise TooLarge("a power in the answer is too large to evaluate")
        return _bounded(sizes[0] * 10 ** sizes[1] + 1)
    if isinstance(expr, _HUGE):
        if max(sizes) > 4:
            raise TooLarge("a factorial or binomial in the answer is too large to evaluate")
        n = 10 ** max(sizes)
        return _bounded(n * math.log10(n + 1) + 1)
    if isinstance(expr, sp.exp):
        # only the real part of the exponent makes e^z large; its size is already bounded
        try:
            real = abs(float(sp.re(sp.N(args[0], 15))))
        except (TypeError, ValueError, ArithmeticError):
            real = 10 ** sizes[0]
        if real > 20_000:
            raise TooLarge("an exponential in the answer is too large to evaluate")
        return _bounded(0.4343 * real + 1)
    if isinstance(expr, sp.Mul):
        return _bounded(sum(sizes))
    return _bounded(max(sizes) + math.log10(len(sizes) + 1))


def _bounded(digits: float) -> float:
    if digits > MAX_DIGITS:
        raise TooLarge("a number in the answer is too large to evaluate")
    return digits


def unevaluated_operation(expr: Any) -> str | None:
    """Names an unevaluated operation (derivative, integral, limit, sum, matrix operation)."""
    if isinstance(expr, sp.MatrixBase):
        found = [unevaluated_operation(item) for item in expr]
        return next((f for f in found if f), None)
    if not isinstance(expr, sp.Basic):
        return None
    for node in sp.preorder_traversal(expr):
        if isinstance(node, _OPERATORS):
            return type(node).__name__.lower()
        if isinstance(node, sp.Mul) and any(arg == 0 for arg in node.args):
            return "product with zero"  # 0 \cdot (...) hides anything at all
        if type(node).__name__ in _MATRIX_OPERATIONS:
            return "matrix operation"
        if isinstance(node, sp.Pow) and isinstance(node.args[0], sp.MatrixBase):
            return "matrix power"
    return None


def forbidden_function(expr: Any, names: tuple[str, ...]) -> str | None:
    if not names or not isinstance(expr, sp.Basic):
        return None
    for node in sp.preorder_traversal(expr):
        name = type(node).__name__
        if isinstance(node, sp.Function) and name in names:
            return name
    return None


def evaluate(expr: Any) -> Any:
    """Sympy's automatic simplification applied bottom-up to an unevaluated tree."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(evaluate)
    if not isinstance(expr, sp.Basic) or not expr.args or isinstance(expr, sp.Number):
        return expr
    args = [evaluate(arg) for arg in expr.args]
    try:
        return expr.func(*args)
    except Exception:
        return expr


# ------------------------------------------------------------------ scalars
def _is_name(expr: Any) -> bool:
    """x, x_1, a_n, f(x): the left side of an assignment."""
    return isinstance(expr, sp.Symbol | AppliedUndef)


def _assignment(expr: Any) -> tuple[Any, list[Any]] | None:
    """(name, [values]) of ``x = v`` or a chain ``x = a = b``; None if not an assignment."""
    relations = list(expr.args) if isinstance(expr, sp.And) else [expr]
    if not relations or not all(isinstance(r, sp.Eq) for r in relations):
        return None
    if not _is_name(relations[0].lhs):
        return None
    return relations[0].lhs, [r.rhs for r in relations]


def same_value(gold: Any, answer: Any, ctx: Context) -> bool:
    """Whether two evaluated scalars are equal (exactly, up to algebra, or within tolerance)."""
    if isinstance(gold, sp.MatrixBase | sp.Set) or isinstance(answer, sp.MatrixBase | sp.Set):
        return False
    if not (isinstance(gold, sp.Expr) and isinstance(answer, sp.Expr)):
        return gold == answer
    if gold == answer:
        return True
    if gold.has(sp.oo, -sp.oo, sp.zoo, sp.nan) or answer.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        return False
    if ctx.tolerance or ctx.abs_tolerance:
        return _close(gold, answer, ctx)
    difference = sp.Add(gold, -answer)
    return is_zero(difference, gold, exact=ctx.decimal)


def is_zero(expr: Any, scale: Any, *, exact: bool = False) -> bool:
    """Whether an evaluated expression is identically zero.

    Rationals are decided exactly. Otherwise the expression is evaluated to 50 digits at
    three rational points (one for a constant): a clearly non-zero value decides. When every
    point gives zero the expression is taken to be zero, unless `exact` asks sympy to prove it.
    """
    if expr == 0:
        return True
    if expr.is_Rational:
        return False
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    tested = 0
    for point in _POINTS[: 3 if symbols else 1]:
        values = {s: point[i % len(point)] + i for i, s in enumerate(symbols)}
        try:
            value = sp.N(expr.xreplace(values), DIGITS)
            size = sp.N(scale.xreplace(values), DIGITS) if isinstance(scale, sp.Expr) else 1
            if not value.is_number or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                continue
            if abs(value) > ZERO * max(1, abs(size)):
                return False
        except (TypeError, ValueError, ArithmeticError):
            continue
        tested += 1
    if tested and not exact:
        return True
    try:
        return bool(sp.simplify(expr) == 0)
    except Exception:
        return False


def _close(gold: Any, answer: Any, ctx: Context) -> bool:
    if gold.free_symbols or answer.free_symbols:
        return False
    try:
        error = abs(sp.N(gold - answer, 30))
        allowed = max(ctx.abs_tolerance, ctx.tolerance * abs(sp.N(gold, 30)))
        return bool(error <= allowed)
    except (TypeError, ValueError, ArithmeticError):
        return False


def _contains_gold(gold: Any, answer: Any) -> bool:
    """Whether the unevaluated answer holds the gold as a proper subterm (``3 + 0`` for 3)."""
    if not isinstance(answer, sp.Basic) or not answer.args:
        return False
    targets = {gold} | ({evaluate(gold)} if isinstance(gold, sp.Basic) else set())
    return any(node is not answer and node in targets for node in sp.preorder_traversal(answer))


def compare_scalar(gold: Any, answer: Any, ctx: Context) -> Result:
    """A single value: the answer may be ``v``, ``x = v`` or a chain whose sides all equal v."""
    name = None
    assigned = _assignment(gold)
    if assigned is not None:
        name, gold = assigned[0], assigned[1][-1]
    if isinstance(answer, sp.FiniteSet | sp.Tuple):
        values = items_of(answer)
        if len(values) != 1:
            return False, "ok", "the answer lists several values where one is asked for"
        answer = values[0]
    values = [answer]
    if isinstance(answer, sp.Eq | sp.And):
        assigned = _assignment(answer)
        if assigned is not None:
            if name is not None and assigned[0] != name:
                return False, "ok", "the answer gives the value of another variable"
            values = assigned[1]
        elif isinstance(answer, sp.Eq):
            values = [answer.lhs, answer.rhs]  # both sides of 2 + 1 = 3 must be the value
        else:
            return False, "ok", "the answer is a condition, not a value"
    elif isinstance(answer, sp.Rel | sp.Set | sp.MatrixBase) or not isinstance(answer, sp.Expr):
        return False, "ok", "the answer is not a single value"
    gold_value = evaluate(gold)
    for value in values:
        if isinstance(value, sp.FiniteSet):
            return False, "ok", "the answer lists several values where one is asked for"
        if not isinstance(value, sp.Expr):
            return False, "ok", "the answer is not a single value"
        if ctx.kind == "number" and value.free_symbols:
            return None, "unparsable", "give a number, not an expression with variables"
        evaluated = evaluate(value)
        if evaluated.has(sp.nan, sp.zoo) or (evaluated.has(sp.oo) and not gold_value.has(sp.oo)):
            return False, "ok", "value"
        if ctx.kind == "antiderivative":
            equal = _antiderivative(gold_value, evaluated, ctx)
        else:
            equal = same_value(gold_value, evaluated, ctx)
        if not equal:
            return False, "ok", "value"
        if ctx.kind != "antiderivative" and _contains_gold(gold, value):
            return False, "ok", "the answer is not in simplest form"
        problem = check_form(value, evaluated, ctx.form)
        if problem:
            return False, "ok", problem
    return True, "ok", "equal"


def _antiderivative(gold: Any, answer: Any, ctx: Context) -> bool:
    """d/dx (answer - gold) == 0: the answer is an antiderivative, any constant allowed."""
    variable = next(
        (s for s in gold.free_symbols if s.name == ctx.variable),
        sp.Symbol(ctx.variable, real=True),
    )
    derivative = sp.diff(sp.Add(answer, -gold), variable)
    return is_zero(derivative, sp.diff(gold, variable), exact=ctx.decimal)


# ------------------------------------------------------------------ forms
def check_form(unevaluated: Any, evaluated: Any, form: str) -> str | None:
    """None when the answer has the required form, else what is wrong with it."""
    if form == "expanded":
        if sp.expand(evaluated) != evaluated:
            return "the answer is not fully expanded"
    elif form == "factored":
        return _factored_problem(unevaluated)
    elif form == "reduced":
        parts = _fraction(unevaluated)
        if any(_has_variable_denominator(part) for part in parts):
            return "give a single fraction"
        numerator, denominator = (evaluate(part) for part in parts)
        if sp.gcd(numerator, denominator).free_symbols:
            return "the fraction is not in lowest terms"
    elif form == "radical":
        return _radical_problem(unevaluated, evaluated)
    elif form == "rectangular":
        return _rectangular_problem(unevaluated)
    return None


def _rectangular_problem(expr: Any) -> str | None:
    """a + bi: at most one rational term and one rational multiple of i, nothing else."""
    terms = sp.Add.make_args(expr)
    real = imaginary = 0
    for term in terms:
        for node in sp.preorder_traversal(term):
            if isinstance(node, sp.Add) or (
                isinstance(node, sp.Pow) and not (node.args[0].is_Integer and node.args[1] == -1)
            ):
                return "give the answer in the form a + bi"
        value = evaluate(term)
        if value.is_Rational:
            real += 1
        elif (value / sp.I).is_Rational:
            imaginary += 1
        else:
            return "give the answer in the form a + bi"
    if real > 1 or imaginary > 1:
        return "give the answer in the form a + bi"
    return None


def _fraction(expr: Any) -> tuple[Any, Any]:
    """(numerator, denominator) of a written product, nested products flattened, so that
    ``-\\frac{2(x - 1)}{x + 1}`` splits as written (sympy's `fraction` does not flatten)."""
    top, bottom = [], []
    for factor in _flat_factors(expr):
        if isinstance(factor, sp.Pow) and factor.args[1].is_Integer and factor.args[1] < 0:
            bottom.append(sp.Pow(factor.args[0], -factor.args[1], evaluate=False))
        else:
            top.append(factor)
    return sp.Mul(*top, evaluate=False), sp.Mul(*bottom, evaluate=False)


def _flat_factors(expr: Any) -> list[Any]:
    if isinstance(expr, sp.Mul):
        return [f for arg in expr.args for f in _flat_factors(arg)]
    return [expr]


def _has_variable_denominator(expr: Any) -> bool:
    return any(
        isinstance(node, sp.Pow) and node.args[1].is_negative and node.args[0].free_symbols
        for node in sp.preorder_traversal(expr)
    )


def _factors(expr: Any) -> list[Any]:
    """The factors of a written product, with powers to their bases (``-(x-1)^2 (x+2)``)."""
    if isinstance(expr, sp.Mul):
        return [f for arg in expr.args for f in _factors(arg)]
    if isinstance(expr, sp.Pow) and expr.args[1].is_Integer and expr.args[1] > 0:
        return _factors(expr.args[0])
    return [expr]


def _factored_problem(expr: Any) -> str | None:
    for factor in _factors(expr):
        if factor.is_number:
            value = evaluate(factor)
            if expr.is_number and value.is_Integer and abs(value) > 1 and not sp.isprime(value):
                return "a factor is not prime"
            if expr.is_number and not value.is_Integer:
                return "the answer is not a product of primes"
            continue
        _, parts = sp.factor_list(evaluate(factor))
        if len(parts) != 1 or parts[0][1] != 1:
            return "a factor can be factored further"
    return None


def _radical_problem(expr: Any, evaluated: Any) -> str | None:
    """Simplest radical form: no like terms, n-th-power-free radicands, rational denominators."""
    if len(sp.Add.make_args(expr)) != len(sp.Add.make_args(evaluated)):
        return "the answer has like terms that combine"
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent.is_Integer and exponent < 0 and not base.is_Integer:
                return "the denominator is not rational"
            if isinstance(exponent, sp.Rational) and not exponent.is_Integer:
                if exponent < 0:
                    return "the denominator is not rational"
                if not base.is_Integer or base <= 1 or exponent.p != 1:
                    return "the radicand is not in simplest form"
                powers = sp.factorint(base).values()
                if any(p >= exponent.q for p in powers):
                    return "the radicand has a factor that can be taken out"
            elif exponent.is_Integer and exponent > 1 and base.is_number:
                return "the answer has a power that can be evaluated"
    return None


# ------------------------------------------------------------------ structures
def _named_items(expr: Any, *, pairs: bool = False) -> list[tuple[Any, Any]] | None:
    """(name or None, value) pairs of a list-like answer; None when it is not one. An open
    interval ``(a, b)`` is read as a pair, and with `pairs` a closed one ``[a, b]`` too."""
    if expr is sp.EmptySet:
        return []
    if isinstance(expr, sp.FiniteSet | sp.Tuple):
        out: list[tuple[Any, Any]] = []
        for item in items_of(expr):
            inner = _named_items(item) if isinstance(item, sp.Eq) else [(None, item)]
            if inner is None:
                return None
            out.extend(inner)
        return out
    if isinstance(expr, sp.Interval) and (expr.is_open or pairs) and expr.start.is_finite:
        return [(None, expr.start), (None, expr.end)]  # (a, b) read as an interval
    if isinstance(expr, sp.MatrixBase) and 1 in expr.shape:
        return [(None, item) for item in expr]
    assigned = _assignment(expr) if isinstance(expr, sp.Eq | sp.And) else None
    if assigned is not None:
        name, values = assigned
        value = values[-1]
        if isinstance(value, sp.FiniteSet):
            return [(name, item) for item in items_of(value)]
        if isinstance(value, sp.Expr):
            return [(name, value)]
        return None
    if isinstance(expr, sp.Rel | sp.Set | sp.And | sp.Or | sp.MatrixBase):
        return None
    return [(None, expr)]


def _scalars_equal(gold: Any, answer: Any, ctx: Context) -> bool:
    return compare_scalar(gold, answer, ctx)[0] is True


def compare_set(gold: Any, answer: Any, ctx: Context) -> Result:
    """Unordered values: every gold value exactly once, nothing else (repeats are merged)."""
    gold_items = _named_items(gold)
    answer_items = _named_items(answer)
    if gold_items is None:
        return None, "error", "the reference answer is not a finite set"
    if answer_items is None:
        return False, "ok", "the answer is not a list of values"
    if len(answer_items) > 2 * len(gold_items) + 8:
        return False, "ok", "the answer includes values that are not in the solution"
    gold_names = {name for name, _ in gold_items if name is not None}
    answer_names = {name for name, _ in answer_items if name is not None}
    if len(answer_names) > 1 or (gold_names and answer_names - gold_names):
        return False, "ok", "the answer gives values of another variable"
    values: list[Any] = []
    for _, value in answer_items:
        if not any(_scalars_equal(value, kept, ctx) for kept in values):
            values.append(value)
    unmatched = list(values)
    missing = 0
    for _, value in gold_items:
        match = next((a for a in unmatched if _scalars_equal(value, a, ctx)), None)
        if match is None:
            missing += 1
        else:
            unmatched.remove(match)
    if not missing and not unmatched:
        return True, "ok", "equal"
    if unmatched:
        return False, "ok", "the answer includes values that are not in the solution"
    found = len(gold_items) - missing
    if not found:
        return False, "ok", "value"
    return False, "partial", f"the answer gives {found} of the {len(gold_items)} values"


def compare_tuple(gold: Any, answer: Any, ctx: Context) -> Result:
    """Ordered values; a named gold (``x=1, y=2``) also accepts the same names in any order."""
    gold_items = _named_items(gold, pairs=True)
    answer_items = _named_items(answer, pairs=True)
    if gold_items is None:
        return None, "error", "the reference answer is not a tuple"
    if answer_items is None:
        return False, "ok", "the answer is not a list of values"
    if len(answer_items) != len(gold_items):
        detail = f"the answer has {len(answer_items)} values; {len(gold_items)} are asked for"
        return False, "partial" if len(answer_items) < len(gold_items) else "ok", detail
    gold_names = [name for name, _ in gold_items]
    answer_names = [name for name, _ in answer_items]
    if None not in gold_names and None not in answer_names:
        if sorted(map(str, answer_names)) != sorted(map(str, gold_names)):
            return False, "ok", "the answer does not name each variable once"
        by_name = {str(name): value for name, value in answer_items}
        pairs = [(value, by_name[str(name)]) for name, value in gold_items]
    else:
        pairs = [(g, a) for (_, g), (_, a) in zip(gold_items, answer_items, strict=True)]
    if all(_scalars_equal(g, a, ctx) for g, a in pairs):
        return True, "ok", "equal"
    return False, "ok", "value"


def _as_real_set(expr: Any) -> Any:
    """A subset of the reals from an interval, union, inequality or list of inequalities."""
    if isinstance(expr, sp.FiniteSet) and all(isinstance(i, sp.Rel) for i in items_of(expr)):
        relations = items_of(expr)  # x < -1 or x > 2
        if len({frozenset(r.free_symbols) for r in relations}) != 1:
            return None
        parts = [_as_real_set(r) for r in relations]
        return None if any(p is None for p in parts) else sp.Union(*parts)
    if isinstance(expr, sp.Set):
        return evaluate(expr)
    if isinstance(expr, sp.Eq) and isinstance(expr.rhs, sp.Set):
        return evaluate(expr.rhs)  # x \in [1, 3)
    if isinstance(expr, sp.Tuple) and len(expr) == 2:
        return sp.Interval.open(*map(evaluate, expr.args))
    if isinstance(expr, sp.Rel | sp.And | sp.Or):
        if len(expr.free_symbols) != 1:
            return None
        return evaluate(expr).as_set()
    return None


def _pieces(real_set: Any) -> list[tuple[Any, Any, bool, bool]]:
    pieces = []
    for part in real_set.args if isinstance(real_set, sp.Union) else [real_set]:
        if isinstance(part, sp.Interval):
            pieces.append((part.start, part.end, part.left_open, part.right_open))
        elif isinstance(part, sp.FiniteSet):
            pieces.extend((p, p, False, False) for p in part.args)
        elif part == sp.S.Reals:
            pieces.append((-sp.oo, sp.oo, True, True))
        elif part is not sp.EmptySet:
            raise ValueError(f"unsupported set {type(part).__name__}")
    return sorted(pieces, key=lambda p: (float(p[0]), float(p[1])))


def compare_interval(gold: Any, answer: Any, ctx: Context) -> Result:
    gold_set = _as_real_set(gold)
    if gold_set is None:
        return None, "error", "the reference answer is not a set of reals"
    answer_set = _as_real_set(answer)
    if answer_set is None:
        return False, "ok", "the answer is not an interval, union of intervals or inequality"
    try:
        gold_pieces, answer_pieces = _pieces(gold_set), _pieces(answer_set)
    except (TypeError, ValueError):
        return False, "ok", "the answer is not an interval, union of intervals or inequality"
    if len(gold_pieces) != len(answer_pieces):
        return False, "ok", "value"
    for (g0, g1, gl, gr), (a0, a1, al, ar) in zip(gold_pieces, answer_pieces, strict=True):
        if (gl, gr) != (al, ar) or not same_value(g0, a0, ctx) or not same_value(g1, a1, ctx):
            return False, "ok", "value"
    return True, "ok", "equal"


def compare_matrix(gold: Any, answer: Any, ctx: Context) -> Result:
    if not isinstance(gold, sp.MatrixBase):
        gold = sp.ImmutableMatrix([value for _, value in _named_items(gold) or []])
    if isinstance(answer, sp.MatrixBase):
        shape_ok = answer.shape == gold.shape or (
            1 in gold.shape and 1 in answer.shape and len(answer) == len(gold)
        )
        cells = list(answer)
    else:
        items = _named_items(answer)
        if items is None or 1 not in gold.shape:
            return False, "ok", "the answer is not a matrix"
        cells = [value for _, value in items]
        shape_ok = len(cells) == len(gold)
    if not shape_ok:
        return False, "ok", "the answer has the wrong shape"
    if all(_scalars_equal(g, a, ctx) for g, a in zip(gold, cells, strict=True)):
        return True, "ok", "equal"
    return False, "ok", "value"


def compare_equation(gold: Any, answer: Any, ctx: Context) -> Result:
    """Two equations are equal when one is the other times a non-zero constant."""
    if not isinstance(answer, sp.Eq):
        return False, "ok", "the answer is not an equation"
    g = evaluate(sp.Add(gold.lhs, -gold.rhs))
    a = evaluate(sp.Add(answer.lhs, -answer.rhs))
    if a == 0 or g == 0:
        return False, "ok", "value"
    ratio = sp.cancel(sp.together(a / g))
    if ratio.free_symbols or ratio == 0 or not ratio.is_finite:
        return False, "ok", "value"
    return True, "ok", "equal"


def infer_kind(gold: Any) -> str:
    if isinstance(gold, sp.MatrixBase):
        return "matrix"
    if isinstance(gold, sp.Tuple):
        return "tuple"
    if isinstance(gold, sp.FiniteSet) and all(
        isinstance(item, sp.Rel) and not isinstance(item, sp.Eq) for item in items_of(gold)
    ):
        return "interval"
    if isinstance(gold, sp.FiniteSet):
        items = _named_items(gold) or []
        names = [name for name, _ in items]
        if len(items) > 1 and None not in names and len(set(names)) == len(names):
            return "tuple"
        return "set"
    if gold is sp.EmptySet:
        return "set"
    if isinstance(gold, sp.Set | sp.Rel | sp.And) and not isinstance(gold, sp.Eq):
        return "interval"
    if isinstance(gold, sp.Eq):
        assigned = _assignment(gold)
        if assigned is None:
            return "equation"
        value = assigned[1][-1]
        if isinstance(value, sp.FiniteSet):
            return "set"
        if isinstance(value, sp.Set):
            return "interval"
    return "expression"


_COMPARERS = {
    "set": compare_set,
    "tuple": compare_tuple,
    "interval": compare_interval,
    "matrix": compare_matrix,
    "equation": compare_equation,
}


def compare(gold: str, answer: str, options: dict[str, Any], decimal: bool = False) -> Result:
    """(equal, status, detail) for a normalised gold and answer; see `palaestra.verifiers.math`."""
    ctx = Context(**options, decimal=decimal)
    gold_expr = read(gold)
    if gold_expr is None:
        return None, "error", "the reference answer could not be parsed"
    answer_expr = read(answer)
    if answer_expr is None:
        return None, "unparsable", "it is not a mathematical expression"
    try:
        guard(answer_expr)
    except TooLarge as exc:
        return None, "unparsable", str(exc)
    operation = unevaluated_operation(answer_expr)
    if operation and not unevaluated_operation(gold_expr):
        return False, "ok", f"the answer still contains an unevaluated {operation}"
    name = forbidden_function(answer_expr, ctx.forbid)
    if name:
        return False, "ok", f"the answer must not contain {name}; evaluate it"
    kind = ctx.kind if ctx.kind not in ("auto", "rational") else infer_kind(gold_expr)
    comparer = _COMPARERS.get(kind, compare_scalar)
    equal, status, detail = comparer(gold_expr, answer_expr, ctx)
    if status == "ok" and detail == "value":
        detail = "different value"
    return equal, status, detail


# The first LaTeX parse in a process builds math-verify's parser (~80 ms) and the first
# evaluation warms sympy's caches; pay both at start-up, before the worker reports ready,
# not inside some call's deadline.
compare("\\frac{1}{2}", "\\sqrt{x}", {})
compare("\\{1, 2\\}", "x = 2 \\text{ or } x = 1", {"kind": "set"})
