"""Blocks world: restack lettered blocks into a goal arrangement with the fewest moves."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import IllegalMove, PlanPuzzle, step_label
from palaestra.generators.search import astar
from palaestra.params import Params
from palaestra.registry import register
from palaestra.verifiers.moves import parse_steps

LETTERS = "ABCDEFGHIJKL"
TABLE = "table"
STEP = re.compile(r"(?:move\s+)?([A-L])\s*(?:onto|on|to|->|→|,)?\s*(?:the\s+)?([A-L]|table)", re.I)
State = tuple[tuple[str, ...], ...]  # stacks bottom to top, sorted


class BlocksParams(Params):
    blocks: int = Field(6, ge=3, le=12, description="number of blocks; more is harder")


def canonical(stacks: list[list[str]]) -> State:
    return tuple(sorted(tuple(stack) for stack in stacks if stack))


def block_moves(state: State) -> list[tuple[str, State, int]]:
    """Every legal move (as "X Y" or "X table"), with its next state and unit cost."""
    moves = []
    for i, stack in enumerate(state):
        block = stack[-1]
        rest = [list(s) for s in state]
        rest[i].pop()
        if len(stack) > 1:
            moves.append((f"{block} {TABLE}", canonical([*rest, [block]]), 1))
        for j, other in enumerate(state):
            if j != i:
                placed = [list(s) for s in rest]
                placed[j].append(block)
                moves.append((f"{block} {other[-1]}", canonical(placed), 1))
    return moves


def misplaced(state: State, goal_below: dict[str, str]) -> int:
    """Blocks not yet in their final place: a block is in place when it stands on what the
    goal puts under it and that is in place (or is the table). Each misplaced block must
    move at least once and a move places at most one block, so this is admissible and
    consistent."""
    count = 0
    for stack in state:
        settled = True
        for level, block in enumerate(stack):
            below = stack[level - 1] if level else TABLE
            settled = settled and goal_below[block] == below
            count += not settled
    return count


@register("puzzles/blocks-world-v1")
class BlocksWorld(PlanPuzzle):
    """Blocks world: move one clear block at a time to turn the start stacks into the goal.

    Task: the classic AI planning domain (Winograd's SHRDLU, 1971; Gupta and Nau showed
    optimal blocks-world planning NP-hard). Lettered blocks stand in stacks on an unlimited
    table; a move takes the top block of a stack and puts it on the table or on top of
    another stack. Instances: random start and goal arrangements (each block placed on the
    table or on a random stack top, in a random order). The optimum comes from A* with the
    count of blocks not yet in their final place (admissible).

    Answer format: moves inside <answer></answer>, one per line or separated by commas, each
    as ``X Y`` (put block X on block Y) or ``X table``.

    Knobs: `blocks` (3..12; more is harder). Levels go from 4 to 10 blocks.

    Verification: by simulation: the moved block must be on top of its stack and the
    destination must be the table or another stack's top block; the final arrangement must
    equal the goal. A shortest plan scores 1.0; a longer valid one scores
    0.5 * optimum / length. `task.meta["cost"]` records the optimum and the A* nodes.

    Versions: v1, first release.
    """

    Params = BlocksParams
    levels = {i: {"blocks": b} for i, b in enumerate((4, 5, 5, 6, 6, 7, 7, 8, 9, 10), 1)}

    def sample(self, rng: np.random.Generator, params: BlocksParams) -> tuple[dict[str, Any], None]:
        names = LETTERS[: params.blocks]
        start = _random_arrangement(rng, names)
        goal = start
        while goal == start:
            goal = _random_arrangement(rng, names)
        below = {
            stack[i]: stack[i - 1] if i else TABLE for stack in goal for i in range(len(stack))
        }
        result = astar(start, block_moves, lambda s: s == goal, lambda s: misplaced(s, below))
        data = {
            "start": [list(s) for s in start],
            "goal": [list(s) for s in goal],
            "plan": result.plan,
            "expanded": result.expanded,
        }
        return data, None

    def cost(self, data: dict[str, Any], params: BlocksParams) -> dict[str, Any]:
        blocks = sum(len(s) for s in data["start"])
        return {
            "optimal_moves": len(data["plan"]),
            "blocks": blocks,
            "astar_expanded": data["expanded"],
        }

    def render(self, data: dict[str, Any], params: BlocksParams) -> str:
        def show(stacks: list[list[str]]) -> str:
            return "\n".join("table, " + ", ".join(stack) for stack in stacks)

        return (
            "Blocks world. Each line lists one stack of blocks from the bottom (on the table) to "
            "the top. A move takes the top block of a stack and puts it either on the table "
            "(starting a new stack) or on top of another stack; there is room for any number of "
            f"stacks.\n\nStart:\n{show(data['start'])}\n\nGoal:\n{show(data['goal'])}\n\n"
            "Reach the goal in as few moves as possible. Give the moves inside "
            "<answer></answer>, separated by commas or one per line, each as `X Y` (put block X "
            "on block Y) or `X table`. Only a shortest solution gets full marks. "
            + format_example("C table, B C, A B")
        )

    def parse_plan(self, data: dict[str, Any], text: str) -> list[str]:
        moves = []
        for match in parse_steps(text, STEP):
            target = match[2].upper() if len(match[2]) == 1 else TABLE
            moves.append(f"{match[1].upper()} {target}")
        return moves

    def replay(self, data: dict[str, Any], moves: list[str]) -> bool:
        state = canonical(data["start"])
        for index, move in enumerate(moves):
            legal = {m: nxt for m, nxt, _ in block_moves(state)}
            if move not in legal:
                block, target = move.split()
                raise IllegalMove(
                    f"{step_label(index)} ({block} onto {target}) needs {block} on top of its "
                    "stack and a clear destination"
                )
            state = legal[move]
        return state == canonical(data["goal"])

    def format_plan(self, data: dict[str, Any], moves: list[str]) -> str:
        return ", ".join(moves)


def _random_arrangement(rng: np.random.Generator, names: str) -> State:
    """Blocks in a random order, each put on the table or on a random stack's top."""
    stacks: list[list[str]] = []
    for index in rng.permutation(len(names)):
        choice = int(rng.integers(len(stacks) + 1))
        if choice == len(stacks):
            stacks.append([names[int(index)]])
        else:
            stacks[choice].append(names[int(index)])
    return canonical(stacks)
