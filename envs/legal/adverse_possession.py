"""Adverse possession: the possession elements, tacking, and the period with disability tolling."""

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
    balanced,
    closeness_knob,
    coin,
    ladder,
    met_sections,
    people,
    pick,
    random_date,
    random_values,
    section,
    towns,
    with_distractors,
)
from palaestra.generators.legal_text import day, ordinal
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

LABELS = ("title", "no title")
PERIODS = (5, 7, 10, 12, 15, 20)
EXTENSIONS = (1, 2, 3, 5)
BREAKS = (60, 90, 120, 180)
USES = (
    ("planted fruit trees and harvested them every autumn", "the orchard"),
    ("fenced it and grazed sheep on it", "the fence and the sheep"),
    ("built a wooden garage on it and parked there daily", "the garage"),
    ("laid out a vegetable garden and tended it every summer", "the garden"),
)


class PossessionParams(IracParams):
    possessors: int = Field(
        1, ge=1, le=2, description="successive possessors (2 adds the tacking rule); more is harder"
    )
    disability: bool = Field(
        False, description="the statute extends the period for an owner under 18; on is harder"
    )
    closeness: int = closeness_knob(
        "the filing date lies to the end of the period and the absence to the allowed break"
    )


@register("legal/adverse-possession-v1")
class AdversePossession(IracEnv):
    """Adverse possession: has the possessor acquired title by the day the owner sued?

    Task: the property-law doctrine as a closed rule system: § 1 title passes when possession
    is (a) actual, (b) open and notorious, (c) exclusive, (d) hostile, (e) continuous (no
    break longer than a per-task number of days) and (f) the statutory period ended on or
    before the day the owner filed suit; § 2 the period (P years, ending on the P-th
    anniversary of the counted start); optionally § 3 tacking (an earlier possessor's time
    counts when possession passed by deed, will or inheritance, with no gap) and § 4
    disability tolling (an owner under 18 when the counted possession began: the period ends
    no earlier than D years after the owner's 18th birthday). Dates are generated.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion "title" or
    "no title"; quantities "counted_from" and "period_ends" (ISO dates).

    Knobs: possessors (1-2), disability (the tolling rule in play), closeness (1-10: the filing
    date near the end of the period, the absence near the allowed break), distractors; twin
    (the same case with one element flipped; later dates are re-placed around the new period
    so that no other element changes).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, both dates, issue and
    rule set). Labels are balanced. Each § 1 element is decisive when the others hold; the
    tacking and disability elements always change the dates and never the other labels.

    Versions: v1, first release.
    """

    Params = PossessionParams
    issues = {
        "title": "whether the possessor has acquired title to the land",
        "trespass": "whether the possessor owes damages for trespass",
        "easement": "whether the possessor has an easement over the land",
    }
    example = IracKey(
        issue="easement",
        rules=frozenset({"1"}),
        elements={"1a": True, "1b": True, "2a": False},
        quantities={"used_since": "1994-06-01"},
        conclusion="easement",
    )
    levels = ladder(
        possessors=(1, 1, 2, 2, 1, 2, 2, 2, 2, 2),
        disability=(False,) * 4 + (True,) * 6,
        closeness=(1, 3, 3, 5, 5, 6, 7, 8, 9, 10),
        distractors=(0, 1, 1, 2, 3, 3, 4, 4, 5, 6),
    )

    def latent(self, rng: np.random.Generator, params: PossessionParams) -> dict[str, Any]:
        case: dict[str, Any] = {
            "tacking": params.possessors == 2,
            "disability": params.disability,
            "period": int(pick(rng, PERIODS)),
            "extension": int(pick(rng, EXTENSIONS)),
            "allowed_break": int(pick(rng, BREAKS)),
        }
        sections = _sections(case)
        ids = [e.id for s in sections for e in s.elements]
        _, values = balanced(
            rng, LABELS, lambda: random_values(rng, ids, 0.75), lambda v: _conclusion(sections, v)
        )
        possessor, earlier, owner = people(rng, 3)
        started = random_date(rng, dt.date(1950, 1, 1), dt.date(1995, 12, 31))
        return {
            **case,
            "elements": values,
            "possessor": possessor,
            "earlier": earlier,
            "owner": owner,
            "started": started.isoformat(),
            "earlier_started": add_years(started, -int(rng.integers(2, 9))).isoformat(),
            "use": int(rng.integers(len(USES))),
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def realize(
        self, parts: Parts, case: dict[str, Any], params: PossessionParams
    ) -> dict[str, Any]:
        v = case["elements"]
        out = dict(case)
        started = dt.date.fromisoformat(case["started"])
        counted = started
        if case["tacking"]:
            if v["3a"]:
                counted = dt.date.fromisoformat(case["earlier_started"])
                out["handover_gap"] = 0
            else:
                out["handover_gap"] = int(parts["3a"].integers(1, 200))
        end = add_years(counted, case["period"])
        if case["disability"]:
            # the owner's 18th birthday falls after the counted start (under 18) or not
            days = int(parts["minor"].integers(1, 18 * 365))
            under = v[_minor_id(case)]
            eighteenth = counted + dt.timedelta(days=days if under else 1 - days)
            if (eighteenth.month, eighteenth.day) == (2, 29):
                eighteenth += dt.timedelta(days=1 if under else -1)
            out["owner_born"] = add_years(eighteenth, -18).isoformat()
            end = _period_end(case, counted, dt.date.fromisoformat(out["owner_born"]))
        reach = max(1, int(3 * 365 * (11 - params.closeness) / 10))
        gap = int(parts["1f"].integers(0, reach))
        filed = end + dt.timedelta(days=gap if v["1f"] else -gap - 1)
        allowed = case["allowed_break"]
        rng = parts["1e"]
        if v["1e"]:
            absence = int(rng.integers(1, allowed + 1)) if coin(rng) else 0
        else:
            absence = (
                allowed + 1 + int(rng.integers(0, max(1, allowed * (11 - params.closeness) // 10)))
            )
        out.update(counted=counted.isoformat(), end=end.isoformat(), filed=filed.isoformat(),
                   absence=absence)  # fmt: skip
        return out

    def narrate(self, parts: Parts, case: dict[str, Any], params: PossessionParams) -> list[str]:
        v = case["elements"]
        p, owner = case["possessor"], case["owner"]
        use, visible = USES[case["use"]]
        facts = [f"{owner} holds the recorded title to a plot of land near {case['town']}."]
        if case["tacking"]:
            earlier = case["earlier"]
            facts.append(
                f"From {day(case['earlier_started'])}, {earlier} occupied the plot in the same "
                "way as described below."
            )
            started = day(case["started"])
            if v["3a"]:
                how = pick(parts["3a"], ("sold it by deed to", "left it by will to"))
                facts.append(f"On {started}, {earlier} {how} {p}, who moved in that same day.")
            else:
                facts.append(
                    f"{earlier} simply moved away {case['handover_gap']} days before "
                    f"{started}; on that day {p}, who had never dealt with {earlier}, moved in."
                )
        else:
            facts.append(f"On {day(case['started'])}, {p} moved onto the plot.")
        facts.append(
            f"{p} used the plot as an owner would: {p} {use}."
            if v["1a"]
            else f"{p} never used the plot itself; {p} only walked past it now and then and "
            "paid the property tax on it."
        )
        facts.append(
            f"From the public road anyone could plainly see {visible}."
            if v["1b"]
            else "Thick woods hid the plot from every road and house, so nobody passing could "
            "see what went on there."
        )
        facts.append(
            "Nobody else used the plot during those years."
            if v["1c"]
            else f"{owner}'s family and the neighbours kept using the plot freely alongside "
            f"{p}, as they always had."
        )
        facts.append(
            f"{owner} never gave {p} permission to be there."
            if v["1d"]
            else f"{owner} had written to {p} allowing {p} to use the plot until {owner} "
            "needed it back."
        )
        if case["absence"]:
            facts.append(
                f"Once, {p} was away for {case['absence']} days in a row, and nobody used the "
                "plot meanwhile."
            )
        else:
            facts.append(f"{p} was never away from the plot for more than a few days.")
        if case["disability"]:
            facts.append(f"{owner} was born on {day(case['owner_born'])}.")
        facts.append(f"{owner} filed suit to recover the plot on {day(case['filed'])}.")
        return with_distractors(parts, facts, params.distractors, p, owner, case["town"])

    def statute(self, case: dict[str, Any], params: PossessionParams) -> tuple[str, list[Section]]:
        return "Real Property Act, Part 5 (Title by possession)", _sections(case)

    def question(self, case: dict[str, Any], params: PossessionParams) -> str:
        return (
            f"Had {case['possessor']} acquired title to the plot when {case['owner']} filed "
            'suit? Conclusion: "title" or "no title".'
        )

    def quantities(self, case: dict[str, Any], params: PossessionParams) -> dict[str, str]:
        return {
            "counted_from": "the day the counted possession began, YYYY-MM-DD",
            "period_ends": "the day the period ends (§§ 2 and following), YYYY-MM-DD",
        }

    def adjudicate(self, case: dict[str, Any], params: PossessionParams) -> IracKey:
        values = dict(case["elements"])
        counted = dt.date.fromisoformat(case["counted"])
        born = dt.date.fromisoformat(case["owner_born"]) if case["disability"] else None
        end = _period_end(case, counted, born)
        # the date- and number-driven elements are recomputed from the facts
        values["1e"] = case["absence"] <= case["allowed_break"]
        values["1f"] = end <= dt.date.fromisoformat(case["filed"])
        if born is not None:
            values[_minor_id(case)] = add_years(born, 18) > counted
        sections = _sections(case)
        return IracKey(
            issue="title",
            rules=met_sections(sections, values),
            elements=values,
            quantities={"counted_from": counted.isoformat(), "period_ends": end.isoformat()},
            conclusion=_conclusion(sections, values),
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        chain = 2 + case["tacking"] + case["disability"]
        steps = 2 + 2 * case["disability"] + case["tacking"]
        work = 2 * len(key.elements) + case["distractors"] + 2 * chain + steps
        return {"chain": chain, "steps": steps, "work": work}


def _sections(case: dict[str, Any]) -> list[Section]:
    out = [
        section(
            1,
            "Title by possession",
            "A possessor of land acquires title to it when",
            [
                "the possessor physically used the land as an owner would",
                "the use was open: visible to anyone who looked",
                "the possessor did not share the land with the owner or the public",
                "the possession was without the owner's permission",
                f"the possession never broke off for more than {case['allowed_break']} days in "
                "a row",
                "the period (§ 2 and the sections after it) ended on or before the day the "
                "owner filed suit",
            ],
        ),
        section(
            2,
            "Period",
            f"The period is {case['period']} years from the day the counted possession began; "
            f"it ends on the {ordinal(case['period'])} anniversary of that day (February 28 for a "
            "February 29 in a year without one). The counted possession is the present "
            "possessor's own, unless § 3 adds an earlier possessor's.",
        ),
    ]
    if case["tacking"]:
        out.append(
            section(
                3,
                "Tacking",
                "The counted possession began when the earlier possessor's began when",
                [
                    "the earlier possessor passed possession to the present possessor by deed, "
                    "will or inheritance, with no gap between the two"
                ],
            )
        )
    if case["disability"]:
        out.append(
            section(
                len(out) + 1,
                "Owner under 18",
                "The period is extended when",
                ["the owner had not yet turned 18 on the day the counted possession began"],
                tail=f"It then ends on the later of the § 2 day and the "
                f"{ordinal(case['extension'])} anniversary of the owner's 18th birthday. A "
                "person turns 18 on the 18th anniversary of birth.",
            )
        )
    return out


def _minor_id(case: dict[str, Any]) -> str:
    """The id of the owner-under-18 element: § 4(a), or § 3(a) when there is no tacking."""
    return "4a" if case["tacking"] else "3a"


def _period_end(case: dict[str, Any], counted: dt.date, born: dt.date | None) -> dt.date:
    end = add_years(counted, case["period"])
    if born is not None and add_years(born, 18) > counted:
        end = max(end, add_years(add_years(born, 18), case["extension"]))
    return end


def _conclusion(sections: list[Section], values: dict[str, bool]) -> str:
    return LABELS[0] if "1" in met_sections(sections, values) else LABELS[1]
