"""Tolerant-of-layout, strict-about-content parsers for short structured answers.

Every parser raises `AnswerFormatError`, whose message is written as feedback for the model.
Inputs are already length-capped by `Env.verify`; numbers are capped in digits before `int()`,
so a giant number is an error, not a slow conversion.
"""

from __future__ import annotations

import re

MAX_DIGITS = 12
_INT = re.compile(r"[+-]?\d+")
_INT_LIST_ALLOWED = re.compile(r"^[\s\d,;\[\](){}+\-]*$")
_PAIR = re.compile(r"([+-]?\d+)\s*(?:-|–|,|\s)\s*([+-]?\d+)")
_WORD = re.compile(r"[a-z]+")


class AnswerFormatError(ValueError):
    """An answer that does not have the required form; the message is model feedback."""


def parse_int(text: str, low: int | None = None, high: int | None = None) -> int:
    """One integer (optionally signed), within [low, high] when given."""
    stripped = text.strip().rstrip(".")
    if not _INT.fullmatch(stripped):
        raise AnswerFormatError("give a single integer")
    return _checked_int(stripped, low, high)


def parse_int_list(
    text: str,
    *,
    low: int | None = None,
    high: int | None = None,
    unique: bool = False,
    length: int | None = None,
    what: str = "number",
) -> list[int]:
    """Integers separated by spaces, commas or semicolons, optionally in brackets.

    Args:
        low, high: inclusive bounds for each item.
        unique: reject repeated items.
        length: the exact number of items required.
        what: the noun used in feedback ("vertex", "variable", ...).
    """
    if not _INT_LIST_ALLOWED.match(text):
        raise AnswerFormatError(
            f"write only integers separated by spaces or commas (each a {what})"
        )
    items = [_checked_int(token, low, high, what) for token in _INT.findall(text)]
    if unique:
        seen: set[int] = set()
        for item in items:
            if item in seen:
                raise AnswerFormatError(f"{what} {item} appears more than once")
            seen.add(item)
    if length is not None and len(items) != length:
        raise AnswerFormatError(f"expected {length} {what}s, got {len(items)}")
    return items


def parse_int_pairs(
    text: str, *, low: int | None = None, high: int | None = None, what: str = "vertex"
) -> list[tuple[int, int]]:
    """Pairs such as `1-2, 3-4`, `(1,2) (3,4)` or one pair per line."""
    cleaned = re.sub(r"[\[\](){};]", " ", text)
    pairs = []
    for match in _PAIR.finditer(cleaned):
        pairs.append(
            (_checked_int(match[1], low, high, what), _checked_int(match[2], low, high, what))
        )
    leftover = _PAIR.sub(" ", cleaned).replace(",", " ").strip()
    if leftover:
        raise AnswerFormatError(f"write pairs like 1-2, 3-4; could not read {leftover[:30]!r}")
    return pairs


def parse_choice(text: str, choices: dict[str, str]) -> str:
    """One word from a closed set, e.g. {"yes": "yes", "no": "no", "sat": "yes"}.

    Exactly one of the known words may occur; an answer naming two different options (a hedge
    such as "yes or no") is an error, never credited.
    """
    words = {choices[w] for w in _WORD.findall(text.lower()) if w in choices}
    if len(words) != 1:
        options = " or ".join(sorted(set(choices.values())))
        raise AnswerFormatError(f"answer with exactly one of: {options}")
    return words.pop()


def _checked_int(token: str, low: int | None, high: int | None, what: str = "number") -> int:
    digits = token.lstrip("+-")
    if len(digits) > MAX_DIGITS:
        raise AnswerFormatError(f"{token[:15]}... is too large to be a {what}")
    value = int(token)
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"{low}..{high}"
            if low is not None and high is not None
            else f">= {low}"
            if low is not None
            else f"<= {high}"
        )
        raise AnswerFormatError(f"{value} is not a valid {what}: expected {bounds}")
    return value
