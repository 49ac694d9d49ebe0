"""0/1 knapsack: the most valuable selection of items within a weight limit."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import NO_PARTIAL_CREDIT, block, invalid
from palaestra.generators.combinatorics import knapsack_items
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import knapsack_best, parse_index_set
from palaestra.verifiers.parsing import AnswerFormatError


class KnapsackParams(Params):
    items: int = Field(10, ge=2, le=60, description="items; more is harder")
    max_weight: int = Field(
        30, ge=2, le=1000, description="weights are 1..max_weight; more is harder"
    )


@register("sat/knapsack-v1")
class Knapsack(Env):
    """0/1 knapsack: choose items of greatest total value whose total weight fits the limit.

    Task: items with weights and values and a capacity of half their total weight. Values
    are weakly correlated with weights (Pisinger's generator classes, 2005), which defeats
    the greedy value-per-weight rule while keeping the dynamic programme exact. Knapsack is
    one of Karp's 21 NP-complete problems (1972), pseudo-polynomial by dynamic programming.

    Answer format: the numbers of the chosen items, in any order, e.g.
    ``<answer>1 4 5</answer>``.

    Knobs: `items` and `max_weight` (more is harder). Levels go from 4 items of weight up
    to 10 to 22 items of weight up to 100.

    Verification: the chosen items must fit the capacity and their value must equal the
    optimum of the exact dynamic programme (Bellman 1957); any optimal selection scores
    1.0, anything else 0 (no partial credit, as the prompt says). `task.meta["cost"]`
    records the size of the dynamic-programming table, the optimum and the capacity.

    Versions: v1, first release.
    """

    Params = KnapsackParams
    levels = {
        1: {"items": 4, "max_weight": 10},
        2: {"items": 5, "max_weight": 15},
        3: {"items": 6, "max_weight": 20},
        4: {"items": 8, "max_weight": 25},
        5: {"items": 10, "max_weight": 30},
        6: {"items": 12, "max_weight": 40},
        7: {"items": 14, "max_weight": 50},
        8: {"items": 16, "max_weight": 60},
        9: {"items": 19, "max_weight": 80},
        10: {"items": 22, "max_weight": 100},
    }
    difficulty_cost = "dp_cells"
    tags = ("sat-encoded", "numbers", "optimisation")

    def sample(
        self, rng: np.random.Generator, params: KnapsackParams
    ) -> tuple[dict[str, Any], str]:
        weights, values, capacity = knapsack_items(rng, params.items, params.max_weight)
        optimum, chosen = knapsack_best(weights, values, capacity)
        data = {"weights": weights, "values": values, "capacity": capacity, "optimum": optimum}
        return data, " ".join(map(str, chosen))

    def render(self, data: dict[str, Any], params: KnapsackParams) -> str:
        rows = "\n".join(
            f"item {i}: weight {w}, value {v}"
            for i, (w, v) in enumerate(zip(data["weights"], data["values"], strict=True), 1)
        )
        return (
            f"A knapsack holds a total weight of at most {data['capacity']}. The items are:\n\n"
            f"{rows}\n\n"
            "Choose items (each at most once) whose total weight is at most the capacity and "
            "whose total value is as large as possible. Give the numbers of the chosen items, "
            f"separated by spaces (for example: 1 4 5). {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: KnapsackParams) -> dict[str, Any]:
        return {
            "dp_cells": params.items * (data["capacity"] + 1),
            "items": params.items,
            "capacity": data["capacity"],
            "optimum": data["optimum"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        try:
            chosen = parse_index_set(answer, len(data["weights"]), "item")
        except AnswerFormatError as exc:
            return invalid(exc, "list of items")
        weight = sum(data["weights"][i - 1] for i in chosen)
        if weight > data["capacity"]:
            return Verdict.fail(
                "wrong", f"The chosen items weigh {weight}, over the capacity {data['capacity']}."
            )
        value = sum(data["values"][i - 1] for i in chosen)
        if value < data["optimum"]:
            return Verdict.fail(
                "wrong", f"The chosen items are worth {value}; a more valuable selection fits."
            )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        n = len(task.data["weights"])
        chosen = task.answer.split()
        return [block(" ".join(str(i) for i in range(1, n + 1))), block(" ".join(chosen[1:]))]
