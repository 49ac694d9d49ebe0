"""Bin packing: pack items into the fewest bins of a given capacity."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import NO_PARTIAL_CREDIT, block, invalid
from palaestra.generators.combinatorics import planted_grouping
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import group_totals, parse_labels
from palaestra.verifiers.parsing import AnswerFormatError


class BinPackingParams(Params):
    bins: int = Field(4, ge=1, le=30, description="bins in the optimal packing; more is harder")
    items_per_bin: int = Field(
        3, ge=1, le=8, description="most items in one bin of the hidden packing; more is harder"
    )
    capacity: int = Field(50, ge=4, le=10_000, description="bin capacity; more is harder")

    @model_validator(mode="after")
    def _items_fit(self) -> BinPackingParams:
        smallest = max(1, self.capacity // 10)
        if self.items_per_bin * smallest > self.capacity - self.capacity // self.bins:
            raise ValueError(
                f"{self.items_per_bin} items of at least {smallest} do not fit a bin of "
                f"capacity {self.capacity}; lower items_per_bin or raise capacity"
            )
        return self


@register("sat/bin-packing-v1")
class BinPacking(Env):
    """Bin packing: assign items to as few bins as possible without exceeding capacity.

    Task: item sizes and a bin capacity C. A hidden packing fills `bins` bins almost to the
    brim, its total slack below C, so that ceil(total size / C) equals `bins`: that volume
    bound proves the packing optimal, and no search is needed to know the optimum. Bin
    packing is strongly NP-hard (Garey and Johnson 1979); near-full planted bins are the
    hard "triplet"-style instances of Falkenauer (1996) in spirit.

    Answer format: the bin (a number from 1) of each item, in the order the items are
    given, e.g. ``<answer>1 1 2 3 2</answer>``; bin numbers are labels and may be permuted.

    Knobs: `bins`, `items_per_bin` and `capacity` (all: more is harder). Levels go from 2
    bins of up to 3 items to 10 bins of up to 5 items.

    Verification: no bin may exceed C, and the packing must use exactly the optimal number
    of bins (ceil(total / C)); any such packing scores 1.0, one with more bins 0 (no partial
    credit, as the prompt says). `task.meta["cost"]` records the items and bins.

    Versions: v1, first release.
    """

    Params = BinPackingParams
    levels = {
        1: {"bins": 2, "items_per_bin": 3, "capacity": 12},
        2: {"bins": 3, "items_per_bin": 3, "capacity": 15},
        3: {"bins": 3, "items_per_bin": 4, "capacity": 20},
        4: {"bins": 4, "items_per_bin": 4, "capacity": 25},
        5: {"bins": 5, "items_per_bin": 4, "capacity": 30},
        6: {"bins": 6, "items_per_bin": 4, "capacity": 40},
        7: {"bins": 6, "items_per_bin": 5, "capacity": 50},
        8: {"bins": 7, "items_per_bin": 5, "capacity": 60},
        9: {"bins": 8, "items_per_bin": 5, "capacity": 80},
        10: {"bins": 10, "items_per_bin": 5, "capacity": 100},
    }
    difficulty_cost = "items"
    tags = ("sat-encoded", "numbers", "optimisation")

    def sample(
        self, rng: np.random.Generator, params: BinPackingParams
    ) -> tuple[dict[str, Any], None]:
        c, b = params.capacity, params.bins
        # Total slack stays below C, so the volume bound ceil(total / C) is exactly b.
        loads = [c - int(rng.integers(0, (c - 1) // b + 1)) for _ in range(b)]
        counts = [int(rng.integers(min(2, params.items_per_bin), params.items_per_bin + 1))]
        counts += [int(rng.integers(1, params.items_per_bin + 1)) for _ in range(b - 1)]
        counts = [counts[int(i)] for i in rng.permutation(b)]
        sizes, labels = planted_grouping(rng, counts, loads, minimum=max(1, c // 10))
        return {"sizes": sizes, "capacity": c, "bins": b, "planted": labels}, None

    def render(self, data: dict[str, Any], params: BinPackingParams) -> str:
        listing = ", ".join(map(str, data["sizes"]))
        return (
            f"Pack {len(data['sizes'])} items with these sizes into bins of capacity "
            f"{data['capacity']} each:\n\n{listing}\n\n"
            "The sizes in a bin may add up to at most the capacity. Use as few bins as "
            "possible. Give the bin number (starting from 1) of each item, in the order the "
            "items are listed, separated by spaces (for example, for five items: 1 1 2 3 2). "
            f"{NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: BinPackingParams) -> dict[str, Any]:
        return {"items": len(data["sizes"]), "bins": params.bins, "capacity": params.capacity}

    def check(self, task: Task, answer: str) -> Verdict:
        sizes, capacity = task.data["sizes"], task.data["capacity"]
        try:
            labels = parse_labels(answer, len(sizes), 1, len(sizes), "bin")
        except AnswerFormatError as exc:
            return invalid(exc, "list of bins")
        loads = group_totals(sizes, labels)
        for label in sorted(loads):
            if loads[label] > capacity:
                return Verdict.fail(
                    "wrong", f"Bin {label} holds {loads[label]}, over the capacity {capacity}."
                )
        if len(loads) > task.data["bins"]:
            return Verdict.fail(
                "wrong", f"Your packing uses {len(loads)} bins; fewer bins are enough."
            )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return " ".join(map(str, task.data["planted"]))

    def wrong_answers(self, task: Task) -> list[str]:
        n = len(task.data["sizes"])
        return [block(" ".join(["1"] * n)), block(" ".join(str(i) for i in range(1, n + 1)))]
