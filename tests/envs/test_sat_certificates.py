"""Certificate tasks of the SAT family: certificates found by an independent route (a
solver on an encoding written here, or enumeration) verify, and single changes are judged
exactly by the rules.

sat/xorsat-v1, sat/circuit-sat-v1, sat/cardinality-v1, sat/exact-cover-v1,
sat/subset-sum-v1, sat/partition-v1, sat/latin-square-v1, sat/nqueens-completion-v1 and
sat/interval-scheduling-v1.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.card import CardEnc, EncType
from pysat.formula import IDPool
from pysat.solvers import Solver

import palaestra as pa
from palaestra.envs.sat._common import block as answer
from palaestra.verifiers.sat import evaluate_circuit
from palaestra.verifiers.sat import format_assignment as signed

XOR = pa.make("sat/xorsat-v1")
CIRCUIT = pa.make("sat/circuit-sat-v1")
CARDINALITY = pa.make("sat/cardinality-v1")
EXACT_COVER = pa.make("sat/exact-cover-v1")
SUBSET_SUM = pa.make("sat/subset-sum-v1")
PARTITION = pa.make("sat/partition-v1")
LATIN = pa.make("sat/latin-square-v1")
QUEENS = pa.make("sat/nqueens-completion-v1")
SCHEDULING = pa.make("sat/interval-scheduling-v1")


def flips(values: list[bool]) -> list[list[bool]]:
    return [[v != (i == j) for i, v in enumerate(values)] for j in range(len(values))]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 4))
def test_xorsat_solutions_by_enumeration(seed: int, level: int) -> None:
    task = XOR.generate(seed, level)
    equations, parities = task.data["equations"], task.data["parities"]

    def solves(values: tuple[bool, ...]) -> bool:
        return all(
            sum(values[v - 1] for v in eq) % 2 == p
            for eq, p in zip(equations, parities, strict=True)
        )

    for values in itertools.product([False, True], repeat=task.data["n_vars"]):
        assert XOR.verify(task, answer(signed(values))).correct == solves(values)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_circuit_inputs_by_enumeration(seed: int, level: int) -> None:
    # evaluate_circuit itself is checked against a separate evaluator and the Tseitin
    # encoding in test_sat_building_blocks.py.
    task = CIRCUIT.generate(seed, level)
    n, gates = task.data["inputs"], task.data["gates"]
    for values in itertools.product([False, True], repeat=n):
        expected = evaluate_circuit(n, gates, list(values))
        assert CIRCUIT.verify(task, answer(signed(values))).correct == expected


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 10))
def test_cardinality_solver_models_verify_and_flips_follow_arithmetic(
    seed: int, level: int
) -> None:
    task = CARDINALITY.generate(seed, level)
    n, constraints = task.data["n_vars"], task.data["constraints"]
    pool = IDPool(start_from=n + 1)
    with Solver(name="glucose4") as solver:
        for c in constraints:  # a sequential-counter encoding, not the env's totalizer
            literals = [lit for coef, lit in c["terms"] for _ in range(coef)]
            encode = {"<=": CardEnc.atmost, ">=": CardEnc.atleast, "=": CardEnc.equals}[c["op"]]
            cnf = encode(literals, bound=c["bound"], vpool=pool, encoding=EncType.seqcounter)
            solver.append_formula(cnf.clauses)
        assert solver.solve()
        true = {lit for lit in solver.get_model() if lit > 0}
    model = [v in true for v in range(1, n + 1)]

    def satisfies(values: list[bool]) -> bool:
        for c in constraints:
            total = sum(coef for coef, lit in c["terms"] if (lit > 0) == values[abs(lit) - 1])
            ok = {"<=": total <= c["bound"], ">=": total >= c["bound"], "=": total == c["bound"]}
            if not ok[c["op"]]:
                return False
        return True

    assert CARDINALITY.verify(task, answer(signed(model))).correct
    for flipped in flips(model):
        assert CARDINALITY.verify(task, answer(signed(flipped))).correct == satisfies(flipped)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 10))
def test_exact_covers_from_a_solver_verify_and_single_changes_fail(seed: int, level: int) -> None:
    task = EXACT_COVER.generate(seed, level)
    sets, universe = task.data["sets"], task.data["universe"]
    covers = []
    with Solver(name="glucose4") as solver:
        pool = IDPool(start_from=len(sets) + 1)
        for e in range(1, universe + 1):
            holders = [i for i, s in enumerate(sets, 1) if e in s]
            cnf = CardEnc.equals(holders, bound=1, vpool=pool, encoding=EncType.seqcounter)
            solver.append_formula(cnf.clauses)
        while len(covers) < 5 and solver.solve():
            chosen = [lit for lit in solver.get_model()[: len(sets)] if lit > 0]
            covers.append(chosen)
            solver.add_clause([-lit for lit in chosen])
    assert covers
    for cover in covers:
        assert EXACT_COVER.verify(task, answer(cover)).correct
        outside = [i for i in range(1, len(sets) + 1) if i not in cover]
        if outside:  # an extra non-empty set always covers some element twice
            assert not EXACT_COVER.verify(task, answer([*cover, outside[0]])).correct
        assert not EXACT_COVER.verify(task, answer(cover[1:] or "none")).correct


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 5))
def test_subset_sums_by_enumeration(seed: int, level: int) -> None:
    task = SUBSET_SUM.generate(seed, level)
    numbers, target = task.data["numbers"], task.data["target"]
    n = len(numbers)
    found = 0
    for size in range(1, n + 1):
        for chosen in itertools.combinations(range(1, n + 1), size):
            if sum(numbers[i - 1] for i in chosen) == target:
                found += 1
                assert SUBSET_SUM.verify(task, answer(chosen)).correct
                for item in range(1, n + 1):  # adding or dropping a positive number misses
                    changed = sorted(set(chosen) ^ {item})
                    assert not SUBSET_SUM.verify(task, answer(changed or "none")).correct
    assert found >= 1


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 3))
def test_partitions_by_enumeration(seed: int, level: int) -> None:
    task = PARTITION.generate(seed, level)
    numbers, q = task.data["numbers"], task.data["groups"]
    share = sum(numbers) // q
    found = 0
    for labels in itertools.product(range(1, q + 1), repeat=len(numbers)):
        sums = [
            sum(x for x, g in zip(numbers, labels, strict=True) if g == k) for k in range(1, q + 1)
        ]
        valid = all(s == share for s in sums)
        found += valid
        if valid or labels[0] == 1:  # judge every split of a half of the space
            assert PARTITION.verify(task, answer(labels)).correct == valid
    assert found >= 1


def latin_completions(puzzle: list[list[int]], limit: int) -> list[list[list[int]]]:
    """Completions from a sequential-counter encoding (exactly one value per cell, and each
    value exactly once per row and per column), written apart from the generator's."""
    n = len(puzzle)
    pool = IDPool()
    cells = list(itertools.product(range(n), repeat=2))
    groups = [[("x", r, c, v) for v in range(n)] for r, c in cells]
    groups += [[("x", r, c, v) for c in range(n)] for r, v in cells]
    groups += [[("x", r, c, v) for r in range(n)] for c, v in cells]
    found = []
    with Solver(name="glucose4") as solver:
        for group in groups:
            ids = [pool.id(key) for key in group]
            solver.append_formula(CardEnc.equals(ids, 1, vpool=pool).clauses)
        clues = [pool.id(("x", r, c, puzzle[r][c] - 1)) for r, c in cells if puzzle[r][c]]
        while len(found) < limit and solver.solve(assumptions=clues):
            chosen = [key for key in map(pool.obj, solver.get_model()) if key and key[0] == "x"]
            grid = [[0] * n for _ in range(n)]
            for _, r, c, v in chosen:
                grid[r][c] = v + 1
            found.append(grid)
            solver.add_clause([-pool.id(key) for key in chosen])
    return found


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 10))
def test_latin_completions_from_a_solver_verify_and_changed_cells_fail(
    seed: int, level: int
) -> None:
    task = LATIN.generate(seed, level)
    puzzle, n = task.data["puzzle"], task.data["size"]
    rng = np.random.default_rng(seed)
    for grid in latin_completions(puzzle, 3):
        text = "\n".join(" ".join(map(str, row)) for row in grid)
        assert LATIN.verify(task, f"<answer>\n{text}\n</answer>").correct
        r, c = int(rng.integers(n)), int(rng.integers(n))
        changed = [list(row) for row in grid]
        changed[r][c] = changed[r][c] % n + 1  # a row now repeats a value
        text = "\n".join(" ".join(map(str, row)) for row in changed)
        assert not LATIN.verify(task, f"<answer>\n{text}\n</answer>").correct


