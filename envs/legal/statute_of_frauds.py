"""Statute of frauds: which writing-requirement categories a contract falls in, and exceptions."""

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
from palaestra.registry import register
from palaestra.verifiers.irac import IracKey

CATEGORIES = ("land", "year", "surety", "goods", "marriage")
CATEGORY_TEXT = {
    "land": "a contract for the sale or transfer of an interest in land",
    "year": "a contract that by its terms cannot be fully performed within one year from the "
    "day it is made",
    "surety": "a promise to pay the debt of another person if that person does not",
    "goods": "a contract for the sale of goods for a price of {threshold} or more",
    "marriage": "a promise made in exchange for a promise to marry",
}
EXCEPTION_KINDS = ("performed", "admitted", "reliance")
EXCEPTION_TEXT = {
    "performed": "the party seeking enforcement has fully performed its side of the contract",
    "admitted": "the party to be charged admitted under oath that the contract was made",
    "reliance": "the party seeking enforcement, relying on the contract, changed its position "
    "in a way that cannot be undone and the other party knew of it",
}
THRESHOLDS = (500, 1_000, 2_500, 5_000)
GOODS = ("a used tractor", "forty office chairs", "a pallet of roof tiles", "a sailboat",
         "a commercial oven", "three hundred bags of seed")  # fmt: skip


class FraudsParams(IracParams):
    categories: int = Field(
        2, ge=1, le=5, description="writing-requirement categories in § 1; more is harder"
    )
    exceptions: int = Field(0, ge=0, le=3, description="exceptions in § 3; more is harder")
    closeness: int = closeness_knob("the goods price lies to the threshold")


@register("legal/statute-of-frauds-v1")
class StatuteOfFrauds(IracEnv):
    """Statute of frauds under a fictional code: is an oral or informal contract enforceable?

    Task: the classic statute-of-frauds analysis (the Restatement (Second) of Contracts
    §§ 110-150 tradition) as a closed rule system. § 1 lists the categories of contract that
    need a writing (any may apply, so the category labels are multi-label); § 2 says what
    writing suffices (signed by the party to be charged); § 3 lists exceptions. A contract is
    enforceable unless it falls in a § 1 category, lacks a § 2 writing and meets no § 3
    exception. Facts describe the deal (land, duration, guarantees, goods and their price,
    marriage), the paperwork and the later conduct, with distractors and traps (a memo signed
    only by the party seeking enforcement, a price just under the threshold).

    Answer format: the IRAC JSON object of `palaestra.verifiers.irac`; conclusion
    "enforceable" or "unenforceable".

    Knobs: categories (1-5), exceptions (0-3), closeness of the goods price to the threshold,
    distractors (each more is harder); twin (the same case with one element flipped).

    Verification: `score_irac` (conclusion 0.5, the rest over elements, issue and rule set).
    Labels are balanced. Decisive elements: with no writing and no exception, a category is
    decisive when it is the only one that applies; the writing and each exception are decisive
    when some category applies and nothing else saves the contract.

    Versions: v1, first release.
    """

    Params = FraudsParams
    issues = {
        "frauds": "whether the statute of frauds bars enforcement of the contract",
        "capacity": "whether a party lacked capacity to contract",
        "consideration": "whether the promise is supported by consideration",
    }
    example = IracKey(
        issue="capacity",
        rules=frozenset({"2"}),
        elements={"1a": False, "2a": True, "2b": True},
        conclusion="voidable",
    )
    levels = ladder(
        categories=(1, 2, 2, 3, 3, 4, 4, 5, 5, 5),
        exceptions=(0, 0, 1, 1, 2, 2, 2, 3, 3, 3),
        closeness=LEVELS,
        distractors=(0, 1, 1, 2, 2, 3, 4, 4, 6, 8),
    )

    def latent(self, rng: np.random.Generator, params: FraudsParams) -> dict[str, Any]:
        case: dict[str, Any] = {
            "categories": [str(c) for c in rng.permutation(CATEGORIES)[: params.categories]],
            "exceptions": [str(e) for e in rng.permutation(EXCEPTION_KINDS)[: params.exceptions]],
            "threshold": pick(rng, THRESHOLDS),
        }
        sections = _sections(case)
        ids = [e.id for s in sections for e in s.elements]
        # Categories are drawn sparse so that "no category applies" is a real possibility.
        draw = lambda: {**random_values(rng, ids, 0.4)}  # noqa: E731
        _, values = balanced(
            rng, ["enforceable", "unenforceable"], draw, lambda v: _conclusion(sections, v)
        )
        claimant, defendant, debtor = people(rng, 3)
        return {
            **case,
            "elements": values,
            "claimant": claimant,
            "defendant": defendant,
            "debtor": debtor,
            "town": towns(rng, 1)[0],
            "distractors": params.distractors,
        }

    def statute(self, case: dict[str, Any], params: FraudsParams) -> tuple[str, list[Section]]:
        return "Contracts Code, Chapter 4 (Writings)", _sections(case)

    def narrate(self, parts: Parts, case: dict[str, Any], params: FraudsParams) -> list[str]:
        v = case["elements"]
        c, d = case["claimant"], case["defendant"]
        facts = [f"{c} and {d} made an oral agreement in {case['town']}."]
        for index, kind in enumerate(case["categories"]):
            element = f"1{chr(97 + index)}"
            facts += _category_fact(kind, v[element], case, parts[element], params)
        facts.append(
            f"{d} later signed a typed memo setting out all the essential terms."
            if v["2a"]
            else pick(parts["2a"], (
                f"Only {c} signed a memo of the terms; {d} never signed anything.",
                "Nothing about the agreement was ever written down.",
                f"{d} wrote the terms on a napkin but never signed it.",
            ))
        )  # fmt: skip
        for index, kind in enumerate(case["exceptions"]):
            facts.append(_exception_fact(kind, v[f"3{chr(97 + index)}"], c, d))
        facts.append(f"{c} now sues {d} to enforce the agreement.")
        return with_distractors(parts, facts, params.distractors, c, d, case["town"])

    def question(self, case: dict[str, Any], params: FraudsParams) -> str:
        return (
            f"{case['defendant']} argues that the agreement cannot be enforced without a writing. "
            'Is the agreement enforceable against them? Conclusion: "enforceable" or '
            '"unenforceable".'
        )

    def adjudicate(self, case: dict[str, Any], params: FraudsParams) -> IracKey:
        sections = _sections(case)
        values = case["elements"]
        return IracKey(
            issue="frauds",
            rules=met_sections(sections, values),
            elements=dict(values),
            conclusion=_conclusion(sections, values),
        )

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        chain = 2 + bool(case["exceptions"])
        work = 2 * len(key.elements) + chain + case["distractors"] + ("goods" in case["categories"])
        return {"chain": chain, "steps": int("goods" in case["categories"]), "work": work}


