"""What is special about sat/ksat-v1: certificate checking and Saturn's knobs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.sat.ksat import saturn_difficulty
from palaestra.verifiers.sat import first_false_clause, format_assignment

ENV = pa.make("sat/ksat-v1")


def test_saturn_difficulty_formula() -> None:
    assert saturn_difficulty(3, 5, 5) == pytest.approx(5.6325, abs=1e-4)
    assert ENV.generate(0, 7).meta["cost"]["saturn_d"] == pytest.approx(
        saturn_difficulty(3, 7, 40), abs=1e-4
    )


def test_instances_have_the_requested_shape_and_the_planted_model() -> None:
    task = ENV.generate(4, n=4, k=30, l=120)
    clauses = task.data["clauses"]
    assert len(clauses) == 120
    assert all(len(c) == 4 and len({abs(x) for x in c}) == 4 for c in clauses)
    assert all(1 <= abs(x) <= 30 for c in clauses for x in c)
    assert first_false_clause(clauses, task.data["planted"]) is None
    assert task.answer is None  # many assignments are valid: checked by certificate
    assert task.meta["cost"]["decisions"] >= 0 and task.meta["cost"]["variables"] == 30


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(1, 4))
def test_every_assignment_is_judged_by_the_clauses_alone(seed: int, level: int) -> None:
    task = ENV.generate(seed, level)
    clauses, n_vars = task.data["clauses"], task.data["n_vars"]
    for values in itertools.product([False, True], repeat=n_vars):
        verdict = ENV.verify(task, f"<answer>{format_assignment(list(values))}</answer>")
        assert verdict.correct == (first_false_clause(clauses, list(values)) is None)


@pytest.mark.parametrize(
    ("answer", "reason", "feedback"),
    [
        ("1 -2 3 4", "invalid", "missing: x5"),
        ("1 -2 3 4 5 -1", "invalid", "x1 appears more than once"),
        ("1 2 3 4 5 6", "invalid", "6 is not a valid literal: expected -5..5"),
        ("0 1 2 3 4 5", "invalid", "0 is not a variable"),
        ("x1=T x2=F", "invalid", "write only integers"),
    ],
)
def test_malformed_assignments_are_invalid_not_read_as_false(
    answer: str, reason: str, feedback: str
) -> None:
    task = ENV.generate(1, 1)
    verdict = ENV.verify(task, f"<answer>{answer}</answer>")
    assert (verdict.score, verdict.reason) == (0.0, reason)
    assert feedback in verdict.feedback


def test_brackets_and_commas_are_accepted() -> None:
    task = ENV.generate(2, 1)
    literals = format_assignment(task.data["planted"]).split()
    assert ENV.verify(task, f"<answer>[{', '.join(literals)}]</answer>").correct


def test_multi_turn_feedback_names_the_false_clause() -> None:
    _, info = ENV.reset(seed=5, options={"difficulty": 3})
    task = info["task"]
    flipped = [not v for v in task.data["planted"]]
    if first_false_clause(task.data["clauses"], flipped) is None:
        pytest.skip("the complement happens to satisfy this formula")
    observation, reward, terminated, truncated, _ = ENV.step(
        f"<answer>{format_assignment(flipped)}</answer>"
    )
    assert reward == 0.0 and not terminated and not truncated
    assert observation.startswith("Clause ") and "tries left" in observation
