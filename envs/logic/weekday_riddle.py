"""Weekday riddles: "if the day after tomorrow is Friday, what was yesterday?"."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import WEEKDAYS, ExactEnv, ask, block, ladder, parse_weekday
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

BASES = (
    ("today", 0), ("tomorrow", 1), ("yesterday", -1),
    ("the day after tomorrow", 2), ("the day before yesterday", -2),
)  # fmt: skip


def day_phrase(rng: np.random.Generator, steps: int, largest: int) -> tuple[str, int]:
    """A phrase naming a day relative to today, built from `steps` wrappers, and its offset."""
    text, offset = BASES[int(rng.integers(len(BASES)))]
    for _ in range(steps):
        kind = int(rng.integers(4))
        if kind == 0:
            k = int(rng.integers(2, largest + 1))
            text, offset = f"{k} days after {text}", offset + k
        elif kind == 1:
            k = int(rng.integers(2, largest + 1))
            text, offset = f"{k} days before {text}", offset - k
        elif kind == 2:
            k = int(rng.integers(1, max(2, largest // 7) + 1))
            after = bool(rng.integers(2))
            text = f"{k} week{'s' if k > 1 else ''} {'after' if after else 'before'} {text}"
            offset += 7 * k if after else -7 * k
        else:
            after = bool(rng.integers(2))
            text, offset = (
                f"the day {'after' if after else 'before'} {text}",
                offset + (1 if after else -1),
            )
    return text, offset


class RiddleParams(Params):
    steps: int = Field(1, ge=0, le=8, description="relative steps per phrase; more is harder")
    largest: int = Field(
        5, ge=2, le=1000, description="largest day count in a step; more is harder"
    )


@register("logic/weekday-riddle-v1")
class WeekdayRiddle(ExactEnv):
    """Relative-day riddles: from the weekday of one relative day, find another's.

    Task: "If 3 days before the day after tomorrow is a Friday, what day of the week is
    10 days after yesterday?" Both days are phrases built from today, tomorrow, yesterday
    and their neighbours, wrapped in "k days after/before", "k weeks after/before" and
    "the day after/before". A staple of verbal-reasoning tests (and of BIG-bench's
    date-understanding task), with answers that follow from arithmetic modulo 7.

    Answer format: one weekday name, e.g. ``Thursday``.

    Knobs: `steps` per phrase and the `largest` day count; more of each is harder. The
    cost is the number of steps in both phrases plus two.

    Verification: exact comparison of the weekday (full name or three letters, any
    case). No partial credit.

    Versions: v1, first release.
    """

    Params = RiddleParams
    levels = ladder(
        steps=[1, 1, 2, 2, 3, 3, 4, 5, 6, 7], largest=[5, 10, 10, 20, 30, 50, 100, 200, 500, 1000]
    )
    difficulty_cost = "steps"
    tags = ("logic", "calendar")
    wrong_feedback = "That is not the right weekday."

    def sample(self, rng: np.random.Generator, params: RiddleParams) -> tuple[dict[str, Any], str]:
        known, known_offset = day_phrase(rng, params.steps, params.largest)
        asked, asked_offset = day_phrase(rng, params.steps, params.largest)
        weekday = int(rng.integers(7))
        answer = WEEKDAYS[(weekday + asked_offset - known_offset) % 7]
        data = {"known": known, "weekday": weekday, "asked": asked, "steps": 2 * params.steps + 2}
        return data, answer

    def render(self, data: dict[str, Any], params: RiddleParams) -> str:
        body = (
            f"If {data['known']} is a {WEEKDAYS[data['weekday']]}, what day of the week is "
            f"{data['asked']}?"
        )
        return ask(body[0].upper() + body[1:], "Give one weekday name, e.g. Thursday.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"steps": data["steps"]}

    def normalize(self, text: str, task: Task) -> str:
        return WEEKDAYS[parse_weekday(text)]

    def wrong_answers(self, task: Task) -> list[str]:
        index = WEEKDAYS.index(task.answer or "Monday")
        return [block(WEEKDAYS[(index + 1) % 7]), block("Monday Tuesday")]
