"""Weighted shortest path: give a path between two vertices whose length is the minimum."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    NO_PARTIAL_CREDIT,
    GraphParams,
    adjacency_of,
    answer_block,
    format_vertices,
    graph_size,
    graph_text,
    read_vertices,
)
from palaestra.generators.graphs import connected_gnm, far_pair, with_weights
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import dijkstra, edge_weights, path_weight, walk_violation
from palaestra.verifiers.parsing import AnswerFormatError


class ShortestPathParams(GraphParams):
    vertices: int = Field(12, ge=4, le=60, description="vertices; more is harder")
    edges: int = Field(22, ge=3, le=400, description="edges; more routes compete")
    max_weight: int = Field(
        12, ge=1, le=1000, description="edge lengths are drawn from 1..max_weight; wider is harder"
    )

    connected = True


@register("graphs/shortest-path-v1")
class ShortestPath(Env):
    """Weighted shortest path: give a path from s to t of minimum total length.

    Task: the single-pair shortest path problem with positive integer edge lengths
    (Dijkstra 1959). The graph is a connected random graph (uniform spanning tree plus
    uniform extra edges) with uniform lengths; s is random and t is among the vertices most
    edges away from s, so the answer is a real route. Ties are common; any shortest path is
    accepted.

    Answer format: the path's vertices from s to t, e.g. ``<answer>0 4 2 7</answer>``.

    Knobs: `vertices`, `edges` and `max_weight` (more of each is harder). Levels grow from 6
    vertices to 30.

    Verification: certificate check: distinct vertices from s to t, consecutive ones
    adjacent, whose total length equals Dijkstra's distance; a longer path scores 0 (no
    partial credit). `task.meta["cost"]` has the size, the distance, the number of edges on
    the reference path and Dijkstra's heap pops.

    Versions: v1, first release.
    """

    Params = ShortestPathParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 8, "max_weight": 9},
        2: {"vertices": 8, "edges": 12, "max_weight": 9},
        3: {"vertices": 10, "edges": 16, "max_weight": 12},
        4: {"vertices": 12, "edges": 20, "max_weight": 12},
        5: {"vertices": 14, "edges": 24, "max_weight": 15},
        6: {"vertices": 16, "edges": 28, "max_weight": 15},
        7: {"vertices": 19, "edges": 34, "max_weight": 20},
        8: {"vertices": 22, "edges": 40, "max_weight": 20},
        9: {"vertices": 26, "edges": 48, "max_weight": 25},
        10: {"vertices": 30, "edges": 56, "max_weight": 30},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "weighted", "optimisation", "certificate")

    def sample(
        self, rng: np.random.Generator, params: ShortestPathParams
    ) -> tuple[dict[str, Any], None]:
        n = params.vertices
        edges = with_weights(rng, connected_gnm(rng, n, params.edges), 1, params.max_weight)
        source, target = far_pair(rng, n, edges)
        paths = dijkstra(n, edges, source)
        data = {
            "n": n,
            "edges": edges,
            "source": source,
            "target": target,
            "distance": int(paths.dist[target]),
            "witness": paths.path_to(target),
            "pops": paths.pops,
        }
        return data, None

    def render(self, data: dict[str, Any], params: ShortestPathParams) -> str:
        s, t = data["source"], data["target"]
        return (
            f"Find a shortest path from vertex {s} to vertex {t} in the weighted graph below. "
            "The length of a path is the sum of the lengths of its edges.\n\n"
            f"{graph_text(data['n'], data['edges'], weight='length')}\n\n"
            f"List the vertices of the path in order from {s} to {t}, separated by spaces; for "
            f"example, a path from 0 to 7 could be written {answer_block('0 4 2 7')}. Any path "
            f"of minimum length is accepted. {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: ShortestPathParams) -> dict[str, Any]:
        return {
            **graph_size(data),
            "distance": data["distance"],
            "path_edges": len(data["witness"]) - 1,
            "dijkstra_pops": data["pops"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        s, t = data["source"], data["target"]
        try:
            path = read_vertices(answer, data["n"])
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read a path: {exc}.")
        if not path or path[0] != s or path[-1] != t:
            return Verdict.fail("wrong", f"The path must start at {s} and end at {t}.")
        problem = walk_violation(adjacency_of(data), path)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a path: {problem}.")
        length = path_weight(edge_weights(data["edges"]), path)
        if length != data["distance"]:
            return Verdict.fail("wrong", f"That path has length {length}; a shorter one exists.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_vertices(task.data["witness"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The path reversed (wrong ends) and cut short of the target."""
        path = task.data["witness"]
        return [answer_block(format_vertices(path[::-1])), answer_block(format_vertices(path[:-1]))]
