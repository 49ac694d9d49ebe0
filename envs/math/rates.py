"""Distance, speed and time word problems: meeting, catching up, average speed."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import WordProblemEnv, ladder
from palaestra.generators.math_numbers import integer
from palaestra.generators.word_problems import WordProblem, list_text, names, number_text
from palaestra.params import Params
from palaestra.registry import register


class RatesParams(Params):
    max_speed: int = Field(
        60, ge=10, le=1_000, description="largest speed in km/h; larger is harder"
    )
    legs: int = Field(2, ge=2, le=8, description="legs of a multi-leg trip; more is harder")
    minutes: bool = Field(
        False, description="some times are given or asked in minutes (unit conversion); harder"
    )


def speed(rng: np.random.Generator, params: RatesParams, low: int = 5) -> int:
    return integer(rng, low, params.max_speed)


def duration_text(hours: Fraction, minutes: bool) -> str:
    return f"{number_text(hours * 60)} minutes" if minutes else f"{number_text(hours)} hours"


def meet(rng: np.random.Generator, params: RatesParams) -> WordProblem:
    a, b = names(rng, 2)
    v1, v2 = speed(rng, params), speed(rng, params)
    hours = Fraction(integer(rng, 1, 16), 4)
    distance = (v1 + v2) * hours
    unit = "minutes" if params.minutes else "hours"
    answer = hours * 60 if params.minutes else hours
    text = (
        f"{a} and {b} start at the same time from two towns {number_text(distance)} km apart "
        f"and travel towards each other, {a} at {v1} km/h and {b} at {v2} km/h. After how "
        f"many {unit} do they meet?"
    )
    return WordProblem(text, answer, unit, 2 + params.minutes, numbers=[str(v1), str(v2)])


def catch_up(rng: np.random.Generator, params: RatesParams) -> WordProblem:
    a, b = names(rng, 2)
    slow = speed(rng, params)
    fast = slow + integer(rng, 1, max(2, params.max_speed // 3))
    head = Fraction(integer(rng, 1, 8), 4)
    answer = slow * head / (fast - slow)
    text = (
        f"{a} leaves a town driving at {slow} km/h. {duration_text(head, params.minutes)} "
        f"later {b} leaves the same town on the same road at {fast} km/h. How many hours "
        f"after {b} leaves does {b} catch up with {a}?"
    )
    return WordProblem(text, answer, "hours", 4 + params.minutes, numbers=[str(slow), str(fast)])


def round_trip(rng: np.random.Generator, params: RatesParams) -> WordProblem:
    (a,) = names(rng, 1)
    v1, v2 = speed(rng, params), speed(rng, params)
    while v2 == v1:
        v2 = speed(rng, params)
    distance = integer(rng, 10, 200)
    answer = Fraction(2 * v1 * v2, v1 + v2)
    text = (
        f"{a} drives {distance} km to a lake at {v1} km/h and returns along the same road at "
        f"{v2} km/h. What is the average speed for the whole round trip, in km/h?"
    )
    return WordProblem(text, answer, "km/h", 5, numbers=[str(v1), str(v2)])


def legs(rng: np.random.Generator, params: RatesParams) -> WordProblem:
    (a,) = names(rng, 1)
    parts, distance, time = [], Fraction(0), Fraction(0)
    for _ in range(params.legs):
        v = speed(rng, params)
        if rng.random() < 0.5:
            d = integer(rng, 5, 150)
            parts.append(f"{d} km at {v} km/h")
            distance, time = distance + d, time + Fraction(d, v)
        else:
            hours = Fraction(integer(rng, 1, 12), 4)
            parts.append(f"for {duration_text(hours, params.minutes)} at {v} km/h")
            distance, time = distance + v * hours, time + hours
    text = (
        f"On a trip {a} drives {list_text(parts)}. What is {a}'s average speed over the "
        "whole trip, in km/h?"
    )
    return WordProblem(text, distance / time, "km/h", 3 * params.legs, numbers=parts)


@register("math/rates-v1")
class Rates(WordProblemEnv):
    """Distance = speed x time word problems.

    Task, one of four templates per task: two travellers meeting, one catching up with
    another that left earlier, the average speed of a round trip (the harmonic mean, a
    classic trap) and the average speed of a multi-leg trip. The motion problems of school
    algebra and of GSM8K-style benchmarks, with every number generated consistently:
    meeting times are chosen first and the distance derived from them.

    Answer format: one exact number in the unit asked, e.g. ``<answer>2.5</answer>``,
    ``<answer>2.5 hours</answer>`` or ``<answer>480/7</answer>``.

    Knobs: `max_speed` (larger is harder), `legs` of a multi-leg trip (more is harder) and
    `minutes` (times in minutes, so units must be converted; harder).

    Verification: exact comparison by `palaestra.verifiers.math.compare` (kind ``number``,
    units allowed): a rounded decimal of 480/7 is wrong. References are `Fraction`
    arithmetic over the drawn quantities.

    Versions: v1, first release.
    """

    Params = RatesParams
    levels = ladder(
        max_speed=[20, 30, 40, 60, 60, 80, 90, 100, 120, 150],
        legs=[2, 2, 2, 3, 3, 3, 4, 5, 6, 8],
        minutes=[False, False, False, False, True, True, True, True, True, True],
    )
    templates = {"meet": meet, "catch_up": catch_up, "round_trip": round_trip, "legs": legs}
    difficulty_cost = "work"
    tags = ("math", "word-problem", "rates")

    def cost(self, data: dict[str, Any], params: RatesParams) -> dict[str, Any]:
        work = params.legs + len(str(params.max_speed)) + 2 * params.minutes
        return {"work": work, "steps": data["steps"]}
