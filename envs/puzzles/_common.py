"""What the puzzle environments share: uniqueness-proved puzzles, plan scoring, wording.

`UniquePuzzle` is the base of every puzzle whose prompt promises exactly one solution. The
env describes its instance as a CNF (`encode`): the rules, plus one activation literal per
clue of `data`, in the order `drop_clue` counts them. The generator proves uniqueness through
that same encoding, and `solutions` re-asks it, so a test can weaken a puzzle clue by clue
until the encoding finds a second solution.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.generators.grids import move_to_neighbour_region
from palaestra.generators.puzzles_cnf import (
    Lazy,
    PuzzleCNF,
    UniquenessProver,
    count_solutions,
    solve_lazily,
    solve_stats,
)
from palaestra.records import Verdict
from palaestra.verifiers.grids import (
    GridParseError,
    first_rule_violation,
    parse_grid,
    parse_symbol_grid,
)
from palaestra.verifiers.parsing import AnswerFormatError

UNIQUE = "The puzzle has exactly one solution."
NO_PARTIAL = "A valid plan longer than the optimum scores 0.5 * optimum / length."


@dataclass
class Encoding:
    """A puzzle instance in CNF.

    Attributes:
        cnf: the rules and the clues (each clue guarded by its literal in `clues`).
        project: the answer variables; two models with equal values there are one solution.
        clues: one literal per clue of the instance, in `drop_clue` order; assuming them all
            states the puzzle.
        decode: a solution (signed literals over `project`) -> the answer text.
        lazy: the check that adds cuts for rules left out of the CNF (a single loop,
            connectivity), or None.
    """

    cnf: PuzzleCNF
    project: list[int]
    clues: list[int]
    decode: Callable[[list[int]], str]
    lazy: Lazy | None = None

    def prover(self, solution: list[int]) -> UniquenessProver:
        return UniquenessProver(self.cnf, solution, self.project, self.lazy)

    def second_solution(self, solution: list[int]) -> list[int] | None:
        """Another solution under all the clues, or None: the uniqueness proof."""
        with self.prover(solution) as prover:
            return prover.other(self.clues)

    def stats(self) -> dict[str, int]:
        return solve_stats(self.cnf, self.clues, self.lazy)


class UniquePuzzle(Env):
    """An env whose puzzles have exactly one solution, proved by MiniSat at generation."""

    tags = ("puzzle", "grid", "unique-solution")

    def encode(self, data: dict[str, Any]) -> Encoding:
        """The instance as CNF; see `Encoding`."""
        raise NotImplementedError

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """A copy of `data` without its clue number `index` (in `Encoding.clues` order)."""
        raise NotImplementedError

    def solutions(self, data: dict[str, Any], limit: int = 2) -> list[str]:
        """Up to `limit` answer texts of solutions, found with the generator's encoding."""
        enc = self.encode(data)
        found = count_solutions(enc.cnf, enc.project, enc.clues, limit, enc.lazy)
        return [enc.decode(solution) for solution in found]

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        enc = self.encode(data)
        return {"clues": len(enc.clues), **self.size_cost(data), **enc.stats()}

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        """Instance-size measures for `cost` (the solver effort is added to them)."""
        return {}


def prune_clues(
    rng: np.random.Generator,
    enc: Encoding,
    solution: list[int],
    removable: Iterable[int],
    target: int | None = None,
    active: Iterable[int] | None = None,
) -> set[int]:
    """Proves `solution` unique under the `active` clues (positions in `enc.clues`; all when
    None), then removes up to `target` of the `removable` ones (all it can when None) in a
    random order while it stays unique; returns the positions kept. Raises ValueError when
    the active clues leave a second solution."""
    active = set(range(len(enc.clues))) if active is None else set(active)
    in_force = [enc.clues[i] for i in sorted(active)]
    if not count_solutions(enc.cnf, enc.project, [*solution, *in_force], 1, enc.lazy):
        raise ValueError("the solution breaks the puzzle's own clues")
    with enc.prover(solution) as prover:
        if not prover.is_unique(in_force):
            raise ValueError("the clues leave a second solution")
        return prover.minimize(rng, enc.clues, removable, target, active).kept


