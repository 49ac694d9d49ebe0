"""Wording shared by the position puzzles (zebra, seating, ordering): clue sentences."""

from __future__ import annotations

from collections.abc import Callable

from palaestra.generators.logic_puzzles import Clue

ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth",
)  # fmt: skip


def sentence(
    clue: Clue, name: Callable[[tuple[int, int]], str], place: str, circular: bool = False
) -> str:
    """A clue in words; `name` phrases an item, `place` is "house" or "seat"."""
    a = name(clue.a)
    b = name(clue.b) if clue.b is not None else ""
    verb = "lives" if place == "house" else "sits"
    text = {
        "same": f"{a} is {b}",
        "differ": f"{a} is not {b}",
        "at": f"{a} {verb} in {place} {(clue.k or 0) + 1}",
        "not_at": f"{a} does not {verb[:-1]} in {place} {(clue.k or 0) + 1}",
        "right_of": (
            f"{a} {verb} in the next {place} clockwise from {b}"
            if circular
            else f"{a} {verb} directly to the right of {b}"
        ),
        "next": f"{a} {verb} next to {b}",
        "not_next": f"{a} does not {verb[:-1]} next to {b}",
        "before": f"{a} {verb} somewhere to the left of {b}",
        "gap": f"exactly {clue.k} {place}{'s' if clue.k != 1 else ''} separate {a} and {b}",
        "end": f"{a} {verb} in one of the two end {place}s",
    }[clue.kind]
    return text[0].upper() + text[1:] + "."
