"""Output prediction for list programs in a compiled or scripted language."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv
from palaestra.errors import SandboxError
from palaestra.generators.programs import list_program, list_steps
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.tools.sandbox import default_sandbox
from palaestra.verifiers.code import LANGUAGE_NAMES


class ListOutputParams(Params):
    steps: int = Field(3, ge=1, le=10, description="statements in the program; more is harder")
    length: int = Field(5, ge=1, le=12, description="length of the list; more is harder")


class ListOutputEnv(CodeEnv):
    """Base: predict what a generated list program prints."""

    Params = ListOutputParams
    levels = {lv: {"steps": min(10, 1 + lv), "length": min(12, 3 + lv // 2)} for lv in range(1, 11)}
    difficulty_cost = "steps"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        steps = list_steps(rng, params.steps)
        xs = [int(v) for v in rng.integers(-9, 20, size=int(rng.integers(1, params.length + 1)))]
        twin = default_sandbox().run(list_program(steps, "python", xs))
        if not twin.ok:
            raise SandboxError(f"the Python twin failed: {twin.verdict} {twin.stderr[-300:]}")
        output = twin.stdout.strip() or "(empty line)"
        return {"source": list_program(steps, self.language, xs)}, output

    def render(self, data: dict[str, Any], params: Any) -> str:
        name = LANGUAGE_NAMES[self.language]
        return (
            f"Here is a {name} program:\n\n```{self.language}\n{data['source']}```\n\n"
            "What does it print? Give the printed line exactly (numbers separated by single "
            f"spaces); if it prints an empty line, answer (empty line).\n{ANSWER_FORMAT}"
        )

    def reference_answer(self, task: Task) -> str:
        return str(task.answer)

    def check(self, task: Task, answer: str) -> Verdict:
        if answer.strip().startswith("```"):
            answer = answer.strip().strip("`").strip()
        if answer.split() == str(task.answer).split():
            return Verdict.right()
        return Verdict.fail("wrong", "That is not what the program prints.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"steps": params.steps, "lines": data["source"].count("\n")}

    def wrong_answers(self, task: Task) -> list[str]:
        return [f"<answer>{task.answer} 0</answer>"]
