"""Every puzzle that promises one solution proves it, and its proof sees a second one.

For each `UniquePuzzle` env: the generator's encoding finds exactly the reference solution;
removing clues one by one eventually lets the same encoding find a second solution, which
the verifier accepts for the weakened puzzle (it checks rules, not one reference grid) and
rejects for the original one (a removed clue excludes it).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.envs.puzzles._common import UniquePuzzle

UNIQUE_ENVS = [
    spec.id for spec in pa.list_envs(domain="puzzles") if issubclass(spec.load(), UniquePuzzle)
]


def answer(text: str) -> str:
    return f"<answer>\n{text}\n</answer>"


def test_enough_puzzles_claim_uniqueness() -> None:
    assert len(UNIQUE_ENVS) >= 18


@pytest.mark.parametrize("env_id", UNIQUE_ENVS)
def test_the_proof_rejects_a_planted_second_solution(env_id: str) -> None:
    env = pa.make(env_id)
    assert isinstance(env, UniquePuzzle)
    task = env.generate(1, 2)
    (only,) = env.solutions(task.data)
    assert env.verify(task, answer(only)).correct
    assert env.verify(task, env.solve(task)).correct

    data = task.data
    for _ in range(len(env.encode(data).clues)):
        data = env.drop_clue(data, 0)
        found = env.solutions(data)
        if len(found) == 2:
            break
    else:
        pytest.fail(f"{env_id}: no second solution even with every clue removed")
    weaker = task.model_copy(update={"data": data})
    assert found[0] != found[1]
    assert all(env.verify(weaker, answer(text)).correct for text in found)
    assert not all(env.verify(task, answer(text)).correct for text in found)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_single_changed_cell_of_a_unique_solution_fails(data: st.DataObject) -> None:
    # The solution is unique, so changing one cell (token) of it can never give another.
    env_id = data.draw(st.sampled_from(UNIQUE_ENVS))
    env = pa.make(env_id)
    task = env.generate(data.draw(st.integers(0, 3)), 1)
    lines = [line.split() for line in env.reference_answer(task).splitlines()]
    spots = [(r, c) for r, line in enumerate(lines) for c in range(len(line))]
    r, c = data.draw(st.sampled_from(spots))
    symbols = sorted({token for line in lines for token in line} - {lines[r][c]})
    if not symbols:
        return
    lines[r][c] = data.draw(st.sampled_from(symbols))
    assert env.verify(task, answer("\n".join(" ".join(line) for line in lines))).score < 1.0
