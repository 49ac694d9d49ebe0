"""Personal jurisdiction: general, specific (long-arm list, relatedness, fairness) and tag."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.generators.legal import (
    IracEnv,
    IracParams,
    Parts,
    Section,
    balanced,
    coin,
    companies,
    element_ids,
    ladder,
    met_sections,
    people,
    pick,
    section,
    states,
    towns,
    with_distractors,
)
from palaestra.generators.word_problems import list_text
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

LABELS = ("jurisdiction", "no jurisdiction")
LETTERS = "ABCD"
GOODS = ("space heaters", "ladders", "pressure cookers", "bicycle helmets", "water pumps")
# kind -> (long-arm activity, the defendant's own contact, the same kind of contact brought
# about by someone else ("" when there is no such story), the claim that arises from it).
CONTACTS: dict[str, tuple[str, str, str, str]] = {
    "goods": (
        "selling or shipping goods to buyers in {F}",
        "{X} sold and shipped {goods} directly to buyers in {F}.",
        "{X} sold {goods} only to a wholesaler in {S}; the wholesaler, on its own and without "
        "{X}'s knowledge, resold some of them to buyers in {F}.",
        "injuries caused by one of those {goods}",
    ),
    "work": (
        "performing work or services in {F}",
        "{X} sent a crew to repair the roof of a warehouse in {town}, {F}.",
        "{X} repaired a crane in a workshop in {S}; the crane's owner later moved it to {F} "
        "without telling {X}.",
        "damage caused by that repair work",
    ),
    "property": (
        "owning or leasing real property in {F}",
        "{X} owns a warehouse in {town}, {F}.",
        "",
        "an unpaid bill for repairs to that warehouse",
    ),
    "driving": (
        "causing an injury by an act done in {F}",
        "A delivery van driven by {X}'s employee on {X}'s business struck a parked car in "
        "{town}, {F}.",
        "A van that {X} had sold in {S} was later driven into {F} by its new owner, without "
        "{X}'s involvement, and struck a parked car there.",
        "the damage to that parked car",
    ),
    "ads": (
        "advertising aimed at residents of {F}",
        "{X} ran radio advertisements aimed at listeners in {F}.",
        "{X} advertised only in newspapers of {S}; a resident of {F} happened to read one "
        "while travelling.",
        "misleading statements in those advertisements",
    ),
}
UNRELATED = ("unpaid consulting fees", "a late delivery of office furniture", "a failed loan")
# factor -> (statute text, fact when it holds, fact when it does not).
FACTORS: dict[str, tuple[str, str, str]] = {
    "burden": (
        "defending in {F} imposes no severe burden on the defendant",
        "Defending in {F} would be easy for {X}: {X}'s regular lawyers already practise there.",
        "Defending in {F} would be a severe hardship for {X}, who has no lawyers or staff "
        "there and could barely afford the trips.",
    ),
    "harm": (
        "the harm alleged happened in {F}",
        "The harm {P} alleges against {X} happened in {F}.",
        "The harm {P} alleges against {X} happened in {S}.",
    ),
    "evidence": (
        "most of the witnesses and evidence about the claim are in {F}",
        "Most witnesses and records about the claim against {X} are in {F}.",
        "Most witnesses and records about the claim against {X} are in {S}.",
    ),
    "relief": (
        "the plaintiff cannot obtain convenient relief against the defendant in another state",
        "{P} could not obtain convenient relief against {X} in any other state's courts.",
        "{P} could sue {X} just as conveniently in {S}.",
    ),
    "pending": (
        "no court of another state is already hearing the same dispute",
        "No other court is hearing any dispute between {P} and {X}.",
        "A court in {S} is already hearing {P}'s suit against {X} about the same dispute.",
    ),
}
LURES = ("a job interview", "a sick relative", "a prize to collect", "a business deal")
PURPOSES = ("attending a trade fair", "on a family holiday", "changing planes", "visiting a friend")


class JurisdictionParams(IracParams):
    defendants: int = Field(
        1,
        ge=1,
        le=4,
        description="defendants, each decided separately (more than one makes the conclusion "
        "the set of defendants the court may hear); more is harder",
    )
    fairness: int = Field(
        0,
        ge=0,
        le=5,
        description="fairness factors a majority of which specific jurisdiction also needs "
        "(0: no fairness test); more is harder",
    )
    transient: bool = Field(
        False,
        description="a transient-presence ('tag') rule for individuals served in the forum; "
        "on is harder",
    )
    exceptions: int = Field(
        0,
        ge=0,
        le=2,
        description="exceptions to the tag rule (presence procured by fraud, by force); "
        "more is harder",
    )

    @model_validator(mode="after")
    def _exceptions_need_tag(self) -> JurisdictionParams:
        if self.exceptions and not self.transient:
            raise ValueError(
                "exceptions qualify the transient-presence rule: set transient=True or exceptions=0"
            )
        return self


@register("legal/personal-jurisdiction-v1")
class PersonalJurisdiction(IracEnv):
    """Personal jurisdiction under a fictional long-arm statute: may the court hear the suit?

    Task: the civil-procedure doctrine of personal jurisdiction (general jurisdiction where a
    defendant is "at home" or has consented; specific jurisdiction from purposeful contacts
    the claim relates to, subject to fairness factors; transient "tag" jurisdiction over an
    individual served while present in the forum) as a closed-world IRAC exercise, in the
    tradition of LegalBench's rule-application tasks (Guha et al., 2023). A generated statute
    states: § 1 general jurisdiction ((a) at home, (b) written consent; either suffices);
    § 2 specific jurisdiction ((a) the defendant's own deliberate activity of a kind on a
    long-arm list drawn per task, not one brought about by someone else; (b) the claim
    relates to the defendant's connection with the forum); optionally fairness factors of
    which more than half must hold, a tag rule for individuals and its fraud/force exceptions;
    a definition of "at home" (domicile; incorporation, and in some tasks the principal place
    of business); and a closing section combining them. Facts give each defendant's homes,
    agreements, contacts, the claim, the fairness facts and how the summons was served, with
    traps (a workplace or an unlisted activity in the forum, goods resold by a wholesaler, a
    company's president served in the forum) and distractors.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`. One defendant:
    conclusion "jurisdiction" or "no jurisdiction". Several: element and section ids carry the
    defendant's letter (A1a, B2) and the conclusion is the list of letters of the defendants
    the court may hear (e.g. ["A", "C"], or []).

    Knobs: defendants (1-4), fairness factors (0-5), transient (tag rule on/off), exceptions
    to the tag rule (0-2), distractors (each more is harder); twin (the same case with one
    element flipped; only flips that keep the facts coherent are drawn: fraud or force can
    only bring a defendant who was present).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, issue and rule set).
    Each defendant's outcome is drawn first with even odds, so labels (and each letter's
    membership of the set) are balanced. An element is decisive when its route (general,
    specific with fairness, tag without exception) turns on it and no other route holds.

    Versions: v1, first release.
    """

    Params = JurisdictionParams
    issues = {
        "personal": "whether the court has personal jurisdiction over the defendant(s)",
        "subject": "whether the court has subject-matter jurisdiction over the claim",
        "venue": "whether the action was filed in the proper venue",
    }
    example = IracKey(
        issue="venue",
        rules=frozenset({"2"}),
        elements={"1a": False, "1b": True, "2a": True},
        conclusion="transfer",
    )
    levels = ladder(
        defendants=(1, 1, 1, 1, 2, 2, 2, 3, 3, 4),
        fairness=(0, 0, 1, 3, 1, 3, 3, 3, 5, 5),
        transient=(False,) + (True,) * 9,
        exceptions=(0, 0, 0, 1, 1, 1, 2, 2, 2, 2),
        distractors=(0, 1, 1, 2, 2, 3, 4, 4, 5, 6),
    )

    # ------------------------------------------------------------------------- stages
    def latent(self, rng: np.random.Generator, params: JurisdictionParams) -> dict[str, Any]:
        pool = states(rng, 5)
        listed = rng.permutation(sorted(CONTACTS))[: int(rng.integers(2, len(CONTACTS)))]
        count = params.defendants
        firm = [coin(rng) for _ in range(count)]
        names, firms = people(rng, count + 2), companies(rng, count)
        case: dict[str, Any] = {
            "forum": pool[0],
            "others": pool[1:],
            "court_town": towns(rng, 1)[0],
            "plaintiff": names[0],
            "bystander": names[1],
            "dual": coin(rng, 0.6),
            "kinds": [str(k) for k in listed],
            "factors": [str(k) for k in rng.permutation(sorted(FACTORS))[: params.fairness]],
            "layout": _layout(params),
            "exceptions": params.exceptions,
            "defendants": [
                {
                    "letter": LETTERS[i],
                    "name": firms[i] if firm[i] else names[i + 2],
                    "company": firm[i],
                }
                for i in range(count)
            ],
            "distractors": params.distractors,
        }
        values: dict[str, bool] = {}
        for defendant in case["defendants"]:
            own = self._draw(rng, case, defendant)
            values.update({_prefix(case, defendant) + k: v for k, v in own.items()})
        return {**case, "elements": values}

    def _draw(
        self, rng: np.random.Generator, case: dict[str, Any], defendant: dict[str, Any]
    ) -> dict[str, bool]:
        """One defendant's element values, its outcome drawn first."""
        lay = case["layout"]
        sections = _sections(case)
        ids = _own_ids(case, defendant)
        # Rare general jurisdiction and exceptions leave the other routes room to decide.
        chance = {1: 0.25, lay["exception"]: 0.3}

        def draw() -> dict[str, bool]:
            return {i: coin(rng, chance.get(int(i[:-1]), 0.6)) for i in ids}

        def decide(values: dict[str, bool]) -> str | None:
            if not _coherent(case, values):
                return None
            return LABELS[0] if _decide(case, _met(sections, values)) else LABELS[1]

        return balanced(rng, LABELS, draw, decide)[1]

    def consistent(self, case: dict[str, Any], values: dict[str, bool]) -> bool:
        return all(_coherent(case, _own(case, d, values)) for d in case["defendants"])

    def realize(
        self, parts: Parts, case: dict[str, Any], params: JurisdictionParams
    ) -> dict[str, Any]:
        details = {}
        for d in case["defendants"]:
            letter, own = d["letter"], _own(case, d, case["elements"])
            details[letter] = {
                "home": _home(parts[f"{letter}:1a"], case, d["company"], own["1a"]),
                "contact": _contact(
                    parts[f"{letter}:contact"], parts[f"{letter}:2a"], case, own["2a"]
                ),
                "served": _service(parts[f"{letter}:served"], case, own),
            }
        return {**case, "details": details}

    def narrate(self, parts: Parts, case: dict[str, Any], params: JurisdictionParams) -> list[str]:
        facts: list[str] = []
        for d in case["defendants"]:
            facts += _defendant_facts(parts, case, d)
        return with_distractors(
            parts,
            facts,
            params.distractors,
            case["plaintiff"],
            case["bystander"],
            case["court_town"],
        )

    def statute(
        self, case: dict[str, Any], params: JurisdictionParams
    ) -> tuple[str, list[Section]]:
        return f"Code of Civil Procedure of {case['forum']}, Chapter 4", _sections(case)

    def question(self, case: dict[str, Any], params: JurisdictionParams) -> str:
        defendants = case["defendants"]
        where = f"the court of {case['forum']} sitting in {case['court_town']}"
        if len(defendants) == 1:
            name = defendants[0]["name"]
            return (
                f"{case['plaintiff']} sues {name} in {where}. {name} moves to dismiss for lack "
                f"of personal jurisdiction. Does the court have personal jurisdiction over "
                f'{name}? Conclusion: "jurisdiction" or "no jurisdiction".'
            )
        named = list_text([f"{d['letter']} = {d['name']}" for d in defendants])
        return (
            f"{case['plaintiff']} sues several defendants in {where} ({named}), and each "
            "moves to dismiss for lack of personal jurisdiction. Apply the code to each "
            "defendant separately and prefix every element and section id with the "
            "defendant's letter (A1a is § 1(a) for defendant A; A2 is § 2 for defendant A). "
            "Conclusion: the list of the letters of the defendants over whom the court has "
            'personal jurisdiction, e.g. ["B"], or [] if none.'
        )

    def adjudicate(self, case: dict[str, Any], params: JurisdictionParams) -> IracKey:
        sections = _sections(case)
        rules: set[str] = set()
        heard: list[str] = []
        for d in case["defendants"]:
            met = _met(sections, _own(case, d, case["elements"]))
            rules |= {_prefix(case, d) + s for s in met}
            if _decide(case, met):
                heard.append(d["letter"])
        values = dict(case["elements"])
        if len(case["defendants"]) == 1:
            label = LABELS[0] if heard else LABELS[1]
            return IracKey(
                issue="personal", rules=frozenset(rules), elements=values, conclusion=label
            )
        return IracKey(
            issue="personal",
            rules=frozenset(rules),
            elements=values,
            conclusion=tuple(heard),
            conclusion_kind="set",
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        lay = case["layout"]
        chain = 2 + (lay["fair"] is not None) + (lay["exception"] is not None)
        # Every defendant is checked against every element of the statute, even those a
        # company cannot meet, so the work is the statute's size times the defendants.
        checked = len(case["defendants"]) * len(element_ids(_sections(case)))
        return {"chain": chain, "work": 2 * checked + chain + case["distractors"]}

    def render(self, data: dict[str, Any], params: JurisdictionParams) -> str:
        # The base lists the statute's element ids; here each defendant has its own, and the
        # tag rule's elements are not asked of a company.
        lines = super().render(data, params).split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("Element ids ("))
        ids = ", ".join(data["key"]["elements"])
        lines[at] = (
            "Element ids to decide (id 1a means § 1(a); a section that cannot apply to a "
            f"defendant has no ids here): {ids}."
        )
        return "\n".join(lines)


