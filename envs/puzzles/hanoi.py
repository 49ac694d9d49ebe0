"""Tower of Hanoi between arbitrary positions: rearrange the disks in the fewest moves."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import IllegalMove, PlanPuzzle, step_label
from palaestra.generators.search import bfs
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


@register("puzzles/hanoi-v1")
class Hanoi(PlanPuzzle):
    """Tower of Hanoi between two random positions: reach the goal in the fewest moves.

    Task: Édouard Lucas' puzzle (1883) generalised to arbitrary start and goal positions:
    disks of sizes 1..n sit on pegs A, B, C, never a larger disk on a smaller one; moving one
    top disk at a time onto an empty peg or a larger disk, turn the start into the goal.
    Instances: every disk on a random peg, for the start and for the goal (they differ).
    Between arbitrary positions the largest disk may have to move twice, so there is no
    simple formula; the optimum comes from breadth-first search over the 3^n positions.

    Answer format: moves inside <answer></answer>, one per line or separated by commas, each
    as ``A->C`` (the top disk of peg A onto peg C).

    Knobs: `disks` (2..10; more is harder). Levels go from 4 to 9 disks.

    Verification: by simulation: each move takes the top disk of a non-empty peg onto an
    empty peg or a larger disk, and the final position is the goal. A shortest plan scores
    1.0; a longer valid one scores 0.5 * optimum / length. `task.meta["cost"]` records the
    optimum, the disks and the BFS nodes expanded.

    Versions: v1, first release.
    """

    Params = HanoiParams
    levels = {i: {"disks": d} for i, d in enumerate((4, 4, 5, 5, 6, 6, 7, 7, 8, 9), 1)}

    def sample(self, rng: np.random.Generator, params: HanoiParams) -> tuple[dict[str, Any], None]:
        start = tuple(int(p) for p in rng.integers(0, 3, size=params.disks))
        goal = start
        while goal == start:
            goal = tuple(int(p) for p in rng.integers(0, 3, size=params.disks))
        result = bfs(start, hanoi_moves, lambda state: state == goal)
        data = {
            "start": list(start),
            "goal": list(goal),
            "plan": result.plan,
            "expanded": result.expanded,
        }
        return data, None

    def cost(self, data: dict[str, Any], params: HanoiParams) -> dict[str, Any]:
        return {
            "optimal_moves": len(data["plan"]),
            "disks": len(data["start"]),
            "bfs_expanded": data["expanded"],
        }

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
