"""Number puzzles: exhaustive solving, the rules of 24 and Countdown, cryptarithm and
pyramid uniqueness, and certificate checking of magic polygons."""

from __future__ import annotations

import pytest
import sympy

import palaestra as pa
from palaestra.generators.puzzles_numbers import solve_target


def block(text: str) -> str:
    return f"<answer>{text}</answer>"


def test_the_24_solver_knows_hard_and_impossible_sets() -> None:
    assert solve_target([1, 1, 1, 1], 24) is None
    assert solve_target([1, 5, 5, 5], 24, integral=True) is None
    assert solve_target([1, 5, 5, 5], 24) is not None  # 5 * (5 - 1/5)


def test_24_game_checks_the_numbers_and_the_value() -> None:
    env = pa.make("puzzles/24-game-v1")
    task = env.generate(0, 1).model_copy(update={"data": {"numbers": [8, 4, 7, 1], "target": 24}})
    assert env.verify(task, block("(8 - 4) * (7 - 1)")).correct
    assert env.verify(task, block("(8 - 4) * (7 - 1) = 24")).correct
    assert env.verify(task, block("8 * 4 - 7 - 1")).correct  # another way
    assert "not 24" in env.verify(task, block("8 * 4 - 7 + 1")).feedback
    assert "exactly once" in env.verify(task, block("(8 - 4) * 6")).feedback
    assert env.verify(task, block("eval('24')")).reason == "unparsable"


@pytest.mark.parametrize(
    ("expression", "reason"),
    [("(3 - 7) * (0 - 1)", "wrong"), ("7 / 2 * 2", "wrong"), ("100 + 100", "wrong")],
)
def test_countdown_needs_positive_whole_steps_from_the_drawn_numbers(
    expression: str, reason: str
) -> None:
    env = pa.make("puzzles/countdown-v1")
    data = {"numbers": [100, 7, 3, 2, 1, 8], "target": 200, "solution": "100 * 2"}
    task = env.generate(0, 1).model_copy(update={"data": {**data, "uses": 2, "draws": 1}})
    assert env.verify(task, block("100 * 2")).correct
    assert env.verify(task, block(expression)).reason == reason


def test_send_more_money_is_unique_and_checked_by_the_rules() -> None:
    env = pa.make("puzzles/cryptarithm-v1")
    data = {"words": ["SEND", "MORE", "MONEY"], "hints": []}
    (only,) = env.solutions(data)
    assert only == "D=7, E=5, M=1, N=6, O=0, R=8, S=9, Y=2"
    task = env.generate(0, 1).model_copy(update={"data": {**data, "digits": {}}})
    assert env.verify(task, block(only)).correct
    assert env.verify(task, block(only.replace("Y=2", "Y=3"))).reason == "wrong"
    assert env.verify(task, block(only + ", Q=4")).reason == "wrong"


def test_a_pyramid_without_one_given_has_a_second_solution() -> None:
    env = pa.make("puzzles/number-pyramid-v1")
    task = env.generate(3, 4)
    n = task.data["base"]
    from palaestra.envs.puzzles.number_pyramid import pyramid, weights

    rows = [weights((level, i), n) for level, i, _ in task.data["given"]]
    assert sympy.Matrix(rows).rank() == n  # the proof of uniqueness
    fewer = task.data["given"][1:]
    (kernel, *_) = sympy.Matrix([weights((level, i), n) for level, i, _ in fewer]).nullspace()
    scale = sympy.ilcm(*[sympy.fraction(v)[1] for v in kernel])
    base = [int(b + scale * k) for b, k in zip(task.data["rows"][0], kernel, strict=True)]
    other = "\n".join(" ".join(map(str, row)) for row in pyramid(base)[::-1])
    weaker = task.model_copy(update={"data": {**task.data, "given": fewer}})
    assert env.verify(weaker, block(other)).correct
    assert not env.verify(task, block(other)).correct


def test_a_magic_polygon_accepts_any_valid_placement() -> None:
    env = pa.make("puzzles/magic-polygon-v1")
    task = env.generate(1, 1)
    placement = task.data["placement"]  # reflect the triangle: A and C swap, b1 stays
    mirrored = {"A": placement["C"], "C": placement["A"], "B": placement["B"]}
    mirrored |= {"a1": placement["b1"], "b1": placement["a1"], "c1": placement["c1"]}
    text = ", ".join(f"{k}={v}" for k, v in mirrored.items())
    assert env.verify(task, block(text)).correct
    assert env.verify(task, block(text.replace("A=", "a1=", 1))).reason == "wrong"
