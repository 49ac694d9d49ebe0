"""Reading move sequences (plans) written by a model.

A plan is a list of steps separated by commas, semicolons or lines, optionally numbered
(``1. U``, ``2) fill A``, ``Step 3: ...``) and bracketed. Each step must match the
environment's pattern in full; an unknown step is an error naming it, never skipped.
Single-letter moves may also be run together (``RRDL``) or separated by spaces. Everything
here is linear in the text and raises only `AnswerFormatError`.
"""

from __future__ import annotations

import re

from palaestra.verifiers.parsing import AnswerFormatError

_STEP_SEPARATORS = re.compile(r"[,;\n]+")
LINE_SEPARATORS = re.compile(r"[;\n]+")
_NUMBERING = re.compile(r"^\s*(?:step\s*)?\d+\s*[.):]\s+|^\s*(?:step\s*)?\d+\s*[.):]$", re.I)
_BRACKETS = str.maketrans({ch: " " for ch in "[]{}\"'`"})


def parse_steps(
    text: str,
    step: re.Pattern[str],
    *,
    what: str = "move",
    max_steps: int = 5_000,
    separators: re.Pattern[str] = _STEP_SEPARATORS,
) -> list[re.Match[str]]:
    """The steps of a plan, each a full match of `step` (compiled case-insensitive by the
    caller when case should not matter). ``none`` or an empty text is the empty plan.
    `separators` splits the steps (commas, semicolons, lines by default; steps that contain
    commas themselves pass `LINE_SEPARATORS`)."""
    cleaned = text.translate(_BRACKETS).strip()
    if cleaned.lower().strip(".") in ("", "none"):
        return []
    steps: list[re.Match[str]] = []
    for item in separators.split(cleaned):
        item = _NUMBERING.sub("", item).strip().rstrip(".")
        if not item:
            continue
        match = step.fullmatch(item)
        if match is None:
            raise AnswerFormatError(f"{item[:30]!r} is not a valid {what}")
        steps.append(match)
        if len(steps) > max_steps:
            raise AnswerFormatError(f"the plan has more than {max_steps} {what}s")
    return steps


def parse_letter_moves(
    text: str, letters: dict[str, str], *, what: str = "move", max_steps: int = 5_000
) -> list[str]:
    """Moves named by single letters (or the words that `letters` also maps), written
    together (``RRDL``) or apart (``R, R, D, L`` / ``right right down left``).

    `letters` maps each accepted spelling, in lower case, to the canonical move; a letter or
    word it does not know is an error naming it.
    """
    cleaned = text.translate(_BRACKETS).lower()
    if cleaned.strip().strip(".") in ("", "none"):
        return []
    moves: list[str] = []
    for word in re.split(r"[\s,;]+", cleaned):
        word = _NUMBERING.sub("", word).strip(".")
        if not word:
            continue
        if word in letters:
            moves.append(letters[word])
        elif all(ch in letters for ch in word):
            moves += [letters[ch] for ch in word]
        else:
            bad = next((ch for ch in word if ch not in letters), word)
            raise AnswerFormatError(f"{bad[:20]!r} in {word[:20]!r} is not a valid {what}")
        if len(moves) > max_steps:
            raise AnswerFormatError(f"the plan has more than {max_steps} {what}s")
    return moves
