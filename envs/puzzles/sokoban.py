"""Sokoban: push every box onto a goal square in the fewest moves."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import STEPS, IllegalMove, LetterPlan, step_label
from palaestra.generators.grids import Cell, components
from palaestra.generators.search import SearchLimit, bfs
from palaestra.params import Params
from palaestra.registry import register

BUDGET = 150_000  # states one BFS may store before the level is drawn again
MAX_DRAWS = 100  # levels tried before giving up on the requested depth
State = tuple[Cell, tuple[Cell, ...]]  # player, sorted boxes


class SokobanParams(Params):
    rows: int = Field(6, ge=4, le=10, description="inner rows of the room; more is harder")
    cols: int = Field(6, ge=4, le=10, description="inner columns of the room; more is harder")
    boxes: int = Field(2, ge=1, le=4, description="boxes (and goals); more is harder")
    walls: float = Field(0.1, ge=0.0, le=0.3, description="share of inner cells that are walls")
    depth: int = Field(
        10,
        ge=1,
        le=200,
        description="the optimal solution has at least this many moves; more is harder",
    )


def push(floor: set[Cell], state: State, move: str) -> State | None:
    """The state after one move (stepping, or pushing the box ahead), or None if blocked."""
    (r, c), boxes = state
    dr, dc = STEPS[move]
    ahead = (r + dr, c + dc)
    if ahead not in floor:
        return None
    if ahead in boxes:
        beyond = (r + 2 * dr, c + 2 * dc)
        if beyond not in floor or beyond in boxes:
            return None
        boxes = tuple(sorted(beyond if b == ahead else b for b in boxes))
    return ahead, boxes


@register("puzzles/sokoban-v1")
class Sokoban(LetterPlan):
    """Sokoban: walk the warehouse keeper to push all boxes onto goals, in the fewest moves.

    Task: Hiroyuki Imabayashi's Sokoban (1981; PSPACE-complete, Culberson 1997). The keeper
    walks up, down, left or right and pushes a box by walking into it when the square behind
    the box is free; boxes cannot be pulled. Instances: a walled room with random inner
    walls (the floor kept connected); boxes start on their goals and the keeper pulls them
    around at random (the reverse of pushing), so the level is solvable; the optimum in
    moves comes from breadth-first search over (keeper, boxes) and must be at least `depth`
    (levels drawn again otherwise, up to `MAX_DRAWS`; searches over `BUDGET` states are
    dropped too).

    Answer format: the keeper's moves inside <answer></answer> as letters U, D, L, R
    (upper or lower case), together or separated.

    Knobs: `rows`, `cols`, `boxes`, `walls` and `depth`. Levels go from one box in a 4x4
    room to two boxes in a 9x9 room (three boxes at level 8).

    Verification: by simulation: no move into a wall or pushing a box into a wall or another
    box; all boxes on goals at the end. A shortest solution scores 1.0; a longer one scores
    0.5 * optimum / length. `task.meta["cost"]` records the optimum, the BFS nodes and the
    draws.

    Versions: v1, first release.
    """

    Params = SokobanParams
    levels = {
        1: {"rows": 4, "cols": 4, "boxes": 1, "depth": 3},
        2: {"rows": 5, "cols": 5, "boxes": 1, "depth": 5},
        3: {"rows": 5, "cols": 5, "boxes": 2, "depth": 8},
        4: {"rows": 6, "cols": 6, "boxes": 2, "depth": 10},
        5: {"rows": 6, "cols": 6, "boxes": 2, "depth": 12},
        6: {"rows": 7, "cols": 7, "boxes": 2, "depth": 14},
        7: {"rows": 7, "cols": 7, "boxes": 2, "depth": 16},
        8: {"rows": 6, "cols": 6, "boxes": 3, "depth": 18},
        9: {"rows": 8, "cols": 8, "boxes": 2, "depth": 20},
        10: {"rows": 9, "cols": 9, "boxes": 2, "depth": 22},
    }

    def sample(
        self, rng: np.random.Generator, params: SokobanParams
    ) -> tuple[dict[str, Any], None]:
        for draw in range(1, MAX_DRAWS + 1):
            floor = _room(rng, params.rows, params.cols, params.walls)
            cells = sorted(floor)
            picks = rng.choice(len(cells), params.boxes + 1, replace=False)
            goals = tuple(sorted(cells[int(i)] for i in picks[:-1]))
            state: State = (cells[int(picks[-1])], goals)
            for _ in range(10 * params.depth):
                state = _pull_at_random(rng, floor, state)
            if state[1] == goals:
                continue
            try:
                result = _solve(floor, state, goals)
            except SearchLimit:
                continue
            if result.plan is not None and len(result.plan) >= params.depth:
                data = {
                    "rows": params.rows + 2,
                    "cols": params.cols + 2,
                    "floor": [list(c) for c in cells],
                    "goals": [list(g) for g in goals],
                    "player": list(state[0]),
                    "boxes": [list(b) for b in state[1]],
                    "plan": result.plan,
                    "expanded": result.expanded,
                    "draws": draw,
                }
                return data, None
        raise ValueError("no level reached the requested depth; lower depth or add room")

    def cost(self, data: dict[str, Any], params: SokobanParams) -> dict[str, Any]:
        return {
            "optimal_moves": len(data["plan"]),
            "bfs_expanded": data["expanded"],
            "draws": data["draws"],
        }

    def render(self, data: dict[str, Any], params: SokobanParams) -> str:
        floor = {tuple(c) for c in data["floor"]}
        goals = {tuple(g) for g in data["goals"]}
        boxes = {tuple(b) for b in data["boxes"]}
        player = tuple(data["player"])
        rows = []
        for r in range(data["rows"]):
            row = ""
            for c in range(data["cols"]):
                cell = (r, c)
                if cell not in floor:
                    row += "#"
                elif cell == player:
                    row += "+" if cell in goals else "@"
                elif cell in boxes:
                    row += "*" if cell in goals else "$"
                else:
                    row += "." if cell in goals else "-"
            rows.append(row)
        return (
            "Solve this Sokoban level in as few moves as possible. `#` wall, `-` floor, `@` you, "
            "`$` box, `.` goal, `*` box on a goal, `+` you on a goal. You move one square up (U), "
            "down (D), left (L) or right (R); walking into a box pushes it one square if the "
            "square behind it is free floor or goal. Boxes cannot be pulled. Put every box on a "
            "goal.\n\n" + "\n".join(rows) + "\n\n"
            "Give your moves inside <answer></answer> as a string of the letters U, D, L and R. "
            "Only a shortest solution gets full marks. " + format_example("RRDLU")
        )

    def replay(self, data: dict[str, Any], moves: list[str]) -> bool:
        floor = {tuple(c) for c in data["floor"]}
        state: State | None = (
            tuple(data["player"]),
            tuple(sorted(tuple(b) for b in data["boxes"])),
        )
        for index, move in enumerate(moves):
            state = push(floor, state, move)  # type: ignore[arg-type]
            if state is None:
                raise IllegalMove(
                    f"{step_label(index)} ({move}) walks into a wall or pushes a stuck box"
                )
        return sorted(state[1]) == sorted(tuple(g) for g in data["goals"])  # type: ignore[index]


def _solve(floor: set[Cell], start: State, goals: tuple[Cell, ...]) -> Any:
    """BFS from `start` until every box is on a goal (SearchLimit past `BUDGET` states)."""
    return bfs(start, lambda s: _moves(floor, s), lambda s: s[1] == goals, BUDGET)


def _moves(floor: set[Cell], state: State) -> list[tuple[str, State]]:
    return [(m, nxt) for m in STEPS if (nxt := push(floor, state, m)) is not None]


def _room(rng: np.random.Generator, rows: int, cols: int, walls: float) -> set[Cell]:
    """Floor cells of a rows x cols room (inside a wall border, so shifted by one) with
    random inner walls that keep the floor connected."""
    floor = {(r + 1, c + 1) for r in range(rows) for c in range(cols)}
    for index in rng.permutation(rows * cols)[: int(walls * rows * cols)]:
        cell = (int(index) // cols + 1, int(index) % cols + 1)
        if len(components(floor - {cell})) == 1:
            floor.discard(cell)
    return floor


def _pull_at_random(rng: np.random.Generator, floor: set[Cell], state: State) -> State:
    """One random reverse move: the keeper steps, pulling a box behind him when he steps
    away from it and chooses to (the inverse of a push)."""
    (r, c), boxes = state
    options: list[State] = []
    for dr, dc in STEPS.values():
        to = (r + dr, c + dc)
        if to not in floor or to in boxes:
            continue
        options.append((to, boxes))
        behind = (r - dr, c - dc)
        if behind in boxes:
            moved = tuple(sorted((r, c) if b == behind else b for b in boxes))
            options += [(to, moved)] * 3  # pulls are favoured over plain steps
    return options[int(rng.integers(len(options)))] if options else state