def queen_completions(given: list[int], limit: int) -> list[list[int]]:
    n, found = len(given), []

    def extend(columns: list[int]) -> None:
        if len(found) == limit:
            return
        row = len(columns)
        if row == n:
            found.append(list(columns))
            return
        for col in [given[row]] if given[row] else range(1, n + 1):
            if all(col != c and abs(col - c) != row - r for r, c in enumerate(columns)):
                extend([*columns, col])

    extend([])
    return found


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 6))
def test_queen_completions_by_search_verify_and_moves_follow_the_rules(
    seed: int, level: int
) -> None:
    task = QUEENS.generate(seed, level)
    given_, n = task.data["given"], task.data["n"]
    completions = queen_completions(given_, 3)
    assert completions
    rng = np.random.default_rng(seed)
    for columns in completions:
        assert QUEENS.verify(task, answer(columns)).correct
        row, col = int(rng.integers(n)), int(rng.integers(1, n + 1))
        moved = list(columns)
        moved[row] = col
        safe = all(
            moved[a] != moved[b] and abs(moved[a] - moved[b]) != b - a
            for a, b in itertools.combinations(range(n), 2)
        )
        keeps = all(not g or g == m for g, m in zip(given_, moved, strict=True))
        assert QUEENS.verify(task, answer(moved)).correct == (safe and keeps)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 6))
