"""What is special about the substantive legal envs: twins, balance, arithmetic, partial credit."""

from __future__ import annotations

import collections
import json
from fractions import Fraction
from typing import Any

import pytest

import palaestra as pa
from palaestra.envs.legal.intestate_succession import _taking_class
from palaestra.generators.legal_family import Relative, divide
from palaestra.records import Task
from palaestra.verifiers.irac import IracKey

ENV_IDS = (
    "legal/tax-computation-v1",
    "legal/successor-liability-v1",
    "legal/comparative-negligence-v1",
    "legal/intestate-succession-v1",
    "legal/contract-formation-v1",
    "legal/adverse-possession-v1",
    "legal/burglary-larceny-v1",
)
TWIN_SEEDS = range(30)


def _key(task: Task) -> IracKey:
    return IracKey.from_dict(task.data["key"])


def _twins(env_id: str, seed: int) -> tuple[Any, Task, Task]:
    env = pa.make(env_id)
    level = 1 + seed % 10
    return env, env.generate(seed, level), env.generate(seed, level, twin=True)


def _section_elements(env: Any, task: Task, element: str) -> list[str]:
    _, sections = env.statute(task.data["case"], env.params_of(task))
    return next(
        [e.id for e in s.elements] for s in sections if element in {e.id for e in s.elements}
    )


def _decisive(env_id: str, env: Any, base: Task, element: str) -> bool:
    """Whether the rules say flipping `element` in `base` must change the conclusion."""
    values = _key(base).elements
    others = [e for e in _section_elements(env, base, element) if e != element]
    case = base.data["case"]
    if env_id in ("legal/contract-formation-v1", "legal/adverse-possession-v1"):
        # conjunctive tests: § 1-4 (contract) or § 1 (possession) with every other element true
        rule = [e for e in values if e[0] in ("1234" if "contract" in env_id else "1")]
        return element in rule and all(values[e] for e in rule if e != element)
    if env_id == "legal/burglary-larceny-v1":
        return all(values[e] for e in others)
    if env_id == "legal/successor-liability-v1":
        _, sections = env.statute(case, env.params_of(base))
        holding = [s for s in sections if s.elements and s.holds(values)]
        mine = next(s for s in sections if element in {e.id for e in s.elements})
        flipped = {**values, element: not values[element]}
        return mine.holds(values) != mine.holds(flipped) and holding in ([], [mine])
    return False


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_twin_flips_exactly_one_element_and_the_conclusion_where_decisive(env_id: str) -> None:
    decisive_seen = 0
    for seed in TWIN_SEEDS:
        env, base, twin = _twins(env_id, seed)
        element = base.data["twin_element"]
        assert twin.data["twin_element"] == element
        a, b = _key(base), _key(twin)
        if element is None:  # a case without elements (no optional provision) has no twin
            assert a == b
            continue
        # element values are recomputed from the generated facts: they match the draw
        assert a.elements == base.data["case"]["elements"]
        assert b.elements == twin.data["case"]["elements"]
        assert {e for e in a.elements if a.elements[e] != b.elements[e]} == {element}
        assert b == env.adjudicate(twin.data["case"], env.params_of(twin))
        if _decisive(env_id, env, base, element):
            decisive_seen += 1
            assert a.conclusion != b.conclusion, (seed, element)
    if env_id in ("legal/contract-formation-v1", "legal/adverse-possession-v1",
                  "legal/burglary-larceny-v1", "legal/successor-liability-v1"):  # fmt: skip
        assert decisive_seen >= 3


def test_adverse_possession_tacking_and_disability_move_dates_not_labels() -> None:
    for seed in range(40):
        _, base, twin = _twins("legal/adverse-possession-v1", seed)
        element, case = base.data["twin_element"], base.data["case"]
        if element.startswith("1"):
            continue
        a, b = _key(base), _key(twin)
        assert a.conclusion == b.conclusion
        if case["tacking"] and element == "3a":  # the counted start moves to the other possessor
            assert a.quantities["counted_from"] != b.quantities["counted_from"]


