"""River crossing: ferry everything across without leaving incompatible items alone."""

from __future__ import annotations

import itertools
import re
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.puzzles._common import format_example
from palaestra.envs.puzzles._plans import IllegalMove, PlanPuzzle
from palaestra.generators.search import bfs
from palaestra.params import Params
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError

NAMES = (
    "wolf", "goat", "cabbage", "fox", "goose", "beans", "dog", "cat", "mouse", "cheese", "hawk",
    "chicken", "grain", "snake", "frog", "fly", "lion", "deer",
)  # fmt: skip
NOTHING = {"nothing", "alone", "none", "empty", "-"}
MAX_DRAWS = 300  # conflict sets tried before giving up on the requested depth
State = tuple[int, int]  # (farmer's bank, bit mask of the items on the far bank)


class RiverParams(Params):
    items: int = Field(4, ge=2, le=8, description="items to ferry; more is harder")
    boat: int = Field(
        1, ge=1, le=3, description="items the boat carries besides the farmer; fewer is harder"
    )
    conflicts: int = Field(
        3, ge=1, le=16, description="pairs that may not be left alone together; more is harder"
    )
    depth: int = Field(
        7, ge=1, le=40, description="the fewest crossings is at least this; more is harder"
    )

    @model_validator(mode="after")
    def _pairs_fit(self) -> RiverParams:
        most = self.items * (self.items - 1) // 2
        if self.conflicts > most:
            raise ValueError(f"{self.items} items have only {most} pairs; use conflicts <= {most}")
        return self


def crossings(items: int, boat: int, conflicts: list[list[int]]):  # type: ignore[no-untyped-def]
    """The successor function: the farmer crosses with up to `boat` items from his bank;
    the bank he leaves must hold no conflicting pair."""
    everything = (1 << items) - 1

    def safe(bank: int) -> bool:
        return not any(bank >> a & 1 and bank >> b & 1 for a, b in conflicts)

    def moves(state: State) -> list[tuple[tuple[int, ...], State]]:
        side, far = state
        here = [i for i in range(items) if (far >> i & 1) == side]
        out = []
        for size in range(boat + 1):
            for cargo in itertools.combinations(here, size):
                mask = sum(1 << i for i in cargo)
                moved = far | mask if side == 0 else far & ~mask
                left_behind = (everything & ~moved) if side == 0 else moved
                if safe(left_behind):
                    out.append((cargo, (1 - side, moved)))
        return out

    return moves


