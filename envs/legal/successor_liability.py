"""Successor liability: is an asset buyer liable for the seller's debt under four exceptions?"""

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
    companies,
    dollars,
    ladder,
    met_sections,
    near_threshold,
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

LABELS = ("liable", "not liable")
# Exception kind -> (title, lead, mode, factor texts); {pct} is the statute's price threshold.
EXCEPTIONS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "assumption": (
        "Assumption",
        "The buyer is liable for a debt of the seller when",
        "any",
        (
            "the purchase agreement expressly lists debts of that kind among those the buyer "
            "assumes",
            "after the sale, the buyer paid at least one debt of that kind owed by the seller, "
            "showing an implied assumption",
        ),
    ),
    "merger": (
        "De facto merger",
        "The sale is a merger in fact, and the buyer is liable for the seller's debts, when",
        "all",
        (
            "the buyer paid for the assets with its own shares, so the seller's owners became "
            "owners of the buyer",
            "the seller stopped its ordinary business and dissolved within one year of the sale",
            "the buyer took over the seller's obligations needed to keep the business running",
            "the seller's managers, staff and premises carried on in the buyer's business",
        ),
    ),
    "continuation": (
        "Mere continuation",
        "The buyer is a mere continuation of the seller, and liable for its debts, when",
        "all",
        (
            "the buyer trades under the seller's name or tells the seller's customers that "
            "nothing has changed",
            "at least one officer or director of the seller became an officer or director of "
            "the buyer",
            "the price was less than {pct}% of the appraised value of the assets",
        ),
    ),
    "fraud": (
        "Fraudulent transfer",
        "The buyer is liable for the seller's debts when",
        "all",
        (
            "the seller's officers arranged the sale in order to put the assets beyond the reach "
            "of the seller's creditors",
            "the sale left the seller unable to pay its remaining debts as they fell due",
        ),
    ),
}
DEBTS = (
    "a product-liability judgment for an injury caused by a ladder the seller made",
    "unpaid invoices for steel delivered to the seller",
    "a judgment for wrongful dismissal of a former employee",
    "unpaid rent on the seller's old warehouse",
    "a judgment for a defective boiler the seller installed",
    "an unpaid loan from a regional bank",
)
PERCENTS = (50, 60, 65, 70, 75, 80)


class SuccessorParams(IracParams):
    exceptions: int = Field(
        2, ge=1, le=4, description="exceptions to the no-liability rule in play; more is harder"
    )
    closeness: int = closeness_knob("the price lies to the continuation threshold")


