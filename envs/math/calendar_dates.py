"""Calendar arithmetic: weekdays of dates, days between dates, the date n days later."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
QUESTIONS = ("weekday", "between", "after")
FIRST = dt.date(1601, 1, 1).toordinal()
LAST = dt.date(2399, 12, 31).toordinal()


class CalendarParams(Params):
    max_days: int = Field(
        60,
        ge=7,
        le=100_000,
        description="largest gap between the two dates in days; larger is harder",
    )


def long_date(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


@register("math/calendar-v1")
class Calendar(MathEnv):
    """Date arithmetic in the Gregorian calendar.

    Task, one of three drawn per task: "January 1, 2024 was a Monday; what day of the week
    was March 15, 2031?", "how many days are there from May 3, 1999 to February 29, 2000?",
    "what date is 1000 days after June 9, 2021?". Calendar reasoning with leap years
    (divisible by 4, except centuries not divisible by 400), as in Zeller's congruence and
    the date-understanding tasks of BIG-bench.

    Answer format: a weekday name (``<answer>Saturday</answer>``), a whole number of days
    (``<answer>302</answer>``) or a date in ISO form (``<answer>2024-03-05</answer>``), as
    the question says.

    Knobs: `max_days`, the largest gap between the dates (larger is harder: more years and
    leap days to count).

    Verification: `palaestra.verifiers.math.compare`, kind ``text`` for weekdays and dates
    (case and spaces do not matter) and ``rational`` for day counts. References come from
    `datetime.date` (proleptic Gregorian), between 1601 and 2399.

    Versions: v1, first release.
    """

    Params = CalendarParams
    levels = ladder(max_days=[60, 120, 250, 400, 800, 1_500, 3_000, 8_000, 30_000, 100_000])
    difficulty_cost = "gap_days"
    tags = ("math", "calendar")

    def options(self, task: Task) -> dict[str, Any]:
        return {"kind": "rational" if task.data["question"] == "between" else "text"}

    def sample(
        self, rng: np.random.Generator, params: CalendarParams
    ) -> tuple[dict[str, Any], str]:
        question = QUESTIONS[integer(rng, 0, 2)]
        gap = integer(rng, 1, params.max_days)
        start = integer(rng, FIRST, LAST - gap)
        first, second = dt.date.fromordinal(start), dt.date.fromordinal(start + gap)
        if rng.random() < 0.5 and question == "weekday":
            first, second = second, first  # the known weekday may come after
        data = {
            "question": question,
            "first": first.isoformat(),
            "second": second.isoformat(),
            "gap": gap,
        }
        if question == "weekday":
            data["first_weekday"] = WEEKDAYS[first.weekday()]
            return data, WEEKDAYS[second.weekday()]
        if question == "between":
            return data, str(gap)
        return data, second.isoformat()

    def render(self, data: dict[str, Any], params: CalendarParams) -> str:
        first = long_date(dt.date.fromisoformat(data["first"]))
        second = long_date(dt.date.fromisoformat(data["second"]))
        if data["question"] == "weekday":
            question = f"{first} was a {data['first_weekday']}. What day of the week was {second}?"
            form = "Give the weekday's name in English, for example Saturday."
        elif data["question"] == "between":
            question = (
                f"How many days are there from {first} to {second}? (From a date to the "
                "next day is 1 day.)"
            )
            form = "Give the number of days as an integer."
        else:
            question = f"What date is {data['gap']} days after {first}?"
            form = "Give the date in ISO form YYYY-MM-DD, for example 2024-03-05."
        return ask(
            f"Use the Gregorian calendar (leap years are divisible by 4, except century years "
            f"not divisible by 400). {question}",
            form,
        )

    def cost(self, data: dict[str, Any], params: CalendarParams) -> dict[str, Any]:
        return {"gap_days": data["gap"]}

    def wrong_answers(self, task: Task) -> list[str]:
        data = task.data
        if data["question"] == "weekday":
            index = WEEKDAYS.index(task.answer or "Monday")
            return [block(WEEKDAYS[(index + 1) % 7])]
        if data["question"] == "between":
            return [block(str(data["gap"] + 1))]
        later = dt.date.fromisoformat(data["second"]) + dt.timedelta(days=1)
        return [block(later.isoformat())]
