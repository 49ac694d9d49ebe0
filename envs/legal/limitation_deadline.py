"""Limitation deadlines: accrual, the discovery rule, tolling and weekend/holiday roll-over."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.generators.legal import (
    IracEnv,
    IracParams,
    Parts,
    Section,
    add_years,
    coin,
    ladder,
    long_date,
    met_sections,
    people,
    pick,
    roll_forward,
    section,
    towns,
    with_distractors,
)
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

PERIODS = (1, 2, 3, 4, 6)
CLAIMS = ("property damage", "personal injury", "professional negligence", "breach of warranty")
HOLIDAY_NAMES = ("Founders' Day", "Harvest Day", "Charter Day", "Lantern Day", "Unity Day",
                 "River Day", "Remembrance Day")  # fmt: skip
ADJUSTMENTS = ("discovery", "minority", "absence")


class DeadlineParams(IracParams):
    adjustments: int = Field(
        1,
        ge=0,
        le=3,
        description="accrual and tolling rules in play (discovery rule, "
        "minority, absence); more is harder",
    )
    holidays: int = Field(
        1, ge=0, le=7, description="listed public holidays the deadline rolls over; more is harder"
    )


@register("legal/limitation-deadline-v1")
class LimitationDeadline(IracEnv):
    """Limitation deadline under a fictional code: the last day to commence an action.

    Task: statute-of-limitations computation as a closed rule system (in the spirit of SARA's
    exact statutory computations, Holzenberger et al., 2020). § 1 sets a period of whole
    years from accrual; § 2 the discovery rule (a latent injury accrues on discovery); § 3
    minority tolling (the period starts on the 18th birthday); § 4 absence tolling (days the
    defendant spent continuously outside the state after accrual are added); § 5 roll-over
    (a last day on a weekend or listed holiday moves to the next day that is neither). Which of
    §§ 2-4 exist is a knob; the period, the holidays, dates and names are drawn per task.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion the deadline
    as an ISO date (YYYY-MM-DD); quantities "start" (the day the period starts running, ISO)
    and "extension_days" (days added under § 4, an integer; 0 when none).

    Knobs: adjustments (0-3 of §§ 2-4), holidays (0-7), distractors (each more is harder);
    twin (the same case with one element flipped; the roll-over element 5a is derived from
    the dates and never flipped).

    Verification: `score_irac` (the deadline 0.5, the rest over elements, start, extension,
    issue and rule set). Elements are drawn with even odds; 5a is steered to even odds. Every
    flippable element is decisive for the deadline except 2a when minority tolling applies
    (the 18th birthday is later than either accrual day).

    Versions: v1, first release.
    """

    Params = DeadlineParams
    issues = {
        "limitation": "the last day on which the action may be commenced",
        "merits": "whether the defendant is liable",
        "damages": "the amount of damages",
    }
    example = IracKey(
        issue="merits",
        rules=frozenset({"1"}),
        elements={"1a": True, "2a": False},
        quantities={"start": "2019-05-14", "extension_days": 0},
        conclusion="2021-05-14",
        conclusion_kind="date",
    )
    levels = ladder(
        adjustments=(0, 1, 1, 2, 2, 2, 3, 3, 3, 3),
        holidays=(0, 1, 2, 2, 3, 4, 4, 5, 6, 7),
        distractors=(0, 0, 1, 1, 2, 3, 3, 4, 5, 7),
    )

    def latent(self, rng: np.random.Generator, params: DeadlineParams) -> dict[str, Any]:
        rules = [str(r) for r in rng.permutation(ADJUSTMENTS)[: params.adjustments]]
        rules = [r for r in ADJUSTMENTS if r in rules]  # sections keep a fixed order
        holiday_days = sorted(
            {(int(m), int(d)) for m, d in zip(rng.integers(1, 13, 7), rng.integers(1, 29, 7),
                                               strict=True)}
        )[: params.holidays]  # fmt: skip
        names = [str(n) for n in rng.permutation(HOLIDAY_NAMES)[: len(holiday_days)]]
        case: dict[str, Any] = {"adjustments": rules}
        elements = {f"{2 + i}a": coin(rng) for i in range(len(rules))}
        elements[f"{2 + len(rules)}a"] = coin(rng)  # the roll-over, steered in realize
        plaintiff, defendant = people(rng, 2)
        start = dt.date(2000, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 20)))
        return {
            **case,
            "elements": elements,
            "period": pick(rng, PERIODS),
            "holidays": [[m, d, n] for (m, d), n in zip(holiday_days, names, strict=True)],
            "plaintiff": plaintiff,
            "defendant": defendant,
            "claim": pick(rng, CLAIMS),
            "injury": start.isoformat(),
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def flippable(self, case: dict[str, Any]) -> list[str]:
        return [e for e in super().flippable(case) if e != _rollover_id(case)]

    def realize(self, parts: Parts, case: dict[str, Any], params: DeadlineParams) -> dict[str, Any]:
        details = {
            "discovery_gap": int(parts["discovery"].integers(10, 400)),
            "age_days": int(parts["minority"].integers(0, 365 * 40)),
            "absence": [int(parts["absence"].integers(0, 200)),
                        int(parts["absence"].integers(10, 300))],
            "lawyer_gap": int(parts["discovery"].integers(10, 400)),
        }  # fmt: skip
        case = {**case, **details}
        # Steer the roll-over element: move the injury day until the last day's kind matches.
        injury = dt.date.fromisoformat(case["injury"])
        for shift in range(15):
            moved = {**case, "injury": (injury + dt.timedelta(days=shift)).isoformat()}
            if _compute(moved)["rolled"] == case["elements"][_rollover_id(case)]:
                return moved
        raise RuntimeError("no injury day gives the drawn roll-over")

    def statute(self, case: dict[str, Any], params: DeadlineParams) -> tuple[str, list[Section]]:
        return "Limitations Code, Chapter 3", _sections(case)

    def narrate(self, parts: Parts, case: dict[str, Any], params: DeadlineParams) -> list[str]:
        v, facts_of = case["elements"], _compute(case)
        p, d = case["plaintiff"], case["defendant"]
        injury = dt.date.fromisoformat(case["injury"])
        facts = [f"On {long_date(injury)}, {d} caused {p} harm that gives {p} a claim for "
                 f"{case['claim']}."]  # fmt: skip
        for index, kind in enumerate(case["adjustments"]):
            true = v[f"{2 + index}a"]
            if kind == "discovery":
                found = long_date(facts_of["discovered"])
                facts.append(
                    f"The harm was hidden and could not reasonably have been noticed until {p} "
                    f"discovered it on {found}." if true
                    else f"The harm was plain to see on the day it happened; {p} first spoke to a "
                    f"lawyer about it on {found}."
                )  # fmt: skip
            elif kind == "minority":
                facts.append(f"{p} was born on {long_date(facts_of['born'])}.")
            else:
                left, back = facts_of["away"]
                facts.append(
                    f"{d} lived outside the state continuously from {long_date(left)} until "
                    f"returning on {long_date(back)}."
                )
        return with_distractors(parts, facts, params.distractors, p, d, case["town"])

    def question(self, case: dict[str, Any], params: DeadlineParams) -> str:
        return (
            f"What is the last day on which {case['plaintiff']} may commence the action? "
            "Conclusion: that date as YYYY-MM-DD."
        )

    def quantities(self, case: dict[str, Any], params: DeadlineParams) -> dict[str, str]:
        asked = {"start": "the day the period starts running, as YYYY-MM-DD"}
        if "absence" in case["adjustments"]:
            asked["extension_days"] = "the number of days added under the absence rule (0 if none)"
        return asked

    def adjudicate(self, case: dict[str, Any], params: DeadlineParams) -> IracKey:
        facts = _compute(case)
        values = dict(case["elements"])
        quantities: dict[str, int | str] = {"start": facts["start"].isoformat()}
        if "absence" in case["adjustments"]:
            quantities["extension_days"] = facts["extension"]
        return IracKey(
            issue="limitation",
            rules=met_sections(_sections(case), values),
            elements=values,
            quantities=quantities,
            conclusion=facts["deadline"].isoformat(),
            conclusion_kind="date",
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        steps = 2 + 2 * len(case["adjustments"]) + len(case["holidays"])
        work = 2 * len(key.elements) + steps + case["distractors"]
        return {"chain": 2 + len(case["adjustments"]), "steps": steps, "work": work}


def _rollover_id(case: dict[str, Any]) -> str:
    return f"{2 + len(case['adjustments'])}a"


def _holidays(case: dict[str, Any], years: range) -> set[dt.date]:
    return {dt.date(y, m, d) for y in years for m, d, _ in case["holidays"]}


def _compute(case: dict[str, Any]) -> dict[str, Any]:
    """Dates from the latent elements and drawn gaps: what the facts state and what follows."""
    v = case["elements"]
    injury = dt.date.fromisoformat(case["injury"])
    rules = case["adjustments"]
    discovered = injury + dt.timedelta(days=case["discovery_gap"])
    accrual = (
        discovered if "discovery" in rules and v[f"{2 + rules.index('discovery')}a"] else injury
    )
    start = accrual
    born = accrual - dt.timedelta(days=365 * 19 + case["age_days"])  # an adult at accrual
    if "minority" in rules and v[f"{2 + rules.index('minority')}a"]:
        # a minor at accrual whose 18th birthday is 30 days to 10 years away
        eighteenth = accrual + dt.timedelta(days=30 + case["age_days"] % 3600)
        born = dt.date(eighteenth.year - 18, eighteenth.month, min(eighteenth.day, 28))
        start = add_years(born, 18)
    away_from = start + dt.timedelta(days=1 + case["absence"][0])
    extension = 0
    if "absence" in rules:
        if v[f"{2 + rules.index('absence')}a"]:
            extension = case["absence"][1]
        else:  # the trip began before the period started running, so it does not count
            away_from = start - dt.timedelta(days=case["absence"][1] + 5 + case["absence"][0])
    away = (away_from, away_from + dt.timedelta(days=case["absence"][1]))
    last = add_years(start, case["period"]) + dt.timedelta(days=extension)
    holidays = _holidays(case, range(last.year, last.year + 2))
    deadline, rolled = roll_forward(last, holidays)
    return {
        "discovered": discovered, "born": born, "start": start, "away": away,
        "extension": extension, "last": last, "deadline": deadline, "rolled": rolled > 0,
    }  # fmt: skip


def _sections(case: dict[str, Any]) -> list[Section]:
    sections = [
        section(1, "Period", f"An action must be commenced within {case['period']} year"
                f"{'s' if case['period'] > 1 else ''} after the period starts running. Unless a "
                "later section says otherwise, the period starts running on the day of the harm, "
                "and the last day is the same calendar day that many years later (February 29 "
                "becomes February 28)."),
    ]  # fmt: skip
    texts = {
        "discovery": ("Discovery rule", "The period starts running on the day the plaintiff "
                      "discovered the harm, instead of the day of the harm, when",
                      "the harm could not reasonably have been noticed on the day it happened"),
        "minority": ("Minority", "When the plaintiff is under 18 on the day the period would "
                     "otherwise start running, it starts on the plaintiff's 18th birthday instead. "
                     "This applies when", "the plaintiff was under 18 on that day"),
        "absence": ("Absence of the defendant", "The number of days the defendant spent "
                    "continuously outside the state, counted from the day of leaving to the day "
                    "of returning, is added to the last day when",
                    "that absence began after the period started running"),
    }  # fmt: skip
    for index, kind in enumerate(case["adjustments"]):
        title, lead, element = texts[kind]
        sections.append(section(2 + index, title, lead, [element]))
    listed = ", ".join(f"{name} ({long_date(dt.date(2001, m, d))[:-6]})"
                       for m, d, name in case["holidays"])  # fmt: skip
    holidays = f" The listed holidays, every year, are: {listed}." if listed else ""
    sections.append(
        section(2 + len(case["adjustments"]), "Roll-over", "When the last day is a Saturday, "
                "Sunday or listed holiday, the deadline is the next day that is none of these; "
                f"otherwise the deadline is the last day.{holidays} This applies when",
                ["the last day is a Saturday, Sunday or listed holiday"])
    )  # fmt: skip
    return sections
