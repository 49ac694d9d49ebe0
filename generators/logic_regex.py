"""Random regular expressions over a small alphabet, and strings that match them or
nearly do."""

from __future__ import annotations

import numpy as np

from palaestra.verifiers.logic_regex import Regex, compile_regex


def random_regex(rng: np.random.Generator, alphabet: str, operators: int) -> Regex:
    """A random regex with `operators` operator nodes (concatenation, alternation, star,
    plus, optional); leaves are letters or small classes."""
    if operators <= 0:
        if rng.random() < 0.2 and len(alphabet) > 2:
            letters = sorted(str(c) for c in rng.choice(list(alphabet), size=2, replace=False))
            return ["cls", "".join(letters)]
        return ["lit", alphabet[int(rng.integers(len(alphabet)))]]
    kind = ("cat", "cat", "cat", "alt", "star", "plus", "opt")[int(rng.integers(7))]
    if kind in ("star", "plus", "opt"):
        inner = random_regex(rng, alphabet, operators - 1)
        if inner[0] in ("star", "plus", "opt"):  # a** says nothing new
            return ["cat", inner, random_regex(rng, alphabet, 0)]
        return [kind, inner]
    left = int(rng.integers(0, operators))
    return [
        kind,
        random_regex(rng, alphabet, left),
        random_regex(rng, alphabet, operators - 1 - left),
    ]


def sample_string(rng: np.random.Generator, regex: Regex, max_repeat: int = 3) -> str:
    """A random string the regex matches (repetitions drawn up to `max_repeat`)."""
    kind = regex[0]
    if kind in ("lit", "cls"):
        return regex[1][int(rng.integers(len(regex[1])))]
    if kind == "cat":
        return "".join(sample_string(rng, part, max_repeat) for part in regex[1:])
    if kind == "alt":
        return sample_string(rng, regex[1 + int(rng.integers(len(regex) - 1))], max_repeat)
    low = 1 if kind == "plus" else 0
    high = 1 if kind == "opt" else max_repeat
    count = int(rng.integers(low, high + 1))
    return "".join(sample_string(rng, regex[1], max_repeat) for _ in range(count))


def near_miss(rng: np.random.Generator, text: str, alphabet: str) -> str:
    """`text` with one letter changed, inserted or deleted."""
    position = int(rng.integers(len(text) + 1))
    letter = alphabet[int(rng.integers(len(alphabet)))]
    edit = int(rng.integers(3)) if text else 1
    if edit == 0 and position < len(text):
        return text[:position] + letter + text[position + 1 :]
    if edit == 2 and position < len(text):
        return text[:position] + text[position + 1 :]
    return text[:position] + letter + text[position:]


def labelled_strings(
    rng: np.random.Generator, regex: Regex, alphabet: str, count: int
) -> list[tuple[str, bool]]:
    """`count` distinct non-empty strings, about half matching: samples and near misses of
    samples, labelled by the NFA."""
    nfa = compile_regex(regex)
    found: dict[str, bool] = {}
    for _ in range(count * 40):
        if len(found) == count:
            break
        text = sample_string(rng, regex)
        want_match = rng.random() < 0.5
        if not want_match:
            text = near_miss(rng, text, alphabet)
        matched = nfa.matches(text)
        if text and text not in found and matched == want_match:
            found[text] = matched
    return list(found.items())
