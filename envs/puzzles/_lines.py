"""Shading puzzles clued line by line (nonogram, kakurasu): one generator, one encoding.

A subclass says what a line's clue is (`line_clue`, from the line's shaded cells) and gives
the prompt; the base draws a random picture, clues every row and column, proves uniqueness
with a table encoding (each clued line is one of the patterns with that clue), adds given
cells while MiniSat still finds a second solution, and prunes them back to a minimal set.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import (
    Encoding,
    UniquePuzzle,
    cell_label,
    changed_cell_answers,
    drop_line_clue,
    line_cells,
    read_marks,
    reveal_until_unique,
    shown_lines,
    symbol_rows,
)
from palaestra.generators.puzzles_cnf import PuzzleCNF
from palaestra.params import Params
from palaestra.records import Task, Verdict

Clue = Any  # a JSON value: a list of run lengths, an int sum, ...


class LineParams(Params):
    size: int = Field(8, ge=3, le=15, description="side of the grid; larger is harder")
    density: float = Field(
        0.55,
        ge=0.2,
        le=0.8,
        description="share of shaded cells in the hidden picture; nearer 0.5 is harder",
    )


class LinePuzzle(UniquePuzzle):
    """Base of square shading puzzles with a clue per row and column (see module doc)."""

    Params = LineParams
    difficulty_cost = "cells"

    @staticmethod
    def line_clue(bits: tuple[bool, ...]) -> Clue:
        """The clue of a line whose shaded cells are the true `bits`."""
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, params: LineParams) -> tuple[dict[str, Any], str]:
        n = params.size
        picture = rng.random((n, n)) < params.density
        data = {
            "size": n,
            "rows": [self.line_clue(tuple(bool(b) for b in picture[r])) for r in range(n)],
            "cols": [self.line_clue(tuple(bool(b) for b in picture[:, c])) for c in range(n)],
            "given": [],
        }
        cells = self.encode(data).project
        planted = [lit if picture.flat[i] else -lit for i, lit in enumerate(cells)]
        data = reveal_until_unique(
            rng,
            self,
            data,
            planted,
            "given",
            lambda lit: [*divmod(cells.index(abs(lit)), n), int(lit > 0)],
        )
        return data, _picture_text(picture.tolist())

    def encode(self, data: dict[str, Any]) -> Encoding:
        n = data["size"]
        cnf = PuzzleCNF()
        cells = [cnf.var("shaded", r, c) for r in range(n) for c in range(n)]
        clues = []
        for key, i in shown_lines(data):
            line = [cells[r * n + c] for r, c in line_cells(key, i, n)]
            clue = cnf.fresh()
            options = [
                [lit if bit else -lit for lit, bit in zip(line, bits, strict=True)]
                for bits in self.patterns(n, _frozen(data[key][i]))
            ]
            cnf.one_of(options, guard=clue)
            clues.append(clue)
        clues += [cells[r * n + c] * (1 if v else -1) for r, c, v in data["given"]]

        def decode(solution: list[int]) -> str:
            return _picture_text([[solution[r * n + c] > 0 for c in range(n)] for r in range(n)])

        return Encoding(cnf, cells, clues, decode)

    def patterns(self, n: int, clue: Clue) -> list[tuple[bool, ...]]:
        """Every line of length n with this clue; by default all 2**n lines are tried
        (cached per class, length and clue), so subclasses with long lines override it."""
        return _patterns(type(self), n, clue)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Clues: the row and column clues still shown, then the given cells."""
        return drop_line_clue(data, index, "given")

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = data["size"]
        return {"cells": n * n, "size": n, "given_cells": len(data["given"])}

    def givens_text(self, data: dict[str, Any]) -> str:
        """A sentence naming the given cells, or ""."""
        if not data["given"]:
            return ""
        shaded = [cell_label(r, c) for r, c, v in data["given"] if v]
        empty = [cell_label(r, c) for r, c, v in data["given"] if not v]
        parts = []
        if shaded:
            parts.append("shaded: " + "; ".join(shaded))
        if empty:
            parts.append("empty: " + "; ".join(empty))
        return "\nGiven cells (" + ". ".join(parts) + ").\n"

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        n = data["size"]
        shaded = read_marks(answer, n)
        if isinstance(shaded, Verdict):
            return shaded
        for r, c, v in data["given"]:
            if ((r, c) in shaded) != bool(v):
                return Verdict.fail("wrong", f"The cell at {cell_label(r, c)} is given.")
        for key, i in shown_lines(data):
            got = self.line_clue(tuple(cell in shaded for cell in line_cells(key, i, n)))
            if got != data[key][i]:
                name = "row" if key == "rows" else "column"
                return Verdict.fail(
                    "wrong", f"Not a solution: {name} {i + 1} gives {got}, not {data[key][i]}."
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"#": ".", ".": "#"})


@cache
def _patterns(cls: type[LinePuzzle], n: int, clue: Clue) -> list[tuple[bool, ...]]:
    want = _thawed(clue)
    lines = itertools.product((False, True), repeat=n)
    return [bits for bits in lines if cls.line_clue(bits) == want]


def _frozen(clue: Clue) -> Clue:
    return tuple(clue) if isinstance(clue, list) else clue


def _thawed(clue: Clue) -> Clue:
    return list(clue) if isinstance(clue, tuple) else clue


def _picture_text(picture: list[list[bool]]) -> str:
    return symbol_rows([["#" if bit else "." for bit in row] for row in picture])
