"""Caesar cipher: encrypt, decrypt, or break with a known word."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.envs.logic._text import caesar, letters_text, message
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

MODES = ("encrypt", "decrypt", "crib")


class CaesarParams(Params):
    words: int = Field(3, ge=1, le=30, description="words in the message; more is harder")
    crib: bool = Field(
        False, description="some tasks give no shift, only one plaintext word; on is harder"
    )


@register("logic/caesar-v1")
class Caesar(ExactEnv):
    """Caesar shift cipher: encrypt or decrypt with a given shift, or find the shift from a
    known plaintext word (a crib) and decrypt.

    Task: the cipher Suetonius attributes to Julius Caesar, each letter moved k places
    along the alphabet (wrapping Z to A), on a message of generated words (so a model
    cannot recognise the plaintext; with a crib, the shift must be worked out from the
    known word). Spaces stay in place.

    Answer format: the resulting text in capital letters with its spaces, e.g.
    ``KHOOR ZRUOG``.

    Knobs: `words` (more is harder) and `crib` (tasks may have to find the shift). The
    cost is the letters to transform, doubled for a crib task.

    Verification: exact comparison of the letters and word breaks (case and extra spaces
    do not matter). No partial credit.

    Versions: v1, first release.
    """

    Params = CaesarParams
    levels = ladder(words=[2, 3, 4, 5, 6, 8, 10, 12, 16, 20], crib=[False] * 3 + [True] * 7)
    difficulty_cost = "letters"
    tags = ("logic", "cipher", "string")
    wrong_feedback = "That is not the right text."

    def sample(self, rng: np.random.Generator, params: CaesarParams) -> tuple[dict[str, Any], str]:
        mode = MODES[int(rng.integers(3 if params.crib else 2))]
        plain = message(rng, params.words)
        shift = int(rng.integers(1, 26))
        cipher = caesar(plain, shift)
        data = {"mode": mode, "shift": shift}
        if mode == "encrypt":
            data["text"] = plain
            return data, cipher
        data["text"] = cipher
        if mode == "crib":
            # The crib must fit one shift only, or the decryption would not be unique.
            words = cipher.split()
            unique = [
                w for w in plain.split() if sum(caesar(w, s) in words for s in range(26)) == 1
            ]
            if not unique:
                data["mode"] = "decrypt"
                return data, plain
            data["crib"] = unique[int(rng.integers(len(unique)))]
        return data, plain

    def render(self, data: dict[str, Any], params: CaesarParams) -> str:
        rule = (
            "A Caesar cipher replaces every letter by the letter a fixed number of places "
            "later in the alphabet (wrapping from Z to A); spaces are kept."
        )
        if data["mode"] == "encrypt":
            body = f"{rule}\n\nEncrypt with a shift of {data['shift']}:\n{data['text']}"
        elif data["mode"] == "decrypt":
            body = (
                f"{rule}\n\nThis text was encrypted with a shift of {data['shift']}. Decrypt "
                f"it:\n{data['text']}"
            )
        else:
            body = (
                f"{rule}\n\nThis text was encrypted with an unknown shift:\n{data['text']}\n\n"
                f"One of the words of the plaintext is {data['crib']}. Decrypt the whole text."
            )
        return ask(
            body,
            "Give the resulting text in capital letters, keeping the spaces, e.g. KHOOR ZRUOG.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        letters = sum(c.isalpha() for c in data["text"])
        return {
            "letters": letters * (2 if data["mode"] == "crib" else 1),
            "words": len(data["text"].split()),
        }

    def normalize(self, text: str, task: Task) -> str:
        return letters_text(text)

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["text"]), block(caesar(task.answer or "", 1))]
