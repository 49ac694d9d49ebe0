"""The one answer extractor: the last `<answer>...</answer>` block counts.

Reasoning before the block is ignored. Where an environment allows it, the last `\\boxed{...}`
is read when there is no answer block. Work is linear in the output length, so a 10 MB output
or deeply nested braces cannot make extraction slow.
"""

from __future__ import annotations

OPEN_TAG = "<answer>"
CLOSE_TAG = "</answer>"
_BOXED = ("\\boxed{", "\\fbox{")


def extract_answer(output: str | None, *, allow_boxed: bool = False) -> str | None:
    """Returns the text of the last complete answer block, stripped, or None if there is none.

    Tags are matched case-insensitively. A block that opens but never closes does not count.
    With `allow_boxed`, the content of the last balanced ``\\boxed{...}`` is used when the
    output holds no answer block.
    """
    if not isinstance(output, str) or not output:
        return None
    lowered = output.lower()
    end = lowered.rfind(CLOSE_TAG)
    if end != -1:
        start = lowered.rfind(OPEN_TAG, 0, end)
        if start != -1:
            return output[start + len(OPEN_TAG) : end].strip()
    if allow_boxed:
        return extract_boxed(output)
    return None


def extract_boxed(text: str) -> str | None:
    """The content of the last balanced ``\\boxed{...}`` (or ``\\fbox{...}``) in `text`."""
    best = -1
    marker = ""
    for candidate in _BOXED:
        position = text.rfind(candidate)
        if position > best:
            best, marker = position, candidate
    if best == -1:
        return None
    depth = 1
    begin = best + len(marker)
    for index in range(begin, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[begin:index].strip()
    return None


def printable(text: str | None, limit: int = 200) -> str | None:
    """A JSON-safe, shortened copy of model text for `Verdict.extracted` and feedback."""
    if text is None:
        return None
    clean = text.encode("utf-8", "replace").decode("utf-8")
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."
