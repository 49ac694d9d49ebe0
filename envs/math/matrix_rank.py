"""Rank of an integer matrix with a planted rank."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import INTEGER_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_matrices import eliminate, latex_matrix, multiply, random_matrix
from palaestra.generators.math_numbers import integer
from palaestra.params import Params
from palaestra.registry import register


class MatrixRankParams(Params):
    rows: int = Field(3, ge=2, le=8, description="rows; more is harder")
    cols: int = Field(3, ge=2, le=8, description="columns; more is harder")
    max_entry: int = Field(
        3, ge=1, le=10, description="largest |entry| of the factors; larger is harder"
    )


@register("math/matrix-rank-v1")
class MatrixRank(MathEnv):
    """The rank of an integer matrix.

    Task: "find the rank of the 4 x 5 matrix ...". Row reduction to echelon form, from linear
    algebra courses. The matrix is a product B C of random integer factors with r columns
    and r rows for a drawn r, so its rank is at most r; elimination gives the exact rank.

    Answer format: one integer, e.g. ``<answer>2</answer>``.

    Knobs: `rows` and `cols` (more is harder) and `max_entry` of the factors (larger is
    harder).

    Verification: exact integer comparison (kind ``rational``). The reference is exact
    Gaussian elimination; tests check it against `sympy.Matrix.rank`.

    Versions: v1, first release.
    """

    Params = MatrixRankParams
    levels = ladder(
        rows=[3, 3, 3, 4, 4, 4, 5, 5, 6, 7],
        cols=[3, 3, 4, 4, 4, 5, 5, 6, 6, 7],
        max_entry=[3, 5, 3, 2, 3, 3, 3, 3, 3, 3],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "linear-algebra")

    def sample(
        self, rng: np.random.Generator, params: MatrixRankParams
    ) -> tuple[dict[str, Any], str]:
        planted = integer(rng, 1, min(params.rows, params.cols))
        left = random_matrix(rng, params.rows, planted, params.max_entry)
        right = random_matrix(rng, planted, params.cols, params.max_entry)
        matrix = multiply(left, right)
        _determinant, rank, _inverse = eliminate(matrix)
        return {"matrix": matrix, "planted": planted}, str(rank)

    def render(self, data: dict[str, Any], params: MatrixRankParams) -> str:
        return ask(
            f"Find the rank of the matrix\n\n$${latex_matrix(data['matrix'])}$$", INTEGER_FORMAT
        )

    def cost(self, data: dict[str, Any], params: MatrixRankParams) -> dict[str, Any]:
        return {
            "work": params.rows * params.cols * min(params.rows, params.cols) + params.max_entry
        }
