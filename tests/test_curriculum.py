"""The Saturn-style curriculum helper: advance past a level once pass@1 exceeds epsilon."""

from __future__ import annotations

import pytest

import palaestra as pa
from palaestra.benchmarks.curriculum import SaturnCurriculum, next_level
from palaestra.errors import ConfigError


@pytest.mark.parametrize(
    ("rates", "current", "expected"),
    [
        ({1: 0.82, 2: 0.31}, 1, 2),  # passed level 1: move on
        ({1: 0.5}, 1, 1),  # exactly epsilon is not more than epsilon
        ({}, 3, 3),  # nothing measured: stay
        ({1: 0.9, 2: 0.8, 3: 0.7, 4: 0.2}, 1, 4),  # already passes 1..3: skip them
        ({1: 0.9, 3: 0.9}, 1, 2),  # an unmeasured level stops the climb
        ({9: 0.9, 10: 0.99}, 10, 10),  # the top level is never left
        ({4: 0.0}, 4, 4),  # and the level never goes down
    ],
)
def test_next_level(rates: dict[int, float], current: int, expected: int) -> None:
    assert next_level(rates, current, epsilon=0.5) == expected


def test_epsilon_and_levels_are_validated() -> None:
    with pytest.raises(ConfigError, match="epsilon must be in"):
        next_level({}, 1, epsilon=1.0)
    with pytest.raises(ConfigError, match="current level 11 is not one of the levels"):
        next_level({}, 11)
    with pytest.raises(ConfigError, match="min_attempts"):
        SaturnCurriculum(window=4, min_attempts=8)


def test_curriculum_waits_for_enough_attempts_then_advances() -> None:
    curriculum = SaturnCurriculum(epsilon=0.6, window=10, min_attempts=5)
    curriculum.record(1, [1.0, 1.0, 1.0, 1.0])
    assert curriculum.pass_at_1(1) is None and curriculum.update() == 1
    curriculum.record(1, 0.5)  # partial credit is not a pass
    assert curriculum.pass_at_1(1) == pytest.approx(0.8)
    assert curriculum.update() == 2
    curriculum.record(2, [0.0] * 10)
    assert curriculum.update() == 2


def test_window_forgets_old_attempts() -> None:
    curriculum = SaturnCurriculum(levels=[1, 2, 3], window=4, min_attempts=4, start=2)
    curriculum.record(2, [0.0] * 4)
    assert curriculum.update() == 2
    curriculum.record(2, [1.0] * 4)  # the failures drop out of the window
    assert curriculum.pass_rates() == {2: 1.0}
    assert curriculum.update() == 3


def test_trainer_loop_example_from_the_docstring() -> None:
    env = pa.make("sat/ksat-v1")
    curriculum = SaturnCurriculum(epsilon=0.5, window=8, min_attempts=8)
    levels_seen = []
    for step in range(4):
        tasks = list(env.stream(8, seed=step, difficulty=curriculum.level))
        rewards = [env.verify(task, env.solve(task)).score for task in tasks]  # a perfect policy
        curriculum.record(curriculum.level, rewards)
        levels_seen.append(curriculum.update())
    assert levels_seen == [2, 3, 4, 5]
