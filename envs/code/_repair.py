"""Tasks built on a reference function with a hidden test suite: bug fixing and infilling."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.code._synthesis import task_data
from palaestra.generators.code_tasks import FAMILIES, function_task
from palaestra.params import Params


class RepairParams(Params):
    families: int = Field(
        2,
        ge=1,
        le=6,
        description="task families drawn from (string, list, "
        "interval, number, dp, graph, in that order); more is harder",
    )
    steps: int = Field(2, ge=1, le=8, description="pipeline steps of string and list tasks")
    size: int = Field(6, ge=1, le=40, description="hidden test input size; more is harder")


REPAIR_LEVELS = {
    lv: {"families": min(6, 1 + lv // 2), "steps": min(8, 2 + lv // 3), "size": 3 + 2 * lv}
    for lv in range(1, 11)
}


def reference_task(rng: np.random.Generator, params: Any) -> dict[str, Any]:
    family = FAMILIES[int(rng.integers(params.families))]
    data = task_data(function_task(rng, family, params.steps, params.size))
    data["size"] = params.size
    return data


def body_lines(source: str) -> list[int]:
    """Indexes of the lines of the last function's body (the function under test)."""
    lines = source.rstrip("\n").split("\n")
    start = max(i for i, line in enumerate(lines) if line.startswith("def "))
    return [i for i in range(start + 1, len(lines)) if lines[i].strip()]
