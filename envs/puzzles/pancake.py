"""Pancake sorting: sort a stack by flipping its top k pancakes, in the fewest flips."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import IllegalMove, PlanPuzzle, step_label
from palaestra.generators.search import astar
from palaestra.params import Params
from palaestra.registry import register
from palaestra.verifiers.parsing import parse_int_list

Stack = tuple[int, ...]


class PancakeParams(Params):
    pancakes: int = Field(8, ge=3, le=16, description="pancakes in the stack; more is harder")


def flip(stack: Stack, k: int) -> Stack:
    """The stack with its top k pancakes (stack[0] is the top) turned over."""
    return stack[:k][::-1] + stack[k:]


def gaps(stack: Stack) -> int:
    """Helmert's gap heuristic: neighbouring pancakes (the plate counts as size n + 1 under
    the bottom) whose sizes differ by more than one. A flip changes at most one such pair,
    so it never overestimates."""
    below = (*stack[1:], len(stack) + 1)
    return sum(1 for a, b in zip(stack, below, strict=True) if abs(a - b) > 1)


@register("puzzles/pancake-v1")
class Pancake(PlanPuzzle):
    """Pancake sorting: put the stack in order, smallest on top, by prefix flips, fewest flips.

    Task: the pancake problem (Jacob E. Goodman, 1975; studied by Gates and Papadimitriou). A
    stack of pancakes of sizes 1..n is out of order; a flip inserts the spatula below the k-th
    pancake from the top and turns the top k over. Instances: a uniformly random unsorted stack.
    The fewest flips come from A* with the gap heuristic (admissible).

    Answer format: the flips inside <answer></answer> as numbers k (2..n), in order, separated
    by spaces or commas, e.g. ``4 2 3``.

    Knobs: `pancakes` (3..16; more is harder). Levels go from 7 to 15 pancakes (16 take up to a
    second or so to solve).

    Verification: by simulation: each k between 2 and n, the stack sorted at the end. The fewest
    flips score 1.0; a longer valid sequence scores 0.5 * optimum / length. `task.meta["cost"]`
    records the optimum, the pancakes and the A* nodes expanded.

    Versions: v1, first release.
    """

    Params = PancakeParams
    levels = {i: {"pancakes": p} for i, p in enumerate((7, 8, 9, 10, 11, 12, 13, 14, 14, 15), 1)}
    difficulty_cost = "pancakes"

    def sample(
        self, rng: np.random.Generator, params: PancakeParams
    ) -> tuple[dict[str, Any], None]:
        n = params.pancakes
        goal: Stack = tuple(range(1, n + 1))
        stack = goal
        while stack == goal:
            stack = tuple(int(v) + 1 for v in rng.permutation(n))
        result = astar(
            stack,
            lambda s: [(k, flip(s, k), 1) for k in range(2, n + 1)],
            lambda s: s == goal,
            gaps,
        )
        return {"stack": list(stack), "plan": result.plan, "expanded": result.expanded}, None

    def cost(self, data: dict[str, Any], params: PancakeParams) -> dict[str, Any]:
        return {
            "optimal_moves": len(data["plan"]),
            "pancakes": len(data["stack"]),
            "astar_expanded": data["expanded"],
        }

    def render(self, data: dict[str, Any], params: PancakeParams) -> str:
        n = len(data["stack"])
        stack = ", ".join(map(str, data["stack"]))
        return (
            f"A stack of {n} pancakes of sizes 1 to {n}, listed from top to bottom: {stack}. A "
            "flip k puts the spatula under the k-th pancake from the top and turns the top k "
            "pancakes over (their order reverses). Sort the stack so that the sizes read 1 to "
            f"{n} from top to bottom, using as few flips as possible.\n\n"
            "Give the flips inside <answer></answer> as numbers k, in order, separated by "
            "spaces. Only a shortest solution gets full marks. " + format_example("4 2 3")
        )

    def parse_plan(self, data: dict[str, Any], text: str) -> list[int]:
        return parse_int_list(text, what="flip size")

    def replay(self, data: dict[str, Any], moves: list[int]) -> bool:
        stack = tuple(data["stack"])
        for index, k in enumerate(moves):
            if not 2 <= k <= len(stack):
                raise IllegalMove(f"{step_label(index)} flips {k} pancakes; use 2..{len(stack)}")
            stack = flip(stack, k)
        return list(stack) == sorted(stack)

    def format_plan(self, data: dict[str, Any], moves: list[int]) -> str:
        return " ".join(map(str, moves))
