"""A third-party environment module, loaded through the `palaestra.envs` entry-point group."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra import Env, Task, Verdict, register


@register("toyplugin/parity-v1")
class Parity(Env):
    """Say whether a number is even (a plugin example)."""

    levels = {1: {}}

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        number = int(rng.integers(0, 1000))
        return {"number": number}, "even" if number % 2 == 0 else "odd"

    def render(self, data: dict[str, Any], params: Any) -> str:
        return f"Is {data['number']} even or odd? Answer inside <answer></answer>."

    def check(self, task: Task, answer: str) -> Verdict:
        ok = answer.strip().lower() == task.answer
        return Verdict.right() if ok else Verdict.fail("wrong", "No.")