# ----------------------------------------------------------------------------- the rules
def _layout(params: JurisdictionParams) -> dict[str, int | None]:
    """Section numbers: 1 general, 2 specific, then the optional ones, definitions, decision."""
    number = 3
    layout: dict[str, int | None] = {"general": 1, "specific": 2}
    for name, present in (
        ("fair", params.fairness > 0),
        ("presence", params.transient),
        ("exception", params.exceptions > 0),
    ):
        layout[name] = number if present else None
        number += present
    layout["definitions"], layout["decision"] = number, number + 1
    return layout


def _sections(case: dict[str, Any]) -> list[Section]:
    forum, lay = case["forum"], case["layout"]
    listed = "; ".join(
        f"({'i' * (n + 1) if n < 3 else 'iv'}) {CONTACTS[k][0].format(F=forum)}"
        for n, k in enumerate(case["kinds"])
    )
    fair, presence, exception = lay["fair"], lay["presence"], lay["exception"]
    sections = [
        section(
            1,
            "General jurisdiction",
            "The court may exercise jurisdiction over a defendant on any claim, whatever it "
            "concerns, when",
            [
                f"the defendant is at home in {forum} (§ {lay['definitions']})",
                f"the defendant has agreed in writing that the courts of {forum} may decide "
                "disputes between the defendant and the plaintiff",
            ],
            mode="any",
        ),
        section(
            2,
            "Specific jurisdiction",
            "The court may exercise jurisdiction over a defendant on a claim when",
            [
                f"the defendant itself deliberately engaged in at least one of these activities: "
                f"{listed} (an activity of another kind does not count, nor does a connection "
                f"with {forum} brought about only by the independent act of the plaintiff or of "
                "someone else)",
                f"the claim arises out of or relates to the defendant's connection with {forum} "
                "described in the facts, whether or not that connection meets (a)",
            ],
        ),
    ]
    if fair is not None:
        factors = [FACTORS[k][0].format(F=forum) for k in case["factors"]]
        sections.append(
            section(
                fair,
                "Fairness",
                "Exercising jurisdiction under § 2 is fair only when "
                "more than half of the following factors hold",
                factors,
                mode="most",
            )
        )
    if presence is not None:
        sections.append(
            section(
                presence,
                "Transient presence",
                "The court may exercise jurisdiction over an individual defendant (never over "
                "a company) on any claim when",
                [
                    "the summons was handed to the defendant in person",
                    f"at that moment the defendant was physically present in {forum}, however "
                    "briefly",
                ],
            )
        )
    if exception is not None:
        ways = [
            "the plaintiff lured the defendant there by fraud or trickery",
            "the defendant was brought there by force or threats",
        ]
        sections.append(
            section(
                exception,
                "Presence procured by wrongdoing",
                f"§ {presence} does not apply when the defendant was present in {forum} "
                "only because",
                ways[: case["exceptions"]],
                mode="any",
            )
        )
    corp = (
        "A company is at home in the state where it is incorporated and in the state of its "
        "principal place of business."
        if case["dual"]
        else "A company is at home only in the state where it is incorporated; its principal "
        "place of business does not matter."
    )
    sections.append(
        section(
            lay["definitions"],
            "At home",
            "An individual is at home only in the state of the individual's domicile; where "
            f"the individual works does not matter. {corp}",
        )
    )
    routes = ["when § 1 is met", "when § 2 and § 3 are met" if fair else "when § 2 is met"]
    if presence is not None:
        routes.append(
            f"when § {presence} is met" + (f" and § {exception} is not" if exception else "")
        )
    sections.append(
        section(
            lay["decision"],
            "Personal jurisdiction",
            "The court has personal jurisdiction over a defendant "
            f"{list_text(routes).replace(' and when', ', or when')}. "
            "Otherwise it has none.",
        )
    )
    return sections


