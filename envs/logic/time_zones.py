"""Time-zone reasoning: local arrival time of a journey across time zones."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import WEEKDAYS, ExactEnv, ask, block, ladder, parse_weekday
from palaestra.generators.vocab import place_names
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError

# UTC offsets in minutes, as real zones have them (whole hours, and a few :30 and :45).
OFFSETS = (*range(-600, 841, 60), -210, 210, 270, 330, 345, 390, 525, 570, 630, 765)
WEEK = 7 * 24 * 60
_TIME = re.compile(r"([A-Za-z]+)[\s,]+(\d{1,2}):(\d{2})")


def utc_text(offset: int) -> str:
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def moment(week_minute: int) -> str:
    day, rest = divmod(week_minute % WEEK, 24 * 60)
    return f"{WEEKDAYS[day]} {rest // 60:02d}:{rest % 60:02d}"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min"


class TimeZoneParams(Params):
    legs: int = Field(1, ge=1, le=8, description="flights in the journey; more is harder")


@register("logic/time-zones-v1")
class TimeZones(ExactEnv):
    """Follow a journey through time zones and give the local arrival time.

    Task: a traveller leaves a town at a local weekday and time and takes `legs` flights
    of given durations, with layovers, through towns whose UTC offsets are listed (some
    with :30 and :45 offsets, as real zones have); what is the local weekday and time on
    arrival? Clock arithmetic modulo a week across zones, as in travel-planning
    benchmarks.

    Answer format: the weekday and 24-hour time, e.g. ``Tuesday 03:40``.

    Knobs: `legs` (more is harder). The cost is two steps per leg (the flight and the
    layover or zone change) plus one.

    Verification: exact comparison of weekday, hour and minute (three-letter weekdays and
    a one-digit hour are read). No partial credit.

    Versions: v1, first release.
    """

    Params = TimeZoneParams
    levels = ladder(legs=[1, 1, 2, 2, 3, 3, 4, 5, 6, 8])
    difficulty_cost = "steps"
    tags = ("logic", "time", "arithmetic")
    wrong_feedback = "That is not the local arrival time."

    def sample(
        self, rng: np.random.Generator, params: TimeZoneParams
    ) -> tuple[dict[str, Any], str]:
        towns = place_names(rng, params.legs + 1)
        offsets = [
            OFFSETS[int(i)] for i in rng.choice(len(OFFSETS), size=len(towns), replace=False)
        ]
        start = int(rng.integers(WEEK // 5)) * 5  # local time at the first town
        flights = [int(rng.integers(6, 15 * 12)) * 5 for _ in range(params.legs)]
        layovers = [int(rng.integers(6, 8 * 12)) * 5 for _ in range(params.legs - 1)]
        utc = start - offsets[0] + sum(flights) + sum(layovers)
        data = {
            "towns": towns,
            "offsets": offsets,
            "start": start,
            "flights": flights,
            "layovers": layovers,
        }
        return data, moment(utc + offsets[-1])

    def render(self, data: dict[str, Any], params: TimeZoneParams) -> str:
        towns = data["towns"]
        zones = "\n".join(
            f"- {t}: {utc_text(o)}" for t, o in zip(towns, data["offsets"], strict=True)
        )
        steps = [f"The traveller leaves {towns[0]} on {moment(data['start'])} local time."]
        for index, flight in enumerate(data["flights"]):
            steps.append(
                f"The flight from {towns[index]} to {towns[index + 1]} takes {duration(flight)}."
            )
            if index < len(data["layovers"]):
                steps.append(
                    f"The layover in {towns[index + 1]} lasts {duration(data['layovers'][index])}."
                )
        body = (
            f"Time zones:\n{zones}\n\n"
            + " ".join(steps)
            + f"\n\nWhat is the local weekday and time in {towns[-1]} on arrival?"
        )
        return ask(body, "Give the weekday and the 24-hour time, e.g. Tuesday 03:40.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"steps": 2 * len(data["flights"]) + 1}

    def normalize(self, text: str, task: Task) -> str:
        match = _TIME.fullmatch(text.strip().rstrip("."))
        if match is None:
            raise AnswerFormatError("give a weekday and a time like Tuesday 03:40")
        day = parse_weekday(match[1])
        hour, minute = int(match[2]), int(match[3])
        if hour > 23 or minute > 59:
            raise AnswerFormatError("give a 24-hour time from 00:00 to 23:59")
        return f"{WEEKDAYS[day]} {hour:02d}:{minute:02d}"

    def wrong_answers(self, task: Task) -> list[str]:
        day, time = (task.answer or "Monday 00:00").split()
        other = WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7]
        return [block(f"{other} {time}"), block(time)]
