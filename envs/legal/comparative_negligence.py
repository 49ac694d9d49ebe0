"""Comparative negligence: what one defendant owes under pure, modified or contributory rules."""

from __future__ import annotations

from typing import Any, Literal

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
    companies,
    dollars,
    ladder,
    met_sections,
    people,
    pick,
    random_values,
    section,
    split_amount,
    towns,
    with_distractors,
)
from palaestra.generators.legal_text import tidy
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

REGIMES = ("pure", "modified-50", "modified-51", "contributory")
BARS = {
    "modified-50": "the plaintiff's share of fault is 50% or more",
    "modified-51": "the plaintiff's share of fault is more than 50%",
    "contributory": "the plaintiff's share of fault is more than 0%",
}
ECONOMIC = ("hospital bills", "lost wages", "physiotherapy costs", "car repairs",
            "replacement of a broken phone", "future medical care")  # fmt: skip
NON_ECONOMIC = ("pain and suffering", "loss of enjoyment of life", "emotional distress",
                "disfigurement")  # fmt: skip
QUANTITIES = {
    "economic_total": "the plaintiff's total economic damages in dollars",
    "noneconomic_total": "the plaintiff's total non-economic damages in dollars",
    "economic_owed": "the economic damages the named defendant owes, in whole dollars",
    "noneconomic_owed": "the non-economic damages the named defendant owes, in whole dollars",
}


class NegligenceParams(IracParams):
    regime: Literal["any", "pure", "modified-50", "modified-51", "contributory"] = Field(
        "any", description="the comparative-fault rule; 'any' draws one per task"
    )
    defendants: int = Field(
        1, ge=1, le=4, description="defendants (two or more add joint liability); more is harder"
    )
    items: int = Field(2, ge=2, le=8, description="items of damages to classify; more is harder")
    closeness: int = closeness_knob("the fault shares lie to the bar and joint-liability lines")


