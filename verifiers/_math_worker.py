"""The math-verify step of `palaestra.verifiers.math`, run inside a deadline worker.

math-verify's own timeouts use ``signal.alarm`` (main thread only), so here they are switched
off (``parsing_timeout=None``, ``timeout_seconds=None``) and the worker process is killed from
outside instead when a comparison runs too long.
"""

from __future__ import annotations

import logging
from typing import Any

from math_verify import parse, verify

# With timeouts off math-verify warns once per process, and it logs a warning for every
# expression it gives up on; both are noise in a trainer's log.
logging.getLogger("math_verify").setLevel(logging.ERROR)


def _balanced(text: str) -> bool:
    """Whether the unescaped braces of `text` nest properly (so it can sit inside \\boxed{})."""
    depth = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def parse_answer(text: str) -> list[Any]:
    """math-verify's parse of an already extracted answer.

    The text is wrapped in ``\\boxed{}`` so that math-verify reads it as one LaTeX answer
    (bare LaTeX such as ``\\sqrt{2}`` is otherwise not found at all); plain parsing is the
    fallback for text that LaTeX parsing cannot read.
    """
    candidates = [f"\\boxed{{{text}}}", text] if _balanced(text) else [text]
    for candidate in candidates:
        parsed = parse(candidate, parsing_timeout=None)
        if parsed:
            return parsed
    return []


def compare(gold: str, answer: str) -> tuple[bool | None, str, str]:
    """(equal, status, detail) for a reference answer and a model's extracted answer."""
    gold_parsed = parse_answer(gold)
    if not gold_parsed:
        return None, "error", "the reference answer could not be parsed"
    answer_parsed = parse_answer(answer)
    if not answer_parsed:
        return None, "unparsable", "the answer could not be read as a mathematical expression"
    equal = verify(gold_parsed, answer_parsed, timeout_seconds=None)
    return bool(equal), "ok", "math-verify"


# The first LaTeX parse in a process builds math-verify's parser (~80 ms); pay it at start-up,
# before the worker reports ready, not inside some call's deadline.
compare("\\frac{1}{2}", "\\sqrt{x}")
