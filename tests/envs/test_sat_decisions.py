"""Decision tasks of the SAT family: balanced labels, and certificates checked both ways.

sat/sat-decision-v1, sat/2sat-v1, sat/pigeonhole-v1 and sat/unit-propagation-v1.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

import palaestra as pa
from palaestra.envs.sat._common import block as answer
from palaestra.verifiers.sat import first_false_clause
from palaestra.verifiers.sat import format_assignment as signed

DECISION = pa.make("sat/sat-decision-v1")
TWO_SAT = pa.make("sat/2sat-v1")
PIGEONS = pa.make("sat/pigeonhole-v1")
PROPAGATION = pa.make("sat/unit-propagation-v1")


def glucose_model(clauses: list[list[int]], n_vars: int) -> list[bool] | None:
    with Solver(name="glucose4", bootstrap_with=clauses) as solver:
        if not solver.solve():
            return None
        true = {lit for lit in solver.get_model() if lit > 0}
    return [v in true for v in range(1, n_vars + 1)]


def holds(clauses: list[list[int]], values: list[bool]) -> bool:
    return first_false_clause(clauses, values) is None  # checked in test_sat_building_blocks


@pytest.mark.parametrize(
    ("env", "yes", "no"),
    [
        (DECISION, "SAT 1", "UNSAT"),
        (TWO_SAT, "SAT 1", "UNSAT 1"),
        (PIGEONS, "YES 1", "NO 1"),
        (PROPAGATION, "none", "CONFLICT"),
    ],
)
def test_labels_are_balanced_and_one_sided_answers_earn_half(
    env: pa.Env, yes: str, no: str
) -> None:
    tasks = [env.generate(seed, 1 + seed % 10) for seed in range(200)]
    positive = [
        t for t in tasks if not (t.answer or "").upper().startswith(("UNSAT", "NO", "CONFLICT"))
    ]
    assert 0.4 <= len(positive) / len(tasks) <= 0.6
    # The bare "no" word scores at most on the negative half (never on a yes-instance).
    bare_no = no.split()[0]
    reward = sum(env.verify(t, answer(bare_no)).score for t in tasks) / len(tasks)
    assert reward <= 0.6


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 6))
def test_decision_agrees_with_glucose_and_its_models_verify(seed: int, level: int) -> None:
    task = DECISION.generate(seed, level)
    clauses, n_vars = task.data["clauses"], task.data["n_vars"]
    model = glucose_model(clauses, n_vars)
    assert (model is not None) == task.data["satisfiable"]
    assert DECISION.verify(task, answer("UNSAT")).correct == (model is None)
    if model is None:
        assert not DECISION.verify(task, answer(f"SAT {signed([True] * n_vars)}")).correct
        return
    assert DECISION.verify(task, answer(f"SAT {signed(model)}")).correct
    for var in range(n_vars):  # every single flip is judged by the clauses alone
        flipped = [v != (i == var) for i, v in enumerate(model)]
        verdict = DECISION.verify(task, answer(f"SAT {signed(flipped)}"))
        assert verdict.correct == holds(clauses, flipped)


def test_decision_rejects_sat_without_assignment_and_trailing_words() -> None:
    task = next(t for t in map(DECISION.generate, range(50)) if t.data["satisfiable"])
    assert DECISION.verify(task, answer("SAT")).reason == "invalid"
    assert "UNSAT alone" in DECISION.verify(task, answer("UNSAT because")).feedback
    assert DECISION.verify(task, answer(f"satisfiable: {task.answer.split(' ', 1)[1]}")).correct


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_2sat_witnesses_match_minisat_propagation(seed: int, level: int) -> None:
    task = TWO_SAT.generate(seed, level)
    clauses, n_vars = task.data["clauses"], task.data["n_vars"]
    model = glucose_model(clauses, n_vars)
    assert (model is not None) == task.data["satisfiable"]
    with Solver(name="glucose4", bootstrap_with=clauses) as solver:
        for var in range(1, n_vars + 1):
            # In a 2-CNF, x leads to ¬x exactly when propagating x alone meets a conflict.
            both = not solver.propagate([var])[0] and not solver.propagate([-var])[0]
            assert TWO_SAT.verify(task, answer(f"UNSAT {var}")).correct == both
    if model is not None:
        assert TWO_SAT.verify(task, answer(f"SAT {signed(model)}")).correct
        for var in range(n_vars):
            flipped = [v != (i == var) for i, v in enumerate(model)]
            assert TWO_SAT.verify(task, answer(f"SAT {signed(flipped)}")).correct == holds(
                clauses, flipped
            )


def hall_groups(allowed: list[list[int]]) -> list[tuple[int, ...]]:
    return [
        group
        for size in range(1, len(allowed) + 1)
        for group in itertools.combinations(range(1, len(allowed) + 1), size)
        if len(set().union(*(allowed[p - 1] for p in group))) < size
    ]


def housing(allowed: list[list[int]]) -> list[int] | None:
    n = len(allowed)
    with Solver(name="glucose4") as solver:
        for p, holes in enumerate(allowed):
            solver.add_clause([p * n + h for h in holes])
        for h in range(1, n + 1):
            for a, b in itertools.combinations(range(n), 2):
                solver.add_clause([-(a * n + h), -(b * n + h)])
        if not solver.solve():
            return None
        true = {lit for lit in solver.get_model() if lit > 0}
    return [next(h for h in range(1, n + 1) if p * n + h in true) for p in range(n)]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 4))
def test_pigeonhole_certificates_both_ways(seed: int, level: int) -> None:
    task = PIGEONS.generate(seed, level)
    allowed = task.data["allowed"]
    found = housing(allowed)
    assert (found is not None) == task.data["housable"]
    groups = hall_groups(allowed)
    assert bool(groups) == (found is None)  # Hall's theorem, checked by brute force
    for group in groups[:20]:
        assert PIGEONS.verify(task, answer("NO " + " ".join(map(str, group)))).correct
    if found is None:
        return
    assert PIGEONS.verify(task, answer("YES " + " ".join(map(str, found)))).correct
    n = len(allowed)
    rng = np.random.default_rng(seed)
    for _ in range(5):  # move one pigeon: valid exactly when the hole is allowed and free
        pigeon, hole = int(rng.integers(n)), int(rng.integers(1, n + 1))
        moved = list(found)
        moved[pigeon] = hole
        valid = all(h in allowed[p] for p, h in enumerate(moved)) and len(set(moved)) == n
        verdict = PIGEONS.verify(task, answer("YES " + " ".join(map(str, moved))))
        assert verdict.correct == valid


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 8))
def test_unit_propagation_matches_minisat(seed: int, level: int) -> None:
    task = PROPAGATION.generate(seed, level)
    clauses, decisions = task.data["clauses"], task.data["decisions"]
    with Solver(name="glucose4", bootstrap_with=clauses) as solver:
        ok, literals = solver.propagate(assumptions=decisions)
    if not ok:
        assert task.answer == "CONFLICT"
        return
    derived = sorted(set(literals) - set(decisions), key=abs)
    text = " ".join(map(str, derived))
    assert PROPAGATION.verify(task, answer(text)).correct
    assert PROPAGATION.verify(task, answer(" ".join(map(str, [*decisions, *derived])))).correct
    assert not PROPAGATION.verify(task, answer(" ".join(map(str, derived[1:])) or "none")).correct
    assert not PROPAGATION.verify(task, answer("CONFLICT")).correct
    negated = [-derived[0], *derived[1:]]
    assert not PROPAGATION.verify(task, answer(" ".join(map(str, negated)))).correct