def settle_regions(
    rng: np.random.Generator,
    cnf: PuzzleCNF,
    cells: list[int],
    planted: list[int],
    region: list[list[int]],
    count: int,
    repairs: int,
    lazy: Lazy | None = None,
) -> bool:
    """Edits `region` until `planted` is the only solution with `count` marked cells per
    region; False when a second solution survives `repairs` edits (draw a new layout).

    `cnf` holds the other rules over `cells` (marked = true, in reading order). Each round
    MiniSat looks for another solution; a cell it marks and `planted` does not moves into a
    neighbouring region (`move_to_neighbour_region`), which changes that solution's count in
    two regions and leaves the planted counts as they were. One solver serves every round:
    each region's count is guarded by a literal that is retired when the region changes.
    """
    cols = len(region[0])
    solver = cnf.solver()
    solver.add_clause([-lit for lit in planted])
    guards: dict[int, int] = {}

    def post(index: int) -> None:
        start = len(cnf.clauses)
        guard = cnf.fresh()
        members = [
            cells[r * cols + c]
            for r, row in enumerate(region)
            for c, v in enumerate(row)
            if v == index
        ]
        cnf.exactly(members, count, guard=guard)
        for clause in cnf.clauses[start:]:
            solver.add_clause(clause)
        guards[index] = guard

    try:
        for index in sorted({v for row in region for v in row}):
            post(index)
        for _ in range(repairs):
            model = solve_lazily(solver, sorted(guards.values()), lazy)
            if model is None:
                return True
            extra = [
                divmod(i, cols) for i, var in enumerate(cells) if var in model and planted[i] < 0
            ]
            before = [row[:] for row in region]
            if not move_to_neighbour_region(rng, region, extra):
                return False
            for r, row in enumerate(region):
                for c, value in enumerate(row):
                    if value != before[r][c]:
                        post(value)
                        post(before[r][c])
        return False
    finally:
        solver.delete()


@cache
def digit_sets(digits: tuple[int, ...], size: int, total: int) -> list[tuple[int, ...]]:
    """The sets of `size` distinct `digits` adding up to `total` (cached)."""
    return [chosen for chosen in itertools.combinations(digits, size) if sum(chosen) == total]


def distinct_sum(
    cnf: PuzzleCNF, cells: list[tuple[int, int]], digits: range, total: int, guard: int
) -> None:
    """Under `guard`: the cells (value variables ``("x", r, c, v)``) hold distinct digits
    adding up to `total`. Encoded as a choice among the sets of distinct digits with that
    sum, each of whose digits must appear in the cells: with distinct digits in as many
    cells, nothing else can."""
    lits = {v: [cnf.var("x", r, c, v) for r, c in cells] for v in digits}
    for v in digits:
        cnf.at_most(lits[v], 1, guard=guard)
    choices = []
    for chosen in digit_sets(tuple(digits), len(cells), total):
        choice = cnf.fresh()
        cnf.add_all([-choice, *lits[v]] for v in chosen)
        choices.append(choice)
    cnf.add(choices, guard)


def grid_failure(
    exc: GridParseError | AnswerFormatError, rows: int, cols: int, how: str
) -> Verdict:
    """The verdict for an answer that is not a rows x cols grid; `how` says how to write one."""
    return Verdict.fail("unparsable", f"Could not read a {rows}x{cols} grid: {exc}. {how}")


def answer_block(text: str) -> str:
    """`text` as a model output (for wrong-answer lists)."""
    return f"<answer>\n{text}\n</answer>"


def format_example(example: str) -> str:
    """The closing paragraph of a prompt: an example answer block and the answer rule."""
    return f"For example:\n<answer>\n{example}\n</answer>\n{ANSWER_FORMAT}"


