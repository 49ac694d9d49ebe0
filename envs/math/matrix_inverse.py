"""Inverse of an invertible integer matrix."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_matrices import eliminate, identity, latex_matrix, multiply
from palaestra.generators.math_numbers import integer, nonzero
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class MatrixInverseParams(Params):
    size: int = Field(2, ge=2, le=5, description="rows and columns; more is harder")
    max_entry: int = Field(
        3, ge=1, le=20, description="largest |entry| of the triangular factors; larger is harder"
    )
    max_pivot: int = Field(
        1,
        ge=1,
        le=6,
        description="largest |pivot|; 1 gives an integer inverse, more gives fractions (harder)",
    )


def triangular_product(rng: np.random.Generator, params: MatrixInverseParams) -> list[list[int]]:
    """L U with L unit lower triangular and U upper triangular with small pivots, rows mixed."""
    n = params.size
    lower, upper = identity(n), identity(n)
    for i in range(n):
        upper[i][i] = nonzero(rng, params.max_pivot)
        for j in range(n):
            if j < i:
                lower[i][j] = integer(rng, -params.max_entry, params.max_entry)
            elif j > i:
                upper[i][j] = integer(rng, -params.max_entry, params.max_entry)
    product = multiply(lower, upper)
    order = [int(i) for i in rng.permutation(n)]
    return [product[i] for i in order]


@register("math/matrix-inverse-v1")
class MatrixInverse(MathEnv):
    """The inverse of an invertible square integer matrix.

    Task: "find A^{-1} for A = ...". Gauss-Jordan elimination or the adjugate, from linear
    algebra courses. The matrix is a row-permuted product L U of integer triangular
    factors whose pivots are drawn first, so it is invertible by construction and its
    determinant (the product of the pivots, up to sign) controls the denominators.

    Answer format: the inverse as a matrix, e.g.
    ``<answer>\\begin{pmatrix} -2 & 1 \\\\ \\frac{3}{2} & -\\frac{1}{2} \\end{pmatrix}
    </answer>`` (``bmatrix`` and decimals that are exact are read too).

    Knobs: `size` (2-5; more is harder), `max_entry` (larger is harder) and `max_pivot`
    (1: integer inverse; more: fractions, harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``matrix``: same shape, every
    entry exact; ``A^{-1}`` restated is wrong. The reference is exact Gauss-Jordan
    elimination; tests check A A^{-1} = I.

    Versions: v1, first release.
    """

    Params = MatrixInverseParams
    levels = ladder(
        size=[2, 2, 2, 3, 3, 3, 3, 4, 4, 5],
        max_entry=[5, 5, 9, 2, 3, 3, 5, 2, 3, 2],
        max_pivot=[1, 2, 3, 1, 1, 2, 3, 2, 3, 2],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "matrix"}
    tags = ("math", "linear-algebra")

    def sample(
        self, rng: np.random.Generator, params: MatrixInverseParams
    ) -> tuple[dict[str, Any], str]:
        matrix = triangular_product(rng, params)
        _determinant, _rank, inverse = eliminate(matrix)
        if inverse is None:
            raise AssertionError("the planted matrix is singular")
        return {
            "matrix": matrix,
            "inverse": [[str(v) for v in row] for row in inverse],
        }, latex_matrix(inverse)

    def render(self, data: dict[str, Any], params: MatrixInverseParams) -> str:
        return ask(
            f"Find the inverse of\n\n$$A = {latex_matrix(data['matrix'])}$$",
            "Give A^{-1} as a matrix with exact entries, for example \\begin{pmatrix} -2 & 1 "
            "\\\\ 3/2 & -1/2 \\end{pmatrix}.",
        )

    def cost(self, data: dict[str, Any], params: MatrixInverseParams) -> dict[str, Any]:
        n = len(data["matrix"])
        return {"work": n**3 + 2 * params.max_pivot + params.max_entry // 2, "size": n}

    def wrong_answers(self, task: Task) -> list[str]:
        inverse = [[Fraction(v) for v in row] for row in task.data["inverse"]]
        transposed = [list(col) for col in zip(*inverse, strict=True)]
        candidates = [task.data["matrix"], transposed]  # A itself, and the transpose of A^-1
        return [block(latex_matrix(m)) for m in candidates if m != inverse]
