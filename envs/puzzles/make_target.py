"""The 24 game: combine the given numbers with + - * / into the target, each used once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.puzzles._common import format_example, read_expression
from palaestra.generators.puzzles_numbers import Search, expression_text, solve_target
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

MAX_DRAWS = 500  # number sets tried before giving up on the requested kind


class MakeTargetParams(Params):
    numbers: int = Field(4, ge=2, le=5, description="numbers to combine; more is harder")
    max_number: int = Field(13, ge=2, le=30, description="largest number drawn; larger is harder")
    target: int = Field(24, ge=1, le=999, description="the value to make")
    fractions: bool = Field(
        False,
        description=(
            "only sets whose every solution passes through a fraction (like 1 5 5 5: "
            "5 * (5 - 1/5)); harder"
        ),
    )


@register("puzzles/24-game-v1")
class MakeTarget(Env):
    """The 24 game: make the target from the given numbers with + - * / and parentheses.

    Task: the card game 24 (Robert Sun, 1988) and its variants: use each given number
    exactly once, with addition, subtraction, multiplication, division and parentheses, to
    reach the target (24 unless the knob says otherwise). Fractions may appear on the way.
    Instances: random numbers 1..`max_number` kept when an exhaustive search (every pair
    combined by every operation, memoised on the multiset) reaches the target; with
    `fractions`, only sets that no all-integer route reaches. Any correct expression counts.

    Answer format: one arithmetic expression inside <answer></answer>, e.g.
    ``(8 - 4) * (7 - 1)``; ``x``/``×`` and ``÷`` are read as * and /, and a trailing
    ``= 24`` is allowed.

    Knobs: `numbers` (2..5), `max_number`, `target` and `fractions`. Levels go from four
    numbers up to 9 to five numbers up to 30; fraction-only sets (`fractions`, rarer: about
    one draw in a hundred qualifies, some 0.6 s per task) are left to the knob.

    Verification: a safe parser (no eval) reads the expression with exact fractions; the
    numbers used must be exactly the given multiset and the value must equal the target.
    `task.meta["cost"]` records the numbers, the draws and the search nodes.

    Versions: v1, first release.
    """

    Params = MakeTargetParams
    levels = {
        1: {"numbers": 4, "max_number": 9},
        2: {"numbers": 4, "max_number": 10},
        3: {"numbers": 4, "max_number": 12},
        4: {"numbers": 4, "max_number": 13},
        5: {"numbers": 4, "max_number": 16},
        6: {"numbers": 4, "max_number": 20},
        7: {"numbers": 5, "max_number": 10},
        8: {"numbers": 5, "max_number": 13},
        9: {"numbers": 5, "max_number": 20},
        10: {"numbers": 5, "max_number": 30},
    }
    difficulty_cost = "numbers"
    tags = ("puzzle", "arithmetic")

    def sample(
        self, rng: np.random.Generator, params: MakeTargetParams
    ) -> tuple[dict[str, Any], None]:
        for draw in range(1, MAX_DRAWS + 1):
            numbers = [int(v) for v in rng.integers(1, params.max_number + 1, size=params.numbers)]
            # With `fractions`, the cheap all-integer search goes first: most sets pass it.
            if params.fractions and solve_target(numbers, params.target, integral=True) is not None:
                continue
            search = Search()
            found = solve_target(numbers, params.target, search=search)
            if found is None:
                continue
            data = {"numbers": numbers, "target": params.target, "solution": expression_text(found)}
            data |= {"draws": draw, "nodes": search.nodes}
            return data, None
        raise ValueError(
            f"no {params.numbers} numbers up to {params.max_number} make {params.target}"
        )

    def cost(self, data: dict[str, Any], params: MakeTargetParams) -> dict[str, Any]:
        return {
            "numbers": len(data["numbers"]),
            "draws": data["draws"],
            "search_nodes": data["nodes"],
        }

    def render(self, data: dict[str, Any], params: MakeTargetParams) -> str:
        numbers = " ".join(map(str, data["numbers"]))
        return (
            f"Use the numbers {numbers} to make {data['target']}. Use every number exactly once "
            "(a number given twice is used twice), with +, -, *, / and parentheses; you may not "
            "join digits into new numbers or use a number as a negative sign. Fractions may "
            "appear along the way.\n\n"
            "Give one expression inside <answer></answer>. " + format_example("(8 - 4) * (7 - 1)")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        result = read_expression(answer)
        if isinstance(result, Verdict):
            return result
        if Counter(result.numbers) != Counter(task.data["numbers"]):
            used = " ".join(map(str, sorted(result.numbers)))
            return Verdict.fail(
                "wrong",
                f"The expression uses {used or 'no numbers'}; use each given number exactly once.",
            )
        if result.value != task.data["target"]:
            return Verdict.fail(
                "wrong", f"The expression equals {result.value}, not {task.data['target']}."
            )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return task.data["solution"]

    def wrong_answers(self, task: Task) -> list[str]:
        numbers = task.data["numbers"]
        return [
            "<answer>" + " + ".join(map(str, numbers)) + "</answer>"
            if sum(numbers) != task.data["target"]
            else "<answer>" + " * ".join(map(str, numbers)) + "</answer>",
            "<answer>" + str(task.data["target"]) + "</answer>",
        ]
