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


SIZE_LEVELS = {level: {"size": 2 + 2 * level} for level in range(1, 11)}
PIPELINE_LEVELS = {
    level: {"steps": steps, "size": 3 + level}
    for level, steps in zip(range(1, 11), (2, 2, 3, 3, 5, 5, 6, 6, 7, 8), strict=True)
}
SIZE_KNOBS = "`size` (hidden test input size, more is harder); `steps` is unused."
PIPELINE_KNOBS = "`steps` (pipeline length, more is harder) and `size` (test input length)."


class SynthesisEnv(CodeEnv):
    """Base: implement a function of `family` from its spec; hidden tests decide.

    A family env sets `family`, `topic` (a few words), `problems` (what its specs cover) and,
    for pipeline families, `PIPELINE_LEVELS`/`PIPELINE_KNOBS`; its docstring is composed from
    them so the families share one description of the task and its verification.
    """

    Params = SynthesisParams
    family: ClassVar[str] = ""
    topic: ClassVar[str] = ""
    problems: ClassVar[str] = ""
    knobs: ClassVar[str] = SIZE_KNOBS
    difficulty_cost = "test_size"
    levels = SIZE_LEVELS

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.family and cls.__doc__ is None:
            summary = f"Write a Python function for {cls.topic} from its spec; hidden tests decide."
            cls.__doc__ = f"""{summary}

    Task: a generated spec of {cls.problems}, with its signature and two examples. In the
    tradition of HumanEval/MBPP-style synthesis, but procedurally generated: the hidden tests
    are drawn from the reference implementation (run in the sandbox), with edge cases first.

    Answer format: one fenced Python block with the function (helpers and imports allowed).

    Knobs: {cls.knobs}

    Verification: the code is parsed in the host (junk is rejected without running), then the
    function is called on every hidden input inside the sandbox; return values come out as JSON
    and are compared outside, so exiting early or overriding ``__eq__`` earns nothing.

    Versions: v1, first release.
    """

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
