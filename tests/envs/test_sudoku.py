"""What is special about puzzles/sudoku-v1: proved uniqueness, clues, rules, grid parsing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

import palaestra as pa
from palaestra.errors import ConfigError
from palaestra.records import Task
from palaestra.verifiers.grids import GridParseError, first_rule_violation, parse_grid

ENV = pa.make("puzzles/sudoku-v1")
TASKS = [ENV.generate(seed, level) for seed, level in ((1, 2), (2, 5), (3, 10))]


def grid_of(text: str) -> list[list[int]]:
    return [[int(v) for v in line.split()] for line in text.splitlines()]


def answer(grid: list[list[int]]) -> str:
    return "<answer>\n" + "\n".join(" ".join(map(str, row)) for row in grid) + "\n</answer>"


def solutions(task: Task, limit: int = 2) -> list[list[list[int]]]:
    """Up to `limit` solutions of the task's puzzle, from an encoding written apart from the
    generator's (cell at-least-one, unit at-most-one) so that the two check each other."""
    n, br, bc = task.data["size"], task.data["box_rows"], task.data["box_cols"]

    def var(r: int, c: int, v: int) -> int:
        return (r * n + c) * n + v

    units = [[(r, c) for c in range(n)] for r in range(n)]
    units += [[(r, c) for r in range(n)] for c in range(n)]
    units += [
        [(top + i, left + j) for i in range(br) for j in range(bc)]
        for top in range(0, n, br)
        for left in range(0, n, bc)
    ]
    found = []
    with Solver(name="glucose4") as solver:
        for r in range(n):
            for c in range(n):
                solver.add_clause([var(r, c, v) for v in range(1, n + 1)])
                if task.data["puzzle"][r][c]:
                    solver.add_clause([var(r, c, task.data["puzzle"][r][c])])
        for unit in units:
            for v in range(1, n + 1):
                for i, (r1, c1) in enumerate(unit):
                    for r2, c2 in unit[i + 1 :]:
                        solver.add_clause([-var(r1, c1, v), -var(r2, c2, v)])
        while len(found) < limit and solver.solve():
            true = {lit for lit in solver.get_model() if lit > 0}
            grid = [
                [next(v for v in range(1, n + 1) if var(r, c, v) in true) for c in range(n)]
                for r in range(n)
            ]
            found.append(grid)
            solver.add_clause([-var(r, c, grid[r][c]) for r in range(n) for c in range(n)])
    return found


@pytest.mark.parametrize("task", TASKS, ids=lambda t: f"size{t.data['size']}")
def test_the_solution_is_unique_and_keeps_the_clues(task: Task) -> None:
    assert solutions(task) == [grid_of(task.answer or "")]
    solution = grid_of(task.answer or "")
    for r, row in enumerate(task.data["puzzle"]):
        for c, clue in enumerate(row):
            assert clue in (0, solution[r][c])


def test_a_target_out_of_reach_stops_at_a_minimal_puzzle_and_records_it() -> None:
    task = ENV.generate(4, size=6, holes=28)  # 8 clues is the 6x6 minimum, rarely reached
    empty = sum(row.count(0) for row in task.data["puzzle"])
    assert task.meta["cost"]["empty_cells"] == empty < 28
    for r, row in enumerate(task.data["puzzle"]):
        for c, clue in enumerate(row):
            if clue:  # every clue left is needed: without it a second solution appears
                puzzle = [list(line) for line in task.data["puzzle"]]
                puzzle[r][c] = 0
                fewer = task.model_copy(update={"data": {**task.data, "puzzle": puzzle}})
                assert len(solutions(fewer)) == 2


def test_every_level_generates_and_solves() -> None:
    for level, preset in ENV.levels.items():
        task = ENV.generate(0, level)
        assert task.data["size"] == preset["size"]
        assert 0 < task.meta["cost"]["empty_cells"] <= preset["holes"]
        assert ENV.verify(task, ENV.solve(task)).correct


def test_a_seed_gives_the_same_task_and_seeds_differ() -> None:
    assert ENV.generate(11, 7) == ENV.generate(11, 7)
    assert ENV.generate(11, 7).data != ENV.generate(12, 7).data


