"""Optimisation tasks of the SAT family: the optimum is confirmed by brute force, every
optimal certificate scores 1.0 and single changes score exactly as the rules say.

sat/maxsat-v1, sat/weighted-maxsat-v1, sat/set-cover-v1, sat/hitting-set-v1,
sat/knapsack-v1 and sat/bin-packing-v1.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.sat._common import block as answer
from palaestra.verifiers.sat import format_assignment as signed

MAXSAT = pa.make("sat/maxsat-v1")
WEIGHTED = pa.make("sat/weighted-maxsat-v1")
SET_COVER = pa.make("sat/set-cover-v1")
HITTING = pa.make("sat/hitting-set-v1")
KNAPSACK = pa.make("sat/knapsack-v1")
BINS = pa.make("sat/bin-packing-v1")


def false_weight(clauses: list[list[int]], weights: list[int], values: tuple[bool, ...]) -> int:
    return sum(
        w
        for c, w in zip(clauses, weights, strict=True)
        if not any((lit > 0) == values[abs(lit) - 1] for lit in c)
    )


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_maxsat_optimum_by_enumeration(seed: int, level: int) -> None:
    task = MAXSAT.generate(seed, level)
    clauses, n = task.data["clauses"], task.data["n_vars"]
    ones = [1] * len(clauses)
    costs = {v: false_weight(clauses, ones, v) for v in itertools.product([False, True], repeat=n)}
    assert min(costs.values()) == task.data["optimum"]
    for values, cost in list(costs.items())[:: max(1, len(costs) // 64)]:
        assert MAXSAT.verify(task, answer(signed(values))).correct == (cost == min(costs.values()))


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_weighted_maxsat_optimum_by_enumeration(seed: int, level: int) -> None:
    task = WEIGHTED.generate(seed, level)
    data, n = task.data, task.data["n_vars"]
    best = math.inf
    judged = []
    for values in itertools.product([False, True], repeat=n):
        if false_weight(data["hard"], [1] * len(data["hard"]), values):
            judged.append((values, None))
            continue
        cost = false_weight(data["soft"], data["weights"], values)
        best = min(best, cost)
        judged.append((values, cost))
    assert best == data["optimum"]
    for values, cost in judged[:: max(1, len(judged) // 64)]:
        assert WEIGHTED.verify(task, answer(signed(values))).correct == (cost == best)


def smallest_covers(rows: list[list[int]], items: int) -> tuple[int, list[tuple[int, ...]]]:
    for size in range(1, items + 1):
        found = [
            chosen
            for chosen in itertools.combinations(range(1, items + 1), size)
            if all(set(chosen) & set(row) for row in rows)
        ]
        if found:
            return size, found
    raise AssertionError("nothing covers")


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_set_cover_budget_is_the_optimum_and_every_optimal_cover_scores(
    seed: int, level: int
) -> None:
    task = SET_COVER.generate(seed, level)
    sets, universe = task.data["sets"], task.data["universe"]
    holders = [[i for i, s in enumerate(sets, 1) if e in s] for e in range(1, universe + 1)]
    size, covers = smallest_covers(holders, len(sets))
    assert size == task.data["budget"]
    rng = np.random.default_rng(seed)
    for cover in covers[:10]:
        assert SET_COVER.verify(task, answer(cover)).correct
        swapped = list(cover)  # replace one chosen set by another
        swapped[int(rng.integers(size))] = int(rng.integers(1, len(sets) + 1))
        covered = set().union(*(sets[i - 1] for i in swapped))
        valid = len(set(swapped)) == len(swapped) and len(covered) == universe
        assert SET_COVER.verify(task, answer(swapped)).correct == valid
        assert not SET_COVER.verify(task, answer(cover[1:] or "none")).correct


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_hitting_set_optimum_and_single_changes(seed: int, level: int) -> None:
    task = HITTING.generate(seed, level)
    family, elements = task.data["family"], task.data["elements"]
    size, hitting = smallest_covers(family, elements)
    assert size == task.data["optimum"]
    for chosen in hitting[:10]:
        assert HITTING.verify(task, answer(chosen)).correct
        assert not HITTING.verify(task, answer(chosen[1:] or "none")).correct
        extra = next(e for e in range(1, elements + 1) if e not in chosen)
        assert not HITTING.verify(task, answer([*chosen, extra])).correct  # not minimum


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 6))
def test_knapsack_optimum_by_enumeration(seed: int, level: int) -> None:
    task = KNAPSACK.generate(seed, level)
    weights, values, capacity = task.data["weights"], task.data["values"], task.data["capacity"]
    n = len(weights)
    feasible = [
        chosen
        for size in range(n + 1)
        for chosen in itertools.combinations(range(1, n + 1), size)
        if sum(weights[i - 1] for i in chosen) <= capacity
    ]
    best = max(sum(values[i - 1] for i in chosen) for chosen in feasible)
    assert best == task.data["optimum"]
    for optimal in [c for c in feasible if sum(values[i - 1] for i in c) == best][:10]:
        assert KNAPSACK.verify(task, answer(optimal)).correct
    chosen = [int(i) for i in task.answer.split()]
    for item in range(1, n + 1):  # toggle one item of an optimal choice
        toggled = sorted(set(chosen) ^ {item})
        feasible = sum(weights[i - 1] for i in toggled) <= capacity
        optimal = feasible and sum(values[i - 1] for i in toggled) == best
        assert KNAPSACK.verify(task, answer(toggled or "none")).correct == optimal


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 4))
def test_bin_packing_certificates_and_single_moves(seed: int, level: int) -> None:
    task = BINS.generate(seed, level)
    sizes, capacity, bins = task.data["sizes"], task.data["capacity"], task.data["bins"]
    assert math.ceil(sum(sizes) / capacity) == bins  # the volume bound proves the optimum
    assert BINS.verify(task, answer(BINS.reference_answer(task))).correct
    if len(sizes) <= 8:  # every packing into the optimal number of bins, by enumeration
        for packing in itertools.product(range(1, bins + 1), repeat=len(sizes)):
            loads = [
                sum(s for s, b in zip(sizes, packing, strict=True) if b == k)
                for k in range(1, bins + 1)
            ]
            assert BINS.verify(task, answer(packing)).correct == (max(loads) <= capacity)
    labels = task.data["planted"]
    rng = np.random.default_rng(seed)
    for _ in range(10):
        moved = list(labels)
        moved[int(rng.integers(len(moved)))] = int(rng.integers(1, bins + 2))
        loads = [
            sum(s for s, b in zip(sizes, moved, strict=True) if b == label) for label in set(moved)
        ]
        valid = max(loads) <= capacity and len(set(moved)) == bins
        assert BINS.verify(task, answer(moved)).correct == valid
