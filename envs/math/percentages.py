"""Percentages and decimals: percent of, percent of what, successive changes, percent change."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder, size
from palaestra.generators.math_numbers import integer, plain_number
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

QUESTIONS = ("percent_of", "what_percent", "changes", "percent_change", "reverse")


class PercentagesParams(Params):
    max_value: int = Field(200, ge=20, le=10**7, description="largest amount; larger is harder")
    steps: int = Field(
        1,
        ge=1,
        le=6,
        description="successive percentage changes in 'changes' tasks; more is harder",
    )
    granularity: int = Field(
        10,
        ge=1,
        le=100,
        description="percentages are multiples of 10/granularity percent (1: of 10%, 10: of "
        "1%, 100: of 0.1%); larger is harder",
    )


def draw_percent(rng: np.random.Generator, granularity: int, low: int, high: int) -> Fraction:
    """A percentage in [low, high] that is a multiple of 10/granularity percent."""
    step = Fraction(10, granularity)
    first = max(1, -(-low * granularity // 10))
    return step * integer(rng, first, max(first, high * granularity // 10))


def decimal_text(value: Fraction) -> str:
    """A terminating decimal exactly (12.5), or p/q when the decimal does not terminate."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return plain_number(value)
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    whole, rest = divmod(abs(value.numerator) * 10**digits // value.denominator, 10**digits)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{rest:0{digits}d}" if digits else f"{sign}{whole}"


def change_text(change: Fraction) -> str:
    verb = "increases" if change > 0 else "decreases"
    return f"{verb} by {decimal_text(abs(change))}%"


@register("math/percentages-v1")
class Percentages(MathEnv):
    """Percentages: percent of an amount, what percent, successive changes, percent change.

    Task, one of five kinds drawn per task: "what is 12.5% of 640?", "what percent of 80 is
    14?", "a price of 250 rises by 20% and then falls by 15%; what is it now?", "by what
    percent did 80 change to 92?", "after a 25% discount a coat costs 120; what was the
    price?". Consumer arithmetic of school curricula and of GSM8K-style word problems.

    Answer format: an exact number, e.g. ``<answer>80</answer>`` or ``<answer>17.5</answer>``
    (a fraction p/q where the decimal does not terminate); percentages may carry a % sign
    (``<answer>12.5%</answer>``), a decrease is negative.

    Knobs: `max_value` (larger is harder), `steps` of successive changes (more is harder)
    and `granularity` of the percentages (1 gives multiples of 10%, 10 whole percents, 100
    tenths of a percent; larger is harder).

    Verification: exact comparison by `palaestra.verifiers.math.compare` (kind
    ``number``, ``percent=True``): 17.5 and 35/2 are right, 17.4 is wrong; a rounded
    decimal of a non-terminating value is wrong. References are computed with `Fraction`.

    Versions: v1, first release.
    """

    Params = PercentagesParams
    levels = ladder(
        max_value=[100, 200, 400, 1_000, 2_000, 5_000, 10**4, 10**5, 10**6, 10**7],
        steps=[1, 1, 2, 2, 2, 3, 3, 4, 5, 6],
        granularity=[1, 2, 4, 10, 10, 10, 20, 40, 100, 100],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "number", "percent": True}
    tags = ("math", "arithmetic", "percentages")

    def sample(
        self, rng: np.random.Generator, params: PercentagesParams
    ) -> tuple[dict[str, Any], str]:
        kind = QUESTIONS[integer(rng, 0, len(QUESTIONS) - 1)]
        g = params.granularity
        amount = Fraction(integer(rng, 2, params.max_value))
        if kind == "percent_of":
            p = draw_percent(rng, g, 1, 200)
            numbers, value = [p, amount], amount * p / 100
        elif kind == "what_percent":
            part = Fraction(integer(rng, 1, int(amount) * 2))
            numbers, value = [part, amount], part / amount * 100
        elif kind == "changes":
            signs = [1 if rng.random() < 0.5 else -1 for _ in range(params.steps)]
            changes = [sign * draw_percent(rng, g, 1, 60) for sign in signs]
            value = amount
            for change in changes:
                value = value * (100 + change) / 100
            numbers = [amount, *changes]
        elif kind == "percent_change":
            new = Fraction(integer(rng, 1, int(amount) * 2))
            if new == amount:
                new += 1
            numbers, value = [amount, new], (new - amount) / amount * 100
        else:
            change = draw_percent(rng, g, 1, 80) * (1 if rng.random() < 0.5 else -1)
            final = amount * (100 + change) / 100
            numbers, value = [final, change], amount
        data = {"kind": kind, "numbers": [plain_number(n) for n in numbers]}
        return data, plain_number(value)

    def render(self, data: dict[str, Any], params: PercentagesParams) -> str:
        n = [decimal_text(Fraction(x)) for x in data["numbers"]]
        kind = data["kind"]
        if kind == "percent_of":
            question = f"What is {n[0]}% of {n[1]}?"
        elif kind == "what_percent":
            question = f"{n[0]} is what percent of {n[1]}?"
        elif kind == "changes":
            steps = ", then ".join(change_text(Fraction(x)) for x in data["numbers"][1:])
            question = f"A quantity of {n[0]} {steps}. What is its final value?"
        elif kind == "percent_change":
            question = (
                f"A value changes from {n[0]} to {n[1]}. By what percent did it change? "
                "(Give a decrease as a negative percentage.)"
            )
        else:
            change = Fraction(data["numbers"][1])
            verb = "an increase" if change > 0 else "a decrease"
            question = (
                f"After {verb} of {decimal_text(abs(change))}%, a price is {n[0]}. What was the "
                "price before the change?"
            )
        return ask(
            question,
            "Give the exact value as a decimal or, if the decimal does not terminate, as a "
            "fraction p/q (no rounding); a percentage may be written with or without %.",
        )

    def cost(self, data: dict[str, Any], params: PercentagesParams) -> dict[str, Any]:
        numbers = [Fraction(x) for x in data["numbers"]]
        # The knobs bound the work: digits of the amounts, changes chained, percent digits.
        work = len(str(params.max_value)) + params.steps + len(str(params.granularity))
        return {"work": work, "size": size(numbers), "numbers": len(numbers)}

    def wrong_answers(self, task: Task) -> list[str]:
        value = Fraction(task.answer or "0")
        return [block(plain_number(value + 1)), block(plain_number(value * 100 + 1))]
