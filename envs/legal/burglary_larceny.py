"""Burglary and larceny element checklists, at common law or under a generated statute."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.generators.legal import (
    IracEnv,
    IracParams,
    Parts,
    Section,
    balanced,
    closeness_knob,
    coin,
    dollars,
    ladder,
    met_sections,
    people,
    pick,
    random_values,
    section,
    towns,
    with_distractors,
)
from palaestra.generators.legal_text import tidy
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

OUTCOMES = ((), ("burglary",), ("larceny",), ("burglary", "larceny"))
# element kind -> text; the statute keeps a subset of these, in this order
BURGLARY = {
    "breaking": "the defendant made or enlarged an opening to get in, even by pushing open a "
    "closed but unlocked door or window",
    "entering": "some part of the defendant's body crossed into the structure",
    "dwelling": "the structure was a dwelling: a building where someone other than the "
    "defendant regularly sleeps",
    "building": "the structure was a building: a structure fixed to the ground that the "
    "defendant had no right to be inside",
    "night": "it happened at night: after sunset and before sunrise",
    "felony": "when the defendant arrived there, the defendant meant to commit a felony inside",
    "crime": "when the defendant arrived there, the defendant meant to commit a crime inside",
}
LARCENY = {
    "taking": "the defendant took hold of the thing without the consent of the person who had it",
    "carrying": "the defendant moved the thing, however slightly",
    "movable": "the thing was movable when first taken: a fixture, or something growing in or "
    "built into land or a building, is not",
    "another": "the thing belonged to someone other than the defendant",
    "permanent": "when taking it, the defendant meant to keep it from its owner for good",
}
ITEMS = ("laptop", "bicycle", "oil painting", "jewellery box", "camera", "violin")
FIXTURES = ("chandelier wired into the ceiling", "copper boiler plumbed into the wall",
            "marble sink fixed to the wall")  # fmt: skip
FELONY_VALUES = (500, 750, 1000, 1500, 2500)


class BurglaryParams(IracParams):
    statutory: bool = Field(
        False,
        description="a generated statutory variant instead of the common-law elements; "
        "on is harder (the usual definitions no longer apply)",
    )
    closeness: int = closeness_knob(
        "the time lies to sunset or sunrise and the value to the felony line"
    )


@register("legal/burglary-larceny-v1")
class BurglaryLarceny(IracEnv):
    """Burglary and larceny: which of the two crimes do the facts make out?

    Task: the criminal-law element checklists. § 1 burglary (common law: breaking, entering,
    a dwelling of another, at night, with intent to commit a felony inside), § 2 larceny
    (trespassory taking, carrying away, movable property, of another, intent to deprive
    permanently), § 3 definitions: a felony is larceny of property worth at least $V (V drawn
    per task). With `statutory`, the code is a generated modern variant: breaking and night
    may be dropped, "dwelling" may become any building, felony intent may become intent to
    commit any crime, and larceny may drop carrying away. The burglary intent chains to
    larceny: it needs a planned larceny (movable, of another, meant to be kept) of property
    worth at least V.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; the conclusion is the
    list of crimes made out (e.g. ["burglary", "larceny"], or [] for neither).

    Knobs: statutory (generated variant), closeness (1-10: clock times near sunset or sunrise,
    values near V), distractors; twin (the same case with one element flipped; elements the
    intent element depends on are flipped only where the facts stay coherent).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, issue and rule set).
    The four outcomes are balanced. Every element of a crime is decisive for that crime when
    the crime's other elements hold.

    Versions: v1, first release.
    """

    Params = BurglaryParams
    issues = {
        "crimes": "which crimes the defendant committed",
        "defences": "whether the defendant has a defence",
        "sentence": "what sentence the court may impose",
    }
    example = IracKey(
        issue="defences",
        rules=frozenset({"2"}),
        elements={"1a": False, "1b": True, "2a": True, "2b": True},
        conclusion=("self-defence",),
        conclusion_kind="set",
    )
    levels = ladder(
        statutory=(False,) * 4 + (True,) * 6,
        closeness=(1, 2, 4, 6, 5, 6, 7, 8, 9, 10),
        distractors=(0, 1, 1, 2, 2, 3, 3, 4, 5, 6),
    )

    def latent(self, rng: np.random.Generator, params: BurglaryParams) -> dict[str, Any]:
        case: dict[str, Any] = {
            "code": _code(rng, params.statutory),
            "felony_value": int(pick(rng, FELONY_VALUES)),
        }
        ids = list(_ids(case).values())

        def decide(values: dict[str, bool]) -> tuple[str, ...] | None:
            return _conclusion(case, values) if self.consistent(case, values) else None

        _, values = balanced(rng, OUTCOMES, lambda: random_values(rng, ids, 0.7), decide)
        defendant, victim = people(rng, 2)
        return {
            **case,
            "elements": values,
            "defendant": defendant,
            "victim": victim,
            "item": int(rng.integers(len(ITEMS))),
            "fixture": int(rng.integers(len(FIXTURES))),
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def consistent(self, case: dict[str, Any], values: dict[str, bool]) -> bool:
        # intent to commit a felony (or crime) inside is intent to commit larceny, so it
        # needs the larceny elements that describe the plan itself
        ids = _ids(case)
        if values[ids["intent"]]:
            return all(values[ids[k]] for k in ("movable", "another", "permanent"))
        return True

    def realize(self, parts: Parts, case: dict[str, Any], params: BurglaryParams) -> dict[str, Any]:
        ids, v = _ids(case), case["elements"]
        rng = parts[ids["intent"]]
        felony = case["code"]["intent"] == "felony"
        line = case["felony_value"]
        plan_ok = all(v[ids[k]] for k in ("movable", "another", "permanent"))
        if v[ids["intent"]]:
            planned, cheap = True, False
        elif plan_ok:  # some reason the intent fails: planned too late, or too cheap a theft
            planned = felony and coin(rng)
            cheap = planned
        else:
            planned, cheap = coin(rng), coin(rng)
        reach = max(1, int(line * (11 - params.closeness) / 10))
        gap = int(rng.integers(1, reach + 1))
        value = line - gap if cheap else line + gap - 1
        night_rng = parts[ids["night"]] if "night" in ids else parts["clock"]
        is_night = v[ids["night"]] if "night" in ids else coin(night_rng)
        return {
            **case,
            "planned": planned,
            "value": max(10, value),
            **_clock(night_rng, is_night, params.closeness),
        }

    def narrate(self, parts: Parts, case: dict[str, Any], params: BurglaryParams) -> list[str]:
        ids, v = _ids(case), case["elements"]
        d, victim = case["defendant"], case["victim"]
        code = case["code"]
        movable = v[ids["movable"]]
        thing = ITEMS[case["item"]] if movable else FIXTURES[case["fixture"]]
        short = thing.split(" ")[0] if not movable else thing
        owner = victim if v[ids["another"]] else d
        place = _place(code["structure"], v[ids["structure"]], d, victim)
        facts = [
            f"At {case['time']} one day, {d} went to {place}. That day the sun set at "
            f"{case['sunset']} and rose at {case['sunrise']}."
        ]
        facts.append(
            f"Before setting out, {d} had planned to take the {short} from inside."
            if case["planned"]
            else f"{d} went there to wait out a storm and thought of taking the {short} only "
            "once there."
        )
        if "breaking" in ids:
            facts.append(
                f"{d} pushed up a closed but unlocked window."
                if v[ids["breaking"]]
                else "The back door stood wide open, so nothing had to be opened."
            )
        facts.append(
            f"{d} climbed inside to where the {short} was."
            if v[ids["entering"]]
            else f"{d} stayed outside, with no part of {d}'s body crossing in, and reached "
            f"the {short} with a long hooked pole."
        )
        if owner == d:
            facts.append(f"The {short} belonged to {d}, who had lent it to {victim} a year ago.")
        else:
            facts.append(f"The {short} belonged to {victim}.")
        facts.append(f"The {thing} was worth {dollars(case['value'])}.")
        if movable:
            facts.append(f"The {thing} stood loose on a shelf.")
        else:
            facts.append(f"{d} had to cut it free to take it.")
        facts.append(
            f"{victim} had not allowed anyone to take it."
            if v[ids["taking"]]
            else f"{victim}, who was home, told {d} to take it."
        )
        if "carrying" in ids:
            facts.append(
                f"{d} carried it to a car parked down the street."
                if v[ids["carrying"]]
                else f"{d} took hold of it but was caught before moving it at all."
            )
        facts.append(
            f"{d} meant to sell it and keep the money."
            if v[ids["permanent"]]
            else f"{d} meant to use it for a weekend and then bring it back."
        )
        return tidy(with_distractors(parts, facts, params.distractors, d, victim, case["town"]))

    def statute(self, case: dict[str, Any], params: BurglaryParams) -> tuple[str, list[Section]]:
        return "Penal Code, Part 9 (Offences against property)", _sections(case)

    def question(self, case: dict[str, Any], params: BurglaryParams) -> str:
        return (
            f"Which of burglary (§ 1) and larceny (§ 2) did {case['defendant']} commit? "
            'Conclusion: the list of crimes committed, e.g. ["burglary", "larceny"], '
            '["larceny"] or [] for neither.'
        )

    def adjudicate(self, case: dict[str, Any], params: BurglaryParams) -> IracKey:
        values = dict(case["elements"])
        return IracKey(
            issue="crimes",
            rules=met_sections(_sections(case), values),
            elements=values,
            conclusion=_conclusion(case, values),
            conclusion_kind="set",
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        # the intent element chains through the felony definition to larceny's elements; a
        # generated code must be read against the usual definitions, a measured extra load
        variant = 6 * (case["code"] != _code(np.random.default_rng(0), statutory=False))
        work = 2 * len(key.elements) + case["distractors"] + 5 + variant
        return {"chain": 3, "steps": 2, "variant": variant, "work": work}


def _code(rng: np.random.Generator, statutory: bool) -> dict[str, Any]:
    """The element kinds of the code: common law, or a generated variant that differs."""
    common = {"breaking": True, "night": True, "structure": "dwelling", "intent": "felony",
              "carrying": True}  # fmt: skip
    if not statutory:
        return common
    for _ in range(20):
        code = {
            "breaking": coin(rng),
            "night": coin(rng),
            "structure": pick(rng, ("dwelling", "building")),
            "intent": pick(rng, ("felony", "crime")),
            "carrying": coin(rng),
        }
        if code != common:
            return code
    return {**common, "breaking": False}


def _ids(case: dict[str, Any]) -> dict[str, str]:
    """Element kind -> element id ("structure" and "intent" name the variant's kinds)."""
    out: dict[str, str] = {}
    for number, kinds in enumerate(_kinds(case["code"]), start=1):
        for index, kind in enumerate(kinds):
            out[kind] = f"{number}{chr(97 + index)}"
    return out


def _kinds(code: dict[str, Any]) -> tuple[list[str], list[str]]:
    burglary = ["breaking"] if code["breaking"] else []
    burglary += ["entering", "structure"] + (["night"] if code["night"] else []) + ["intent"]
    larceny = ["taking"] + (["carrying"] if code["carrying"] else [])
    return burglary, [*larceny, "movable", "another", "permanent"]


def _sections(case: dict[str, Any]) -> list[Section]:
    code = case["code"]
    burglary, larceny = _kinds(code)
    texts = {**BURGLARY, **LARCENY, "structure": BURGLARY[code["structure"]],
             "intent": BURGLARY[code["intent"]]}  # fmt: skip
    crime = (
        "The only crime that can be meant here is larceny, of any value."
        if code["intent"] == "crime"
        else f"A felony is larceny of property worth {dollars(case['felony_value'])} or more."
    )
    crime += (
        " A plan to take a thing is a plan to commit larceny only when the thing is movable, "
        "belongs to someone other than the defendant, and the defendant means to keep it from "
        "its owner for good."
    )
    return [
        section(1, "Burglary", "A person commits burglary when",
                [texts[k] for k in burglary]),
        section(2, "Larceny", "A person commits larceny when", [texts[k] for k in larceny]),
        section(3, "Definitions", f"{crime} Consent given after the taking does not count."),
    ]  # fmt: skip


def _conclusion(case: dict[str, Any], values: dict[str, bool]) -> tuple[str, ...]:
    met = met_sections(_sections(case), values)
    return tuple(name for sid, name in (("1", "burglary"), ("2", "larceny")) if sid in met)


def _place(structure: str, holds: bool, d: str, victim: str) -> str:
    if structure == "dwelling":
        return f"the house where {victim} lives and sleeps" if holds else (
            f"the workshop behind {victim}'s house, where nobody sleeps")  # fmt: skip
    return f"{victim}'s storage barn, built on a concrete base" if holds else (
        f"{victim}'s camper van, parked in the street")  # fmt: skip


def _clock(rng: np.random.Generator, night: bool, closeness: int) -> dict[str, str]:
    """Sunset, sunrise and an event time (minutes) on the chosen side of them."""
    sunset = int(rng.integers(17 * 60, 21 * 60))
    sunrise = int(rng.integers(5 * 60, 7 * 60 + 30))
    reach = max(2, int(180 * (11 - closeness) / 10))
    gap = int(rng.integers(1, reach + 1))
    edge = pick(rng, ("evening", "morning"))
    if edge == "evening":
        time = sunset + gap if night else sunset - gap
    else:
        time = sunrise - gap if night else sunrise + gap
    return {"time": _hhmm(time), "sunset": _hhmm(sunset), "sunrise": _hhmm(sunrise)}


def _hhmm(minutes: int) -> str:
    hour, minute = divmod(minutes % (24 * 60), 60)
    half = "a.m." if hour < 12 else "p.m."
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {half}"
