"""What is special about legal/personal-jurisdiction-v1: counterfactual twins judged by an
adjudicator written again here, balanced outcomes per defendant, partial credit, and the
realised facts (homes, contacts, service) agreeing with the latent elements.

Decisive elements: a defendant's element is decisive when no other route to jurisdiction
(general § 1, specific § 2 with fairness, tag without exception) holds and the element's own
route turns on it: either § 1 element with the other false; a § 2 element with the other
true and fairness met; a fairness factor at the majority boundary with § 2 met; a tag
element with the other true and no exception; an exception with the tag elements true and
no other exception.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from legal_helpers import Values, check_partial_credit, check_twins, conclusion

import palaestra as pa

ENV = "legal/personal-jurisdiction-v1"


def _prefix(case: dict[str, Any], defendant: dict[str, Any]) -> str:
    return defendant["letter"] if len(case["defendants"]) > 1 else ""


def _section(v: Values, number: int | None) -> list[bool]:
    return [] if number is None else [x for k, x in v.items() if k[:-1] == str(number)]


def _routes(case: dict[str, Any], v: Values) -> dict[str, bool]:
    lay = case["layout"]
    fair = _section(v, lay["fair"])
    tag = _section(v, lay["presence"])
    return {
        "general": any(_section(v, 1)),
        "specific": all(_section(v, 2)) and (lay["fair"] is None or 2 * sum(fair) > len(fair)),
        "tag": bool(tag) and all(tag) and not any(_section(v, lay["exception"])),
    }


def _own(case: dict[str, Any], defendant: dict[str, Any], values: Values) -> Values:
    prefix = _prefix(case, defendant)
    return {k[len(prefix) :]: x for k, x in values.items() if k.startswith(prefix)}


def decide(case: dict[str, Any], values: Values) -> Any:
    heard = [
        d["letter"]
        for d in case["defendants"]
        if any(_routes(case, _own(case, d, values)).values())
    ]
    if len(case["defendants"]) == 1:
        return "jurisdiction" if heard else "no jurisdiction"
    return heard


def decisive(case: dict[str, Any], values: Values, flipped: str) -> bool:
    owner = next(d for d in case["defendants"] if flipped.startswith(_prefix(case, d)))
    v = _own(case, owner, values)
    element = flipped[len(_prefix(case, owner)) :]
    lay = case["layout"]
    routes = _routes(case, v)
    number = int(element[:-1])
    others = [x for k, x in v.items() if k[:-1] == str(number) and k != element]
    if number == 1:
        return not routes["specific"] and not routes["tag"] and not any(others)
    if number in (2, lay["fair"]):
        fair = _section(v, lay["fair"])
        if number == 2:
            fair_ok = lay["fair"] is None or 2 * sum(fair) > len(fair)
            pivot = all(others) and fair_ok
        else:
            pivot = all(_section(v, 2)) and 2 * (sum(others) + 1) > len(fair) >= 2 * sum(others)
        return pivot and not routes["general"] and not routes["tag"]
    tag_ok = all(_section(v, lay["presence"]))
    if number == lay["presence"]:
        pivot = all(others) and not any(_section(v, lay["exception"]))
    else:
        pivot = tag_ok and not any(others)
    return pivot and not routes["general"] and not routes["specific"]


@pytest.mark.parametrize("level", [4, 8])
def test_twins_flip_one_element_and_follow_the_rules(level: int) -> None:
    check_twins(ENV, level, decide, decisive, exact=True)


def test_single_defendant_labels_are_balanced() -> None:
    env = pa.make(ENV)
    counts = Counter(conclusion(env.generate(seed, 4)) for seed in range(200))
    assert min(counts.values()) >= 0.4 * 200, counts


def test_each_defendant_is_heard_with_even_odds() -> None:
    env = pa.make(ENV)
    heard = total = 0
    for seed in range(200):
        task = env.generate(seed, 8)
        heard += len(conclusion(task))
        total += len(task.data["case"]["defendants"])
    assert 0.4 < heard / total < 0.6


def test_partial_credit_on_generated_tasks() -> None:
    check_partial_credit(ENV, 11, 6)


def test_companies_are_never_asked_the_tag_rule() -> None:
    env = pa.make(ENV)
    for seed in range(20):
        task = env.generate(seed, 10)
        case = task.data["case"]
        presence = case["layout"]["presence"]
        for d in case["defendants"]:
            own = _own(case, d, task.data["key"]["elements"])
            assert (f"{presence}a" in own) != d["company"]


# ------------------------------------------------------------- realised facts match elements
@pytest.mark.parametrize("twin", [False, True])
def test_homes_contacts_and_service_match_the_elements(twin: bool) -> None:
    env = pa.make(ENV)
    for seed in range(40):
        task = env.generate(seed, 9, twin=twin)
        case, values = task.data["case"], task.data["key"]["elements"]
        forum, lay = case["forum"], case["layout"]
        for d in case["defendants"]:
            v = _own(case, d, values)
            detail = case["details"][d["letter"]]
            home = detail["home"]
            if d["company"]:
                counting = {home["incorporated"]} | ({home["office"]} if case["dual"] else set())
            else:
                counting = {home["domicile"]}
            assert v["1a"] == (forum in counting)
            contact = detail["contact"]
            assert v["2a"] == (contact["deliberate"] and contact["kind"] in case["kinds"])
            unrelated = f"that {d['name']} made and performed entirely in"
            assert v["2b"] == (unrelated not in task.prompt)
            if not d["company"]:
                served = detail["served"]
                assert v[f"{lay['presence']}a"] == served["in_person"]
                assert v[f"{lay['presence']}b"] == (served["state"] == forum)
                if any(_section(v, lay["exception"])):
                    assert served["state"] == forum
