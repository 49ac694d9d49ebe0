"""Contract formation: offer, acceptance (mailbox rule, lapse, revocation), consideration."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.generators.legal import (
    LEVELS,
    IracEnv,
    IracParams,
    Parts,
    Section,
    add_years,
    balanced,
    closeness_knob,
    coin,
    dollars,
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

LABELS = ("contract", "no contract")
# medium -> (inclusive range of days in transit, wording)
MEDIA = {"post": (2, 5, "by post"), "courier": (1, 2, "by courier"), "email": (0, 0, "by email")}
# When an acceptance takes effect: the statute's variant of the mailbox rule.
MAILBOX = {
    "same-medium": "when it is sent, if it is sent by the same medium as the offer, and "
    "otherwise when the offeror receives it",
    "any-medium": "when it is sent, whatever the medium",
    "receipt": "when the offeror receives it",
}
GOODS = ("oak chairs", "bags of cement", "solar panels", "bales of hay", "laptops", "kegs of cider")


class ContractParams(IracParams):
    option: bool = Field(False, description="the statute has an option-contract rule; on is harder")
    closeness: int = closeness_knob(
        "the acceptance lies to the lapse and revocation dates and the parties to their "
        "18th birthdays"
    )


@register("legal/contract-formation-v1")
class ContractFormation(IracEnv):
    """Contract formation under a fictional code: was a contract formed, and when?

    Task: the first-year contracts checklist (Restatement (Second) of Contracts §§ 24-71 in
    spirit) as a closed rule system: § 1 offer (definite terms, intent to be bound), § 2
    acceptance (mirror image, effective on or before the lapse date, effective before any
    revocation), § 3 consideration, § 4 capacity (age 18 on the day the acceptance takes
    effect), § 5 timing: the offer lapses on its stated date or N days after the offeree
    receives it; a revocation takes effect on receipt; an acceptance takes effect by a
    per-task variant of the mailbox rule (on dispatch by the offer's medium, on dispatch by
    any medium, or on receipt); optionally § 6, an option rule that makes a paid-for offer
    irrevocable until its lapse date. Dates, media, transit times and birthdays are generated.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion "contract"
    or "no contract"; quantities "acceptance_effective" and "offer_lapses" (ISO dates).

    Knobs: option (the option rule in play), closeness (1-10: dates and birthdays near the
    deciding day), distractors; twin (the same case with one element flipped; the dates of
    later events are re-placed around the new acceptance date so that no other element
    changes).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, both dates, issue and
    rule set). Labels are balanced. Every element is decisive when all the others hold (the
    test is conjunctive).

    Versions: v1, first release.
    """

    Params = ContractParams
    issues = {
        "formation": "whether a contract was formed",
        "breach": "whether a party breached the contract",
        "remedy": "what damages the injured party may recover",
    }
    example = IracKey(
        issue="breach",
        rules=frozenset({"1", "3"}),
        elements={"1a": True, "2a": False, "3a": True},
        quantities={"delivery_due": "2020-05-04"},
        conclusion="breach",
    )
    levels = ladder(
        option=(False,) * 4 + (True,) * 6,
        closeness=LEVELS,
        distractors=(0, 1, 1, 2, 2, 3, 3, 4, 5, 6),
    )

    def latent(self, rng: np.random.Generator, params: ContractParams) -> dict[str, Any]:
        stated = coin(rng)
        case: dict[str, Any] = {"option_paid": bool(params.option and stated and coin(rng))}
        sections = _sections("same-medium", 14, params.option)
        ids = [e.id for s in sections for e in s.elements]

        def decide(values: dict[str, bool]) -> str | None:
            return _conclusion(sections, values) if self.consistent(case, values) else None

        _, values = balanced(rng, LABELS, lambda: random_values(rng, ids, 0.75), decide)
        offeror, offeree = people(rng, 2)
        return {
            **case,
            "elements": values,
            "offeror": offeror,
            "offeree": offeree,
            "mailbox": str(pick(rng, sorted(MAILBOX))),
            "lapse_days": int(rng.integers(7, 31)),
            "offer_medium": str(pick(rng, sorted(MEDIA))),
            "accept_medium": str(pick(rng, sorted(MEDIA))),
            "offered": random_date(rng, dt.date(2015, 1, 1), dt.date(2025, 6, 30)).isoformat(),
            "stated_days": int(rng.integers(14, 41)) if stated else None,
            "goods": str(pick(rng, GOODS)),
            "quantity": int(rng.integers(2, 60)) * 10,
            "price": int(rng.integers(5, 400)) * 5,
            "town": towns(rng, 1)[0],
        }

    def consistent(self, case: dict[str, Any], values: dict[str, bool]) -> bool:
        # a paid option makes every revocation before the acceptance ineffective
        return not (case["option_paid"] and not values["2c"])

    def realize(self, parts: Parts, case: dict[str, Any], params: ContractParams) -> dict[str, Any]:
        v = case["elements"]
        offered = dt.date.fromisoformat(case["offered"])
        received = offered + dt.timedelta(days=_transit(parts["offer"], case["offer_medium"]))
        if case["stated_days"] is not None:
            lapse = offered + dt.timedelta(days=case["stated_days"])
        else:
            lapse = received + dt.timedelta(days=case["lapse_days"])
        accept_transit = _transit(parts["accept"], case["accept_medium"])
        on_dispatch = _on_dispatch(case["mailbox"], case["offer_medium"], case["accept_medium"])
        # The acceptance takes effect `gap` days before (timely) or after the lapse date; it
        # cannot be sent before the offer arrived.
        room = (lapse - received).days - accept_transit - 1
        reach = max(1, round(room * (11 - params.closeness) / 10))
        gap = int(parts["2b"].integers(0, max(1, min(reach, room)) + 1))
        effective = (
            lapse - dt.timedelta(days=gap) if v["2b"] else lapse + dt.timedelta(days=gap + 1)
        )
        sent = effective if on_dispatch else effective - dt.timedelta(days=accept_transit)
        arrived = sent + dt.timedelta(days=accept_transit)
        out = {
            **case,
            "received": received.isoformat(),
            "sent": sent.isoformat(),
            "arrived": arrived.isoformat(),
            "effective": effective.isoformat(),
            "lapse": lapse.isoformat(),
            "revocation": _revocation(parts["2c"], v["2c"], case, received, effective, lapse),
        }
        for element in ("4a", "4b"):
            near = int(parts[element].integers(1, 4 + 40 * (10 - params.closeness)))
            eighteenth = effective - dt.timedelta(days=near - 1 if v[element] else -near)
            if (eighteenth.month, eighteenth.day) == (2, 29):  # its birth date would be ambiguous
                eighteenth += dt.timedelta(days=-1 if v[element] else 1)
            out[f"born_{element}"] = add_years(eighteenth, -18).isoformat()
        return out

    def narrate(self, parts: Parts, case: dict[str, Any], params: ContractParams) -> list[str]:
        v = case["elements"]
        a, b = case["offeror"], case["offeree"]
        goods, qty, price = case["goods"], case["quantity"], case["price"]
        medium = MEDIA[case["offer_medium"]][2]
        terms = (
            f"{qty} {goods} at {dollars(price)} each"
            if v["1a"]
            else f"some {goods}, quantity and price to be settled later"
        )
        offer = (
            f"I will sell you {terms}; reply to accept."
            if v["1b"]
            else f"We have {terms} in stock. Make me an offer and I will think about it."
        )
        facts = [f'On {day(case["offered"])}, {a} wrote to {b} {medium}: "{offer}"']
        if case["stated_days"] is not None:
            facts.append(f"The offer said it stays open until {day(case['lapse'])}.")
        else:
            facts.append("The offer named no date until which it stays open.")
        facts.append(f"{b} received it on {day(case['received'])}.")
        if case["option_paid"]:
            facts.append(
                f"{b} paid {a} {dollars(10 * int(parts['option'].integers(5, 50)))} to keep "
                "the offer open until that date."
            )
        reply = (
            "I accept your offer on your terms."
            if v["2a"]
            else f"I accept, provided you deliver the {goods} to my door at no extra charge."
        )
        facts.append(
            f"On {day(case['sent'])}, {b} sent {a} {MEDIA[case['accept_medium']][2]} the reply "
            f'"{reply}", which {a} received on {day(case["arrived"])}.'
        )
        if case["revocation"]:
            sent, arrived = case["revocation"]
            facts.append(
                f"On {day(sent)}, {a} sent {b} a message withdrawing the offer; {b} received "
                f"it on {day(arrived)}."
            )
        facts.append(
            f"{b} promised to pay the price in exchange for {a}'s promise to deliver."
            if v["3a"]
            else f"{a} made the offer to make good an earlier order that {b} had paid for in "
            f"full the year before; {b} promised nothing new in exchange."
        )
        facts.append(f"{a} was born on {day(case['born_4a'])}.")
        facts.append(f"{b} was born on {day(case['born_4b'])}.")
        return with_distractors(parts, facts, params.distractors, a, b, case["town"])

    def statute(self, case: dict[str, Any], params: ContractParams) -> tuple[str, list[Section]]:
        sections = _sections(case["mailbox"], case["lapse_days"], params.option)
        return "Commercial Dealings Act, Part 2 (Formation of contracts)", sections

    def question(self, case: dict[str, Any], params: ContractParams) -> str:
        return (
            f"Was a contract formed between {case['offeror']} and {case['offeree']}? "
            'Conclusion: "contract" or "no contract".'
        )

    def quantities(self, case: dict[str, Any], params: ContractParams) -> dict[str, str]:
        return {
            "acceptance_effective": "the date the acceptance (the reply) took effect, YYYY-MM-DD",
            "offer_lapses": "the date the offer lapses under § 5, YYYY-MM-DD",
        }

    def adjudicate(self, case: dict[str, Any], params: ContractParams) -> IracKey:
        values = dict(case["elements"])
        effective = dt.date.fromisoformat(case["effective"])
        lapse = dt.date.fromisoformat(case["lapse"])
        # the date-driven elements are recomputed from the dates, not copied from the draw
        values["2b"] = effective <= lapse
        values["2c"] = _not_revoked(case, effective, lapse)
        for element in ("4a", "4b"):
            values[element] = add_years(dt.date.fromisoformat(case[f"born_{element}"]), 18) <= (
                effective
            )
        sections = _sections(case["mailbox"], case["lapse_days"], params.option)
        return IracKey(
            issue="formation",
            rules=met_sections(sections, values),
            elements=values,
            quantities={"acceptance_effective": case["effective"], "offer_lapses": case["lapse"]},
            conclusion=_conclusion(sections, values),
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        # date comparisons: lapse, acceptance effect, revocation, two birthdays
        return {"chain": 2, "steps": 4 + bool(case["revocation"])}


def _sections(mailbox: str, lapse_days: int, option: bool) -> list[Section]:
    out = [
        section(
            1,
            "Offer",
            "A communication is an offer when",
            [
                "it states the goods, the quantity and the price",
                "it shows that its maker means to be bound by an acceptance, rather than "
                "inviting the other side to make an offer",
            ],
        ),
        section(
            2,
            "Acceptance",
            "A reply to an offer accepts it when",
            [
                "it agrees to the offer's terms without adding or changing any term",
                "it takes effect on or before the day the offer lapses",
                "it takes effect before any revocation of the offer takes effect",
            ],
        ),
        section(
            3,
            "Consideration",
            "The promises are supported by consideration when",
            ["each party's promise was given in exchange for the other party's promise"],
        ),
        section(
            4,
            "Capacity",
            "The parties have capacity when",
            [
                "the offeror had turned 18 on or before the day the acceptance took effect",
                "the offeree had turned 18 on or before the day the acceptance took effect",
            ],
            tail="A person turns 18 on the 18th anniversary of birth (February 28 for a person "
            "born on February 29, in a year without that day).",
        ),
        section(
            5,
            "Timing",
            f"An offer lapses at the end of the date it states or, if it states none, at the "
            f"end of the {ordinal(lapse_days)} day after the offeree receives it. An "
            f"acceptance takes effect {MAILBOX[mailbox]}. A revocation takes effect when the "
            "offeree receives it.",
        ),
    ]
    if option:
        out.append(
            section(
                6,
                "Option",
                "When the offeree has paid the offeror to keep an offer open until a stated "
                "date, a revocation received on or before that date has no effect.",
            )
        )
    out.append(
        section(
            len(out) + 1,
            "Formation",
            "A contract is formed when the conditions of each of §§ 1, 2, 3 and 4 are met.",
        )
    )
    return out


def _conclusion(sections: list[Section], values: dict[str, bool]) -> str:
    return LABELS[0] if {"1", "2", "3", "4"} <= met_sections(sections, values) else LABELS[1]


def _transit(rng: np.random.Generator, medium: str) -> int:
    low, high, _ = MEDIA[medium]
    return int(rng.integers(low, high + 1))


def _on_dispatch(mailbox: str, offer_medium: str, accept_medium: str) -> bool:
    return mailbox == "any-medium" or (mailbox == "same-medium" and offer_medium == accept_medium)


def _revocation(
    rng: np.random.Generator,
    not_revoked: bool,
    case: dict[str, Any],
    received: dt.date,
    effective: dt.date,
    lapse: dt.date,
) -> list[str] | None:
    """[sent, received] ISO dates of a revocation, or None when the offeror never revoked."""
    step = int(rng.integers(1, 6))
    if not_revoked:
        kind = int(rng.integers(3 if case["option_paid"] else 2))
        if kind == 0:
            return None
        if kind == 1:
            arrived = effective + dt.timedelta(days=step)
        else:  # paid option: an early revocation on or before the lapse date has no effect
            arrived = max(received, min(effective, lapse) - dt.timedelta(days=step))
    else:
        arrived = max(received, effective - dt.timedelta(days=step))
    transit = int(rng.integers(0, 3))
    return [(arrived - dt.timedelta(days=transit)).isoformat(), arrived.isoformat()]


def _not_revoked(case: dict[str, Any], effective: dt.date, lapse: dt.date) -> bool:
    if not case["revocation"]:
        return True
    arrived = dt.date.fromisoformat(case["revocation"][1])
    return arrived > effective or (case["option_paid"] and arrived <= lapse)
