"""What is special about LEG-A's legal environments: counterfactual twins, balanced outcomes,
the IRAC partial credit on real tasks, and the realised facts agreeing with the latent elements.

Each env has an adjudicator written again here, independently of the env module, and a
statement of when a flipped element is decisive (the twin's conclusion must then flip).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from legal_helpers import Values, check_partial_credit, check_twins, conclusion

import palaestra as pa


def _group(values: Values, prefix: str) -> list[bool]:
    return [v for k, v in values.items() if k.startswith(prefix)]


# ------------------------------------------------------------------ independent adjudicators
def diversity(case: dict[str, Any], v: Values) -> str:
    excluded = any(_group(v, "4"))
    return "jurisdiction" if v["1a"] and v["1b"] and not excluded else "no jurisdiction"


def diversity_decisive(case: dict[str, Any], v: Values, flipped: str) -> bool:
    favour = {k: not k.startswith("4") for k in v}
    return all(v[k] == favour[k] for k in v if k != flipped)


def hearsay(case: dict[str, Any], v: Values) -> str:
    is_hearsay = all(_group(v, "1")) and not any(_group(v, "2"))
    if not is_hearsay:
        return "not hearsay"
    exceptions = {k[:-1] for k in v if k[0] not in "12"}
    saved = any(v[f"{s}a"] and v[f"{s}b"] for s in exceptions)
    return "admissible hearsay" if saved else "inadmissible hearsay"


def hearsay_decisive(case: dict[str, Any], v: Values, flipped: str) -> bool:
    if flipped[0] not in "12":
        return False
    others = {k: x for k, x in v.items() if k != flipped and k[0] in "12"}
    return all(x == k.startswith("1") for k, x in others.items())


def frauds(case: dict[str, Any], v: Values) -> str:
    within = any(_group(v, "1"))
    saved = v["2a"] or any(_group(v, "3"))
    return "unenforceable" if within and not saved else "enforceable"


def frauds_decisive(case: dict[str, Any], v: Values, flipped: str) -> bool:
    others = {k: x for k, x in v.items() if k != flipped}
    within = any(x for k, x in others.items() if k.startswith("1"))
    saved = any(x for k, x in others.items() if not k.startswith("1"))
    return not saved and (not within if flipped.startswith("1") else within)


def goods(case: dict[str, Any], v: Values) -> str:
    return "goods" if 2 * sum(v.values()) > len(v) else "services"


def goods_decisive(case: dict[str, Any], v: Values, flipped: str) -> bool:
    others = sum(x for k, x in v.items() if k != flipped)
    return 2 * (others + 1) > len(v) >= 2 * others


def deadline(case: dict[str, Any], v: Values) -> str:
    rules = case["adjustments"]

    def applies(kind: str) -> bool:
        return kind in rules and v[f"{2 + rules.index(kind)}a"]

    start = dt.date.fromisoformat(case["injury"])
    if applies("discovery"):
        start += dt.timedelta(days=case["discovery_gap"])
    if applies("minority"):
        eighteenth = start + dt.timedelta(days=30 + case["age_days"] % 3600)
        start = dt.date(eighteenth.year, eighteenth.month, min(eighteenth.day, 28))
    year = start.year + case["period"]
    day = min(start.day, 28) if start.month == 2 and start.day == 29 else start.day
    last = dt.date(year, start.month, day)
    if applies("absence"):
        last += dt.timedelta(days=case["absence"][1])
    holidays = {(m, d) for m, d, _ in case["holidays"]}
    while last.weekday() >= 5 or (last.month, last.day) in holidays:
        last += dt.timedelta(days=1)
    return last.isoformat()


def deadline_decisive(case: dict[str, Any], v: Values, flipped: str) -> bool:
    rules = case["adjustments"]
    if "discovery" in rules and flipped == f"{2 + rules.index('discovery')}a":
        return not ("minority" in rules and v[f"{2 + rules.index('minority')}a"])
    return True


def spotting(case: dict[str, Any], v: Values) -> list[str]:
    sections = sorted({k[:-1] for k in v}, key=int)
    return [s for s in sections if all(x for k, x in v.items() if k[:-1] == s)]


def spotting_decisive(case: dict[str, Any], v: Values, flipped: str) -> bool:
    return all(x for k, x in v.items() if k[:-1] == flipped[:-1] and k != flipped)


ENVS: dict[str, tuple[int, Callable[..., Any], Callable[..., bool]]] = {
    "legal/diversity-jurisdiction-v1": (6, diversity, diversity_decisive),
    "legal/hearsay-v1": (6, hearsay, hearsay_decisive),
    "legal/statute-of-frauds-v1": (5, frauds, frauds_decisive),
    "legal/goods-services-v1": (5, goods, goods_decisive),
    "legal/limitation-deadline-v1": (7, deadline, deadline_decisive),
    "legal/issue-spotting-v1": (6, spotting, spotting_decisive),
}
BALANCED = [e for e in ENVS if e != "legal/limitation-deadline-v1"]  # dates, not labels


@pytest.mark.parametrize("env_id", ENVS)
def test_twins_flip_one_element_and_follow_the_rules(env_id: str) -> None:
    check_twins(env_id, *ENVS[env_id])


@pytest.mark.parametrize("env_id", BALANCED)
def test_outcomes_are_balanced(env_id: str) -> None:
    env = pa.make(env_id)
    level = ENVS[env_id][0]
    if env_id == "legal/issue-spotting-v1":  # each section is violated with even odds
        elements = [env.generate(seed, level).data["key"] for seed in range(200)]
        violated = [len(k["conclusion"]) / (int(max(k["elements"])[:-1])) for k in elements]
        assert 0.4 < sum(violated) / len(violated) < 0.6
        return
    counts = Counter(str(conclusion(env.generate(seed, level))) for seed in range(200))
    shares = [n / 200 for n in counts.values()]
    assert min(shares) >= 0.6 / len(counts), counts


@pytest.mark.parametrize("env_id", ENVS)
def test_partial_credit_on_generated_tasks(env_id: str) -> None:
    check_partial_credit(env_id, 11, ENVS[env_id][0])


# ------------------------------------------------------------- realised facts match elements
def test_diversity_citizenships_and_amounts_match_the_elements() -> None:
    env = pa.make("legal/diversity-jurisdiction-v1")
    for seed in range(40):
        task = env.generate(seed, 8)
        case, values = task.data["case"], task.data["key"]["elements"]

        def citizen(party: dict[str, Any], case: dict[str, Any] = case) -> set[str]:
            home = case["homes"][party["name"]]
            if not party["corp"]:
                return {home["domicile"]}
            return (
                {home["incorporated"], home["office"]} if case["dual"] else {home["incorporated"]}
            )

        plaintiffs = set().union(*(citizen(p) for p in case["plaintiffs"]))
        defendants = set().union(*(citizen(d) for d in case["defendants"]))
        assert values["1a"] == (not plaintiffs & defendants)
        totals = Counter()
        for claim in case["claims"]:
            totals[claim["plaintiff"], claim["defendant"]] += claim["amount"]
        amount = max(totals.values())
        assert task.data["key"]["quantities"]["amount"] == amount
        assert values["1b"] == (amount > case["threshold"])


def test_goods_totals_match_the_price_factor() -> None:
    env = pa.make("legal/goods-services-v1")
    for seed in range(40):
        task = env.generate(seed, 9)
        case = task.data["case"]
        assert sum(a for _, a in case["lines"]) == case["goods_total"] + case["services_total"]
        assert task.data["key"]["elements"]["2a"] == (case["goods_total"] > case["services_total"])


def test_hearsay_twins_never_make_incoherent_facts() -> None:
    env = pa.make("legal/hearsay-v1")
    for seed in range(40):
        values = env.generate(seed, 10, twin=True).data["key"]["elements"]
        assert not (values.get("2b") and not values["1b"])


def test_deadline_quantities_follow_the_rules() -> None:
    env = pa.make("legal/limitation-deadline-v1")
    for seed in range(40):
        task = env.generate(seed, 10)
        key, case = task.data["key"], task.data["case"]
        rollover = f"{2 + len(case['adjustments'])}a"
        last = dt.date.fromisoformat(key["conclusion"])
        assert last.weekday() < 5
        assert key["elements"][rollover] == (key["conclusion"] != _unrolled(case, key))


def _unrolled(case: dict[str, Any], key: dict[str, Any]) -> str:
    start = dt.date.fromisoformat(key["quantities"]["start"])
    day = min(start.day, 28) if (start.month, start.day) == (2, 29) else start.day
    last = dt.date(start.year + case["period"], start.month, day)
    return (last + dt.timedelta(days=key["quantities"].get("extension_days", 0))).isoformat()
