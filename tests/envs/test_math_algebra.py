"""What is special about the algebra envs: references checked with sympy, accepted forms,
restated questions and half answers refused."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
import sympy as sp

import palaestra as pa
from palaestra.envs.math.rational_roots import reference_roots
from palaestra.verifiers.math import compare

X = sp.Symbol("x", real=True)


def tasks(env_id: str, levels: tuple[int, ...] = (1, 5, 10), seeds: int = 6) -> list[pa.Task]:
    env = pa.make(env_id)
    return [env.generate(seed, level) for level in levels for seed in range(seeds)]


def test_linear_equation_solutions_satisfy_the_equation() -> None:
    from latex2sympy2_extended import latex2sympy

    for task in tasks("math/linear-equation-v1"):
        left, right = task.data["equation"].split(" = ")
        difference = latex2sympy(left) - latex2sympy(right)
        value = sp.Rational(str(Fraction(task.answer or "0")))
        assert sp.simplify(difference.subs(sp.Symbol("x"), value)) == 0
        assert sp.Poly(sp.expand(difference), sp.Symbol("x")).degree() == 1


def test_linear_systems_accept_names_or_ordered_values() -> None:
    env = pa.make("math/linear-system-v1")
    task = env.generate(4, 6)
    values = [Fraction(v) for v in task.data["solution"]]
    names = task.data["names"]
    shuffled = ", ".join(f"{n} = {v}" for n, v in reversed(list(zip(names, values, strict=True))))
    assert env.verify(task, f"<answer>{shuffled}</answer>").correct
    assert env.verify(task, f"<answer>({', '.join(map(str, values))})</answer>").correct
    half = env.verify(task, f"<answer>{names[0]} = {values[0]}</answer>")
    assert (half.reason, half.correct) == ("partial", False)


def test_quadratic_roots_are_the_roots() -> None:
    for task in tasks("math/quadratic-v1"):
        a, b, c = task.data["coefficients"]
        assert compare(
            task.answer or "",
            sp.latex(sp.FiniteSet(*sp.solve(a * X**2 + b * X + c, X))),
            kind="set",
        ).equal


def test_quadratic_answers_in_plus_minus_form() -> None:
    env = pa.make("math/quadratic-v1")
    task = next(t for t in tasks("math/quadratic-v1", (7,), 20) if t.data["kind"] == "complex")
    a, b, c = task.data["coefficients"]
    discriminant = b * b - 4 * a * c
    answer = f"x = \\frac{{{-b} \\pm \\sqrt{{{discriminant}}}}}{{{2 * a}}}"
    assert env.verify(task, f"<answer>{answer}</answer>").correct


def test_rational_roots_match_sympy() -> None:
    for task in tasks("math/rational-roots-v1"):
        roots = {Fraction(r) for r in task.data["roots"]}
        assert roots == reference_roots(task.data["coefficients"])


@pytest.mark.parametrize(
    ("env_id", "field"),
    [
        ("math/polynomial-expansion-v1", "product"),
        ("math/factoring-v1", "polynomial"),
        ("math/rational-expressions-v1", "expression"),
        ("math/trig-values-v1", "expression"),
        ("math/complex-numbers-v1", "expression"),
    ],
)
def test_the_question_restated_is_wrong(env_id: str, field: str) -> None:
    env = pa.make(env_id)
    for task in tasks(env_id, (2, 8), 3):
        verdict = env.verify(task, f"<answer>{task.data[field]}</answer>")
        assert not verdict.correct and verdict.score == 0.0


def test_partial_factorisations_are_wrong() -> None:
    from latex2sympy2_extended import latex2sympy

    env = pa.make("math/factoring-v1")
    for task in tasks("math/factoring-v1", (1, 6), 4):
        x = sp.Symbol("x")
        _content, factors = sp.factor_list(latex2sympy(task.data["polynomial"]), x)
        bases = [base for base, power in factors for _ in range(power)]
        partial = sp.Mul(sp.expand(bases[0] * bases[1]), *bases[2:], evaluate=False)
        constant = sp.factor_list(latex2sympy(task.data["polynomial"]), x)[0]
        answer = f"{constant} \\cdot " + " \\cdot ".join(
            f"\\left({sp.latex(f)}\\right)" for f in sp.Mul.make_args(partial)
        )
        assert env.verify(task, f"<answer>{answer}</answer>").reason == "wrong", answer


def test_inequalities_accept_set_membership_notation() -> None:
    env = pa.make("math/inequalities-v1")
    for task in tasks("math/inequalities-v1", (3, 9), 5):
        assert env.verify(task, f"<answer>x \\in {task.answer}</answer>").correct


def test_absolute_value_solutions_match_sympy() -> None:
    from latex2sympy2_extended import latex2sympy

    for task in tasks("math/absolute-value-v1"):
        left, right = task.data["equation"].split(" = ")
        x = sp.Symbol("x", real=True)
        equation = latex2sympy(left).subs(sp.Symbol("x"), x) - latex2sympy(right).subs(
            sp.Symbol("x"), x
        )
        expected = {Fraction(str(r)) for r in sp.solve(equation, x)}
        assert {Fraction(r) for r in task.data["roots"]} == expected


def test_log_equations_reject_the_extraneous_root() -> None:
    env = pa.make("math/log-exp-equations-v1")
    task = next(
        t for t in tasks("math/log-exp-equations-v1", (8,), 40) if t.data["form"] == "log_sum"
    )
    both = f"<answer>{task.data['solutions'][0]}, {task.data['extraneous']}</answer>"
    assert env.verify(task, both).reason == "wrong"
    assert env.verify(task, f"<answer>x = {task.data['solutions'][0]}</answer>").correct


def test_logarithm_answers_are_compared_by_value() -> None:
    env = pa.make("math/log-exp-equations-v1")
    task = next(
        t for t in tasks("math/log-exp-equations-v1", (9,), 40) if t.data["form"] == "log_answer"
    )
    a, base, c = (int(v) for v in re.findall(r"\d+", task.data["equation"]))
    assert env.verify(task, f"<answer>x = \\log_{{{base}}}\\left({c // a}\\right)</answer>").correct
    assert not env.verify(
        task, f"<answer>x = \\log_{{{base}}}\\left({c // a + 1}\\right)</answer>"
    ).correct


def test_complex_results_match_sympy() -> None:
    from latex2sympy2_extended import latex2sympy

    for task in tasks("math/complex-numbers-v1", (1, 5), 5):
        real, imaginary = (Fraction(v) for v in task.data["value"])
        text = task.data["expression"].replace("\\overline", "\\conj")
        if "\\conj" in text:
            continue
        value = sp.expand(latex2sympy(text).subs(sp.Symbol("i"), sp.I).doit())
        assert sp.nsimplify(value) == sp.Rational(str(real)) + sp.I * sp.Rational(str(imaginary))
