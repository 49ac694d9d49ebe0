"""Tower of Hanoi between arbitrary positions: rearrange the disks in the fewest moves."""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import IllegalMove, PlanPuzzle, step_label
from palaestra.params import Params
from palaestra.registry import register
from palaestra.verifiers.moves import parse_steps

PEGS = "ABC"
MOVE = re.compile(r"([ABC])\s*(?:->|→|-|to|,|\s)?\s*([ABC])", re.I)


class HanoiParams(Params):
    disks: int = Field(5, ge=2, le=10, description="number of disks; more is harder")


def hanoi_moves(state: tuple[int, ...]) -> list[tuple[str, tuple[int, ...]]]:
    """The legal moves from `state` (state[k] is the peg of disk k, 0 smallest), as
    ("AC"-style move, next state), in a fixed order."""
    tops = [min((k for k, p in enumerate(state) if p == peg), default=None) for peg in range(3)]
    moves = []
    for source in range(3):
        disk = tops[source]
        if disk is None:
            continue
        for dest in range(3):
            if dest != source and (tops[dest] is None or tops[dest] > disk):
                nxt = list(state)
                nxt[disk] = dest
                moves.append((PEGS[source] + PEGS[dest], tuple(nxt)))
    return moves


Plan = list[tuple[int, int]]


def _tower(m: int, source: int, dest: int, out: Plan) -> None:
    """Appends the 2^m - 1 moves that carry a tower of disks 0..m-1 from `source` to `dest`."""
    out += _tower_moves(m, source, dest)


@functools.cache
def _tower_moves(m: int, source: int, dest: int) -> tuple[tuple[int, int], ...]:
    if m == 0:
        return ()
    spare = 3 - source - dest
    return (*_tower_moves(m - 1, source, spare), (source, dest), *_tower_moves(m - 1, spare, dest))


def _gather(position: tuple[int, ...], m: int, peg: int, out: Plan) -> None:
    """Appends the fewest moves that stack disks 0..m-1, placed as in `position`, into a tower
    on `peg`: the largest misplaced disk goes straight to `peg` once the smaller disks wait on
    the third peg (the classic greedy, optimal for three pegs)."""
    for k in range(m - 1, -1, -1):
        if position[k] != peg:
            spare = 3 - position[k] - peg
            _gather(position, k, spare, out)
            out.append((position[k], peg))
            _tower(k, spare, peg, out)
            return


def _gather_length(position: tuple[int, ...], m: int, peg: int) -> int:
    length = 0
    for k in range(m - 1, -1, -1):
        if position[k] != peg:
            length += 1 << k
            peg = 3 - position[k] - peg
    return length


def _undo(plan: Plan) -> Plan:
    return [(dest, source) for source, dest in reversed(plan)]


def _digits(number: int, n: int) -> tuple[int, ...]:
    """The n base-3 digits of `number`, least significant first: a position of n disks."""
    out = []
    for _ in range(n):
        number, digit = divmod(number, 3)
        out.append(digit)
    return tuple(out)


def optimal_plan(start: tuple[int, ...], goal: tuple[int, ...]) -> Plan:
    """A shortest move sequence between two positions of three-peg Hanoi, as (from, to) pegs.

    Hinz (1989), "The Tower of Hanoi", Enseign. Math. 35: a disk on the same peg at start and
    goal never has to move, and the largest disk that differs moves either once (the smaller
    disks wait in a tower on the third peg) or twice (they wait on its goal peg, move over to
    its start peg, then build the goal); the shorter of the two is optimal, ties going to
    the single move. Lengths are compared in closed form before any move is listed.
    `tests/envs/test_puzzles_plans.py` checks the lengths against breadth-first search.
    """
    m = len(start)
    while m and start[m - 1] == goal[m - 1]:
        m -= 1
    if m == 0:
        return []
    k = m - 1
    source, dest = start[k], goal[k]
    spare = 3 - source - dest
    once = _gather_length(start, k, spare) + 1 + _gather_length(goal, k, spare)
    twice = (
        _gather_length(start, k, dest) + 1 + ((1 << k) - 1) + 1 + _gather_length(goal, k, source)
    )
    plan: Plan = []
    if once <= twice:
        _gather(start, k, spare, plan)
        plan.append((source, dest))
        back: Plan = []
        _gather(goal, k, spare, back)
        plan += _undo(back)
    else:
        _gather(start, k, dest, plan)
        plan.append((source, spare))
        _tower(k, dest, source, plan)
        plan.append((spare, dest))
        back = []
        _gather(goal, k, source, back)
        plan += _undo(back)
    return plan


