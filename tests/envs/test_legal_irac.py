"""The shared IRAC answer format and its partial-credit scheme (palaestra.verifiers.irac),
and the legal generation helpers (palaestra.generators.legal)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palaestra.generators.legal import (
    Parts,
    add_months,
    near_threshold,
    roll_forward,
    section,
    split_amount,
)
from palaestra.verifiers.irac import IracKey, parse_irac, render_schema, score_irac

KEY = IracKey(
    issue="diversity",
    rules=frozenset({"1"}),
    elements={"1a": True, "1b": False, "2a": True},
    quantities={"amount": 80000, "share": "1/3", "deadline": "2024-03-05"},
    conclusion="no jurisdiction",
)


def answer(**changes: object) -> str:
    body = KEY.answer_object()
    body.update(changes)
    return json.dumps(body)


def test_reference_is_correct_and_layout_is_tolerated() -> None:
    assert score_irac(KEY.answer_text(), KEY).correct
    relaxed = (
        "```json\n"
        '{"issue": "Diversity", "rule": ["§ 1"], "application": {"1(a)": "yes", "1b": "no", '
        '"2.a": true, "amount": "$80,000", "share": "2/6", "deadline": "2024-03-05",}, '
        '"conclusion": "No-Jurisdiction",}\n```'
    )
    assert score_irac(relaxed, KEY).correct


def test_conclusion_alone_is_worth_at_most_half() -> None:
    verdict = score_irac(json.dumps({"conclusion": "no jurisdiction"}), KEY)
    assert verdict.score == 0.5 and not verdict.correct
    with_issue = score_irac(answer(application={}), KEY)
    assert with_issue.score == 0.5


def test_right_conclusion_with_a_wrong_element_is_not_correct() -> None:
    application = {**KEY.answer_object()["application"], "1b": True}
    verdict = score_irac(answer(application=application), KEY)
    assert not verdict.correct and 0.5 < verdict.score < 1
    assert verdict.reason == "partial"


def test_every_part_is_needed_for_full_marks() -> None:
    assert score_irac(answer(conclusion="jurisdiction"), KEY).score == 0.5
    assert score_irac(answer(issue="venue"), KEY).score == pytest.approx(0.95)
    assert score_irac(answer(rule=["1", "2"]), KEY).score == pytest.approx(0.95)
    assert score_irac(answer(rule=["1", "1"]), KEY).score == pytest.approx(0.95)


def test_unknown_and_missing_ids_count_as_wrong_items() -> None:
    application = {**KEY.answer_object()["application"], "9z": True}
    assert score_irac(answer(application=application), KEY).score == pytest.approx(
        0.5 + 0.5 * 6 / 7
    )
    application = dict(KEY.answer_object()["application"])
    del application["2a"]
    verdict = score_irac(answer(application=application), KEY)
    assert "Missing ids: 2a" in verdict.feedback
    # "1a" and "1(a)" name the same element: giving it twice is a repeated item
    application = {**KEY.answer_object()["application"], "1(a)": True}
    assert not score_irac(answer(application=application), KEY).correct


@pytest.mark.parametrize(
    "text",
    [
        "",
        "jurisdiction",
        "[1, 2]",
        '{"a": 1}',
        '{"issue": "x", "issue": "y", "conclusion": "no jurisdiction"}',
        '{"conclusion": NaN}',
        "{" * 5000 + "}" * 5000,
    ],
)
def test_malformed_answers_are_unparsable(text: str) -> None:
    verdict = score_irac(text, KEY)
    assert verdict.reason == "unparsable" and verdict.score == 0.0


def test_two_objects_are_not_read() -> None:
    assert score_irac(KEY.answer_text() + "\n" + KEY.answer_text(), KEY).reason == "unparsable"


def test_quantities_are_compared_exactly() -> None:
    body = KEY.answer_object()["application"]
    for name, wrong in (("amount", 80001), ("share", "0.333"), ("deadline", "2024-3-05")):
        assert not score_irac(answer(application={**body, name: wrong}), KEY).correct


@pytest.mark.parametrize(
    ("kind", "expected", "given", "right"),
    [
        ("int", 1200, "1,200", True),
        ("int", 1200, 1200.0, True),
        ("int", 1200, True, False),
        ("fraction", "3/8", "6/16", True),
        ("fraction", "1/1", 1, True),
        ("date", "2023-01-02", "2023-01-02", True),
        ("date", "2023-01-02", "January 2, 2023", False),
        ("set", ("1", "3"), ["§ 3", "1"], True),
        ("set", ("1", "3"), ["1", "3", "3"], False),
        ("set", ("1", "3"), ["1"], False),
    ],
)
def test_conclusion_kinds(kind: str, expected: object, given: object, right: bool) -> None:
    key = IracKey("i", frozenset(), {"1a": True}, expected, kind)  # type: ignore[arg-type]
    text = json.dumps({"issue": "i", "rule": [], "application": {"1a": True}, "conclusion": given})
    assert score_irac(text, key).correct is right


def test_key_round_trips_through_json() -> None:
    restored = IracKey.from_dict(json.loads(json.dumps(KEY.to_dict())))
    assert restored == KEY
    key = IracKey("i", frozenset({"2"}), {"1a": False}, ("3", "1"), "set")
    assert IracKey.from_dict(json.loads(json.dumps(key.to_dict()))) == key


def test_schema_shows_a_parsable_example() -> None:
    text = render_schema(KEY)
    assert parse_irac(text.rsplit("\n", 1)[-1])["conclusion"] == "no jurisdiction"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_verdict_below_one(text: str) -> None:
    assert score_irac(text, KEY).score < 1.0


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["1a", "1b", "2a"]), st.booleans()))
def test_score_grows_with_right_labels(labels: dict[str, bool]) -> None:
    application = {**KEY.quantities, **labels}
    score = score_irac(answer(application=application), KEY).score
    right = sum(labels.get(k) is v for k, v in KEY.elements.items()) + len(KEY.quantities)
    assert score == pytest.approx(0.5 + 0.5 * right / 6, abs=1e-6) or right == 6


# ------------------------------------------------------------------------ generator helpers
def test_sections_hold_by_mode_and_number_their_elements() -> None:
    both = section(2, "Test", "If", ["x", "y"])
    either = section(3, "Test", "If", ["x", "y"], mode="any")
    assert [e.id for e in both.elements] == ["2a", "2b"]
    assert both.holds({"2a": True, "2b": False}) is False
    assert either.holds({"3a": False, "3b": True}) is True
    assert "(b) y." in both.render() and "; and" in both.render()


def test_named_parts_do_not_depend_on_order() -> None:
    one, two = Parts(np.random.default_rng(5)), Parts(np.random.default_rng(5))
    one["x"].integers(100, size=3)
    assert one["y"].integers(10**9) == two["y"].integers(10**9)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 10**6), st.booleans(), st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_near_threshold_lands_on_the_chosen_side(
    threshold: int, above: bool, closeness: int, seed: int
) -> None:
    value = near_threshold(np.random.default_rng(seed), threshold, above, closeness)
    assert (value > threshold) is above and value >= 1


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 50), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_split_amount_sums_to_the_total(units: int, count: int, seed: int) -> None:
    if units < count:
        return
    parts = split_amount(np.random.default_rng(seed), units * 100, count, 100)
    assert sum(parts) == units * 100 and len(parts) == count
    assert all(p > 0 and p % 100 == 0 for p in parts)


def test_dates_clamp_and_roll() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    saturday = dt.date(2024, 3, 2)
    assert roll_forward(saturday, {dt.date(2024, 3, 4)}) == (dt.date(2024, 3, 5), 3)
