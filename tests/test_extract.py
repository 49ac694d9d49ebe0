"""The shared answer extractor."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from palaestra.verifiers import extract_answer, extract_boxed, printable


def test_last_answer_block_counts() -> None:
    assert extract_answer("think <answer>1</answer> more <ANSWER> 2 </Answer>") == "2"


def test_reasoning_and_unclosed_blocks() -> None:
    assert extract_answer("no tags") is None
    assert extract_answer(None) is None
    assert extract_answer("") is None
    assert extract_answer("<answer>1</answer> then <answer>2") == "1"
    assert extract_answer("</answer> <answer>") is None


def test_boxed_only_where_allowed() -> None:
    assert extract_answer(r"so \boxed{\frac{1}{2}}") is None
    assert extract_answer(r"so \boxed{\frac{1}{2}}", allow_boxed=True) == r"\frac{1}{2}"
    assert extract_answer(r"\boxed{3} <answer>4</answer>", allow_boxed=True) == "4"
    assert extract_boxed(r"\boxed{1} and \boxed{2}") == "2"
    assert extract_boxed(r"\boxed{unbalanced") is None


def test_printable_survives_surrogates() -> None:
    assert printable("\ud800x") == "?x"
    assert printable("a" * 500, limit=10) == "aaaaaaa..."


@given(st.text(), st.text(alphabet=st.characters(blacklist_characters="<>")))
def test_answer_after_any_prefix_is_found(prefix: str, answer: str) -> None:
    assert extract_answer(f"{prefix}<answer>{answer}</answer>") == answer.strip()
