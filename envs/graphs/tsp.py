"""Travelling salesman on a small complete graph: an optimal tour, proved by Held–Karp."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    NO_PARTIAL_CREDIT,
    answer_block,
    format_vertices,
    read_vertices,
)
from palaestra.generators.graphs import all_pairs, complete_weights
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import held_karp
from palaestra.verifiers.parsing import AnswerFormatError


class TspParams(Params):
    cities: int = Field(
        8, ge=4, le=13, description="cities; more is harder (Held–Karp costs n^2 2^n)"
    )
    max_distance: int = Field(
        40, ge=2, le=1000, description="distances are drawn from 1..max_distance; wider is harder"
    )


def tour_length(dist: list[list[int]], tour: list[int]) -> int:
    return sum(dist[a][b] for a, b in pairwise([*tour, tour[0]]))


@register("graphs/tsp-v1")
class Tsp(Env):
    """Travelling salesman: visit every city once and return, with the least total distance.

    Task: the symmetric travelling salesman problem (Menger 1930; Karp 1972 for its
    NP-hardness) on a complete graph with uniform random integer distances (not necessarily
    metric). The optimum is computed exactly with the Held–Karp dynamic programme (1962).
    Ties are possible; any optimal tour is accepted.

    Answer format: every city once in tour order, the return implied, e.g.
    ``<answer>0 3 1 2</answer>``.

    Knobs: `cities` (more is harder) and `max_distance`. Levels grow from 5 cities to 11.

    Verification: certificate check: a permutation of the cities whose closed tour length
    equals the Held–Karp optimum; a longer tour scores 0 (no partial credit).
    `task.meta["cost"]` has the city count, the optimum and the DP's state count (n 2^(n-1)).

    Versions: v1, first release.
    """

    Params = TspParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"cities": 5, "max_distance": 20},
        2: {"cities": 5, "max_distance": 40},
        3: {"cities": 6, "max_distance": 40},
        4: {"cities": 6, "max_distance": 60},
        5: {"cities": 7, "max_distance": 60},
        6: {"cities": 8, "max_distance": 60},
        7: {"cities": 8, "max_distance": 99},
        8: {"cities": 9, "max_distance": 99},
        9: {"cities": 10, "max_distance": 99},
        10: {"cities": 11, "max_distance": 99},
    }
    difficulty_cost = "cities"
    tags = ("graph", "np-hard", "optimisation", "certificate")

    def sample(self, rng: np.random.Generator, params: TspParams) -> tuple[dict[str, Any], None]:
        dist = complete_weights(rng, params.cities, 1, params.max_distance)
        optimum, tour = held_karp(dist)
        return {"n": params.cities, "dist": dist, "optimum": optimum, "witness": tour}, None

    def render(self, data: dict[str, Any], params: TspParams) -> str:
        n, dist = data["n"], data["dist"]
        lines = "\n".join(f"{u}-{v}: {dist[u][v]}" for u, v in all_pairs(n))
        return (
            f"There are {n} cities, numbered 0 to {n - 1}. Find a tour that visits every city "
            "exactly once and returns to its starting city, with minimum total distance. The "
            f"distance between every two cities is given below, one pair per line as `u-v: d`:"
            f"\n\n{lines}\n\n"
            "List every city exactly once in tour order, separated by spaces, without "
            "repeating the first city at the end; for example, with 4 cities: "
            f"{answer_block('0 3 1 2')}. Any optimal tour is accepted, in either direction "
            f"and from any start. {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: TspParams) -> dict[str, Any]:
        n = data["n"]
        return {"cities": n, "optimum": data["optimum"], "dp_states": n * 2 ** (n - 1)}

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["n"]
        try:
            tour = read_vertices(answer, n)
        except AnswerFormatError as exc:
            hint = (
                " (do not repeat the first city at the end)" if "more than once" in str(exc) else ""
            )
            return Verdict.fail("unparsable", f"Could not read a tour: {exc}{hint}.")
        if len(tour) != n:
            missing = min(set(range(n)) - set(tour))
            return Verdict.fail("wrong", f"Not a tour: city {missing} is not visited.")
        length = tour_length(task.data["dist"], tour)
        if length != task.data["optimum"]:
            return Verdict.fail("wrong", f"That tour has length {length}; a shorter one exists.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_vertices(task.data["witness"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The optimal tour with its first city repeated at the end, and without its last city."""
        tour = task.data["witness"]
        return [
            answer_block(format_vertices([*tour, tour[0]])),
            answer_block(format_vertices(tour[:-1])),
        ]
