"""Vigenère cipher: encrypt or decrypt with a keyword."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.envs.logic._text import ALPHABET, letters_text, message, vigenere
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class VigenereParams(Params):
    words: int = Field(3, ge=1, le=30, description="words in the message; more is harder")
    key_length: int = Field(3, ge=1, le=12, description="letters in the key; more is harder")


@register("logic/vigenere-v1")
class Vigenere(ExactEnv):
    """Vigenère cipher: shift each letter by the next letter of a repeating key.

    Task: Bellaso's polyalphabetic cipher (1553), named after Vigenère: with key letters
    A=0 ... Z=25, the i-th letter of the message is shifted by the i-th key letter, the key
    repeating; spaces are kept and use up no key letter. Half the tasks encrypt, half
    decrypt, on messages of generated words with random keys.

    Answer format: the resulting text in capital letters with its spaces, e.g.
    ``RIJVS UYVJN``.

    Knobs: `words` and `key_length`; more of each is harder. The cost is the letters to
    transform times the key length.

    Verification: exact comparison of letters and word breaks (case and extra spaces do
    not matter). No partial credit.

    Versions: v1, first release.
    """

    Params = VigenereParams
    levels = ladder(
        words=[2, 2, 3, 4, 5, 6, 8, 10, 12, 16], key_length=[2, 3, 3, 4, 4, 5, 5, 6, 7, 8]
    )
    difficulty_cost = "work"
    tags = ("logic", "cipher", "string")
    wrong_feedback = "That is not the right text."

    def sample(
        self, rng: np.random.Generator, params: VigenereParams
    ) -> tuple[dict[str, Any], str]:
        plain = message(rng, params.words)
        key = "".join(ALPHABET[int(i)] for i in rng.integers(0, 26, size=params.key_length))
        encrypt = bool(rng.integers(2))
        cipher = vigenere(plain, key)
        data = {"encrypt": encrypt, "key": key, "text": plain if encrypt else cipher}
        return data, cipher if encrypt else plain

    def render(self, data: dict[str, Any], params: VigenereParams) -> str:
        rule = (
            "The Vigenère cipher numbers letters A=0 to Z=25 and shifts the i-th letter of "
            "the message forward by the i-th letter of the key (decryption shifts back), "
            "repeating the key as often as needed. Spaces are kept and do not use up key "
            "letters."
        )
        task = "Encrypt" if data["encrypt"] else "Decrypt"
        body = f"{rule}\n\nKey: {data['key']}\n{task} this text:\n{data['text']}"
        return ask(
            body,
            "Give the resulting text in capital letters, keeping the spaces, e.g. RIJVS UYVJN.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        letters = sum(c.isalpha() for c in data["text"])
        return {"work": letters * len(data["key"]), "letters": letters}

    def normalize(self, text: str, task: Task) -> str:
        return letters_text(text)

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["text"]), block(vigenere(task.answer or "", "B"))]
