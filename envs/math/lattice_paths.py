"""Count monotone lattice paths on a grid with blocked points and checkpoints."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import INTEGER_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_numbers import integer
from palaestra.params import Params
from palaestra.registry import register


class LatticePathsParams(Params):
    width: int = Field(4, ge=2, le=30, description="most steps right; more is harder")
    height: int = Field(3, ge=2, le=30, description="most steps up; more is harder")
    blocked: int = Field(
        0, ge=0, le=40, description="lattice points that may not be visited; more is harder"
    )
    checkpoint: bool = Field(False, description="the path must pass through a given point; harder")


def count_paths(width: int, height: int, blocked: set[tuple[int, int]]) -> int:
    """Monotone paths from (0, 0) to (width, height) avoiding `blocked` (dynamic programming)."""
    ways = [[0] * (height + 1) for _ in range(width + 1)]
    for x in range(width + 1):
        for y in range(height + 1):
            if (x, y) in blocked:
                continue
            if x == y == 0:
                ways[x][y] = 1
            else:
                ways[x][y] = (ways[x - 1][y] if x else 0) + (ways[x][y - 1] if y else 0)
    return ways[width][height]


@register("math/lattice-paths-v1")
class LatticePaths(MathEnv):
    """Count shortest grid paths that avoid blocked points and pass through a checkpoint.

    Task: "moving one unit right or up at a time, how many paths go from (0, 0) to (6, 4)
    without visiting (2, 1) or (4, 3), and passing through (3, 2)?". Lattice paths and
    binomial coefficients (C(m + n, n)), with obstacles handled by complements or dynamic
    programming: a staple of counting courses and competitions.

    Answer format: one integer, e.g. ``<answer>52</answer>``.

    Knobs: `width` and `height` of the grid (more is harder), `blocked` points (more is
    harder) and `checkpoint` (harder).

    Verification: exact integer comparison (kind ``rational``). The reference is dynamic
    programming over the grid; tests check it against binomial formulas and brute force.

    Versions: v1, first release.
    """

    Params = LatticePathsParams
    levels = ladder(
        width=[7, 7, 8, 8, 9, 9, 10, 12, 14, 16],
        height=[6, 6, 6, 7, 7, 8, 8, 9, 10, 12],
        blocked=[2, 3, 3, 3, 4, 4, 5, 6, 8, 12],
        checkpoint=[False, False, False, False, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "combinatorics")

    def sample(
        self, rng: np.random.Generator, params: LatticePathsParams
    ) -> tuple[dict[str, Any], str]:
        w = integer(rng, max(2, params.width - 3), params.width)
        h = integer(rng, max(2, params.height - 3), params.height)
        inner = [
            (x, y) for x in range(w + 1) for y in range(h + 1) if (x, y) not in ((0, 0), (w, h))
        ]
        picks = rng.permutation(len(inner))
        blocked = {inner[int(i)] for i in picks[: min(params.blocked, len(inner) - 1)]}
        checkpoint = None
        if params.checkpoint:
            free = [p for p in inner if p not in blocked]
            checkpoint = free[integer(rng, 0, len(free) - 1)]
        if checkpoint is None:
            value = count_paths(w, h, blocked)
        else:
            cx, cy = checkpoint
            first = count_paths(cx, cy, {p for p in blocked if p[0] <= cx and p[1] <= cy})
            shifted = {(x - cx, y - cy) for x, y in blocked if x >= cx and y >= cy}
            value = first * count_paths(w - cx, h - cy, shifted)
        data = {
            "size": [w, h],
            "blocked": sorted([list(p) for p in blocked]),
            "checkpoint": list(checkpoint) if checkpoint else None,
        }
        return data, str(value)

    def render(self, data: dict[str, Any], params: LatticePathsParams) -> str:
        w, h = data["size"]
        question = (
            f"A path on the integer grid starts at (0, 0) and ends at ({w}, {h}); each step "
            "moves one unit right (x + 1) or one unit up (y + 1). How many such paths"
        )
        conditions = []
        if data["blocked"]:
            points = ", ".join(f"({x}, {y})" for x, y in data["blocked"])
            conditions.append(f"never visit any of the points {points}")
        if data["checkpoint"]:
            conditions.append(f"pass through ({data['checkpoint'][0]}, {data['checkpoint'][1]})")
        question += " " + " and ".join(conditions) + "?" if conditions else " are there?"
        return ask(question, INTEGER_FORMAT)

    def cost(self, data: dict[str, Any], params: LatticePathsParams) -> dict[str, Any]:
        w, h = data["size"]
        work = params.width * params.height + params.blocked + 5 * params.checkpoint
        return {"work": work, "points": (w + 1) * (h + 1)}
