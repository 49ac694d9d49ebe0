"""Small pieces the SAT-family environments share: verdict wording and answer-text helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from math import log2

from pydantic import model_validator

from palaestra.generators.cnf import render_clause
from palaestra.params import Params
from palaestra.records import Verdict
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import Clause, first_false_clause, format_assignment

NO_PARTIAL_CREDIT = "Only an optimal answer scores; there is no partial credit."
SAT_WORDS = {"sat": "sat", "satisfiable": "sat", "unsat": "unsat", "unsatisfiable": "unsat"}
YES_NO = {"yes": "yes", "no": "no"}


class ClauseParams(Params):
    """Knobs of random CNF formulas: `n` literals per clause over `k` variables. Subclasses
    declare both fields with their own bounds; the rule that a clause's n distinct
    variables need k >= n lives here."""

    n: int
    k: int

    @model_validator(mode="after")
    def _clause_fits(self) -> ClauseParams:
        if self.n > self.k:
            raise ValueError(
                f"a clause of n={self.n} distinct variables needs k >= n variables (k={self.k})"
            )
        return self


def assignment_format(noun: str = "variable", binary: bool = False) -> str:
    """The prompt sentence for a full assignment; `binary` speaks of 1/0 instead of true/false."""
    values = "i if xi = 1, -i if xi = 0" if binary else "i if xi is true, -i if it is false"
    return (
        f"Give every {noun} exactly once as a signed integer: {values}, separated by spaces "
        "(for example: 1 -2 3)."
    )


def failing_constants(n_vars: int, fails: Callable[[list[bool]], bool]) -> list[str]:
    """Answer blocks with the all-true and all-false assignments, where `fails` says so."""
    constants = ([value] * n_vars for value in (True, False))
    return [block(format_assignment(values)) for values in constants if fails(values)]


def invalid(exc: AnswerFormatError, what: str) -> Verdict:
    """The verdict for an answer that does not parse as `what` ("assignment", ...)."""
    return Verdict.fail("invalid", f"Not a valid {what}: {exc}.")


def clauses_verdict(clauses: list[Clause], values: list[bool]) -> Verdict:
    """Right when `values` make every clause true; otherwise names the first false clause."""
    violated = first_false_clause(clauses, values)
    if violated is None:
        return Verdict.right()
    clause = render_clause(clauses[violated])
    return Verdict.fail("wrong", f"Clause {violated + 1} {clause} is false under your assignment.")


def literal_set_verdict(claimed: dict[int, bool], truth: dict[int, bool], what: str) -> Verdict:
    """Compares a set of literals ({variable: value}) with the true set; feedback names one
    wrong literal, or only says that some are missing (naming one would give it away)."""
    for var in sorted(claimed):
        if truth.get(var) != claimed[var]:
            literal = f"x{var}" if claimed[var] else f"¬x{var}"
            return Verdict.fail("wrong", f"{literal} is not {what}.")
    if len(claimed) < len(truth):
        return Verdict.fail("wrong", f"At least one literal that is {what} is missing.")
    return Verdict.right()


def block(answer: str | Iterable[int]) -> str:
    """An answer (text, or numbers to join with spaces) as a model output's answer block."""
    text = answer if isinstance(answer, str) else " ".join(map(str, answer))
    return f"<answer>{text}</answer>"


def numbered(items: Iterable[str], prefix: str) -> str:
    """One item per line, numbered from 1 after `prefix`: ``C1: ...``, ``C2: ...``."""
    return "\n".join(f"{prefix}{i}: {item}" for i, item in enumerate(items, start=1))


def saturn_difficulty(n: int, k: int, l: int) -> float:  # noqa: E741
    """Saturn's difficulty estimate D(n, k, l) = log2 k + 2 log2 l - n + k/n for `l` clauses
    of `n` literals over `k` variables (Liu et al. 2025)."""
    return log2(k) + 2 * log2(l) - n + k / n


def saturn_d(n: int, k: int, l: int) -> float:  # noqa: E741
    """`saturn_difficulty` rounded for ``task.meta["cost"]["saturn_d"]``."""
    return round(saturn_difficulty(n, k, l), 4)


def render_sets(sets: list[list[int]], prefix: str = "S") -> str:
    """``S1: {1, 4, 7}``, one set per line."""
    return numbered(("{" + ", ".join(map(str, members)) + "}" for members in sets), prefix)


def render_clauses(clauses: list[Clause], prefix: str = "C") -> str:
    """``C1: (x1 ∨ ¬x2)``, one clause per line."""
    return numbered(map(render_clause, clauses), prefix)
