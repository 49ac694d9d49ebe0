"""Random CNF formulas and the other propositional structures the SAT family builds on.

Clauses are lists of signed variable numbers (DIMACS style: `3` is x3, `-3` is ¬x3).
Generators either plant a model, so that satisfiability is known by construction, or ask
MiniSat where the answer depends on the draw (`threshold_formula`). Gate semantics come from
`palaestra.verifiers.sat`, so that the generator and the checker cannot disagree on them.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from math import comb
from typing import Any

import numpy as np
from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from palaestra.verifiers.sat import SOLVER, Clause, gate_value

GATES = ("AND", "OR", "XOR", "NAND", "NOR", "NOT")


def random_assignment(rng: np.random.Generator, n_vars: int) -> list[bool]:
    """A uniform truth assignment; index i holds the value of variable i + 1."""
    return [bool(v) for v in rng.integers(0, 2, size=n_vars)]


def _clause_variables(
    rng: np.random.Generator, n_vars: int, n_clauses: int, width: int
) -> np.ndarray:
    # Distinct variables per clause: the first `width` columns of a random permutation per row.
    return np.argsort(rng.random((n_clauses, n_vars)), axis=1)[:, :width] + 1


def random_ksat(rng: np.random.Generator, n_vars: int, n_clauses: int, width: int) -> list[Clause]:
    """`n_clauses` uniform random clauses of `width` distinct variables and random signs."""
    variables = _clause_variables(rng, n_vars, n_clauses, width)
    positive = rng.integers(0, 2, size=(n_clauses, width)).astype(bool)
    return np.where(positive, variables, -variables).tolist()


def planted_ksat(
    rng: np.random.Generator, n_vars: int, n_clauses: int, width: int, model: list[bool]
) -> list[Clause]:
    """`n_clauses` clauses of `width` distinct variables, each satisfied by `model`.

    Signs are redrawn for clauses that would be false under the model, so each clause follows
    the uniform distribution conditioned on being satisfied. A redraw is needed with
    probability 2**-width, so the loop ends after a few rounds.
    """
    variables = _clause_variables(rng, n_vars, n_clauses, width)
    truth = np.asarray(model, dtype=bool)[variables - 1]
    positive = rng.integers(0, 2, size=(n_clauses, width)).astype(bool)
    unsatisfied = ~(positive == truth).any(axis=1)
    while unsatisfied.any():
        rows = np.flatnonzero(unsatisfied)
        positive[rows] = rng.integers(0, 2, size=(len(rows), width)).astype(bool)
        unsatisfied[rows] = ~(positive[rows] == truth[rows]).any(axis=1)
    return np.where(positive, variables, -variables).tolist()


def mixed_width_clauses(
    rng: np.random.Generator,
    n_vars: int,
    count: int,
    widths: tuple[int, int],
    model: list[bool] | None = None,
) -> list[Clause]:
    """`count` different clauses whose widths are drawn uniformly from widths[0]..widths[1],
    in random order; uniform random clauses, or planted ones (true under `model`) when it is
    given. Repeats are redrawn for a few rounds and kept only if the knobs ask for more
    clauses than the draws can supply."""
    found: dict[tuple[int, ...], Clause] = {}
    repeats: list[Clause] = []
    for _ in range(10):
        missing = count - len(found)
        if not missing:
            break
        drawn = rng.integers(widths[0], widths[1] + 1, size=missing)
        repeats = []
        for width in range(widths[0], widths[1] + 1):
            size = int((drawn == width).sum())
            if not size:
                continue
            batch = (
                random_ksat(rng, n_vars, size, width)
                if model is None
                else planted_ksat(rng, n_vars, size, width, model)
            )
            for clause in batch:
                key = tuple(sorted(clause))
                if key in found:
                    repeats.append(clause)
                else:
                    found[key] = clause
    clauses = [*found.values(), *repeats[: count - len(found)]]
    return [clauses[int(i)] for i in rng.permutation(len(clauses))]


def distinct_clauses(
    rng: np.random.Generator, n_vars: int, count: int, width: int, seen: set[tuple[int, ...]]
) -> list[Clause]:
    """Up to `count` random clauses that are not in `seen` (which is updated).

    Fewer come back only when every clause of this width over `n_vars` variables is taken.
    """
    total = comb(n_vars, width) * 2**width
    found: list[Clause] = []
    while len(found) < count and len(seen) < total:
        for clause in random_ksat(rng, n_vars, 2 * (count - len(found)), width):
            key = tuple(sorted(clause))
            if key not in seen and len(found) < count:
                seen.add(key)
                found.append(clause)
    return found


def is_satisfiable(clauses: list[Clause]) -> bool:
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        return bool(solver.solve())


def threshold_formula(
    rng: np.random.Generator, n_vars: int, width: int
) -> tuple[list[Clause], int]:
    """A random sequence of distinct clauses and the length of its shortest UNSAT prefix.

    With m that length, ``clauses[:m]`` is unsatisfiable and ``clauses[:m - 1]`` is
    satisfiable: the pair sits exactly at the satisfiability threshold of this draw, so a
    yes-instance and a no-instance cut from it cannot be told apart by their size. The
    sequence grows by doubling until it is unsatisfiable (every clause of the width over the
    variables together always is), then a binary search over prefixes finds m.
    """
    seen: set[tuple[int, ...]] = set()
    clauses = distinct_clauses(rng, n_vars, 2 * n_vars, width, seen)
    while is_satisfiable(clauses):
        more = distinct_clauses(rng, n_vars, len(clauses), width, seen)
        if not more:
            raise ValueError(f"every {width}-clause over {n_vars} variables is satisfiable")
        clauses += more
    low, high = 1, len(clauses)  # clauses[:low - 1] is SAT, clauses[:high] is UNSAT
    while low < high:
        middle = (low + high) // 2
        if is_satisfiable(clauses[:middle]):
            low = middle + 1
        else:
            high = middle
    return clauses[:high], high


def planted_xor_system(
    rng: np.random.Generator, n_vars: int, n_equations: int, width: int, model: list[bool]
) -> tuple[list[list[int]], list[int]]:
    """Equations ``x_a ⊕ x_b ⊕ ... = parity`` over `width` distinct variables, all true under
    `model`. Returns (sorted variables of each equation, parities 0/1)."""
    variables = np.sort(_clause_variables(rng, n_vars, n_equations, width), axis=1)
    parities = np.asarray(model, dtype=np.int64)[variables - 1].sum(axis=1) % 2
    return variables.tolist(), parities.tolist()


def xor_clauses(variables: list[int], parity: int) -> list[Clause]:
    """The direct CNF of one XOR: every sign pattern with the wrong parity is excluded."""
    clauses = []
    for signs in itertools.product((1, -1), repeat=len(variables)):
        # A clause is false exactly when each literal is false, i.e. the variable takes the
        # value opposite to its sign; exclude the patterns whose parity is wrong.
        false_values = sum(1 for s in signs if s < 0)
        if false_values % 2 != parity:
            clauses.append([s * v for s, v in zip(signs, variables, strict=True)])
    return clauses


def random_circuit(
    rng: np.random.Generator,
    n_inputs: int,
    gates_per_check: int,
    checks: int,
    planted: list[bool],
    tries: int = 8,
) -> list[tuple[str, list[int]]]:
    """A circuit whose last gate is 1 under the `planted` inputs and rarely otherwise.

    Signals are numbered: inputs 1..n_inputs, then gate i is signal n_inputs + i + 1. Each of
    `checks` random sub-circuits of `gates_per_check` gates reads recent gates and random
    inputs; one that is false under `planted` gets a NOT on top. A sub-circuit true on more
    than half of 64 random inputs is redrawn (up to `tries` draws; the most selective one
    is kept), and an AND chain joins the sub-circuits, so a random input satisfies the
    output with chance about 2**-checks or less.
    """
    # Column 0 is the planted input, the others random inputs, all simulated side by side.
    columns = np.column_stack([planted, rng.integers(0, 2, size=(n_inputs, 64))]).astype(bool)
    values: list[np.ndarray] = [np.zeros(65, dtype=bool), *columns]
    gates: list[tuple[str, list[int]]] = []
    roots = []
    for _ in range(checks):
        best = _draw_check(rng, n_inputs, gates_per_check, values)
        for _ in range(tries - 1):
            if best[0] <= 0.5:
                break
            candidate = _draw_check(rng, n_inputs, gates_per_check, values)
            best = min(best, candidate, key=lambda draw: draw[0])
        gates += best[1]
        values += best[2]
        roots.append(len(values) - 1)
    output = roots[0]
    for root in roots[1:]:
        gates.append(("AND", [output, root]))
        values.append(values[output] & values[root])
        output = len(values) - 1
    return gates


def _draw_check(
    rng: np.random.Generator, n_inputs: int, size: int, values: list[np.ndarray]
) -> tuple[float, list[tuple[str, list[int]]], list[np.ndarray]]:
    """One sub-circuit true under the planted input: (share of random inputs it accepts,
    its gates, their simulated values). `values` holds the signals so far (not changed)."""
    gates: list[tuple[str, list[int]]] = []
    local: list[np.ndarray] = []
    for _ in range(size):
        op = GATES[int(rng.integers(len(GATES)))]
        recent = list(range(len(values), len(values) + len(local)))[-3:]
        pool = recent + [int(v) + 1 for v in rng.choice(n_inputs, 2, replace=False)]
        args = sorted(int(a) for a in rng.choice(pool, 1 if op == "NOT" else 2, replace=False))
        gates.append((op, args))
        local.append(
            gate_value(
                op, [(values[a] if a < len(values) else local[a - len(values)]) for a in args]
            )
        )
    if not local[-1][0]:
        gates.append(("NOT", [len(values) + len(local) - 1]))
        local.append(local[-1] ^ True)
    return float(local[-1][1:].mean()), gates, local


def circuit_clauses(n_inputs: int, gates: list[tuple[str, list[int]]]) -> list[Clause]:
    """Tseitin's encoding of the circuit with its output (the last gate) asserted true."""
    clauses: list[Clause] = []
    for index, (op, args) in enumerate(gates):
        g = n_inputs + index + 1
        if op == "NOT":
            (a,) = args
            clauses += [[-g, -a], [g, a]]
            continue
        a, b = args
        # Output literal of the positive gate (AND/OR/XOR), negated for NAND/NOR.
        out = -g if op in ("NAND", "NOR") else g
        if op in ("AND", "NAND"):
            clauses += [[-out, a], [-out, b], [out, -a, -b]]
        elif op in ("OR", "NOR"):
            clauses += [[out, -a], [out, -b], [-out, a, b]]
        else:
            clauses += [[-g, a, b], [-g, -a, -b], [g, -a, b], [g, a, -b]]
    clauses.append([n_inputs + len(gates)])
    return clauses


