"""How many times does a marked line run? Execution counting for generated Python code."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv, expected_values
from palaestra.envs.code._programs import PROGRAM_LEVELS, ProgramParams, random_input
from palaestra.generators.programs import loop_lines, python_function, render_function
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_int


@register("code/execution-count-v1")
class ExecutionCount(CodeEnv):
    """Count how many times a marked line of a generated Python function executes.

    Task: a generated function ``f(xs)`` with at least one loop; one line inside a loop is
    marked ``# <- count``. The model traces the call ``f(input)`` and says how often the
    marked line runs (a line-coverage question, as in execution-trace benchmarks).

    Answer format: one integer, e.g. ``<answer>7</answer>``.

    Knobs: `statements` (function length) and `length` (input list length); more is harder.

    Verification: exact match with the count measured by running an instrumented twin of the
    program (a counter before the marked line) in the sandbox at generation time.

    Versions: v1, first release.
    """

    Params = ProgramParams
    levels = PROGRAM_LEVELS
    difficulty_cost = "statements"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        while True:  # bounded in practice: most functions have a loop line
            stmts = python_function(rng, params.statements)
            candidates = loop_lines(stmts)
            if candidates:
                break
        mark = candidates[int(rng.integers(len(candidates)))]
        xs = random_input(rng, params.length)
        twin = (
            "COUNT = [0]\n\n\n"
            + render_function(stmts, counter=mark)
            + "\n\ndef counted(xs):\n    COUNT[0] = 0\n    f(xs)\n    return COUNT[0]\n"
        )
        count = expected_values(twin, "counted", [[xs]])[0]
        return {"source": render_function(stmts, mark=mark), "input": xs}, str(count)

    def render(self, data: dict[str, Any], params: Any) -> str:
        return (
            f"Here is a Python program:\n\n```python\n{data['source']}```\n\n"
            f"When f({data['input']!r}) is called once, how many times does the line marked "
            f"`# <- count` execute? Answer with one integer.\n{ANSWER_FORMAT}"
        )

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            value = parse_int(answer, 0, 10**9)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"The answer is not usable: {exc}.")
        if str(value) == task.answer:
            return Verdict.right()
        return Verdict.fail("wrong", "That is not how many times the line runs.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"statements": params.statements, "lines": data["source"].count("\n")}

    def wrong_answers(self, task: Task) -> list[str]:
        return [f"<answer>{int(task.answer or 0) + 1}</answer>"]
