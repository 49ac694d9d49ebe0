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
# Possessive digit runs and single spaces (whitespace is collapsed first) keep matching linear.
_PAIR = re.compile(r"(?<!\d)([+-]?\d++) ?[-–, ]? ?([+-]?\d++)")
_WORD = re.compile(r"[a-z]+")
_LEADING_WORD = re.compile(r"\s*([A-Za-z]+)(?![A-Za-z])[\s:,;.]*")


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
    cleaned = re.sub(r"\s+", " ", re.sub(r"[\[\](){};]", " ", text))
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


def parse_keyword(text: str, choices: dict[str, str]) -> tuple[str, str]:
    """A leading word from a closed set and the text after it.

    ``parse_keyword("SAT: 1 -2", {"sat": "yes", "unsat": "no"})`` is ``("yes", "1 -2")``.
    The word is matched case-insensitively and may be followed by ``:``, ``,``, ``;``, ``.``
    or white space. What follows is returned for the caller's own strict parser, which is
    what rejects a second keyword ("SAT or UNSAT").
    """
    match = _LEADING_WORD.match(text)
    if match is None or match[1].lower() not in choices:
        options = " or ".join(sorted({word.upper() for word in choices}))
        raise AnswerFormatError(f"start the answer with one of: {options}")
    return choices[match[1].lower()], text[match.end() :].strip()


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


_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1}}}")
_MAPPING_ALLOWED = re.compile(r"^[\s\d,;:=+\-><→\[\](){}]*$")
_MAP_PAIR = re.compile(r"(?<!\d)([+-]?\d++)\s*+(?:->|→|:|=)\s*+([+-]?\d++)")
_GROUP_SEPARATORS = re.compile(r"[\n|;]")
_BRACKETED = re.compile(r"[\[({]([^\[\](){}]*)[\])}]")


def parse_int_mapping(
    text: str,
    keys: int,
    *,
    low: int | None = None,
    high: int | None = None,
    what: str = "vertex",
    value_what: str = "value",
) -> list[int]:
    """Pairs `key:value`, `key->value` or `key=value` for every key 0..keys-1, exactly once.

    Pairs may be separated by spaces, commas, semicolons or lines, optionally in braces, e.g.
    ``0:2, 1:1, 2:3`` or ``{0: 2, 1: 1, 2: 3}``. Returns the values in key order. A missing,
    repeated or unknown key is an error, never defaulted.
    """
    if not _MAPPING_ALLOWED.match(text):
        raise AnswerFormatError(f"write pairs like 0:2, 1:1 ({what}:{value_what})")
    reject_long_numbers(text, what)
    leftover = _MAP_PAIR.sub(" ", text)
    if re.search(r"\d", leftover):
        raise AnswerFormatError(f"write pairs like 0:2, 1:1 ({what}:{value_what})")
    values: dict[int, int] = {}
    for match in _MAP_PAIR.finditer(text):
        key = _checked_int(match[1], 0, keys - 1, what)
        if key in values:
            raise AnswerFormatError(f"{what} {key} appears more than once")
        values[key] = _checked_int(match[2], low, high, value_what)
    missing = [key for key in range(keys) if key not in values]
    if missing:
        shown = ", ".join(map(str, missing[:5]))
        raise AnswerFormatError(f"every {what} needs a {value_what}; missing: {shown}")
    return [values[key] for key in range(keys)]


def parse_int_groups(
    text: str, *, low: int | None = None, high: int | None = None, what: str = "vertex"
) -> list[list[int]]:
    """Groups of integers: one group per line, or groups separated by `|` or `;`, or each
    group in brackets (``[0, 3] [1 2]``, ``{0,3},{1,2}``). Empty groups are skipped; an item
    may appear in only one group and only once.
    """
    if _BRACKETED.search(text):
        chunks = _BRACKETED.findall(text)
        if re.search(r"\d", _BRACKETED.sub(" ", text)):
            raise AnswerFormatError(f"put every {what} inside a group's brackets")
    else:
        chunks = _GROUP_SEPARATORS.split(text)
    groups = [parse_int_list(chunk, low=low, high=high, what=what) for chunk in chunks]
    groups = [group for group in groups if group]
    seen: set[int] = set()
    for group in groups:
        for item in group:
            if item in seen:
                raise AnswerFormatError(f"{what} {item} appears more than once")
            seen.add(item)
    return groups


def reject_long_numbers(text: str, what: str = "number") -> None:
    """Raises AnswerFormatError for a run of more than MAX_DIGITS digits.

    Call it before a regex that backtracks over digit runs (such as the pair patterns), so a
    19,000-digit "number" costs one linear scan instead of quadratic backtracking.
    """
    match = _LONG_NUMBER.search(text)
    if match:
        raise AnswerFormatError(f"{match[0][:15]}... is too large to be a {what}")


def parse_vertex_pairs(
    text: str, *, low: int | None = None, high: int | None = None, what: str = "vertex"
) -> list[tuple[int, int]]:
    """`parse_int_pairs` with its input made safe for its pattern, in linear time.

    The pair pattern backtracks quadratically over a long digit or whitespace run (a
    20,000-character answer of one digit and spaces takes seconds), so over-long numbers are
    rejected and whitespace runs folded to one space first; the pairs read are unchanged.
    """
    reject_long_numbers(text, what)
    return parse_int_pairs(re.sub(r"\s+", " ", text), low=low, high=high, what=what)
