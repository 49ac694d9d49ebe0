"""Solve triangles: Pythagoras, the laws of cosines and sines, Heron's formula."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer
from palaestra.generators.math_symbolic import latex, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

QUESTIONS = ("right_side", "sas_side", "sss_cosine", "heron_area", "sas_area", "law_of_sines")
ANGLES = (30, 45, 60, 90, 120, 135, 150)


class TrianglesParams(Params):
    max_side: int = Field(12, ge=3, le=1_000, description="largest given side; larger is harder")
    questions: int = Field(
        2,
        ge=1,
        le=6,
        description="questions drawn from, in order: a side of a right triangle, a side from "
        "two sides and the included angle, the cosine of an angle from three sides, the area "
        "from three sides (Heron), the area from two sides and an angle, a side by the law of "
        "sines; more is harder",
    )


def radians(degrees: int) -> Any:
    sp = sympy()
    return sp.Rational(degrees, 180) * sp.pi


@register("math/triangles-v1")
class Triangles(MathEnv):
    """Solve a triangle exactly from sides and special angles.

    Task, one question per task: a missing side of a right triangle, the third side from
    two sides and the included angle (law of cosines), the cosine of an angle from three
    sides, the area from three sides (Heron's formula), the area from two sides and the
    included angle, and a side from two angles and a side (law of sines). Angles are
    special (30, 45, 60, 90, 120, 135, 150 degrees) so answers are exact radicals:
    trigonometry and geometry of school courses.

    Answer format: the exact value, e.g. ``<answer>\\sqrt{79}</answer>``,
    ``<answer>\\frac{11}{16}</answer>`` or ``<answer>6\\sqrt{6}</answer>``.

    Knobs: `max_side` (larger is harder) and `questions` drawn from (more is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``number`` (radicals exact,
    decimals wrong). Side lengths are drawn to satisfy the triangle inequality; references
    are sympy's exact evaluation of the formulas.

    Versions: v1, first release.
    """

    Params = TrianglesParams
    levels = ladder(
        max_side=[20, 25, 20, 25, 25, 30, 30, 40, 60, 100],
        questions=[3, 3, 4, 4, 5, 5, 6, 6, 6, 6],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "number"}
    tags = ("math", "geometry", "trigonometry")

    def sample(
        self, rng: np.random.Generator, params: TrianglesParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        bound = params.max_side
        question = QUESTIONS[integer(rng, 0, params.questions - 1)]
        a, b = integer(rng, 2, bound), integer(rng, 2, bound)
        angle = ANGLES[integer(rng, 0, len(ANGLES) - 1)]
        if question == "right_side":
            if rng.random() < 0.5:
                text = f"A right triangle has legs {a} and {b}. How long is its hypotenuse?"
                value = sp.sqrt(a * a + b * b)
            else:
                leg, hypotenuse = min(a, b), max(a, b) + 1
                text = (
                    f"A right triangle has hypotenuse {hypotenuse} and one leg {leg}. How long "
                    "is the other leg?"
                )
                value = sp.sqrt(hypotenuse**2 - leg**2)
        elif question in ("sas_side", "sas_area"):
            given = (
                f"Two sides of a triangle are {a} and {b}, and the angle between them is "
                f"{angle} degrees."
            )
            if question == "sas_side":
                text = f"{given} How long is the third side?"
                value = sp.sqrt(a * a + b * b - 2 * a * b * sp.cos(radians(angle)))
            else:
                text = f"{given} What is the area of the triangle?"
                value = sp.Rational(a * b, 2) * sp.sin(radians(angle))
        elif question in ("sss_cosine", "heron_area"):
            c = integer(rng, abs(a - b) + 1, a + b - 1)
            given = f"A triangle has sides {a}, {b} and {c}."
            if question == "sss_cosine":
                text = f"{given} What is the cosine of the angle opposite the side of length {c}?"
                value = sp.Rational(a * a + b * b - c * c, 2 * a * b)
            else:
                s = sp.Rational(a + b + c, 2)
                text, value = f"{given} What is its area?", sp.sqrt(s * (s - a) * (s - b) * (s - c))
        else:
            pairs = [
                (p, q)
                for p in (30, 45, 60, 90, 120)
                for q in (30, 45, 60, 90, 120)
                if p != q and p + q < 180
            ]
            first, second = pairs[integer(rng, 0, len(pairs) - 1)]
            text = (
                f"In triangle ABC, angle A = {first} degrees, angle B = {second} degrees and the "
                f"side opposite A has length {a}. How long is the side opposite B?"
            )
            value = a * sp.sin(radians(second)) / sp.sin(radians(first))
        value = sp.radsimp(sp.nsimplify(value))
        return {"question": question, "text": text}, latex(value)

    def render(self, data: dict[str, Any], params: TrianglesParams) -> str:
        return ask(
            data["text"], "Give the exact value (fractions and radicals allowed), not a decimal."
        )

    def cost(self, data: dict[str, Any], params: TrianglesParams) -> dict[str, Any]:
        return {
            "work": 2 * params.questions + len(str(params.max_side)),
            "question": QUESTIONS.index(data["question"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(f"{task.answer} + 1"), block(f"2 \\cdot \\left({task.answer}\\right)")]
