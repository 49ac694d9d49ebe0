"""SARA-style tax computation: income, deductions with limits, exemptions, brackets and credits."""

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

MODULES = ("retirement", "itemised", "exemption", "credit")
INCOME = (("wages", "wages from {job}"), ("interest", "bank interest"),
          ("dividends", "dividends on shares"), ("rent", "rent from a flat {p} lets out"),
          ("business", "net profit from {p}'s side business"))  # fmt: skip
EXCLUDED = ("a gift of {x} from an aunt", "an inheritance of {x} from a grandparent",
            "{x} of life-insurance proceeds")  # fmt: skip
JOBS = ("a hospital", "a bakery", "an engineering firm", "the city council", "a school")


class TaxParams(IracParams):
    provisions: int = Field(
        1,
        ge=0,
        le=4,
        description="optional provisions in play (retirement deduction, itemised deductions "
        "with two limits, exemptions with a phase-out, child credit with a phase-out); more "
        "is harder",
    )
    incomes: int = Field(
        1, ge=1, le=5, description="kinds of taxable income to add up; more is harder"
    )
    brackets: int = Field(2, ge=2, le=5, description="rate brackets; more is harder")
    closeness: int = closeness_knob("amounts lie to the caps, limits and phase-out thresholds")


@register("legal/tax-computation-v1")
class TaxComputation(IracEnv):
    """Synthetic statutory tax computation (SARA-style): how much income tax is owed?

    Task: after SARA (Holzenberger et al., 2020, statutory reasoning over sections of the US
    tax code), a generated income-tax statute with exact integer arithmetic: gross income
    (some receipts excluded), adjusted gross income (an optional retirement deduction with a
    cap), the standard deduction or itemised deductions (charitable gifts limited to a share
    of AGI, state and local taxes capped), personal exemptions phased out above a threshold,
    rate brackets by filing status, and a child credit phased out above a threshold. Every
    figure of the statute (caps, rates, thresholds) and of the facts is drawn per task.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; the conclusion is the
    tax owed in whole dollars; the application gives every element and the intermediate
    amounts (gross_income, agi, deduction, exemptions, taxable_income, tax_before_credits,
    credit; those of the provisions in play).

    Knobs: provisions (0-4 optional provisions), incomes (1-5 kinds), brackets (2-5),
    closeness (1-10: amounts near caps, limits and thresholds), distractors; twin (the same
    case with one element flipped: the amount or threshold that element compares moves to the
    other side, everything else kept).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, the amounts, issue
    and rule set). Each element is a comparison drawn true or false with equal odds. A flip
    changes the amounts its provision feeds (the tax owed unless a zero floor absorbs it).

    Versions: v1, first release.
    """

    Params = TaxParams
    issues = {
        "tax": "how much income tax the taxpayer owes for the year",
        "filing": "which filing status the taxpayer may use",
        "penalty": "whether a late-filing penalty applies",
    }
    example = IracKey(
        issue="penalty",
        rules=frozenset({"2"}),
        elements={"2a": True, "3a": False},
        quantities={"days_late": 41},
        conclusion=250,
        conclusion_kind="int",
    )
    levels = ladder(
        provisions=(0, 1, 1, 2, 2, 3, 3, 4, 4, 4),
        incomes=(1, 2, 2, 2, 3, 3, 4, 4, 5, 5),
        brackets=(2, 2, 3, 3, 3, 4, 4, 4, 5, 5),
        closeness=LEVELS,
        distractors=(0, 0, 1, 1, 2, 2, 3, 3, 4, 5),
    )

    def latent(self, rng: np.random.Generator, params: TaxParams) -> dict[str, Any]:
        modules = sorted(
            (str(m) for m in rng.permutation(MODULES)[: params.provisions]), key=MODULES.index
        )
        joint = coin(rng)
        rates = sorted(int(r) for r in rng.choice(np.arange(5, 41), params.brackets, False))
        tops = sorted(int(t) for t in rng.choice(np.arange(8, 160), params.brackets - 1, False))
        case: dict[str, Any] = {
            "modules": modules,
            "joint": joint,
            "rates": rates,
            "tops": [1000 * t for t in tops],  # single filers; joint filers twice these
            "incomes": [str(k) for k in rng.permutation(len(INCOME))[: params.incomes]],
            "children": int(rng.integers(1, 4)) if "credit" in modules else 0,
            "dependants": int(rng.integers(0, 3)),
            "charity_pct": int(pick(rng, (20, 30, 50, 60))),
            "salt_cap": int(pick(rng, (5000, 8000, 10000, 12000))),
            "retirement_cap": 500 * int(rng.integers(4, 15)),
            "exemption": 50 * int(rng.integers(40, 100)),
            "child_credit": int(pick(rng, (500, 1000, 1500, 2000))),
        }
        values = random_values(rng, list(_ids(case).values()))
        names = people(rng, 2)
        return {
            **case,
            "elements": values,
            "taxpayer": names[0],
            "spouse": names[1],
            "job": int(rng.integers(len(JOBS))),
            "year": int(rng.integers(2031, 2060)),
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def realize(self, parts: Parts, case: dict[str, Any], params: TaxParams) -> dict[str, Any]:
        ids, v = _ids(case), case["elements"]
        out = dict(case)

        def near(name: str, line: int, above: bool, scale: int) -> int:
            """An amount strictly above `line`, or at most `line`, by a closeness-sized gap."""
            reach = max(1, scale * (11 - params.closeness) // 10)
            gap = int(parts[name].integers(0, reach))
            return line + 1 + gap if above else max(0, line - gap)

        rng = parts["income"]
        out["amounts"] = [
            int(rng.integers(200, 1500)) * 100 if INCOME[int(k)][0] == "wages"
            else int(rng.integers(10, 3000)) * 10 for k in case["incomes"]
        ]  # fmt: skip
        out["excluded"] = [int(rng.integers(len(EXCLUDED))), 100 * int(rng.integers(5, 300))]
        gross = sum(out["amounts"])
        agi = gross
        if "retirement" in ids:
            cap = case["retirement_cap"]
            out["contributed"] = near(ids["retirement"], cap, v[ids["retirement"]], cap)
            agi -= min(out["contributed"], cap)
        if "itemise" in ids:
            limit = agi * case["charity_pct"] // 100
            out["charity"] = near(ids["charity"], limit, v[ids["charity"]], max(100, limit // 2))
            cap = case["salt_cap"]
            out["salt"] = near(ids["salt"], cap, v[ids["salt"]], cap // 2)
            out["mortgage"] = 10 * int(parts["mortgage"].integers(1, 1500))
            itemised = min(out["charity"], limit) + min(out["salt"], cap) + out["mortgage"]
            # the standard deduction lies below the itemised total (itemise) or at/above it
            reach = max(1, 3000 * (11 - params.closeness) // 10)
            gap = int(parts[ids["itemise"]].integers(0, reach))
            standard = max(0, itemised - 1 - gap) if v[ids["itemise"]] else itemised + gap
            out["standard"] = standard
        else:
            out["standard"] = 100 * int(parts["standard"].integers(40, 160)) * (1 + case["joint"])
        if "exemption" in ids:
            over = v[ids["exemption"]]
            out["exemption_line"] = _line(near(ids["exemption"], agi, not over, 40_000), over)
        if "credit" in ids:
            ages = [int(a) for a in parts["children"].integers(1, 20, case["children"])]
            out["ages"] = ages
            over = v[ids["credit"]]
            out["credit_line"] = _line(near(ids["credit"], agi, not over, 30_000), over)
        return out

    def narrate(self, parts: Parts, case: dict[str, Any], params: TaxParams) -> list[str]:
        p, spouse = case["taxpayer"], case["spouse"]
        year = case["year"]
        facts = (
            [f"{p} and {spouse} are married and file one joint return for {year}."]
            if case["joint"]
            else [f"{p} is unmarried and files a return as a single filer for {year}."]
        )
        for kind, amount in zip(case["incomes"], case["amounts"], strict=True):
            text = INCOME[int(kind)][1].format(job=JOBS[case["job"]], p=p)
            facts.append(f"In {year}, {p} received {dollars(amount)} of {text}.")
        excluded, amount = case["excluded"]
        facts.append(f"{p} also received {EXCLUDED[excluded].format(x=dollars(amount))}.")
        if "contributed" in case:
            facts.append(f"{p} paid {dollars(case['contributed'])} into a retirement account.")
        if "charity" in case:
            facts.append(
                f"{p} gave {dollars(case['charity'])} to registered charities, paid "
                f"{dollars(case['salt'])} of state and local taxes and "
                f"{dollars(case['mortgage'])} of mortgage interest on the family home."
            )
        if case["dependants"] and "exemption" in case["modules"]:
            facts.append(f"{p} supports {case['dependants']} dependent parent(s) at home.")
        if "ages" in case:
            ages = ", ".join(str(a) for a in case["ages"])
            facts.append(f"{p}'s children were aged {ages} at the end of {year}.")
        return tidy(with_distractors(parts, facts, params.distractors, p, spouse, case["town"]))

    def statute(self, case: dict[str, Any], params: TaxParams) -> tuple[str, list[Section]]:
        return "Income Tax Act (all amounts in whole dollars)", _sections(case)

    def question(self, case: dict[str, Any], params: TaxParams) -> str:
        who = f"{case['taxpayer']} and {case['spouse']}" if case["joint"] else case["taxpayer"]
        return (
            f"How much income tax {'do' if case['joint'] else 'does'} {who} owe for "
            f"{case['year']}? Conclusion: the tax owed in "
            "whole dollars, as an integer."
        )

    def quantities(self, case: dict[str, Any], params: TaxParams) -> dict[str, str]:
        return {name: text for name, text in _QUANTITIES.items() if name in _amounts(case)}

    def adjudicate(self, case: dict[str, Any], params: TaxParams) -> IracKey:
        amounts = _amounts(case)
        values = amounts.pop("_elements")
        return IracKey(
            issue="tax",
            rules=met_sections(_sections(case), values),
            elements=values,
            quantities=amounts,
            conclusion=amounts["tax"],
            conclusion_kind="int",
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        steps = len(case["incomes"]) + 2 * len(case["rates"]) + 4 * len(case["modules"])
        work = 2 * len(key.elements) + len(key.quantities) + steps + case["distractors"]
        return {"chain": 3 + len(case["modules"]), "steps": steps, "work": work}


_QUANTITIES = {
    "gross_income": "gross income (§ 1)",
    "agi": "adjusted gross income",
    "deduction": "the deduction taken (standard or itemised)",
    "exemptions": "the total exemption amount after any phase-out",
    "taxable_income": "taxable income",
    "tax_before_credits": "the tax from the rate table",
    "credit": "the child credit allowed",
    "tax": "the tax owed",
}


def _line(value: int, over: bool) -> int:
    """A threshold in whole hundreds from an amount placed at (over) or above AGI.

    With `over`, `value` is at most AGI and the threshold rounds down below it, so AGI
    exceeds the threshold; otherwise `value` exceeds AGI and the threshold rounds up.
    """
    return max(0, (value - 1) // 100 * 100) if over else -(-value // 100) * 100


def _ids(case: dict[str, Any]) -> dict[str, str]:
    """Element kind -> element id for the sections of this case."""
    kinds = {"Retirement savings": "retirement", "Deduction": "itemise",
             "Charitable gifts": "charity", "State and local taxes": "salt",
             "Exemptions": "exemption", "Child credit": "credit"}  # fmt: skip
    return {kinds[s.title]: s.elements[0].id for s in _sections(case) if s.elements}


def _sections(case: dict[str, Any]) -> list[Section]:
    modules = case["modules"]
    out: list[tuple[str, str, list[str], str]] = [
        ("Gross income", "Gross income is the sum of all wages, interest, dividends, rent and "
         "business profit received in the year. Gifts, inheritances and life-insurance "
         "proceeds are not gross income.", [], "")]  # fmt: skip
    if "retirement" in modules:
        cap = case["retirement_cap"]
        out.append(("Retirement savings", "Adjusted gross income (AGI) is gross income less "
                    "the amount paid into a retirement account; only "
                    f"{dollars(cap)} of it is subtracted when",
                    [f"the amount paid exceeds {dollars(cap)}"], ""))  # fmt: skip
    agi = "" if "retirement" in modules else "Adjusted gross income (AGI) equals gross income. "
    standard = dollars(case.get("standard", 0))
    if "itemised" in modules:
        out.append(("Deduction", f"{agi}The standard deduction is {standard}. The taxpayer "
                    "deducts instead the itemised total (charitable gifts, state and local "
                    "taxes and mortgage interest, each after its limit below) when",
                    ["the itemised total exceeds the standard deduction"], ""))  # fmt: skip
        pct, cap = case["charity_pct"], case["salt_cap"]
        out.append(
            (
                "Charitable gifts",
                f"Charitable gifts count at most {pct}% of AGI (rounded "
                f"down to a whole dollar) when",
                [f"they exceed {pct}% of AGI"],
                "",
            )
        )
        out.append(
            (
                "State and local taxes",
                f"State and local taxes count at most {dollars(cap)} when",
                [f"they exceed {dollars(cap)}"],
                "",
            )
        )
    else:
        out.append(("Deduction", f"{agi}The taxpayer deducts the standard deduction of "
                    f"{standard}.", [], ""))  # fmt: skip
    if "exemption" in modules:
        line = case.get("exemption_line", 0)
        out.append(("Exemptions", f"The taxpayer deducts an exemption of "
                    f"{dollars(case['exemption'])} for each spouse filing the return and each "
                    "dependent parent (not children). The total exemption is reduced by 2% for "
                    f"each $2,500, or part of $2,500, by which AGI exceeds {dollars(line)} (at "
                    "most 100%), rounding the result down to a whole dollar, when",
                    [f"AGI exceeds {dollars(line)}"], ""))  # fmt: skip
    out.append(("Taxable income", "Taxable income is AGI less the deduction and the total "
                "exemption, but not below zero.", [], ""))  # fmt: skip
    out.append(("Rates", "The tax from the rate table on taxable income is " + _rate_text(case)
                + ", rounded down to a whole dollar.", [], ""))  # fmt: skip
    if "credit" in modules:
        line = case.get("credit_line", 0)
        out.append(("Child credit", f"The child credit is {dollars(case['child_credit'])} for "
                    "each child under 17 at the end of the year, less $50 for each $1,000, or "
                    f"part of $1,000, by which AGI exceeds {dollars(line)} (not below zero); it "
                    "cannot exceed the tax from the rate table. It is reduced when",
                    [f"AGI exceeds {dollars(line)}"], ""))  # fmt: skip
    out.append(("Tax owed", "The tax owed is the tax from the rate table less any child "
                "credit.", [], ""))  # fmt: skip
    return [section(i + 1, title, lead, els) for i, (title, lead, els, _) in enumerate(out)]


def _tops(case: dict[str, Any]) -> list[int]:
    return [t * (1 + case["joint"]) for t in case["tops"]]


def _rate_text(case: dict[str, Any]) -> str:
    tops, rates = _tops(case), case["rates"]
    parts = [f"{rates[0]}% of the first {dollars(tops[0])}"]
    for i in range(1, len(rates)):
        span = (
            f"the part above {dollars(tops[i - 1])} up to {dollars(tops[i])}"
            if i < len(tops)
            else f"the part above {dollars(tops[-1])}"
        )
        parts.append(f"{rates[i]}% of {span}")
    return ", plus ".join(parts)


def _amounts(case: dict[str, Any]) -> dict[str, Any]:
    """Every amount of the computation, and under "_elements" the element values."""
    ids, modules = _ids(case), case["modules"]
    values: dict[str, bool] = {}
    gross = sum(case["amounts"])
    agi = gross
    if "retirement" in ids:
        values[ids["retirement"]] = case["contributed"] > case["retirement_cap"]
        agi -= min(case["contributed"], case["retirement_cap"])
    deduction = case["standard"]
    if "itemise" in ids:
        limit = agi * case["charity_pct"] // 100
        values[ids["charity"]] = case["charity"] > limit
        values[ids["salt"]] = case["salt"] > case["salt_cap"]
        itemised = min(case["charity"], limit) + min(case["salt"], case["salt_cap"])
        itemised += case["mortgage"]
        values[ids["itemise"]] = itemised > case["standard"]
        deduction = max(itemised, case["standard"])
    out: dict[str, Any] = {"gross_income": gross, "agi": agi, "deduction": deduction}
    exemptions = 0
    if "exemption" in ids:
        over = agi - case["exemption_line"]
        values[ids["exemption"]] = over > 0
        cut = min(100, 2 * -(-over // 2500)) if over > 0 else 0
        persons = 1 + case["joint"] + case["dependants"]
        exemptions = case["exemption"] * persons * (100 - cut) // 100
        out["exemptions"] = exemptions
    taxable = max(0, agi - deduction - exemptions)
    tops, rates = _tops(case), case["rates"]
    bounds = [0, *tops, None]
    tax_hundredths = 0
    for rate, low, high in zip(rates, bounds[:-1], bounds[1:], strict=True):
        if taxable > low:
            tax_hundredths += rate * ((taxable if high is None else min(taxable, high)) - low)
    before = tax_hundredths // 100
    out.update(taxable_income=taxable, tax_before_credits=before)
    credit = 0
    if "credit" in modules:
        over = agi - case["credit_line"]
        values[ids["credit"]] = over > 0
        children = sum(1 for a in case["ages"] if a < 17)
        full = case["child_credit"] * children - (50 * -(-over // 1000) if over > 0 else 0)
        credit = min(max(0, full), before)
        out["credit"] = credit
    out["tax"] = before - credit
    out["_elements"] = values
    return out
