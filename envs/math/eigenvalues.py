"""Eigenvalues of an integer matrix with planted (integer or quadratic irrational) eigenvalues."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_matrices import eliminate, latex_matrix, multiply, unimodular
from palaestra.generators.math_numbers import integer
from palaestra.generators.math_symbolic import latex, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class EigenvaluesParams(Params):
    size: int = Field(2, ge=2, le=5, description="rows and columns; more is harder")
    max_eigenvalue: int = Field(
        5, ge=1, le=50, description="largest |integer eigenvalue|; larger is harder"
    )
    mixing: int = Field(
        2, ge=0, le=12, description="row operations hiding the diagonal form; more is harder"
    )
    irrational: bool = Field(
        False, description="a 2 x 2 block with irrational or complex eigenvalues; harder"
    )


@register("math/eigenvalues-v1")
class Eigenvalues(MathEnv):
    """Find all eigenvalues of a square integer matrix.

    Task: "find the eigenvalues of A = ...". Characteristic polynomials and their roots,
    from linear algebra courses. A = P B P^{-1} with P an integer matrix of determinant
    ±1 (random row operations) and B block diagonal: integer eigenvalues drawn first, and
    with `irrational` a 2 x 2 block whose eigenvalues are quadratic irrationals or a
    complex pair. The reference set comes from `sympy` on B.

    Answer format: the distinct eigenvalues, e.g. ``<answer>-1, 2, 3</answer>`` or
    ``<answer>2 \\pm \\sqrt{3}</answer>``.

    Knobs: `size` (2-5; more is harder), `max_eigenvalue` (larger is harder), `mixing`
    row operations (more is harder) and `irrational` (harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``set``: every distinct
    eigenvalue once, nothing else (radicals and i exact); some of them score 0 with reason
    ``partial``.

    Versions: v1, first release.
    """

    Params = EigenvaluesParams
    levels = ladder(
        size=[2, 2, 2, 3, 3, 3, 3, 4, 4, 5],
        max_eigenvalue=[6, 9, 9, 5, 6, 6, 8, 6, 8, 8],
        mixing=[1, 2, 3, 2, 3, 4, 5, 5, 6, 8],
        irrational=[False, False, True, False, False, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "set"}
    tags = ("math", "linear-algebra")

    def sample(
        self, rng: np.random.Generator, params: EigenvaluesParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        n = params.size
        bound = params.max_eigenvalue
        block_matrix = [[0] * n for _ in range(n)]
        start = 0
        if params.irrational:
            while True:  # a discriminant that is not a perfect square: irrational or complex
                a, b, c, d = (integer(rng, -4, 4) for _ in range(4))
                discriminant = (a - d) ** 2 + 4 * b * c
                if discriminant < 0 or math.isqrt(discriminant) ** 2 != discriminant:
                    break
            block_matrix[0][:2], block_matrix[1][:2] = [a, b], [c, d]
            start = 2
        for i in range(start, n):
            block_matrix[i][i] = integer(rng, -bound, bound)
        mixer = unimodular(rng, n, params.mixing * n)
        _determinant, _rank, inverse = eliminate(mixer)
        matrix = multiply(multiply(mixer, block_matrix), [[int(v) for v in row] for row in inverse])
        eigenvalues = sorted(sp.Matrix(block_matrix).eigenvals(), key=sp.default_sort_key)
        data = {"matrix": matrix, "eigenvalues": [latex(e) for e in eigenvalues]}
        return data, latex(sp.FiniteSet(*eigenvalues))

    def render(self, data: dict[str, Any], params: EigenvaluesParams) -> str:
        return ask(
            f"Find all eigenvalues (real or complex) of\n\n$$A = {latex_matrix(data['matrix'])}$$",
            "List each distinct eigenvalue once, separated by commas, in exact form, for "
            "example -1, 2, 3 or 2 \\pm \\sqrt{3}.",
        )

    def cost(self, data: dict[str, Any], params: EigenvaluesParams) -> dict[str, Any]:
        n = params.size
        return {
            "work": n**3 + params.mixing + 3 * params.irrational,
            "distinct": len(data["eigenvalues"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        eigenvalues = task.data["eigenvalues"]
        wrong = [block(", ".join([*eigenvalues, "1000"]))]
        return wrong + ([block(eigenvalues[0])] if len(eigenvalues) > 1 else [])
