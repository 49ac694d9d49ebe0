"""The shared answer parsers: tolerant of layout, strict about content."""

from __future__ import annotations

import pytest

from palaestra.verifiers.parsing import (
    AnswerFormatError,
    parse_choice,
    parse_int,
    parse_int_list,
    parse_int_pairs,
)


def test_int_list_layouts() -> None:
    assert parse_int_list("[1, 2; 3]\n4") == [1, 2, 3, 4]
    assert parse_int_list("-1 +2") == [-1, 2]


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("1 2 2", {"unique": True, "what": "vertex"}, "vertex 2 appears more than once"),
        ("1 9", {"low": 1, "high": 5}, "9 is not a valid number: expected 1..5"),
        ("1 2", {"length": 3}, "expected 3 numbers, got 2"),
        ("1 two", {}, "write only integers"),
        ("9" * 40, {}, "too large"),
    ],
)
def test_int_list_errors(text: str, kwargs: dict, message: str) -> None:
    with pytest.raises(AnswerFormatError, match=message):
        parse_int_list(text, **kwargs)


def test_int_and_pairs() -> None:
    assert parse_int(" -12. ") == -12
    with pytest.raises(AnswerFormatError):
        parse_int("12 13")
    assert parse_int_pairs("(1,2) (3, 4)\n5-6") == [(1, 2), (3, 4), (5, 6)]
    with pytest.raises(AnswerFormatError, match="could not read"):
        parse_int_pairs("1-2, banana")


def test_choice_rejects_hedges() -> None:
    choices = {"yes": "yes", "no": "no", "sat": "yes", "unsat": "no"}
    assert parse_choice("UNSAT.", choices) == "no"
    assert parse_choice("yes, it is sat", choices) == "yes"
    with pytest.raises(AnswerFormatError, match="exactly one of: no or yes"):
        parse_choice("yes or no", choices)
    with pytest.raises(AnswerFormatError):
        parse_choice("maybe", choices)