def linear_constraint_clauses(
    terms: list[tuple[int, int]], op: str, bound: int, top: int
) -> tuple[list[Clause], int]:
    """CNF for ``sum(coef * [literal]) op bound`` (op one of <=, >=, =), new variables above
    `top`; returns (clauses, new top).

    Each literal is repeated `coef` times into a totalizer, which counts true inputs, so
    this suits the small coefficients of generated constraints.
    """
    literals = [lit for coef, lit in terms for _ in range(coef)]
    encode = {"<=": CardEnc.atmost, ">=": CardEnc.atleast, "=": CardEnc.equals}[op]
    cnf = encode(lits=literals, bound=bound, top_id=top, encoding=EncType.totalizer)
    return [list(c) for c in cnf.clauses], max(top, cnf.nv)


def render_clause(clause: Clause) -> str:
    """`(x1 ∨ ¬x3 ∨ x4)`."""
    return "(" + " ∨ ".join(f"x{lit}" if lit > 0 else f"¬x{-lit}" for lit in clause) + ")"


def layered_horn(
    rng: np.random.Generator,
    n_vars: int,
    facts: int,
    rules: int,
    max_body: int,
    back_edges: float = 0.3,
) -> list[Clause]:
    """Facts and definite rules (one positive literal each) over a hidden order of variables.

    Facts are the first `facts` variables of a random order; a rule's body is drawn from the
    variables before its head in that order, so chains of derivations form, except with
    probability `back_edges`, where the body may use any variable and may never fire.
    Rules are clauses ``[-b1, ..., -bj, head]``; facts are unit clauses.
    """
    order = [int(v) + 1 for v in rng.permutation(n_vars)]
    clauses: list[Clause] = [[v] for v in order[:facts]]
    seen = {tuple(c) for c in clauses}
    for _ in range(20 * rules):
        if len(clauses) == facts + rules:
            break
        position = int(rng.integers(1, n_vars))
        head = order[position]
        pool = [v for v in order if v != head] if rng.random() < back_edges else order[:position]
        size = int(rng.integers(1, min(max_body, len(pool)) + 1))
        body = sorted(int(v) for v in rng.choice(pool, size, replace=False))
        clause = [-b for b in body] + [head]
        if tuple(clause) not in seen:
            seen.add(tuple(clause))
            clauses.append(clause)
    return clauses


