"""A CNF model for logic puzzles: named variables, rules, removable clues, uniqueness proofs.

A puzzle is encoded once as a `PuzzleCNF`: the rules are plain clauses; each clue (a given
digit, a cage sum, a row count, an inequality sign) is either a literal or a group of clauses
switched on by an activation literal (`guard`). Solving under the clues' literals as
assumptions then answers questions about any subset of the clues with one solver:

    cnf = PuzzleCNF()
    cells = {(r, c): cnf.var("shaded", r, c) for r in range(4) for c in range(4)}
    cnf.exactly([cells[0, c] for c in range(4)], 2)        # a rule
    clue = cnf.guard([[cells[0, 0], cells[0, 1]]])         # a removable clue
    prover = UniquenessProver(cnf, solution_literals)
    prover.other(assumptions=[clue])                       # None: the solution is unique

A solution is a list of signed literals over the puzzle's answer variables (its projection),
so auxiliary variables never make one answer count twice. Rules that CNF states badly (a
single loop, connected shading) are added lazily: a `lazy` callback inspects each model and
returns cuts, clauses every valid solution satisfies, until a model passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pysat.formula import IDPool
from pysat.solvers import Solver

# MiniSat 2.2 is frozen upstream: its statistics and the models it finds do not drift.
SOLVER = "minisat22"
STAT_KEYS = ("decisions", "propagations", "conflicts")
# Cuts one lazy check may add before a puzzle counts as unsolvable; generated puzzles need a
# handful, so hitting this means a bug or a pathological instance, not a hard puzzle.
MAX_LAZY_ROUNDS = 2_000

Clause = list[int]
Lazy = Callable[[set[int]], list[Clause]]


class PuzzleCNF:
    """Clauses over variables named by tuples, with cardinality and table helpers."""

    def __init__(self) -> None:
        self.pool = IDPool()
        self.clauses: list[Clause] = []
        self._aux = 0

    def var(self, *key: object) -> int:
        """The variable named `key` (created on first use)."""
        return self.pool.id(key)

    def fresh(self) -> int:
        """A new auxiliary variable."""
        self._aux += 1
        return self.pool.id(("_aux", self._aux))

    def add(self, clause: Iterable[int], guard: int | None = None) -> None:
        """Adds a clause; with `guard`, the clause binds only while `guard` is true."""
        clause = list(clause)
        self.clauses.append(clause if guard is None else [-guard, *clause])

    def add_all(self, clauses: Iterable[Iterable[int]], guard: int | None = None) -> None:
        for clause in clauses:
            self.add(clause, guard)

    def guard(self, clauses: Iterable[Iterable[int]]) -> int:
        """A fresh activation literal under which `clauses` hold: a removable clue."""
        active = self.fresh()
        self.add_all(clauses, active)
        return active

    def at_most(self, lits: Sequence[int], bound: int, guard: int | None = None) -> None:
        self._card("atmost", lits, bound, guard)

    def at_least(self, lits: Sequence[int], bound: int, guard: int | None = None) -> None:
        self._card("atleast", lits, bound, guard)

    def exactly(self, lits: Sequence[int], bound: int, guard: int | None = None) -> None:
        self._card("equals", lits, bound, guard)

    def exactly_one(self, lits: Sequence[int], guard: int | None = None) -> None:
        self.exactly(lits, 1, guard)

    def _card(self, kind: str, lits: Sequence[int], bound: int, guard: int | None) -> None:
        lits = list(lits)
        low = 0 if kind == "atmost" else bound  # the count must lie in low..high
        high = len(lits) if kind == "atleast" else bound
        low, high = max(low, 0), min(high, len(lits))
        if low > high:
            self.add([], guard)  # impossible: false (while guarded, only under the guard)
            return
        if high == 0:
            self.add_all([[-lit] for lit in lits], guard)
            return
        if low == len(lits):
            self.add_all([[lit] for lit in lits], guard)
            return
        if low == 1 and high == len(lits):
            self.add(lits, guard)
            return
        if low == 0 and high == len(lits):
            return
        if high == 1 and len(lits) <= 6:  # pairwise at-most-one propagates best on short lists
            if low == 1:
                self.add(lits, guard)
            self.add_all(([-a, -b] for i, a in enumerate(lits) for b in lits[i + 1 :]), guard)
            return
        # Count whichever side is rarer: "low..high of these true" is "n-high..n-low false".
        if high > len(lits) - low:
            lits, low, high = [-lit for lit in lits], len(lits) - high, len(lits) - low
        at_least = self._counter(lits, high + 1)  # at_least[j]: more than j of lits are true
        if low > 0:
            self.add([at_least[low - 1]], guard)
        if high < len(at_least):
            self.add([-at_least[high]], guard)

    def _counter(self, lits: list[int], most: int) -> list[int]:
        """Registers r[j] <=> "at least j + 1 of `lits` are true", for j < `most`: a
        sequential counter with both directions, about 4 * len(lits) * most clauses. The
        definitions hold unguarded, so a guarded bound on them costs one clause."""
        registers: list[int] = []
        for lit in lits:
            current = []
            for j in range(min(len(registers) + 1, most)):
                kept = registers[j] if j < len(registers) else None  # already j + 1 before
                below = registers[j - 1] if j else None  # j before: this lit makes j + 1
                reg = self.fresh()
                before = [] if kept is None else [kept]
                # reg <=> kept or (lit and below), with `below` true when j == 0
                self.add([-reg, *before, lit])
                self.add_all([-b, reg] for b in before)
                if below is None:
                    self.add([-lit, reg])
                else:
                    self.add_all([[-lit, -below, reg], [-reg, *before, below]])
                current.append(reg)
            registers = current
        return registers

    def one_of(self, options: Sequence[Sequence[int]], guard: int | None = None) -> None:
        """At least one of `options` holds, each a conjunction of literals (a table
        constraint: an option is one allowed combination of values)."""
        selectors = []
        for option in options:
            if len(option) == 1:
                selectors.append(option[0])
                continue
            selector = self.fresh()
            self.add_all([[-selector, lit] for lit in option])
            selectors.append(selector)
        self.add(selectors, guard)

    def solver(self) -> Solver:
        """A fresh MiniSat 2.2 solver holding every clause added so far."""
        return Solver(name=SOLVER, bootstrap_with=self.clauses)


def solve_lazily(
    solver: Solver, assumptions: Sequence[int] = (), lazy: Lazy | None = None
) -> set[int] | None:
    """The true literals of a model that also passes `lazy`, or None when there is none.

    Cuts that `lazy` returns are added to `solver` for good: they hold in every solution.
    """
    for _ in range(MAX_LAZY_ROUNDS):
        if not solver.solve(assumptions=list(assumptions)):
            return None
        model = {lit for lit in solver.get_model() if lit > 0}
        cuts = lazy(model) if lazy is not None else []
        if not cuts:
            return model
        for cut in cuts:
            solver.add_clause(cut)
    raise RuntimeError(f"no model passed the lazy check after {MAX_LAZY_ROUNDS} rounds")


def solution_of(model: set[int], project: Sequence[int]) -> list[int]:
    """The signed literals of the `project` variables in `model` (an answer's identity)."""
    return [v if v in model else -v for v in project]


def random_solution(
    rng: np.random.Generator,
    cnf: PuzzleCNF,
    project: Sequence[int],
    *,
    preferred: Sequence[int] | None = None,
    assumptions: Sequence[int] = (),
    lazy: Lazy | None = None,
) -> list[int] | None:
    """A random solution projected on `project`, or None when the rules have none.

    MiniSat is steered by phases: the `preferred` literals when given (say, one random value
    per cell of a one-hot encoding), otherwise a random sign per projected variable.
    """
    if preferred is None:
        signs = rng.integers(0, 2, size=len(project))
        preferred = [v if s else -v for v, s in zip(project, signs, strict=True)]
    with cnf.solver() as solver:
        solver.set_phases(list(preferred))
        model = solve_lazily(solver, assumptions, lazy)
    return None if model is None else solution_of(model, project)


def solve_stats(
    cnf: PuzzleCNF, assumptions: Sequence[int] = (), lazy: Lazy | None = None
) -> dict[str, int]:
    """MiniSat's effort (decisions, propagations, conflicts) to solve the puzzle from scratch,
    summed over the rounds of lazy cuts, which are counted as `lazy_rounds`."""
    rounds = 0

    def counting(model: set[int]) -> list[Clause]:
        nonlocal rounds
        cuts = lazy(model) if lazy is not None else []
        rounds += bool(cuts)
        return cuts

    with cnf.solver() as solver:
        solve_lazily(solver, assumptions, counting)
        stats = solver.accum_stats()
    out = {key: int(stats.get(key, 0)) for key in STAT_KEYS}
    out["lazy_rounds"] = rounds
    return out


@dataclass
class Removal:
    """What one `minimize` pass did (for rejection-rate and effort reporting)."""

    kept: set[int]  # positions of the clues kept
    removed: int
    checks: int


class UniquenessProver:
    """Proves that `solution` is the only one under a set of clues, with one solver.

    The solution is excluded by a clause (its literals negated), so the puzzle is unique
    exactly when the rules, the clues and that clause are unsatisfiable; any model found
    instead is a second solution.
    """

    def __init__(
        self,
        cnf: PuzzleCNF,
        solution: Sequence[int],
        project: Sequence[int] | None = None,
        lazy: Lazy | None = None,
    ) -> None:
        self.solution = list(solution)
        self.project = [abs(lit) for lit in solution] if project is None else list(project)
        self.lazy = lazy
        self.solver = cnf.solver()
        self.solver.add_clause([-lit for lit in self.solution])
        self.checks = 0

    def __enter__(self) -> UniquenessProver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.solver.delete()

    def other(self, assumptions: Sequence[int]) -> list[int] | None:
        """A second solution under the clue literals `assumptions`, or None if none exists."""
        self.checks += 1
        model = solve_lazily(self.solver, assumptions, self.lazy)
        return None if model is None else solution_of(model, self.project)

    def is_unique(self, assumptions: Sequence[int]) -> bool:
        return self.other(assumptions) is None

    def minimize(
        self,
        rng: np.random.Generator,
        clues: Sequence[int],
        removable: Iterable[int],
        target: int | None = None,
        active: Iterable[int] | None = None,
    ) -> Removal:
        """Drops up to `target` clues (all it can when None) while the solution stays unique.

        `clues` are clue literals; `active` the positions of those in force (all when None)
        and `removable` the positions that may go, tried in a random order. One goes when
        the solution stays unique without it. A clue that must stay could not go later
        either, since fewer clues never constrain more, so one pass reaches a minimal set
        when the target is not met first. The active clues must make the solution unique.
        """
        kept = set(range(len(clues))) if active is None else set(active)
        candidates = sorted(set(removable) & kept)
        removed = 0
        checks_before = self.checks
        for index in rng.permutation(len(candidates)):
            if target is not None and removed >= target:
                break
            trial = kept - {candidates[int(index)]}
            if self.is_unique([clues[i] for i in sorted(trial)]):
                kept = trial
                removed += 1
        return Removal(kept=kept, removed=removed, checks=self.checks - checks_before)

    def complete(
        self,
        rng: np.random.Generator,
        candidates: Sequence[int],
        active: Sequence[int] = (),
        limit: int | None = None,
    ) -> list[int] | None:
        """Adds literals of the solution from `candidates` until it is unique under `active`
        plus them; returns the added literals, or None when `limit` additions do not suffice.

        Each round asks for a second solution and adds a random candidate it contradicts,
        so every addition rules out at least that solution.
        """
        truth = set(self.solution)
        pool = [lit for lit in candidates if lit in truth]
        added: list[int] = []
        while True:
            other = self.other([*active, *added])
            if other is None:
                return added
            if limit is not None and len(added) >= limit:
                return None
            differs = [lit for lit in pool if -lit in set(other) and lit not in added]
            if not differs:
                return None
            added.append(differs[int(rng.integers(len(differs)))])


def count_solutions(
    cnf: PuzzleCNF,
    project: Sequence[int],
    assumptions: Sequence[int] = (),
    limit: int = 2,
    lazy: Lazy | None = None,
) -> list[list[int]]:
    """Up to `limit` distinct solutions (projected on `project`) under `assumptions`."""
    found: list[list[int]] = []
    with cnf.solver() as solver:
        while len(found) < limit:
            model = solve_lazily(solver, assumptions, lazy)
            if model is None:
                break
            solution = solution_of(model, project)
            found.append(solution)
            solver.add_clause([-lit for lit in solution])
    return found