def _met(sections: list[Section], values: dict[str, bool]) -> frozenset[str]:
    """The sections one defendant meets (unprefixed values; ids it is not asked are false)."""
    return met_sections(sections, {e: False for e in element_ids(sections)} | values)


def _decide(case: dict[str, Any], met: frozenset[str]) -> bool:
    """The closing section: general, or specific (and fair), or tag without an exception."""
    lay = case["layout"]
    fair, presence, exception = (str(lay[k]) for k in ("fair", "presence", "exception"))
    specific = "2" in met and (lay["fair"] is None or fair in met)
    return "1" in met or specific or (presence in met and exception not in met)


def _coherent(case: dict[str, Any], values: dict[str, bool]) -> bool:
    """Fraud or force can only have brought a defendant who was present in the forum."""
    lay = case["layout"]
    if lay["exception"] is None or f"{lay['presence']}b" not in values:
        return True
    forced = any(v for k, v in values.items() if k[:-1] == str(lay["exception"]))
    return values[f"{lay['presence']}b"] or not forced


def _own_ids(case: dict[str, Any], defendant: dict[str, Any]) -> list[str]:
    """The element ids asked of one defendant: a company has no tag-rule elements."""
    lay = case["layout"]
    skip = {str(lay["presence"]), str(lay["exception"])} if defendant["company"] else set()
    return [e for e in element_ids(_sections(case)) if e[:-1] not in skip]


