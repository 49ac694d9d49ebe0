"""String transformation pipelines: apply a list of operations to a text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.envs.logic._text import ALPHABET, caesar, letters_text, message
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

VOWELS = set("AEIOU")


def _words(fn: Callable[[str], str]) -> Callable[[str, int], str]:
    return lambda text, _k: " ".join(fn(w) for w in text.split())


# name -> (description, with {k}, {a} and {b} filled per task; function of (text, k))
OPERATIONS: dict[str, tuple[str, Callable[[str, int], str]]] = {
    "reverse_text": ("reverse the whole text (letters and word order)", lambda t, _k: t[::-1]),
    "reverse_words": (
        "reverse the letters of each word, keeping the word order",
        _words(lambda w: w[::-1]),
    ),
    "reverse_order": ("reverse the order of the words", lambda t, _k: " ".join(t.split()[::-1])),
    "sort_words": ("sort the words alphabetically", lambda t, _k: " ".join(sorted(t.split()))),
    "sort_letters": (
        "sort the letters within each word alphabetically",
        _words(lambda w: "".join(sorted(w))),
    ),
    "rotate_words": (
        "rotate each word left by {k} letters (the first {k} letters move to its end, "
        "counting modulo the word's length)",
        lambda t, k: " ".join(w[k % len(w) :] + w[: k % len(w)] for w in t.split()),
    ),
    "shift": (
        "replace every letter by the letter {k} places later in the alphabet (Z wraps to A)",
        lambda t, k: caesar(t, k),
    ),
    "drop_vowels": (
        "delete every vowel (A, E, I, O, U) except in words that would become empty",
        _words(lambda w: "".join(c for c in w if c not in VOWELS) or w),
    ),
    "double_first": ("repeat the first letter of each word", _words(lambda w: w[0] + w)),
    "swap_ends": (
        "swap the first and last letter of each word",
        _words(lambda w: w[-1] + w[1:-1] + w[0] if len(w) > 1 else w),
    ),
    "replace": ("replace every letter {a} by {b}", lambda t, _k: t),  # filled per task
    "rotate_order": (
        "move the first {k} words to the end, in order (modulo the word count)",
        lambda t, k: " ".join(t.split()[k % len(t.split()) :] + t.split()[: k % len(t.split())]),
    ),
}
NAMES = tuple(OPERATIONS)


def apply(text: str, operation: list[Any]) -> str:
    name, k, a, b = operation
    if name == "replace":
        return text.replace(a, b)
    return OPERATIONS[name][1](text, k)


def describe(operation: list[Any]) -> str:
    name, k, a, b = operation
    return OPERATIONS[name][0].format(k=k, a=a, b=b)


class PipelineParams(Params):
    words: int = Field(3, ge=1, le=12, description="words in the text; more is harder")
    operations: int = Field(
        2, ge=1, le=12, description="operations in the pipeline; more is harder"
    )


@register("logic/string-pipeline-v1")
class StringPipeline(ExactEnv):
    """Apply a pipeline of string operations (reverse, rotate, sort, shift, replace, ...).

    Task: a text of generated words and a numbered list of operations, applied in order:
    reversing the text, the words or each word, sorting, rotating words or letters, Caesar
    shifts, letter replacements, deleting vowels, swapping ends. Step-by-step string
    manipulation as in the "string transformation" tasks of program-induction benchmarks.

    Answer format: the final text in capital letters with single spaces between words.

    Knobs: `words` and `operations`; more of each is harder. The cost is operations times
    letters.

    Verification: exact comparison (case and extra spaces do not matter). No partial
    credit.

    Versions: v1, first release.
    """

    Params = PipelineParams
    levels = ladder(
        words=[2, 3, 3, 4, 4, 5, 5, 6, 7, 8], operations=[1, 2, 3, 3, 4, 5, 6, 7, 8, 10]
    )
    difficulty_cost = "work"
    tags = ("logic", "string")
    wrong_feedback = "That is not the text the pipeline produces."

    def sample(
        self, rng: np.random.Generator, params: PipelineParams
    ) -> tuple[dict[str, Any], str]:
        text = message(rng, params.words)
        result = text
        operations = []
        for _ in range(params.operations):
            name = NAMES[int(rng.integers(len(NAMES)))]
            k = int(rng.integers(1, 6))
            present = sorted(set(result.replace(" ", "")))
            a = present[int(rng.integers(len(present)))]
            b = ALPHABET[int(rng.integers(26))]
            operation = [name, k, a, b]
            result = apply(result, operation)
            operations.append(operation)
        return {"text": text, "operations": operations}, result

    def render(self, data: dict[str, Any], params: PipelineParams) -> str:
        steps = "\n".join(
            f"{i}. {describe(op)[0].upper()}{describe(op)[1:]}."
            for i, op in enumerate(data["operations"], start=1)
        )
        body = (
            f"Start with the text:\n{data['text']}\n\nApply these operations in order, each to "
            f"the result of the one before:\n{steps}\n\nWhat is the final text?"
        )
        return ask(
            body, "Give the final text in capital letters, words separated by single spaces."
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        letters = len(data["text"].replace(" ", ""))
        return {"work": letters * len(data["operations"]), "letters": letters}

    def normalize(self, text: str, task: Task) -> str:
        return letters_text(text)

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["text"]), block((task.answer or "")[::-1] + "X")]
