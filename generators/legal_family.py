"""Family trees for intestate succession and the three ways of dividing among descendants.

A tree is a list of `Relative` records whose `parent` points at another record (or at the
decedent's line, `None`). The three schemes are those of US intestacy statutes:

- per stirpes (English): shares are fixed at the first generation below the ancestor, one
  for each member who survives or leaves surviving descendants; a deceased member's share
  passes down his own line the same way;
- per capita with representation (modern per stirpes): shares are fixed at the nearest
  generation that has a survivor; a deceased member's share passes down his line the same way;
- per capita at each generation (Uniform Probate Code 2-106): as the previous one, but the
  shares of deceased members are pooled and divided afresh among the next generation.

All arithmetic is exact (`fractions.Fraction`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

SCHEMES = ("per-stirpes", "per-capita", "per-capita-each-generation")


@dataclass(frozen=True)
class Relative:
    """One relative: `parent` is the index of a parent in the tree, or None for a first-line
    member (a child of the decedent, a parent of the decedent, or a sibling)."""

    name: str
    role: str
    parent: int | None


def children_of(tree: list[Relative], roots: list[int | None]) -> list[int]:
    """Indices of the relatives whose parent is one of `roots`, in tree order."""
    wanted = set(roots)
    return [i for i, person in enumerate(tree) if person.parent in wanted]


def divide(
    tree: list[Relative], first_line: list[int], survives: Callable[[int], bool], scheme: str
) -> dict[int, Fraction]:
    """Divides a whole (1) among the line below an ancestor whose children are `first_line`.

    Returns relative index -> share, only for relatives who take; an empty dict when no one in
    the line survives.
    """
    memo: dict[int, bool] = {}

    def takes(i: int) -> bool:
        # a member counts if he survives or leaves a surviving descendant
        if i not in memo:
            memo[i] = survives(i) or any(takes(c) for c in children_of(tree, [i]))
        return memo[i]

    out: dict[int, Fraction] = {}

    def counting(level: list[int]) -> list[int]:
        return [i for i in level if takes(i)]

    def nearest(level: list[int]) -> list[int]:
        while level and not any(survives(i) for i in level):
            level = children_of(tree, level)
        return counting(level)

    def by_branch(
        level: list[int], amount: Fraction, select: Callable[[list[int]], list[int]]
    ) -> None:
        # equal shares for the selected members; a deceased member's share goes down his line
        takers = select(level)
        for i in takers:
            share = amount / len(takers)
            if survives(i):
                out[i] = out.get(i, Fraction(0)) + share
            else:
                by_branch(children_of(tree, [i]), share, select)

    def each_generation(level: list[int], amount: Fraction) -> None:
        takers = nearest(level)
        if not takers:
            return
        share = amount / len(takers)
        dead = [i for i in takers if not survives(i)]
        for i in takers:
            if survives(i):
                out[i] = share
        if dead:
            each_generation(children_of(tree, dead), share * len(dead))

    if scheme == "per-stirpes":
        by_branch(first_line, Fraction(1), counting)
    elif scheme == "per-capita":
        by_branch(first_line, Fraction(1), nearest)
    elif scheme == "per-capita-each-generation":
        each_generation(first_line, Fraction(1))
    else:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    return out


def fraction_text(value: Fraction) -> str:
    """`p/q` in lowest terms, whole numbers too (`0/1`, `1/1`), so a key reads as a fraction."""
    return f"{value.numerator}/{value.denominator}"
