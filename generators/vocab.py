"""Generated vocabularies: people's names, nonce words, place names and attribute values.

Logic puzzles must not repeat because their cast comes from one short list. Names here are
built from syllables (about 10^5 two-syllable names, 10^8 with three), so two seeds share a
cast only by chance; attribute categories (colours, pets, drinks, ...) draw a random subset
of a larger pool of real words, so a puzzle still reads naturally. Every function takes the
numpy Generator of the task and returns distinct items.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_ONSETS = (
    "b", "br", "c", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kr", "l", "m", "n",
    "p", "pr", "r", "s", "st", "t", "tr", "v", "w", "z", "ch", "sh", "th", "y",
)  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ei", "ou", "ia", "io")
_CODAS = ("", "", "", "n", "r", "l", "s", "m", "th", "x", "nd", "rk")
_PLACE_SUFFIXES = ("ton", "ville", "burg", "port", "ford", "holm", "mouth", "stad", "wick")

# Real-word pools for attribute categories; a task draws a random subset of each.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "colour": (
        "red",
        "blue",
        "green",
        "yellow",
        "white",
        "black",
        "orange",
        "purple",
        "grey",
        "pink",
        "brown",
        "teal",
        "olive",
        "maroon",
        "navy",
        "beige",
        "violet",
        "amber",
    ),
    "pet": (
        "dog",
        "cat",
        "parrot",
        "hamster",
        "rabbit",
        "turtle",
        "goldfish",
        "ferret",
        "lizard",
        "canary",
        "snake",
        "horse",
        "goat",
        "pony",
        "gecko",
        "frog",
        "owl",
        "mouse",
    ),
    "drink": (
        "tea",
        "coffee",
        "milk",
        "water",
        "juice",
        "cocoa",
        "lemonade",
        "cider",
        "soda",
        "kefir",
        "smoothie",
        "espresso",
        "chai",
        "mate",
        "kombucha",
        "broth",
        "latte",
        "tonic",
    ),
    "job": (
        "baker",
        "nurse",
        "pilot",
        "farmer",
        "lawyer",
        "chef",
        "painter",
        "teacher",
        "miner",
        "tailor",
        "judge",
        "sailor",
        "doctor",
        "writer",
        "welder",
        "dentist",
        "clerk",
        "poet",
    ),
    "hobby": (
        "chess",
        "knitting",
        "hiking",
        "fishing",
        "pottery",
        "archery",
        "rowing",
        "juggling",
        "gardening",
        "singing",
        "cycling",
        "skating",
        "origami",
        "fencing",
        "climbing",
        "birding",
        "baking",
        "dancing",
    ),
    "food": (
        "bread",
        "cheese",
        "apples",
        "pasta",
        "rice",
        "soup",
        "salad",
        "curry",
        "tacos",
        "dumplings",
        "pie",
        "noodles",
        "stew",
        "sushi",
        "pancakes",
        "olives",
        "figs",
        "plums",
    ),
    "instrument": (
        "piano",
        "violin",
        "flute",
        "drums",
        "cello",
        "harp",
        "guitar",
        "trumpet",
        "oboe",
        "banjo",
        "tuba",
        "lute",
        "sitar",
        "clarinet",
        "bassoon",
        "ukulele",
        "accordion",
        "zither",
    ),
    "sport": (
        "tennis",
        "soccer",
        "rugby",
        "golf",
        "hockey",
        "cricket",
        "boxing",
        "judo",
        "polo",
        "karate",
        "squash",
        "sailing",
        "surfing",
        "rowing",
        "skiing",
        "diving",
        "curling",
        "netball",
    ),
    "car": (
        "sedan",
        "coupe",
        "van",
        "jeep",
        "truck",
        "cabrio",
        "wagon",
        "roadster",
        "minivan",
        "hatchback",
        "pickup",
        "limousine",
        "buggy",
        "scooter",
        "tractor",
        "camper",
        "taxi",
        "moped",
    ),
    "flower": (
        "rose",
        "tulip",
        "lily",
        "daisy",
        "orchid",
        "iris",
        "poppy",
        "lotus",
        "violet",
        "peony",
        "aster",
        "dahlia",
        "lilac",
        "jasmine",
        "marigold",
        "camellia",
        "crocus",
        "freesia",
    ),
}


# How a puzzle refers to the holder of a value: "the tea drinker", "the dog owner".
PHRASES: dict[str, str] = {
    "colour": "the person who wears {}",
    "pet": "the {} owner",
    "drink": "the {} drinker",
    "job": "the {}",
    "hobby": "the person who enjoys {}",
    "food": "the person who eats {}",
    "instrument": "the {} player",
    "sport": "the person who plays {}",
    "car": "the {} driver",
    "flower": "the person who grows the {}",
}


def _syllable(rng: np.random.Generator, coda: bool) -> str:
    onset = _ONSETS[int(rng.integers(len(_ONSETS)))]
    vowel = _VOWELS[int(rng.integers(len(_VOWELS)))]
    end = _CODAS[int(rng.integers(len(_CODAS)))] if coda else ""
    return onset + vowel + end


def nonce_word(rng: np.random.Generator, syllables: int = 2) -> str:
    """A pronounceable made-up lowercase word of `syllables` syllables."""
    parts = [_syllable(rng, coda=i == syllables - 1) for i in range(syllables)]
    return "".join(parts)


def _distinct(count: int, make: Callable[[], str], *, taken: set[str]) -> list[str]:
    out: list[str] = []
    for _ in range(count * 50):
        if len(out) == count:
            return out
        word = make()
        # Distinct beginnings keep names easy to tell apart in a long puzzle.
        if word not in taken and word[:2] not in {w[:2] for w in out}:
            out.append(word)
            taken.add(word)
    raise RuntimeError(f"could not draw {count} distinct words")


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct capitalised given names (two or three syllables)."""
    return _distinct(
        count,
        lambda: nonce_word(rng, 2 + int(rng.random() < 0.3)).capitalize(),
        taken=set(),
    )


def nonce_words(
    rng: np.random.Generator, count: int, syllables: int = 2, avoid: set[str] | None = None
) -> list[str]:
    """`count` distinct lowercase nonce words (terms for syllogisms, properties, atoms)."""
    return _distinct(count, lambda: nonce_word(rng, syllables), taken=set(avoid or ()))


def place_names(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct made-up town names such as ``Brelton`` or ``Vouport``."""

    def make() -> str:
        suffix = _PLACE_SUFFIXES[int(rng.integers(len(_PLACE_SUFFIXES)))]
        return (_syllable(rng, coda=True) + suffix).capitalize()

    return _distinct(count, make, taken=set())


def attribute_table(rng: np.random.Generator, categories: int, values: int) -> dict[str, list[str]]:
    """`categories` random categories of ATTRIBUTES, each with `values` distinct values, in
    a random order. No value appears in two categories of one table."""
    names = [str(n) for n in rng.choice(sorted(ATTRIBUTES), size=categories, replace=False)]
    used: set[str] = set()
    table: dict[str, list[str]] = {}
    for name in names:
        pool = [v for v in ATTRIBUTES[name] if v not in used]
        picks = [pool[int(i)] for i in rng.choice(len(pool), size=values, replace=False)]
        used.update(picks)
        table[name] = picks
    return table
