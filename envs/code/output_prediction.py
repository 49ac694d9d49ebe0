"""CRUXEval-style output prediction for generated Python functions."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv, expected_values
from palaestra.envs.code._programs import (
    PROGRAM_LEVELS,
    ProgramParams,
    random_input,
    same_value,
    show,
)
from palaestra.generators.programs import python_function, render_function
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.code import parse_literal
from palaestra.verifiers.parsing import AnswerFormatError


@register("code/output-prediction-v1")
class OutputPrediction(CodeEnv):
    """Predict what a generated Python function returns for a given input.

    Task: CRUXEval-O style (Gu et al., 2024). A generated function ``f(xs)`` over an integer
    list with loops, conditionals, list operations, dicts, strings, a helper class and
    recursion returns ``(acc, xs)``; the model states the value of ``f(input)``.

    Answer format: a Python literal, e.g. ``<answer>(7, [1, 2])</answer>``.

    Knobs: `statements` (function length) and `length` (input list length); more is harder.

    Verification: the reference value comes from running the program in the sandbox at
    generation time; the answer is parsed as a literal (never evaluated) and compared exactly
    (a tuple and a list with the same items are equal).

    Versions: v1, first release.
    """

    Params = ProgramParams
    levels = PROGRAM_LEVELS
    difficulty_cost = "statements"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        stmts = python_function(rng, params.statements)
        source = render_function(stmts)
        xs = random_input(rng, params.length)
        value = expected_values(source, "f", [[xs]])[0]
        return {"source": source, "input": xs, "expected": value}, show(tuple(value))

    def render(self, data: dict[str, Any], params: Any) -> str:
        return (
            f"Here is a Python program:\n\n```python\n{data['source']}```\n\n"
            f"What does f({data['input']!r}) return? Give the value as a Python literal, e.g. "
            f"(3, [1, 2]).\n{ANSWER_FORMAT}"
        )

    def reference_answer(self, task: Task) -> str:
        return str(task.answer)

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            value = parse_literal(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"The answer is not a literal: {exc}.")
        if same_value(value, task.data["expected"]):
            return Verdict.right()
        return Verdict.fail("wrong", "That is not what the function returns.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"statements": params.statements, "lines": data["source"].count("\n")}

    def wrong_answers(self, task: Task) -> list[str]:
        acc, xs = task.data["expected"]
        return [f"<answer>({acc + 1}, {xs!r})</answer>", f"<answer>{xs!r}</answer>"]
