"""Goods or services: the predominant-purpose test for a mixed contract, by factor count."""

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
    random_values,
    section,
    split_amount,
    towns,
    with_distractors,
)
from palaestra.generators.word_problems import list_text
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

# (product, movable product, fixed product, goods line items, service line items)
PROJECTS = (
    ("a solar power system", "a portable solar generator on wheels",
     "a rooftop array bolted into the rafters",
     ("solar panels", "an inverter", "mounting rails", "a battery pack"),
     ("installation labour", "a site survey", "electrical design work", "permit handling")),
    ("a kitchen", "a freestanding kitchen island on castors",
     "fitted cabinets built into the walls",
     ("cabinet doors", "a granite worktop", "a stove", "tap fittings"),
     ("carpentry labour", "plumbing work", "design consultation", "demolition of the old kitchen")),
    ("a boat", "a trailer-mounted fishing boat",
     "a houseboat moored permanently to a concrete pier",
     ("a hull", "an outboard motor", "rigging", "navigation lights"),
     ("boat-building labour", "painting work", "engine tuning", "sea trials")),
    ("a greenhouse", "a greenhouse kit on a movable frame", "a greenhouse set into poured footings",
     ("glass panes", "aluminium framing", "a heating unit", "shelving"),
     ("assembly labour", "groundwork", "drainage design", "a final inspection")),
)  # fmt: skip
FACTORS = ("price", "labels", "movable", "payment", "merchant")
FACTOR_TEXT = {
    "price": "the total price of the goods listed in the contract is greater than the total "
    "price of the services listed",
    "labels": "the contract calls the parties seller and buyer",
    "movable": "the finished product can be moved once complete",
    "payment": "payment falls due on delivery of goods rather than on completion of work",
    "merchant": "the provider regularly sells goods of the kind supplied",
}


class GoodsServicesParams(IracParams):
    factors: int = Field(3, ge=3, le=5, description="factors of the test; more is harder")
    items: int = Field(
        2, ge=2, le=8, description="line items on the contract to classify and add; more is harder"
    )
    closeness: int = closeness_knob("the goods total lies to the services total")


