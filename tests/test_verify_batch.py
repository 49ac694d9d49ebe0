"""`Env.verify_batch` and the exact-answer fast path: the verdicts `verify` gives, item by item."""

from __future__ import annotations

import random

import pytest

import palaestra as pa
from palaestra.errors import ConfigError
from palaestra.records import Task, Verdict

EXACT_ENVS = [
    ("math/arithmetic-v1", {}),
    ("sat/ksat-v1", {}),
    ("puzzles/sudoku-v1", {"size": 4, "holes": 8}),
    ("puzzles/sudoku-v1", {"size": 9, "holes": 30}),
    ("logic/knights-knaves-v1", {}),
    ("logic/game-of-life-v1", {}),
    ("graphs/coloring-v1", {}),
    ("puzzles/hanoi-v1", {}),
    ("sat/nqueens-completion-v1", {}),
    ("logic/entailment-v1", {}),
]


def outputs_for(env: pa.Env, task: Task) -> list[str | None]:
    """Right, wrong and junk outputs: what a trainer's rollouts look like."""
    reference = env.solve(task)
    inner = reference.rsplit("<answer>", 1)[-1].split("</answer>", 1)[0]
    return [
        reference,
        f"Thinking first.\n<answer>{inner}</answer>",
        f"<answer>  {inner}\n</answer>",  # whitespace the extractor strips
        f"<answer>{inner}</answer><answer>something else</answer>",
        *env.wrong_answers(task),
        "<answer>not an answer</answer>",
        "<answer></answer>",
        "no answer block",
        "",
        None,
        "<answer>" + "9" * (env.max_answer_chars + 1) + "</answer>",
        "\\boxed{3}",
    ]


@pytest.mark.parametrize(("env_id", "knobs"), EXACT_ENVS, ids=lambda v: str(v))
def test_batch_equals_one_by_one(env_id: str, knobs: dict) -> None:
    env = pa.make(env_id)
    tasks, outputs = [], []
    for seed in range(4):
        task = env.generate(seed, **knobs)
        for output in outputs_for(env, task):
            tasks.append(task)
            outputs.append(output)
    order = list(range(len(tasks)))
    random.Random(0).shuffle(order)  # interleave tasks, as a trainer's batch does
    tasks = [tasks[i] for i in order]
    outputs = [outputs[i] for i in order]
    batch = env.verify_batch(tasks, outputs)
    single = [env.verify(t, o) for t, o in zip(tasks, outputs, strict=True)]
    assert batch == single
    assert all(isinstance(v, Verdict) for v in batch)
    assert any(v.correct for v in batch) and not all(v.correct for v in batch)


def test_repeated_outputs_reuse_one_check(monkeypatch: pytest.MonkeyPatch) -> None:
    env = pa.make("math/arithmetic-v1")
    task = env.generate(1)
    calls = []
    check = env.check

    def counting(task: Task, answer: str) -> Verdict:
        calls.append(answer)
        return check(task, answer)

    monkeypatch.setattr(env, "check", counting)
    outputs = ["<answer>12345</answer>"] * 8 + ["<answer>7/3</answer>"] * 8
    verdicts = env.verify_batch([task] * len(outputs), outputs)
    assert calls == ["12345", "7/3"]  # one check per distinct answer
    assert verdicts == [env.verify(task, o) for o in outputs]


def test_fast_path_gives_the_verdict_check_gives() -> None:
    for env_id, knobs in EXACT_ENVS:
        env = pa.make(env_id)
        for seed in range(3):
            task = env.generate(seed, **knobs)
            if task.answer is None:
                continue
            reference = env.solve(task)
            fast = env.verify(task, reference)
            env.fast_exact_match = False  # an instance attribute shadows the class default
            try:
                slow = env.verify(task, reference)
            finally:
                del env.fast_exact_match
            assert fast == slow, env_id


def test_lengths_must_match() -> None:
    env = pa.make("math/arithmetic-v1")
    task = env.generate(0)
    with pytest.raises(ConfigError, match="verify_batch got 2 tasks but 1 outputs"):
        env.verify_batch([task, task], ["<answer>1</answer>"])


def test_empty_batch() -> None:
    assert pa.make("math/arithmetic-v1").verify_batch([], []) == []


def test_foreign_task_and_raising_checker_score_zero_as_in_verify(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = pa.make("math/arithmetic-v1")
    other = pa.make("sat/ksat-v1").generate(0)
    task = env.generate(0)
    outputs = [env.solve(task), "<answer>1</answer>", "<answer>1</answer>"]
    tasks = [task, other, task]

    def broken(task: Task, answer: str) -> Verdict:
        raise RuntimeError("a verifier bug")

    monkeypatch.setattr(env, "check", broken)
    batch = env.verify_batch(tasks, outputs)
    assert batch == [env.verify(t, o) for t, o in zip(tasks, outputs, strict=True)]
    assert batch[0].correct  # the fast path never reaches the broken checker
    assert [v.reason for v in batch[1:]] == ["invalid", "invalid"]
