"""Which exception does a generated Python function raise, if any?"""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv, call_reference
from palaestra.envs.code._programs import PROGRAM_LEVELS, ProgramParams, random_input
from palaestra.generators.programs import python_function, render_function
from palaestra.records import Task, Verdict
from palaestra.registry import register

LABELS = ("NoException", "IndexError", "ZeroDivisionError", "KeyError", "ValueError")
RISKY = (
    "    return xs[acc % 7]",
    "    return 100 // (acc % 4)",
    '    return {0: "zero", 1: "one"}[acc % 3]',
    '    return int("42x"[: acc % 4])',
)
CANDIDATES = 16


@register("code/exception-prediction-v1")
class ExceptionPrediction(CodeEnv):
    """Say which exception a generated Python function raises on an input, or NoException.

    Task: a generated function ``f(xs)`` whose last line indexes a list, divides, looks up a
    dict key or parses an integer, depending on the computed accumulator; the model names the
    exception ``f(input)`` raises. The label is drawn first and an input with that outcome is
    searched for, so the five answers are balanced.

    Answer format: one of NoException, IndexError, ZeroDivisionError, KeyError, ValueError.

    Knobs: `statements` (function length) and `length` (input list length); more is harder.

    Verification: exact match with the outcome of running the function in the sandbox at
    generation time.

    Versions: v1, first release.
    """

    Params = ProgramParams
    levels = PROGRAM_LEVELS
    difficulty_cost = "statements"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        label = LABELS[int(rng.integers(len(LABELS)))]
        for _ in range(30):
            stmts = python_function(rng, params.statements)
            risky = (
                RISKY[LABELS.index(label) - 1]
                if label != "NoException"
                else RISKY[int(rng.integers(len(RISKY)))]
            )
            source = render_function(stmts).replace("    return acc, xs\n", risky + "\n")
            inputs = [[random_input(rng, params.length)] for _ in range(CANDIDATES)]
            outcomes = call_reference(source, "f", inputs)
            for args, outcome in zip(inputs, outcomes, strict=True):
                found = "NoException" if outcome[0] == "ok" else outcome[1]
                if found == label:
                    return {"source": source, "input": args[0]}, label
        raise RuntimeError(f"no input raising {label} found")  # does not happen in practice

    def render(self, data: dict[str, Any], params: Any) -> str:
        return (
            f"Here is a Python program:\n\n```python\n{data['source']}```\n\n"
            f"Which exception does f({data['input']!r}) raise? Answer with exactly one of: "
            f"{', '.join(LABELS)}.\n{ANSWER_FORMAT}"
        )

    def check(self, task: Task, answer: str) -> Verdict:
        word = answer.strip().strip("`.").strip()
        matches = [label for label in LABELS if label.lower() == word.lower()]
        if not matches:
            return Verdict.fail("unparsable", f"Answer with exactly one of {', '.join(LABELS)}.")
        if matches[0] == task.answer:
            return Verdict.right()
        return Verdict.fail("wrong", "That is not what happens when f runs on this input.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"statements": params.statements, "lines": data["source"].count("\n")}

    def wrong_answers(self, task: Task) -> list[str]:
        return [f"<answer>{label}</answer>" for label in LABELS if label != task.answer]
