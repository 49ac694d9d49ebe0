"""Find an input on which a function and a one-constant variant of it disagree."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv, expected_values
from palaestra.envs.code._programs import (
    MAX_INPUT_LENGTH,
    PROGRAM_LEVELS,
    SAFE_CALL,
    ProgramParams,
    parse_int_list,
    random_input,
)
from palaestra.generators.programs import mutate, python_function, render_function
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError

CANDIDATES = 24


def pair_source(stmts: list, variant: list) -> str:
    """Both functions and ``both(xs)``, which returns their two outcomes."""
    return (
        render_function(stmts, "f")
        + "\n\n"
        + render_function(variant, "g", with_helpers=False)
        + SAFE_CALL
        + "\n\ndef both(xs):\n    return [_outcome(f, xs), _outcome(g, xs)]\n"
    )


@register("code/distinguishing-input-v1")
class DistinguishingInput(CodeEnv):
    """Give an input on which two nearly identical Python functions return different results.

    Task: a generated function ``f(xs)`` and a copy ``g`` with one constant changed (the kind
    of difference mutation testing produces); the model finds a list on which they disagree
    (different return values, or only one raises). Pairs are kept only when some input tells
    them apart, so an answer always exists.

    Answer format: a list of at most 20 integers, e.g. ``<answer>[2, 9]</answer>``.

    Knobs: `statements` (function length) and `length` (witness length); more is harder.

    Verification: certificate check: both functions run on the given list in the sandbox and
    their outcomes are compared outside.

    Versions: v1, first release.
    """

    Params = ProgramParams
    levels = PROGRAM_LEVELS
    difficulty_cost = "statements"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        for _ in range(40):
            stmts = python_function(rng, params.statements)
            source = pair_source(stmts, mutate(rng, stmts))
            inputs = [[random_input(rng, params.length)] for _ in range(CANDIDATES)]
            for args, (left, right) in zip(
                inputs, expected_values(source, "both", inputs), strict=True
            ):
                if left != right:
                    return {"source": source, "witness": args[0]}, None
        raise RuntimeError("no distinguishable variant found")  # does not happen in practice

    def render(self, data: dict[str, Any], params: Any) -> str:
        shown = data["source"].split("\n\ndef _outcome")[0]
        return (
            f"Here are two Python functions that differ in one constant:\n\n```python\n{shown}\n"
            f"```\n\nGive a list of integers xs (at most {MAX_INPUT_LENGTH}) on which f(xs) and "
            "g(xs) differ: they return different values, or exactly one of them raises.\n"
            f"Answer with the list, e.g. [2, 9]. {ANSWER_FORMAT}"
        )

    def reference_answer(self, task: Task) -> str:
        return repr(task.data["witness"])

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            xs = parse_int_list(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"The answer is not usable: {exc}.")
        left, right = expected_values(task.data["source"], "both", [[xs]])[0]
        if left != right:
            return Verdict.right()
        return Verdict.fail("wrong", "On that input f and g behave the same.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"statements": params.statements, "lines": data["source"].count("\n")}