def planted_linear_constraints(
    rng: np.random.Generator,
    model: list[bool],
    count: int,
    terms: int,
    max_coef: int,
    slack: int,
) -> list[dict[str, Any]]:
    """Pseudo-boolean constraints ``sum(coef * literal) op bound`` true under `model`.

    Each has `terms` distinct variables with random signs and coefficients 1..max_coef. The
    operator is >=, <= or =; an inequality's bound sits 0..`slack` inside the planted value
    (0 makes it tight), clipped so that the constraint never holds for every assignment.
    Returns dicts with ``terms`` ([coef, literal] pairs), ``op`` and ``bound``.
    """
    n_vars = len(model)
    rows = _clause_variables(rng, n_vars, count, terms)
    constraints = []
    for variables in rows:
        signs = rng.integers(0, 2, size=terms) * 2 - 1
        coefs = rng.integers(1, max_coef + 1, size=terms)
        pairs = sorted(
            ([int(c), int(s * v)] for c, s, v in zip(coefs, signs, variables, strict=True)),
            key=lambda pair: abs(pair[1]),
        )
        value = sum(c for c, lit in pairs if (lit > 0) == model[abs(lit) - 1])
        total = int(coefs.sum())
        op = ("<=", ">=", "=")[int(rng.integers(3))]
        give = int(rng.integers(0, slack + 1))
        if op == ">=" and value == 0:
            op = "<="
        elif op == "<=" and value == total:
            op = ">="
        bound = {
            ">=": max(1, value - give),
            "<=": min(total - 1, value + give),
            "=": value,
        }[op]
        constraints.append({"terms": pairs, "op": op, "bound": bound})
    return constraints


