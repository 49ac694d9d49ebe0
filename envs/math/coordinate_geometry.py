"""Coordinate geometry: distances, midpoints, slopes, lines through two points, polygon areas."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import distinct, integer, latex_number
from palaestra.generators.math_symbolic import latex, sympy
from palaestra.generators.polynomials import latex_combination
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

QUESTIONS = ("distance", "midpoint", "slope", "line", "area")


class CoordinateGeometryParams(Params):
    max_coordinate: int = Field(
        9, ge=2, le=1_000, description="largest |coordinate|; larger is harder"
    )
    vertices: int = Field(
        3, ge=3, le=12, description="vertices of the polygon in area questions; more is harder"
    )
    questions: int = Field(
        3,
        ge=1,
        le=5,
        description="questions drawn from, in order: distance, midpoint, slope, line through two "
        "points, polygon area; more is harder",
    )


def point_text(p: tuple[Any, Any]) -> str:
    return f"({latex_number(Fraction(p[0]))}, {latex_number(Fraction(p[1]))})"


def convex_polygon(rng: np.random.Generator, count: int, bound: int) -> list[tuple[int, int]]:
    """Distinct lattice points in counterclockwise order around their centroid (a simple
    polygon; points on one line are redrawn)."""
    while True:
        points = list(
            {(integer(rng, -bound, bound), integer(rng, -bound, bound)) for _ in range(count)}
        )
        if len(points) < count:
            continue
        cx = sum(p[0] for p in points) / count
        cy = sum(p[1] for p in points) / count
        points.sort(key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
        if shoelace(points) != 0:
            return points


def shoelace(points: list[tuple[int, int]]) -> Fraction:
    total = sum(
        points[i][0] * points[(i + 1) % len(points)][1]
        - points[(i + 1) % len(points)][0] * points[i][1]
        for i in range(len(points))
    )
    return Fraction(abs(total), 2)


@register("math/coordinate-geometry-v1")
class CoordinateGeometry(MathEnv):
    """Analytic geometry in the plane.

    Task, one question per task: the distance between two points, their midpoint, the slope
    of the line through them, an equation of that line, or the area of a polygon given by
    its vertices in order (the shoelace formula). Coordinate geometry of school courses.

    Answer format: as asked: a number (``<answer>5\\sqrt{2}</answer>``), a point
    (``<answer>(\\frac{3}{2}, -2)</answer>``) or an equation (``<answer>y = 2x - 3
    </answer>``, any equivalent form such as ``2x - y = 3``).

    Knobs: `max_coordinate` (larger is harder), `vertices` of the polygon (more is harder)
    and `questions` drawn from (more is harder).

    Verification: `palaestra.verifiers.math.compare`: kind ``number`` for distances, slopes
    and areas, ``tuple`` for midpoints and ``equation`` for lines (equal up to a nonzero
    factor). References are exact `Fraction` arithmetic; polygons are simple by
    construction (vertices sorted by angle around their centroid).

    Versions: v1, first release.
    """

    Params = CoordinateGeometryParams
    levels = ladder(
        max_coordinate=[9, 12, 9, 12, 15, 20, 30, 50, 100, 200],
        vertices=[3, 3, 4, 4, 5, 5, 6, 7, 8, 10],
        questions=[3, 3, 4, 4, 5, 5, 5, 5, 5, 5],
    )
    difficulty_cost = "work"
    tags = ("math", "geometry")

    def options(self, task: Task) -> dict[str, Any]:
        question = task.data["question"]
        return {"kind": {"midpoint": "tuple", "line": "equation"}.get(question, "number")}

    def sample(
        self, rng: np.random.Generator, params: CoordinateGeometryParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        bound = params.max_coordinate
        question = QUESTIONS[integer(rng, 0, params.questions - 1)]
        if question == "area":
            points = convex_polygon(rng, params.vertices, bound)
            listed = [list(p) for p in points]
            return {"question": question, "points": listed}, latex_number(shoelace(points))
        x1, x2 = distinct(rng, -bound, bound, 2)  # distinct x: the slope is defined
        p, q = (x1, integer(rng, -bound, bound)), (x2, integer(rng, -bound, bound))
        dx, dy = q[0] - p[0], q[1] - p[1]
        if question == "distance":
            answer = latex(sp.sqrt(dx * dx + dy * dy))
        elif question == "midpoint":
            answer = point_text((Fraction(p[0] + q[0], 2), Fraction(p[1] + q[1], 2)))
        elif question == "slope":
            answer = latex_number(Fraction(dy, dx))
        else:
            # dy x - dx y = dy p0 - dx p1
            answer = f"{latex_combination([dy, -dx], ['x', 'y'])} = {dy * p[0] - dx * p[1]}"
        return {"question": question, "points": [list(p), list(q)]}, answer

    def render(self, data: dict[str, Any], params: CoordinateGeometryParams) -> str:
        points = [tuple(p) for p in data["points"]]
        if data["question"] == "area":
            listed = ", ".join(point_text(p) for p in points)
            return ask(
                f"A polygon has the vertices {listed}, in this order. What is its area?",
                "Give the exact area as an integer or a fraction.",
            )
        a, b = (point_text(p) for p in points)
        question, form = {
            "distance": (
                f"What is the distance between A = {a} and B = {b}?",
                "Give the exact distance (radicals allowed).",
            ),
            "midpoint": (
                f"What is the midpoint of the segment from A = {a} to B = {b}?",
                "Give the point as (x, y) with exact coordinates.",
            ),
            "slope": (
                f"What is the slope of the line through A = {a} and B = {b}?",
                "Give the exact slope as an integer or a fraction.",
            ),
            "line": (
                f"Find an equation of the line through A = {a} and B = {b}.",
                "Give an equation in x and y, for example y = 2x - 3.",
            ),
        }[data["question"]]
        return ask(question, form)

    def cost(self, data: dict[str, Any], params: CoordinateGeometryParams) -> dict[str, Any]:
        work = len(str(params.max_coordinate)) + params.vertices + 2 * params.questions
        return {"work": work, "question": QUESTIONS.index(data["question"])}

    def wrong_answers(self, task: Task) -> list[str]:
        if task.data["question"] == "line":
            # no line through two points within the coordinate bounds has intercept 5000
            return [block("y = x + 5000"), block((task.answer or "x").split("=")[0])]
        if task.data["question"] == "midpoint":
            return [block("(0, 0)")] if task.answer != "(0, 0)" else [block("(1, 1)")]
        return [block(f"{task.answer} + 1")]
