"""The conformance checker itself must catch broken environments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from pydantic import Field

from palaestra import Env, Params, Task, Verdict, register
from palaestra.registry import unregister
from palaestra.testing import ConformanceError, check_env


class EchoParams(Params):
    size: int = Field(3, ge=1, le=50, description="digits in the number; more is harder")


class EchoEnv(Env):
    """Repeat a number (a toy env for testing the checker)."""

    Params = EchoParams
    levels = {1: {"size": 5}, 2: {"size": 6}, 3: {"size": 8}}
    difficulty_cost = "digits"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        number = "".join(str(d) for d in rng.integers(0, 10, size=params.size))
        return {"number": number}, number

    def render(self, data: dict[str, Any], params: Any) -> str:
        return f"Repeat {data['number']}. <answer></answer>"

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"digits": len(data["number"])}

    def check(self, task: Task, answer: str) -> Verdict:
        return Verdict.right() if answer == task.answer else Verdict.fail("wrong", "No.")


@pytest.fixture
def registered() -> Iterator[list[str]]:
    ids: list[str] = []

    def add(env_id: str, cls: type[Env]) -> type[Env]:
        ids.append(env_id)
        return register(env_id)(type(cls.__name__, (cls,), {"__doc__": cls.__doc__}))

    yield add  # type: ignore[misc]
    for env_id in ids:
        unregister(env_id)


def test_a_correct_env_passes(registered: Any) -> None:
    report = check_env(registered("toy/echo-v1", EchoEnv)(), cross_process=False)
    assert report.cost_by_level == {1: 5.0, 2: 6.0, 3: 8.0}


def test_an_env_that_accepts_anything_fails(registered: Any) -> None:
    class Lenient(EchoEnv):
        """Accepts every output."""

        def check(self, task: Task, answer: str) -> Verdict:
            return Verdict.right()

    with pytest.raises(ConformanceError, match="must score below 1.0"):
        check_env(registered("toy/lenient-v1", Lenient)(), cross_process=False)


def test_a_checker_that_rejects_its_own_reference_fails(registered: Any) -> None:
    # verify() may accept the stored answer by exact match; check() must still accept it.
    class Blind(EchoEnv):
        """Rejects every answer in check()."""

        def check(self, task: Task, answer: str) -> Verdict:
            return Verdict.fail("wrong", "No.")

    with pytest.raises(ConformanceError, match=r"check\(\) rejects the reference"):
        check_env(registered("toy/blind-v1", Blind)(), cross_process=False)


def test_an_env_that_raises_on_junk_fails(registered: Any) -> None:
    class Fragile(EchoEnv):
        """Parses answers with int()."""

        def check(self, task: Task, answer: str) -> Verdict:
            int(answer)
            return Verdict.right() if answer == task.answer else Verdict.fail("wrong", "No.")

    with pytest.raises(ConformanceError, match="raised ValueError"):
        check_env(registered("toy/fragile-v1", Fragile)(), cross_process=False)


def test_an_env_with_unseeded_randomness_fails(registered: Any) -> None:
    class Unseeded(EchoEnv):
        """Draws from a fresh rng."""

        def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
            return super().sample(np.random.default_rng(), params)

    with pytest.raises(ConformanceError, match="not deterministic"):
        check_env(registered("toy/unseeded-v1", Unseeded)(), cross_process=False)


def test_non_monotone_levels_fail(registered: Any) -> None:
    class Backwards(EchoEnv):
        """Levels get easier."""

        levels = {1: {"size": 8}, 2: {"size": 6}, 3: {"size": 5}}

    with pytest.raises(ConformanceError, match="not monotone"):
        check_env(registered("toy/backwards-v1", Backwards)(), cross_process=False)


def test_repeating_tasks_fail(registered: Any) -> None:
    class Repetitive(EchoEnv):
        """Only ten distinct tasks at level 1."""

        levels = {1: {"size": 1}, 2: {"size": 4}, 3: {"size": 6}}

    with pytest.raises(ConformanceError, match="repeat a prompt"):
        check_env(registered("toy/repetitive-v1", Repetitive)(), cross_process=False)
