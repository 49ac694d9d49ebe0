"""Shared pieces of the program-reasoning envs (generated Python functions ``f(xs)``)."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.params import Params
from palaestra.tools.sandbox import values_equal
from palaestra.tools.sandbox._harness import encode
from palaestra.verifiers.code import parse_literal
from palaestra.verifiers.parsing import AnswerFormatError

MAX_INPUT_LENGTH = 20


class ProgramParams(Params):
    statements: int = Field(
        3, ge=1, le=12, description="statements in the function; more is harder"
    )
    length: int = Field(4, ge=1, le=12, description="length of the input list; more is harder")


PROGRAM_LEVELS = {
    lv: {"statements": min(12, 1 + lv), "length": min(12, 2 + (lv + 1) // 2)} for lv in range(1, 11)
}


def random_input(rng: np.random.Generator, length: int) -> list[int]:
    return [int(v) for v in rng.integers(-5, 20, size=int(rng.integers(1, length + 1)))]


def parse_int_list(text: str) -> list[int]:
    """A literal list of at most `MAX_INPUT_LENGTH` small integers."""
    value = parse_literal(text)
    if not isinstance(value, list | tuple) or not all(
        type(v) is int and abs(v) < 10**6 for v in value
    ):
        raise AnswerFormatError("give a list of integers, e.g. [3, 1, 2]")
    if len(value) > MAX_INPUT_LENGTH:
        raise AnswerFormatError(f"give at most {MAX_INPUT_LENGTH} integers")
    return list(value)


def same_value(answer: Any, expected: Any) -> bool:
    """Equality of a parsed answer literal with an encoded expected value."""
    try:
        return values_equal(encode(answer), expected)
    except (TypeError, ValueError):
        return False


def show(value: Any) -> str:
    """A Python literal for an encoded value (tuples are lists after encoding)."""
    return repr(value)


SAFE_CALL = (
    "\n\ndef _outcome(function, xs):\n    try:\n        return ['ok', function(list(xs))]\n"
    "    except Exception as exc:\n        return ['error', type(exc).__name__]\n"
)
