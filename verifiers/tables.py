"""Tolerant parsing and strict comparison of table answers: numbers, names, lists, sets,
group -> value mappings and whole tables (multisets of typed rows).

Layout is free (thousands separators, a currency sign, bullets, one item a line or commas,
any letter case); content is strict: one number where one is asked, every item exactly once,
no unknown or missing item. Numbers compare with the tolerance a prompt states: half a unit
in the last asked decimal place around the exact value, so either rounding of a value that
ends in 5 is accepted.

An environment stores what it expects as a JSON dict (see `expected_number`, ...) in
``task.data`` and calls `check_expected(expected, answer)`, which returns a `Verdict`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from palaestra.records import Verdict
from palaestra.verifiers.parsing import AnswerFormatError

MAX_ITEMS = 1_000
MAX_NUMBER_CHARS = 40
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?")
_CURRENCY = "$€£¥"
_BULLET = re.compile(r"^(?:[-*•]\s+|\d{1,4}[.)]\s+)")
_QUOTES = "\"'`*_“”‘’"
_SPACES = re.compile(r"\s+")
_ITEM_SPLIT = re.compile(r"[\n;,]")
_PAIR = re.compile(r"([^:=]+?)\s*[:=]\s*(\S.*)", re.DOTALL)
_PAIR_SPLIT = re.compile(r"[\n;]|,(?=[^,:=]*[:=])")
TRUE_FALSE = {
    "true": "true",
    "entailed": "true",
    "yes": "true",
    "false": "false",
    "refuted": "false",
    "no": "false",
}


# --------------------------------------------------------------------------- parsing
def normalise_text(text: str) -> str:
    """Case-folded text without surrounding quotes, markup or a final period, spaces collapsed."""
    cleaned = _SPACES.sub(" ", text).strip().strip(_QUOTES).strip()
    if cleaned.endswith(".") and not cleaned[:-1].endswith("."):
        cleaned = cleaned[:-1].rstrip()
    return cleaned.strip(_QUOTES).strip().casefold()


def parse_number(text: str, *, percent: bool = False) -> float:
    """One decimal number: ``-1,234.5``, ``$12``, ``12.5%`` (the % only when `percent`)."""
    cleaned = text.strip().replace("−", "-").replace("–", "-").strip(_QUOTES).strip()
    cleaned = cleaned.rstrip(".") if cleaned.count(".") > 1 or cleaned.endswith(".") else cleaned
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    sign = ""
    if cleaned and cleaned[0] in "+-":
        sign, cleaned = cleaned[0], cleaned[1:]
    cleaned = cleaned.lstrip(_CURRENCY)
    if len(cleaned) > MAX_NUMBER_CHARS or not cleaned or not _NUMBER.fullmatch(cleaned):
        kind = "a number such as 1234.56 or a percentage" if percent else "a single number"
        raise AnswerFormatError(f"give {kind}, without words or units")
    if not any(ch.isdigit() for ch in cleaned):
        raise AnswerFormatError("give a single number")
    return float(sign + cleaned.replace(",", ""))


def parse_items(text: str, *, separators: re.Pattern[str] = _ITEM_SPLIT) -> list[str]:
    """Items separated by newlines, commas or semicolons, optionally bulleted or numbered,
    optionally in brackets; returned as written (stripped)."""
    body = text.strip()
    if len(body) >= 2 and body[0] + body[-1] in ("[]", "()", "{}"):
        body = body[1:-1]
    items = []
    for raw in separators.split(body):
        item = _BULLET.sub("", raw.strip()).strip().strip(_QUOTES).strip()
        if item:
            items.append(item)
        if len(items) > MAX_ITEMS:
            raise AnswerFormatError(f"more than {MAX_ITEMS} items")
    return items


def parse_mapping(text: str) -> dict[str, str]:
    """``key: value`` pairs, one a line or separated by commas or semicolons; a key given
    twice is an error. Keys are normalised with `normalise_text`."""
    out: dict[str, str] = {}
    for item in parse_items(text, separators=_PAIR_SPLIT):
        match = _PAIR.fullmatch(item)
        if match is None:
            raise AnswerFormatError(
                f"write each entry as 'name: value'; could not read {item[:40]!r}"
            )
        name = normalise_text(match[1])
        if name in out:
            raise AnswerFormatError(f"{match[1][:40]!r} is given more than once")
        out[name] = match[2]
    return out


# --------------------------------------------------------------------------- comparison
def tolerance(decimals: int) -> float:
    """Half a unit in the last place of `decimals` decimal places."""
    return 0.5 * 10.0 ** (-decimals)


def numbers_close(answer: float, exact: float, decimals: int) -> bool:
    """Whether `answer` is within half a unit in the `decimals`-th place of `exact` (with a
    hair of slack for binary floating point)."""
    if not (math.isfinite(answer) and math.isfinite(exact)):
        return False
    slack = 1e-9 * max(1.0, abs(exact))
    return abs(answer - exact) <= tolerance(decimals) + slack


def format_number(value: float, decimals: int) -> str:
    """`value` rounded to `decimals` places, the way a reference answer is written."""
    text = f"{value:.{decimals}f}"
    return "0" if decimals == 0 and text == "-0" else text


def multiset_difference(gold: Sequence[str], answer: Sequence[str]) -> tuple[list[str], list[str]]:
    """(gold items the answer lacks, answer items that are not in the gold), with repeats."""
    gold_count, answer_count = Counter(gold), Counter(answer)
    return list((gold_count - answer_count).elements()), list(
        (answer_count - gold_count).elements()
    )


# --------------------------------------------------------------------------- expectations
def expected_number(value: float, decimals: int, *, percent: bool = False) -> dict[str, Any]:
    """A numeric answer: the exact value and the decimal places the prompt asks for."""
    return {"kind": "number", "value": value, "decimals": decimals, "percent": percent}


def expected_text(value: str) -> dict[str, Any]:
    """A single name, category or date, compared case-insensitively."""
    return {"kind": "text", "value": value}


def expected_items(values: Sequence[str], *, ordered: bool) -> dict[str, Any]:
    """A list (`ordered`) or a set of names."""
    return {"kind": "list" if ordered else "set", "values": list(values)}


def expected_mapping(values: dict[str, float], decimals: int) -> dict[str, Any]:
    """Group name -> number, each number with the stated tolerance."""
    return {"kind": "mapping", "values": dict(values), "decimals": decimals}


def expected_label(value: str) -> dict[str, Any]:
    """``true`` or ``false`` (entailed or refuted)."""
    return {"kind": "label", "value": value}


def reference_text(expected: dict[str, Any]) -> str:
    """The canonical answer text for an expectation."""
    kind = expected["kind"]
    if kind == "number":
        return format_number(expected["value"], expected["decimals"])
    if kind in ("text", "label"):
        return str(expected["value"])
    if kind in ("list", "set"):
        return ", ".join(expected["values"])
    if kind == "mapping":
        return "\n".join(
            f"{k}: {format_number(v, expected['decimals'])}" for k, v in expected["values"].items()
        )
    raise ValueError(f"unknown expectation kind {kind!r}")


def check_expected(expected: dict[str, Any], answer: str) -> Verdict:
    """Checks an extracted answer against an expectation; never raises on model text."""
    try:
        return _CHECKS[expected["kind"]](expected, answer)
    except AnswerFormatError as exc:
        return Verdict.fail("unparsable", f"Could not read the answer: {exc}.")


def _check_number(expected: dict[str, Any], answer: str) -> Verdict:
    value = parse_number(answer, percent=expected.get("percent", False))
    decimals = expected["decimals"]
    if numbers_close(value, expected["value"], decimals):
        return Verdict.right()
    places = f"rounded to {decimals} decimals" if decimals else "as a whole number"
    return Verdict.fail("wrong", f"{answer[:40]} is not the right value ({places}).")


def _check_text(expected: dict[str, Any], answer: str) -> Verdict:
    if normalise_text(answer) == normalise_text(str(expected["value"])):
        return Verdict.right()
    return Verdict.fail("wrong", "That is not the right answer; give exactly one value.")


def _check_items(expected: dict[str, Any], answer: str) -> Verdict:
    gold = [normalise_text(v) for v in expected["values"]]
    given = [normalise_text(v) for v in parse_items(answer)]
    repeated = [item for item, n in Counter(given).items() if n > 1]
    if repeated:
        return Verdict.fail("invalid", f"{repeated[0][:40]!r} is listed more than once.")
    if expected["kind"] == "list":
        if given == gold:
            return Verdict.right()
        if sorted(given) == sorted(gold):
            return Verdict.fail("wrong", "The right items, but not in the order asked for.")
    elif sorted(given) == sorted(gold):
        return Verdict.right()
    missing, unknown = multiset_difference(gold, given)
    detail = f"{len(missing)} missing and {len(unknown)} that do not belong"
    return Verdict.fail("wrong", f"The items are not right: {detail}.")


def _check_mapping(expected: dict[str, Any], answer: str) -> Verdict:
    gold = {normalise_text(k): v for k, v in expected["values"].items()}
    given = parse_mapping(answer)
    unknown = sorted(set(given) - set(gold))
    missing = sorted(set(gold) - set(given))
    if unknown or missing:
        what = f"unknown group {unknown[0][:40]!r}" if unknown else f"missing group {missing[0]!r}"
        return Verdict.fail("wrong", f"The groups are not right: {what}.")
    for name, text in given.items():
        value = parse_number(text)
        if not numbers_close(value, gold[name], expected["decimals"]):
            return Verdict.fail("wrong", f"The value for {name!r} is not right.")
    return Verdict.right()


def _check_label(expected: dict[str, Any], answer: str) -> Verdict:
    # The whole answer must be one label word: "true or false", "true true" are not labels.
    label = TRUE_FALSE.get(normalise_text(answer))
    if label is None:
        raise AnswerFormatError("answer with exactly one word: true or false")
    if label == expected["value"]:
        return Verdict.right()
    return Verdict.fail("wrong", "That is the wrong label.")


_CHECKS = {
    "number": _check_number,
    "text": _check_text,
    "list": _check_items,
    "set": _check_items,
    "mapping": _check_mapping,
    "label": _check_label,
}


# --------------------------------------------------------------------------- whole tables
def parse_table_text(text: str) -> list[list[str]]:
    """Rows of cells from a Markdown pipe table or CSV text, header row included.

    Markdown separator rows (``|---|---|``) are dropped; a table must have the same number of
    cells in every row.
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        raise AnswerFormatError("give the table, one row a line")
    if len(lines) > MAX_ITEMS + 2:
        raise AnswerFormatError(f"more than {MAX_ITEMS} rows")
    if lines[0].startswith("|"):
        rows = []
        for line in lines:
            inner = line[1:-1] if line.endswith("|") and len(line) > 1 else line[1:]
            cells = [c.strip() for c in inner.split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue
            rows.append(cells)
    else:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO("\n".join(lines)))]
    if len({len(r) for r in rows}) != 1:
        raise AnswerFormatError("every row must have the same number of cells")
    return rows