def test_tax_and_negligence_twins_change_the_amounts_their_element_feeds() -> None:
    changed = flips = 0
    for seed in TWIN_SEEDS:
        _, base, twin = _twins("legal/tax-computation-v1", seed)
        if base.data["twin_element"] is not None:
            flips += 1
            changed += _key(base).quantities != _key(twin).quantities
    assert changed >= flips - 2  # a zero floor may absorb a rare flip
    for seed in TWIN_SEEDS:
        _, base, twin = _twins("legal/comparative-negligence-v1", seed)
        element = base.data["twin_element"]
        a, b = _key(base), _key(twin)
        if element == "2a":  # the bar: recovery is zero exactly when barred
            assert (b.conclusion == 0) == b.elements["2a"]
            assert (a.conclusion == 0) == a.elements["2a"]


def test_intestacy_twins_change_shares_when_the_class_has_priority() -> None:
    for seed in TWIN_SEEDS:
        _, base, twin = _twins("legal/intestate-succession-v1", seed)
        element, v = base.data["twin_element"], _key(base).elements
        priority = {
            "2a": True,
            "3a": True,
            "4a": not v["3a"],
            "5a": not (v["2a"] or v["3a"] or v["4a"]),
        }[element]
        if priority:
            assert _key(base).quantities != _key(twin).quantities


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_outcomes_are_balanced_over_200_seeds(env_id: str) -> None:
    env = pa.make(env_id)
    counts: collections.Counter[str] = collections.Counter()
    for seed in range(200):
        key = _key(env.generate(seed, 1 + seed % 10))
        counts[_outcome(env_id, key)] += 1
    shares = [n / 200 for label, n in counts.items() if label != "no elements"]
    assert len(counts) >= 2 and min(shares) >= 0.15, counts


def _outcome(env_id: str, key: IracKey) -> str:
    """The balanced label of each env (see its docstring)."""
    if env_id == "legal/intestate-succession-v1":
        return _taking_class(key.elements)
    if env_id == "legal/comparative-negligence-v1":  # the bar, or joint liability if no bar
        return str(key.elements[min(key.elements)]) if key.elements else "no elements"
    if env_id == "legal/tax-computation-v1":
        return "tax" if key.conclusion else "no tax"
    return json.dumps(key.conclusion)


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_partial_credit_needs_the_reasoning(env_id: str) -> None:
    env = pa.make(env_id)
    task = env.generate(7, 6)
    right = _key(task).answer_object()
    assert env.verify(task, f"<answer>{json.dumps(right)}</answer>").correct
    conclusion_only = env.verify(task, json.dumps({"conclusion": right["conclusion"]}))
    assert conclusion_only.score <= 0.5 and not conclusion_only.correct
    name = next(iter(right["application"]))
    value = right["application"][name]
    wrong = (
        not value if isinstance(value, bool) else ("1/7" if isinstance(value, str) else value + 1)
    )
    changed = {**right, "application": {**right["application"], name: wrong}}
    verdict = env.verify(task, f"<answer>{json.dumps(changed)}</answer>")
    assert 0.5 < verdict.score < 1 and not verdict.correct
    assert env.verify(task, "<answer>{not json</answer>").reason == "unparsable"


