"""Exact integer and rational matrices: random ones with a planted property, elimination, LaTeX.

Matrices are lists of rows of ints or Fractions. `unimodular` builds integer matrices with
determinant ±1 (so their inverses are integer too) by random elementary row operations, which
lets generators plant eigenvalues (P D P^-1) or a rank (a product of thin factors).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from palaestra.generators.math_numbers import integer, latex_number, nonzero

Matrix = list[list]


def random_matrix(rng: np.random.Generator, rows: int, cols: int, bound: int) -> Matrix:
    return [[integer(rng, -bound, bound) for _ in range(cols)] for _ in range(rows)]


def identity(n: int) -> Matrix:
    return [[int(i == j) for j in range(n)] for i in range(n)]


def multiply(a: Matrix, b: Matrix) -> Matrix:
    return [
        [sum(x * y for x, y in zip(row, col, strict=True)) for col in zip(*b, strict=True)]
        for row in a
    ]


def unimodular(rng: np.random.Generator, n: int, steps: int, bound: int = 2) -> Matrix:
    """An integer matrix of determinant ±1: the identity after `steps` random row additions
    (row i += k row j) and swaps."""
    m = identity(n)
    for _ in range(steps):
        i, j = (int(v) for v in rng.choice(n, size=2, replace=False))
        if rng.random() < 0.15:
            m[i], m[j] = m[j], m[i]
        else:
            k = nonzero(rng, bound)
            m[i] = [a + k * b for a, b in zip(m[i], m[j], strict=True)]
    return m


def eliminate(matrix: Matrix) -> tuple[Fraction, int, Matrix | None]:
    """(determinant, rank, inverse or None) by exact Gauss-Jordan elimination."""
    n_rows, n_cols = len(matrix), len(matrix[0])
    square = n_rows == n_cols
    rows = [
        [Fraction(v) for v in row]
        + ([Fraction(int(i == j)) for j in range(n_rows)] if square else [])
        for i, row in enumerate(matrix)
    ]
    determinant, rank = Fraction(1), 0
    for col in range(n_cols):
        pivot = next((r for r in range(rank, n_rows) if rows[r][col] != 0), None)
        if pivot is None:
            determinant = Fraction(0)
            continue
        if pivot != rank:
            rows[rank], rows[pivot] = rows[pivot], rows[rank]
            determinant = -determinant
        value = rows[rank][col]
        determinant *= value
        rows[rank] = [v / value for v in rows[rank]]
        for r in range(n_rows):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    if not square or rank < n_rows:
        return (determinant if square else Fraction(0)), rank, None
    return determinant, rank, [row[n_cols:] for row in rows]


def latex_matrix(matrix: Matrix) -> str:
    """``\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}``."""
    body = " \\\\ ".join(" & ".join(latex_number(Fraction(v)) for v in row) for row in matrix)
    return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"


def latex_vector(vector: list) -> str:
    """A column vector."""
    return latex_matrix([[v] for v in vector])
