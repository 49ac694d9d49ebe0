"""Determinant of an integer matrix."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import INTEGER_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_matrices import eliminate, latex_matrix, random_matrix
from palaestra.params import Params
from palaestra.registry import register


class DeterminantParams(Params):
    size: int = Field(2, ge=2, le=8, description="rows and columns; more is harder")
    max_entry: int = Field(9, ge=1, le=1_000, description="largest |entry|; larger is harder")


@register("math/determinant-v1")
class Determinant(MathEnv):
    """The determinant of a square integer matrix.

    Task: "compute the determinant of the 4 x 4 matrix ...". Cofactor expansion or row
    reduction, from linear algebra courses (DeepMind's mathematics dataset has no matrices;
    reasoning-gym has none exact at this size).

    Answer format: one integer, e.g. ``<answer>-42</answer>``.

    Knobs: `size` (2-8; more is harder) and `max_entry` (larger is harder).

    Verification: exact integer comparison (kind ``rational``: ``\\det(...)`` restated is
    not an answer). The reference is exact Gaussian elimination over the rationals; tests
    check it against `sympy.Matrix.det`.

    Versions: v1, first release.
    """

    Params = DeterminantParams
    levels = ladder(size=[2, 2, 3, 3, 3, 4, 4, 5, 5, 6], max_entry=[9, 20, 5, 9, 15, 5, 9, 5, 9, 9])
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "linear-algebra")

    def sample(
        self, rng: np.random.Generator, params: DeterminantParams
    ) -> tuple[dict[str, Any], str]:
        matrix = random_matrix(rng, params.size, params.size, params.max_entry)
        determinant, _rank, _inverse = eliminate(matrix)
        return {"matrix": matrix}, str(int(determinant))

    def render(self, data: dict[str, Any], params: DeterminantParams) -> str:
        return ask(
            f"Compute the determinant of\n\n$$A = {latex_matrix(data['matrix'])}$$", INTEGER_FORMAT
        )

    def cost(self, data: dict[str, Any], params: DeterminantParams) -> dict[str, Any]:
        n = len(data["matrix"])
        return {"work": n**3 + len(str(params.max_entry)), "size": n}
