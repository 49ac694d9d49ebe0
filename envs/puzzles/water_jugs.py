"""Water jugs: measure an exact amount with unmarked jugs in the fewest fill/empty/pour steps."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import IllegalMove, PlanPuzzle, step_label
from palaestra.generators.search import bfs, distance_layers
from palaestra.params import Params
from palaestra.registry import register
from palaestra.verifiers.moves import parse_steps
from palaestra.verifiers.parsing import AnswerFormatError

NAMES = "ABCD"
STEP = re.compile(
    r"(fill|empty|pour)\s+(?:jug\s+)?([A-D])(?:\s*(?:into|to|->|→|in|,)?\s*(?:jug\s+)?([A-D]))?",
    re.I,
)
MAX_DRAWS = 200  # capacity sets tried before giving up on the requested depth


class JugsParams(Params):
    jugs: int = Field(3, ge=2, le=4, description="number of jugs; more is harder")
    max_capacity: int = Field(12, ge=3, le=30, description="largest jug capacity; more is harder")
    start_filled: bool = Field(
        True, description="jugs start with random amounts (True) or empty (False, the classic)"
    )
    depth: int = Field(
        6, ge=2, le=30, description="the optimal plan is at least this many steps; more is harder"
    )

    @model_validator(mode="after")
    def _room(self) -> JugsParams:
        if self.max_capacity < self.jugs + 1:
            raise ValueError(
                f"max_capacity={self.max_capacity} leaves no room for {self.jugs} distinct jug "
                f"sizes above 1; use max_capacity >= {self.jugs + 1}"
            )
        return self


def jug_moves(capacities: tuple[int, ...]):  # type: ignore[no-untyped-def]
    """The successor function over amounts: fill, empty, and pour one jug into another."""

    def moves(state: tuple[int, ...]) -> list[tuple[str, tuple[int, ...]]]:
        out = []
        for i, amount in enumerate(state):
            if amount < capacities[i]:
                out.append((f"fill {NAMES[i]}", (*state[:i], capacities[i], *state[i + 1 :])))
            if amount:
                out.append((f"empty {NAMES[i]}", (*state[:i], 0, *state[i + 1 :])))
                for j, other in enumerate(state):
                    if j != i and other < capacities[j]:
                        poured = min(amount, capacities[j] - other)
                        nxt = list(state)
                        nxt[i], nxt[j] = amount - poured, other + poured
                        out.append((f"pour {NAMES[i]} {NAMES[j]}", tuple(nxt)))
        return out

    return moves


@register("puzzles/water-jugs-v1")
class WaterJugs(PlanPuzzle):
    """Water jugs: get an exact amount into some jug by filling, emptying and pouring.

    Task: the classic decanting puzzle (Tartaglia; the Die Hard 3 riddle). Jugs without marks
    have known capacities and start empty; a step fills a jug from the tap, empties it, or pours
    one jug into another until the first is empty or the second full. Goal: some jug holds
    exactly the target amount. Instances: random distinct capacities; the target is an amount
    whose shortest plan, found by breadth-first search over the jug contents, has at least
    `depth` steps (the shallowest such amount, drawn at random among ties); capacity sets
    without one are drawn again (up to `MAX_DRAWS`).

    Answer format: steps inside <answer></answer>, one per line or separated by commas: ``fill
    A``, ``empty B``, ``pour A B`` (pour jug A into jug B).

    Knobs: `jugs` (2..4), `max_capacity` (3..30) and `depth` (2..30), more is harder, and
    `start_filled`. Levels go from 4-step plans to 20-step plans with two jugs (more jugs make
    plans shorter, not harder, and deep ones rare).

    Verification: by simulation with the same rules; the plan must end with the target amount in
    some jug. A shortest plan scores 1.0; a longer valid one scores 0.5 * optimum / length.
    `task.meta["cost"]` records the optimum, the capacity-set draws and the BFS nodes expanded.

    Versions: v1, first release.
    """

    Params = JugsParams
    levels = {
        1: {"jugs": 2, "max_capacity": 15, "depth": 4},
        2: {"jugs": 2, "max_capacity": 15, "depth": 6},
        3: {"jugs": 2, "max_capacity": 16, "depth": 7},
        4: {"jugs": 2, "max_capacity": 18, "depth": 8},
        5: {"jugs": 2, "max_capacity": 18, "depth": 9},
        6: {"jugs": 2, "max_capacity": 20, "depth": 10},
        7: {"jugs": 2, "max_capacity": 20, "depth": 12},
        8: {"jugs": 2, "max_capacity": 22, "depth": 14},
        9: {"jugs": 2, "max_capacity": 25, "depth": 16},
        10: {"jugs": 2, "max_capacity": 30, "depth": 20},
    }

    def sample(self, rng: np.random.Generator, params: JugsParams) -> tuple[dict[str, Any], None]:
        for draw in range(1, MAX_DRAWS + 1):
            capacities = tuple(
                sorted(
                    int(c) + 2
                    for c in rng.choice(params.max_capacity - 1, params.jugs, replace=False)
                )
            )
            start = tuple(
                int(rng.integers(0, c + 1)) if params.start_filled else 0 for c in capacities
            )
            layers = distance_layers(start, jug_moves(capacities), 60)
            first: dict[int, int] = {}  # amount -> fewest steps to have it in some jug
            for depth, layer in enumerate(layers):
                for state in layer:
                    for amount in state:
                        first.setdefault(amount, depth)
            deep = [a for a, d in first.items() if d >= params.depth]
            if deep:
                shallowest = min(first[a] for a in deep)
                options = sorted(a for a in deep if first[a] == shallowest)
                target = options[int(rng.integers(len(options)))]
                result = bfs(start, jug_moves(capacities), lambda s, t=target: t in s)
                data = {"capacities": list(capacities), "start": list(start), "target": target}
                data["plan"] = result.plan
                data |= {"draws": draw, "expanded": result.expanded}
                return data, None
        raise ValueError(
            f"no {params.jugs} jugs of at most {params.max_capacity} need {params.depth} steps; "
            "lower depth or raise max_capacity"
        )

    def cost(self, data: dict[str, Any], params: JugsParams) -> dict[str, Any]:
        return {
            "optimal_moves": len(data["plan"]),
            "capacity_draws": data["draws"],
            "bfs_expanded": data["expanded"],
        }

    def render(self, data: dict[str, Any], params: JugsParams) -> str:
        jugs = ", ".join(
            f"{NAMES[i]} holds {c} litres and has {a} in it now"
            for i, (c, a) in enumerate(zip(data["capacities"], data["start"], strict=True))
        )
        return (
            f"You have {len(data['capacities'])} unmarked jugs: {jugs}. There is an unlimited tap "
            "and a drain. Each step is one of: `fill X` (fill jug X to the top), "
            "`empty X` (pour jug X out), `pour X Y` (pour jug X into jug Y until X is empty or "
            f"Y is full). Get exactly {data['target']} litres into one of the jugs in as few "
            "steps as possible.\n\nGive the steps inside <answer></answer>, separated by commas "
            "or one per line. Only a shortest solution gets full marks. "
            + format_example("fill A, pour A B, empty B")
        )

    def parse_plan(self, data: dict[str, Any], text: str) -> list[str]:
        steps = []
        for match in parse_steps(text, STEP, what="step"):
            verb, first, second = match[1].lower(), match[2].upper(), match[3]
            if (verb == "pour") != (second is not None):
                raise AnswerFormatError(f"{match[0][:30]!r}: fill and empty name one jug, pour two")
            steps.append(f"{verb} {first}" + (f" {second.upper()}" if second else ""))
        return steps

    def replay(self, data: dict[str, Any], moves: list[str]) -> bool:
        capacities = tuple(data["capacities"])
        state = tuple(data["start"])
        successors = jug_moves(capacities)
        for index, move in enumerate(moves):
            legal = dict(successors(state))
            names = move.split()[1:]
            if any(NAMES.index(name) >= len(capacities) for name in names):
                raise IllegalMove(f"{step_label(index)} ({move}) names a jug that does not exist")
            if move not in legal:
                raise IllegalMove(f"{step_label(index)} ({move}) changes nothing")
            state = legal[move]
        return data["target"] in state

    def format_plan(self, data: dict[str, Any], moves: list[str]) -> str:
        return ", ".join(moves)
