"""Math answer equivalence: an exact rational fast path, then math-verify under a deadline.

    from palaestra.verifiers.math import check
    check("1/2", "\\frac{1}{2}")    # MathResult(equal=True, status='ok', detail='exact ...')
    check("1/3", "0.333")           # equal=False: rationals are compared exactly
    check("\\sqrt{2}", "2^{1/2}")   # equal=True, by math-verify in a worker process

1. Exact path, in-process: when both strings are plain rationals (an optional sign, an
   integer, a decimal, ``a/b`` or ``\\frac{a}{b}`` / ``\\dfrac`` / ``\\tfrac``, optionally in
   ``$...$``, ``\\(...\\)``, ``\\[...\\]``, ``\\boxed{}``, parentheses or after ``x =``), they
   are compared with `fractions.Fraction`: 0.5 equals 1/2, 0.333 does not equal 1/3.
2. Otherwise math-verify (`parse` + `verify`) runs in a worker process of
   `palaestra.verifiers.deadline` with a per-call deadline, because its own timeouts only
   work in the main thread and some inputs (power towers, iterated factorials) run forever.
   math-verify accepts expressions (``3+4*2`` equals 11) and rounds floats to 6 digits;
   environments that want a number, not an expression, check `parse_rational` first.

`check` never raises on any answer and never waits on one answer much past its deadline.
Answers longer than `MAX_ANSWER_CHARS` are not read. Nothing here evaluates model text
except math-verify's own parser, inside the worker.
"""

from __future__ import annotations

import logging
import re
from fractions import Fraction
from typing import Literal, NamedTuple

from palaestra.verifiers.deadline import run_with_deadline
from palaestra.verifiers.extract import extract_answer

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 2_000
MAX_DIGITS = 4_000  # below Python's int() limit of 4,300 digits
DEFAULT_TIMEOUT_S = 5.0
WORKER_MODULE = "palaestra.verifiers._math_worker"
_TARGET = f"{WORKER_MODULE}:compare"

MathStatus = Literal["ok", "unparsable", "timeout", "error"]


class MathResult(NamedTuple):
    """The outcome of one comparison.

    Attributes:
        equal: whether the answer equals the reference; None when it could not be decided.
        status: ``ok`` (compared), ``unparsable`` (the answer is empty, too long or not
            readable as math), ``timeout`` (the comparison ran past its deadline) or
            ``error`` (the reference could not be parsed or no worker could start: a bug or
            a broken install, logged, never the model's fault).
        detail: a short explanation, safe to show to the model.
    """

    equal: bool | None
    status: MathStatus
    detail: str


# ------------------------------------------------------------------ the exact rational path
_DECIMAL = r"(?:\d+(?:\.\d*)?|\.\d+)"
_SIGNED = rf"[+-]?\s*{_DECIMAL}"
_PLAIN = re.compile(rf"(?P<sign>[+-]?)\s*(?P<num>{_DECIMAL})(?:\s*/\s*(?P<den>{_DECIMAL}))?")
_FRAC = re.compile(
    r"(?P<sign>[+-]?)\s*\\[dt]?frac\s*"
    rf"(?:\{{\s*(?P<num>{_SIGNED})\s*\}}|(?P<num1>\d))\s*"
    rf"(?:\{{\s*(?P<den>{_SIGNED})\s*\}}|(?P<den1>\d))"
)
_WRAPPERS = (
    re.compile(r"\$\$(.*)\$\$", re.DOTALL),
    re.compile(r"\$(.*)\$", re.DOTALL),
    re.compile(r"\\\((.*)\\\)", re.DOTALL),
    re.compile(r"\\\[(.*)\\\]", re.DOTALL),
    re.compile(r"\\boxed\s*\{(.*)\}", re.DOTALL),
    re.compile(r"\((.*)\)", re.DOTALL),
)
_ASSIGNMENT = re.compile(r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*=\s*(.*)", re.DOTALL)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\ufe63": "-", "\uff0d": "-"})


def _unwrap(text: str) -> str:
    """Strips math delimiters and \\boxed{} (nested, a few levels) and one ``x =`` prefix."""
    assigned = False
    for _ in range(8):  # a bound: each round must remove something
        before = text
        for pattern in _WRAPPERS:
            match = pattern.fullmatch(text)
            if match:
                text = match.group(1).strip()
        match = None if assigned else _ASSIGNMENT.fullmatch(text)
        if match:
            text = match.group(1).strip()
            assigned = True
        if text == before:
            break
    return text


