"""Stdin/stdout synthesis of integer-list pipelines, shared by the Python, C++ and JS envs."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.envs.code._common import (
    CodeEnv,
    check_program,
    code_format,
    expected_values,
    int_list_stdin,
)
from palaestra.generators.programs import list_program, list_steps
from palaestra.params import Params
from palaestra.records import Task, Verdict

TESTS = 8


class StdioParams(Params):
    steps: int = Field(2, ge=1, le=8, description="pipeline steps in the spec; more is harder")
    size: int = Field(6, ge=1, le=40, description="longest hidden input list; more is harder")


class StdioSynthesisEnv(CodeEnv):
    """Base: a whole program reading a list from stdin and printing the transformed list."""

    Params = StdioParams
    difficulty_cost = "steps"
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        lv: {"steps": min(8, 1 + (lv + 1) // 2 + lv // 5), "size": 3 + lv} for lv in range(1, 11)
    }

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        steps = list_steps(rng, params.steps)
        lists = [[], [int(rng.integers(-9, 10))]] + [
            [int(v) for v in rng.integers(-20, 21, size=int(rng.integers(1, params.size + 1)))]
            for _ in range(TESTS - 2)
        ]
        body = "".join(f"    {step.py}\n" for step in steps)
        source = f"def transform(xs):\n{body}    return xs\n"
        outputs = expected_values(source, "transform", [[xs] for xs in lists])
        tests = [
            [int_list_stdin(xs), " ".join(map(str, out))]
            for xs, out in zip(lists, outputs, strict=True)
        ]
        data = {
            "steps": [step.text for step in steps],
            "tests": tests,
            "reference": list_program(steps, self.language),
        }
        return data, None

    def render(self, data: dict[str, Any], params: Any) -> str:
        numbered = "\n".join(f"{i + 1}. {text}" for i, text in enumerate(data["steps"]))
        stdin, out = data["tests"][-1]
        return (
            f"Write a complete program that reads a list of integers from standard input: the "
            f"first number is the count n, followed by n integers. Apply these steps in order:\n"
            f"{numbered}\n\nThen print the resulting list on one line, separated by single "
            f"spaces (print an empty line for an empty list).\n\nExample input:\n{stdin}\n"
            f"Example output:\n{out}\n\nIt is checked on hidden tests, including an empty list.\n"
            + code_format(self.language, "the whole program")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        return check_program(task, answer, self.language)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"steps": len(data["steps"]), "size": params.size}