@register("legal/successor-liability-v1")
class SuccessorLiability(IracEnv):
    """Successor liability: is the buyer of a company's assets liable for the seller's debt?

    Task: the corporate-law rule that an asset buyer does not take on the seller's debts unless
    one of four exceptions applies (express or implied assumption, de facto merger, mere
    continuation, fraudulent transfer), written as a fictional code. The exceptions in play
    and their order are drawn per task; each is a section of factors (assumption: any one
    factor; the others: all of them). Mere continuation has a numeric factor: the price
    against a per-task percentage of the appraised value.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion "liable" or
    "not liable"; the rule list holds the exception sections that apply.

    Knobs: exceptions (1-4), closeness of the price to its threshold (1-10), distractors
    (each more is harder); twin (the same case with one factor flipped).

    Verification: `score_irac` (conclusion 0.5, the rest over the factor labels, issue and
    rule set). Labels are balanced. Decisive factors: when no other exception applies, a
    factor of an all-factors exception flips the conclusion when the other factors of its
    exception hold, and an assumption factor flips it when the other assumption factor fails.

    Versions: v1, first release.
    """

    Params = SuccessorParams
    issues = {
        "successor": "whether the buyer is liable for the seller's debt",
        "piercing": "whether the seller's shareholders are personally liable",
        "preference": "whether the sale was a voidable preference in insolvency",
    }
    example = IracKey(
        issue="piercing",
        rules=frozenset({"2"}),
        elements={"2a": True, "2b": True, "3a": False},
        conclusion="shareholders liable",
    )
    levels = ladder(
        exceptions=(1, 2, 2, 3, 3, 3, 4, 4, 4, 4),
        distractors=(0, 0, 1, 1, 2, 3, 3, 4, 6, 8),
        closeness=LEVELS,
    )

    def latent(self, rng: np.random.Generator, params: SuccessorParams) -> dict[str, Any]:
        kinds = [str(k) for k in rng.permutation(sorted(EXCEPTIONS))[: params.exceptions]]
        case: dict[str, Any] = {"kinds": kinds, "percent": int(pick(rng, PERCENTS))}
        sections = self._sections(case)
        ids = [e.id for s in sections for e in s.elements]
        _, values = balanced(
            rng, LABELS, lambda: random_values(rng, ids, 0.6), lambda v: _conclusion(sections, v)
        )
        seller, buyer = companies(rng, 2)
        return {
            **case,
            "elements": values,
            "seller": seller,
            "buyer": buyer,
            "creditor": people(rng, 1)[0],
            "debt": int(rng.integers(len(DEBTS))),
            "town": towns(rng, 1)[0],
        }

    def _sections(self, case: dict[str, Any]) -> list[Section]:
        general = section(
            1,
            "General rule",
            "A corporation that buys all or substantially all of the assets of another "
            "corporation (the seller) is not liable for the seller's debts, unless a later "
            "section of this Part makes it liable.",
        )
        out = [general]
        for offset, kind in enumerate(case["kinds"]):
            title, lead, mode, factors = EXCEPTIONS[kind]
            texts = [f.format(pct=case["percent"]) for f in factors]
            out.append(section(2 + offset, title, lead, texts, mode=mode))  # type: ignore[arg-type]
        return out

    def statute(self, case: dict[str, Any], params: SuccessorParams) -> tuple[str, list[Section]]:
        return "Business Corporations Code, Part 12 (Successor liability)", self._sections(case)

    def realize(
        self, parts: Parts, case: dict[str, Any], params: SuccessorParams
    ) -> dict[str, Any]:
        # the continuation price factor is numeric: appraisal and price around the threshold
        for offset, kind in enumerate(case["kinds"]):
            if kind == "continuation":
                rng = parts[f"{2 + offset}c"]
                appraisal = 1000 * int(rng.integers(400, 5000))
                threshold = appraisal * case["percent"] // 100
                below = case["elements"][f"{2 + offset}c"]
                # "less than" is strict: a price equal to the threshold is not below it
                price = near_threshold(
                    rng, threshold, above=not below, closeness=params.closeness, step=1000
                )
                if below:
                    price = min(price, threshold - 1000)
                return {**case, "appraisal": appraisal, "price": price}
        return case

    def narrate(self, parts: Parts, case: dict[str, Any], params: SuccessorParams) -> list[str]:
        seller, buyer, creditor = case["seller"], case["buyer"], case["creditor"]
        debt = DEBTS[case["debt"]]
        facts = [
            f"{buyer} bought all of the operating assets of {seller}. {creditor} holds "
            f"{debt} against {seller}, which the seller has not paid, and now sues {buyer}."
        ]
        values = case["elements"]
        for offset, kind in enumerate(case["kinds"]):
            sid = str(2 + offset)
            flags = [values[f"{sid}{chr(97 + i)}"] for i in range(len(EXCEPTIONS[kind][3]))]
            facts += _factor_facts(kind, flags, case, parts[sid])
        return tidy(
            with_distractors(parts, facts, params.distractors, creditor, buyer, case["town"])
        )

    def question(self, case: dict[str, Any], params: SuccessorParams) -> str:
        return (
            f"Is {case['buyer']} liable to {case['creditor']} for the seller's debt? "
            'Conclusion: "liable" or "not liable".'
        )

    def adjudicate(self, case: dict[str, Any], params: SuccessorParams) -> IracKey:
        sections = self._sections(case)
        values = case["elements"]
        return IracKey(
            issue="successor",
            rules=met_sections(sections, values),
            elements=dict(values),
            conclusion=_conclusion(sections, values),
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        steps = int("continuation" in case["kinds"])
        return {"chain": 2, "steps": steps}


def _conclusion(sections: list[Section], values: dict[str, bool]) -> str:
    return LABELS[0] if met_sections(sections, values) else LABELS[1]


def _factor_facts(
    kind: str, flags: list[bool], case: dict[str, Any], rng: np.random.Generator
) -> list[str]:
    seller, buyer = case["seller"], case["buyer"]
    if kind == "assumption":
        listed = pick(rng, ("trade payables", "the lease of the head office", "payroll taxes"))
        return [
            f"The purchase agreement lists debts of the kind {case['creditor']} holds among the "
            f"liabilities {buyer} assumes."
            if flags[0]
            else f"The purchase agreement says {buyer} assumes only {listed}, and no other debt.",
            f"Two months after the sale, {buyer} paid another creditor of {seller} a debt of the "
            f"same kind."
            if flags[1]
            else f"Since the sale, {buyer} has paid no debt owed by {seller}.",
        ]
    if kind == "merger":
        months = int(rng.integers(2, 11))
        return [
            f"{buyer} paid for the assets with newly issued {buyer} shares, which went to "
            f"{seller}'s shareholders."
            if flags[0]
            else f"{buyer} paid for the assets entirely in cash.",
            f"{seller} stopped trading at once and was dissolved {months} months after the sale."
            if flags[1]
            else f"{seller} still runs a smaller repair business under its own name.",
            f"{buyer} took over {seller}'s supplier contracts and equipment leases so that "
            "production would not stop."
            if flags[2]
            else f"{buyer} took over none of {seller}'s contracts and found its own suppliers.",
            f"{seller}'s plant manager, most of its workers and its factory now run {buyer}'s "
            "new product line."
            if flags[3]
            else f"{buyer} moved the machines to its own plant and hired none of {seller}'s staff.",
        ]
    if kind == "continuation":
        person = people(rng, 1)[0]
        price = (
            f"An appraiser valued the assets at {dollars(case['appraisal'])}; {buyer} paid "
            f"{dollars(case['price'])}."
        )
        return [
            f"{buyer} sells under the trade name of {seller} and wrote to its customers that "
            "nothing would change."
            if flags[0]
            else f"{buyer} sells under its own brand and told customers that {seller} had closed.",
            f"{person}, a director of {seller}, became a director of {buyer} after the sale."
            if flags[1]
            else f"No officer or director of {seller} has ever held a post at {buyer}.",
            price,
        ]
    return [
        f"Emails show that {seller}'s officers set up the sale so that its creditors could not "
        "reach the assets."
        if flags[0]
        else f"{seller}'s officers sold the assets to raise cash for its creditors, and paid "
        "most of them from the proceeds.",
        f"After the sale, {seller} had {dollars(1000 * int(rng.integers(5, 90)))} left and owed "
        "far more, and it has missed every payment since."
        if flags[1]
        else f"After the sale, {seller} kept enough cash to pay its debts as they fell due; it "
        f"refuses to pay {case['creditor']} only because it disputes the claim.",
    ]
