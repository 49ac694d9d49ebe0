"""Checking truth assignments: parse a full assignment, find a clause it leaves false."""

from __future__ import annotations

from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list


def parse_assignment(text: str, n_vars: int) -> list[bool]:
    """Reads signed literals (`1 -2 3`, `[1, -2, 3]`) into values for variables 1..n_vars.

    Every variable must appear exactly once: a missing variable is not read as false (as some
    checkers do), and a repeated or contradictory one is an error (AnswerFormatError).
    """
    literals = parse_int_list(text, low=-n_vars, high=n_vars, what="literal")
    values: dict[int, bool] = {}
    for literal in literals:
        if literal == 0:
            raise AnswerFormatError(f"0 is not a variable: variables are 1..{n_vars}")
        if abs(literal) in values:
            raise AnswerFormatError(f"variable x{abs(literal)} appears more than once")
        values[abs(literal)] = literal > 0
    missing = [v for v in range(1, n_vars + 1) if v not in values]
    if missing:
        shown = ", ".join(f"x{v}" for v in missing[:5])
        raise AnswerFormatError(f"every variable needs a value; missing: {shown}")
    return [values[v] for v in range(1, n_vars + 1)]


def first_false_clause(clauses: list[list[int]], values: list[bool]) -> int | None:
    """Index of the first clause with no true literal under `values`, or None if all hold."""
    for index, clause in enumerate(clauses):
        if not any((lit > 0) == values[abs(lit) - 1] for lit in clause):
            return index
    return None


def format_assignment(values: list[bool]) -> str:
    return " ".join(str(i) if v else str(-i) for i, v in enumerate(values, start=1))
