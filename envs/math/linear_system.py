"""Solve a system of 2 to 4 linear equations with a unique solution."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder, size
from palaestra.generators.math_numbers import integer, latex_number
from palaestra.generators.math_symbolic import sympy
from palaestra.generators.polynomials import latex_combination
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

NAMES = "xyzw"


class LinearSystemParams(Params):
    unknowns: int = Field(2, ge=2, le=4, description="unknowns and equations; more is harder")
    max_coefficient: int = Field(
        5, ge=1, le=100, description="largest |coefficient|; larger is harder"
    )
    max_solution: int = Field(
        5, ge=1, le=100, description="largest |value| of an unknown; larger is harder"
    )
    fractional: bool = Field(False, description="the solution has fractions; harder")


@register("math/linear-system-v1")
class LinearSystem(MathEnv):
    """Solve a square system of linear equations with a unique solution.

    Task: "solve 2x + 3y - z = 5, x - y + 4z = 6, 3x + y + z = 10". Elimination and
    substitution (Gauss; the Nine Chapters' fangcheng), as in algebra courses and
    DeepMind's mathematics dataset (algebra__linear_2d). The solution is drawn first and
    the right sides computed; the coefficient matrix is redrawn until sympy finds it
    invertible, so the solution is unique.

    Answer format: every unknown once, e.g. ``<answer>x = 1, y = -2, z = 3</answer>``; the
    values in order ``(1, -2, 3)`` are read too.

    Knobs: `unknowns` (2-4; more is harder), `max_coefficient` (larger is harder),
    `max_solution` (larger is harder) and `fractional` (fractions in the solution; harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``tuple`` against the named
    reference ``x = ..., y = ...``: all unknowns, each once, each exactly right; giving some
    of them scores 0 with reason ``partial``.

    Versions: v1, first release.
    """

    Params = LinearSystemParams
    levels = ladder(
        unknowns=[2, 2, 2, 3, 3, 3, 3, 4, 4, 4],
        max_coefficient=[3, 5, 6, 4, 5, 6, 8, 6, 8, 12],
        max_solution=[5, 6, 9, 5, 8, 10, 10, 8, 10, 15],
        fractional=[False, False, True, False, False, True, True, True, True, True],
    )
    difficulty_cost = "size"
    answer_options = {"kind": "tuple"}
    tags = ("math", "algebra", "equations")

    def sample(
        self, rng: np.random.Generator, params: LinearSystemParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        n = params.unknowns
        names = NAMES[:n]
        while True:
            matrix = [
                [integer(rng, -params.max_coefficient, params.max_coefficient) for _ in range(n)]
                for _ in range(n)
            ]
            if sp.Matrix(matrix).det() != 0:
                break
        denominator = integer(rng, 2, 4) if params.fractional else 1
        solution = [
            Fraction(integer(rng, -params.max_solution, params.max_solution), denominator)
            for _ in range(n)
        ]
        rhs = [sum(c * v for c, v in zip(row, solution, strict=True)) for row in matrix]
        # Scale each equation to integers so that fractions show only in the solution.
        equations = []
        for row, value in zip(matrix, rhs, strict=True):
            factor = value.denominator
            equations.append(
                f"{latex_combination([c * factor for c in row], list(names))} = {value * factor}"
            )
        check = sp.Matrix(matrix).LUsolve(
            sp.Matrix([sp.Rational(v.numerator, v.denominator) for v in rhs])
        )
        if [Fraction(int(v.p), int(v.q)) for v in check] != solution:
            raise AssertionError("sympy's solution differs from the planted one")
        answer = ", ".join(
            f"{name} = {latex_number(v)}" for name, v in zip(names, solution, strict=True)
        )
        data = {"equations": equations, "solution": [str(v) for v in solution], "names": names}
        return data, answer

    def render(self, data: dict[str, Any], params: LinearSystemParams) -> str:
        system = "\n".join(f"${equation}$" for equation in data["equations"])
        unknowns = ", ".join(data["names"])
        return ask(
            f"Solve the system of equations for {unknowns}:\n\n{system}",
            f"Give every unknown as name = value, separated by commas, for example "
            f"{', '.join(f'{n} = {i + 1}' for i, n in enumerate(data['names']))}; use "
            "fractions p/q, not decimals.",
        )

    def cost(self, data: dict[str, Any], params: LinearSystemParams) -> dict[str, Any]:
        n = len(data["names"])
        return {"size": n * n + size([Fraction(v) for v in data["solution"]]), "unknowns": n}

    def wrong_answers(self, task: Task) -> list[str]:
        values = [Fraction(v) for v in task.data["solution"]]
        names = task.data["names"]
        shifted = [values[0] + 1, *values[1:]]
        wrong = [
            block(
                ", ".join(f"{n} = {latex_number(v)}" for n, v in zip(names, shifted, strict=True))
            )
        ]
        return [*wrong, block(f"{names[0]} = {latex_number(values[0])}")]
