"""Simulations, ciphers, strings, time and regexes of the logic domain, against known
values; and the balance of the decision envs."""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.logic._text import caesar, vigenere
from palaestra.envs.logic.bit_ops import apply as bit_apply
from palaestra.envs.logic.cellular_automaton import step
from palaestra.envs.logic.clock_angle import hand_angles, smaller_angle
from palaestra.envs.logic.game_of_life import generation
from palaestra.envs.logic.gray_code import from_gray, gray
from palaestra.generators.logic_regex import random_regex, sample_string
from palaestra.verifiers.logic_regex import matches, render


def test_rule_90_and_a_blinker() -> None:
    assert step([0, 0, 1, 0, 0], 90) == [0, 1, 0, 1, 0]
    blinker = np.zeros((5, 5), dtype=np.int8)
    blinker[2, 1:4] = 1
    assert (generation(generation(blinker)) == blinker).all()
    assert generation(blinker)[1:4, 2].tolist() == [1, 1, 1]


def test_gray_code_and_bit_operations() -> None:
    assert [gray(i) for i in range(4)] == [0, 1, 3, 2]
    assert all(from_gray(gray(i)) == i for i in range(1024))
    assert all(bin(gray(i) ^ gray(i + 1)).count("1") == 1 for i in range(1023))
    assert bit_apply(0b1001, ["rotl", 1], 4) == 0b0011
    assert bit_apply(0b1001, ["rotr", 1], 4) == 0b1100
    assert bit_apply(0b0001, ["reverse", 0], 4) == 0b1000
    assert bit_apply(0b1111, ["clear", 0], 4) == 0b1110


def test_clock_angles() -> None:
    assert smaller_angle(*(hand_angles(3 * 3600)[h] for h in ("hour", "minute"))) == 90
    at = hand_angles(9 * 3600 + 45 * 60)  # 9:45
    assert smaller_angle(at["hour"], at["minute"]) == 45 / 2
    env = pa.make("logic/clock-angle-v1")
    for seed in range(20):
        task = env.generate(seed, 3)
        value = Fraction(task.answer or "0")
        if (value * 1000).denominator == 1:  # a finite decimal: both spellings count
            assert env.verify(task, f"<answer>{float(value)}°</answer>").correct
        assert env.verify(task, f"<answer>{value.numerator}/{value.denominator}</answer>").correct
        assert not env.verify(task, f"<answer>{360 - value}</answer>").correct


def test_ciphers_round_trip_and_known_values() -> None:
    assert caesar("HELLO WORLD", 3) == "KHOOR ZRUOG"
    assert vigenere("ATTACK AT DAWN", "LEMON") == "LXFOPV EF RNHR"
    assert vigenere(vigenere("ABC XYZ", "KEY"), "KEY", -1) == "ABC XYZ"
    for env_id in ("logic/caesar-v1", "logic/vigenere-v1", "logic/substitution-v1"):
        env = pa.make(env_id)
        task = env.generate(2, 7)
        assert env.verify(task, f"<answer>  {(task.answer or '').lower()}  </answer>").correct
        assert not env.verify(task, f"<answer>{task.answer}!</answer>").correct


def test_substitution_key_determines_every_letter() -> None:
    env = pa.make("logic/substitution-v1")
    for seed in range(10):
        data = env.generate(seed, 9).data
        known = {c: p for c, p in data["fragment"]}
        for plain, cipher in data["known"]:
            known.update(zip(cipher, plain, strict=True))
        assert all(c == " " or c in known for c in data["text"])


def test_weekday_riddle_and_time_zone_answers() -> None:
    riddle = pa.make("logic/weekday-riddle-v1")
    task = riddle.generate(4, 5)
    assert riddle.verify(task, f"<answer>{(task.answer or '')[:3].lower()}</answer>").correct
    zones = pa.make("logic/time-zones-v1")
    task = zones.generate(4, 5)
    day, time = (task.answer or "").split()
    assert zones.verify(task, f"<answer>{day[:3]} {time.lstrip('0') or '0'}</answer>").correct
    assert zones.verify(task, "<answer>Monday 25:00</answer>").reason == "unparsable"


def test_dyck_completion_balances_the_prefix() -> None:
    env = pa.make("logic/dyck-completion-v1")
    pairs = {")": "(", "]": "[", "}": "{", ">": "<"}
    for seed in range(10):
        task = env.generate(seed, 8)
        stack: list[str] = []
        for symbol in (task.data["prefix"] + " " + (task.answer or "")).split():
            if symbol in pairs:
                assert stack.pop() == pairs[symbol]
            else:
                stack.append(symbol)
        assert not stack


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10**6), operators=st.integers(1, 8), text=st.text("abc", max_size=8))
def test_nfa_agrees_with_python_re(seed: int, operators: int, text: str) -> None:
    rng = np.random.default_rng(seed)
    regex = random_regex(rng, "abc", operators)
    pattern = re.compile(render(regex))
    assert matches(regex, text) == bool(pattern.fullmatch(text))
    assert matches(regex, sample_string(rng, regex))


def test_regex_match_judges_the_certificate() -> None:
    env = pa.make("logic/regex-match-v1")
    task = env.generate(3, 5)
    witness = task.data["witness"]
    assert env.verify(task, f"<answer>'{witness}'</answer>").correct
    assert env.verify(task, "<answer>" + "a" * 5000 + "</answer>").reason == "wrong"
    assert env.verify(task, "<answer>ab cd</answer>").reason == "unparsable"


@pytest.mark.parametrize(
    "env_id",
    [
        "logic/validity-v1",
        "logic/satisfiability-v1",
        "logic/entailment-v1",
        "logic/equivalence-v1",
        "logic/syllogism-v1",
        "logic/first-order-world-v1",
        "logic/deductive-chain-v1",
    ],
)
def test_decision_labels_are_balanced(env_id: str) -> None:
    env = pa.make(env_id)
    labels = []
    for seed in range(80):
        task = env.generate(seed, 1 + seed % 10)
        labels.append(task.data.get("label", task.answer in ("YES", "TRUE")))
    assert 0.3 <= sum(labels) / len(labels) <= 0.7
