"""First-order statements over a small generated world of objects: true or false?"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, coin, ladder, retry
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError

COLOURS = ("red", "blue", "green", "yellow", "white", "black")
SHAPES = ("cube", "ball", "cone", "pyramid", "ring")
SIZES = ("small", "medium", "large")
RELATIONS = {
    "left_of": "to the left of",
    "right_of": "to the right of",
    "bigger": "bigger than",
    "smaller": "smaller than",
    "same_colour": "the same colour as",
    "adjacent": "next to",
}


def related(kind: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["id"] == b["id"]:
        return False  # an object is never related to itself
    if kind == "left_of":
        return a["id"] < b["id"]
    if kind == "right_of":
        return a["id"] > b["id"]
    if kind == "bigger":
        return a["size"] > b["size"]
    if kind == "smaller":
        return a["size"] < b["size"]
    if kind == "same_colour":
        return a["colour"] == b["colour"]
    return abs(a["id"] - b["id"]) == 1


def matches(description: list[Any], thing: dict[str, Any]) -> bool:
    colour, shape = description
    return (colour is None or thing["colour"] == colour) and (
        shape is None or thing["shape"] == shape
    )


def noun(description: list[Any]) -> str:
    colour, shape = description
    return " ".join(w for w in (colour, shape or "object") if w)


def _quantify(quantifier: str, results: Any) -> bool:
    if quantifier == "every":
        return all(results)
    if quantifier == "some":
        return any(results)
    return not any(results)  # "no"


def _phrase(chain: list[list[Any]], world: list[dict[str, Any]], subject: dict[str, Any]) -> bool:
    """Whether `subject` "is R q D [that ...]" for the first link of `chain`: the objects
    fitting D and the relative clause are the candidates, and R must hold from the
    subject to every / some / none of them, as the English reads."""
    if not chain:
        return True
    quantifier, description, relation = chain[0]
    candidates = [t for t in world if matches(description, t) and _phrase(chain[1:], world, t)]
    return _quantify(quantifier, (related(relation, subject, t) for t in candidates))


def holds(chain: list[list[Any]], world: list[dict[str, Any]]) -> bool:
    """chain: [quantifier, description, relation to the previous link or None], ...; the
    first link is the subject of the sentence, each later one a relative clause."""
    quantifier, description, _ = chain[0]
    scope = [t for t in world if matches(description, t)]
    return _quantify(quantifier, (_phrase(chain[1:], world, t) for t in scope))


def sentence(chain: list[list[Any]]) -> str:
    quantifier, description, _ = chain[0]
    text = f"{'every' if quantifier == 'every' else quantifier} {noun(description)}"
    for index, (q, d, relation) in enumerate(chain[1:]):
        word = {"every": "every", "some": "some", "no": "no"}[q]
        link = "is" if index == 0 else "that is"
        text += f" {link} {RELATIONS[relation]} {word} {noun(d)}"
    if len(chain) == 1:
        text = (
            f"there is {'at least one' if quantifier == 'some' else quantifier} {noun(description)}"
        )
    return text[0].upper() + text[1:] + "."


class WorldParams(Params):
    objects: int = Field(4, ge=2, le=16, description="objects in the world; more is harder")
    quantifiers: int = Field(
        2, ge=2, le=4, description="nested quantifiers in the statement; more is harder"
    )


@register("logic/first-order-world-v1")
class FirstOrderWorld(ExactEnv):
    """Evaluate a quantified statement over a small world of objects in a row.

    Task: a world of numbered objects from left to right, each with a colour, a shape and
    a size; a statement with nested quantifiers such as "Every red cube is to the left of
    some ball that is bigger than every green object." True or false? Model checking of
    first-order sentences in a finite structure, as in Barwise and Etchemendy's *Tarski's
    World*. "Every" over nothing is true; no object is related to itself. A relative
    clause narrows the group it follows: "is left of every B that is C" means left of each
    B that is C.

    Answer format: ``TRUE`` or ``FALSE``.

    Knobs: `objects` and `quantifiers`; more of each is harder. The cost is objects
    raised to the number of quantifiers (the assignments a naive check visits).

    Verification: exact comparison with the truth value computed by direct evaluation.
    Labels are drawn first with equal odds.

    Versions: v1, first release.
    """

    Params = WorldParams
    levels = ladder(
        objects=[3, 4, 4, 5, 6, 5, 6, 8, 10, 12], quantifiers=[2, 2, 2, 2, 2, 3, 3, 3, 3, 4]
    )
    difficulty_cost = "work"
    tags = ("logic", "first-order", "decision")
    wrong_feedback = "That is not the statement's truth value."

    def sample(self, rng: np.random.Generator, params: WorldParams) -> tuple[dict[str, Any], str]:
        truth = coin(rng)
        palette = [COLOURS[int(i)] for i in rng.choice(len(COLOURS), size=3, replace=False)]
        shapes = [SHAPES[int(i)] for i in rng.choice(len(SHAPES), size=3, replace=False)]
        world = [
            {
                "id": i,
                "colour": palette[int(rng.integers(3))],
                "shape": shapes[int(rng.integers(3))],
                "size": int(rng.integers(3)),
            }
            for i in range(params.objects)
        ]

        def description() -> list[Any]:
            thing = world[int(rng.integers(len(world)))]
            kind = int(rng.integers(3))
            return [thing["colour"] if kind != 1 else None, thing["shape"] if kind != 0 else None]

        def draw() -> Any:
            chain = []
            for depth in range(params.quantifiers):
                quantifier = ("every", "some", "no")[int(rng.integers(3 if depth == 0 else 2))]
                relation = (
                    None if depth == 0 else list(RELATIONS)[int(rng.integers(len(RELATIONS)))]
                )
                chain.append([quantifier, description(), relation])
            return chain if holds(chain, world) == truth else None

        data = {"world": world, "chain": retry(draw, 500)}
        return data, "TRUE" if truth else "FALSE"

    def render(self, data: dict[str, Any], params: WorldParams) -> str:
        things = "\n".join(
            f"{t['id'] + 1}. a {SIZES[t['size']]} {t['colour']} {t['shape']}" for t in data["world"]
        )
        body = (
            "Objects stand in a row, numbered from left to right:\n"
            f'{things}\n\nSizes are ordered small < medium < large. "Next to" means '
            "neighbouring numbers. No object is related to itself, a statement about "
            'every member of an empty group is true, and a relative clause ("that is ...") '
            "narrows the group it follows.\n\n"
            f"Statement: {sentence(data['chain'])}\n\nIs the statement true?"
        )
        return ask(body, "Answer TRUE or FALSE.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"work": len(data["world"]) ** len(data["chain"]), "objects": len(data["world"])}

    def normalize(self, text: str, task: Task) -> str:
        word = text.strip().strip(".!").upper()
        if word not in ("TRUE", "FALSE"):
            raise AnswerFormatError("answer TRUE or FALSE, nothing else")
        return word

    def wrong_answers(self, task: Task) -> list[str]:
        return [block("FALSE" if task.answer == "TRUE" else "TRUE"), block("TRUE or FALSE")]