def _prefix(case: dict[str, Any], defendant: dict[str, Any]) -> str:
    return defendant["letter"] if len(case["defendants"]) > 1 else ""


def _own(case: dict[str, Any], defendant: dict[str, Any], values: dict[str, bool]) -> dict:
    """One defendant's element values without the letter prefix."""
    prefix = _prefix(case, defendant)
    return {k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)}


# ----------------------------------------------------------------------------- the facts
def _home(rng: np.random.Generator, case: dict[str, Any], company: bool, at_home: bool) -> dict:
    """Domicile and workplace, or incorporation and principal office; the same draws either
    way, then moved to the forum when the defendant is at home there (or as a trap when not)."""
    forum, others = case["forum"], case["others"]
    first, second = pick(rng, others), pick(rng, [forum, *others])
    office_counts, trap = coin(rng), coin(rng)
    if not company:
        return {"domicile": forum if at_home else first, "works": second}
    home = {"incorporated": first, "office": pick(rng, others)}
    if at_home and case["dual"] and office_counts:
        home["office"] = forum
    elif at_home:
        home["incorporated"] = forum
    elif trap and not case["dual"]:
        home["office"] = forum  # an office that does not count
    return home


def _contact(
    kind_rng: np.random.Generator, rng: np.random.Generator, case: dict[str, Any], own: bool
) -> dict:
    """The defendant's connection with the forum: a listed kind of its own doing (2a true),
    or an unlisted kind, or a listed kind brought about by someone else."""
    listed = case["kinds"]
    inside = pick(kind_rng, listed)
    outside = pick(kind_rng, [k for k in sorted(CONTACTS) if k not in listed])
    detail = {
        "goods": pick(kind_rng, GOODS),
        "town": towns(kind_rng, 1)[0],
        "state": pick(kind_rng, case["others"]),
    }
    ways = ["unlisted", *(["unilateral"] if CONTACTS[inside][2] else [])]
    way = pick(rng, ways)
    if own or way == "unilateral":
        return {**detail, "kind": inside, "deliberate": own}
    return {**detail, "kind": outside, "deliberate": True}


