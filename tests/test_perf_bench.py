"""The throughput benchmark runs end to end, and the sped-up generators stayed exact.

No wall-clock assertions: speed is measured by `benchmarks/perf`, not by tests.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from pathlib import Path

import numpy as np
import pytest

import palaestra as pa


# ------------------------------------------------------------------ the benchmark (smoke)
def test_benchmark_runs_on_three_items(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pytest.importorskip("reasoning_gym")
    from palaestra.benchmarks.perf.bench import PAIRS, main

    out = tmp_path / "raw.json"
    main(
        [
            "--n", "3", "--min-time", "0", "--skip-import", "--only", "4x4", "knights",
            "--json", str(out),
        ]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert "geometric mean of ratios" in printed
    raw = json.loads(out.read_text())
    assert [p["name"] for p in raw["pairs"]] == ["sudoku 4x4", "knights and knaves"]
    for pair in raw["pairs"]:
        assert pair["pa_gen"] > 0 and pair["rg_gen"] > 0
        assert pair["pa_correct"] == 1.0  # every palaestra reference answer verifies
    assert all(v[w]["batch_equals_single"] for v in raw["verify"] for w in ("mixed", "rollouts"))
    assert len(PAIRS) >= 15


def test_pairs_name_registered_envs_and_valid_knobs() -> None:
    from palaestra.benchmarks.perf.bench import PAIRS

    for pair in PAIRS:
        env = pa.make(pair.env_id)
        env.resolve_params(None, **pair.knobs)  # raises ConfigError on a bad knob
        assert pair.why


# ------------------------------------------------------------------ exactness of speed-ups
def _hanoi_distances(start: tuple[int, ...]) -> dict[tuple[int, ...], int]:
    from palaestra.envs.puzzles.hanoi import hanoi_moves

    distance = {start: 0}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for _, nxt in hanoi_moves(state):
            if nxt not in distance:
                distance[nxt] = distance[state] + 1
                queue.append(nxt)
    return distance


def test_hanoi_closed_form_is_optimal_for_every_pair_of_positions() -> None:
    from palaestra.envs.puzzles.hanoi import PEGS, hanoi_moves, optimal_plan

    for n in range(1, 5):
        for start in itertools.product(range(3), repeat=n):
            distance = _hanoi_distances(start)
            for goal in itertools.product(range(3), repeat=n):
                plan = optimal_plan(start, goal)
                state = start
                for source, dest in plan:
                    state = dict(hanoi_moves(state))[PEGS[source] + PEGS[dest]]
                assert state == goal and len(plan) == distance[goal], (start, goal)


def test_hanoi_tasks_have_bfs_optimal_plans() -> None:
    env = pa.make("puzzles/hanoi-v1")
    for seed in range(20):
        task = env.generate(seed, disks=6)
        distance = _hanoi_distances(tuple(task.data["start"]))
        assert len(task.data["plan"]) == distance[tuple(task.data["goal"])]


def test_maze_plans_are_shortest() -> None:
    from palaestra.envs.puzzles._plans import STEPS
    from palaestra.generators.search import bfs

    env = pa.make("puzzles/maze-v1")
    for seed in range(10):
        task = env.generate(seed, 5)
        grid, goal = task.data["grid"], tuple(task.data["goal"])

        def moves(cell: tuple[int, int], grid: list[str] = grid) -> list:
            r, c = cell
            return [
                (m, (r + dr, c + dc))
                for m, (dr, dc) in STEPS.items()
                if grid[r + dr][c + dc] != "#"
            ]

        result = bfs(tuple(task.data["start"]), moves, lambda cell, goal=goal: cell == goal)
        assert len(task.data["plan"]) == len(result.plan)
        assert env.verify(task, env.solve(task)).correct


def test_random_queens_are_solutions_and_small_boards_are_enumerated() -> None:
    from palaestra.generators.cnf import all_queens, random_queens
    from palaestra.verifiers.certificates import queens_conflict

    assert [len(all_queens(n)) for n in range(4, 11)] == [2, 10, 4, 40, 92, 352, 724]
    rng = np.random.default_rng(0)
    for n in (4, 5, 8, 11, 16, 30):
        for _ in range(5):
            columns = random_queens(rng, n)
            assert sorted(columns) == list(range(1, n + 1))
            assert queens_conflict(columns) is None


def test_reduced_queens_encoding_has_the_same_completions() -> None:
    from pysat.solvers import Solver

    from palaestra.generators.cnf import all_queens, queens_completion_clauses

    n = 6
    solutions = all_queens(n)
    rng = np.random.default_rng(1)
    for _ in range(10):
        solution = solutions[int(rng.integers(len(solutions)))]
        free = set(rng.choice(n, 3, replace=False).tolist())
        given = [0 if r in free else c for r, c in enumerate(solution)]
        expected = {s for s in solutions if all(g in (0, c) for g, c in zip(given, s, strict=True))}
        clauses = queens_completion_clauses(n, given)
        used = {abs(lit) for clause in clauses for lit in clause}
        found = set()
        with Solver(name="minisat22", bootstrap_with=clauses) as sat:
            while sat.solve():  # enumerate models projected on the formula's own variables
                model = [lit for lit in sat.get_model() if abs(lit) in used]
                columns = list(given)
                for lit in model:
                    if lit > 0:
                        columns[(lit - 1) // n] = (lit - 1) % n + 1
                found.add(tuple(columns))
                sat.add_clause([-lit for lit in model])
        assert found == expected


def test_quadratic_formula_matches_sympy_solve() -> None:
    sympy = pytest.importorskip("sympy")
    from palaestra.envs.math.quadratic import exact_roots

    x = sympy.Symbol("x")
    rng = np.random.default_rng(2)
    for _ in range(40):
        a = int(rng.choice([v for v in range(-30, 31) if v]))
        b, c = (int(v) for v in rng.integers(-60, 61, size=2))
        assert sympy.FiniteSet(*exact_roots(a, b, c)) == sympy.FiniteSet(
            *sympy.solve(a * x**2 + b * x + c, x)
        )


def test_params_cache_keeps_bool_and_int_apart() -> None:
    from palaestra.errors import ConfigError

    env = pa.make("math/arithmetic-v1")
    env.generate(0, 1)
    with pytest.raises(ConfigError):
        env.generate(0, True)  # True == 1 in Python; it must not hit the cached level 1
    first = env.generate(3, operators=3)
    first.params["operators"] = 99  # callers may mutate their copy ...
    assert env.generate(3, operators=3).params["operators"] == 3  # ... not the cache
