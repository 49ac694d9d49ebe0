"""Linear recurrences: the n-th term of a_n = c1 a_{n-1} + c2 a_{n-2} (+ c3 a_{n-3}) + d."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import INTEGER_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_numbers import integer, nonzero
from palaestra.generators.polynomials import latex_combination
from palaestra.params import Params
from palaestra.registry import register


class RecurrencesParams(Params):
    order: int = Field(2, ge=1, le=3, description="terms the recurrence looks back; more is harder")
    index: int = Field(8, ge=3, le=200, description="which term is asked for; later is harder")
    max_coefficient: int = Field(
        3, ge=1, le=10, description="largest |coefficient|; larger is harder"
    )
    constant: bool = Field(False, description="a constant term d is added; harder")


def nth_term(coefficients: list[int], constant: int, initial: list[int], n: int) -> int:
    values = list(initial)
    while len(values) < n:
        recent = values[-len(coefficients) :][::-1]
        values.append(sum(c * v for c, v in zip(coefficients, recent, strict=True)) + constant)
    return values[n - 1]


@register("math/recurrences-v1")
class Recurrences(MathEnv):
    """Find the n-th term of a linear recurrence with constant coefficients.

    Task: "a_1 = 2, a_2 = 5 and a_n = 3a_{n-1} - 2a_{n-2} + 1 for n >= 3; find a_{15}".
    Linear recurrences (Fibonacci-like sequences, characteristic roots, iteration) of
    discrete mathematics. The n-th term can be found by iterating or from the closed form.

    Answer format: one integer, e.g. ``<answer>32781</answer>``.

    Knobs: `order` (1-3; more is harder), `index` asked for (later is harder),
    `max_coefficient` (larger is harder) and `constant` term (harder).

    Verification: exact integer comparison (kind ``rational``). The reference iterates the
    recurrence with Python integers; tests check it against `sympy.rsolve`'s closed form.

    Versions: v1, first release.
    """

    Params = RecurrencesParams
    levels = ladder(
        order=[2, 2, 2, 2, 2, 2, 3, 3, 3, 3],
        index=[6, 8, 10, 12, 15, 20, 20, 25, 30, 40],
        max_coefficient=[3, 3, 3, 3, 3, 4, 3, 3, 3, 4],
        constant=[False, False, False, True, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "discrete", "recurrences")

    def sample(
        self, rng: np.random.Generator, params: RecurrencesParams
    ) -> tuple[dict[str, Any], str]:
        coefficients = [
            integer(rng, -params.max_coefficient, params.max_coefficient)
            for _ in range(params.order)
        ]
        coefficients[-1] = nonzero(rng, params.max_coefficient)
        constant = nonzero(rng, 5) if params.constant else 0
        initial = [integer(rng, -9, 9) for _ in range(params.order)]
        value = nth_term(coefficients, constant, initial, params.index)
        data = {
            "coefficients": coefficients,
            "constant": constant,
            "initial": initial,
            "n": params.index,
        }
        return data, str(value)

    def render(self, data: dict[str, Any], params: RecurrencesParams) -> str:
        order = len(data["coefficients"])
        start = ", ".join(f"a_{{{i + 1}}} = {v}" for i, v in enumerate(data["initial"]))
        names = [f"a_{{n-{i + 1}}}" for i in range(order)]
        rule = latex_combination(data["coefficients"], names)
        if data["constant"]:
            rule += f" {'-' if data['constant'] < 0 else '+'} {abs(data['constant'])}"
        return ask(
            f"A sequence is defined by ${start}$ and $a_n = {rule}$ for "
            f"$n \\ge {order + 1}$. Find $a_{{{data['n']}}}$.",
            INTEGER_FORMAT,
        )

    def cost(self, data: dict[str, Any], params: RecurrencesParams) -> dict[str, Any]:
        work = params.order * params.index + 5 * params.constant + params.max_coefficient
        value = nth_term(data["coefficients"], data["constant"], data["initial"], data["n"])
        return {"work": work, "digits": len(str(value))}