@register("legal/goods-services-v1")
class GoodsServices(IracEnv):
    """Goods or services: does the sales article govern a mixed contract?

    Task: the predominant-purpose test for mixed goods-and-services contracts (the US case law
    tradition of Bonebrake v. Cox, 1974) as a closed rule system. § 1 applies the sales
    article to a mixed contract whose predominant purpose is goods; § 2 defines predominant
    purpose as more than half of listed factors holding: the goods total beats the services
    total (line items to classify as goods or services and add), the contract's labels, a
    movable product, payment on delivery, a merchant provider. Facts give the contract's line
    items, terms and the provider's business, with distractors.

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion "goods" or
    "services"; quantities "goods_total" and "services_total" in whole dollars.

    Knobs: factors (3-5), line items, closeness of the two totals, distractors (each more is
    harder); twin (the same case with one element flipped).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, totals, issue and
    rule set). Labels are balanced. Decisive elements: a factor is decisive exactly when the
    others are split so that the count sits on the majority line.

    Versions: v1, first release.
    """

    Params = GoodsServicesParams
    issues = {
        "article": "whether the sales article governs the contract",
        "warranty": "whether the provider breached a warranty",
        "formation": "whether a contract was formed",
    }
    example = IracKey(
        issue="formation",
        rules=frozenset({"1", "3"}),
        elements={"1a": True, "1b": True, "3a": True},
        quantities={"price": 4200},
        conclusion="contract",
    )
    levels = ladder(
        factors=(3, 3, 3, 4, 4, 4, 5, 5, 5, 5),
        items=(2, 3, 4, 4, 5, 6, 6, 7, 8, 8),
        closeness=LEVELS,
        distractors=(0, 1, 1, 2, 2, 3, 3, 4, 5, 7),
    )

    def latent(self, rng: np.random.Generator, params: GoodsServicesParams) -> dict[str, Any]:
        kinds = ["price", *(str(k) for k in rng.permutation(FACTORS[1:])[: params.factors - 1])]
        case: dict[str, Any] = {"factors": kinds}
        sections = _sections(case)
        ids = [e.id for s in sections for e in s.elements]
        _, values = balanced(
            rng, ["goods", "services"], lambda: random_values(rng, ids),
            lambda v: _conclusion(sections, v),
        )  # fmt: skip
        return {
            **case,
            "elements": values,
            "project": int(rng.integers(len(PROJECTS))),
            "provider": companies(rng, 1)[0],
            "customer": people(rng, 1)[0],
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
            "items": params.items,
        }

    def realize(
        self, parts: Parts, case: dict[str, Any], params: GoodsServicesParams
    ) -> dict[str, Any]:
        rng = parts["2a"]
        _, _, _, goods, services = PROJECTS[case["project"]]
        n_goods = max(1, params.items // 2)
        n_services = params.items - n_goods
        services_total = 100 * int(rng.integers(20, 200))
        goods_total = near_threshold(
            rng, services_total, case["elements"]["2a"], params.closeness, step=100
        )
        lines = [
            (name, amount)
            for names, total, count in ((goods, goods_total, n_goods),
                                        (services, services_total, n_services))
            for name, amount in zip(
                _names(rng, names, count), split_amount(rng, total, count, 100), strict=True
            )
        ]  # fmt: skip
        order = rng.permutation(len(lines))
        return {
            **case,
            "lines": [list(lines[int(i)]) for i in order],
            "goods_total": goods_total,
            "services_total": services_total,
        }

    def statute(
        self, case: dict[str, Any], params: GoodsServicesParams
    ) -> tuple[str, list[Section]]:
        return "Commercial Code, Article 2 (Sales): scope", _sections(case)

    def narrate(self, parts: Parts, case: dict[str, Any], params: GoodsServicesParams) -> list[str]:
        v = case["elements"]
        product, movable, fixed, _, _ = PROJECTS[case["project"]]
        provider, customer = case["provider"], case["customer"]
        items = list_text([f"{name} ({dollars(amount)})" for name, amount in case["lines"]])
        facts = [
            f"{customer} hired {provider} to supply and build {product} in {case['town']}.",
            f"The contract lists these line items: {items}.",
        ]
        for index, kind in enumerate(case["factors"][1:]):
            element = f"2{chr(98 + index)}"
            facts.append(_factor_fact(kind, v[element], provider, customer, movable, fixed))
        return with_distractors(parts, facts, params.distractors, customer, provider, case["town"])

    def question(self, case: dict[str, Any], params: GoodsServicesParams) -> str:
        return (
            f"{case['customer']} sues under Article 2. Does Article 2 govern the contract? "
            'Conclusion: "goods" (Article 2 governs) or "services" (it does not).'
        )

    def quantities(self, case: dict[str, Any], params: GoodsServicesParams) -> dict[str, str]:
        return {
            "goods_total": "the total price of the goods line items, in whole dollars",
            "services_total": "the total price of the services line items, in whole dollars",
        }

    def adjudicate(self, case: dict[str, Any], params: GoodsServicesParams) -> IracKey:
        sections = _sections(case)
        values = case["elements"]
        return IracKey(
            issue="article",
            rules=met_sections(sections, values),
            elements=dict(values),
            quantities={
                "goods_total": case["goods_total"],
                "services_total": case["services_total"],
            },
            conclusion=_conclusion(sections, values),
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        steps = len(case["lines"])
        work = 2 * len(key.elements) + 2 + 2 * steps + case["distractors"]
        return {"chain": 2, "steps": steps, "work": work}


def _names(rng: np.random.Generator, pool: tuple[str, ...], count: int) -> list[str]:
    """`count` line-item names; repeats become "additional ..." so every line is distinct."""
    picks = [pool[int(i)] for i in rng.permutation(len(pool))]
    return [p if i < len(pool) else f"additional {p}" for i, p in enumerate(picks * 2)][:count]


def _sections(case: dict[str, Any]) -> list[Section]:
    return [
        section(1, "Scope", "This Article governs a contract for both goods and services only "
                "when the predominant purpose of the contract is the sale of goods under § 2; "
                "otherwise the contract is one for services."),
        section(2, "Predominant purpose", "The predominant purpose of a contract is the sale of "
                "goods when more than half of the following factors hold:",
                [FACTOR_TEXT[k] for k in case["factors"]], mode="most"),
    ]  # fmt: skip


def _conclusion(sections: list[Section], values: dict[str, bool]) -> str:
    return "goods" if "2" in met_sections(sections, values) else "services"


def _factor_fact(
    kind: str, true: bool, provider: str, customer: str, movable: str, fixed: str
) -> str:
    if kind == "labels":
        return (f'The contract calls {provider} the "seller" and {customer} the "buyer".' if true
                else f'The contract calls {provider} the "contractor" and {customer} the '
                '"client".')  # fmt: skip
    if kind == "movable":
        return f"The finished product is {movable if true else fixed}."
    if kind == "payment":
        return ("Payment is due when the goods are delivered to the site." if true
                else "Payment is due only when all the work is finished.")  # fmt: skip
    return (
        f"{provider} regularly sells such goods from its own showroom."
        if true
        else f"{provider} mainly provides building work and does not usually sell goods."
    )
