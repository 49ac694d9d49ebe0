"""Intestate succession: exact fractional shares under per stirpes or per capita rules."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.generators.legal import (
    IracEnv,
    IracParams,
    Parts,
    Section,
    balanced,
    coin,
    distractor_facts,
    ladder,
    met_sections,
    mix,
    people,
    pick,
    random_date,
    random_values,
    section,
    towns,
)
from palaestra.generators.legal_family import SCHEMES, Relative, divide, fraction_text
from palaestra.generators.legal_text import day
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

CLASSES = ("descendants", "parents", "siblings")
SURVIVAL_HOURS = (72, 120, 168)
WITH_DESCENDANTS = (Fraction(1, 2), Fraction(1, 3), Fraction(1, 4))
WITH_PARENTS = (Fraction(1, 2), Fraction(2, 3), Fraction(3, 4))
SCHEME_TEXT = {
    "per-stirpes": "the estate (or part) is divided into equal shares at the generation just "
    "below the ancestor, one share for each member of that generation who survived or left a "
    "descendant who survived; a survivor takes his share, and a deceased member's share passes "
    "to his own descendants in the same way",
    "per-capita": "the estate (or part) is divided into equal shares at the nearest generation "
    "below the ancestor that has a survivor, one share for each member of that generation who "
    "survived or left a descendant who survived; a survivor takes his share, and a deceased "
    "member's share passes to his own descendants in the same way",
    "per-capita-each-generation": "the estate (or part) is divided into equal shares at the "
    "nearest generation below the ancestor that has a survivor, one share for each member of "
    "that generation who survived or left a descendant who survived; each survivor takes one "
    "share, and the shares of the deceased members are added together and divided the same "
    "way among their descendants, taken as one group",
}


class IntestacyParams(IracParams):
    scheme: Literal["any", "per-stirpes", "per-capita", "per-capita-each-generation"] = Field(
        "any", description="how descendants share; 'any' draws one per task"
    )
    children: int = Field(1, ge=1, le=4, description="children of the decedent; more is harder")
    generations: int = Field(
        1,
        ge=1,
        le=3,
        description="generations below the decedent and the siblings; more is harder",
    )


@register("legal/intestate-succession-v1")
class IntestateSuccession(IracEnv):
    """Intestate succession: what exact share of the estate does each relative take?

    Task: the succession rules of a fictional probate code, generated per task: § 1 the
    survival rule (a relative who does not outlive the decedent by 72, 120 or 168 hours is
    treated as having died first), §§ 2-5 the classes (spouse, descendants, parents,
    descendants of the parents), § 6 the shares (the spouse's fraction with descendants or
    with parents drawn per task), § 7 division among descendants by the scheme of the task:
    per stirpes, per capita with representation (modern per stirpes), or per capita at each
    generation (Uniform Probate Code § 2-106). The family tree (children, grandchildren,
    great-grandchildren, siblings, nephews and nieces) and every death are generated.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; the conclusion is the
    share of the named relative as an exact fraction "p/q" ("0/1" for nothing); the
    application gives every relative's share (by full name) as "p/q".

    Knobs: scheme, children (1-4), generations (1-3), distractors; twin (the same family with
    one class element flipped: that class's survivals are redrawn so that the element flips,
    every other death kept).

    Verification: `score_irac` (conclusion 0.5, the rest over the four class elements, every
    share, issue and rule set); all arithmetic with `fractions.Fraction`. The taking class
    (descendants, parents, siblings) is balanced. The descendants element is always decisive
    for the spouse's share when the spouse survives, and for every descendant's share.

    Versions: v1, first release.
    """

    Params = IntestacyParams
    issues = {
        "intestacy": "how the estate of the decedent, who left no will, is divided",
        "will": "whether the decedent's will is valid",
        "creditors": "whether the estate must first pay the decedent's creditors",
    }
    example = IracKey(
        issue="will",
        rules=frozenset({"2"}),
        elements={"2a": True, "2b": False},
        quantities={"Wirel Astana": "1/3"},
        conclusion="1/3",
        conclusion_kind="fraction",
    )
    levels = ladder(
        children=(1, 2, 2, 3, 3, 3, 4, 4, 4, 4),
        generations=(1, 1, 2, 2, 2, 3, 3, 3, 3, 3),
        distractors=(0, 0, 1, 1, 2, 2, 2, 3, 4, 5),
    )

    def latent(self, rng: np.random.Generator, params: IntestacyParams) -> dict[str, Any]:
        ids = ["2a", "3a", "4a", "5a"]
        _, values = balanced(rng, CLASSES, lambda: random_values(rng, ids), _taking_class)
        scheme = params.scheme if params.scheme != "any" else str(pick(rng, SCHEMES))
        tree: list[list[Any]] = []  # [name, role, parent index]
        _grow(rng, tree, "child", params.children, params.generations)
        _grow(rng, tree, "sibling", int(rng.integers(1, 4)), params.generations)
        tree += [[None, "parent", None], [None, "parent", None], [None, "spouse", None]]
        names = people(rng, len(tree) + 1)
        for person, name in zip(tree, names, strict=False):
            person[0] = name
        # ask about someone likely to take: the spouse or a member of the taking class
        line = {"descendants": "child", "parents": "parent", "siblings": "sibling"}
        pool = [i for i in range(len(tree)) if _line_of(tree, i) == line[_taking_class(values)]]
        if values["2a"] and coin(rng, 0.3):
            pool = [i for i, p in enumerate(tree) if p[1] == "spouse"]
        asked = pool[int(rng.integers(len(pool)))]
        return {
            "elements": values,
            "scheme": scheme,
            "decedent": names[-1],
            "tree": tree,
            "asked": asked,
            "hours": int(pick(rng, SURVIVAL_HOURS)),
            "with_descendants": fraction_text(pick(rng, WITH_DESCENDANTS)),
            "with_parents": fraction_text(pick(rng, WITH_PARENTS)),
            "died": random_date(rng, dt.date(1990, 1, 1), dt.date(2025, 12, 31)).isoformat(),
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def realize(
        self, parts: Parts, case: dict[str, Any], params: IntestacyParams
    ) -> dict[str, Any]:
        v, tree = case["elements"], case["tree"]
        groups = {
            "2a": [i for i, p in enumerate(tree) if p[1] == "spouse"],
            "3a": [i for i in range(len(tree)) if _line_of(tree, i) == "child"],
            "4a": [i for i, p in enumerate(tree) if p[1] == "parent"],
            "5a": [i for i in range(len(tree)) if _line_of(tree, i) == "sibling"],
        }
        fates: list[list[Any]] = [[] for _ in tree]
        for element, members in groups.items():
            rng = parts[element]
            alive = [coin(rng, 0.6) for _ in members]
            if v[element] and not any(alive):
                alive[int(rng.integers(len(members)))] = True
            if not v[element]:
                alive = [False] * len(members)
            for index, survives in zip(members, alive, strict=True):
                fates[index] = _fate(rng, survives, case["hours"])
        return {**case, "fates": fates}

    def narrate(self, parts: Parts, case: dict[str, Any], params: IntestacyParams) -> list[str]:
        tree, d = case["tree"], case["decedent"]
        facts = [f"{d} died on {day(case['died'])}, leaving no will."]
        for index, (name, role, parent) in enumerate(tree):
            relation = (
                {"spouse": f"{d}'s spouse", "parent": f"a parent of {d}",
                 "child": f"a child of {d}", "sibling": f"a sibling of {d}"}[role]
                if parent is None
                else f"a child of {tree[parent][0]}"
            )  # fmt: skip
            facts.append(f"{name} is {relation}; {_fate_text(name, d, case['fates'][index])}")
        noise = distractor_facts(parts["noise"], params.distractors, d, tree[0][0], case["town"])
        return mix(parts["order"], facts[:1], facts[1:] + noise)

    def statute(self, case: dict[str, Any], params: IntestacyParams) -> tuple[str, list[Section]]:
        return "Probate Code, Part 4 (Intestate succession)", _sections(case)

    def question(self, case: dict[str, Any], params: IntestacyParams) -> str:
        asked = case["tree"][case["asked"]][0]
        return (
            f"What share of {case['decedent']}'s estate does {asked} take? Conclusion: the exact "
            'fraction "p/q" ("0/1" for nothing).'
        )

    def quantities(self, case: dict[str, Any], params: IntestacyParams) -> dict[str, str]:
        names = ", ".join(f'"{p[0]}"' for p in case["tree"])
        return {"<full name>": f'the share each of {names} takes, as "p/q"'}

    def adjudicate(self, case: dict[str, Any], params: IntestacyParams) -> IracKey:
        tree, hours = case["tree"], case["hours"]
        survives = [f[0] == "alive" or (f[0] == "after" and f[1] >= hours) for f in case["fates"]]
        relatives = [Relative(p[0], p[1], p[2]) for p in tree]

        def anyone(line: str) -> bool:
            return any(survives[i] for i in range(len(tree)) if _line_of(tree, i) == line)

        values = {"2a": anyone("spouse"), "3a": anyone("child"), "4a": anyone("parent"),
                  "5a": anyone("sibling")}  # fmt: skip
        shares = [Fraction(0)] * len(tree)
        spouse = next(i for i, p in enumerate(tree) if p[1] == "spouse")
        rest = Fraction(1)
        if values["2a"]:
            if values["3a"]:
                shares[spouse] = Fraction(case["with_descendants"])
            elif values["4a"]:
                shares[spouse] = Fraction(case["with_parents"])
            else:
                shares[spouse] = Fraction(1)
            rest -= shares[spouse]
        if values["3a"] or (values["5a"] and not values["4a"]):
            role = "child" if values["3a"] else "sibling"
            first = [i for i, p in enumerate(tree) if p[1] == role and p[2] is None]
            for i, share in divide(relatives, first, lambda i: survives[i], case["scheme"]).items():
                shares[i] = share * rest
        elif values["4a"]:
            living = [i for i, p in enumerate(tree) if p[1] == "parent" and survives[i]]
            for i in living:
                shares[i] = rest / len(living)
        return IracKey(
            issue="intestacy",
            rules=met_sections(_sections(case), values),
            elements=values,
            quantities={p[0]: fraction_text(s) for p, s in zip(tree, shares, strict=True)},
            conclusion=fraction_text(shares[case["asked"]]),
            conclusion_kind="fraction",
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        depth = max(_depth(case["tree"], i) for i in range(len(case["tree"])))
        work = 2 * len(case["tree"]) + 3 * depth + case["distractors"]
        return {"chain": 2 + depth, "steps": len(case["tree"]), "work": work}


def _taking_class(values: dict[str, bool]) -> str:
    if values["3a"]:
        return "descendants"
    if values["4a"]:
        return "parents"
    return "siblings" if values["5a"] else "state"


def _grow(
    rng: np.random.Generator, tree: list[list[Any]], role: str, count: int, depth: int
) -> None:
    """Appends `count` first-line relatives with up to `depth - 1` generations below them."""
    level: list[int | None] = [None]
    for generation in range(depth):
        next_level: list[int | None] = []
        for parent in level:
            n = count if parent is None else int(rng.integers(0, 3 if generation < 2 else 2))
            for _ in range(n):
                tree.append([None, role if parent is None else "issue", parent])
                next_level.append(len(tree) - 1)
        level = next_level


def _line_of(tree: list[list[Any]], index: int) -> str:
    """The role of the first-line ancestor of a relative (itself when first-line)."""
    while tree[index][2] is not None:
        index = tree[index][2]
    return tree[index][1]


def _depth(tree: list[list[Any]], index: int) -> int:
    depth = 1
    while tree[index][2] is not None:
        index, depth = tree[index][2], depth + 1
    return depth


def _fate(rng: np.random.Generator, survives: bool, hours: int) -> list[Any]:
    """["alive"], ["before", years], or ["after", hours] (died after the decedent)."""
    kind = int(rng.integers(2))
    if survives:
        return ["alive"] if kind == 0 else ["after", int(rng.integers(hours, hours + 400))]
    if kind == 0:
        return ["before", int(rng.integers(1, 30))]
    return ["after", int(rng.integers(1, hours))]


def _fate_text(name: str, decedent: str, fate: list[Any]) -> str:
    if fate[0] == "alive":
        return f"{name} is alive."
    if fate[0] == "before":
        return f"{name} died {fate[1]} year{'s' if fate[1] > 1 else ''} before {decedent}."
    return f"{name} died {fate[1]} hours after {decedent}."


def _sections(case: dict[str, Any]) -> list[Section]:
    hours = case["hours"]
    share_text = (
        f"If §§ 2 and 3 hold, the spouse takes {case['with_descendants']} of the estate and the "
        f"descendants share the rest under § 7. If §§ 2 and 4 hold but not § 3, the spouse "
        f"takes {case['with_parents']} and the surviving parents share the rest equally. If "
        "§ 2 holds but neither § 3 nor § 4, the spouse takes the whole estate. If § 2 does not "
        "hold, the whole estate goes to the descendants under § 7; if § 3 does not hold either, "
        "to the surviving parents equally; if § 4 does not hold either, to the descendants of "
        "the parents under § 7, the decedent's siblings being the generation just below the "
        "parents; and if none of §§ 2-5 holds, to the State. Anyone else takes nothing."
    )
    return [
        section(1, "Survival", f"A relative who did not outlive the decedent by {hours} hours "
                "is treated as having died before the decedent; a relative who did takes his "
                "share even if he has died since."),
        section(2, "Spouse", "The spouse takes under § 6 when",
                ["the decedent's spouse survived the decedent"]),
        section(3, "Descendants", "The descendants take under § 6 when",
                ["at least one descendant (child, grandchild, ...) of the decedent survived "
                 "the decedent"]),
        section(4, "Parents", "The parents take under § 6 when",
                ["at least one parent of the decedent survived the decedent"]),
        section(5, "Descendants of parents", "The descendants of the parents take under § 6 "
                "when", ["at least one descendant of the decedent's parents, other than the "
                         "decedent and the decedent's own descendants, survived the decedent"]),
        section(6, "Shares", share_text),
        section(7, "Division among descendants", f"Among the descendants of an ancestor, "
                f"{SCHEME_TEXT[case['scheme']]}."),
    ]  # fmt: skip
