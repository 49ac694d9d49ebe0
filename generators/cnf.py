"""Random CNF formulas, built around a planted model so that satisfiability is known."""

from __future__ import annotations

import numpy as np

Clause = list[int]


def random_assignment(rng: np.random.Generator, n_vars: int) -> list[bool]:
    """A uniform truth assignment; index i holds the value of variable i + 1."""
    return [bool(v) for v in rng.integers(0, 2, size=n_vars)]


def planted_ksat(
    rng: np.random.Generator, n_vars: int, n_clauses: int, width: int, model: list[bool]
) -> list[Clause]:
    """`n_clauses` clauses of `width` distinct variables, each satisfied by `model`.

    Signs are redrawn while a clause would be false under the model: the clause then follows
    the uniform distribution conditioned on being satisfied (rejection costs 2**-width on
    average, so it needs no bound beyond the loop's natural one).
    """
    clauses: list[Clause] = []
    for _ in range(n_clauses):
        variables = rng.choice(n_vars, size=width, replace=False) + 1
        while True:
            signs = rng.integers(0, 2, size=width)
            clause = [int(v) if s else -int(v) for v, s in zip(variables, signs, strict=True)]
            if any((lit > 0) == model[abs(lit) - 1] for lit in clause):
                break
        clauses.append(clause)
    return clauses


def render_clause(clause: Clause) -> str:
    """`(x1 ∨ ¬x3 ∨ x4)`."""
    return "(" + " ∨ ".join(f"x{lit}" if lit > 0 else f"¬x{-lit}" for lit in clause) + ")"
