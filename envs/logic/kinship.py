"""Kinship reasoning over a generated family tree: what is A to B?"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.generators.logic_kinship import TERMS, grow_family, kinship_distance, relation
from palaestra.generators.vocab import person_names
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError


class KinshipParams(Params):
    people: int = Field(8, ge=4, le=40, description="family members; more is harder")
    generations: int = Field(3, ge=2, le=5, description="generations; more is harder")

    @model_validator(mode="after")
    def _room(self) -> KinshipParams:
        if self.people > 2 + 8 * self.generations**2:
            raise ValueError(
                f"{self.people} people do not fit in {self.generations} generations; "
                "lower people or raise generations"
            )
        return self


def _canonical(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.strip().lower().rstrip("."))


_CANONICAL = {_canonical(t): t for t in TERMS}


@register("logic/kinship-v1")
class Kinship(ExactEnv):
    """Name the relationship between two members of a generated family tree.

    Task: facts such as "Vora is the daughter of Bren and Kessa" and "Tal is the husband
    of Vora" describe a family; the question asks what one member is to another
    (grandmother, nephew, cousin once removed, sister-in-law, ...). Kinship puzzles in
    the tradition of the CLUTRR benchmark (Sinha et al. 2019), with generated names and
    trees grown to an exact size.

    Answer format: one term from the list in the prompt, e.g. ``great-aunt``.

    Knobs: `people` and `generations`; more of each is harder. Pairs far apart in the
    tree are asked more often (weight: distance squared). The cost is the number of facts
    (people - 1); `task.meta["cost"]["chain"]` records the facts to chain from one person
    to the other.

    Verification: exact comparison with the term computed from the tree (children always
    have both parents in the tree and nobody marries a relative, so a pair has one
    term). Hyphens, case and spacing do not matter. No partial credit.

    Versions: v1, first release.
    """

    Params = KinshipParams
    levels = ladder(
        people=[5, 6, 8, 10, 12, 14, 17, 20, 24, 28], generations=[2, 2, 3, 3, 3, 4, 4, 4, 5, 5]
    )
    difficulty_cost = "facts"  # people - 1: one per child and one per marriage
    tags = ("logic", "kinship")

    def sample(self, rng: np.random.Generator, params: KinshipParams) -> tuple[dict[str, Any], str]:
        family = grow_family(rng, params.people, params.generations)
        names = person_names(rng, len(family))
        pairs = [
            (a, b, term)
            for a in range(len(family))
            for b in range(len(family))
            if (term := relation(family, a, b)) is not None
        ]
        distances = np.array([kinship_distance(family, a, b) for a, b, _ in pairs], dtype=float)
        weights = distances**2 / (distances**2).sum()  # far pairs are the interesting ones
        a, b, term = pairs[int(rng.choice(len(pairs), p=weights))]
        facts = []
        for i, person in enumerate(family):
            if person.parents is not None:
                father, mother = person.parents
                kind = "son" if person.male else "daughter"
                facts.append(f"{names[i]} is the {kind} of {names[father]} and {names[mother]}.")
            if person.spouse is not None and person.male:
                facts.append(f"{names[i]} is the husband of {names[person.spouse]}.")
        order = [facts[int(j)] for j in rng.permutation(len(facts))]
        data = {
            "facts": order,
            "a": names[a],
            "b": names[b],
            "chain": kinship_distance(family, a, b),
        }
        return data, term

    def render(self, data: dict[str, Any], params: KinshipParams) -> str:
        body = (
            "Facts about a family (every child's two parents are named, and nobody else in "
            "the family is related to them by blood except through these facts):\n"
            + "\n".join(data["facts"])
            + f"\n\nWhat is {data['a']} to {data['b']}? That is, {data['a']} is "
            f"{data['b']}'s ...?"
        )
        return ask(
            body,
            "Answer with one of these terms: " + ", ".join(TERMS) + ". For example: great-aunt.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"chain": data["chain"], "facts": len(data["facts"])}

    def normalize(self, text: str, task: Task) -> str:
        term = _CANONICAL.get(_canonical(text))
        if term is None:
            raise AnswerFormatError("answer with exactly one of the listed terms")
        return term

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(t) for t in ("cousin", "uncle", "sister") if t != task.answer][:2]
