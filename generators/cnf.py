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

    Signs are redrawn for clauses that would be false under the model, so each clause follows
    the uniform distribution conditioned on being satisfied. A redraw is needed with
    probability 2**-width, so the loop ends after a few rounds.
    """
    # Distinct variables per clause: the first `width` columns of a random permutation per row.
    variables = np.argsort(rng.random((n_clauses, n_vars)), axis=1)[:, :width] + 1
    truth = np.asarray(model, dtype=bool)[variables - 1]
    positive = rng.integers(0, 2, size=(n_clauses, width)).astype(bool)
    unsatisfied = ~(positive == truth).any(axis=1)
    while unsatisfied.any():
        rows = np.flatnonzero(unsatisfied)
        positive[rows] = rng.integers(0, 2, size=(len(rows), width)).astype(bool)
        unsatisfied[rows] = ~(positive[rows] == truth[rows]).any(axis=1)
    return np.where(positive, variables, -variables).tolist()


def render_clause(clause: Clause) -> str:
    """`(x1 ∨ ¬x3 ∨ x4)`."""
    return "(" + " ∨ ".join(f"x{lit}" if lit > 0 else f"¬x{-lit}" for lit in clause) + ")"
