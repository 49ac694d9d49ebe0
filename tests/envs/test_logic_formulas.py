"""The propositional machinery of the logic envs: the safe parser, exact semantics, and the
certificate checks of the decision and normal-form envs."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.generators.logic import mutate, prime_cover, random_formula, rewrite
from palaestra.verifiers.logic import (
    MAX_DEPTH,
    evaluate,
    format_assignment_text,
    is_normal_form,
    parse_assignment_text,
    parse_formula,
    render,
    render_ascii,
    row_values,
    truth_mask,
)
from palaestra.verifiers.parsing import AnswerFormatError

VARS = ["p", "q", "r", "s"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p & q | r", ["or", ["and", "p", "q"], "r"]),
        ("p -> q -> r", ["imp", "p", ["imp", "q", "r"]]),
        ("~p <-> q", ["iff", ["not", "p"], "q"]),
        ("¬(p ∨ q) ∧ ⊤", ["and", ["not", ["or", "p", "q"]], ["top"]]),
        ("P and not Q", ["and", "p", ["not", "q"]]),
        ("p ^ q ^ r", ["xor", ["xor", "p", "q"], "r"]),
        ("[p => q]", ["imp", "p", "q"]),
    ],
)
def test_parser_precedence_and_spellings(text: str, expected: object) -> None:
    assert parse_formula(text, VARS) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("p & t", "unexpected symbol 't'"),
        ("p &", "ends too early"),
        ("(p | q", "not closed"),
        ("p q", "after a complete formula"),
        ("__import__('os')", "unexpected symbol"),
        ("(" * (MAX_DEPTH + 5) + "p" + ")" * (MAX_DEPTH + 5), "nests deeper"),
        ("~" * 200 + "p", "nests deeper"),
        ("p&" * 5_000 + "p", "more than 8000 symbols"),
        ("p & " * 6_000 + "p", "longer than"),
    ],
)
def test_parser_rejects_bad_input_with_feedback(text: str, message: str) -> None:
    with pytest.raises(AnswerFormatError, match=message):
        parse_formula(text, VARS)


def test_parser_is_fast_on_hostile_input() -> None:
    start = time.perf_counter()
    for text in ("(" * 19_000, "p" + " " * 19_000 + "q", "&" * 19_000, "¬" * 19_000):
        with pytest.raises(AnswerFormatError):
            parse_formula(text, VARS)
    assert time.perf_counter() - start < 2.0


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), connectives=st.integers(1, 6))
def test_rendered_formulas_parse_back_to_the_same_meaning(seed: int, connectives: int) -> None:
    rng = np.random.default_rng(seed)
    formula = random_formula(rng, VARS, connectives)
    mask = truth_mask(formula, VARS)
    for text in (render(formula), render_ascii(formula)):
        assert truth_mask(parse_formula(text, VARS), VARS) == mask
    for row in range(16):
        assert evaluate(formula, row_values(row, VARS)) == bool(mask >> row & 1)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), steps=st.integers(1, 8))
def test_rewrites_keep_the_meaning(seed: int, steps: int) -> None:
    rng = np.random.default_rng(seed)
    formula = random_formula(rng, VARS, 4)
    assert truth_mask(rewrite(formula, rng, steps), VARS) == truth_mask(formula, VARS)
    mutate(formula, rng, VARS)  # a slip may or may not change the meaning; it must not raise


@settings(max_examples=40, deadline=None)
@given(mask=st.integers(0, 2**16 - 1))
def test_prime_cover_covers_exactly_the_rows(mask: int) -> None:
    covered = 0
    for cube in prime_cover(mask, 4):
        cube_mask = (1 << 16) - 1
        for var, value in cube.items():
            literal = VARS[var] if value else ["not", VARS[var]]
            cube_mask &= truth_mask(literal, VARS)
        covered |= cube_mask
    assert covered == mask


def test_assignment_text_is_strict() -> None:
    assert parse_assignment_text('{"p": true, "q": 0}', ["p", "q"]) == {"p": True, "q": False}
    for bad, message in [
        ("p=T", "missing: q"),
        ("p=T, q=F, p=F", "more than once"),
        ("p=T, q=F, r=T", "not one of the variables"),
        ("p=T, q=maybe", "T or F"),
        ("p=T q=F and more", "pairs like"),
    ]:
        with pytest.raises(AnswerFormatError, match=message):
            parse_assignment_text(bad, ["p", "q"])


@pytest.mark.parametrize(
    "env_id",
    ["logic/validity-v1", "logic/satisfiability-v1", "logic/entailment-v1", "logic/equivalence-v1"],
)
def test_every_assignment_is_judged_by_the_semantics(env_id: str) -> None:
    env = pa.make(env_id)
    word = env.certified
    for seed in range(6):
        task = env.generate(seed, 2)
        names = task.data["variables"]
        for values in itertools.product([False, True], repeat=len(names)):
            assignment = dict(zip(names, values, strict=True))
            text = format_assignment_text(assignment, names)
            verdict = env.verify(task, f"<answer>{word}: {text}</answer>")
            certifies = env.right_word(task) == word and (
                env.assignment_problem(task.data, assignment) is None
            )
            assert verdict.correct == certifies


@pytest.mark.parametrize("env_id", ["logic/cnf-conversion-v1", "logic/dnf-conversion-v1"])
def test_normal_forms_are_checked_by_meaning_and_shape(env_id: str) -> None:
    env = pa.make(env_id)
    outer = env.outer
    for seed in range(8):
        task = env.generate(seed, 4)
        names = task.data["variables"]
        reference = env.reference_answer(task)
        assert is_normal_form(parse_formula(reference, names), outer)
        # The canonical form (one group per row) is a different string but equivalent.
        mask = truth_mask(task.data["formula"], names)
        rows = [r for r in range(1 << len(names)) if bool(mask >> r & 1) == (outer == "or")]
        groups = []
        for row in rows:
            values = row_values(row, names)
            if outer == "or":
                groups.append(" & ".join(v if values[v] else f"~{v}" for v in names))
            else:
                groups.append(" | ".join(f"~{v}" if values[v] else v for v in names))
        canonical = (" | " if outer == "or" else " & ").join(f"({g})" for g in groups)
        assert env.verify(task, f"<answer>{canonical}</answer>").correct
        original = render(task.data["formula"])
        verdict = env.verify(task, f"<answer>{original}</answer>")
        assert verdict.reason == "invalid" and "not in" in verdict.feedback