def cell_matches(gold: Any, text: str, decimals: int | None = None) -> bool:
    """A typed cell comparison: numbers within tolerance (exact for whole numbers when
    `decimals` is None), None against an empty cell or NULL, text case-insensitively."""
    cleaned = text.strip()
    if gold is None:
        return cleaned.casefold() in ("", "null", "none", "nan")
    if isinstance(gold, bool):
        return normalise_text(cleaned) in (("true", "1") if gold else ("false", "0"))
    if isinstance(gold, int | float):
        try:
            value = parse_number(cleaned)
        except AnswerFormatError:
            return False
        if decimals is None:
            return value == gold if isinstance(gold, int) else numbers_close(value, float(gold), 6)
        return numbers_close(value, float(gold), decimals)
    return normalise_text(cleaned) == normalise_text(str(gold))


def rows_match_as_multiset(
    gold: Sequence[Sequence[Any]],
    answer: Sequence[Sequence[str]],
    decimals: Sequence[int | None] | None = None,
    *,
    ordered: bool = False,
) -> bool:
    """Whether answer rows (text cells) equal the gold rows (typed cells) as a multiset, or
    as a sequence when `ordered`. Each gold row is matched to a distinct answer row."""
    if len(gold) != len(answer):
        return False
    width = len(gold[0]) if gold else 0
    if any(len(row) != width for row in answer):
        return False
    places = list(decimals) if decimals is not None else [None] * width

    def same(g: Sequence[Any], a: Sequence[str]) -> bool:
        return all(
            cell_matches(gv, av, places[i]) for i, (gv, av) in enumerate(zip(g, a, strict=True))
        )

    if ordered:
        return all(same(g, a) for g, a in zip(gold, answer, strict=True))
    # Rows first meet by their text cells; numbers (with tolerance) are matched within a bucket.
    buckets: dict[tuple[str, ...], list[Sequence[str]]] = {}
    for row in answer:
        buckets.setdefault(_text_key(row), []).append(row)
    for row in gold:
        candidates = buckets.get(_text_key(row), [])
        position = next((i for i, a in enumerate(candidates) if same(row, a)), None)
        if position is None:
            return False
        candidates.pop(position)
    return True


def _text_key(row: Sequence[Any]) -> tuple[str, ...]:
    """The row's non-numeric cells, normalised; numbers and missing cells are wildcards."""
    key = []
    for cell in row:
        if cell is None or isinstance(cell, int | float):
            key.append("#")
            continue
        text = str(cell).strip()
        try:
            parse_number(text)
            key.append("#")
        except AnswerFormatError:
            key.append(
                "#" if text.casefold() in ("", "null", "none", "nan") else normalise_text(text)
            )
    return tuple(key)
