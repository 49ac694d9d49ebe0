"""Sympy building blocks for algebra and calculus tasks: LaTeX that the math checker reads back,
and random elementary functions.

sympy takes about 0.3 s to import, so every function imports it on first call and nothing
imports this module at ``import palaestra`` time.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from palaestra.generators.math_numbers import integer, nonzero


def sympy() -> Any:
    import sympy as sp

    return sp


def symbol(name: str = "x") -> Any:
    """A real symbol, as the math checker's parser makes them."""
    return sympy().Symbol(name, real=True)


def latex(expr: Any) -> str:
    """LaTeX the checker parses back to the same value: ``\\ln`` for the natural logarithm
    (the parser reads ``\\log`` as base 10) and ``\\arcsin`` rather than ``\\operatorname``."""
    return sympy().latex(expr, ln_notation=True, inv_trig_style="full")


def rational(value: Fraction | int) -> Any:
    value = Fraction(value)
    return sympy().Rational(value.numerator, value.denominator)


def coefficient(rng: np.random.Generator, bound: int) -> Any:
    return sympy().Integer(nonzero(rng, bound))


def inner(rng: np.random.Generator, x: Any, bound: int) -> Any:
    """A simple inner function for compositions: k x, x + c, k x + c or x^2 + c."""
    sp = sympy()
    k, c = nonzero(rng, bound), integer(rng, -bound, bound)
    shapes = (k * x, x + c, k * x + c, x**2 + abs(c) + 1)
    return shapes[integer(rng, 0, len(shapes) - 1)] if c or k != 1 else sp.Integer(2) * x


def elementary(rng: np.random.Generator, x: Any, depth: int, bound: int, families: str) -> Any:
    """A random elementary function of `x`.

    Args:
        depth: nesting of sums, products, quotients and compositions (0: one term).
        bound: the largest coefficient.
        families: letters of the building blocks allowed: ``p`` powers, ``t`` sin/cos,
            ``e`` exp, ``l`` ln, ``r`` square roots, ``q`` quotients.
    """
    sp = sympy()
    if depth <= 0:
        blocks = []
        if "p" in families:
            blocks.append(coefficient(rng, bound) * x ** integer(rng, 1, 4))
        if "t" in families:
            blocks.append((sp.sin, sp.cos)[integer(rng, 0, 1)](inner(rng, x, bound)))
        if "e" in families:
            blocks.append(sp.exp(inner(rng, x, min(bound, 3))))
        if "l" in families:
            blocks.append(sp.log(x**2 + integer(rng, 1, bound)))
        if "r" in families:
            blocks.append(sp.sqrt(x**2 + integer(rng, 1, bound)))
        return blocks[integer(rng, 0, len(blocks) - 1)]
    left = elementary(rng, x, depth - 1, bound, families)
    right = elementary(rng, x, integer(rng, 0, depth - 1), bound, families)
    operations = ["+", "*"] + (["/"] if "q" in families else [])
    op = operations[integer(rng, 0, len(operations) - 1)]
    if op == "+":
        return left + right
    if op == "*":
        return left * right
    return left / (right**2 + 1) if right.has(sp.sin, sp.cos) else left / (x**2 + 1)


def integrand_pair(rng: np.random.Generator, x: Any, family: str, bound: int) -> tuple[Any, Any]:
    """(f, F) with F' = f, F from the table of integrals, never from `sympy.integrate`.

    Families: ``p`` powers c x^n (n from -3 to 5), ``n`` non-negative powers, ``e``
    c e^{kx}, ``t`` c sin(kx) or c cos(kx), ``s`` substitution (x e^{x^2}, x/(x^2 + k),
    x cos(x^2), x sqrt(x^2 + k), sin x cos^2 x), ``b`` by parts (x e^{kx}, x sin(kx),
    x cos(kx), ln x, x ln x), ``f`` partial fractions c/((x - a)(x - b)), ``a`` arctan
    c/(x^2 + k^2), ``l`` c/(x + k).
    """
    sp = sympy()
    c = sp.Integer(nonzero(rng, bound))
    k = sp.Integer(integer(rng, 1, 4))
    if family in "pn":
        n = integer(rng, -3 if family == "p" else 0, 5)
        return c * x**n, (c * sp.log(x) if n == -1 else c * x ** (n + 1) / (n + 1))
    if family == "e":
        k = sp.Integer(nonzero(rng, 4))
        return c * sp.exp(k * x), c * sp.exp(k * x) / k
    if family == "t":
        if integer(rng, 0, 1):
            return c * sp.sin(k * x), -c * sp.cos(k * x) / k
        return c * sp.cos(k * x), c * sp.sin(k * x) / k
    if family == "s":
        pairs = (
            (x * sp.exp(x**2), sp.exp(x**2) / 2),
            (x / (x**2 + k), sp.log(x**2 + k) / 2),
            (x * sp.cos(x**2), sp.sin(x**2) / 2),
            (x * sp.sqrt(x**2 + k), (x**2 + k) ** sp.Rational(3, 2) / 3),
            (sp.sin(x) * sp.cos(x) ** 2, -(sp.cos(x) ** 3) / 3),
        )
        f, big_f = pairs[integer(rng, 0, len(pairs) - 1)]
        return c * f, c * big_f
    if family == "b":
        pairs = (
            (x * sp.exp(k * x), sp.exp(k * x) * (x / k - 1 / k**2)),
            (x * sp.sin(k * x), -x * sp.cos(k * x) / k + sp.sin(k * x) / k**2),
            (x * sp.cos(k * x), x * sp.sin(k * x) / k + sp.cos(k * x) / k**2),
            (sp.log(x), x * sp.log(x) - x),
            (x * sp.log(x), x**2 * sp.log(x) / 2 - x**2 / 4),
        )
        return pairs[integer(rng, 0, len(pairs) - 1)]
    if family == "f":
        a, b = (sp.Integer(v) for v in rng.choice(np.arange(-5, 6), size=2, replace=False))
        return c / ((x - a) * (x - b)), c / (a - b) * (sp.log(x - a) - sp.log(x - b))
    if family == "l":
        return c / (x + k), c * sp.log(x + k)
    return c / (x**2 + k**2), c / k * sp.atan(x / k)
