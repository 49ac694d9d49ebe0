"""Zebra (Einstein) puzzles: fill in who lives where with what, from clues; unique by proof."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.logic._common import ask, block, ladder, unparsable
from palaestra.envs.logic._positions import sentence
from palaestra.generators.logic_puzzles import Clue, build_clues, puzzle_stats, random_solution
from palaestra.generators.vocab import PHRASES, attribute_table, person_names
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError

KINDS = ("same", "differ", "at", "right_of", "next", "not_next", "before", "end")
_TABLE_ALLOWED = re.compile(r"^[\sA-Za-z0-9:,;|{}\[\]\"'\-.=]*$")
_FILLERS = {"house", "is", "the", "and", "name", "lives", "in"}


class ZebraParams(Params):
    houses: int = Field(3, ge=2, le=7, description="houses (people); more is harder")
    attributes: int = Field(
        2, ge=1, le=6, description="attribute categories besides names; more is harder"
    )


def parse_table(text: str, houses: int, columns: list[list[str]]) -> list[list[str]]:
    """Reads one value per category for each house: lines like ``House 1: Ada, red, dog``
    (JSON such as ``{"1": {"name": "Ada", "colour": "red"}}`` reads the same). Values may
    come in any order within a house; a house number starts the house. Raises
    AnswerFormatError unless the table is complete and every value is used once."""
    if not _TABLE_ALLOWED.match(text):
        raise AnswerFormatError("write one line per house, like House 1: Ada, red, dog")
    category_of = {v.lower(): (c, v) for c, values in enumerate(columns) for v in values}
    table: list[list[str | None]] = [[None] * len(columns) for _ in range(houses)]
    current: int | None = None
    seen_houses: set[int] = set()
    fillers = _FILLERS | {word for word in PHRASES} | {"colour", "color"}
    for token in re.findall(r"[A-Za-z]+|\d+", text):
        if token.isdigit():
            if len(token) > 2 or not 1 <= int(token) <= houses:
                raise AnswerFormatError(f"houses are numbered 1 to {houses}")
            current = int(token) - 1
            if current in seen_houses:
                raise AnswerFormatError(f"house {token} appears more than once")
            seen_houses.add(current)
            continue
        found = category_of.get(token.lower())
        if found is None:
            if token.lower() in fillers:
                continue
            raise AnswerFormatError(f"{token[:20]!r} is not one of the puzzle's values")
        if current is None:
            raise AnswerFormatError("start each house with its number, like House 1: ...")
        column, value = found
        if table[current][column] is not None:
            raise AnswerFormatError(f"house {current + 1} has two values of one kind")
        if any(row[column] == value for row in table):
            raise AnswerFormatError(f"{value} is placed in more than one house")
        table[current][column] = value
    for index, row in enumerate(table):
        if any(cell is None for cell in row):
            raise AnswerFormatError(f"house {index + 1} is missing a value")
    return [[str(cell) for cell in row] for row in table]


@register("logic/zebra-v1")
class Zebra(Env):
    """Einstein's zebra puzzle with generated residents and attributes; give the full table.

    Task: n houses in a row, one resident each; every resident has a distinct name and
    one value of each attribute (colour, pet, drink, job, ...). Clues say who is who,
    who lives where, directly right of, next to, somewhere left of or at an end. The
    puzzle of Life International (1962), generated: clues true of a hidden table are
    drawn until MiniSat proves the table the only solution, then every clue that is not
    needed is dropped, so each clue counts.

    Answer format: one line per house with every value in it, e.g.
    ``House 1: Zorin, red, dog`` then ``House 2: ...`` (values in any order; JSON like
    ``{"1": {"name": "Zorin", "colour": "red"}}`` also read).

    Knobs: `houses` and `attributes` (categories besides names); more of each is harder.
    The cost is the number of clues the minimal puzzle needs.

    Verification: the table must be complete with every value used once. Partial credit:
    the fraction of (house, category) cells right; `correct` only for the whole table.
    Uniqueness is proved with python-sat at generation.

    Versions: v1, first release.
    """

    Params = ZebraParams
    levels = ladder(
        houses=[3, 3, 4, 4, 4, 5, 5, 5, 6, 6], attributes=[1, 2, 2, 3, 4, 3, 4, 5, 4, 5]
    )
    difficulty_cost = "clues"
    tags = ("logic", "puzzle", "unique-solution", "partial-credit")

    def sample(self, rng: np.random.Generator, params: ZebraParams) -> tuple[dict[str, Any], str]:
        n, k = params.houses, params.attributes
        table = attribute_table(rng, k, n)
        categories = ["name", *table]
        columns = [person_names(rng, n), *table.values()]
        where = random_solution(rng, k + 1, n)
        built = build_clues(rng, (k + 1, n, False), where, KINDS)
        rows = [[""] * (k + 1) for _ in range(n)]
        for (c, v), h in where.items():
            rows[h][c] = columns[c][v]
        answer = "\n".join(f"House {h + 1}: {', '.join(row)}" for h, row in enumerate(rows))
        data = {
            "categories": categories,
            "columns": columns,
            "clues": [clue.to_json() for clue in built.clues],
        }
        return data, answer

    def render(self, data: dict[str, Any], params: ZebraParams) -> str:
        categories, columns = data["categories"], data["columns"]
        n = len(columns[0])

        def name(item: tuple[int, int]) -> str:
            c, v = item
            value = columns[c][v]
            return value if c == 0 else PHRASES[categories[c]].format(value)

        clues = [sentence(Clue.from_json(c), name, "house") for c in data["clues"]]
        listed = "\n".join(f"{i}. {text}" for i, text in enumerate(clues, start=1))
        kinds = "\n".join(
            f"- {category}: {', '.join(sorted(values))}"
            for category, values in zip(categories, columns, strict=True)
        )
        body = (
            f"There are {n} houses in a row, numbered 1 to {n} from left to right, with one "
            "person in each. Every person has a different value of each of these:\n"
            f"{kinds}\n\nClues:\n{listed}\n\nExactly one arrangement satisfies all the "
            "clues. Who lives in each house, with which values?"
        )
        example = ", ".join(values[0] for values in columns)
        return ask(
            body,
            f"Give one line per house with all its values, e.g. House 1: {example} (values in "
            "any order). Partial credit: the fraction of cells you get right.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        shape = (len(data["columns"]), len(data["columns"][0]), False)
        clues = [Clue.from_json(c) for c in data["clues"]]
        return {"clues": len(clues), "cells": shape[0] * shape[1], **puzzle_stats(shape, clues)}

    def check(self, task: Task, answer: str) -> Verdict:
        columns = task.data["columns"]
        n = len(columns[0])
        try:
            got = parse_table(answer, n, columns)
        except AnswerFormatError as exc:
            return unparsable(exc)
        truth = parse_table(task.answer or "", n, columns)
        cells = n * len(columns)
        right = sum(
            a == b
            for row, ref in zip(got, truth, strict=True)
            for a, b in zip(row, ref, strict=True)
        )
        if right == cells:
            return Verdict.right()
        return Verdict.fail(
            "partial" if right else "wrong",
            f"{cells - right} of the {cells} cells are wrong.",
            score=right / cells,
        )

    def wrong_answers(self, task: Task) -> list[str]:
        lines = (task.answer or "").splitlines()
        swapped = [lines[1].replace("House 2", "House 1"), lines[0].replace("House 1", "House 2")]
        return [block("\n".join(swapped + lines[2:])), block("\n".join(lines[:-1]))]
