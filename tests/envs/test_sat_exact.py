"""Tasks of the SAT family with one exact answer, each confirmed by an independent route,
and sat/mus-v1, whose many valid answers are checked by minimality.

sat/horn-least-model-v1, sat/model-count-v1, sat/backbone-v1 and sat/mus-v1.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

import palaestra as pa
from palaestra.envs.sat._common import block as answer

HORN = pa.make("sat/horn-least-model-v1")
COUNT = pa.make("sat/model-count-v1")
BACKBONE = pa.make("sat/backbone-v1")
MUS = pa.make("sat/mus-v1")


def models(clauses: list[list[int]], n_vars: int) -> list[tuple[bool, ...]]:
    return [
        values
        for values in itertools.product([False, True], repeat=n_vars)
        if all(any((lit > 0) == values[abs(lit) - 1] for lit in c) for c in clauses)
    ]


def glucose_sat(clauses: list[list[int]]) -> bool:
    with Solver(name="glucose4", bootstrap_with=clauses) as solver:
        return bool(solver.solve())


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_horn_least_model_is_the_meet_of_all_models(seed: int, level: int) -> None:
    task = HORN.generate(seed, level)
    n = task.data["n_vars"]
    found = models(task.data["clauses"], n)
    least = [v for v in range(1, n + 1) if all(m[v - 1] for m in found)]
    assert least == [int(v) for v in task.answer.split()]
    assert HORN.verify(task, answer(least[::-1])).correct
    for var in range(1, n + 1):  # adding or dropping one variable is always wrong
        changed = sorted(set(least) ^ {var})
        assert not HORN.verify(task, answer(changed or "none")).correct


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 10))
def test_model_count_by_solver_enumeration(seed: int, level: int) -> None:
    task = COUNT.generate(seed, level)
    count = 0
    with Solver(name="glucose4", bootstrap_with=task.data["clauses"]) as solver:
        n = task.data["n_vars"]
        while solver.solve():
            # get_model() omits variables above the highest one in any clause: those are free.
            model = solver.get_model()[:n]
            count += 2 ** (n - len(model))
            solver.add_clause([-lit for lit in model])
    assert str(count) == task.answer
    assert COUNT.verify(task, answer(str(count))).correct
    assert COUNT.verify(task, f"so \\boxed{{{count}}}").correct  # a number may be boxed
    assert not COUNT.verify(task, answer(str(count + 1))).correct


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 7))
def test_backbone_is_what_all_models_share(seed: int, level: int) -> None:
    task = BACKBONE.generate(seed, level)
    n = task.data["n_vars"]
    found = models(task.data["clauses"], n)
    fixed = [
        v if found[0][v - 1] else -v for v in range(1, n + 1) if len({m[v - 1] for m in found}) == 1
    ]
    assert BACKBONE.verify(task, answer(fixed or "none")).correct
    for var in range(1, n + 1):  # one literal more, less or negated is wrong
        for change in ({var}, {-var}):
            changed = sorted(set(fixed) ^ change, key=abs)
            if changed != fixed:
                assert not BACKBONE.verify(task, answer(changed or "none")).correct


def deletion_mus(clauses: list[list[int]], order: list[int]) -> list[int]:
    """A minimal unsatisfiable subset by plain deletion, in the given order of trial."""
    kept = list(range(len(clauses)))
    for index in order:
        trial = [i for i in kept if i != index]
        if not glucose_sat([clauses[i] for i in trial]):
            kept = trial
    return kept


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 8), rotate=st.integers(0, 50))
def test_every_mus_from_deletion_verifies_and_changes_fail(
    seed: int, level: int, rotate: int
) -> None:
    task = MUS.generate(seed, level)
    clauses = task.data["clauses"]
    m = len(clauses)
    order = [(i + rotate) % m for i in range(m)]
    core = deletion_mus(clauses, order)
    numbers = [i + 1 for i in core]
    assert MUS.verify(task, answer(numbers)).correct
    for dropped in numbers[:5]:  # a proper subset of a MUS is satisfiable
        assert not MUS.verify(task, answer([n for n in numbers if n != dropped])).correct
    outside = [i for i in range(1, m + 1) if i not in numbers]
    if outside:  # a proper superset is not minimal
        assert not MUS.verify(task, answer([*numbers, outside[0]])).correct