def test_descendant_schemes_on_the_textbook_family() -> None:
    # A survives; B died leaving B1 and B2; C died leaving C1 (all grandchildren survive)
    tree = [Relative("A", "child", None), Relative("B", "child", None),
            Relative("C", "child", None), Relative("B1", "issue", 1),
            Relative("B2", "issue", 1), Relative("C1", "issue", 2)]  # fmt: skip

    def shares(alive: set[int], scheme: str) -> dict[str, Fraction]:
        out = divide(tree, [0, 1, 2], lambda i: i in alive, scheme)
        return {tree[i].name: s for i, s in out.items()}

    third, sixth = Fraction(1, 3), Fraction(1, 6)
    assert shares({0, 3, 4, 5}, "per-stirpes") == {"A": third, "B1": sixth, "B2": sixth,
                                                   "C1": third}  # fmt: skip
    assert shares({0, 3, 4, 5}, "per-capita") == shares({0, 3, 4, 5}, "per-stirpes")
    two_ninths = Fraction(2, 9)
    assert shares({0, 3, 4, 5}, "per-capita-each-generation") == {
        "A": third, "B1": two_ninths, "B2": two_ninths, "C1": two_ninths}  # fmt: skip
    # no child survives: per stirpes divides by branch, the per capita rules by head
    assert shares({3, 4, 5}, "per-stirpes") == {"B1": Fraction(1, 4), "B2": Fraction(1, 4),
                                                "C1": Fraction(1, 2)}  # fmt: skip
    assert set(shares({3, 4, 5}, "per-capita").values()) == {third}


def test_intestate_shares_sum_to_the_whole_unless_the_state_takes() -> None:
    env = pa.make("legal/intestate-succession-v1")
    for seed in range(60):
        key = _key(env.generate(seed, 1 + seed % 10, twin=bool(seed % 2)))
        total = sum(Fraction(s) for s in key.quantities.values())
        assert total == (0 if _taking_class(key.elements) == "state" and not key.elements["2a"]
                         else 1)  # fmt: skip


def test_tax_arithmetic_by_hand() -> None:
    env = pa.make("legal/tax-computation-v1")
    task = env.generate(3, 1)
    case, q = task.data["case"], _key(task).quantities
    assert q["gross_income"] == sum(case["amounts"])
    taxable = max(0, q["agi"] - q["deduction"])
    assert q["taxable_income"] == taxable
    tops = [t * (1 + case["joint"]) for t in case["tops"]]
    rates, bounds = case["rates"], [0, *tops]
    exact = sum(
        Fraction(r, 100) * max(0, min(taxable, hi) - lo)
        for r, lo, hi in zip(rates, bounds, [*tops, 10**12], strict=True)
    )
    assert q["tax_before_credits"] == int(exact) == _key(task).conclusion


@pytest.mark.parametrize(
    ("regime", "plaintiff", "barred"),
    [("modified-50", 50, True), ("modified-50", 49, False), ("modified-51", 50, False),
     ("modified-51", 51, True), ("contributory", 1, True), ("contributory", 0, False)],
)  # fmt: skip
def test_negligence_bars(regime: str, plaintiff: int, barred: bool) -> None:
    env = pa.make("legal/comparative-negligence-v1")
    task = env.generate(11, regime=regime, defendants=2)
    case = {**task.data["case"], "plaintiff_share": plaintiff,
            "shares": [60 - plaintiff if plaintiff < 60 else 1, 40]}  # fmt: skip
    case["shares"][1] = 100 - plaintiff - case["shares"][0]
    key = env.adjudicate(case, env.params_of(task))
    assert key.elements["2a"] == barred
    assert (key.conclusion == 0) == barred


def test_contract_mailbox_variants_decide_when_the_acceptance_takes_effect() -> None:
    env = pa.make("legal/contract-formation-v1")
    seen = set()
    for seed in range(80):
        case = env.generate(seed, 5).data["case"]
        on_dispatch = case["mailbox"] == "any-medium" or (
            case["mailbox"] == "same-medium" and case["offer_medium"] == case["accept_medium"]
        )
        assert case["effective"] == (case["sent"] if on_dispatch else case["arrived"])
        seen.add(case["mailbox"])
    assert seen == {"any-medium", "same-medium", "receipt"}


def test_statutory_burglary_variants_differ_from_the_common_law() -> None:
    env = pa.make("legal/burglary-larceny-v1")
    common = env.generate(0, 1).data["case"]["code"]
    codes = {json.dumps(env.generate(s, 7).data["case"]["code"]) for s in range(40)}
    assert json.dumps(common) not in codes and len(codes) > 5
