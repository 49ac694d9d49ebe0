"""Code environments: what is special beyond the conformance suite."""

from __future__ import annotations

import numpy as np
import pytest

import palaestra as pa
from palaestra.generators.programs import list_program, list_steps
from palaestra.tools.sandbox import default_sandbox
from palaestra.verifiers.code import extract_code, parse_literal, python_syntax_tree
from palaestra.verifiers.parsing import AnswerFormatError


@pytest.mark.parametrize("language", ["cpp", "javascript"])
def test_list_programs_match_their_python_twin(language: str) -> None:
    box = default_sandbox()
    if language not in box.languages:
        pytest.skip(f"no {language} toolchain")
    rng = np.random.default_rng(7)
    for _ in range(2 if language == "cpp" else 6):
        steps = list_steps(rng, 6)
        xs = [int(v) for v in rng.integers(-9, 20, size=int(rng.integers(0, 10)))]
        twin = box.run(list_program(steps, "python", xs))
        other = box.run(list_program(steps, language, xs), language)
        assert other.ok, other.detail
        assert other.stdout.split() == twin.stdout.split(), list_program(steps, language, xs)
        stdin = f"{len(xs)}\n{' '.join(map(str, xs))}\n"
        from_stdin = box.run(list_program(steps, language), language, stdin=stdin)
        assert from_stdin.stdout.split() == twin.stdout.split()


def test_extract_code_rejects_junk_without_running() -> None:
    assert extract_code("```python\nx = 1\n```") == "x = 1"
    assert extract_code("text\n```\ndef f():\n    pass\n```\nmore") == "def f():\n    pass"
    for junk in ("no code", "```python\n```", "```js\nx\n```", "```\na\n```\n```\nb\n```"):
        with pytest.raises(AnswerFormatError):
            extract_code(junk, "python")
    with pytest.raises(AnswerFormatError, match="must define the function f"):
        python_syntax_tree("def g():\n    pass\n", "f")
    with pytest.raises(AnswerFormatError, match="syntax error"):
        python_syntax_tree("def f(:\n")
    assert parse_literal("(1, [2, 'a'])") == (1, [2, "a"])
    with pytest.raises(AnswerFormatError):
        parse_literal("__import__('os').system('true')")


def test_synthesis_rejects_gaming_and_accepts_other_correct_code() -> None:
    env = pa.make("code/synthesis-list-v1")
    task = env.generate(3, 4)
    name, params = task.data["function"], ", ".join(task.data["params"])
    gamers = [
        f"import os\ndef {name}({params}):\n    os._exit(0)\n",
        f"class Eq(list):\n    def __eq__(self, o):\n        return True\n"
        f"def {name}({params}):\n    return Eq()\n",
        f"print('PASSED')\ndef {name}({params}):\n    return None\n",
    ]
    for code in gamers:
        verdict = env.verify(task, f"<answer>\n```python\n{code}```\n</answer>")
        assert not verdict.correct, code
    renamed = task.data["reference"].replace("\n", "\n\n", 1)  # same code, other layout
    assert env.verify(task, f"<answer>\n```python\n{renamed}```\n</answer>").correct


def test_bug_fix_shows_a_test_the_buggy_code_fails() -> None:
    env = pa.make("code/bug-fix-v1")
    for seed in range(3):
        task = env.generate(seed, 5)
        assert task.data["buggy"] != task.data["reference"]
        buggy = f"<answer>\n```python\n{task.data['buggy']}\n```\n</answer>"
        assert not env.verify(task, buggy).correct


def test_complexity_times_out_the_naive_solution() -> None:
    env = pa.make("code/complexity-v1")
    task = env.generate(0, 10)
    verdict = env.verify(task, f"<answer>\n```python\n{task.data['naive']}```\n</answer>")
    assert verdict.reason == "timeout"


def test_regex_backtracking_is_bounded() -> None:
    env = pa.make("code/regex-synthesis-v1")
    task = env.generate(1, 3)
    assert env.verify(task, env.solve(task)).correct
    bomb = task.model_copy(update={"data": {**task.data, "positives": ["a" * 40 + "!"]}})
    verdict = env.verify(bomb, "<answer>(a+)+b</answer>")
    assert verdict.reason == "timeout"


def test_exception_labels_are_balanced() -> None:
    env = pa.make("code/exception-prediction-v1")
    labels = [env.generate(seed, 2).answer for seed in range(60)]
    counts = {label: labels.count(label) for label in set(labels)}
    assert len(counts) == 5 and max(counts.values()) <= 24, counts
