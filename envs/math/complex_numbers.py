"""Arithmetic with complex numbers: sums, products, quotients, conjugates and powers."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, latex_number, nonzero
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

Complex = tuple[Fraction, Fraction]


class ComplexNumbersParams(Params):
    operations: int = Field(1, ge=1, le=6, description="operations; more is harder")
    max_part: int = Field(5, ge=1, le=100, description="largest |part|; larger is harder")
    division: bool = Field(False, description="quotients appear; harder")
    max_power: int = Field(1, ge=1, le=12, description="largest exponent; larger is harder")


def multiply(u: Complex, v: Complex) -> Complex:
    return u[0] * v[0] - u[1] * v[1], u[0] * v[1] + u[1] * v[0]


def divide(u: Complex, v: Complex) -> Complex:
    norm = v[0] ** 2 + v[1] ** 2
    top = multiply(u, (v[0], -v[1]))
    return top[0] / norm, top[1] / norm


def power(u: Complex, n: int) -> Complex:
    out: Complex = (Fraction(1), Fraction(0))
    for _ in range(n):
        out = multiply(out, u)
    return out


def latex_complex(z: Complex) -> str:
    """``a + bi`` with the parts as integers or fractions; ``0`` for zero."""
    real, imaginary = z
    if imaginary == 0:
        return latex_number(real)
    magnitude = "" if abs(imaginary) == 1 else latex_number(abs(imaginary))
    imaginary_text = f"{magnitude}i"
    if real == 0:
        return f"-{imaginary_text}" if imaginary < 0 else imaginary_text
    return f"{latex_number(real)} {'-' if imaginary < 0 else '+'} {imaginary_text}"


@register("math/complex-numbers-v1")
class ComplexNumbers(MathEnv):
    """Compute with complex numbers and give the result in the form a + bi.

    Task: "compute \\frac{(2 + 3i)(1 - i)}{3 + 4i} + \\overline{2 - i}". Complex arithmetic
    with i^2 = -1, conjugates and division by multiplying by the conjugate (precalculus;
    DeepMind's mathematics dataset has none, reasoning-gym has complex_arithmetic).

    Answer format: a + bi with a and b exact, e.g. ``<answer>\\frac{7}{5} - \\frac{1}{5}i
    </answer>`` or ``<answer>3 - 2i</answer>``.

    Knobs: `operations` (more is harder), `max_part` (larger is harder), `division`
    (quotients; harder) and `max_power` (powers such as (1 + i)^6; larger is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``number`` and
    ``form="rectangular"``: the value must be exact and written as one real and one
    imaginary term, so the expression restated is wrong. The reference is exact `Fraction`
    arithmetic on (real, imaginary) pairs; tests check it against sympy.

    Versions: v1, first release.
    """

    Params = ComplexNumbersParams
    levels = ladder(
        operations=[1, 1, 2, 2, 2, 3, 3, 4, 5, 6],
        max_part=[5, 9, 5, 6, 6, 6, 8, 8, 9, 9],
        division=[False, False, False, True, True, True, True, True, True, True],
        max_power=[1, 1, 1, 1, 2, 3, 3, 4, 5, 6],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "number", "form": "rectangular"}
    tags = ("math", "complex-numbers")

    def sample(
        self, rng: np.random.Generator, params: ComplexNumbersParams
    ) -> tuple[dict[str, Any], str]:
        def draw() -> tuple[str, Complex]:
            z = (
                Fraction(integer(rng, -params.max_part, params.max_part)),
                Fraction(nonzero(rng, params.max_part)),
            )
            text = f"\\left({latex_complex(z)}\\right)"
            choice = integer(rng, 0, 3)
            if choice == 0 and params.max_power > 1:
                n = integer(rng, 2, params.max_power)
                return f"{text}^{{{n}}}", power(z, n)
            if choice == 1:
                return f"\\overline{{{latex_complex(z)}}}", (z[0], -z[1])
            return text, z

        text, value = draw()
        ops = "+-*" + ("/" if params.division else "")
        for _ in range(params.operations):
            op = ops[integer(rng, 0, len(ops) - 1)]
            right_text, right = draw()
            if op == "+":
                text, value = f"{text} + {right_text}", (value[0] + right[0], value[1] + right[1])
            elif op == "-":
                text, value = f"{text} - {right_text}", (value[0] - right[0], value[1] - right[1])
            elif op == "*":
                text, value = f"\\left({text}\\right) \\cdot {right_text}", multiply(value, right)
            else:
                text, value = f"\\frac{{{text}}}{{{right_text}}}", divide(value, right)
        data = {"expression": text, "value": [str(value[0]), str(value[1])]}
        return data, latex_complex(value)

    def render(self, data: dict[str, Any], params: ComplexNumbersParams) -> str:
        return ask(
            "Compute, where i^2 = -1 and \\overline{z} is the complex conjugate:\n\n"
            f"$${data['expression']}$$",
            "Give the result in the form a + bi with a and b exact (integers or fractions), "
            "for example \\frac{7}{5} - \\frac{1}{5}i.",
        )

    def cost(self, data: dict[str, Any], params: ComplexNumbersParams) -> dict[str, Any]:
        work = 2 * params.operations + 2 * params.division + params.max_power
        return {"work": work + len(str(params.max_part)), "size": len(data["expression"])}

    def wrong_answers(self, task: Task) -> list[str]:
        real, imaginary = (Fraction(v) for v in task.data["value"])
        return [block(latex_complex((real, -imaginary - 1))), block(task.data["expression"])]
