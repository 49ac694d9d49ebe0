"""ARC-style grid transformation: infer a hidden rule from example pairs, apply it to a test."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import Env
from palaestra.envs.puzzles._common import format_example, grid_failure
from palaestra.generators.puzzles_arc import GRAVITY, SHAPE, primitives, random_grid, rivals, run
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.grids import GridParseError, format_grid, parse_grid

MAX_DRAWS = 200  # programs and example sets tried before giving up


class ArcParams(Params):
    steps: int = Field(
        2, ge=1, le=3, description="transformations composed by the hidden rule; more is harder"
    )
    min_side: int = Field(4, ge=3, le=12, description="smallest grid side")
    max_side: int = Field(7, ge=3, le=12, description="largest grid side; larger is harder")
    examples: int = Field(
        3, ge=2, le=5, description="example pairs shown at first; fewer is harder"
    )

    @model_validator(mode="after")
    def _sides(self) -> ArcParams:
        if self.min_side > self.max_side:
            raise ValueError(f"min_side={self.min_side} must not exceed max_side={self.max_side}")
        return self


@register("puzzles/arc-transform-v1")
class ArcTransform(Env):
    """ARC-style transformation: find the rule behind example grid pairs and apply it.

    Task: in the style of Chollet's Abstraction and Reasoning Corpus (2019). A hidden rule,
    a composition of `steps` simple transformations (rotations, flips, transposition,
    swapping two colours, shifting the picture, cropping to the content, tiling, mirroring,
    scaling up, gravity in one direction, filling enclosed background), maps each example
    input to its output; the model gives the output for a test input. Instances: random
    grids of rectangles, outlines, lines and dots; every example and the test change under
    the rule. The examples are checked against every rule of one or two steps of that
    language: when another such rule fits them but answers the test differently, an example
    is added (up to 5), and failing that the draw is redone, so within that space the
    answer is determined by the examples.

    Answer format: the output grid inside <answer></answer>, one row per line, colours 0-9
    separated by spaces.

    Knobs: `steps` (1..3), `min_side`/`max_side` (grid sides) and `examples` (pairs shown,
    fewer is harder). Levels go from one step on 3..5 grids to three steps on 6..10 grids.

    Verification: exact match of the grid (its size included) with the rule's output.
    `task.meta["cost"]` records the steps, the test cells, the examples and the draws.

    Versions: v1, first release.
    """

    Params = ArcParams
    levels = {
        1: {"steps": 1, "min_side": 3, "max_side": 5, "examples": 3},
        2: {"steps": 1, "min_side": 4, "max_side": 7, "examples": 3},
        3: {"steps": 1, "min_side": 5, "max_side": 9, "examples": 2},
        4: {"steps": 2, "min_side": 3, "max_side": 6, "examples": 3},
        5: {"steps": 2, "min_side": 4, "max_side": 7, "examples": 3},
        6: {"steps": 2, "min_side": 5, "max_side": 9, "examples": 3},
        7: {"steps": 2, "min_side": 6, "max_side": 10, "examples": 2},
        8: {"steps": 3, "min_side": 4, "max_side": 7, "examples": 3},
        9: {"steps": 3, "min_side": 5, "max_side": 9, "examples": 3},
        10: {"steps": 3, "min_side": 6, "max_side": 10, "examples": 3},
    }
    difficulty_cost = "steps"
    tags = ("puzzle", "grid", "induction")

    def sample(self, rng: np.random.Generator, params: ArcParams) -> tuple[dict[str, Any], str]:
        for draw in range(1, MAX_DRAWS + 1):
            colours = sorted(
                int(c) for c in rng.choice(np.arange(1, 10), int(rng.integers(2, 5)), replace=False)
            )
            program = _random_program(rng, colours, params.steps)
            grids = [self._grid(rng, params, colours) for _ in range(6)]
            outputs = [run(grid, program) for grid in grids]
            if any(np.array_equal(g, o) for g, o in zip(grids, outputs, strict=True)):
                continue  # the rule must change every grid it is shown on
            test, answer = grids[-1], outputs[-1]
            for shown in range(params.examples, 6):
                pairs = list(zip(grids[:shown], outputs[:shown], strict=True))
                if rivals(pairs, test, answer) == 0:
                    data = {
                        "train": [[g.tolist(), o.tolist()] for g, o in pairs],
                        "test": test.tolist(),
                        "program": program,
                        "draws": draw,
                    }
                    return data, format_grid(answer.tolist(), blank="0")
        raise ValueError("no unambiguous task found; allow more examples or other sizes")

    def _grid(self, rng: np.random.Generator, params: ArcParams, colours: list[int]) -> np.ndarray:
        rows, cols = (int(v) for v in rng.integers(params.min_side, params.max_side + 1, size=2))
        while True:
            grid = random_grid(rng, rows, cols, colours, int(rng.integers(2, 5)))
            if grid.any():
                return grid

    def cost(self, data: dict[str, Any], params: ArcParams) -> dict[str, Any]:
        test = data["test"]
        return {
            "steps": len(data["program"]),
            "test_cells": len(test) * len(test[0]),
            "examples": len(data["train"]),
            "draws": data["draws"],
        }

    def render(self, data: dict[str, Any], params: ArcParams) -> str:
        def show(grid: list[list[int]]) -> str:
            return format_grid(grid, blank="0")

        parts = [
            f"Example {i}:\nInput:\n{show(inp)}\nOutput:\n{show(out)}"
            for i, (inp, out) in enumerate(data["train"], start=1)
        ]
        return (
            "Each example below turns an input grid into an output grid by the same hidden rule "
            "(grids of colours 0-9, 0 is the background; the rule may change the grid's size). "
            "Find the rule and apply it to the test input.\n\n"
            + "\n\n".join(parts)
            + f"\n\nTest input:\n{show(data['test'])}\n\n"
            "Give the test output grid inside <answer></answer>: one row per line, colours "
            "separated by single spaces. " + format_example("0 1 1\n2 0 0")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        expected = [[int(v) for v in line.split()] for line in (task.answer or "").splitlines()]
        rows, cols = len(expected), len(expected[0])
        try:
            grid = parse_grid(answer, rows, cols, max_value=9)
        except GridParseError as exc:
            return grid_failure(
                exc, rows, cols, "The output has a different size or unreadable rows."
            )
        wrong = sum(
            a != b
            for row, want in zip(grid, expected, strict=True)
            for a, b in zip(row, want, strict=True)
        )
        if wrong:
            return Verdict.fail(
                "wrong", f"{wrong} of the {rows * cols} cells differ from the rule's output."
            )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        rows = [line.split() for line in (task.answer or "").splitlines()]
        rows[0][0] = "9" if rows[0][0] != "9" else "8"
        return ["<answer>\n" + "\n".join(" ".join(r) for r in rows) + "\n</answer>"]


def _random_program(rng: np.random.Generator, colours: list[int], steps: int) -> list[list[Any]]:
    """`steps` random transformations, at most one that grows the grid, no immediate
    repeat of the same transformation and no fill with a colour already in use."""
    space = [s for s in primitives(colours) if not (s[0] == "fill_enclosed" and s[1] in colours)]
    program: list[list[Any]] = []
    while len(program) < steps:
        step = space[int(rng.integers(len(space)))]
        grows = step[0] in SHAPE and step[0] != "crop"
        if program and step == program[-1]:
            continue
        if grows and any(s[0] in SHAPE and s[0] != "crop" for s in program):
            continue
        if step[0] in GRAVITY and program and program[-1][0] in GRAVITY:
            continue
        program.append(step)
    return program
