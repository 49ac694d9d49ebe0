"""Checking propositional answers: assignments, literal sets, and the solver-backed facts
(optimum, minimality, backbone, model count) that answers are compared against.

Everything that reads model text is linear in its length and raises only
`AnswerFormatError`. The solver-backed helpers run on generated instances only, or, for a
claimed unsatisfiable core, on a subset of a generated instance.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pysat.examples.musx import MUSX
from pysat.examples.rc2 import RC2, RC2Stratified
from pysat.formula import CNF, WCNF
from pysat.solvers import Solver

from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list

Clause = list[int]
# MiniSat 2.2 is frozen upstream, so a formula's statistics do not drift between releases.
SOLVER = "minisat22"
STAT_KEYS = ("decisions", "conflicts", "propagations")
# Effort measures stop here (about a second of MiniSat): the number is then a lower bound.
EFFORT_BUDGET = 100_000


def parse_assignment(text: str, n_vars: int) -> list[bool]:
    """Reads signed literals (`1 -2 3`, `[1, -2, 3]`) into values for variables 1..n_vars.

    Every variable must appear exactly once: a missing variable is not read as false (as some
    checkers do), and a repeated or contradictory one is an error (AnswerFormatError).
    """
    values = parse_literals(text, n_vars)
    missing = [v for v in range(1, n_vars + 1) if v not in values]
    if missing:
        shown = ", ".join(f"x{v}" for v in missing[:5])
        raise AnswerFormatError(f"every variable needs a value; missing: {shown}")
    return [values[v] for v in range(1, n_vars + 1)]


def parse_literals(text: str, n_vars: int, *, allow_none: bool = False) -> dict[int, bool]:
    """Reads a set of signed literals into {variable: value}; each variable at most once.

    With `allow_none`, the word ``none`` (any case) stands for the empty set.
    """
    if allow_none and text.strip().strip(".").lower() == "none":
        return {}
    literals = parse_int_list(text, low=-n_vars, high=n_vars, what="literal")
    values: dict[int, bool] = {}
    for literal in literals:
        if literal == 0:
            raise AnswerFormatError(f"0 is not a variable: variables are 1..{n_vars}")
        if abs(literal) in values:
            raise AnswerFormatError(f"variable x{abs(literal)} appears more than once")
        values[abs(literal)] = literal > 0
    if not values and not allow_none:
        raise AnswerFormatError("no literals given")
    return values


def first_false_clause(clauses: Sequence[Clause], values: Sequence[bool]) -> int | None:
    """Index of the first clause with no true literal under `values`, or None if all hold."""
    for index, clause in enumerate(clauses):
        if not any((lit > 0) == values[abs(lit) - 1] for lit in clause):
            return index
    return None


def false_clauses(clauses: Sequence[Clause], values: Sequence[bool]) -> list[int]:
    """Indices of every clause with no true literal under `values`."""
    return [
        index
        for index, clause in enumerate(clauses)
        if not any((lit > 0) == values[abs(lit) - 1] for lit in clause)
    ]


def format_assignment(values: Sequence[bool]) -> str:
    return " ".join(str(i) if v else str(-i) for i, v in enumerate(values, start=1))


def format_literals(values: dict[int, bool]) -> str:
    """Sorted by variable: ``{3: False, 1: True}`` -> ``1 -3``; the empty set is ``none``."""
    return " ".join(str(v if values[v] else -v) for v in sorted(values)) or "none"


@dataclass(frozen=True)
class SolveResult:
    """A solver's answer: values for variables 1..n_vars, or None when UNSAT or undecided,
    and its effort. ``stats["gave_up"]`` is 1 when a conflict budget ran out first."""

    model: list[bool] | None
    stats: dict[str, int] = field(default_factory=dict)


def solve(
    clauses: Sequence[Clause],
    n_vars: int,
    *,
    assumptions: Sequence[int] = (),
    phases: Sequence[int] = (),
    conflict_budget: int | None = None,
) -> SolveResult:
    """Solves with MiniSat 2.2; `phases` are preferred literals (a random draw of them gives a
    random-looking model). With `conflict_budget`, MiniSat stops after that many conflicts
    (for effort measures on formulas, such as pigeonhole ones, that can take exponential
    time); the result is then undecided."""
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        if phases:
            solver.set_phases(list(phases))
        if conflict_budget is None:
            found: bool | None = solver.solve(assumptions=list(assumptions))
        else:
            solver.conf_budget(conflict_budget)
            found = solver.solve_limited(assumptions=list(assumptions))
        stats = solver.accum_stats()
        model = solver.get_model() if found else None
    values = None if model is None else _values(model, n_vars)
    effort = {key: int(stats.get(key, 0)) for key in STAT_KEYS}
    return SolveResult(values, {**effort, "gave_up": int(found is None)})


def effort(
    clauses: Sequence[Clause], n_vars: int, assumptions: Sequence[int] = ()
) -> dict[str, int]:
    """MiniSat's statistics for solving a formula, within `EFFORT_BUDGET` conflicts: what
    environments record in ``task.meta["cost"]``."""
    return solve(clauses, n_vars, assumptions=assumptions, conflict_budget=EFFORT_BUDGET).stats


def _values(model: Sequence[int], n_vars: int) -> list[bool]:
    values = [False] * n_vars
    for lit in model:
        if 0 < abs(lit) <= n_vars:
            values[abs(lit) - 1] = lit > 0
    return values


@dataclass(frozen=True)
class Optimum:
    """A proved MaxSAT optimum: the least total weight of falsified soft clauses."""

    cost: int
    model: list[bool]
    stats: dict[str, int]


def maxsat_optimum(
    hard: Sequence[Clause],
    soft: Sequence[Clause],
    weights: Sequence[int],
    n_vars: int,
) -> Optimum:
    """RC2 (core-guided MaxSAT, Ignatiev, Morgado and Marques-Silva 2019) on hard and
    weighted soft clauses. With unequal weights it runs in its MaxSAT Evaluation setting
    (weight stratification, core exhaustion and minimisation, at-most-one detection),
    several times faster there; on unit weights the plain algorithm is faster.

    RC2 stops only once a core proves that no cheaper assignment exists, so `cost` is the
    optimum, not a bound. Raises ValueError when the hard clauses are unsatisfiable.
    """
    formula = WCNF()
    for clause in hard:
        formula.append(list(clause))
    for clause, weight in zip(soft, weights, strict=True):
        formula.append(list(clause), weight=int(weight))
    if len(set(weights)) > 1:
        oracle: RC2 = RC2Stratified(formula, solver="m22", adapt=True, exhaust=True, minz=True)
    else:
        oracle = RC2(formula, solver="m22")
    with oracle as rc2:
        model = rc2.compute()
        if model is None:
            raise ValueError("the hard clauses are unsatisfiable")
        stats = rc2.oracle.accum_stats()
        return Optimum(
            int(rc2.cost), _values(model, n_vars), {k: int(stats.get(k, 0)) for k in STAT_KEYS}
        )


def minimum_cover(rows: Sequence[Sequence[int]], n_items: int) -> Optimum:
    """The fewest items 1..n_items such that every row holds a chosen one (a minimum hitting
    set; for set cover, rows are elements and items the sets containing them)."""
    soft = [[-item] for item in range(1, n_items + 1)]
    return maxsat_optimum([list(r) for r in rows], soft, [1] * n_items, n_items)


def unsat_core_problem(clauses: Sequence[Clause], subset: Sequence[int]) -> str | None:
    """Why the clauses at 0-based `subset` are not a minimal unsatisfiable subset, or None.

    One solver holds each clause behind a selector literal, so the subset and each subset
    minus one clause are solved under assumptions: |subset| + 1 small solver calls.
    """
    top = max((abs(lit) for clause in clauses for lit in clause), default=0)
    selectors = {index: top + 1 + position for position, index in enumerate(subset)}
    with Solver(name=SOLVER) as solver:
        for index, selector in selectors.items():
            solver.add_clause([*clauses[index], -selector])
        if solver.solve(assumptions=list(selectors.values())):
            return "the chosen clauses can all be true at once, so they are not unsatisfiable"
        for index in selectors:
            others = [s for i, s in selectors.items() if i != index]
            if not solver.solve(assumptions=others):
                return (
                    f"clause {index + 1} can be dropped and the rest is still unsatisfiable, "
                    "so the subset is not minimal"
                )
    return None


def minimal_unsat_subset(clauses: Sequence[Clause]) -> list[int]:
    """0-based indices of one minimal unsatisfiable subset (MUSX, deletion-based)."""
    with MUSX(CNF(from_clauses=[list(c) for c in clauses]), solver="m22", verbosity=0) as musx:
        core = musx.compute()
    return sorted(index - 1 for index in core)


def backbone(
    clauses: Sequence[Clause], n_vars: int, model: Sequence[bool]
) -> tuple[dict[int, bool], dict[str, int]]:
    """The literals true in every model, and MiniSat's total effort to find them.

    Variable v is in the backbone exactly when the formula with v opposite to its value in
    `model` (any model) is unsatisfiable: one incremental solver call per variable.
    """
    fixed: dict[int, bool] = {}
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        for var in range(1, n_vars + 1):
            value = model[var - 1]
            if not solver.solve(assumptions=[-var if value else var]):
                fixed[var] = value
        stats = solver.accum_stats()
    return fixed, {key: int(stats.get(key, 0)) for key in STAT_KEYS}


def count_models(clauses: Sequence[Clause], n_vars: int) -> int:
    """The number of satisfying assignments, by evaluating all 2**n_vars of them (n_vars <= 22)."""
    if n_vars > 22:
        raise ValueError("brute-force model counting is limited to 22 variables")
    rows = np.arange(2**n_vars, dtype=np.int64)
    bits = ((rows[:, None] >> np.arange(n_vars)) & 1).astype(bool)  # bits[:, v - 1] = x_v
    alive = np.ones(len(rows), dtype=bool)
    for clause in clauses:
        satisfied = np.zeros(len(rows), dtype=bool)
        for lit in clause:
            column = bits[:, abs(lit) - 1]
            satisfied |= column if lit > 0 else ~column
        alive &= satisfied
    return int(alive.sum())


def unit_propagate(
    clauses: Sequence[Clause], decisions: Sequence[int]
) -> tuple[dict[int, bool], bool]:
    """Unit propagation from the `decisions` literals to a fixpoint.

    Returns (every assigned literal as {variable: value}, decisions included; True when a
    clause became false, i.e. propagation reached a conflict). Watches would be faster, but
    the formulas are small and a plain sweep is easy to trust.
    """
    values: dict[int, bool] = {}
    for lit in decisions:
        if values.get(abs(lit), lit > 0) != (lit > 0):
            return values, True
        values[abs(lit)] = lit > 0
    changed = True
    while changed:
        changed = False
        for clause in clauses:
            open_literals = []
            satisfied = False
            for lit in clause:
                value = values.get(abs(lit))
                if value is None:
                    open_literals.append(lit)
                elif value == (lit > 0):
                    satisfied = True
                    break
            if satisfied:
                continue
            if not open_literals:
                return values, True
            if len(open_literals) == 1:
                values[abs(open_literals[0])] = open_literals[0] > 0
                changed = True
    return values, False


def horn_least_model(clauses: Sequence[Clause], n_vars: int) -> list[bool] | None:
    """The least model of a Horn formula by forward chaining (Dowling and Gallier 1984), or
    None when a clause without a positive literal is violated by it (the formula is UNSAT).

    Each clause keeps a count of body variables not yet derived; deriving a variable
    decrements the counts of the clauses whose body holds it, so the run is linear.
    """
    waiting = [sum(1 for lit in clause if lit < 0) for clause in clauses]
    body_of: list[list[int]] = [[] for _ in range(n_vars + 1)]
    for index, clause in enumerate(clauses):
        for lit in clause:
            if lit < 0:
                body_of[-lit].append(index)
    true = [False] * (n_vars + 1)
    queue = deque(index for index, count in enumerate(waiting) if count == 0)
    while queue:
        heads = [lit for lit in clauses[queue.popleft()] if lit > 0]
        if not heads:
            return None  # a constraint's whole body is derived
        head = heads[0]
        if true[head]:
            continue
        true[head] = True
        for index in body_of[head]:
            waiting[index] -= 1
            if waiting[index] == 0:
                queue.append(index)
    return true[1:]


def implication_graph(clauses: Sequence[Clause], n_vars: int) -> list[list[int]]:
    """Aspvall, Plass and Tarjan's implication graph of a 2-CNF: node ``2(v-1)`` is x_v,
    ``2(v-1)+1`` is ¬x_v, and a clause (a ∨ b) gives the edges ¬a -> b and ¬b -> a."""
    graph: list[list[int]] = [[] for _ in range(2 * n_vars)]
    for clause in clauses:
        a, b = (clause[0], clause[0]) if len(clause) == 1 else clause
        graph[_node(-a)].append(_node(b))
        graph[_node(-b)].append(_node(a))
    return graph


def _node(literal: int) -> int:
    return 2 * (abs(literal) - 1) + (literal < 0)


def implies(graph: list[list[int]], source: int, target: int) -> bool:
    """Whether literal `source` implies literal `target` by a chain of 2-clauses (BFS)."""
    start, goal = _node(source), _node(target)
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def contradictory_variables(clauses: Sequence[Clause], n_vars: int) -> list[int]:
    """Variables v with x_v -> ¬x_v and ¬x_v -> x_v in the implication graph of a 2-CNF:
    the witnesses of unsatisfiability (Aspvall, Plass and Tarjan 1979)."""
    graph = implication_graph(clauses, n_vars)
    return [
        var
        for var in range(1, n_vars + 1)
        if implies(graph, var, -var) and implies(graph, -var, var)
    ]


def gate_value(op: str, inputs: Sequence[Any]) -> Any:
    """The output of one gate (AND, OR, XOR, NAND, NOR on two inputs, NOT on one).

    Written with ``&``, ``|`` and ``^`` only, so it works on bools and, elementwise, on
    numpy bool arrays (generators simulate a circuit on many inputs at once).
    """
    if op == "NOT":
        return inputs[0] ^ True
    a, b = inputs
    if op == "AND":
        return a & b
    if op == "OR":
        return a | b
    if op == "XOR":
        return a ^ b
    if op == "NAND":
        return (a & b) ^ True
    if op == "NOR":
        return (a | b) ^ True
    raise ValueError(f"unknown gate {op!r}")


def evaluate_circuit(
    n_inputs: int, gates: Sequence[tuple[str, Sequence[int]]], inputs: Sequence[bool]
) -> bool:
    """The value of the last gate of a circuit (signals numbered as in `random_circuit`)."""
    values = [False, *inputs]
    for op, args in gates:
        values.append(gate_value(op, [values[a] for a in args]))
    return bool(values[-1]) if gates else False


def first_false_xor(
    equations: Sequence[Sequence[int]], parities: Sequence[int], values: Sequence[bool]
) -> int | None:
    """Index of the first equation ``x_a ⊕ x_b ⊕ ... = parity`` that `values` break."""
    for index, (variables, parity) in enumerate(zip(equations, parities, strict=True)):
        if sum(values[v - 1] for v in variables) % 2 != parity:
            return index
    return None


def gf2_rank(equations: Sequence[Sequence[int]]) -> int:
    """The rank over GF(2) of equations given by their variables (rows as bit masks)."""
    pivots: dict[int, int] = {}  # leading bit -> the reduced row that has it
    for variables in equations:
        row = 0
        for var in variables:
            row ^= 1 << var
        while row:
            top = row.bit_length() - 1
            if top not in pivots:
                pivots[top] = row
                break
            row ^= pivots[top]
    return len(pivots)


def linear_value(terms: Sequence[Sequence[int]], values: Sequence[bool]) -> int:
    """``sum(coef * literal)`` for [coef, literal] pairs, a literal counting 1 when true."""
    return sum(coef for coef, lit in terms if (lit > 0) == values[abs(lit) - 1])


def linear_holds(value: int, op: str, bound: int) -> bool:
    return value <= bound if op == "<=" else value >= bound if op == ">=" else value == bound
