"""Checking truth assignments: parse a full assignment, find a clause it leaves false."""

from __future__ import annotations

import re

_ALLOWED = re.compile(r"^[\s\d,;\[\](){}+\-]*$")
_LITERAL = re.compile(r"[+-]?\d+")
_MAX_DIGITS = 9


class AssignmentError(ValueError):
    """An answer that is not a complete, consistent assignment; the message is model feedback."""


def parse_assignment(text: str, n_vars: int) -> list[bool]:
    """Reads signed literals (`1 -2 3`, `[1, -2, 3]`) into values for variables 1..n_vars.

    Every variable must appear exactly once: a missing variable is not read as false (as some
    checkers do), and a repeated or contradictory one is an error.
    """
    if not _ALLOWED.match(text):
        raise AssignmentError(
            "write the assignment as signed integers only, e.g. 1 -2 3 (i: xi true, -i: false)"
        )
    values: dict[int, bool] = {}
    for token in _LITERAL.findall(text):
        digits = token.lstrip("+-")
        if len(digits) > _MAX_DIGITS or int(digits) == 0 or int(digits) > n_vars:
            raise AssignmentError(f"{token[:20]} is not a variable: variables are 1..{n_vars}")
        var = int(digits)
        if var in values:
            raise AssignmentError(f"variable x{var} appears more than once")
        values[var] = not token.startswith("-")
    missing = [v for v in range(1, n_vars + 1) if v not in values]
    if missing:
        shown = ", ".join(f"x{v}" for v in missing[:5])
        raise AssignmentError(f"every variable needs a value; missing: {shown}")
    return [values[v] for v in range(1, n_vars + 1)]


def first_false_clause(clauses: list[list[int]], values: list[bool]) -> int | None:
    """Index of the first clause with no true literal under `values`, or None if all hold."""
    for index, clause in enumerate(clauses):
        if not any((lit > 0) == values[abs(lit) - 1] for lit in clause):
            return index
    return None


def format_assignment(values: list[bool]) -> str:
    return " ".join(str(i) if v else str(-i) for i, v in enumerate(values, start=1))
