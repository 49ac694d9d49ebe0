"""Clock-hand angles: the angle between two hands of an analogue clock."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError

PAIRS = (("hour", "minute"), ("minute", "second"), ("hour", "second"))
_NUMBER = re.compile(
    r"(\d{1,6})(?:\.(\d{1,6}))?|(\d{1,6})\s*/\s*(\d{1,6})|(\d{1,6})\s+(\d{1,6})\s*/\s*(\d{1,6})"
)


def hand_angles(seconds: int) -> dict[str, Fraction]:
    """Angles clockwise from 12 of the three hands, `seconds` after 12:00:00."""
    return {
        "hour": Fraction(seconds, 120) % 360,
        "minute": Fraction(seconds, 10) % 360,
        "second": Fraction(6 * seconds) % 360,
    }


def smaller_angle(a: Fraction, b: Fraction) -> Fraction:
    gap = abs(a - b) % 360
    return min(gap, 360 - gap)


def show(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def clock_text(seconds: int, twenty_four: bool, pm: bool) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    hour = (h + 12 if pm else h) if twenty_four else (h or 12)
    suffix = "" if twenty_four else (" pm" if pm else " am")
    return (
        f"{hour:02d}:{m:02d}:{s:02d}{suffix}" if twenty_four else f"{hour}:{m:02d}:{s:02d}{suffix}"
    )


class ClockParams(Params):
    shifts: int = Field(
        0, ge=0, le=6, description="durations to add before reading the clock; more is harder"
    )
    all_hands: bool = Field(False, description="ask about the second hand too; on is harder")


@register("logic/clock-angle-v1")
class ClockAngle(ExactEnv):
    """The smaller angle between two hands of an analogue clock at a given time.

    Task: a time with seconds (12-hour or 24-hour notation), possibly followed by
    durations to add first; what is the smaller angle, in degrees, between the hour and
    minute hands (or, with `all_hands`, any two of the three hands)? The hands move
    continuously: the hour hand turns 0.5° a minute and 1/120° a second, the minute hand
    0.1° a second. The clock-angle problem of aptitude tests and recreational math.

    Answer format: the exact angle in degrees as an integer, a fraction or a finite
    decimal, e.g. ``127.5`` or ``255/2`` (no degree sign needed).

    Knobs: `shifts` (durations added first) and `all_hands`; more is harder. The cost
    counts the steps: reading the time, one per shift, one more with the second hand.

    Verification: exact rational comparison with the computed angle. No partial credit.

    Versions: v1, first release.
    """

    Params = ClockParams
    levels = ladder(
        shifts=[0, 0, 0, 1, 1, 1, 2, 2, 3, 4],
        all_hands=[False, False, True, False, True, True, True, True, True, True],
    )
    difficulty_cost = "steps"
    tags = ("logic", "time", "arithmetic")
    wrong_feedback = "That is not the angle."

    def sample(self, rng: np.random.Generator, params: ClockParams) -> tuple[dict[str, Any], str]:
        start = int(rng.integers(12 * 3600))
        shifts = [int(rng.integers(60, 12 * 3600)) for _ in range(params.shifts)]
        pair = PAIRS[int(rng.integers(3))] if params.all_hands else PAIRS[0]
        angles = hand_angles((start + sum(shifts)) % (12 * 3600))
        answer = smaller_angle(angles[pair[0]], angles[pair[1]])
        data = {
            "start": start,
            "twenty_four": bool(rng.integers(2)),
            "pm": bool(rng.integers(2)),
            "shifts": shifts,
            "pair": list(pair),
        }
        return data, show(answer)

    def render(self, data: dict[str, Any], params: ClockParams) -> str:
        text = (
            f"An analogue clock shows {clock_text(data['start'], data['twenty_four'], data['pm'])}."
        )
        for shift in data["shifts"]:
            h, rest = divmod(shift, 3600)
            m, s = divmod(rest, 60)
            text += f" Then {h} h {m} min {s} s pass."
        first, second = data["pair"]
        body = (
            f"{text}\n\nAll hands move continuously (the hour hand also moves with the minutes "
            f"and seconds). What is the smaller angle, in degrees, between the {first} hand and "
            f"the {second} hand at the end?"
        )
        return ask(
            body,
            "Give the exact number of degrees as an integer, fraction or decimal, e.g. 127.5 "
            "or 255/2.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"steps": 1 + len(data["shifts"]) + ("second" in data["pair"])}

    def normalize(self, text: str, task: Task) -> str:
        cleaned = text.strip().rstrip(".").replace("°", "").replace("degrees", "").strip()
        match = _NUMBER.fullmatch(cleaned)
        if match is None:
            raise AnswerFormatError("give one number of degrees, e.g. 127.5 or 255/2")
        whole, decimals, num, den, mixed, mnum, mden = match.groups()
        if whole is not None:
            value = Fraction(int(whole)) + (
                Fraction(int(decimals), 10 ** len(decimals)) if decimals else 0
            )
        elif num is not None:
            if int(den) == 0:
                raise AnswerFormatError("the denominator is zero")
            value = Fraction(int(num), int(den))
        else:
            if int(mden) == 0:
                raise AnswerFormatError("the denominator is zero")
            value = int(mixed) + Fraction(int(mnum), int(mden))
        return show(value)

    def wrong_answers(self, task: Task) -> list[str]:
        value = Fraction(task.answer or "0")
        return [block(show(360 - value)), block(show(value + 1))]
