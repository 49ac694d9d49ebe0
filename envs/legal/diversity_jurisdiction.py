"""Diversity jurisdiction: complete diversity, dual corporate citizenship, aggregated amounts."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.generators.legal import (
    LEVELS,
    IracEnv,
    IracParams,
    Parts,
    Section,
    balanced,
    closeness_knob,
    coin,
    companies,
    dollars,
    ladder,
    met_sections,
    near_threshold,
    people,
    pick,
    random_values,
    section,
    split_amount,
    states,
    towns,
    with_distractors,
)
from palaestra.generators.word_problems import list_text
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

THRESHOLDS = (10_000, 25_000, 50_000, 75_000, 100_000, 150_000)
CLAIMS = (
    "unpaid invoices", "breach of a supply contract", "damage to a delivery truck",
    "lost profits", "a defective machine", "unpaid rent", "a botched renovation",
    "water damage to a warehouse", "unpaid consulting fees", "a cancelled shipment",
)  # fmt: skip
EXCLUSIONS = (
    ("a decree of divorce, alimony or child custody", "a decree awarding alimony"),
    ("the probate of a will or the administration of a decedent's estate",
     "an order admitting a will to probate"),
)  # fmt: skip


class DiversityParams(IracParams):
    plaintiffs: int = Field(1, ge=1, le=4, description="plaintiffs; more is harder")
    defendants: int = Field(1, ge=1, le=4, description="defendants; more is harder")
    corporations: int = Field(
        0,
        ge=0,
        le=8,
        description="parties that are corporations (two citizenships); more is harder",
    )
    claims: int = Field(
        1,
        ge=1,
        le=4,
        description="claims the lead plaintiff brings against one defendant; "
        "more is harder (they must be added)",
    )
    closeness: int = closeness_knob("the amount lies to the threshold")
    exclusions: int = Field(
        0, ge=0, le=2, description="subject-matter exclusions in the statute; more is harder"
    )


@register("legal/diversity-jurisdiction-v1")
class DiversityJurisdiction(IracEnv):
    """Diversity jurisdiction under a fictional judicial code: does the court have it?

    Task: in the tradition of LegalBench's diversity-jurisdiction tasks (Guha et al., 2023),
    generated from latent element values and made IRAC. A judicial code states: § 1 the court
    has jurisdiction when (a) no plaintiff shares a citizenship with any defendant and (b) the
    amount in controversy exceeds a threshold (drawn per task); § 2 citizenship (a person's
    domicile; a corporation's state of incorporation, and in some tasks also its principal
    place of business); § 3 the amount in controversy (one plaintiff's claims against one
    defendant are added; different plaintiffs or defendants are not); optionally § 4
    exclusions (domestic-relations and probate matters). Facts list parties, their homes,
    workplaces and offices, the claims and distractors.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion
    "jurisdiction" or "no jurisdiction"; quantity "amount" (the amount in controversy in whole
    dollars).

    Knobs: plaintiffs, defendants, corporations, claims per pair, closeness to the threshold,
    exclusions, distractors (each more is harder); twin (the same case with one element
    flipped).

    Verification: `score_irac`: conclusion 0.5, elements, amount, issue and rule set share the
    other 0.5 (see `palaestra.verifiers.irac`). Labels are balanced: the conclusion is drawn
    first. Every element is decisive when all the others favour jurisdiction.

    Versions: v1, first release.
    """

    Params = DiversityParams
    issues = {
        "diversity": "whether the court has diversity jurisdiction over the action",
        "venue": "whether the action was filed in the proper district",
        "personal": "whether the court has personal jurisdiction over a defendant",
    }
    example = IracKey(
        issue="standing",
        rules=frozenset({"2"}),
        elements={"1a": True, "1b": False, "2a": True},
        quantities={"amount": 12500},
        conclusion="dismissed",
    )
    levels = ladder(
        plaintiffs=(1, 1, 1, 2, 2, 2, 3, 3, 3, 4),
        defendants=(1, 1, 2, 2, 2, 3, 3, 3, 4, 4),
        corporations=(0, 1, 1, 1, 2, 2, 3, 4, 5, 6),
        claims=(1, 1, 2, 2, 2, 3, 3, 3, 4, 4),
        closeness=LEVELS,
        exclusions=(0, 0, 0, 1, 1, 1, 2, 2, 2, 2),
        distractors=(0, 1, 1, 2, 2, 3, 3, 4, 5, 6),
    )

    def latent(self, rng: np.random.Generator, params: DiversityParams) -> dict[str, Any]:
        n = params.plaintiffs + params.defendants
        corp_slots = set(
            int(i) for i in rng.choice(n, size=min(n, params.corporations), replace=False)
        )
        names = people(rng, n)
        firms = companies(rng, n)
        parties = [
            {"name": firms[i] if i in corp_slots else names[i], "corp": i in corp_slots}
            for i in range(n)
        ]
        ids = ["1a", "1b", *(f"4{chr(97 + i)}" for i in range(params.exclusions))]

        def decide(values: dict[str, bool]) -> str:
            return _conclusion(values)

        _, values = balanced(
            rng, ["jurisdiction", "no jurisdiction"], lambda: random_values(rng, ids, 0.6), decide
        )
        return {
            "elements": values,
            "threshold": pick(rng, THRESHOLDS),
            "dual": coin(rng, 0.7),
            "plaintiffs": parties[: params.plaintiffs],
            "defendants": parties[params.plaintiffs :],
            "court_town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def realize(
        self, parts: Parts, case: dict[str, Any], params: DiversityParams
    ) -> dict[str, Any]:
        return {
            **case,
            "homes": _citizenships(parts["1a"], case),
            "claims": _claims(parts["1b"], case, params),
        }

    def narrate(self, parts: Parts, case: dict[str, Any], params: DiversityParams) -> list[str]:
        facts = [_party_fact(p, case["homes"][p["name"]]) for p in _all(case)]
        facts += [
            f"{c['plaintiff']} claims {dollars(c['amount'])} from {c['defendant']} for {c['what']}."
            for c in case["claims"]
        ]
        lead = case["plaintiffs"][0]["name"]
        for index in range(params.exclusions):
            element = f"4{chr(97 + index)}"
            _, sought = EXCLUSIONS[index]
            if case["elements"][element]:
                facts.append(f"In the same complaint, {lead} also asks the court for {sought}.")
        return with_distractors(
            parts,
            facts,
            params.distractors,
            lead,
            case["defendants"][0]["name"],
            case["court_town"],
        )

    def statute(self, case: dict[str, Any], params: DiversityParams) -> tuple[str, list[Section]]:
        corp = (
            "A corporation is a citizen of the state where it is incorporated and of the state "
            "where it has its principal place of business."
            if case["dual"]
            else "A corporation is a citizen only of the state where it is incorporated; its "
            "principal place of business does not matter."
        )
        sections = [
            section(
                1,
                "Diversity jurisdiction",
                ("Subject to § 4, the" if params.exclusions else "The")
                + " district court has jurisdiction of a civil action when",
                [
                    "no plaintiff is a citizen of a state of which any defendant is a citizen",
                    f"the amount in controversy exceeds {dollars(case['threshold'])}",
                ],
            ),
            section(
                2,
                "Citizenship",
                "A natural person is a citizen only of the state where the person is "
                f"domiciled; where a person works or was born does not matter. {corp}",
            ),
            section(
                3,
                "Amount in controversy",
                "The amount in controversy is the largest total that one plaintiff claims from "
                "one defendant. A plaintiff's claims against the same defendant are added "
                "together; claims of different plaintiffs, or against different defendants, are "
                "never added.",
            ),
        ]
        if params.exclusions:
            sections.append(
                section(
                    4,
                    "Exclusions",
                    "The court has no jurisdiction of an action, even if § 1 is satisfied, when "
                    "the complaint seeks",
                    [EXCLUSIONS[i][0] for i in range(params.exclusions)],
                    mode="any",
                )
            )
        return "Judicial Code, Chapter 9 (Jurisdiction of the District Court)", sections

    def question(self, case: dict[str, Any], params: DiversityParams) -> str:
        plaintiffs = list_text([p["name"] for p in case["plaintiffs"]])
        defendants = list_text([d["name"] for d in case["defendants"]])
        return (
            f"{plaintiffs} (plaintiff side) {'sue' if len(case['plaintiffs']) > 1 else 'sues'} "
            f"{defendants} (defendant side) in the district "
            f"court sitting in {case['court_town']}, and a defendant moves to dismiss for lack "
            'of jurisdiction. Does the court have jurisdiction? Conclusion: "jurisdiction" or '
            '"no jurisdiction".'
        )

    def quantities(self, case: dict[str, Any], params: DiversityParams) -> dict[str, str]:
        return {"amount": "the amount in controversy under § 3, in whole dollars (an integer)"}

    def adjudicate(self, case: dict[str, Any], params: DiversityParams) -> IracKey:
        _, sections = self.statute(case, params)
        values = case["elements"]
        return IracKey(
            issue="diversity",
            rules=met_sections(sections, values),
            elements=dict(values),
            quantities={"amount": _amount(case["claims"])},
            conclusion=_conclusion(values),
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        chain, steps = 2 + ("4a" in key.elements), len(case["claims"])
        parties = len(_all(case))
        # The exclusion sentences appear only when an exclusion applies, so facts vary.
        work = len(key.elements) + 1 + chain + 2 * steps + parties + case["distractors"]
        return {"chain": chain, "steps": steps, "work": work}


def _conclusion(values: dict[str, bool]) -> str:
    excluded = any(v for k, v in values.items() if k.startswith("4"))
    return "jurisdiction" if values["1a"] and values["1b"] and not excluded else "no jurisdiction"


def _all(case: dict[str, Any]) -> list[dict[str, Any]]:
    return case["plaintiffs"] + case["defendants"]


def _counting(party: dict[str, Any], home: dict[str, str], dual: bool) -> list[str]:
    """The fields of `home` that make citizenship under § 2."""
    if not party["corp"]:
        return ["domicile"]
    return ["incorporated", "office"] if dual else ["incorporated"]


def _citizenships(rng: np.random.Generator, case: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each party's domicile and workplace, or state of incorporation and principal office.

    Citizenships are drawn diverse first (every draw the same whatever 1a says); when 1a is
    false one defendant's counting state is then set to one of a plaintiff's: the minimal
    change a twin needs. Non-counting places (workplace, and the office when only the state of
    incorporation counts) are drawn from either side, as traps.
    """
    n_p = len(case["plaintiffs"])
    pool = states(rng, 2 * len(_all(case)) + 2)
    sides = (pool[: len(pool) // 2], pool[len(pool) // 2 :])
    homes: dict[str, dict[str, str]] = {}
    for index, party in enumerate(_all(case)):
        own = sides[index >= n_p]
        if party["corp"]:
            office_side = own if case["dual"] else pick(rng, sides)
            homes[party["name"]] = {
                "incorporated": pick(rng, own),
                "office": pick(rng, office_side),
            }
        else:
            homes[party["name"]] = {"domicile": pick(rng, own), "works": pick(rng, pool)}
    plaintiff = pick(rng, case["plaintiffs"])
    defendant = pick(rng, case["defendants"])
    slot = pick(rng, _counting(defendant, homes[defendant["name"]], case["dual"]))
    shared = pick(rng, _counting(plaintiff, homes[plaintiff["name"]], case["dual"]))
    if not case["elements"]["1a"]:
        homes[defendant["name"]][slot] = homes[plaintiff["name"]][shared]
    return homes


def _party_fact(party: dict[str, Any], home: dict[str, str]) -> str:
    name = party["name"]
    if party["corp"]:
        return (
            f"{name} is incorporated in {home['incorporated']} and has its principal place of "
            f"business in {home['office']}."
        )
    return f"{name} is domiciled in {home['domicile']} and works in {home['works']}."


def _claims(rng: np.random.Generator, case: dict[str, Any], params: DiversityParams) -> list[dict]:
    """The lead pair's claims total above the threshold exactly when 1b holds; every other
    pair stays at or below it, though sums across pairs may exceed it (the aggregation trap)."""
    threshold = case["threshold"]
    step = max(1, threshold // 1000)
    pairs = [(p["name"], d["name"]) for p in case["plaintiffs"] for d in case["defendants"]]
    lead = pairs[int(rng.integers(len(pairs)))]
    claims = []
    for pair in pairs:
        if pair != lead:
            amount = step * int(rng.integers(threshold // (3 * step) + 1, threshold // step + 1))
            claims.append(_claim(rng, pair, amount))
    # The lead pair's draws come last so that a twin flipping 1b changes only its claims.
    total = near_threshold(rng, threshold, case["elements"]["1b"], params.closeness, step=step)
    count = min(params.claims, total // step)
    amounts = split_amount(rng, total - total % step, count, step)
    amounts[-1] += total % step
    claims += [_claim(rng, lead, amount) for amount in amounts]
    order = rng.permutation(len(claims))
    return [claims[int(i)] for i in order]


def _claim(rng: np.random.Generator, pair: tuple[str, str], amount: int) -> dict[str, Any]:
    return {"plaintiff": pair[0], "defendant": pair[1], "amount": amount, "what": pick(rng, CLAIMS)}


def _amount(claims: list[dict[str, Any]]) -> int:
    totals: dict[tuple[str, str], int] = {}
    for claim in claims:
        pair = (claim["plaintiff"], claim["defendant"])
        totals[pair] = totals.get(pair, 0) + claim["amount"]
    return max(totals.values())
