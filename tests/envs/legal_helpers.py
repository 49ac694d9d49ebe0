"""Checks shared by the legal env tests: counterfactual twins and IRAC partial credit.

Each test module keeps its own independent adjudicator (`decide`) and its statement of when a
flipped element is decisive (`decisive`); the loops that hold generated tasks against them
live here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import palaestra as pa
from palaestra.records import Task

Values = dict[str, bool]


def conclusion(task: Task) -> Any:
    return task.data["key"]["conclusion"]


def check_twins(
    env_id: str,
    level: int,
    decide: Callable[[dict[str, Any], Values], Any],
    decisive: Callable[[dict[str, Any], Values, str], bool],
    *,
    exact: bool = False,
) -> None:
    """Over seeds 0..29: a twin flips exactly its twin element, both conclusions follow
    `decide`, a decisive flip changes the conclusion, and at least one flip is decisive.

    With `exact`, `decisive` is the whole truth: every case has an element to flip and a flip
    that is not decisive leaves the conclusion as it was.
    """
    env = pa.make(env_id)
    flips = 0
    for seed in range(30):
        plain = env.generate(seed, level)
        twin = env.generate(seed, level, twin=True)
        element = plain.data["twin_element"]
        assert twin.data["twin_element"] == element
        if element is None and not exact:  # nothing flippable in this case
            continue
        before, after = plain.data["key"]["elements"], twin.data["key"]["elements"]
        assert {k for k in before if before[k] != after[k]} == {element}
        assert conclusion(plain) == decide(plain.data["case"], before)
        assert conclusion(twin) == decide(twin.data["case"], after)
        if decisive(plain.data["case"], before, element):
            assert conclusion(twin) != conclusion(plain), (seed, element)
            flips += 1
        elif exact:
            assert conclusion(twin) == conclusion(plain), (seed, element)
        assert twin.prompt != plain.prompt
    assert flips > 0


def check_partial_credit(env_id: str, seed: int, level: int) -> None:
    """The conclusion alone scores exactly 0.5; the right answer with its first element label
    flipped scores between 0.5 and 1 and is not correct."""
    env = pa.make(env_id)
    task = env.generate(seed, level)
    right = json.loads(task.answer or "")
    alone = env.verify(task, f"<answer>{json.dumps({'conclusion': right['conclusion']})}</answer>")
    assert alone.score == 0.5
    element = next(iter(task.data["key"]["elements"]))
    right["application"][element] = not right["application"][element]
    verdict = env.verify(task, f"<answer>{json.dumps(right)}</answer>")
    assert 0.5 < verdict.score < 1 and not verdict.correct