@register("puzzles/hanoi-v1")
class Hanoi(PlanPuzzle):
    """Tower of Hanoi between two random positions: reach the goal in the fewest moves.

    Task: Édouard Lucas' puzzle (1883) generalised to arbitrary start and goal positions:
    disks of sizes 1..n sit on pegs A, B, C, never a larger disk on a smaller one; moving one
    top disk at a time onto an empty peg or a larger disk, turn the start into the goal.
    Instances: every disk on a random peg, for the start and for the goal (they differ).
    Between arbitrary positions the largest disk may have to move twice; the optimum comes
    from Hinz's characterisation (see `optimal_plan`), which the tests check against
    breadth-first search over the 3^n positions.

    Answer format: moves inside <answer></answer>, one per line or separated by commas, each
    as ``A->C`` (the top disk of peg A onto peg C).

    Knobs: `disks` (2..10; more is harder). Levels go from 4 to 9 disks.

    Verification: by simulation: each move takes the top disk of a non-empty peg onto an
    empty peg or a larger disk, and the final position is the goal. A shortest plan scores
    1.0; a longer valid one scores 0.5 * optimum / length. `task.meta["cost"]` records the
    optimum and the disks.

    Versions: v1, first release. The optimal plan now comes from Hinz's closed form instead of
    breadth-first search (same optimum, sometimes another optimal plan; no BFS node count in
    ``meta["cost"]``).
    """

    Params = HanoiParams
    levels = {i: {"disks": d} for i, d in enumerate((4, 4, 5, 5, 6, 6, 7, 7, 8, 9), 1)}

    def sample(self, rng: np.random.Generator, params: HanoiParams) -> tuple[dict[str, Any], None]:
        n = params.disks
        # one draw picks the (start, goal) pair uniformly among the pairs that differ
        pick, step = divmod(int(rng.integers(3**n * (3**n - 1))), 3**n - 1)
        start = _digits(pick, n)
        goal = _digits((pick + 1 + step) % 3**n, n)
        plan = [PEGS[a] + PEGS[b] for a, b in optimal_plan(start, goal)]
        data = {"start": list(start), "goal": list(goal), "plan": plan}
        return data, None

    def cost(self, data: dict[str, Any], params: HanoiParams) -> dict[str, Any]:
        return {"optimal_moves": len(data["plan"]), "disks": len(data["start"])}

    def render(self, data: dict[str, Any], params: HanoiParams) -> str:
        n = len(data["start"])

        def stacks(position: list[int]) -> str:
            lines = []
            for peg in range(3):
                disks = [str(k + 1) for k in range(n - 1, -1, -1) if position[k] == peg]
                lines.append(f"{PEGS[peg]}: {' '.join(disks) if disks else '(empty)'}")
            return "\n".join(lines)

        return (
            f"Tower of Hanoi with {n} disks, sizes 1 (smallest) to {n} (largest), on pegs A, B "
            "and C. A move takes the top disk of one peg and puts it on another peg that is "
            "empty or whose top disk is larger. Each line lists a peg's disks from bottom to "
            f"top.\n\nStart:\n{stacks(data['start'])}\n\nGoal:\n{stacks(data['goal'])}\n\n"
            "Reach the goal in as few moves as possible. Give the moves inside "
            "<answer></answer>, separated by commas or one per line, each written as `X->Y` "
            "(the top disk of peg X onto peg Y). Only a shortest solution gets full marks. "
            + format_example("A->B, A->C, B->C")
        )

    def parse_plan(self, data: dict[str, Any], text: str) -> list[str]:
        return [f"{m[1].upper()}{m[2].upper()}" for m in parse_steps(text, MOVE)]

    def replay(self, data: dict[str, Any], moves: list[str]) -> bool:
        state = tuple(data["start"])
        for index, move in enumerate(moves):
            legal = dict(hanoi_moves(state))
            if move not in legal:
                raise IllegalMove(
                    f"{step_label(index)} ({move[0]}->{move[1]}) moves from an empty peg, to "
                    "the same peg or onto a smaller disk"
                )
            state = legal[move]
        return list(state) == data["goal"]

    def format_plan(self, data: dict[str, Any], moves: list[str]) -> str:
        return ", ".join(f"{m[0]}->{m[1]}" for m in moves)
