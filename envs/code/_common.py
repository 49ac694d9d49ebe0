"""What the code environments share: running trusted reference code in the sandbox during
generation, checking submitted functions and programs against hidden tests, and prompt text.

Every check first extracts and parses the answer in the host (`palaestra.verifiers.code`);
only answers that parse reach the sandbox, so junk costs nothing to reject.
"""

from __future__ import annotations

import json
from typing import Any

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.errors import SandboxError
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.tools.sandbox import Limits, TestCase, default_sandbox
from palaestra.verifiers.code import (
    LANGUAGE_NAMES,
    extract_code,
    fence,
    python_syntax_tree,
    run_failure,
)
from palaestra.verifiers.parsing import AnswerFormatError

CHECK_LIMITS = Limits(cpu_s=5.0, wall_s=10.0, memory_mb=512)
GENERATION_LIMITS = Limits(cpu_s=10.0, wall_s=20.0, memory_mb=1024)


def call_reference(
    source: str, function: str, calls: list[list[Any]], limits: Limits = GENERATION_LIMITS
) -> list[Any]:
    """Outcomes (``["ok", encoded]`` / ``["error", name]``) of trusted generated code.

    Raises:
        SandboxError: the reference did not run (a generator bug or a broken sandbox).
    """
    result, outcomes = default_sandbox().call_function(source, function, calls, limits)
    if outcomes is None:
        raise SandboxError(f"reference code failed: {result.verdict}: {result.stderr[-500:]}")
    return outcomes


def expected_values(source: str, function: str, calls: list[list[Any]]) -> list[Any]:
    """The encoded return values of a reference that must not raise on any call."""
    outcomes = call_reference(source, function, calls)
    for outcome in outcomes:
        if outcome[0] != "ok":
            raise SandboxError(f"reference {function} raised {outcome[1]}")
    return [outcome[1] for outcome in outcomes]


def code_format(language: str, what: str) -> str:
    name = LANGUAGE_NAMES[language]
    return (
        f"Answer with {what} as one fenced {name} code block inside the answer block, e.g.\n"
        f"<answer>\n```{language}\n...\n```\n</answer>\n{ANSWER_FORMAT}"
    )


def check_function(task: Task, answer: str, limits: Limits = CHECK_LIMITS) -> Verdict:
    """Checks a Python function against the hidden tests in ``task.data`` (inputs, expected)."""
    data = task.data
    try:
        code = extract_code(answer, "python")
        python_syntax_tree(code, data["function"])
    except AnswerFormatError as exc:
        return Verdict.fail("unparsable", f"The answer is not usable code: {exc}.")
    cases = list(zip(data["inputs"], data["expected"], strict=True))
    report = default_sandbox().run_function_tests(code, data["function"], cases, limits)
    if report.ok:
        return Verdict.right(feedback=f"All {report.total} hidden tests pass.")
    if report.verdict == "wrong_answer" or report.passed:
        return Verdict.fail(
            "wrong" if report.verdict == "wrong_answer" else run_failure(report.verdict, "").reason,
            f"{report.passed} of {report.total} hidden tests pass; {report.detail}",
        )
    return run_failure(report.verdict, report.detail)


def check_program(task: Task, answer: str, language: str, limits: Limits = CHECK_LIMITS) -> Verdict:
    """Checks a stdin/stdout program against ``task.data["tests"]`` ([stdin, expected])."""
    try:
        code = extract_code(answer, language)
        if language == "python":
            python_syntax_tree(code)
    except AnswerFormatError as exc:
        return Verdict.fail("unparsable", f"The answer is not usable code: {exc}.")
    tests = [TestCase(stdin, expected) for stdin, expected in task.data["tests"]]
    report = default_sandbox().run_tests(code, tests, language, limits)
    if report.ok:
        return Verdict.right(feedback=f"All {report.total} hidden tests pass.")
    return run_failure(report.verdict, report.detail)


def int_list_stdin(xs: list[int]) -> str:
    return f"{len(xs)}\n{' '.join(map(str, xs))}\n"


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(", ", ": "))


class CodeEnv(Env):
    """Base of the code environments (tags and the reference answer as a fenced block)."""

    tags = ("code",)
    language = "python"

    def reference_answer(self, task: Task) -> str:
        if task.answer is not None:
            return task.answer
        return fence(task.data["reference"], self.language)

    def solve(self, task: Task) -> str:
        return f"Reference solution.\n<answer>\n{self.reference_answer(task)}\n</answer>"


__all__ = [
    "CHECK_LIMITS",
    "CodeEnv",
    "Params",
    "call_reference",
    "check_function",
    "check_program",
    "code_format",
    "dumps",
    "expected_values",
    "int_list_stdin",
]