def _service(rng: np.random.Generator, case: dict[str, Any], own: dict[str, bool]) -> dict:
    lay = case["layout"]
    elsewhere = pick(rng, case["others"])
    detail = {"town": towns(rng, 1)[0], "purpose": pick(rng, PURPOSES), "lure": pick(rng, LURES)}
    if lay["presence"] is None or f"{lay['presence']}a" not in own:
        return {**detail, "in_person": None, "state": None}
    a, b = own[f"{lay['presence']}a"], own[f"{lay['presence']}b"]
    return {**detail, "in_person": a, "state": case["forum"] if b else elsewhere}


def _defendant_facts(parts: Parts, case: dict[str, Any], d: dict[str, Any]) -> list[str]:
    letter, x, plaintiff = d["letter"], d["name"], case["plaintiff"]
    own = _own(case, d, case["elements"])
    details = case["details"][letter]
    forum = case["forum"]
    home, contact, served = details["home"], details["contact"], details["served"]
    facts = [
        f"{x} is incorporated in {home['incorporated']} and has its principal place of "
        f"business in {home['office']}."
        if d["company"]
        else f"{x} is domiciled in {home['domicile']} and works in {home['works']}."
    ]
    rng = parts[f"{letter}:1b"]
    elsewhere = pick(rng, case["others"])
    agreed = (
        [
            f"In a signed contract with {plaintiff}, {x} agreed that the courts of {forum} may "
            "decide any dispute between them.",
            f"{x} signed a written stipulation accepting the jurisdiction of the courts of "
            f"{forum} over this case.",
        ]
        if own["1b"]
        else [
            f"{x}'s contract with {plaintiff} says that disputes between them go to the "
            f"courts of {elsewhere}.",
            f"{x} has never agreed to the jurisdiction of the courts of {forum} and objected "
            f"to it in {x}'s first filing.",
        ]
    )
    facts.append(pick(rng, agreed))
    kind = CONTACTS[contact["kind"]]
    fill = {
        "X": x,
        "F": forum,
        "S": contact["state"],
        "town": contact["town"],
        "goods": contact["goods"],
    }
    facts.append((kind[1] if contact["deliberate"] else kind[2]).format(**fill))
    rng = parts[f"{letter}:2b"]
    if own["2b"]:
        facts.append(f"{plaintiff}'s claim against {x} is for {kind[3].format(**fill)}.")
    else:
        facts.append(
            f"{plaintiff}'s claim against {x} is for {pick(rng, UNRELATED)}, under a contract "
            f"that {x} made and performed entirely in {pick(rng, case['others'])}; it has nothing "
            f"to do with {x}'s other activities described here."
        )
    fair = case["layout"]["fair"]
    for index, factor in enumerate(case["factors"]):
        truth = own[f"{fair}{chr(97 + index)}"]
        other = pick(parts[f"{letter}:factor:{factor}"], case["others"])
        text = FACTORS[factor][1 if truth else 2]
        facts.append(text.format(X=x, P=plaintiff, F=forum, S=other))
    facts += _presence_facts(parts[f"{letter}:presence"], case, d, own, served)
    return facts