def plan_verdict(length: int, optimum: int | None) -> Verdict:
    """The verdict for a plan that reaches the goal: right at the optimum (or always when
    `optimum` is None); a longer plan scores 0.5 * optimum / length."""
    if optimum is None or length <= optimum:
        return Verdict.right()
    return Verdict.fail(
        "partial",
        f"The plan works but has {length} moves; the shortest has {optimum}.",
        score=0.5 * optimum / length,
    )


def cells_text(cells: list[tuple[int, int]]) -> str:
    """``(1,2) (3,4)``: 0-based cells written 1-based."""
    return " ".join(f"({r + 1},{c + 1})" for r, c in cells)


def cell_label(r: int, c: int) -> str:
    return f"row {r + 1}, column {c + 1}"


def read_digit_grid(answer: str, n: int, givens: list[list[int]]) -> list[list[int]] | Verdict:
    """An n x n grid of digits 1..n that keeps the givens ([r, c, v] triples), or the
    verdict that says why the answer is not one."""
    try:
        grid = parse_grid(answer, n, n, max_value=n, blank=".")
    except GridParseError as exc:
        return grid_failure(exc, n, n, f"Write {n} lines of {n} digits separated by spaces.")
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if not 1 <= value <= n:
                return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is not in 1..{n}.")
    for r, c, v in givens:
        if grid[r][c] != v:
            return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is given as {v}.")
    return grid


def read_symbols(
    answer: str,
    rows: int,
    cols: int,
    symbols: str,
    how: str,
    aliases: dict[str, str] | None = None,
) -> list[list[str]] | Verdict:
    """A rows x cols grid of one-character `symbols` (see `parse_symbol_grid`), or the
    verdict saying why the answer is not one; `how` tells how to write one."""
    try:
        return parse_symbol_grid(answer, rows, cols, symbols, aliases=aliases)
    except GridParseError as exc:
        return grid_failure(exc, rows, cols, how)


def symbol_rows(grid: list[list[str]]) -> str:
    """A symbol grid as answer text: rows on lines, cells separated by spaces."""
    return "\n".join(" ".join(row) for row in grid)


def changed_cell_answers(answer: str, flips: dict[str, str]) -> list[str]:
    """Wrong answers: the reference symbol grid with its first changeable cell, and
    separately its last one, changed by `flips` (e.g. {"0": "1", "1": "0"})."""
    rows = [line.split() for line in answer.splitlines()]
    spots = [(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell in flips]
    out = []
    for r, c in sorted({spots[0], spots[-1]}):
        changed = [list(row) for row in rows]
        changed[r][c] = flips[changed[r][c]]
        out.append(answer_block(symbol_rows(changed)))
    return out


def latin_verdict(
    answer: str, n: int, givens: list[list[int]], box: tuple[int, int] | None = None
) -> list[list[int]] | Verdict:
    """`read_digit_grid`, then no digit repeated in a row, column (or box when `box` gives
    its rows and columns)."""
    grid = read_digit_grid(answer, n, givens)
    if isinstance(grid, Verdict):
        return grid
    violation = first_rule_violation(grid, *(box or (None, None)))
    if violation is not None:
        return Verdict.fail("wrong", f"Not a solution: {violation}.")
    return grid


LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def region_map(region: list[list[int]]) -> str:
    """A region-id grid drawn with one letter per region (A-Z, then a-z)."""
    return "\n".join(" ".join(LABELS[v] for v in row) for row in region)


def region_cells(region: list[list[int]]) -> list[list[list[int]]]:
    """The [r, c] cells of each region id 0.., in reading order."""
    cells: list[list[list[int]]] = [[] for _ in range(1 + max(max(row) for row in region))]
    for r, row in enumerate(region):
        for c, value in enumerate(row):
            cells[value].append([r, c])
    return cells


def swapped_rows_answer(answer: str) -> str:
    """A wrong answer: the reference grid with its first two cells of column 1 swapped."""
    rows = [line.split() for line in answer.splitlines()]
    rows[0][0], rows[1][0] = rows[1][0], rows[0][0]
    return answer_block("\n".join(" ".join(row) for row in rows))
