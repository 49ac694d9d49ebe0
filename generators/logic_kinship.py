"""Generated family trees and the kinship term between two of their members.

A tree grows from a founding couple: each step adds one person, either a child of a
couple or an outsider who marries an unmarried member, so the size is exact. Children
always have both parents in the tree and nobody marries a relative, so two people have at
most one relationship and the term for it is unambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# (steps up from B to the nearest common ancestor, steps down to A) -> (male, female) term
# for "A is B's ...".
BLOOD_TERMS: dict[tuple[int, int], tuple[str, str]] = {
    (1, 0): ("father", "mother"),
    (0, 1): ("son", "daughter"),
    (1, 1): ("brother", "sister"),
    (2, 0): ("grandfather", "grandmother"),
    (0, 2): ("grandson", "granddaughter"),
    (2, 1): ("uncle", "aunt"),
    (1, 2): ("nephew", "niece"),
    (2, 2): ("cousin", "cousin"),
    (3, 0): ("great-grandfather", "great-grandmother"),
    (0, 3): ("great-grandson", "great-granddaughter"),
    (3, 1): ("great-uncle", "great-aunt"),
    (1, 3): ("great-nephew", "great-niece"),
    (3, 2): ("cousin once removed", "cousin once removed"),
    (2, 3): ("cousin once removed", "cousin once removed"),
    (3, 3): ("second cousin", "second cousin"),
}
IN_LAW_TERMS = {
    "spouse": ("husband", "wife"),
    "spouse's parent": ("father-in-law", "mother-in-law"),
    "child's spouse": ("son-in-law", "daughter-in-law"),
    "sibling-in-law": ("brother-in-law", "sister-in-law"),
}
TERMS = sorted({t for pair in [*BLOOD_TERMS.values(), *IN_LAW_TERMS.values()] for t in pair})


@dataclass
class Person:
    male: bool
    generation: int
    parents: tuple[int, int] | None = None  # (father, mother)
    spouse: int | None = None
    children: list[int] = field(default_factory=list)


def grow_family(rng: np.random.Generator, size: int, generations: int) -> list[Person]:
    """A family of exactly `size` people over at most `generations` generations."""
    people = [Person(True, 0, spouse=1), Person(False, 0, spouse=0)]
    while len(people) < size:
        couples = [
            i
            for i, p in enumerate(people)
            if p.male and p.spouse is not None and p.generation < generations - 1
        ]
        single = [i for i, p in enumerate(people) if p.spouse is None and p.parents is not None]
        if single and (not couples or rng.random() < 0.4):
            i = single[int(rng.integers(len(single)))]
            people.append(Person(not people[i].male, people[i].generation, spouse=i))
            people[i].spouse = len(people) - 1
            continue
        if not couples:
            raise ValueError("the family cannot grow: allow more generations")
        # Deeper couples are picked more often, so that the tree grows down, not wide.
        weights = np.array([1.0 + people[i].generation for i in couples])
        father = couples[int(rng.choice(len(couples), p=weights / weights.sum()))]
        mother = people[father].spouse
        assert mother is not None
        child = Person(bool(rng.integers(2)), people[father].generation + 1, (father, mother))
        people.append(child)
        people[father].children.append(len(people) - 1)
        people[mother].children.append(len(people) - 1)
    return people


def _ancestors(people: list[Person], index: int) -> dict[int, int]:
    """Ancestor -> steps up (the person itself at 0)."""
    found = {index: 0}
    frontier = [index]
    while frontier:
        following = []
        for i in frontier:
            parents = people[i].parents
            for parent in parents or ():
                if parent not in found:
                    found[parent] = found[i] + 1
                    following.append(parent)
        frontier = following
    return found


def _blood(people: list[Person], a: int, b: int) -> tuple[int, int] | None:
    up_a, up_b = _ancestors(people, a), _ancestors(people, b)
    common = [(up_b[x], up_a[x]) for x in up_a if x in up_b]
    return min(common, key=sum) if common else None


def relation(people: list[Person], a: int, b: int) -> str | None:
    """The term for "a is b's ...", or None when it has no term here."""
    if a == b:
        return None
    male = people[a].male
    if people[b].spouse == a:
        return IN_LAW_TERMS["spouse"][not male]
    steps = _blood(people, a, b)
    if steps is not None:
        terms = BLOOD_TERMS.get(steps)
        return None if terms is None else terms[not male]
    spouse_b, spouse_a = people[b].spouse, people[a].spouse
    if spouse_b is not None and _blood(people, a, spouse_b) == (1, 0):
        return IN_LAW_TERMS["spouse's parent"][not male]
    if spouse_a is not None and _blood(people, spouse_a, b) == (0, 1):
        return IN_LAW_TERMS["child's spouse"][not male]
    if (spouse_b is not None and _blood(people, a, spouse_b) == (1, 1)) or (
        spouse_a is not None and _blood(people, spouse_a, b) == (1, 1)
    ):
        return IN_LAW_TERMS["sibling-in-law"][not male]
    return None


def kinship_distance(people: list[Person], a: int, b: int) -> int:
    """Facts to chain from a to b: parent-child links and marriages, breadth first."""
    seen = {a: 0}
    frontier = [a]
    while frontier and b not in seen:
        following = []
        for i in frontier:
            person = people[i]
            links = [*(person.parents or ()), *person.children]
            if person.spouse is not None:
                links.append(person.spouse)
            for j in links:
                if j not in seen:
                    seen[j] = seen[i] + 1
                    following.append(j)
        frontier = following
    return seen.get(b, len(people))