@register("puzzles/river-crossing-v1")
class RiverCrossing(PlanPuzzle):
    """River crossing: a farmer ferries items across without leaving a conflicting pair alone.

    Task: the wolf, goat and cabbage puzzle (Alcuin of York, Propositiones ad acuendos
    juvenes, 9th century), generalised: n items, a boat carrying the farmer and up to
    `boat` items, and a random set of pairs (the wolf eats the goat) that may not stay on a
    bank without the farmer. Only the farmer rows. Instances: random conflict pairs whose
    fewest crossings, found by breadth-first search over (farmer's bank, items across), is at
    least `depth`; unsolvable or shallower draws are redrawn (up to `MAX_DRAWS`).

    Answer format: crossings inside <answer></answer>, one per line or separated by ``;``:
    the items in the boat joined by ``+`` (or ``and``), or ``nothing`` when the farmer
    crosses alone, e.g. ``goat; nothing; wolf; goat; cabbage; nothing; goat``.

    Knobs: `items`, `boat`, `conflicts` and `depth` (see their descriptions). Levels go from
    three items to eight.

    Verification: by simulation: each crossing carries only items on the farmer's bank, at
    most `boat` of them, and leaves no conflicting pair alone; everything must end across.
    The fewest crossings score 1.0; a longer valid plan scores 0.5 * optimum / length.
    `task.meta["cost"]` records the optimum, the draws and the BFS nodes.

    Versions: v1, first release.
    """

    Params = RiverParams
    levels = {
        1: {"items": 3, "boat": 1, "conflicts": 1, "depth": 5},
        2: {"items": 3, "boat": 1, "conflicts": 2, "depth": 7},
        3: {"items": 5, "boat": 2, "conflicts": 4, "depth": 7},
        4: {"items": 4, "boat": 1, "conflicts": 2, "depth": 9},
        5: {"items": 6, "boat": 2, "conflicts": 5, "depth": 9},
        6: {"items": 5, "boat": 1, "conflicts": 2, "depth": 11},
        7: {"items": 7, "boat": 2, "conflicts": 6, "depth": 11},
        8: {"items": 6, "boat": 1, "conflicts": 2, "depth": 13},
        9: {"items": 7, "boat": 1, "conflicts": 2, "depth": 15},
        10: {"items": 8, "boat": 1, "conflicts": 2, "depth": 17},
    }

    def sample(self, rng: np.random.Generator, params: RiverParams) -> tuple[dict[str, Any], None]:
        n = params.items
        pairs = list(itertools.combinations(range(n), 2))
        for draw in range(1, MAX_DRAWS + 1):
            chosen = sorted(
                pairs[int(i)] for i in rng.choice(len(pairs), params.conflicts, replace=False)
            )
            conflicts = [[a, b] if rng.integers(2) else [b, a] for a, b in chosen]
            goal = (1, (1 << n) - 1)
            result = bfs((0, 0), crossings(n, params.boat, conflicts), lambda s, g=goal: s == g)
            if result.plan is not None and len(result.plan) >= params.depth:
                names = [NAMES[int(i)] for i in rng.choice(len(NAMES), n, replace=False)]
                data = {"names": names, "boat": params.boat, "conflicts": conflicts}
                data |= {
                    "plan": [list(cargo) for cargo in result.plan],
                    "draws": draw,
                    "expanded": result.expanded,
                }
                return data, None
        raise ValueError(
            f"no {params.conflicts} conflicts among {params.items} items need {params.depth} "
            "crossings; lower depth"
        )

    def cost(self, data: dict[str, Any], params: RiverParams) -> dict[str, Any]:
        return {
            "optimal_moves": len(data["plan"]),
            "conflict_draws": data["draws"],
            "bfs_expanded": data["expanded"],
        }

    def render(self, data: dict[str, Any], params: RiverParams) -> str:
        names = data["names"]
        rules = "\n".join(f"- the {names[a]} and the {names[b]}" for a, b in data["conflicts"])
        load = "one item" if data["boat"] == 1 else f"up to {data['boat']} items"
        return (
            f"A farmer must bring the {', the '.join(names[:-1])} and the {names[-1]} across a "
            "river. "
            f"Everything starts on the near bank. The boat holds the farmer and {load}; only "
            "the farmer can row, so he is in the boat on every crossing (crossings alternate "
            "between going over and coming back). These pairs must never be left together on "
            f"a bank without the farmer:\n{rules}\n\n"
            "Get the farmer and everything to the far bank in as few crossings as possible. "
            "Give the crossings inside <answer></answer>, one per line or separated by `;`: "
            "the items in the boat joined by `+`, or `nothing` when the farmer crosses alone. "
            "Only a shortest solution gets full marks. "
            + format_example("goat; nothing; wolf + goat")
        )

    def parse_plan(self, data: dict[str, Any], text: str) -> list[list[int]]:
        names = data["names"]
        plan = []
        for part in re.split(r"[\n;,]+", text.strip()):
            words = [
                w for w in re.split(r"\s*\+\s*|\s+and\s+|\s+", part.strip().lower().strip(".")) if w
            ]
            words = [w.removeprefix("the") or w for w in words if w not in ("the", "a", "an")]
            if not words:
                continue
            if len(words) == 1 and words[0] in NOTHING:
                plan.append([])
                continue
            cargo = []
            for word in words:
                if word not in names:
                    raise AnswerFormatError(
                        f"{word[:20]!r} is not one of the items ({', '.join(names)})"
                    )
                cargo.append(names.index(word))
            if len(set(cargo)) < len(cargo):
                raise AnswerFormatError("an item is named twice in one crossing")
            plan.append(sorted(cargo))
            if len(plan) > 500:
                raise AnswerFormatError("the plan has more than 500 crossings")
        return plan

    def replay(self, data: dict[str, Any], moves: list[list[int]]) -> bool:
        n, names = len(data["names"]), data["names"]
        successors = crossings(n, data["boat"], data["conflicts"])
        state: State = (0, 0)
        for index, cargo in enumerate(moves):
            legal = {tuple(c): nxt for c, nxt in successors(state)}
            if tuple(cargo) not in legal:
                what = " + ".join(names[i] for i in cargo) or "nothing"
                raise IllegalMove(
                    f"crossing {index + 1} ({what}) takes items from the wrong bank, overloads "
                    "the boat or leaves a conflicting pair alone"
                )
            state = legal[tuple(cargo)]
        return state == (1, (1 << n) - 1)

    def format_plan(self, data: dict[str, Any], moves: list[list[int]]) -> str:
        return "; ".join(
            " + ".join(data["names"][i] for i in cargo) or "nothing" for cargo in moves
        )
