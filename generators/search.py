"""Exact search over hashable states: BFS, A* and distance layers, with node counts.

A problem is a start state and a `successors(state)` function yielding ``(move, next_state)``
pairs (``(move, next_state, cost)`` for A*); states must be hashable and moves JSON-ready.
Expansion follows the order `successors` yields, so results are deterministic. Every search
takes a node budget and raises `SearchLimit` rather than running away; the counts it
returns (`expanded`, `generated`) are the effort measures planning envs report.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

S = TypeVar("S", bound=Hashable)
M = Any
DEFAULT_BUDGET = 2_000_000


class SearchLimit(RuntimeError):
    """The search used its node budget without an answer."""


@dataclass
class SearchResult(Generic[S]):
    """An optimal plan (None when the goal is unreachable) and the effort spent on it."""

    plan: list[M] | None
    cost: float | None
    expanded: int
    generated: int
    states: list[S] = field(default_factory=list)  # the states along the plan, start first


def bfs(
    start: S,
    successors: Callable[[S], Iterable[tuple[M, S]]],
    is_goal: Callable[[S], bool],
    budget: int = DEFAULT_BUDGET,
) -> SearchResult[S]:
    """A shortest plan (fewest moves) from `start` to a goal state, by breadth-first search."""
    parent: dict[S, tuple[S, M] | None] = {start: None}
    queue = deque([start])
    expanded = 0
    while queue:
        state = queue.popleft()
        if is_goal(state):
            plan, states = _unwind(parent, state)
            return SearchResult(plan, len(plan), expanded, len(parent), states)
        expanded += 1
        if expanded > budget:
            raise SearchLimit(f"BFS expanded more than {budget} states")
        for move, nxt in successors(state):
            if nxt not in parent:
                parent[nxt] = (state, move)
                queue.append(nxt)
    return SearchResult(None, None, expanded, len(parent))


def astar(
    start: S,
    successors: Callable[[S], Iterable[tuple[M, S, float]]],
    is_goal: Callable[[S], bool],
    heuristic: Callable[[S], float],
    budget: int = DEFAULT_BUDGET,
) -> SearchResult[S]:
    """A cheapest plan by A*; optimal when `heuristic` is admissible and consistent."""
    tie = itertools.count()
    best: dict[S, float] = {start: 0}
    parent: dict[S, tuple[S, M] | None] = {start: None}
    frontier = [(heuristic(start), 0.0, next(tie), start)]
    expanded = 0
    closed: set[S] = set()
    while frontier:
        _, cost, _, state = heapq.heappop(frontier)
        if state in closed:
            continue
        if is_goal(state):
            plan, states = _unwind(parent, state)
            return SearchResult(plan, cost, expanded, len(best), states)
        closed.add(state)
        expanded += 1
        if expanded > budget:
            raise SearchLimit(f"A* expanded more than {budget} states")
        for move, nxt, step in successors(state):
            new = cost + step
            if nxt not in best or new < best[nxt]:
                best[nxt] = new
                parent[nxt] = (state, move)
                heapq.heappush(frontier, (new + heuristic(nxt), new, next(tie), nxt))
    return SearchResult(None, None, expanded, len(best))


def bidirectional_bfs(
    start: S,
    goal: S,
    successors: Callable[[S], Iterable[tuple[M, S]]],
    inverse: Callable[[M], M],
    budget: int = DEFAULT_BUDGET,
) -> SearchResult[S]:
    """A shortest plan from `start` to the single state `goal` where every move can be
    undone (`inverse(move)` undoes `move`), by breadth-first search from both ends.

    The smaller frontier grows by one whole layer at a time. Before a layer, the searches
    have not met, so the distance exceeds the sum of their depths; a state the new layer
    shares with the other side therefore closes a path of exactly that sum plus one, the
    optimum. It explores about twice the square root of what one-sided BFS would.
    """
    if start == goal:
        return SearchResult([], 0, 0, 1, [start])
    sides = [{start: None}, {goal: None}]  # state -> (previous state, move) on each side
    frontiers = [[start], [goal]]
    expanded = 0
    while frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs = sides[side], sides[1 - side]
        layer = []
        for state in frontiers[side]:
            expanded += 1
            for move, nxt in successors(state):
                if nxt in mine:
                    continue
                mine[nxt] = (state, move)
                layer.append(nxt)
                if nxt in theirs:
                    forward, backward = (mine, theirs) if side == 0 else (theirs, mine)
                    head, states = _unwind(forward, nxt)
                    tail, back_states = _unwind(backward, nxt)
                    plan = head + [inverse(move) for move in reversed(tail)]
                    path = states + back_states[::-1][1:]
                    generated = len(sides[0]) + len(sides[1])
                    return SearchResult(plan, len(plan), expanded, generated, path)
            if len(mine) + len(theirs) > budget:
                raise SearchLimit(f"bidirectional BFS stored more than {budget} states")
        frontiers[side] = layer
    return SearchResult(None, None, expanded, len(sides[0]) + len(sides[1]))


def distance_layers(
    start: S,
    successors: Callable[[S], Iterable[tuple[M, S]]],
    max_depth: int,
    budget: int = DEFAULT_BUDGET,
) -> list[list[S]]:
    """The states at each BFS distance 0..max_depth from `start` (fewer layers when the
    space is exhausted first), each layer in discovery order.

    Generators draw a state from layer d to get an instance whose optimum is exactly d
    (for reversible moves; otherwise search backwards with reversed moves).
    """
    seen = {start}
    layers = [[start]]
    while len(layers) <= max_depth:
        layer: list[S] = []
        for state in layers[-1]:
            for _, nxt in successors(state):
                if nxt not in seen:
                    seen.add(nxt)
                    layer.append(nxt)
            if len(seen) > budget:
                raise SearchLimit(f"more than {budget} states within distance {len(layers)}")
        if not layer:
            break
        layers.append(layer)
    return layers


def _unwind(parent: dict[S, tuple[S, M] | None], state: S) -> tuple[list[M], list[S]]:
    plan: list[M] = []
    states = [state]
    link = parent[state]
    while link is not None:
        state, move = link
        plan.append(move)
        states.append(state)
        link = parent[state]
    return plan[::-1], states[::-1]
