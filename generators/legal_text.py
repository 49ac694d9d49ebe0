"""Small wording helpers shared by the substantive legal environments (dates, ordinals)."""

from __future__ import annotations

import datetime as dt

from palaestra.generators.legal import long_date


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def day(iso: str) -> str:
    """An ISO date as ``March 3, 2021``."""
    return long_date(dt.date.fromisoformat(iso))


def tidy(facts: list[str]) -> list[str]:
    """Facts without the doubled full stop of "Inc." or "p.m." ending a sentence."""
    return [fact.replace("..", ".") for fact in facts]
