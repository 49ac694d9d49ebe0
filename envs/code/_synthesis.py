"""Function synthesis from a spec with hidden tests: the machinery the family envs share."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.envs.code._common import CodeEnv, check_function, code_format, expected_values
from palaestra.generators.code_tasks import FunctionTask, function_task
from palaestra.params import Params
from palaestra.records import Task, Verdict


class SynthesisParams(Params):
    steps: int = Field(
        2,
        ge=1,
        le=8,
        description="pipeline steps in the spec; more is harder (string and list families only)",
    )
    size: int = Field(
        6,
        ge=1,
        le=40,
        description="length of the hidden test inputs; more is "
        "harder (slow or fragile solutions fail)",
    )


def task_data(task: FunctionTask, shown: int = 2) -> dict[str, Any]:
    """The verifier's data for a function task: inputs, expected values (run in the sandbox)."""
    expected = expected_values(task.source, task.name, task.inputs)
    return {
        "family": task.family,
        "function": task.name,
        "params": task.params,
        "spec": task.spec,
        "signature": task.signature(),
        "reference": task.source,
        "inputs": task.inputs,
        "expected": expected,
        "examples": [[task.inputs[-i], expected[-i]] for i in range(1, shown + 1)],
        "steps": task.steps,
    }


def render_examples(data: dict[str, Any]) -> str:
    lines = []
    for args, value in data["examples"]:
        call = ", ".join(repr(a) for a in args)
        lines.append(f"    {data['function']}({call}) == {value!r}")
    return "\n".join(lines)


class SynthesisEnv(CodeEnv):
    """Base: implement a function of `family` from its spec; hidden tests decide."""

    Params = SynthesisParams
    family: ClassVar[str] = ""
    difficulty_cost = "test_size"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        task = function_task(rng, self.family, params.steps, params.size)
        data = task_data(task)
        data["size"] = params.size
        return data, None

    def render(self, data: dict[str, Any], params: Any) -> str:
        return (
            f"Write a Python function `{data['signature']}`.\n\n{data['spec']}\n\n"
            f"Examples:\n{render_examples(data)}\n\n"
            "It is checked on hidden tests, including edge cases such as empty inputs. "
            "Only the function (and any helpers or imports it needs) is required.\n"
            + code_format("python", "the complete function definition")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        return check_function(task, answer)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"steps": data["steps"], "test_size": data["size"], "tests": len(data["inputs"])}

    def wrong_answers(self, task: Task) -> list[str]:
        stub = f"{task.data['signature']}\n    return None\n"
        return [f"<answer>\n```python\n{stub}```\n</answer>"]