@register("legal/comparative-negligence-v1")
class ComparativeNegligence(IracEnv):
    """Comparative negligence: how much does the named defendant owe the plaintiff?

    Task: the tort rules for a plaintiff who shares the fault, as a closed rule system with
    exact integer damages. § 1 classifies items of damages as economic or non-economic;
    § 2 is the bar of the regime (drawn per task unless the knob fixes it): pure comparative
    fault (no bar), the modified 50% bar (barred at 50% or more), the modified 51% bar
    (barred above 50%) or contributory negligence (barred by any fault); each defendant owes
    its own share of fault of each kind of damages, except that, with several defendants, one
    whose share is at least T% (drawn per task) owes all of the economic damages less the
    plaintiff's share; amounts are rounded down to whole dollars, each kind separately.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; the conclusion is the
    integer number of dollars the named defendant owes; quantities economic_total,
    noneconomic_total, economic_owed and noneconomic_owed.

    Knobs: regime, defendants (1-4), items of damages (2-8), closeness (1-10: shares near the
    bar and the joint-liability line), distractors; twin (the same case with one element
    flipped: the fault shares move across a line, everything else kept).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, the four amounts,
    issue and rule set). The bar element is balanced where the regime has one, otherwise the
    joint-liability element. The bar element is decisive whenever the undiminished amount is
    positive; the joint element changes the economic amount whenever the plaintiff is not
    barred and other defendants share the fault.

    Versions: v1, first release.
    """

    Params = NegligenceParams
    issues = {
        "damages": "how much the named defendant owes the plaintiff",
        "duty": "whether the defendant owed the plaintiff a duty of care",
        "causation": "whether the defendant's conduct caused the harm",
    }
    example = IracKey(
        issue="causation",
        rules=frozenset({"3"}),
        elements={"3a": True, "4a": False},
        quantities={"delay_days": 12},
        conclusion=4500,
        conclusion_kind="int",
    )
    levels = ladder(
        defendants=(1, 2, 2, 2, 3, 3, 3, 4, 4, 4),
        items=(2, 2, 3, 4, 4, 5, 6, 6, 7, 8),
        closeness=LEVELS,
        distractors=(0, 0, 1, 1, 2, 2, 3, 3, 4, 5),
    )

    def latent(self, rng: np.random.Generator, params: NegligenceParams) -> dict[str, Any]:
        regime = params.regime if params.regime != "any" else str(pick(rng, REGIMES))
        case: dict[str, Any] = {"regime": regime, "defendants": params.defendants}
        ids = _ids(case)
        balance = ids.get("bar") or ids.get("joint")
        if balance:
            _, values = balanced(
                rng, (True, False), lambda: random_values(rng, ids.values()), lambda v: v[balance]
            )
        else:
            values = {}
        plaintiff = people(rng, 1)[0]
        names = companies(rng, params.defendants)
        return {
            **case,
            "elements": values,
            "plaintiff": plaintiff,
            "names": names,
            "items": params.items,
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def realize(
        self, parts: Parts, case: dict[str, Any], params: NegligenceParams
    ) -> dict[str, Any]:
        ids, v = _ids(case), case["elements"]
        regime, n = case["regime"], case["defendants"]
        reach = max(1, (11 - params.closeness) * 4)
        rng = parts["bar"]
        gap = int(rng.integers(0, reach))
        if regime == "pure":
            plaintiff = int(rng.integers(0, 90))
        elif regime == "contributory":
            plaintiff = 1 + min(gap, 60) if v[ids["bar"]] else 0
        else:
            line = 50 if regime == "modified-50" else 51  # the lowest barred share
            plaintiff = line + gap if v[ids["bar"]] else line - 1 - gap
        plaintiff = min(max(plaintiff, 0), 100 - n)
        shares = split_amount(parts["split"], 100 - plaintiff, n)
        out = {**case, "plaintiff_share": plaintiff, "shares": shares}
        if "joint" in ids:
            rng = parts["joint"]
            k = int(rng.integers(0, min(reach, 30)))
            # the line is the smallest share that triggers joint liability
            line = max(1, shares[0] - k) if v[ids["joint"]] else min(100, shares[0] + 1 + k)
            out["joint_line"] = line
        rng = parts["damages"]
        items = params.items
        other = int(
            np.clip(1 + rng.integers(0, items - 1), items - len(ECONOMIC), len(NON_ECONOMIC))
        )
        labels = [(ECONOMIC[int(i)], True) for i in rng.permutation(len(ECONOMIC))[: items - other]]
        labels += [
            (NON_ECONOMIC[int(i)], False) for i in rng.permutation(len(NON_ECONOMIC))[:other]
        ]
        order = rng.permutation(items)
        out["damages"] = [
            [labels[int(i)][0], int(rng.integers(5, 4000)) * 25, labels[int(i)][1]] for i in order
        ]
        return out

    def narrate(self, parts: Parts, case: dict[str, Any], params: NegligenceParams) -> list[str]:
        p, names = case["plaintiff"], case["names"]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        facts = [f"{p} was hurt in an accident near {case['town']} and sued {who}."]
        found = [f"{p} {case['plaintiff_share']}%"]
        found += [f"{name} {share}%" for name, share in zip(names, case["shares"], strict=True)]
        facts.append(f"The jury found these shares of fault: {', '.join(found)}.")
        items = "; ".join(f"{label}, {dollars(amount)}" for label, amount, _ in case["damages"])
        facts.append(f"It found these damages: {items}.")
        return tidy(with_distractors(parts, facts, params.distractors, p, names[0], case["town"]))

    def statute(self, case: dict[str, Any], params: NegligenceParams) -> tuple[str, list[Section]]:
        return "Civil Liability Act, Part 3 (Shared fault)", _sections(case)

    def question(self, case: dict[str, Any], params: NegligenceParams) -> str:
        return (
            f"How much must {case['names'][0]} pay {case['plaintiff']}? Conclusion: the total "
            "in whole dollars, as an integer."
        )

    def quantities(self, case: dict[str, Any], params: NegligenceParams) -> dict[str, str]:
        return dict(QUANTITIES)

    def adjudicate(self, case: dict[str, Any], params: NegligenceParams) -> IracKey:
        ids = _ids(case)
        p = case["plaintiff_share"]
        values: dict[str, bool] = {}
        if "bar" in ids:
            line = {"modified-50": 50, "modified-51": 51, "contributory": 1}[case["regime"]]
            values[ids["bar"]] = p >= line
        if "joint" in ids:
            values[ids["joint"]] = case["shares"][0] >= case["joint_line"]
        economic = sum(a for _, a, kind in case["damages"] if kind)
        other = sum(a for _, a, kind in case["damages"] if not kind)
        own = case["shares"][0]
        if values.get(ids.get("bar", ""), False):
            economic_owed = other_owed = 0
        else:
            joint = values.get(ids.get("joint", ""), False)
            economic_owed = economic * (100 - p) // 100 if joint else economic * own // 100
            other_owed = other * own // 100
        quantities = {
            "economic_total": economic,
            "noneconomic_total": other,
            "economic_owed": economic_owed,
            "noneconomic_owed": other_owed,
        }
        return IracKey(
            issue="damages",
            rules=met_sections(_sections(case), values),
            elements=values,
            quantities=quantities,
            conclusion=economic_owed + other_owed,
            conclusion_kind="int",
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        chain = 2 + ("bar" in _ids(case)) + ("joint" in _ids(case))
        steps = len(case["damages"]) + 4
        work = 2 * len(key.elements) + chain + steps + 2 * case["defendants"]
        return {"chain": chain, "steps": steps, "work": work + case["distractors"]}


def _ids(case: dict[str, Any]) -> dict[str, str]:
    """Element kind ("bar", "joint") -> element id, for the sections this case has."""
    out = {}
    for s in _sections(case):
        if s.elements:
            out["bar" if s.title == "Bar" else "joint"] = s.elements[0].id
    return out


def _sections(case: dict[str, Any]) -> list[Section]:
    regime = case["regime"]
    out = [
        section(
            1,
            "Kinds of damages",
            "Economic damages are money losses: medical and care costs, lost wages and repair "
            "or replacement costs. Every other item of damages (pain, distress, loss of "
            "enjoyment, disfigurement) is non-economic.",
        )
    ]
    if regime != "pure":
        out.append(section(2, "Bar", "The plaintiff recovers nothing when", [BARS[regime]]))
    number = len(out) + 1
    out.append(
        section(
            number,
            "Shares",
            "Unless barred, the plaintiff recovers from each defendant that defendant's own "
            "share of fault, as a percentage, of the economic damages and of the non-economic "
            "damages"
            + (", except as the next section provides." if case["defendants"] > 1 else "."),
        )
    )
    if case["defendants"] > 1:
        line = case.get("joint_line", 0)
        out.append(
            section(
                number + 1,
                "Joint liability",
                "A defendant owes the plaintiff all of the economic damages, reduced by the "
                "plaintiff's own share of fault as a percentage, when",
                [f"that defendant's share of fault is at least {line}%"],
            )
        )
    out.append(
        section(
            len(out) + 1,
            "Rounding",
            "Each amount a defendant owes is rounded down to a whole dollar, the economic and "
            "the non-economic amounts separately; the total owed is their sum.",
        )
    )
    return out