def test_a_valid_grid_that_changes_a_clue_is_rejected() -> None:
    task = TASKS[2]
    solution = grid_of(task.answer or "")
    a, b = solution[0][0], solution[0][1]  # swapping two digit labels keeps every rule
    relabelled = [[b if v == a else a if v == b else v for v in row] for row in solution]
    assert first_rule_violation(relabelled, 3, 3) is None
    verdict = ENV.verify(task, answer(relabelled))
    assert (verdict.score, verdict.reason) == (0.0, "wrong")
    assert "given as" in verdict.feedback


def test_rule_violations_name_the_unit() -> None:
    latin_not_sudoku = [[1, 2, 3, 4], [2, 3, 4, 1], [3, 4, 1, 2], [4, 1, 2, 3]]
    assert first_rule_violation(latin_not_sudoku) is None
    assert first_rule_violation(latin_not_sudoku, 2, 2) == (
        "the box of rows 1-2 and columns 1-2 contains 2 more than once"
    )
    assert first_rule_violation([[1, 2], [1, 2]]) == "column 1 contains 1 more than once"
    task = TASKS[0]
    blank = next(r for r, row in enumerate(task.data["puzzle"]) if 0 in row)
    grid = grid_of(task.answer or "")
    column = task.data["puzzle"][blank].index(0)
    grid[blank][column] = grid[blank][(column + 1) % 4]
    verdict = ENV.verify(task, answer(grid))
    assert verdict.reason == "wrong"
    assert f"row {blank + 1} contains" in verdict.feedback


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_one_changed_cell_fails(data: st.DataObject) -> None:
    task = data.draw(st.sampled_from(TASKS))
    n = task.data["size"]
    grid = grid_of(task.answer or "")
    r, c = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    grid[r][c] = data.draw(st.integers(0, 99).filter(lambda v: v != grid[r][c]))
    assert ENV.verify(task, answer(grid)).score < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "1 2 3 4\n3 4 1 2\n2 1 4 3\n4 3 2 1",
        "1,2,3,4\n3,4,1,2\n2,1,4,3\n4,3,2,1",
        "1234\n3412\n\n2143\n4321",
        "1 2 | 3 4\n3 4 | 1 2\n----+----\n2 1 | 4 3\n4 3 | 2 1",
    ],
)
def test_grid_formats_that_are_read(text: str) -> None:
    assert parse_grid(text, 4, 4, max_value=4) == grid_of("1 2 3 4\n3 4 1 2\n2 1 4 3\n4 3 2 1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 2 3 4\n3 4 1 2\n2 1 4 3", "expected 4 rows, got 3"),
        ("1 2 3 4\n3 4 1 2\n2 1 4 3\n4 3 2 1\n1 1 1 1", "expected 4 rows, got more"),
        ("1 2 3\n3 4 1 2\n2 1 4 3\n4 3 2 1", "row 1 has 3 cells; expected 4"),
        ("1 2 3 x", "row 1 contains 'x', which is not a digit"),
        ("\ud800", "row 1 contains 'U+D800', which is not a digit"),
        ("١٢٣٤", "row 1 contains '١', which is not a digit"),
        ("9" * 20_000, "row 1 has 20000 cells; expected 4"),
    ],
)
def test_grid_texts_that_are_refused(text: str, message: str) -> None:
    with pytest.raises(GridParseError) as error:
        parse_grid(text, 4, 4, max_value=4)
    assert str(error.value) == message


def test_wide_values_need_separators_and_bounded_digits() -> None:
    assert parse_grid("10 2\n2,10", 2, 2, max_value=10) == [[10, 2], [2, 10]]
    with pytest.raises(GridParseError, match="longer than 2 digits"):
        parse_grid("1" * 19_000, 1, 1, max_value=10)


@pytest.mark.parametrize(
    ("knobs", "message"),
    [
        ({"size": 5}, "size must be one of 4, 6, 9, got 5"),
        ({"size": 4, "holes": 13}, "so use holes <= 12"),
        ({"holes": 65}, "allowed range is 1..64"),
    ],
)
def test_bad_knobs_name_what_is_allowed(knobs: dict[str, int], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ENV.generate(0, **knobs)
