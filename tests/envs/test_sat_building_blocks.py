"""The SAT family's shared generators and checkers, each against an independent route."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

from palaestra.generators.cnf import (
    circuit_clauses,
    linear_constraint_clauses,
    random_circuit,
    threshold_formula,
    xor_clauses,
)
from palaestra.generators.combinatorics import composition, hall_instance, planted_exact_cover
from palaestra.verifiers.certificates import schedule_problem
from palaestra.verifiers.parsing import AnswerFormatError, parse_keyword
from palaestra.verifiers.sat import (
    count_models,
    evaluate_circuit,
    first_false_clause,
    horn_least_model,
    parse_literals,
    unit_propagate,
)

OPS = {
    "AND": lambda a, b: a and b,
    "OR": lambda a, b: a or b,
    "XOR": lambda a, b: a != b,
    "NAND": lambda a, b: not (a and b),
    "NOR": lambda a, b: not (a or b),
}


def glucose_sat(clauses: list[list[int]], assumptions: list[int] = ()) -> bool:
    with Solver(name="glucose4", bootstrap_with=clauses) as solver:
        return bool(solver.solve(assumptions=list(assumptions)))


def holds(clauses: list[list[int]], values: tuple[bool, ...]) -> bool:
    return all(any((lit > 0) == values[abs(lit) - 1] for lit in c) for c in clauses)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n_vars=st.integers(3, 12), width=st.integers(2, 3))
def test_threshold_formula_cuts_between_sat_and_unsat(seed: int, n_vars: int, width: int) -> None:
    clauses, m = threshold_formula(np.random.default_rng(seed), n_vars, width)
    assert len(clauses) == m
    assert not glucose_sat(clauses) and glucose_sat(clauses[:-1])
    assert len({tuple(sorted(c)) for c in clauses}) == m  # distinct clauses


def test_xor_clauses_are_exactly_the_parity() -> None:
    for variables, parity in (([1, 2], 0), ([1, 2, 3], 1), ([2, 3, 4, 5], 1)):
        clauses = xor_clauses(variables, parity)
        for values in itertools.product([False, True], repeat=5):
            assert holds(clauses, values) == (sum(values[v - 1] for v in variables) % 2 == parity)


@pytest.mark.parametrize("op", ["<=", ">=", "="])
def test_linear_constraint_encoding_matches_arithmetic(op: str) -> None:
    terms = [[2, 1], [1, -2], [3, 3], [1, -1]]  # x1 appears twice, with both signs
    for bound in range(0, 8):
        clauses, _ = linear_constraint_clauses(terms, op, bound, 3)
        for values in itertools.product([False, True], repeat=3):
            total = sum(c for c, lit in terms if (lit > 0) == values[abs(lit) - 1])
            want = {"<=": total <= bound, ">=": total >= bound, "=": total == bound}[op]
            assumptions = [v if b else -v for v, b in enumerate(values, start=1)]
            assert glucose_sat(clauses, assumptions) == want, (bound, values)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), inputs=st.integers(2, 6))
def test_circuits_evaluate_as_their_tseitin_encoding_says(seed: int, inputs: int) -> None:
    rng = np.random.default_rng(seed)
    planted = [bool(b) for b in rng.integers(0, 2, size=inputs)]
    gates = random_circuit(rng, inputs, 3, 2, planted)
    assert evaluate_circuit(inputs, gates, planted)
    clauses = circuit_clauses(inputs, gates)
    for values in itertools.product([False, True], repeat=inputs):
        signals = [False, *values]
        for op, args in gates:  # an evaluator written apart from the package's
            signals.append(
                not signals[args[0]] if op == "NOT" else OPS[op](*(signals[a] for a in args))
            )
        assert evaluate_circuit(inputs, gates, list(values)) == signals[-1]
        assumptions = [v if b else -v for v, b in enumerate(values, start=1)]
        assert glucose_sat(clauses, assumptions) == signals[-1]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n_vars=st.integers(2, 9), n_clauses=st.integers(0, 20))
def test_model_count_and_horn_least_model_against_enumeration(
    seed: int, n_vars: int, n_clauses: int
) -> None:
    rng = np.random.default_rng(seed)
    clauses = [
        sorted({int(v) * (1 if rng.integers(2) else -1) for v in rng.integers(1, n_vars + 1, 3)})
        for _ in range(n_clauses)
    ]
    models = [v for v in itertools.product([False, True], repeat=n_vars) if holds(clauses, v)]
    assert count_models(clauses, n_vars) == len(models)
    for values in itertools.product([False, True], repeat=n_vars):
        assert (first_false_clause(clauses, values) is None) == holds(clauses, values)
    # Horn: keep at most one positive literal per clause; the least model is the meet.
    horn = [[lit for lit in c if lit < 0] + [lit for lit in c if lit > 0][:1] for c in clauses]
    horn = [c for c in horn if c]
    horn_models = [v for v in itertools.product([False, True], repeat=n_vars) if holds(horn, v)]
    least = horn_least_model(horn, n_vars)
    if not horn_models:
        assert least is None
    else:
        assert least == [all(m[i] for m in horn_models) for i in range(n_vars)]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n_vars=st.integers(2, 8))
def test_unit_propagation_agrees_with_minisat_propagate(seed: int, n_vars: int) -> None:
    rng = np.random.default_rng(seed)
    # Two distinct variables per clause: MiniSat's propagate() leaves out what unit clauses
    # fix before any decision, so the formula has none.
    clauses = [
        [int(v) * (1 if rng.integers(2) else -1) for v in rng.choice(n_vars, 2, replace=False) + 1]
        for _ in range(int(rng.integers(1, 3 * n_vars)))
    ]
    decision = int(rng.integers(1, n_vars + 1)) * (1 if rng.integers(2) else -1)
    values, conflict = unit_propagate(clauses, [decision])
    with Solver(name="glucose4", bootstrap_with=clauses) as solver:
        ok, literals = solver.propagate(assumptions=[decision])
    assert conflict == (not ok)
    if ok:
        assert {v if b else -v for v, b in values.items()} == set(literals)


def test_parse_keyword_and_literals() -> None:
    words = {"sat": "sat", "unsat": "unsat"}
    assert parse_keyword("SAT: 1 -2", words) == ("sat", "1 -2")
    assert parse_keyword(" unsat.", words) == ("unsat", "")
    assert parse_keyword("SAT -1 2", words) == ("sat", "-1 2")  # the sign is kept
    with pytest.raises(AnswerFormatError, match="start the answer with one of: SAT or UNSAT"):
        parse_keyword("satisfiable", words)
    assert parse_literals("none", 4, allow_none=True) == {}
    with pytest.raises(AnswerFormatError, match="x2 appears more than once"):
        parse_literals("2 -2", 4)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    total=st.integers(4, 60),
    parts=st.integers(1, 4),
    minimum=st.integers(1, 3),
)
def test_composition_sums_and_respects_the_minimum(
    seed: int, total: int, parts: int, minimum: int
) -> None:
    if parts * minimum > total:
        with pytest.raises(ValueError, match="cannot split"):
            composition(np.random.default_rng(seed), total, parts, minimum)
        return
    pieces = composition(np.random.default_rng(seed), total, parts, minimum)
    assert sum(pieces) == total and len(pieces) == parts and min(pieces) >= minimum


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), universe=st.integers(2, 20), distractors=st.integers(0, 10))
def test_planted_exact_cover_is_a_partition(seed: int, universe: int, distractors: int) -> None:
    sets, planted = planted_exact_cover(np.random.default_rng(seed), universe, 3, distractors)
    covered = sorted(e for i in planted for e in sets[i - 1])
    assert covered == list(range(1, universe + 1))
    assert len({tuple(s) for s in sets}) == len(sets)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), pigeons=st.integers(4, 9), housable=st.booleans())
def test_hall_instances_are_housable_exactly_when_planted(
    seed: int, pigeons: int, housable: bool
) -> None:
    allowed, housing = hall_instance(np.random.default_rng(seed), pigeons, 3, 1, housable)
    assert set().union(*map(set, allowed)) == set(range(1, pigeons + 1))  # no idle hole
    exists = any(
        all(h in allowed[p] for p, h in enumerate(perm))
        for perm in itertools.permutations(range(1, pigeons + 1))
    )
    assert exists == housable
    if housing is not None:
        assert sorted(housing) == list(range(1, pigeons + 1))


def test_schedule_sweep_counts_touching_jobs_as_not_overlapping() -> None:
    jobs = [[0, 10, 3], [0, 10, 3], [0, 10, 2]]
    assert schedule_problem(jobs, [0, 3, 6], 1) is None
    assert schedule_problem(jobs, [0, 2, 6], 1) == "more than 1 jobs run at time 2"
    assert schedule_problem(jobs, [0, 2, 6], 2) is None
    assert "after its deadline" in (schedule_problem(jobs, [0, 3, 9], 1) or "")
