"""Issue spotting: which sections of an ordinance a long fact pattern violates."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.generators.legal import (
    IracEnv,
    IracParams,
    Parts,
    Section,
    coin,
    ladder,
    met_sections,
    people,
    section,
    towns,
    with_distractors,
)
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

# title, then per element: (statute text, fact when true, fact when false); {x} is the actor.
BANK: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "vending": ("Street vending", [
        ("the person sells goods on a public street", "{x} sold hot pies from a cart on Mill "
         "Street.", "{x} sold hot pies from a stall inside a private market hall."),
        ("the person holds no vending licence", "{x} has never applied for a vending licence.",
         "{x} holds a current vending licence."),
    ]),
    "noise": ("Amplified noise", [
        ("the person plays amplified sound", "{x} played music through a large loudspeaker.",
         "{x} played an acoustic guitar without any amplifier."),
        ("it is after 10 p.m.", "This went on from 11 p.m. until midnight.",
         "This went on from 7 p.m. until 9 p.m."),
        ("it happens in a residential zone", "{x}'s street is zoned residential.",
         "{x}'s street is zoned industrial."),
    ]),
    "dog": ("Dogs in parks", [
        ("the person brings a dog into a public park", "{x} walked a dog through the city park.",
         "{x} walked a dog along a private farm track."),
        ("the dog is not on a leash", "The dog ran free without a leash.",
         "The dog stayed on a short leash."),
    ]),
    "parking": ("Fire lanes", [
        ("the person parks a vehicle in a marked fire lane", "{x} left a van in the red-striped "
         "fire lane outside the theatre.", "{x} left a van in a paid parking bay."),
        ("the vehicle stays more than 10 minutes", "The van stayed there for 25 minutes.",
         "The van was moved after 6 minutes."),
    ]),
    "fire": ("Open fires", [
        ("the person lights a fire outdoors", "{x} lit a bonfire in the back garden.",
         "{x} lit a fire in an indoor fireplace."),
        ("the person has no fire permit", "{x} had no fire permit.",
         "{x} held a fire permit issued that morning."),
        ("a drought has been declared", "The council had declared a drought that week.",
         "No drought had been declared that year."),
    ]),
    "sidewalk": ("Sidewalk obstruction", [
        ("the person places an object on a public sidewalk", "{x} stacked crates on the public "
         "sidewalk.", "{x} stacked crates in a private courtyard."),
        ("the object blocks more than half the sidewalk's width", "The crates covered two "
         "thirds of the sidewalk's width.", "The crates covered a quarter of the sidewalk's "
         "width."),
    ]),
    "graffiti": ("Graffiti", [
        ("the person paints on property belonging to someone else", "{x} painted a mural on a "
         "neighbour's garage wall.", "{x} painted a mural on {x}'s own garage wall."),
        ("the owner has not consented", "The owner never agreed to the painting.",
         "The owner had asked for the painting in writing."),
    ]),
    "burning": ("Waste burning", [
        ("the person burns household waste", "{x} burned bags of household rubbish.",
         "{x} burned dry leaves only."),
        ("it happens within city limits", "This happened inside the city limits.",
         "This happened on a farm outside the city limits."),
    ]),
}  # fmt: skip


class SpottingParams(IracParams):
    rules: int = Field(3, ge=2, le=8, description="sections of the ordinance; more is harder")


@register("legal/issue-spotting-v1")
class IssueSpotting(IracEnv):
    """Issue spotting over a rule bank: which sections does a long fact pattern violate?

    Task: the law-school issue-spotting exercise made exact. A fictional city ordinance
    states a few offences drawn from a bank (vending, noise, dogs, fire lanes, open fires,
    sidewalks, graffiti, waste burning), each with two or three elements; the facts narrate
    what several residents did, with near misses (the right act in the wrong place, a permit,
    a short stay) and distractors. The conclusion is the set of sections violated.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion the list
    of section ids violated (e.g. ["2", "5"], or [] when none is).

    Knobs: rules (sections, 2-8), distractors (each more is harder); twin (the same case with
    one element flipped).

    Verification: `score_irac` with a set conclusion: exactly the violated sections, no
    repeats; the rule field is the same set. Each section is violated with even odds
    (violated first, then elements: all true, or a uniform non-violating pattern). An
    element is decisive exactly when the other elements of its section all hold.

    Versions: v1, first release.
    """

    Params = SpottingParams
    issues = {
        "violations": "which sections of the ordinance were violated",
        "penalty": "what penalty applies",
        "jurisdiction": "which court hears the case",
    }
    example = IracKey(
        issue="penalty",
        rules=frozenset({"2"}),
        elements={"1a": True, "1b": False, "2a": True},
        conclusion=("2",),
        conclusion_kind="set",
    )
    levels = ladder(
        rules=(2, 3, 3, 4, 4, 5, 6, 6, 7, 8),
        distractors=(0, 0, 1, 1, 2, 3, 3, 5, 6, 8),
    )

    def latent(self, rng: np.random.Generator, params: SpottingParams) -> dict[str, Any]:
        kinds = [str(k) for k in rng.permutation(sorted(BANK))[: params.rules]]
        values: dict[str, bool] = {}
        for number, kind in enumerate(kinds, start=1):
            count = len(BANK[kind][1])
            violated = coin(rng)
            # a uniform pattern of the 2^n - 1 that leave at least one element unmet
            pattern = (1 << count) - 1 if violated else int(rng.integers((1 << count) - 1))
            for index in range(count):
                values[f"{number}{chr(97 + index)}"] = bool(pattern >> index & 1)
        return {
            "kinds": kinds,
            "elements": values,
            "actors": people(rng, len(kinds)),
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def statute(self, case: dict[str, Any], params: SpottingParams) -> tuple[str, list[Section]]:
        return f"Municipal Ordinance of {case['town']}", _sections(case)

    def narrate(self, parts: Parts, case: dict[str, Any], params: SpottingParams) -> list[str]:
        v = case["elements"]
        stories = []
        for number, (kind, actor) in enumerate(zip(case["kinds"], case["actors"], strict=True), 1):
            stories.append([
                (true if v[f"{number}{chr(97 + index)}"] else false).format(x=actor)
                for index, (_, true, false) in enumerate(BANK[kind][1])
            ])  # fmt: skip
        # Stories come in an order unrelated to the sections, so position gives nothing away.
        facts = [f for i in parts["stories"].permutation(len(stories)) for f in stories[int(i)]]
        return with_distractors(
            parts, facts, params.distractors, case["actors"][0], case["actors"][-1], case["town"]
        )

    def question(self, case: dict[str, Any], params: SpottingParams) -> str:
        return (
            "Which sections of the ordinance did someone violate? Each section's story is about "
            'one resident. Conclusion: the list of violated section ids, e.g. ["1", "3"], '
            "or [] if none."
        )

    def adjudicate(self, case: dict[str, Any], params: SpottingParams) -> IracKey:
        sections = _sections(case)
        values = case["elements"]
        met = met_sections(sections, values)
        return IracKey(
            issue="violations",
            rules=met,
            elements=dict(values),
            conclusion=tuple(sorted(met, key=int)),
            conclusion_kind="set",
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        work = 2 * len(key.elements) + len(case["kinds"]) + case["distractors"]
        return {"chain": 1, "work": work}


def _sections(case: dict[str, Any]) -> list[Section]:
    sections = []
    for number, kind in enumerate(case["kinds"], start=1):
        title, elements = BANK[kind]
        sections.append(
            section(number, title, "A person violates this section when",
                    [text for text, _, _ in elements])
        )  # fmt: skip
    return sections
