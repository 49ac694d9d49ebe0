"""Substitution cipher: decrypt from a key fragment and a known word."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.envs.logic._text import ALPHABET, letters_text, message
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class SubstitutionParams(Params):
    words: int = Field(3, ge=1, le=20, description="words in the message; more is harder")
    crib_share: float = Field(
        0.0,
        ge=0.0,
        le=0.9,
        description="share of the needed key that is hidden and must be read off known "
        "words; more is harder",
    )


@register("logic/substitution-v1")
class Substitution(ExactEnv):
    """Monoalphabetic substitution: decrypt with part of the key given directly and the
    rest to be recovered from known plaintext words.

    Task: a random permutation of the alphabet encrypts a message of generated words. The
    prompt gives a fragment of the key (cipher letter -> plain letter) and a few known
    words in plain and cipher form; together they determine every letter of the message,
    and `crib_share` of the needed letters appear only through the known words (the
    classical known-plaintext attack on simple substitution, cf. Poe's *The Gold-Bug*).

    Answer format: the decrypted text in capital letters with its spaces.

    Knobs: `words` and `crib_share`; more of each is harder. The cost is the number of
    letters to decrypt plus the key letters to recover from known words.

    Verification: exact comparison of letters and word breaks (case and extra spaces do
    not matter). No partial credit.

    Versions: v1, first release.
    """

    Params = SubstitutionParams
    levels = ladder(
        words=[2, 3, 3, 4, 5, 6, 7, 8, 10, 12],
        crib_share=[0.0, 0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6, 0.7, 0.8],
    )
    difficulty_cost = "work"
    tags = ("logic", "cipher", "string")
    wrong_feedback = "That is not the right plaintext."

    def sample(
        self, rng: np.random.Generator, params: SubstitutionParams
    ) -> tuple[dict[str, Any], str]:
        plain = message(rng, params.words)
        permutation = [ALPHABET[int(i)] for i in rng.permutation(26)]
        encrypt = dict(zip(ALPHABET, permutation, strict=True))
        cipher = "".join(encrypt.get(c, c) for c in plain)
        needed = sorted({c for c in plain if c != " "})
        hidden_count = round(params.crib_share * len(needed))
        hidden = {needed[int(i)] for i in rng.permutation(len(needed))[:hidden_count]}
        # Known words: draw fresh words until they cover every hidden letter.
        known: list[str] = []
        for _ in range(200):
            missing = hidden - {c for w in known for c in w}
            if not missing:
                break
            word = message(rng, 1)
            if missing & set(word):
                known.append(word)
        else:
            raise RuntimeError("could not cover the hidden key letters")
        shown = [c for c in needed if c not in hidden]
        extra = [c for c in ALPHABET if c not in needed]
        shown += [extra[int(i)] for i in rng.permutation(len(extra))[: max(0, 4 - len(shown))]]
        data = {
            "text": cipher,
            "fragment": sorted([encrypt[p], p] for p in shown),
            "known": [[w, "".join(encrypt[c] for c in w)] for w in known],
            "hidden": len(hidden),
        }
        return data, plain

    def render(self, data: dict[str, Any], params: SubstitutionParams) -> str:
        fragment = ", ".join(f"{c}->{p}" for c, p in data["fragment"])
        body = (
            "A substitution cipher replaces each letter by another, always the same one, "
            "different letters by different letters; spaces are kept.\n\n"
            f"Part of the decryption key (cipher letter -> plain letter): {fragment}\n"
        )
        if data["known"]:
            pairs = "\n".join(f"{p} is encrypted as {c}" for p, c in data["known"])
            body += f"Known words:\n{pairs}\n"
        body += f"\nDecrypt this text:\n{data['text']}"
        return ask(
            body, "Give the plaintext in capital letters, keeping the spaces, e.g. LOMI TAVRO."
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        letters = sum(c.isalpha() for c in data["text"])
        return {
            "work": letters + 3 * data["hidden"],
            "letters": letters,
            "recovered": data["hidden"],
        }

    def normalize(self, text: str, task: Task) -> str:
        return letters_text(text)

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["text"]), block((task.answer or "")[::-1])]
