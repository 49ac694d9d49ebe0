"""Linear Diophantine equations a x + b y = c: the solution with the least non-negative x."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder, size
from palaestra.generators.math_numbers import nonzero
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class LinearDiophantineParams(Params):
    max_coefficient: int = Field(
        10, ge=2, le=10**9, description="largest |a| and |b|; larger is harder"
    )
    max_solution: int = Field(
        10,
        ge=1,
        le=10**9,
        description="largest planted |x| and |y|; larger is harder",
    )


def least_solution(a: int, b: int, c: int) -> tuple[int, int]:
    """The integer solution of a x + b y = c with the least x >= 0 (c divisible by gcd)."""
    g = math.gcd(a, b)
    step = abs(b) // g
    x = (c // g) * pow(a // g, -1, step) % step if step > 1 else 0
    y, remainder = divmod(c - a * x, b)
    if remainder:
        raise AssertionError("no integer solution")
    return x, y


@register("math/linear-diophantine-v1")
class LinearDiophantine(MathEnv):
    """Find the integer solution of a x + b y = c with the least non-negative x.

    Task: "among all integer solutions of 12x - 33y = 21, give the one with the smallest
    x >= 0". Linear Diophantine equations (Diophantus; solved in general by Bachet, 1621)
    through Bezout's identity and the extended Euclidean algorithm. Asking for the least
    non-negative x makes the answer unique: all solutions are x0 + k b/g, y0 - k a/g.

    Answer format: the pair (x, y), e.g. ``<answer>(4, -1)</answer>`` (``x = 4, y = -1`` is
    read too).

    Knobs: `max_coefficient` for |a|, |b| (larger is harder) and `max_solution` for the
    planted solution (larger is harder; c = a x + b y).

    Verification: `palaestra.verifiers.math.compare` with kind ``tuple`` against the
    reference (x, y), which tests check satisfies the equation with 0 <= x < |b|/g.

    Versions: v1, first release.
    """

    Params = LinearDiophantineParams
    levels = ladder(
        max_coefficient=[6, 10, 15, 30, 60, 100, 500, 2_000, 10**5, 10**7],
        max_solution=[5, 8, 10, 20, 40, 100, 500, 2_000, 10**5, 10**7],
    )
    difficulty_cost = "digits"
    answer_options = {"kind": "tuple"}
    tags = ("math", "number-theory")

    def sample(
        self, rng: np.random.Generator, params: LinearDiophantineParams
    ) -> tuple[dict[str, Any], str]:
        while True:
            a, b = nonzero(rng, params.max_coefficient), nonzero(rng, params.max_coefficient)
            if abs(b) // math.gcd(a, b) > 1 and abs(a) != abs(b):
                break
        planted = (nonzero(rng, params.max_solution), nonzero(rng, params.max_solution))
        c = a * planted[0] + b * planted[1]
        x, y = least_solution(a, b, c)
        return {"a": a, "b": b, "c": c, "solution": [x, y]}, f"({x}, {y})"

    def render(self, data: dict[str, Any], params: LinearDiophantineParams) -> str:
        a, b, c = data["a"], data["b"], data["c"]
        sign = "-" if b < 0 else "+"
        return ask(
            f"Consider the equation ${a}x {sign} {abs(b)}y = {c}$ in integers x and y. Among "
            "all its integer solutions, find the one whose x is the smallest non-negative "
            "integer.",
            "Give the pair (x, y), for example (4, -1).",
        )

    def cost(self, data: dict[str, Any], params: LinearDiophantineParams) -> dict[str, Any]:
        return {"digits": size(data["a"], data["b"], data["c"])}

    def wrong_answers(self, task: Task) -> list[str]:
        x, y = task.data["solution"]
        a, b = task.data["a"], task.data["b"]
        g = math.gcd(a, b)
        return [block(f"({x + b // g}, {y - a // g})"), block(f"({y}, {x})")]
