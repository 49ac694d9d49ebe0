"""Binary and Gray code: conversions, ranks and successors in the reflected Gray code."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder, parse_bits
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

QUESTIONS = ("to_gray", "from_gray", "index", "successor")


def gray(value: int) -> int:
    return value ^ (value >> 1)


def from_gray(code: int) -> int:
    value = 0
    while code:
        value ^= code
        code >>= 1
    return value


class GrayParams(Params):
    bits: int = Field(4, ge=2, le=48, description="bits per word; more is harder")


@register("logic/gray-code-v1")
class GrayCode(ExactEnv):
    """Reflected binary Gray code: convert to and from binary, find a word's rank or the
    next word in the sequence.

    Task, one of four per task: the Gray code of a binary word (g = b XOR (b >> 1)); the
    binary word of a Gray code word (prefix XOR); the position of a Gray word in the
    reflected sequence; the word that follows it. Frank Gray's code (US patent 2,632,058,
    1953), where successive words differ in one bit.

    Answer format: a binary word of exactly the stated width (leading zeros kept), e.g.
    ``0110``.

    Knobs: `bits` (more is harder). The cost is the width.

    Verification: exact comparison (spaces ignored). No partial credit.

    Versions: v1, first release.
    """

    Params = GrayParams
    levels = ladder(bits=[12, 14, 16, 18, 20, 24, 28, 32, 40, 48])
    difficulty_cost = "bits"
    tags = ("logic", "binary")
    wrong_feedback = "That is not the right binary word."

    def sample(self, rng: np.random.Generator, params: GrayParams) -> tuple[dict[str, Any], str]:
        n = params.bits
        question = QUESTIONS[int(rng.integers(len(QUESTIONS)))]
        value = int(rng.integers(1, (1 << n) - 1))
        result = {
            "to_gray": gray(value),
            "from_gray": from_gray(value),
            "index": from_gray(value),
            "successor": gray((from_gray(value) + 1) % (1 << n)),
        }[question]
        return {"question": question, "bits": n, "word": format(value, f"0{n}b")}, format(
            result, f"0{n}b"
        )

    def render(self, data: dict[str, Any], params: GrayParams) -> str:
        n, word = data["bits"], data["word"]
        intro = (
            f"The {n}-bit reflected binary Gray code lists all {n}-bit words so that neighbours "
            "differ in one bit; the word at position i (counting from 0) is i XOR (i >> 1)."
        )
        question = {
            "to_gray": f"What is the Gray code word at position {word} (binary)?",
            "from_gray": f"Convert the Gray code word {word} back to the binary number it encodes.",
            "index": (
                f"At which position (counting from 0) does the word {word} stand in the Gray "
                "code? Give the position in binary."
            ),
            "successor": (
                f"Which word comes right after {word} in the Gray code (after the last word "
                "comes the first)?"
            ),
        }[data["question"]]
        return ask(
            f"{intro}\n\n{question}",
            f"Give a binary word of exactly {n} bits (keep leading zeros), e.g. {'0' * (n - 1)}1.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"bits": data["bits"]}

    def normalize(self, text: str, task: Task) -> str:
        return parse_bits(text, task.data["bits"])

    def wrong_answers(self, task: Task) -> list[str]:
        answer = task.answer or ""
        flipped = "1" if answer[-1] == "0" else "0"
        return [block(answer[:-1] + flipped), block(answer[1:])]
