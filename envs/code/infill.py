"""Complete a function whose body has missing lines, from its signature and docstring."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.envs.code._common import CodeEnv, check_function, code_format
from palaestra.envs.code._repair import REPAIR_LEVELS, RepairParams, body_lines, reference_task
from palaestra.records import Task, Verdict
from palaestra.registry import register

HOLE = "# TODO: missing line(s) here"


def punch_hole(rng: np.random.Generator, source: str, width: int) -> str:
    """The source with `width` consecutive body lines replaced by one TODO comment."""
    lines = source.rstrip("\n").split("\n")
    body = body_lines(source)
    width = min(width, len(body))
    start = body[int(rng.integers(len(body) - width + 1))]
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    return "\n".join([*lines[:start], indent + HOLE, *lines[start + width :]]) + "\n"


@register("code/infill-v1")
class Infill(CodeEnv):
    """Fill in the missing lines of a Python function given its docstring and the rest.

    Task: body completion (fill-in-the-middle, as in HumanEval-infilling): a generated spec
    becomes the docstring, and one to three consecutive lines of the reference body are
    replaced by a TODO comment. The model returns the whole completed function.

    Answer format: one fenced Python block with the complete function.

    Knobs: `families`, `steps` and `size` as in bug fixing; the hole widens with `steps`.

    Verification: hidden tests in the sandbox, compared outside; any correct completion (not
    only the removed lines) scores 1.

    Versions: v1, first release.
    """

    Params = RepairParams
    levels = REPAIR_LEVELS
    difficulty_cost = "size"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        data = reference_task(rng, params)
        data["holed"] = punch_hole(rng, data["reference"], 1 + min(2, params.steps // 3))
        return data, None

    def render(self, data: dict[str, Any], params: Any) -> str:
        return (
            f"Complete this Python function. What it must do: {data['spec']}\n\n"
            f"```python\n{data['holed'].rstrip()}\n```\n\n"
            f"Replace the `{HOLE}` comment with working code; hidden tests decide.\n"
            + code_format("python", "the complete function")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        return check_function(task, answer)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"size": params.size, "tests": len(data["inputs"]), "family": data["family"]}

    def wrong_answers(self, task: Task) -> list[str]:
        return [f"<answer>\n```python\n{task.data['holed']}```\n</answer>"]