def _decimal(text: str) -> Fraction | None:
    """An exact Fraction of an optionally signed decimal literal (digits bounded)."""
    text = "".join(text.split())
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    whole, _, fraction = text.partition(".")
    digits = whole + fraction
    if not digits or len(digits) > MAX_DIGITS:
        return None
    return Fraction(sign * int(digits), 10 ** len(fraction))


def parse_rational(text: str) -> Fraction | None:
    """The exact value of a plain rational literal, or None if `text` is anything else.

    Accepted: an optional sign, then an integer, a decimal, ``a/b`` or ``\\frac{a}{b}``
    (``\\dfrac``, ``\\tfrac``, ``\\frac12``), possibly inside ``$...$``, ``\\(...\\)``,
    ``\\[...\\]``, ``\\boxed{}`` or parentheses, possibly after ``x =``. Unicode minus signs
    count as ``-``. Expressions (``3+4*2``), thousands separators, exponents and zero
    denominators give None. Work is linear in the length and numbers over `MAX_DIGITS`
    digits give None, so no input is slow.
    """
    if not isinstance(text, str) or len(text) > 4 * MAX_DIGITS:
        return None
    body = _unwrap(text.translate(_MINUS_SIGNS).strip())
    match = _PLAIN.fullmatch(body)
    if match:
        numerator_text, denominator_text = match["num"], match["den"]
    else:
        match = _FRAC.fullmatch(body)
        if not match:
            return None
        numerator_text = match["num"] or match["num1"]
        denominator_text = match["den"] or match["den1"]
    numerator = _decimal(numerator_text)
    denominator = Fraction(1) if denominator_text is None else _decimal(denominator_text)
    if numerator is None or denominator is None or denominator == 0:
        return None
    value = numerator / denominator
    return -value if match["sign"] == "-" else value


# ------------------------------------------------------------------ the public checks
def check(gold: str, answer: str | None, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> MathResult:
    """Compares an extracted answer with the reference answer `gold`.

    Args:
        gold: the reference answer (trusted: written by an environment).
        answer: the model's extracted answer text, or None when there was none.
        timeout_s: the deadline for the math-verify step (the exact path needs none).

    Returns:
        A `MathResult`; never raises on any `answer`.

    Raises:
        ValueError: `timeout_s` is not a positive number (a caller's bug).
    """
    if not (isinstance(timeout_s, int | float) and timeout_s > 0):
        raise ValueError(f"timeout_s must be a positive number of seconds, got {timeout_s!r}")
    if answer is None:
        return MathResult(None, "unparsable", "there is no answer")
    if not isinstance(answer, str):
        return MathResult(None, "unparsable", "the answer is not text")
    text = answer.strip()
    if not text:
        return MathResult(None, "unparsable", "the answer is empty")
    if len(text) > MAX_ANSWER_CHARS:
        return MathResult(
            None,
            "unparsable",
            f"the answer is {len(text)} characters long; at most {MAX_ANSWER_CHARS} are read",
        )
    if not isinstance(gold, str) or not gold.strip():
        log.error("math check called with an empty or non-text reference answer: %r", gold)
        return MathResult(None, "error", "the reference answer is missing")

    gold_value = parse_rational(gold)
    if gold_value is not None:
        answer_value = parse_rational(text)
        if answer_value is not None:
            return MathResult(gold_value == answer_value, "ok", "exact rational comparison")

    try:
        outcome = run_with_deadline(
            _TARGET, (gold, text), timeout_s=timeout_s, preload=(WORKER_MODULE,)
        )
    except Exception as exc:
        log.error("the math checker could not run: %s", exc)
        return MathResult(None, "error", "the checker could not run")
    if outcome.status == "ok":
        equal, status, detail = outcome.value
        if status == "error":
            log.error("math-verify could not parse the reference answer %r", gold[:200])
        return MathResult(equal, status, detail)
    if outcome.status == "timeout":
        return MathResult(None, "timeout", f"checking took longer than {timeout_s:g} s")
    # math-verify raising or its process dying on an input is a property of that input.
    log.debug("math-verify failed on an answer: %s %s", outcome.status, outcome.detail)
    return MathResult(None, "unparsable", "the answer could not be compared")


def check_output(
    gold: str, output: str | None, *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> MathResult:
    """`check` on the answer extracted from a whole model output (answer tags or \\boxed{})."""
    answer = extract_answer(output, allow_boxed=True)
    if answer is None:
        return MathResult(None, "unparsable", "no answer block or \\boxed{} was found")
    return check(gold, answer, timeout_s=timeout_s)
