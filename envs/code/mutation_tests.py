"""Write test cases that the correct function passes and that catch every hidden mutant."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv, expected_values
from palaestra.envs.code._programs import (
    PROGRAM_LEVELS,
    SAFE_CALL,
    ProgramParams,
    parse_int_list,
    random_input,
    same_value,
    show,
)
from palaestra.generators.programs import mutate, python_function, render_function
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.code import parse_literal
from palaestra.verifiers.parsing import AnswerFormatError

MAX_TESTS = 8
CANDIDATES = 24
_LINE = re.compile(r"f\((.{0,400})\)\s*==\s*(.{1,2000})")


class MutationParams(ProgramParams):
    mutants: int = Field(3, ge=1, le=6, description="hidden mutants to catch; more is harder")


def versions_source(stmts: list, mutants: list[list]) -> str:
    parts = [render_function(stmts, "f")]
    parts += [render_function(m, f"m{i}", with_helpers=False) for i, m in enumerate(mutants)]
    names = ", ".join(["f", *(f"m{i}" for i in range(len(mutants)))])
    return (
        "\n\n".join(parts)
        + SAFE_CALL
        + f"\n\ndef versions(xs):\n    return [_outcome(v, xs) for v in ({names},)]\n"
    )


def parse_tests(answer: str) -> list[tuple[list[int], Any]]:
    """Lines ``f([...]) == value``; blank lines are ignored."""
    tests = []
    for line in answer.strip().splitlines():
        line = line.strip().removeprefix("assert ").strip()
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if not match:
            raise AnswerFormatError("write each test as f([...]) == value on its own line")
        tests.append((parse_int_list(match.group(1)), parse_literal(match.group(2))))
    if not 1 <= len(tests) <= MAX_TESTS:
        raise AnswerFormatError(f"give between 1 and {MAX_TESTS} tests")
    return tests


@register("code/mutation-tests-v1")
class MutationTests(CodeEnv):
    """Write unit tests for a generated Python function that kill all hidden mutants.

    Task: mutation testing (DeMillo, Lipton and Sayward, 1978) turned around: the model sees
    the correct function ``f(xs)`` and writes at most 8 test cases ``f([...]) == value``. Every
    test must hold for ``f``, and each hidden mutant (``f`` with one constant changed, known
    to be distinguishable) must fail at least one of them.

    Answer format: one test per line, e.g. ``<answer>f([1, 2]) == (3, [2, 4])</answer>``.

    Knobs: `statements` (function length), `length` (input length) and `mutants` (how many
    hidden mutants); more is harder.

    Verification: the function and the mutants run on the test inputs in the sandbox; their
    return values come out as JSON and are compared with the stated values outside.

    Versions: v1, first release.
    """

    Params = MutationParams
    levels = {
        lv: {**preset, "mutants": min(6, 1 + lv // 2)} for lv, preset in PROGRAM_LEVELS.items()
    }
    difficulty_cost = "statements"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        for _ in range(40):
            stmts = python_function(rng, params.statements)
            pool = [mutate(rng, stmts) for _ in range(3 * params.mutants)]
            inputs = [[random_input(rng, params.length)] for _ in range(CANDIDATES)]
            outcomes = expected_values(versions_source(stmts, pool), "versions", inputs)
            mutants: list[list] = []
            witnesses: list[list[int]] = []
            for index, mutant in enumerate(pool, start=1):
                found = [
                    a[0]
                    for a, o in zip(inputs, outcomes, strict=True)
                    if o[0][0] == "ok" and o[index] != o[0]
                ]
                if found and mutant not in mutants:
                    mutants.append(mutant)
                    if found[0] not in witnesses:
                        witnesses.append(found[0])
                if len(mutants) == params.mutants:
                    source = versions_source(stmts, mutants)
                    return {
                        "source": source,
                        "mutants": params.mutants,
                        "witnesses": witnesses,
                    }, None
        raise RuntimeError("no killable mutants found")  # does not happen in practice

    def render(self, data: dict[str, Any], params: Any) -> str:
        shown = data["source"].split("\n\ndef m0(")[0]
        return (
            f"Here is a correct Python function:\n\n```python\n{shown}\n```\n\n"
            f"Write at most {MAX_TESTS} test cases, one per line, in the form "
            "f([...]) == value. Every test must hold for f. There are "
            f"{data['mutants']} hidden buggy versions of f, each with one constant changed; "
            "each must fail at least one of your tests.\n"
            f"Example line: f([1, 2]) == (3, [2, 4])\n{ANSWER_FORMAT}"
        )

    def reference_answer(self, task: Task) -> str:
        outcomes = expected_values(
            task.data["source"], "versions", [[xs] for xs in task.data["witnesses"]]
        )
        lines = [
            f"f({xs!r}) == {show(tuple(o[0][1]))}"
            for xs, o in zip(task.data["witnesses"], outcomes, strict=True)
        ]
        return "\n".join(lines)

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            tests = parse_tests(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"The tests are not usable: {exc}.")
        outcomes = expected_values(task.data["source"], "versions", [[xs] for xs, _ in tests])
        killed = [False] * task.data["mutants"]
        for index, ((_, stated), outcome) in enumerate(zip(tests, outcomes, strict=True)):
            right = outcome[0][0] == "ok" and same_value(stated, outcome[0][1])
            if not right:
                return Verdict.fail("wrong", f"Test {index + 1} does not hold for f.")
            for m, mutant in enumerate(outcome[1:]):
                if not (mutant[0] == "ok" and same_value(stated, mutant[1])):
                    killed[m] = True
        if all(killed):
            return Verdict.right()
        return Verdict.fail(
            "wrong", f"{killed.count(False)} of {len(killed)} hidden buggy versions pass all tests."
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"statements": params.statements, "mutants": params.mutants}
