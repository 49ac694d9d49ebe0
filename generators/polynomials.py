"""Polynomials built from chosen roots and factors, with integer coefficients, and their LaTeX.

    coefficients = from_roots([Fraction(1, 2), Fraction(-3)])   # (2x - 1)(x + 3): [2, 5, -3]
    latex_polynomial(coefficients)                             # '2x^{2} + 5x - 3'

Coefficients are lists of ints (or Fractions), highest degree first. Generators choose the
roots or factors first and build the polynomial from them, so the answer is known by
construction; sympy is not needed here.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from palaestra.generators.math_numbers import signed_term

Coefficients = list[int]


def multiply(left: list, right: list) -> list:
    """The product of two coefficient lists."""
    out = [0] * (len(left) + len(right) - 1)
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            out[i + j] += a * b
    return out


def linear_factor(root: Fraction) -> Coefficients:
    """The primitive integer factor ``q x - p`` whose root is p/q."""
    root = Fraction(root)
    return [root.denominator, -root.numerator]


def from_factors(factors: list[list], leading: int = 1) -> list:
    """`leading` times the product of the factors."""
    product: list = [leading]
    for factor in factors:
        product = multiply(product, factor)
    return product


def from_roots(roots: list[Fraction], leading: int = 1) -> Coefficients:
    """`leading` times the product of the primitive linear factors of the roots."""
    return from_factors([linear_factor(r) for r in roots], leading)


def evaluate(coefficients: list, x: Fraction | int) -> Fraction:
    """Horner's rule, exactly."""
    value = Fraction(0)
    for c in coefficients:
        value = value * x + c
    return value


def derivative(coefficients: list) -> list:
    degree = len(coefficients) - 1
    return [c * (degree - i) for i, c in enumerate(coefficients[:-1])] or [0]


def content(coefficients: Coefficients) -> int:
    """The gcd of the integer coefficients."""
    value = 0
    for c in coefficients:
        value = gcd(value, int(c))
    return value


def latex_polynomial(coefficients: list, variable: str = "x") -> str:
    """``3x^{2} - x + \\frac{1}{2}``; ``0`` for the zero polynomial."""
    degree = len(coefficients) - 1
    parts: list[str] = []
    for i, c in enumerate(coefficients):
        power = degree - i
        body = "" if power == 0 else variable if power == 1 else f"{variable}^{{{power}}}"
        parts.append(signed_term(c, body, first=not "".join(parts)))
    return "".join(parts) or "0"


def latex_factor(factor: list, variable: str = "x") -> str:
    """A factor in parentheses, as written inside a product: ``(2x - 1)``."""
    return f"\\left({latex_polynomial(factor, variable)}\\right)"


def latex_combination(coefficients: list, names: list[str]) -> str:
    """``2x - y + 3z``: a linear combination of named terms; ``0`` when every coefficient is 0."""
    parts: list[str] = []
    for c, name in zip(coefficients, names, strict=True):
        parts.append(signed_term(c, name, first=not "".join(parts)))
    return "".join(parts) or "0"
