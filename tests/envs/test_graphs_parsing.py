"""The answer readers the graph environments added to verifiers/parsing.py, and a hang guard
for every graph verifier on answers built to make regular expressions backtrack."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.verifiers.parsing import (
    AnswerFormatError,
    parse_int_groups,
    parse_int_mapping,
    parse_vertex_pairs,
)

GRAPH_ENVS = [spec.id for spec in pa.list_envs("graphs")]


def test_mapping_layouts() -> None:
    assert parse_int_mapping("{0: 2, 1: 1, 2: 3}", 3) == [2, 1, 3]
    assert parse_int_mapping("0->2\n1 → 1; 2=3", 3) == [2, 1, 3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0:1 1:2", "every vertex needs a value; missing: 2"),
        ("0:1 1:2 2:3 1:1", "vertex 1 appears more than once"),
        ("0:1 1:2 2:3 3:1", "3 is not a valid vertex: expected 0..2"),
        ("0:1 1:2 2", "write pairs like 0:2"),
        ("0:1:2 1:1 2:1", "write pairs like 0:2"),
        ("zero:1", "write pairs like 0:2"),
        ("0:" + "9" * 30, "too large"),
    ],
)
def test_mapping_errors(text: str, message: str) -> None:
    with pytest.raises(AnswerFormatError, match=message):
        parse_int_mapping(text, 3)


@settings(max_examples=50, deadline=None)
@given(
    st.permutations(range(8)),
    st.sampled_from([":", "->", "=", " : "]),
    st.sampled_from([" ", ", ", "\n"]),
)
def test_mapping_reads_any_order_and_layout(values: list[int], arrow: str, gap: str) -> None:
    keys = list(reversed(range(8)))
    text = gap.join(f"{k}{arrow}{values[k]}" for k in keys)
    assert parse_int_mapping(text, 8, low=0, high=7) == values


def test_group_layouts() -> None:
    expected = [[0, 3], [1, 2]]
    for text in ("[0, 3] [1 2]", "0 3\n1 2\n", "0 3 | 1 2", "{0,3},{1,2}", "0 3; 1 2"):
        assert parse_int_groups(text) == expected
    assert parse_int_groups("[[0, 1], [2]]") == [[0, 1], [2]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[0 1] 2", "put every vertex inside a group's brackets"),
        ("0 1 | 1", "vertex 1 appears more than once"),
        ("0 x", "write only integers"),
    ],
)
def test_group_errors(text: str, message: str) -> None:
    with pytest.raises(AnswerFormatError, match=message):
        parse_int_groups(text)


def test_vertex_pairs_read_like_int_pairs_and_reject_giant_numbers() -> None:
    assert parse_vertex_pairs("(1,2)   (3, 4)\n\n5-6") == [(1, 2), (3, 4), (5, 6)]
    with pytest.raises(AnswerFormatError, match="too large to be a vertex"):
        parse_vertex_pairs("1-" + "9" * 19_000)


BACKTRACKING_BAIT = {
    "spaces after a digit": "1" + " " * 19_990 + "x",
    "tabs after a digit": "1" + "\t" * 19_990 + "-",
    "none then spaces": "none" + " " * 19_990 + ".x",
    "a label then spaces": "odd cycle" + " " * 19_980 + "x",
    "digits": "7" * 19_999,
    "pairs and separators": "1-2, " * 3_999,
    "arrows": "0->" * 6_000,
    "colons": "1:" * 9_999,
    "brackets": "[" * 9_999 + "]" * 9_999,
}


@pytest.mark.parametrize("env_id", GRAPH_ENVS)
def test_answers_built_to_backtrack_are_judged_quickly(env_id: str) -> None:
    env = pa.make(env_id)
    task = env.generate(0, 5)
    for label, text in BACKTRACKING_BAIT.items():
        start = time.perf_counter()
        verdict = env.verify_strict(task, f"<answer>{text}</answer>")
        elapsed = time.perf_counter() - start
        assert verdict.score < 1.0
        assert elapsed < 2.0, f"{label} took {elapsed:.1f} s"  # a hang guard, not a budget
