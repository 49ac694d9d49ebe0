"""All-pairs distance queries on a weighted digraph: answer several shortest distances."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import answer_block, first_wrong, graph_text
from palaestra.generators.graphs import strongly_connected_digraph, with_weights
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import floyd_warshall
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list


class DistanceQueryParams(Params):
    vertices: int = Field(10, ge=3, le=40, description="vertices; more is harder")
    arcs: int = Field(22, ge=3, le=600, description="arcs; more routes compete")
    max_weight: int = Field(
        12, ge=1, le=1000, description="arc lengths are drawn from 1..max_weight; wider is harder"
    )
    queries: int = Field(3, ge=1, le=10, description="distances asked for; more is harder")

    @model_validator(mode="after")
    def _fits(self) -> DistanceQueryParams:
        n = self.vertices
        if not n <= self.arcs <= n * (n - 1):
            raise ValueError(
                f"arcs must be between {n} (a cycle through all vertices) and {n * (n - 1)} "
                f"(every ordered pair); got {self.arcs}"
            )
        if self.queries > n * (n - 1):
            raise ValueError(f"only {n * (n - 1)} ordered pairs exist; lower queries")
        return self


@register("graphs/distance-query-v1")
class DistanceQuery(Env):
    """All-pairs distance queries: give the shortest distance for each of several ordered pairs.

    Task: all-pairs shortest paths (Floyd 1962; Warshall 1962) on a strongly connected
    weighted digraph, queried at a few pairs. The digraph is a directed cycle through a
    random order of the vertices plus uniform extra arcs, so every distance is finite; arc
    lengths are uniform. Queries prefer pairs with no direct arc, so each takes a search.

    Answer format: the distances in query order, separated by spaces, e.g.
    ``<answer>7 12 5</answer>``.

    Knobs: `vertices`, `arcs`, `max_weight` and `queries` (more of each is harder). Levels
    grow from 5 vertices with 2 queries to 20 vertices with 6.

    Verification: exact integers compared with Floyd–Warshall's. Partial credit: the score is
    the fraction of distances that are right; 1.0 only when all are. `task.meta["cost"]` has
    the size, the query count and Floyd–Warshall's n^3 relaxation count.

    Versions: v1, first release.
    """

    Params = DistanceQueryParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 5, "arcs": 9, "max_weight": 9, "queries": 2},
        2: {"vertices": 6, "arcs": 11, "max_weight": 9, "queries": 2},
        3: {"vertices": 7, "arcs": 14, "max_weight": 12, "queries": 3},
        4: {"vertices": 8, "arcs": 16, "max_weight": 12, "queries": 3},
        5: {"vertices": 10, "arcs": 20, "max_weight": 15, "queries": 4},
        6: {"vertices": 11, "arcs": 23, "max_weight": 15, "queries": 4},
        7: {"vertices": 13, "arcs": 27, "max_weight": 20, "queries": 5},
        8: {"vertices": 15, "arcs": 31, "max_weight": 20, "queries": 5},
        9: {"vertices": 17, "arcs": 36, "max_weight": 25, "queries": 6},
        10: {"vertices": 20, "arcs": 42, "max_weight": 30, "queries": 6},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "weighted", "directed", "exact-answer", "partial-credit")

    def sample(
        self, rng: np.random.Generator, params: DistanceQueryParams
    ) -> tuple[dict[str, Any], str]:
        n = params.vertices
        arcs = with_weights(
            rng, strongly_connected_digraph(rng, n, params.arcs), 1, params.max_weight
        )
        dist = floyd_warshall(n, arcs)
        direct = {(u, v) for u, v, _ in arcs}
        pairs = [(s, t) for s in range(n) for t in range(n) if s != t]
        far = [p for p in pairs if p not in direct]
        pool = far if len(far) >= params.queries else pairs
        picks = rng.choice(len(pool), size=params.queries, replace=False)
        queries = [list(pool[int(i)]) for i in picks]
        distances = [int(dist[s][t]) for s, t in queries]
        data = {"n": n, "edges": arcs, "queries": queries, "distances": distances}
        return data, " ".join(map(str, distances))

    def render(self, data: dict[str, Any], params: DistanceQueryParams) -> str:
        queries = "\n".join(f"{i}. from {s} to {t}" for i, (s, t) in enumerate(data["queries"], 1))
        example = first_wrong(
            ("7 12 5", "3 9 4"), lambda text: text == " ".join(map(str, data["distances"][:3]))
        )
        return (
            "In the weighted directed graph below, the distance from u to v is the least total "
            "length of a directed path from u to v (following arcs in their direction).\n\n"
            f"{graph_text(data['n'], data['edges'], directed=True, weight='length')}\n\n"
            f"Give the distance for each of these {len(data['queries'])} queries:\n{queries}\n\n"
            "Write the distances as integers in query order, separated by spaces; for example, "
            f"three answers are written {answer_block(example)}. Partial credit: the score is "
            f"the fraction of distances you get right. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: DistanceQueryParams) -> dict[str, Any]:
        n = data["n"]
        return {
            "vertices": n,
            "arcs": len(data["edges"]),
            "queries": len(data["queries"]),
            "relaxations": n**3,
        }

    def check(self, task: Task, answer: str) -> Verdict:
        expected = task.data["distances"]
        try:
            given = parse_int_list(answer, length=len(expected), what="distance")
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read {len(expected)} distances: {exc}.")
        wrong = [i for i, (a, b) in enumerate(zip(given, expected, strict=True), 1) if a != b]
        if not wrong:
            return Verdict.right()
        right = len(expected) - len(wrong)
        shown = ", ".join(map(str, wrong))
        return Verdict.fail(
            "partial" if right else "wrong",
            f"{right} of {len(expected)} distances are right; check queries {shown}.",
            score=right / len(expected),
        )

    def wrong_answers(self, task: Task) -> list[str]:
        """One distance off by one, and one distance missing."""
        distances = list(task.data["distances"])
        off = [distances[0] + 1, *distances[1:]]
        return [
            answer_block(" ".join(map(str, off))),
            answer_block(" ".join(map(str, distances[1:]))),
        ]
