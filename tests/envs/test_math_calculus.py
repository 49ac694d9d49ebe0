"""What is special about the calculus envs: references against sympy, any constant of
integration accepted, unevaluated operators refused."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from latex2sympy2_extended import latex2sympy

import palaestra as pa
from palaestra.envs.math.recurrences import nth_term
from palaestra.envs.math.sequences import partial_sum, term
from palaestra.generators.math_symbolic import integrand_pair, symbol

X = sp.Symbol("x")


def to_sympy(text: str) -> sp.Expr:
    value = latex2sympy(text)
    return value.subs({s: sp.Symbol(s.name) for s in value.free_symbols})


@pytest.mark.parametrize("family", list("pnetsbfal"))
def test_table_integrals_differentiate_back(family: str) -> None:
    rng = np.random.default_rng(7)
    x = symbol()
    for _ in range(8):
        f, big_f = integrand_pair(rng, x, family, 5)
        assert sp.simplify(sp.diff(big_f, x) - f) == 0, (f, big_f)


def test_antiderivatives_accept_any_constant_and_refuse_the_integral() -> None:
    env = pa.make("math/antiderivatives-v1")
    task = env.generate(2, 6)
    assert env.verify(task, f"<answer>{task.answer} + C</answer>").correct
    assert env.verify(task, f"<answer>{task.answer} - 17</answer>").correct
    restated = env.verify(
        task, f"<answer>\\int \\left({task.data['integrand']}\\right) dx</answer>"
    )
    assert restated.reason == "wrong" and "integral" in restated.feedback
    assert not env.verify(task, f"<answer>{task.data['integrand']}</answer>").correct


def test_derivatives_match_sympy_and_refuse_the_operator() -> None:
    env = pa.make("math/derivatives-v1")
    for seed in range(4):
        task = env.generate(seed, 5)
        function = to_sympy(task.data["function"])
        expected = sp.diff(function, X)
        assert sp.simplify(to_sympy(task.answer or "") - expected) == 0
    restated = env.verify(
        task, f"<answer>\\frac{{d}}{{dx}}\\left({task.data['function']}\\right)</answer>"
    )
    assert not restated.correct


def test_definite_integrals_match_sympy() -> None:
    env = pa.make("math/definite-integrals-v1")
    for seed in range(4):
        task = env.generate(seed, 6)
        integral = latex2sympy(
            task.data["integral"].replace("\\left(", "(").replace("\\right)", ")")
        )
        expected = sp.N(integral.doit(), 30)
        assert abs(sp.N(to_sympy(task.answer or ""), 30) - expected) < 1e-20


def test_limits_refuse_the_limit_restated() -> None:
    env = pa.make("math/limits-v1")
    task = env.generate(1, 6)
    assert not env.verify(task, f"<answer>{task.data['limit']}</answer>").correct


def test_finite_series_match_direct_summation() -> None:
    env = pa.make("math/series-v1")
    for seed in range(30):
        task = env.generate(seed, 3)
        if task.data["form"] != "polynomial":
            continue
        text = task.data["sum"]
        bounds, body = text.split("} ", 1)[0], text.split("} ", 1)[1]
        low = int(bounds.split("k=")[1].split("}")[0])
        high = int(text.split("^{")[1].split("}")[0])
        k = sp.Symbol("k")
        summand = to_sympy(body).subs(sp.Symbol("k"), k)
        assert sum(summand.subs(k, i) for i in range(low, high + 1)) == int(task.answer or "0")


def test_sequence_closed_forms_match_direct_computation() -> None:
    for kind, first, step in (
        ("arithmetic", Fraction(3), Fraction(-2, 3)),
        ("geometric", Fraction(5), Fraction(-3, 2)),
    ):
        values = [term(kind, first, step, n) for n in range(1, 15)]
        for n in range(1, 15):
            assert partial_sum(kind, first, step, n) == sum(values[:n])


def test_recurrence_terms_match_sympy_rsolve() -> None:
    n = sp.Symbol("n", integer=True)
    a = sp.Function("a")
    solution = sp.rsolve(a(n) - 3 * a(n - 1) + 2 * a(n - 2) - 1, a(n), {a(1): 2, a(2): 5})
    for index in range(1, 12):
        assert nth_term([3, -2], 1, [2, 5], index) == solution.subs(n, index)
