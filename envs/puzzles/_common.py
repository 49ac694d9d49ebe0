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
from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.generators.grids import (
    GridCNF,
    decode_values,
    latin_puzzle_cnf,
    move_to_neighbour_region,
    random_filled_grid,
    value_vars,
)
from palaestra.generators.puzzles_cnf import (
    Lazy,
    PuzzleCNF,
    UniquenessProver,
    count_solutions,
    solve_lazily,
    solve_stats,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.verifiers.arith_expr import Arithmetic, parse_arithmetic
from palaestra.verifiers.grids import (
    GridParseError,
    first_rule_violation,
    format_grid,
    parse_grid,
    parse_symbol_grid,
)
from palaestra.verifiers.parsing import AnswerFormatError

UNIQUE = "The puzzle has exactly one solution."


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
    """An env whose puzzles have exactly one solution, proved by MiniSat at generation.

    `clue_lists` names the list fields of `data` whose items are the clues, in `Encoding`
    order; the default `drop_clue` removes an item from them (envs whose clues are not
    list items override it).
    """

    tags = ("puzzle", "grid", "unique-solution")
    clue_lists: ClassVar[tuple[str, ...]] = ()

    def encode(self, data: dict[str, Any]) -> Encoding:
        """The instance as CNF; see `Encoding`."""
        raise NotImplementedError

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """A copy of `data` without its clue number `index` (in `Encoding.clues` order)."""
        for key in self.clue_lists:
            if index < len(data[key]):
                return {**data, key: [item for i, item in enumerate(data[key]) if i != index]}
            index -= len(data[key])
        raise IndexError("no clue with that index")

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


def givens_cost(data: dict[str, Any]) -> dict[str, int]:
    """Size, empty cells and givens of a square puzzle with ``size`` and ``givens``."""
    n = data["size"]
    return {"size": n, "empty_cells": n * n - len(data["givens"]), "givens": len(data["givens"])}


def shown_lines(data: dict[str, Any]) -> list[tuple[str, int]]:
    """The row and column clues still shown, as ("rows" or "cols", index), rows and columns
    alternating; a dropped one is None in ``data["rows"]`` or ``data["cols"]``."""
    return [
        (key, i)
        for i in range(len(data["rows"]))
        for key in ("rows", "cols")
        if data[key][i] is not None
    ]


def drop_line_clue(data: dict[str, Any], index: int, listed: str) -> dict[str, Any]:
    """Drops clue `index` of a puzzle whose clues are its shown row and column clues (see
    `shown_lines`; a dropped one becomes None), then the items of the list `listed`."""
    lines = shown_lines(data)
    if index >= len(lines):
        kept = [item for i, item in enumerate(data[listed]) if i != index - len(lines)]
        return {**data, listed: kept}
    key, i = lines[index]
    return {**data, key: [None if j == i else v for j, v in enumerate(data[key])]}


def line_cells(key: str, i: int, n: int) -> list[tuple[int, int]]:
    """The cells of row i (key "rows") or column i (key "cols") of an n x n grid."""
    return [(i, c) for c in range(n)] if key == "rows" else [(r, i) for r in range(n)]


def counted_grid(grid: list[list[str]], rows: list[Any], cols: list[Any]) -> str:
    """A symbol grid with each row's count after a bar and the column counts below."""
    lines = [" ".join(row) + f"  | {rows[r]}" for r, row in enumerate(grid)]
    lines += ["-" * (2 * len(grid[0]) - 1), " ".join(str(v) for v in cols)]
    return "\n".join(lines)


def reveal_until_unique(
    rng: np.random.Generator,
    env: UniquePuzzle,
    data: dict[str, Any],
    planted: list[int],
    key: str,
    item: Callable[[int], list[int]],
    candidates: list[int] | None = None,
) -> dict[str, Any]:
    """`data` with hints added to its list `key` until `planted` is the only solution, then
    pruned back to a minimal set; the env's encoding lists those hints as its last clues.

    Each round asks MiniSat for a second solution and reveals a random literal of `planted`
    (from `candidates`, all of it by default) that the second solution contradicts; `item`
    turns a literal into the hint stored in `data[key]`.
    """
    enc = env.encode(data)
    with UniquenessProver(enc.cnf, planted, enc.project) as prover:
        added = prover.complete(rng, planted if candidates is None else candidates, enc.clues)
    data = {**data, key: sorted(item(lit) for lit in added or [])}
    enc = env.encode(data)
    fixed = len(enc.clues) - len(data[key])
    kept = prune_clues(rng, enc, planted, range(fixed, len(enc.clues)))
    data[key] = [hint for i, hint in enumerate(data[key]) if i + fixed in kept]
    return data


def count_clues(cnf: PuzzleCNF, cells: list[int], data: dict[str, Any]) -> list[int]:
    """Guarded "this row (column) has exactly k marked cells" clues for the counts shown
    (see `shown_lines`); `cells[r * n + c]` marks a cell. Returns the clue literals."""
    n = len(data["rows"])
    clues = []
    for key, i in shown_lines(data):
        clue = cnf.fresh()
        cnf.exactly([cells[r * n + c] for r, c in line_cells(key, i, n)], data[key][i], guard=clue)
        clues.append(clue)
    return clues


def count_problem(data: dict[str, Any], marked: set[tuple[int, int]], what: str) -> str | None:
    """The first shown row or column count that `marked` misses, in words, or None."""
    n = len(data["rows"])
    for key, i in shown_lines(data):
        got = sum(cell in marked for cell in line_cells(key, i, n))
        if got != data[key][i]:
            name = "row" if key == "rows" else "column"
            return f"{name} {i + 1} has {got} {what}, not {data[key][i]}"
    return None


def read_expression(answer: str) -> Arithmetic | Verdict:
    """An arithmetic answer read by the safe parser, or the verdict saying why it is not."""
    try:
        return parse_arithmetic(answer)
    except AnswerFormatError as exc:
        return Verdict.fail("unparsable", f"Could not read the expression: {exc}.")


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


# Other ways models write a marked (shaded, inside, ship) cell or an empty one.
MARK_ALIASES = {"x": "#", "X": "#", "■": "#", "█": "#", "o": ".", "O": ".", "□": ".", "-": "."}


def read_marks(
    answer: str, n: int, aliases: dict[str, str] | None = None
) -> set[tuple[int, int]] | Verdict:
    """The `#` cells of an n x n grid of `#` and `.`, or the verdict saying why the answer is
    not one; `aliases` (default `MARK_ALIASES`) maps other spellings onto the two symbols."""
    grid = read_symbols(
        answer, n, n, "#.", f"Write {n} lines of {n} symbols # or .", aliases or MARK_ALIASES
    )
    if isinstance(grid, Verdict):
        return grid
    return {(r, c) for r in range(n) for c in range(n) if grid[r][c] == "#"}


class GivensParams(Params):
    """Knobs of a latin-square puzzle whose givens go before its other clues."""

    size: int = Field(
        5, ge=4, le=7, description="side of the square (values 1..size); larger is harder"
    )
    givens: int = Field(
        0,
        ge=0,
        le=49,
        description=(
            "given digits to aim for; fewer is harder. Digits go first (down to this number "
            "or as far as uniqueness allows), then every other clue that is not needed"
        ),
    )

    @model_validator(mode="after")
    def _givens_fit(self) -> GivensParams:
        if self.givens > self.size**2:
            raise ValueError(
                f"givens={self.givens} exceeds the {self.size**2} cells of a "
                f"{self.size}x{self.size} square; use givens <= {self.size**2}"
            )
        return self


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


class LatinCluePuzzle(UniquePuzzle):
    """A latin square with given digits and one more kind of clue, listed in
    ``data[clue_lists[1]]``. Shared: the fill, pruning givens and then the other clues while
    MiniSat proves uniqueness, the encoding and the check. A subclass says how its clues are
    read off a solution, encoded and checked."""

    Params = GivensParams
    difficulty_cost = "empty_cells"

    def solution_clues(self, solution: list[list[int]], n: int) -> list[list[Any]]:
        """Every clue of this kind that `solution` satisfies."""
        raise NotImplementedError

    def encode_clue(self, cnf: PuzzleCNF, n: int, clue: list[Any]) -> int:
        """The guard literal that switches `clue` on in the latin-square CNF."""
        raise NotImplementedError

    def broken_clue(self, grid: list[list[int]], n: int, clue: list[Any]) -> str | None:
        """Why `grid` breaks `clue`, in words, or None."""
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, params: GivensParams) -> tuple[dict[str, Any], str]:
        n = params.size
        key = self.clue_lists[1]
        solution = random_filled_grid(rng, GridCNF(n))
        givens = [[r, c, solution[r][c]] for r in range(n) for c in range(n)]
        others = self.solution_clues(solution, n)
        enc = self.encode({"size": n, "givens": givens, key: others})
        truth = [enc.cnf.var("x", r, c, v) for r, c, v in givens]
        kept = prune_clues(rng, enc, truth, range(n * n), n * n - params.givens)
        kept = prune_clues(rng, enc, truth, range(n * n, len(enc.clues)), active=kept)
        data = {
            "size": n,
            "givens": [g for i, g in enumerate(givens) if i in kept],
            key: [clue for i, clue in enumerate(others) if i + n * n in kept],
        }
        return data, format_grid(solution)

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf, _ = latin_puzzle_cnf(n)
        clues = [cnf.var("x", r, c, v) for r, c, v in data["givens"]]
        clues += [self.encode_clue(cnf, n, clue) for clue in data[self.clue_lists[1]]]
        return Encoding(
            cnf, value_vars(cnf, n), clues, lambda sol: format_grid(decode_values(cnf, n, sol))
        )

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["size"]
        grid = latin_verdict(answer, n, task.data["givens"])
        if isinstance(grid, Verdict):
            return grid
        for clue in task.data[self.clue_lists[1]]:
            problem = self.broken_clue(grid, n, clue)
            if problem is not None:
                return Verdict.fail("wrong", problem)
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return [swapped_rows_answer(task.answer or "")]
