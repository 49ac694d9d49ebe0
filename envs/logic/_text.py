"""Letters and words for the string environments (ciphers, pipelines): shifting, the
message generator and the comparison of answer texts."""

from __future__ import annotations

import re
import string

import numpy as np

from palaestra.generators.vocab import nonce_words
from palaestra.verifiers.parsing import AnswerFormatError

ALPHABET = string.ascii_uppercase


def shift_letter(letter: str, shift: int) -> str:
    if letter not in ALPHABET:
        return letter
    return ALPHABET[(ALPHABET.index(letter) + shift) % 26]


def caesar(text: str, shift: int) -> str:
    return "".join(shift_letter(c, shift) for c in text)


def vigenere(text: str, key: str, sign: int = 1) -> str:
    """Shifts each letter by the next key letter (A=0); spaces do not use up key letters."""
    out, position = [], 0
    for char in text:
        if char in ALPHABET:
            out.append(shift_letter(char, sign * ALPHABET.index(key[position % len(key)])))
            position += 1
        else:
            out.append(char)
    return "".join(out)


def message(rng: np.random.Generator, words: int) -> str:
    """An uppercase message of `words` nonce words of 1 to 3 syllables."""
    counts = rng.integers(1, 4, size=words)
    return " ".join(nonce_words(rng, 1, int(c))[0] for c in counts).upper()


def letters_text(text: str, what: str = "text") -> str:
    """Uppercase letters with single spaces; anything else is an AnswerFormatError."""
    if not re.fullmatch(r"[A-Za-z\s]*", text):
        raise AnswerFormatError(f"write the {what} with letters and spaces only")
    words = text.upper().split()
    if not words:
        raise AnswerFormatError(f"no {what} given")
    return " ".join(words)
