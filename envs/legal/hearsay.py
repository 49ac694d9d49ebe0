"""Hearsay: the three-element definition, exclusions and exceptions of a fictional evidence code."""

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
    coin,
    ladder,
    met_sections,
    people,
    pick,
    section,
    towns,
    with_distractors,
)
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

LABELS = ("not hearsay", "admissible hearsay", "inadmissible hearsay")
TOPICS = (
    ("the forklift's brakes had failed twice that week", "had the forklift's brakes failed",
     "the brakes had failed"),
    ("{D} shipped the crates a day late", "did {D} ship the crates late",
     "the crates were shipped late"),
    ("the basement flooded before the sale closed", "did the basement flood before the sale",
     "the basement flooded before the sale"),
    ("{D} signed the lease in March", "did {D} sign the lease in March",
     "the lease was signed in March"),
    ("the ladder was missing a rung", "was the ladder missing a rung",
     "the ladder was missing a rung"),
    ("{D} knew the roof was leaking", "did {D} know about the leak",
     "the defendant knew of the leak"),
)  # fmt: skip
EXCEPTIONS = {
    "excited": (
        "Excited utterance",
        ["the declarant spoke right after witnessing a startling event", "the declarant spoke "
         "while under the stress of excitement that the event caused"],
    ),
    "business": (
        "Business record",
        ["the statement was made as part of a business's regular practice",
         "it was recorded on the day of the events it describes"],
    ),
    "against": (
        "Statement against interest",
        ["when made, the statement exposed the declarant to civil or criminal liability",
         "the declarant is unavailable to testify"],
    ),
}  # fmt: skip
PLACES = ("in the parking lot", "over the telephone", "at a neighbour's barbecue", "in an email")


class HearsayParams(IracParams):
    exclusions: int = Field(
        1,
        ge=0,
        le=2,
        description="exclusions from the definition (party admission, prior "
        "sworn statement); more is harder",
    )
    exceptions: int = Field(
        0,
        ge=0,
        le=3,
        description="exceptions to the rule against hearsay, each a section with "
        "two elements; more is harder",
    )