def _presence_facts(
    rng: np.random.Generator,
    case: dict[str, Any],
    d: dict[str, Any],
    own: dict[str, bool],
    served: dict[str, Any],
) -> list[str]:
    lay, x, forum = case["layout"], d["name"], case["forum"]
    if lay["presence"] is None:
        return []
    if d["company"]:
        # The tag rule never reaches a company, whoever was handed the papers.
        if coin(rng):
            return [
                f"{x}'s president was handed the summons in person while {served['purpose']}"
                f" in {served['town']}, {forum}."
            ]
        return []
    in_forum = served["state"] == forum
    where = f"{served['town']}, {forum}" if in_forum else served["state"]
    if served["in_person"]:
        facts = [f"A process server handed {x} the summons in person in {where}."]
    elif in_forum:
        facts = [
            f"The summons was mailed to {x} and reached {x} while {x} was staying at a "
            f"hotel in {where}."
        ]
    else:
        facts = [f"The summons was mailed to {x}, who was in {where} when it arrived."]
    if lay["exception"] is None or not in_forum:
        return facts
    fraud, force = own.get(f"{lay['exception']}a", False), own.get(f"{lay['exception']}b", False)
    plaintiff = case["plaintiff"]
    if fraud:
        facts.append(
            f"{x} was in {forum} that day only because {plaintiff} had lured {x} "
            f"there with a false story about {served['lure']}."
        )
    if force:
        facts.append(
            f"{plaintiff}'s associates had forced {x} into a car and driven {x} into "
            f"{forum} against {x}'s will."
        )
    if not fraud and not force:
        facts.append(f"{x} was in {forum} of {x}'s own free will, {served['purpose']}.")
    return facts
