"""Countdown numbers round: reach a three-digit target from six numbers, integers all the way."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import Env
from palaestra.envs.puzzles._common import format_example, read_expression
from palaestra.generators.puzzles_numbers import expression_text, plant_target
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

SMALL = [n for n in range(1, 11) for _ in range(2)]
LARGE = [25, 50, 75, 100]
MAX_DRAWS = 100  # number selections tried before giving up


class CountdownParams(Params):
    large: int = Field(
        2,
        ge=0,
        le=4,
        description="large numbers (25, 50, 75, 100) among the six; changes the flavour",
    )
    uses: int = Field(
        4, ge=2, le=6, description="numbers the planted solution combines; more is harder"
    )
    low: int = Field(101, ge=1, le=999, description="smallest target")
    high: int = Field(999, ge=1, le=9999, description="largest target; larger is harder")

    @model_validator(mode="after")
    def _range(self) -> CountdownParams:
        if self.low > self.high:
            raise ValueError(f"low={self.low} must not exceed high={self.high}")
        return self


@register("puzzles/countdown-v1")
class Countdown(Env):
    """Countdown numbers round: make the target from six numbers, every step a positive integer.

    Task: the numbers game of the TV show Countdown (1982; from "Des chiffres et des
    lettres", 1965). Six numbers are drawn from the large ones (25, 50, 75, 100) and two sets
    of 1..10; combine some or all of them with + - * / and parentheses to hit the target
    exactly. Each number may be used at most once, and every intermediate result must be a
    positive whole number (no fractions, no negatives). Instances: a random draw and a
    random expression over `uses` of the numbers under those rules, whose value in
    low..high becomes the target, so a solution exists. Any correct expression counts.

    Answer format: one arithmetic expression inside <answer></answer>, e.g.
    ``(100 + 4) * 7 - 25``.

    Knobs: `large` (0..4), `uses` (2..6; more is harder) and the target range `low`..`high`.
    Levels go from two-number targets below 100 to six-number targets up to 999.

    Verification: a safe parser (no eval) reads the expression with exact fractions and
    lists every operation; the numbers used must come from the six (no more often than
    drawn), every intermediate and the final value must be positive integers, and the
    value must equal the target. `task.meta["cost"]` records the planted uses and draws.

    Versions: v1, first release.
    """

    Params = CountdownParams
    levels = {
        1: {"large": 1, "uses": 2, "low": 10, "high": 99},
        2: {"large": 1, "uses": 3, "low": 10, "high": 99},
        3: {"large": 1, "uses": 3, "low": 101, "high": 999},
        4: {"large": 2, "uses": 3, "low": 101, "high": 999},
        5: {"large": 1, "uses": 4, "low": 101, "high": 999},
        6: {"large": 2, "uses": 4, "low": 101, "high": 999},
        7: {"large": 1, "uses": 5, "low": 101, "high": 999},
        8: {"large": 2, "uses": 5, "low": 101, "high": 999},
        9: {"large": 1, "uses": 6, "low": 101, "high": 999},
        10: {"large": 2, "uses": 6, "low": 101, "high": 999},
    }
    difficulty_cost = "uses"
    tags = ("puzzle", "arithmetic")

    def sample(
        self, rng: np.random.Generator, params: CountdownParams
    ) -> tuple[dict[str, Any], None]:
        for draw in range(1, MAX_DRAWS + 1):
            large = [LARGE[int(i)] for i in rng.choice(4, params.large, replace=False)]
            small = [SMALL[int(i)] for i in rng.choice(20, 6 - params.large, replace=False)]
            numbers = large + small
            planted = plant_target(rng, numbers, params.uses, params.low, params.high)
            if planted is not None:
                target, expr = planted
                data = {"numbers": numbers, "target": target, "solution": expression_text(expr)}
                data |= {"uses": params.uses, "draws": draw}
                return data, None
        raise ValueError(f"no target in {params.low}..{params.high} from {params.uses} numbers")

    def cost(self, data: dict[str, Any], params: CountdownParams) -> dict[str, Any]:
        return {"uses": data["uses"], "target": data["target"], "draws": data["draws"]}

    def render(self, data: dict[str, Any], params: CountdownParams) -> str:
        numbers = " ".join(map(str, data["numbers"]))
        return (
            f"Countdown numbers round. Numbers: {numbers}. Target: {data['target']}.\n\n"
            "Reach the target exactly using some or all of the numbers, each at most once (a "
            "number drawn twice may be used twice), with +, -, *, / and parentheses. Every "
            "intermediate result must be a positive whole number: no fractions, no zero, no "
            "negatives. Digits may not be joined into new numbers.\n\n"
            "Give one expression inside <answer></answer>. " + format_example("(100 + 4) * 7 - 25")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        result = read_expression(answer)
        if isinstance(result, Verdict):
            return result
        extra = Counter(result.numbers) - Counter(task.data["numbers"])
        if extra:
            number = min(extra)
            return Verdict.fail("wrong", f"{number} is used more often than it was drawn.")
        for step in result.steps:
            if step.result <= 0 or step.result.denominator != 1:
                return Verdict.fail(
                    "wrong",
                    f"{step.left} {step.op} {step.right} = {step.result} is not a positive "
                    "whole number.",
                )
        if result.value != task.data["target"]:
            return Verdict.fail(
                "wrong", f"The expression equals {result.value}, not {task.data['target']}."
            )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return task.data["solution"]

    def wrong_answers(self, task: Task) -> list[str]:
        numbers = task.data["numbers"]
        target = task.data["target"]
        return [
            f"<answer>{target}</answer>",
            f"<answer>{numbers[0]} - {numbers[0]} + {target}</answer>",
        ]