def queens_clauses(n: int) -> list[Clause]:
    """n queens on an n x n board, variable ``r * n + c + 1`` for a queen at (r, c), 0-based:
    one queen per row, at most one per column and per diagonal (pairwise clauses)."""

    def var(r: int, c: int) -> int:
        return r * n + c + 1

    lines = [[var(r, c) for c in range(n)] for r in range(n)]
    clauses: list[Clause] = [list(row) for row in lines]
    lines += [[var(r, c) for r in range(n)] for c in range(n)]
    for d in range(-(n - 1), n):
        lines.append([var(r, r - d) for r in range(n) if 0 <= r - d < n])
        lines.append([var(r, d + n - 1 - r) for r in range(n) if 0 <= d + n - 1 - r < n])
    for line in lines:
        clauses += [[-a, -b] for a, b in itertools.combinations(line, 2)]
    return clauses


def queens_completion_clauses(n: int, given: Sequence[int]) -> list[Clause]:
    """`queens_clauses` for completing a board whose rows ``r`` with ``given[r] > 0`` already
    hold a queen in column ``given[r]`` (1-based), reduced by what the given queens decide:
    variables stay ``r * n + c + 1``, but only the free rows' cells that no given queen
    attacks appear, so the formula has tens of clauses instead of hundreds. It has the same
    completions as `queens_clauses` with the given queens as unit clauses."""
    taken_cols, taken_diag, taken_anti = set(), set(), set()
    for r, column in enumerate(given):
        if column:
            taken_cols.add(column - 1)
            taken_diag.add(r - column + 1)
            taken_anti.add(r + column - 1)
    rows: list[list[int]] = []
    lines: dict[tuple[str, int], list[int]] = {}
    for r, column in enumerate(given):
        if column:
            continue
        row = []
        for c in range(n):
            if c in taken_cols or r - c in taken_diag or r + c in taken_anti:
                continue
            var = r * n + c + 1
            row.append(var)
            lines.setdefault(("col", c), []).append(var)
            lines.setdefault(("diag", r - c), []).append(var)
            lines.setdefault(("anti", r + c), []).append(var)
        rows.append(row)
    clauses: list[Clause] = [list(row) for row in rows]
    for line in (*rows, *lines.values()):
        clauses += [[-a, -b] for a, b in itertools.combinations(line, 2)]
    return clauses


