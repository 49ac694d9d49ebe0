"""Grid puzzle rules as the verifiers apply them, on small hand-made cases."""

from __future__ import annotations

import numpy as np
import pytest

import palaestra as pa
from palaestra.envs.puzzles.hitori import first_broken_rule as hitori_rule
from palaestra.envs.puzzles.kenken import cage_value
from palaestra.envs.puzzles.minesweeper import certain_cells
from palaestra.envs.puzzles.skyscrapers import visible
from palaestra.envs.puzzles.slitherlink import loop_problem, side_count
from palaestra.envs.puzzles.star_battle import first_broken_rule as star_rule
from palaestra.envs.puzzles.tents import matching_tree
from palaestra.generators.puzzles_arc import apply


def block(text: str) -> str:
    return f"<answer>\n{text}\n</answer>"


def test_slitherlink_loops_must_be_single_and_simple() -> None:
    square = {(1, 1), (1, 2), (2, 1), (2, 2)}
    assert loop_problem(square, 4) is None
    assert side_count(square, 1, 1) == 2 and side_count(square, 0, 0) == 0
    assert "more than one area" in (loop_problem({(0, 0), (3, 3)}, 4) or "")
    assert "hole" in (
        loop_problem({(r, c) for r in range(3) for c in range(3)} - {(1, 1)}, 4) or ""
    )
    # A corner pinch with both areas connected cannot happen on a grid (the inside path
    # would enclose one outside cell), so the pinch test only backs up the others.


def test_hitori_rules() -> None:
    assert "both show 1" in (hitori_rule([[1, 1], [2, 3]], set()) or "")
    latin = [[1, 2, 3], [2, 3, 1], [3, 1, 2]]
    assert "touch" in (hitori_rule(latin, {(0, 0), (0, 1)}) or "")
    assert "not all connected" in (hitori_rule(latin, {(0, 1), (1, 0)}) or "")
    assert hitori_rule(latin, set()) is None


def test_star_battle_rules() -> None:
    region = [[0, 0, 1, 1], [0, 2, 2, 1], [3, 2, 2, 1], [3, 3, 3, 1]]
    assert "touch" in (star_rule(region, {(0, 0), (1, 1)}, 1, []) or "")
    assert "row 1 has 0 stars" in (star_rule(region, set(), 1, []) or "")


def test_tents_need_a_one_to_one_pairing() -> None:
    assert matching_tree([(0, 0), (0, 2)], {(0, 1), (1, 2)}) is not None
    assert matching_tree([(0, 0), (0, 2)], {(0, 1)}) is None  # one tent, two trees


def test_skyscraper_visibility_and_kenken_cages() -> None:
    assert visible([1, 2, 3, 4]) == 4 and visible([4, 3, 2, 1]) == 1 and visible([2, 1, 4, 3]) == 2
    assert cage_value("-", [2, 5]) == 3 and cage_value("/", [3, 6]) == 2
    assert cage_value("/", [4, 6]) is None and cage_value("*", [2, 3, 4]) == 24


def test_light_up_numbers_must_be_copied() -> None:
    # A numbered black cell written as a bare # would drop its clue; the answer is wrong.
    env = pa.make("puzzles/light-up-v1")
    task = env.generate(3, 1)
    reference = env.reference_answer(task)
    assert env.verify(task, block(reference)).correct
    numbered = next(token for token in reference.split() if token.isdigit())
    assert not env.verify(task, block(reference.replace(numbered, "#", 1))).correct


def test_minesweeper_certainty_on_a_tiny_board() -> None:
    # A 1 in the corner with a single covered neighbour: that neighbour is certainly a mine.
    data = {"board": ["1#", "11"], "mines": 1, "count_known": False}
    certain, _ = certain_cells(data)
    assert certain == {"mines": [(0, 1)], "safe": []}


def test_arc_primitives() -> None:
    grid = np.array([[1, 0], [2, 3]])
    assert apply(grid, ["rot90"]).tolist() == [[2, 1], [3, 0]]
    assert apply(grid, ["fall_up"]).tolist() == [[1, 3], [2, 0]]
    assert apply(grid, ["recolour", 1, 2]).tolist() == [[2, 0], [1, 3]]
    assert apply(grid, ["shift", 0, 1]).tolist() == [[0, 1], [0, 2]]
    ring = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]])
    assert apply(ring, ["fill_enclosed", 4])[1, 1] == 4
    assert apply(np.array([[0, 0], [0, 5]]), ["crop"]).tolist() == [[5]]


def test_shikaku_labels_must_form_rectangles_with_one_number() -> None:
    env = pa.make("puzzles/shikaku-v1")
    task = env.generate(0, 1)
    rows = [line.split() for line in (task.answer or "").splitlines()]
    assert env.verify(task, block("\n".join(" ".join(r) for r in rows))).correct
    relabelled = [[f"x{v}" for v in row] for row in rows]  # any labels will do
    assert env.verify(task, block("\n".join(" ".join(r) for r in relabelled))).correct
    merged = [["1" if v in ("1", "2") else v for v in row] for row in rows]
    assert env.verify(task, block("\n".join(" ".join(r) for r in merged))).reason == "wrong"


@pytest.mark.parametrize(
    ("env_id", "text"),
    [
        ("puzzles/takuzu-v1", "0 1\n1 0"),
        ("puzzles/star-battle-v1", "* ."),
        ("puzzles/kakuro-v1", "# # #"),
    ],
)
def test_wrong_sizes_are_unparsable(env_id: str, text: str) -> None:
    env = pa.make(env_id)
    assert env.verify(env.generate(0, 1), block(text)).reason == "unparsable"