def test_schedules_from_a_time_indexed_encoding_verify(seed: int, level: int) -> None:
    task = SCHEDULING.generate(seed, level)
    jobs, machines = task.data["jobs"], task.data["machines"]
    horizon = max(d for _, d, _ in jobs)
    pool = IDPool()
    with Solver(name="glucose4") as solver:
        for j, (release, deadline, duration) in enumerate(jobs):
            starts = [pool.id((j, t)) for t in range(release, deadline - duration + 1)]
            solver.append_formula(CardEnc.equals(starts, 1, vpool=pool).clauses)
        for t in range(horizon):
            running = [
                pool.id((j, s))
                for j, (release, deadline, duration) in enumerate(jobs)
                for s in range(max(release, t - duration + 1), min(t, deadline - duration) + 1)
            ]
            if len(running) > machines:
                solver.append_formula(CardEnc.atmost(running, machines, vpool=pool).clauses)
        assert solver.solve()
        true = {lit for lit in solver.get_model() if lit > 0}
    found = [
        next(t for t in range(r, d - p + 1) if pool.id((j, t)) in true)
        for j, (r, d, p) in enumerate(jobs)
    ]

    def feasible(starts: list[int]) -> bool:
        if any(not r <= s <= d - p for (r, d, p), s in zip(jobs, starts, strict=True)):
            return False
        return all(
            sum(s <= t < s + p for (_, _, p), s in zip(jobs, starts, strict=True)) <= machines
            for t in range(horizon)
        )

    assert feasible(found) and SCHEDULING.verify(task, answer(found)).correct
    rng = np.random.default_rng(seed)
    for _ in range(10):
        shifted = list(found)
        shifted[int(rng.integers(len(jobs)))] += int(rng.choice([-2, -1, 1, 2]))
        if min(shifted) >= 0:
            assert SCHEDULING.verify(task, answer(shifted)).correct == feasible(shifted)