_ENUMERATE_QUEENS = 10


@functools.cache
def all_queens(n: int) -> tuple[tuple[int, ...], ...]:
    """Every solution of n queens (1-based columns per row), in lexicographic order."""
    full = (1 << n) - 1
    out: list[tuple[int, ...]] = []
    columns: list[int] = []

    def place(cols: int, diag: int, anti: int) -> None:
        if len(columns) == n:
            out.append(tuple(columns))
            return
        free = full & ~(cols | diag | anti)
        for c in range(n):
            bit = 1 << c
            if free & bit:
                columns.append(c + 1)
                place(cols | bit, ((diag | bit) << 1) & full, (anti | bit) >> 1)
                columns.pop()

    place(0, 0, 0)
    return tuple(out)


def random_queens(rng: np.random.Generator, n: int) -> list[int]:
    """A random solution of n queens: the 1-based column of the queen in each row.

    Up to n = 10 the draw is uniform over all solutions (`all_queens`, enumerated once).
    Larger boards use depth-first search with bitmasks over rows, trying each row's columns
    in an order drawn from `rng`; an attempt that uses its node budget restarts with fresh
    orders (restarts cut the heavy tail of randomised backtracking), so any n is solved in
    milliseconds, and every solution can be drawn.
    """
    if n in (2, 3):
        raise ValueError(f"{n} queens cannot be placed on an {n}x{n} board")
    if n <= _ENUMERATE_QUEENS:
        solutions = all_queens(n)
        return list(solutions[int(rng.integers(len(solutions)))])
    full = (1 << n) - 1
    budget = 40 * n
    while True:
        orders = np.argsort(rng.random((n, n)), axis=1).tolist()
        bits = [[1 << c for c in order] for order in orders]
        columns = [0] * n
        nodes = 0
        # explicit stack of (row, next index into the row's order, masks at that row)
        stack = [(0, 0, 0, 0, 0)]
        solved = False
        while stack and nodes < budget:
            row, index, cols, diag, anti = stack.pop()
            if row == n:
                solved = True
                break
            free = full & ~(cols | diag | anti)
            order = bits[row]
            while index < n and not free & order[index]:
                index += 1
            if index == n:
                continue
            nodes += 1
            bit = order[index]
            stack.append((row, index + 1, cols, diag, anti))
            columns[row] = orders[row][index] + 1
            stack.append((row + 1, 0, cols | bit, ((diag | bit) << 1) & full, (anti | bit) >> 1))
        if solved:
            return columns