def _sections(case: dict[str, Any]) -> list[Section]:
    threshold = dollars(case["threshold"])
    sections = [
        section(
            1, "Contracts that need a writing",
            "A contract is within this chapter when it is",
            [CATEGORY_TEXT[k].format(threshold=threshold) for k in case["categories"]],
            mode="any",
        ),
        section(
            2, "Sufficient writing",
            "A contract within this chapter is enforceable when",
            ["a writing stating its essential terms is signed by the party against whom "
             "enforcement is sought"],
        ),
    ]  # fmt: skip
    if case["exceptions"]:
        sections.append(
            section(
                3,
                "Exceptions",
                "A contract within this chapter is enforceable without a writing when",
                [EXCEPTION_TEXT[k] for k in case["exceptions"]],
                mode="any",
            )
        )
    last = len(sections) + 1
    sections.append(
        section(last, "Effect", "A contract within this chapter is unenforceable unless § 2 "
                + ("or § 3 " if case["exceptions"] else "") + "makes it enforceable; a contract "
                "outside this chapter is enforceable.")
    )  # fmt: skip
    return sections


def _conclusion(sections: list[Section], values: dict[str, bool]) -> str:
    met = met_sections(sections, values)
    saved = "2" in met or "3" in met
    return "unenforceable" if "1" in met and not saved else "enforceable"


def _category_fact(
    kind: str, true: bool, case: dict[str, Any], rng: np.random.Generator, params: FraudsParams
) -> list[str]:
    c, d = case["claimant"], case["defendant"]
    if kind == "land":
        return [f"As part of the deal, {d} is to transfer a building lot in {case['town']} to {c}."
                if true else f"As part of the deal, {d} is to repaint {c}'s barn."]  # fmt: skip
    if kind == "year":
        months = int(rng.integers(13, 40)) if true else int(rng.integers(2, 12))
        return [f"The work under the deal is to run for {months} months, starting the day after "
                "the agreement, and cannot end sooner."]  # fmt: skip
    if kind == "surety":
        debtor = case["debtor"]
        return [f"{d} also promised {c} to pay {debtor}'s loan from {c} if {debtor} did not."
                if true else f"{d} mentioned that {debtor} owes {c} money but promised nothing "
                "about it."]  # fmt: skip
    if kind == "goods":
        price = near_threshold(rng, case["threshold"] - 1, true, params.closeness)
        return [f"The deal includes the sale of {pick(rng, GOODS)} for {dollars(price)}."]
    return [f"{d} made the promise in exchange for {c}'s promise to marry {d}." if true
            else f"{d} made the promise in exchange for {c}'s promise to look after {d}'s "
            "garden."]  # fmt: skip


def _exception_fact(kind: str, true: bool, c: str, d: str) -> str:
    if kind == "performed":
        return (f"{c} has already done everything {c} promised under the deal." if true
                else f"{c} has done only part of what {c} promised.")  # fmt: skip
    if kind == "admitted":
        return (f"In a sworn statement to the court, {d} admitted that the agreement was made."
                if true else f"Under oath, {d} denied that any agreement was made.")  # fmt: skip
    return (f"Relying on the deal, {c} sold {c}'s only workshop, as {d} knew, and cannot buy it "
            "back." if true else f"{c} changed nothing in reliance on the deal.")  # fmt: skip
