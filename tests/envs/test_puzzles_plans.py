"""Planning puzzles: the optimum is a true optimum, longer plans get partial credit, and
rule-breaking moves are named."""

from __future__ import annotations

import itertools

import pytest

import palaestra as pa
from palaestra.envs.puzzles.blocks_world import block_moves, canonical
from palaestra.envs.puzzles.hanoi import hanoi_moves
from palaestra.envs.puzzles.lights_out import fewest_presses, toggles
from palaestra.envs.puzzles.pancake import flip
from palaestra.envs.puzzles.water_jugs import jug_moves
from palaestra.generators.search import bfs

PLANNERS = [
    "puzzles/maze-v1",
    "puzzles/sliding-puzzle-v1",
    "puzzles/hanoi-v1",
    "puzzles/water-jugs-v1",
    "puzzles/river-crossing-v1",
    "puzzles/pancake-v1",
    "puzzles/blocks-world-v1",
    "puzzles/sokoban-v1",
]


def block(text: str) -> str:
    return f"<answer>{text}</answer>"


@pytest.mark.parametrize("env_id", PLANNERS)
def test_a_detour_scores_partial_credit_and_a_cut_plan_fails(env_id: str) -> None:
    env = pa.make(env_id)
    task = env.generate(2, 3)
    plan = task.data["plan"]
    assert env.verify(task, env.solve(task)).correct
    short = env.verify(task, block(env.format_plan(task.data, plan[:-1])))
    assert (short.score, short.reason) == (0.0, "wrong")
    # Replaying the plan twice over the goal is not possible in general, so a detour is
    # built by trying each move and its undo at the start.
    for longer in _longer_plans(env, task):
        verdict = env.verify(task, block(env.format_plan(task.data, longer)))
        if verdict.reason == "partial":
            assert verdict.score == pytest.approx(0.5 * len(plan) / len(longer))
            return
    pytest.fail(f"{env_id}: no detour earned partial credit")


def _longer_plans(env, task):  # type: ignore[no-untyped-def]
    """Valid plans longer than the optimum: a move and its undo, then the optimal plan (for
    water jugs, whose moves cannot be undone: any first move, then a shortest finish)."""
    plan = task.data["plan"]
    if env.id == "puzzles/water-jugs-v1":
        capacities, target = tuple(task.data["capacities"]), task.data["target"]
        moves = jug_moves(capacities)
        plans = []
        for move, state in moves(tuple(task.data["start"])):
            rest = bfs(state, moves, lambda s, t=target: t in s).plan
            if rest is not None:
                plans.append([move, *rest])
        return plans
    return [detour + plan for detour in _detours(env, task)]


def _detours(env, task):  # type: ignore[no-untyped-def]
    inverse = {"U": "D", "D": "U", "L": "R", "R": "L"}
    if env.id in ("puzzles/maze-v1", "puzzles/sliding-puzzle-v1", "puzzles/sokoban-v1"):
        return [[m, inverse[m]] for m in "UDLR"]
    if env.id == "puzzles/hanoi-v1":
        return [[a + b, b + a] for a, b in itertools.permutations("ABC", 2)]
    if env.id == "puzzles/pancake-v1":
        return [[k, k] for k in range(2, len(task.data["stack"]) + 1)]
    if env.id == "puzzles/river-crossing-v1":  # the first crossing, undone, then made again
        return [[task.data["plan"][0], task.data["plan"][0]]]
    return [[f"{s[-1]} table", f"{s[-1]} {s[-2]}"] for s in task.data["start"] if len(s) > 1]


def test_illegal_moves_are_named() -> None:
    env = pa.make("puzzles/hanoi-v1")
    task = env.generate(0, 3)
    empty = next(p for p in "ABC" if all("ABC"[q] != p for q in task.data["start"]))
    verdict = env.verify(task, block(f"{empty}->A, {empty}->B"))
    assert verdict.reason == "wrong" and "move 1" in verdict.feedback


def test_hanoi_optimum_matches_the_classic_formula() -> None:
    for n in range(1, 7):
        result = bfs((0,) * n, hanoi_moves, lambda s, n=n: s == (2,) * n)
        assert len(result.plan) == 2**n - 1


def test_pancake_astar_matches_bfs() -> None:
    env = pa.make("puzzles/pancake-v1")
    for seed in range(5):
        task = env.generate(seed, pancakes=6)
        stack = tuple(task.data["stack"])
        result = bfs(
            stack, lambda s: [(k, flip(s, k)) for k in range(2, 7)], lambda s: list(s) == sorted(s)
        )
        assert len(result.plan) == len(task.data["plan"])


def test_blocks_world_astar_matches_bfs() -> None:
    env = pa.make("puzzles/blocks-world-v1")
    for seed in range(5):
        task = env.generate(seed, blocks=5)
        goal = canonical(task.data["goal"])
        result = bfs(
            canonical(task.data["start"]),
            lambda s: [(m, t) for m, t, _ in block_moves(s)],
            lambda s, g=goal: s == g,
        )
        assert len(result.plan) == len(task.data["plan"])


def test_lights_out_fewest_presses_match_brute_force() -> None:
    masks = toggles(3)
    best: dict[int, int] = {}
    for combo in range(1 << 9):
        lights = 0
        for i in range(9):
            if combo >> i & 1:
                lights ^= masks[i]
        best[lights] = min(best.get(lights, 99), bin(combo).count("1"))
    for lights, fewest in best.items():
        assert len(fewest_presses(3, lights)[0]) == fewest


def test_lights_out_refuses_a_repeated_press() -> None:
    env = pa.make("puzzles/lights-out-v1")
    task = env.generate(1, 1)
    n = task.data["size"]
    presses = [divmod(p, n) for p in task.data["presses"]]
    doubled = " ".join(f"({r + 1},{c + 1})" for r, c in presses + presses[:1])
    verdict = env.verify(task, block(doubled))
    assert verdict.reason == "wrong" and "more than once" in verdict.feedback


def test_peg_solitaire_accepts_any_winning_sequence() -> None:
    env = pa.make("puzzles/peg-solitaire-v1")
    task = env.generate(5, 4)
    assert env.verify(task, env.solve(task)).correct
    verdict = env.verify(task, block("(1,1)->(1,2)"))
    assert verdict.reason == "wrong"
