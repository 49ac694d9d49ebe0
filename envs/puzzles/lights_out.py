"""Lights out: press cells to switch every light off, with as few presses as possible."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.puzzles._common import cells_text, format_example, plan_verdict
from palaestra.generators.grids import neighbours
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_pairs, reject_long_numbers


class LightsOutParams(Params):
    size: int = Field(5, ge=3, le=10, description="side of the board; larger is harder")
    presses: float = Field(
        0.4, ge=0.1, le=0.6, description="share of cells pressed to make the start; more is harder"
    )


def toggles(n: int) -> list[int]:
    """For each cell (reading order), the bit mask of the lights a press there switches."""
    masks = []
    for r in range(n):
        for c in range(n):
            mask = 1 << (r * n + c)
            for rr, cc in neighbours(r, c, n, n):
                mask |= 1 << (rr * n + cc)
            masks.append(mask)
    return masks


def fewest_presses(n: int, lights: int) -> tuple[list[int], int]:
    """A smallest set of presses (cell indices) that switches off `lights` (a bit mask), and
    the dimension of the null space (the number of independent press sets that change
    nothing), by Gaussian elimination over GF(2) and a search of the null space."""
    masks = toggles(n)
    cells = n * n
    # Rows of the system: for light j, which presses switch it (the matrix is symmetric).
    rows = [(masks[j], (lights >> j) & 1) for j in range(cells)]
    pivots: list[tuple[int, int, int]] = []  # (pivot press, row mask, right-hand side)
    for row, rhs in rows:
        for press, mask, value in pivots:
            if row >> press & 1:
                row, rhs = row ^ mask, rhs ^ value
        if row:
            press = row.bit_length() - 1
            pivots = [(p, m ^ row, v ^ rhs) if m >> press & 1 else (p, m, v) for p, m, v in pivots]
            pivots.append((press, row, rhs))
        elif rhs:
            raise ValueError("these lights cannot all be switched off")
    pivot_of = {p for p, _, _ in pivots}
    free = [press for press in range(cells) if press not in pivot_of]
    best: list[int] | None = None
    for choice in range(1 << len(free)):
        chosen = {free[i] for i in range(len(free)) if choice >> i & 1}
        solution = set(chosen)
        for press, mask, value in pivots:
            others = sum(1 for f in chosen if mask >> f & 1)
            if (value + others) % 2:
                solution.add(press)
        if best is None or len(solution) < len(best):
            best = sorted(solution)
    return best or [], len(free)


@register("puzzles/lights-out-v1")
class LightsOut(Env):
    """Lights out: choose cells to press so every light goes off, using the fewest presses.

    Task: Tiger Electronics' Lights Out (1995) on an n x n board. Pressing a cell switches it
    and its up, down, left and right neighbours; the order of presses does not matter and
    pressing a cell twice undoes it, so a solution is a set of cells. Instances: the board
    that a random set of presses produces from all-off, so it is solvable. The fewest
    presses come from Gaussian elimination over GF(2) plus a search of the null space (up
    to 2^8 press sets for the sizes used).

    Answer format: the cells to press inside <answer></answer> as (row, column) pairs,
    1-based, e.g. ``(1,2) (3,3)``; each cell at most once.

    Knobs: `size` (3..10; larger is harder) and `presses`, the share of cells pressed to
    make the start (more is harder). Levels go from 4x4 to 10x10.

    Verification: by simulation: the presses must switch every light off. The fewest
    presses score 1.0; a larger working set scores 0.5 * fewest / presses (partial).
    `task.meta["cost"]` records the cells, the fewest presses and the null-space dimension.

    Versions: v1, first release.
    """

    Params = LightsOutParams
    levels = {
        1: {"size": 4, "presses": 0.5},
        2: {"size": 5, "presses": 0.3},
        3: {"size": 5, "presses": 0.5},
        4: {"size": 6, "presses": 0.4},
        5: {"size": 6, "presses": 0.5},
        6: {"size": 7, "presses": 0.4},
        7: {"size": 8, "presses": 0.4},
        8: {"size": 8, "presses": 0.5},
        9: {"size": 9, "presses": 0.5},
        10: {"size": 10, "presses": 0.5},
    }
    difficulty_cost = "cells"
    tags = ("puzzle", "grid", "optimisation")

    def sample(
        self, rng: np.random.Generator, params: LightsOutParams
    ) -> tuple[dict[str, Any], None]:
        n = params.size
        masks = toggles(n)
        lights = 0
        while not lights:
            count = max(1, int(params.presses * n * n))
            for press in rng.choice(n * n, count, replace=False):
                lights ^= masks[int(press)]
        best, nullity = fewest_presses(n, lights)
        grid = [[(lights >> (r * n + c)) & 1 for c in range(n)] for r in range(n)]
        return {"size": n, "lights": grid, "presses": best, "nullity": nullity}, None

    def cost(self, data: dict[str, Any], params: LightsOutParams) -> dict[str, Any]:
        n = data["size"]
        return {"cells": n * n, "fewest_presses": len(data["presses"]), "nullity": data["nullity"]}

    def render(self, data: dict[str, Any], params: LightsOutParams) -> str:
        n = data["size"]
        board = "\n".join(" ".join(str(v) for v in row) for row in data["lights"])
        return (
            f"Lights out on a {n}x{n} board: 1 is a light that is on, 0 one that is off. "
            "Pressing a cell switches it and the cells directly above, below, left and right of "
            "it (on becomes off, off becomes on). Choose cells to press so that every light is "
            "off at the end, using as few presses as possible; the order does not matter.\n\n"
            f"{board}\n\n"
            "Give the cells to press inside <answer></answer> as (row, column) pairs, rows and "
            "columns numbered from 1 at the top left, each cell at most once. Only the fewest "
            "presses get full marks. " + format_example("(1,2) (3,3)")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        try:
            reject_long_numbers(answer, "row or column")
            pairs = parse_int_pairs(answer, low=1, high=n, what="row or column")
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the presses: {exc}.")
        if len(set(pairs)) < len(pairs):
            return Verdict.fail(
                "wrong", "A cell is pressed more than once; press each at most once."
            )
        masks = toggles(n)
        lights = sum(
            v << (r * n + c) for r, row in enumerate(task.data["lights"]) for c, v in enumerate(row)
        )
        for r, c in pairs:
            lights ^= masks[(r - 1) * n + (c - 1)]
        if lights:
            left = bin(lights).count("1")
            return Verdict.fail("wrong", f"After these presses {left} lights are still on.")
        return plan_verdict(len(pairs), len(task.data["presses"]))

    def reference_answer(self, task: Task) -> str:
        n = task.data["size"]
        return cells_text([divmod(p, n) for p in task.data["presses"]])

    def wrong_answers(self, task: Task) -> list[str]:
        n = task.data["size"]
        presses = [divmod(p, n) for p in task.data["presses"]]
        return [f"<answer>{cells_text(presses[:-1])}</answer>"]
