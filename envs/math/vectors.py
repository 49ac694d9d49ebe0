"""Vector geometry: dot and cross products, projections, angles and areas."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer, latex_number
from palaestra.generators.math_symbolic import latex, rational, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

QUESTIONS = ("dot", "cross", "projection", "cosine", "area")


class VectorsParams(Params):
    max_component: int = Field(5, ge=1, le=100, description="largest |component|; larger is harder")
    questions: int = Field(
        2,
        ge=1,
        le=5,
        description="questions drawn from, in order: dot product, cross product, projection of u "
        "onto v, cosine of the angle, area of the parallelogram; more is harder",
    )


def dot(u: list[int], v: list[int]) -> int:
    return sum(a * b for a, b in zip(u, v, strict=True))


def cross(u: list[int], v: list[int]) -> list[int]:
    return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]


def latex_tuple(vector: list) -> str:
    return "\\left(" + ", ".join(latex_number(Fraction(c)) for c in vector) + "\\right)"


@register("math/vectors-v1")
class Vectors(MathEnv):
    """Compute with vectors in 3-space: dot, cross, projection, angle and area.

    Task, one question per task about u and v in R^3: the dot product, the cross product,
    the vector projection of u onto v, the cosine of the angle between them, and the area of
    the parallelogram they span. Vector geometry from multivariable calculus and linear
    algebra courses.

    Answer format: a number (``<answer>-7</answer>``, ``<answer>\\frac{\\sqrt{6}}{3}
    </answer>``) or a vector (``<answer>(1, -2, \\frac{3}{2})</answer>``), as asked.

    Knobs: `max_component` (larger is harder) and `questions` drawn from (more is harder).

    Verification: `palaestra.verifiers.math.compare`: kind ``matrix`` for vectors (a tuple
    or a column vector, entries exact) and ``number`` for scalars (radicals exact). The
    vectors are drawn nonzero and not parallel; references are exact integer and `Fraction`
    arithmetic, with sympy for the square roots.

    Versions: v1, first release.
    """

    Params = VectorsParams
    levels = ladder(
        max_component=[5, 9, 5, 9, 5, 9, 6, 9, 12, 20], questions=[2, 2, 3, 3, 4, 4, 5, 5, 5, 5]
    )
    difficulty_cost = "work"
    tags = ("math", "linear-algebra", "geometry")

    def options(self, task: Task) -> dict[str, Any]:
        return {"kind": "matrix" if task.data["question"] in ("cross", "projection") else "number"}

    def sample(self, rng: np.random.Generator, params: VectorsParams) -> tuple[dict[str, Any], str]:
        sp = sympy()
        bound = params.max_component
        while True:
            u = [integer(rng, -bound, bound) for _ in range(3)]
            v = [integer(rng, -bound, bound) for _ in range(3)]
            if any(cross(u, v)):  # both nonzero and not parallel
                break
        question = QUESTIONS[integer(rng, 0, params.questions - 1)]
        if question == "dot":
            answer = str(dot(u, v))
        elif question == "cross":
            answer = latex_tuple(cross(u, v))
        elif question == "projection":
            scale = Fraction(dot(u, v), dot(v, v))
            answer = latex_tuple([scale * c for c in v])
        elif question == "cosine":
            answer = latex(rational(dot(u, v)) / sp.sqrt(dot(u, u) * dot(v, v)))
        else:
            w = cross(u, v)
            answer = latex(sp.sqrt(dot(w, w)))
        return {"u": u, "v": v, "question": question}, answer

    def render(self, data: dict[str, Any], params: VectorsParams) -> str:
        what = {
            "dot": "the dot product u \\cdot v",
            "cross": "the cross product u \\times v",
            "projection": "the vector projection of u onto v",
            "cosine": "the cosine of the angle between u and v",
            "area": "the area of the parallelogram spanned by u and v",
        }[data["question"]]
        form = (
            "Give the vector as (x, y, z) with exact components."
            if data["question"] in ("cross", "projection")
            else "Give the exact value (radicals allowed, no decimals)."
        )
        return ask(
            f"Let $u = {latex_tuple(data['u'])}$ and $v = {latex_tuple(data['v'])}$. Find {what}.",
            form,
        )

    def cost(self, data: dict[str, Any], params: VectorsParams) -> dict[str, Any]:
        return {
            "work": 2 * params.questions + len(str(params.max_component)),
            "question": QUESTIONS.index(data["question"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        u, v = task.data["u"], task.data["v"]
        if task.data["question"] == "cross":
            return [block(latex_tuple(cross(v, u)))]
        if task.data["question"] == "dot":
            return [block(str(dot(u, v) + 1))]
        return [block(f"{task.answer} + 1")]
