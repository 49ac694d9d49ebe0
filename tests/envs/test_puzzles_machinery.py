"""The shared puzzle machinery: CNF helpers, uniqueness proofs, search, parsers."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

from palaestra.generators.grids import components, connectivity_cuts, random_polyominoes
from palaestra.generators.puzzles_cnf import PuzzleCNF, UniquenessProver, count_solutions
from palaestra.generators.search import astar, bfs, bidirectional_bfs, distance_layers
from palaestra.verifiers.arith_expr import parse_arithmetic
from palaestra.verifiers.grids import (
    GridParseError,
    grid_lines,
    parse_grid,
    parse_symbol_grid,
    parse_token_grid,
)
from palaestra.verifiers.moves import LINE_SEPARATORS, parse_letter_moves, parse_steps
from palaestra.verifiers.parsing import AnswerFormatError


@pytest.mark.parametrize("kind", ["at_most", "at_least", "exactly"])
@pytest.mark.parametrize("guarded", [False, True])
def test_cardinality_constraints_hold_exactly_for_every_assignment(
    kind: str, guarded: bool
) -> None:
    for n in range(7):
        for bound in range(-1, n + 2):
            cnf = PuzzleCNF()
            xs = [cnf.var("x", i) for i in range(n)]
            guard = cnf.var("guard") if guarded else None
            getattr(cnf, kind)(xs, bound, guard=guard)
            with Solver(bootstrap_with=cnf.clauses) as solver:
                for bits in itertools.product((False, True), repeat=n):
                    count = sum(bits)
                    want = {"at_most": count <= bound, "at_least": count >= bound}.get(
                        kind, count == bound
                    )
                    lits = [x if b else -x for x, b in zip(xs, bits, strict=True)]
                    assert solver.solve(assumptions=lits + ([guard] if guard else [])) == want
                    if guard:  # with the guard off, the constraint says nothing
                        assert solver.solve(assumptions=[*lits, -guard])


def test_the_prover_minimises_and_completes_clues() -> None:
    # Four cells, exactly two true: the solution 1100 needs three of its four literals.
    cnf = PuzzleCNF()
    xs = [cnf.var("x", i) for i in range(4)]
    cnf.exactly(xs, 2)
    solution = [xs[0], xs[1], -xs[2], -xs[3]]
    with UniquenessProver(cnf, solution) as prover:
        assert prover.other(solution) is None
        assert prover.other(solution[:2]) is None  # two true cells force the rest
        assert prover.other(solution[:1]) is not None
        kept = prover.minimize(np.random.default_rng(0), solution, range(4)).kept
        assert prover.is_unique([solution[i] for i in kept])
        assert all(not prover.is_unique([solution[i] for i in kept - {i}]) for i in kept)
        added = prover.complete(np.random.default_rng(1), solution)
        assert added is not None and prover.is_unique(added)
    assert len(count_solutions(cnf, xs, limit=10)) == 6


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**16 - 1), st.integers(0, 2**16 - 1))
def test_connectivity_cuts_never_cut_off_a_connected_set(picked: int, tried: int) -> None:
    # Any cut made against one 4x4 set must hold in every connected set of that grid.
    cnf = PuzzleCNF()
    member = {(r, c): cnf.var("in", r, c) for r in range(4) for c in range(4)}
    model = {member[divmod(i, 4)] for i in range(16) if picked >> i & 1}
    cuts = connectivity_cuts(member, model)
    chosen = {divmod(i, 4) for i in range(16) if tried >> i & 1}
    assert bool(cuts) == (len(components({divmod(i, 4) for i in range(16) if picked >> i & 1})) > 1)
    if len(components(chosen)) <= 1:
        true = {member[cell] for cell in chosen}
        assert all(
            any((lit in true) if lit > 0 else (-lit not in true) for lit in cut) for cut in cuts
        )


def test_random_polyominoes_partition_the_grid_into_connected_pieces() -> None:
    region = random_polyominoes(np.random.default_rng(3), 7, 7, 2, 4)
    pieces: dict[int, set[tuple[int, int]]] = {}
    for r, row in enumerate(region):
        for c, piece in enumerate(row):
            pieces.setdefault(piece, set()).add((r, c))
    assert sorted(pieces) == list(range(len(pieces)))
    assert all(len(components(cells)) == 1 and len(cells) <= 4 for cells in pieces.values())


def _grid_graph(n: int):  # type: ignore[no-untyped-def]
    def moves(cell: tuple[int, int]) -> list[tuple[str, tuple[int, int]]]:
        r, c = cell
        steps = {"U": (r - 1, c), "D": (r + 1, c), "L": (r, c - 1), "R": (r, c + 1)}
        return [(m, (a, b)) for m, (a, b) in steps.items() if 0 <= a < n and 0 <= b < n]

    return moves


def test_bfs_astar_and_bidirectional_bfs_agree_on_shortest_paths() -> None:
    moves = _grid_graph(6)
    inverse = {"U": "D", "D": "U", "L": "R", "R": "L"}
    for goal in [(5, 5), (0, 3), (2, 2)]:
        one = bfs((0, 0), moves, lambda s, g=goal: s == g)
        two = bidirectional_bfs((0, 0), goal, moves, inverse.__getitem__)
        three = astar(
            (0, 0),
            lambda s: [(m, t, 1) for m, t in moves(s)],
            lambda s, g=goal: s == g,
            lambda s, g=goal: abs(s[0] - g[0]) + abs(s[1] - g[1]),
        )
        distance = goal[0] + goal[1]
        assert len(one.plan) == len(two.plan) == len(three.plan) == distance
        assert two.states[0] == (0, 0) and two.states[-1] == goal
    layers = distance_layers((0, 0), moves, 3)
    assert [len(layer) for layer in layers] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("text", "value", "numbers"),
    [
        ("(8 - 4) * (7 - 1)", 24, [8, 4, 7, 1]),
        ("8 / (3 - 8 / 3)", 24, [8, 3, 8, 3]),
        ("[6 × 4] ÷ 1 = 24", 24, [6, 4, 1]),
        ("\\left(2 + 2\\right) \\times 6", 24, [2, 2, 6]),
        ("2x3x4", 24, [2, 3, 4]),
    ],
)
def test_arithmetic_answers_that_are_read(text: str, value: int, numbers: list[int]) -> None:
    result = parse_arithmetic(text)
    assert result.value == Fraction(value) and result.numbers == numbers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "is not a number, operator or parenthesis"),
        ("-3 + 27", "expected a number or '(' but found '-'"),
        ("4 / (2 - 2)", "divides by zero"),
        ("1.5 * 16", "whole numbers only"),
        ("(" * 60 + "1" + ")" * 60, "nest deeper than"),
        ("1" * 30, "at most 9 digits"),
        ("2 2", "unexpected '2'"),
        ("1 = 2 = 3", "one expression"),
        ("1 + ", "ends too early"),
        ("", "no expression given"),
    ],
)
def test_arithmetic_answers_that_are_refused(text: str, message: str) -> None:
    with pytest.raises(AnswerFormatError, match=message.replace("(", r"\(")):
        parse_arithmetic(text)


def test_unary_minus_only_when_allowed() -> None:
    assert parse_arithmetic("-3 + 5", unary_minus=True).value == 2
    with pytest.raises(AnswerFormatError, match="minus signs nest"):
        parse_arithmetic("-" * 100 + "1", unary_minus=True)


def test_move_parsers_are_tolerant_of_layout_and_strict_about_moves() -> None:
    letters = {"u": "U", "d": "D", "up": "U", "down": "D"}
    assert parse_letter_moves("UUD", letters) == ["U", "U", "D"]
    assert parse_letter_moves("1. up, 2. down; d", letters) == ["U", "D", "D"]
    assert parse_letter_moves("none", letters) == []
    with pytest.raises(AnswerFormatError, match="'x' in 'uxd' is not a valid move"):
        parse_letter_moves("uxd", letters)
    jump = re.compile(r"\((\d),(\d)\)->\((\d),(\d)\)")
    steps = parse_steps("(1,1)->(1,3); (2,3)->(2,1)", jump, separators=LINE_SEPARATORS)
    assert [m.groups() for m in steps] == [("1", "1", "1", "3"), ("2", "3", "2", "1")]
    with pytest.raises(AnswerFormatError, match="is not a valid jump"):
        parse_steps("(1,1)->(9,9,9)", jump, what="jump", separators=LINE_SEPARATORS)


def test_grid_parsers_read_brackets_symbols_and_tokens() -> None:
    assert grid_lines("[[1, 2], [3, 4]]") == ["1, 2", "3, 4"]
    assert parse_grid("[[1, 2], [2, 1]]", 2, 2, max_value=2) == [[1, 2], [2, 1]]
    assert parse_symbol_grid("#.\n'.' '#'", 2, 2, "#.") == [["#", "."], [".", "#"]]
    assert parse_symbol_grid("x o\no x", 2, 2, "#.", aliases={"x": "#", "o": "."})[0] == ["#", "."]
    assert parse_token_grid("A1 B\nA1 B", 2, 2, re.compile(r"[A-Z0-9]+")) == [["A1", "B"]] * 2
    with pytest.raises(GridParseError, match="cells are one of: # ."):
        parse_symbol_grid("#?\n..", 2, 2, "#.")
    with pytest.raises(GridParseError, match="stands outside the bracketed rows"):
        grid_lines("rows: [1, 2] [3, 4]")