@register("legal/hearsay-v1")
class Hearsay(IracEnv):
    """Hearsay under a fictional evidence code: not hearsay, admissible or inadmissible?

    Task: the hearsay questions of LegalBench (Guha et al., 2023) generalised into a chained
    rule system. § 1 defines hearsay by three elements (an assertion, made other than while
    testifying at this trial, offered to prove its truth); § 2 excludes a party's own statement
    and a prior sworn statement the declarant now contradicts; §§ 3.. are exceptions (excited
    utterance, business record, statement against interest), each with two elements; the last
    section makes hearsay inadmissible unless an exception applies.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion "not
    hearsay", "admissible hearsay" or "inadmissible hearsay".

    Knobs: exclusions (0-2) and exceptions (0-3) in the code, distractors (each more is harder);
    twin (the same case with one element flipped; only flips that keep the facts coherent are
    drawn: an unavailable declarant cannot be testifying now).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, issue and rule set).
    Labels are balanced over the outcomes the code allows. Decisive elements: with every
    other element favouring hearsay, each § 1 element and each exclusion flips "not hearsay";
    an exception element flips admissibility when its partner element holds and no other
    exception applies.

    Versions: v1, first release.
    """

    Params = HearsayParams
    issues = {
        "hearsay": "whether the statement is admissible over a hearsay objection",
        "relevance": "whether the statement is relevant",
        "privilege": "whether the statement is privileged",
    }
    example = IracKey(
        issue="privilege",
        rules=frozenset({"1", "3"}),
        elements={"1a": True, "1b": True, "2a": False, "3a": True},
        conclusion="privileged",
    )
    levels = ladder(
        exclusions=(0, 1, 1, 2, 2, 2, 2, 2, 2, 2),
        exceptions=(0, 0, 1, 1, 1, 2, 2, 3, 3, 3),
        distractors=(0, 1, 1, 2, 3, 3, 4, 4, 6, 8),
    )

    def latent(self, rng: np.random.Generator, params: HearsayParams) -> dict[str, Any]:
        order = [str(k) for k in rng.permutation(sorted(EXCEPTIONS))[: params.exceptions]]
        case = {"exceptions": order, "exclusions": params.exclusions}
        ids = [e.id for s in self._sections(case) for e in s.elements]
        outcomes = LABELS if order else (LABELS[0], LABELS[2])

        def decide(values: dict[str, bool]) -> str | None:
            if not self.consistent(case, values):
                return None
            return _conclusion(self._sections(case), values)

        # Leaning towards a met § 1 and an unmet § 2 keeps every outcome easy to reach.
        chance = {"1": 0.8, "2": 0.2}
        _, values = balanced(
            rng, outcomes, lambda: {i: coin(rng, chance.get(i[0], 0.5)) for i in ids}, decide
        )
        names = people(rng, 4)
        return {
            **case,
            "elements": values,
            "plaintiff": names[0],
            "defendant": names[1],
            "witness": names[2],
            "listener": names[3],
            "proponent_is_plaintiff": bool(rng.integers(2)),
            "topic": int(rng.integers(len(TOPICS))),
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def consistent(self, case: dict[str, Any], values: dict[str, bool]) -> bool:
        # A prior sworn statement is made outside this trial, and an unavailable declarant
        # can be neither testifying now nor a party present in court.
        if values.get("2b") and not values["1b"]:
            return False
        for sid, kind in _exception_ids(case):
            unavailable = kind == "against" and values[f"{sid}b"]
            if unavailable and (not values["1b"] or values.get("2a") or values.get("2b")):
                return False
        return True

    def _sections(self, case: dict[str, Any]) -> list[Section]:
        sections = [
            section(
                1, "Hearsay defined", "A statement is hearsay when",
                ["it asserts a fact (a question, command or greeting asserts nothing)",
                 "the declarant made it other than while testifying at the current trial",
                 "a party offers it to prove the truth of the fact it asserts"],
            )
        ]  # fmt: skip
        if case["exclusions"]:
            excluded = [
                "the statement was made by the party against whom it is offered",
                "the declarant made the statement under oath at an earlier deposition and, "
                "testifying at the current trial, now says the opposite",
            ][: case["exclusions"]]
            sections.append(
                section(2, "Not hearsay", "A statement meeting § 1 is nevertheless not hearsay "
                        "when", excluded, mode="any")
            )  # fmt: skip
        for offset, kind in enumerate(case["exceptions"]):
            title, elements = EXCEPTIONS[kind]
            sections.append(section(3 + offset, title, "Hearsay is admissible when", elements))
        last = 3 + len(case["exceptions"])
        tail = (
            f"Hearsay is inadmissible unless {_span(last - 1)} makes it admissible."
            if case["exceptions"]
            else "Hearsay is inadmissible."
        )
        sections.append(section(last, "Admissibility", tail))
        return sections

    def statute(self, case: dict[str, Any], params: HearsayParams) -> tuple[str, list[Section]]:
        return "Evidence Code, Part 8 (Hearsay)", self._sections(case)

    def narrate(self, parts: Parts, case: dict[str, Any], params: HearsayParams) -> list[str]:
        v = case["elements"]
        plaintiff, defendant, listener = case["plaintiff"], case["defendant"], case["listener"]
        proponent, opponent = (
            (plaintiff, defendant) if case["proponent_is_plaintiff"] else (defendant, plaintiff)
        )
        declarant = opponent if v.get("2a") else case["witness"]
        claim, ask, prop = (t.format(D=defendant) for t in TOPICS[case["topic"]])
        facts = [f"{plaintiff} sues {defendant} in the court of {case['town']}."]
        if not v.get("2a"):
            facts.append(f"{declarant} is not a party to the case.")
        facts.append(
            f'{declarant} told {listener}, "{claim[0].upper()}{claim[1:]}."'
            if v["1a"]
            else f'{declarant} asked {listener}, "{ask[0].upper()}{ask[1:]}?"'
        )
        weeks = int(parts["1b"].integers(2, 30))
        if v.get("2b"):
            facts.append(
                f"{declarant} said this under oath at a deposition {weeks} weeks before the "
                f"trial; testifying at the current trial, {declarant} now says the opposite."
            )
        elif v["1b"]:
            facts.append(f"{declarant} said this {pick(parts['1b'], PLACES)} {weeks} weeks "
                         "before the trial.")  # fmt: skip
        else:
            facts.append(f"{declarant} said this on the witness stand at the current trial.")
        facts.append(
            f"{proponent} offers the words to prove that {prop}."
            if v["1c"]
            else f"{proponent} offers the words only to show that {listener} had been put on "
            f"notice, and not to prove that {prop}."
        )
        for sid, kind in _exception_ids(case):
            facts += _exception_facts(kind, v[f"{sid}a"], v[f"{sid}b"], declarant, parts[sid])
        return with_distractors(parts, facts, params.distractors, listener, proponent, case["town"])

    def question(self, case: dict[str, Any], params: HearsayParams) -> str:
        opponent = case["defendant"] if case["proponent_is_plaintiff"] else case["plaintiff"]
        return (
            f"{opponent} objects to the words as hearsay. How must the court rule? Conclusion: "
            '"not hearsay", "admissible hearsay" or "inadmissible hearsay".'
        )

    def adjudicate(self, case: dict[str, Any], params: HearsayParams) -> IracKey:
        sections = self._sections(case)
        values = case["elements"]
        return IracKey(
            issue="hearsay",
            rules=met_sections(sections, values),
            elements=dict(values),
            conclusion=_conclusion(sections, values),
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        chain = 2 + bool(case["exceptions"])
        work = 2 * len(key.elements) + chain + case["distractors"]
        return {"chain": chain, "work": work}


def _exception_ids(case: dict[str, Any]) -> list[tuple[str, str]]:
    """(section id, exception kind) of the exceptions in play; they are §§ 3, 4, ..."""
    return [(str(3 + i), kind) for i, kind in enumerate(case["exceptions"])]


def _span(highest: int) -> str:
    return "§ 3" if highest == 3 else f"one of §§ 3-{highest}"


def _conclusion(sections: list[Section], values: dict[str, bool]) -> str:
    met = met_sections(sections, values)
    if "1" not in met or "2" in met:
        return "not hearsay"
    exceptions = [s for s in sections if s.number >= 3 and s.elements]
    return "admissible hearsay" if any(s.id in met for s in exceptions) else "inadmissible hearsay"


def _exception_facts(
    kind: str, first: bool, second: bool, declarant: str, rng: np.random.Generator
) -> list[str]:
    if kind == "excited":
        return [
            f"{declarant} spoke right after seeing a {pick(rng, ('crash', 'fire', 'collapse'))} "
            "nearby." if first
            else f"Nothing startling had happened before {declarant} spoke.",
            f"{declarant} was still shaking and shouting from the shock when speaking." if second
            else f"{declarant} spoke calmly, after a long rest.",
        ]  # fmt: skip
    if kind == "business":
        return [
            f"{declarant} reported it as a routine duty at a firm that logs every such report "
            "as a regular practice." if first
            else f"{declarant} mentioned it casually, outside any job duty.",
            "The words were written down on the day of the events they describe." if second
            else f"The words were written down {int(rng.integers(2, 12))} months after the "
            "events they describe.",
        ]  # fmt: skip
    return [
        f"Saying it exposed {declarant} to a claim for damages." if first
        else f"Saying it could not expose {declarant} to any liability.",
        f"{declarant} has since left the country and cannot be found to testify." if second
        else f"{declarant} is available and could be called to testify.",
    ]  # fmt: skip
