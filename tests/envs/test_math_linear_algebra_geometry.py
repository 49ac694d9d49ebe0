"""What is special about the matrix, vector and geometry envs: references against sympy."""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.math.coordinate_geometry import convex_polygon, shoelace
from palaestra.generators.math_matrices import eliminate, identity, multiply, unimodular
from palaestra.generators.math_numbers import latex_number

FAST = settings(max_examples=40, deadline=None)


@FAST
@given(st.lists(st.lists(st.integers(-6, 6), min_size=3, max_size=3), min_size=3, max_size=3))
def test_elimination_matches_sympy(rows: list[list[int]]) -> None:
    determinant, rank, inverse = eliminate(rows)
    matrix = sp.Matrix(rows)
    assert determinant == matrix.det() and rank == matrix.rank()
    if inverse is not None:
        assert multiply(rows, inverse) == identity(3)


def test_unimodular_matrices_have_integer_inverses() -> None:
    rng = np.random.default_rng(1)
    for _ in range(20):
        m = unimodular(rng, 4, 10)
        determinant, _rank, inverse = eliminate(m)
        assert abs(determinant) == 1 and all(
            v.denominator == 1 for row in inverse or [] for v in row
        )


def test_eigenvalues_are_roots_of_the_characteristic_polynomial() -> None:
    env = pa.make("math/eigenvalues-v1")
    for seed in range(6):
        task = env.generate(seed, 9)
        expected = set(sp.Matrix(task.data["matrix"]).eigenvals())
        assert env.verify(task, f"<answer>{sp.latex(sp.FiniteSet(*expected))}</answer>").correct
        assert len(expected) == len(task.data["eigenvalues"])


def test_matrix_inverse_times_matrix_is_identity() -> None:
    env = pa.make("math/matrix-inverse-v1")
    for seed in range(10):
        task = env.generate(seed, 9)
        inverse = [[Fraction(v) for v in row] for row in task.data["inverse"]]
        assert multiply(task.data["matrix"], inverse) == identity(len(inverse))
    bracketed = task.answer.replace("pmatrix", "bmatrix") if task.answer else ""
    assert env.verify(task, f"<answer>{bracketed}</answer>").correct


def test_determinant_and_rank_match_sympy() -> None:
    for env_id, method in (("math/determinant-v1", "det"), ("math/matrix-rank-v1", "rank")):
        env = pa.make(env_id)
        for seed in range(6):
            task = env.generate(seed, 8)
            assert int(task.answer or "0") == getattr(sp.Matrix(task.data["matrix"]), method)()


def test_vector_answers_as_tuples_or_columns() -> None:
    env = pa.make("math/vectors-v1")
    task = next(t for t in (env.generate(s, 9) for s in range(60)) if t.data["question"] == "cross")
    u, v = sp.Matrix(task.data["u"]), sp.Matrix(task.data["v"])
    w = u.cross(v)
    assert w.dot(u) == 0 and w.dot(v) == 0
    assert env.verify(task, f"<answer>({', '.join(map(str, w))})</answer>").correct
    column = " \\\\ ".join(map(str, w))
    assert env.verify(
        task, f"<answer>\\begin{{pmatrix}} {column} \\end{{pmatrix}}</answer>"
    ).correct


@FAST
@given(st.integers(0, 10**6), st.integers(3, 8))
def test_polygons_are_simple_and_shoelace_matches_sympy(seed: int, count: int) -> None:
    points = convex_polygon(np.random.default_rng(seed), count, 20)
    polygon = sp.Polygon(*points)
    if isinstance(polygon, sp.Polygon):  # sympy merges collinear vertices into fewer sides
        assert abs(polygon.area) == shoelace(points)


def test_lines_are_accepted_in_any_equivalent_form() -> None:
    env = pa.make("math/coordinate-geometry-v1")
    task = next(t for t in (env.generate(s, 5) for s in range(80)) if t.data["question"] == "line")
    (x1, y1), (x2, y2) = task.data["points"]
    slope = Fraction(y2 - y1, x2 - x1)
    intercept = y1 - slope * x1
    line = f"y = {latex_number(slope)}x + {latex_number(intercept)}"
    assert env.verify(task, f"<answer>{line}</answer>").correct
    assert not env.verify(task, f"<answer>{line} + 1</answer>").correct


def test_triangle_answers_match_numeric_geometry() -> None:
    env = pa.make("math/triangles-v1")
    for seed in range(30):
        task = env.generate(seed, 9)
        if task.data["question"] != "sas_side":
            continue
        text = task.data["text"]
        a, b, angle = (int(v) for v in re.findall(r"\d+", text)[:3])
        expected = (a * a + b * b - 2 * a * b * np.cos(np.radians(angle))) ** 0.5
        assert env.verify(task, f"<answer>{expected:.14f}</answer>").reason == "wrong"  # exact only
        assert (
            abs(
                float(sp.N(sp.sqrt(a * a + b * b - 2 * a * b * sp.cos(sp.pi * angle / 180))))
                - expected
            )
            < 1e-9
        )
