"""Magic polygon: place numbers on a polygon's corners and sides so every side has one sum."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.puzzles._common import format_example
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

PAIR = re.compile(r"([A-Za-z]\d*)\s*(?:=|:)\s*(\d+)")
LEFTOVER = re.compile(r"[\s,;.]*")
MAX_DRAWS = 1000  # plantings tried before giving up


class PolygonParams(Params):
    sides: int = Field(
        3, ge=3, le=6, description="sides of the polygon (3 is a magic triangle); more is harder"
    )
    per_side: int = Field(
        3, ge=3, le=6, description="numbers on each side, corners included; more is harder"
    )
    max_number: int = Field(30, ge=10, le=99, description="largest number used; larger is harder")


def labels(sides: int, per_side: int) -> list[list[str]]:
    """Each side's positions from corner to corner: corners A, B, C, ... and side positions
    a1, a2, ... between A and B, b1, ... between B and C, and so on."""
    corners = [chr(65 + i) for i in range(sides)]
    return [
        [
            corners[i],
            *(f"{corners[i].lower()}{j}" for j in range(1, per_side - 1)),
            corners[(i + 1) % sides],
        ]
        for i in range(sides)
    ]


@register("puzzles/magic-polygon-v1")
class MagicPolygon(Env):
    """Magic polygon: put the given numbers on a polygon's positions so every side has one sum.

    Task: the perimeter-magic triangle and its relatives (magic polygons, as in Trigg's
    puzzles): a polygon with `sides` sides carries `per_side` positions on each side, the
    corners shared by two sides; place each given number on one position so that every side adds
    up to the stated sum. Instances are planted: random distinct corners and side positions, the
    last position of each side set to make a random sum, kept when all numbers are distinct (the
    sum is drawn from the range that keeps those last positions in 1..`max_number`; up to
    `MAX_DRAWS` tries). Any valid placement counts.

    Answer format: every position with its number inside <answer></answer>, e.g. ``A=5, a1=9,
    B=3, b1=8, C=2, c1=10``.

    Knobs: `sides` (3..6), `per_side` (3..6) and `max_number`; more is harder. Levels go from a
    triangle with 6 positions to a pentagon with 20.

    Verification: by the rules: each position once, the numbers used exactly the given multiset,
    every side's sum equal to the target. `task.meta["cost"]` records the positions and the
    planting draws.

    Versions: v1, first release.
    """

    Params = PolygonParams
    levels = {
        1: {"sides": 3, "per_side": 3, "max_number": 30},
        2: {"sides": 4, "per_side": 3, "max_number": 30},
        3: {"sides": 3, "per_side": 4, "max_number": 30},
        4: {"sides": 5, "per_side": 3, "max_number": 30},
        5: {"sides": 4, "per_side": 4, "max_number": 30},
        6: {"sides": 3, "per_side": 5, "max_number": 30},
        7: {"sides": 5, "per_side": 4, "max_number": 40},
        8: {"sides": 4, "per_side": 5, "max_number": 40},
        9: {"sides": 6, "per_side": 4, "max_number": 50},
        10: {"sides": 5, "per_side": 5, "max_number": 50},
    }
    difficulty_cost = "positions"
    tags = ("puzzle", "arithmetic")

    def sample(
        self, rng: np.random.Generator, params: PolygonParams
    ) -> tuple[dict[str, Any], None]:
        lines = labels(params.sides, params.per_side)
        top = params.max_number
        free = [label for line in lines for label in line[:-2]]  # all but each side's last
        for draw in range(1, MAX_DRAWS + 1):
            value = dict(
                zip(
                    free,
                    (int(v) + 1 for v in rng.choice(top, len(free), replace=False)),
                    strict=True,
                )
            )
            rests = [sum(value[label] for label in line if label != line[-2]) for line in lines]
            low, high = max(rests) + 1, min(rests) + top  # keeps every last position in 1..top
            if low > high:
                continue
            total = int(rng.integers(low, high + 1))
            for line, rest in zip(lines, rests, strict=True):
                value[line[-2]] = total - rest
            numbers = list(value.values())
            if len(set(numbers)) == len(numbers):
                placement = {label: value[label] for line in lines for label in line[:-1]}
                data = {"sides": params.sides, "per_side": params.per_side, "sum": total}
                data |= {"numbers": sorted(numbers), "placement": placement, "draws": draw}
                return data, None
        raise ValueError("no planting found; raise max_number")

    def cost(self, data: dict[str, Any], params: PolygonParams) -> dict[str, Any]:
        return {"positions": len(data["numbers"]), "draws": data["draws"]}

    def render(self, data: dict[str, Any], params: PolygonParams) -> str:
        lines = labels(data["sides"], data["per_side"])
        shape = {3: "triangle", 4: "square", 5: "pentagon", 6: "hexagon"}[data["sides"]]
        sides = "\n".join(f"side {i + 1}: {', '.join(line)}" for i, line in enumerate(lines))
        return (
            f"A {shape} has {len(data['numbers'])} positions: the corners "
            f"{', '.join(line[0] for line in lines)} and the positions along each side. The "
            f"sides run:\n{sides}\n\nPlace each of these numbers on exactly one position: "
            f"{', '.join(map(str, data['numbers']))}. Every side must add up to {data['sum']} "
            "(corners count for both of their sides).\n\n"
            "Give every position's number inside <answer></answer> as `label=number` separated "
            "by commas. " + format_example("A=5, a1=9, B=3")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        lines = labels(task.data["sides"], task.data["per_side"])
        positions = {label for line in lines for label in line}
        if len(answer) > 4000 or LEFTOVER.fullmatch(PAIR.sub("", answer)) is None:
            return Verdict.fail("unparsable", "Write only pairs like A=5, separated by commas.")
        value: dict[str, int] = {}
        for match in PAIR.finditer(answer):
            label = match[1][0].upper() + match[1][1:] if len(match[1]) == 1 else match[1].lower()
            if label not in positions:
                return Verdict.fail("wrong", f"{match[1][:8]} is not a position of the polygon.")
            if label in value:
                return Verdict.fail("wrong", f"{label} is given more than once.")
            if len(match[2]) > 3:
                return Verdict.fail("wrong", f"{match[2][:6]} is not one of the numbers.")
            value[label] = int(match[2])
        missing = sorted(positions - set(value))
        if missing:
            return Verdict.fail(
                "wrong", f"Every position needs a number; missing: {', '.join(missing)}."
            )
        if Counter(value.values()) != Counter(task.data["numbers"]):
            return Verdict.fail("wrong", "Use each given number exactly once.")
        for i, line in enumerate(lines):
            got = sum(value[label] for label in line)
            if got != task.data["sum"]:
                return Verdict.fail(
                    "wrong", f"Side {i + 1} adds up to {got}, not {task.data['sum']}."
                )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return ", ".join(f"{label}={v}" for label, v in task.data["placement"].items())

    def wrong_answers(self, task: Task) -> list[str]:
        placement = dict(task.data["placement"])
        a, b = "A", "B"
        placement[a], placement[b] = placement[b], placement[a]
        swapped = ", ".join(f"{label}={v}" for label, v in placement.items())
        return [f"<answer>{swapped}</answer>"] if placement["A"] != placement["B"] else []
