"""CRUXEval-style input prediction: find an input that makes a function return a value."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv, call_reference, expected_values
from palaestra.envs.code._programs import (
    MAX_INPUT_LENGTH,
    PROGRAM_LEVELS,
    ProgramParams,
    parse_int_list,
    random_input,
    show,
)
from palaestra.generators.programs import python_function, render_function
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.tools.sandbox import values_equal
from palaestra.verifiers.parsing import AnswerFormatError


@register("code/input-prediction-v1")
class InputPrediction(CodeEnv):
    """Give an input list on which a generated Python function returns a stated value.

    Task: CRUXEval-I style (Gu et al., 2024): the function ``f(xs)`` and a value it returns
    for some input are shown; any input that produces that value is correct.

    Answer format: a list of at most 20 integers, e.g. ``<answer>[4, 0, 7]</answer>``.

    Knobs: `statements` (function length) and `length` (hidden input's length); more is
    harder.

    Verification: certificate check by running ``f`` on the given input in the sandbox; the
    return value comes out as JSON and is compared outside.

    Versions: v1, first release.
    """

    Params = ProgramParams
    levels = PROGRAM_LEVELS
    difficulty_cost = "statements"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        stmts = python_function(rng, params.statements)
        source = render_function(stmts)
        xs = random_input(rng, params.length)
        value = expected_values(source, "f", [[xs]])[0]
        return {"source": source, "witness": xs, "expected": value}, None

    def render(self, data: dict[str, Any], params: Any) -> str:
        return (
            f"Here is a Python program:\n\n```python\n{data['source']}```\n\n"
            f"Give a list of integers xs (at most {MAX_INPUT_LENGTH}) such that f(xs) returns "
            f"{show(tuple(data['expected']))}. Any such list is accepted.\n"
            f"Answer with the list, e.g. [4, 0, 7]. {ANSWER_FORMAT}"
        )

    def reference_answer(self, task: Task) -> str:
        return repr(task.data["witness"])

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            xs = parse_int_list(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"The answer is not usable: {exc}.")
        outcome = call_reference(task.data["source"], "f", [[xs]])[0]
        if outcome[0] == "ok" and values_equal(outcome[1], task.data["expected"]):
            return Verdict.right()
        got = f"returns {show(outcome[1])}" if outcome[0] == "ok" else f"raises {outcome[1]}"
        return Verdict.fail("wrong", f"On that input f {got}."[:300])

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"statements": params.statements, "lines": data["source"].count("\n")}

    def wrong_answers(self, task: Task) -> list[str]:
        return ["<answer>[1, 2, 3] or [4]</answer>"]
