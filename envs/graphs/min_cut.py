"""Minimum s-t cut: a cheapest set of edges whose removal separates two vertices."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    NO_PARTIAL_CREDIT,
    GraphParams,
    answer_block,
    graph_size,
    graph_text,
)
from palaestra.generators.graphs import connected_gnm, far_pair, ordered, with_weights
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import adjacency, max_flow, reachable
from palaestra.verifiers.parsing import AnswerFormatError, parse_vertex_pairs


class MinCutParams(GraphParams):
    vertices: int = Field(10, ge=3, le=40, description="vertices; more is harder")
    edges: int = Field(18, ge=2, le=400, description="edges; more is harder")
    max_weight: int = Field(
        9, ge=1, le=1000, description="edge weights are drawn from 1..max_weight; wider is harder"
    )

    connected = True


def read_edges(text: str, n: int) -> list[tuple[int, int]]:
    """Distinct undirected edges `u-v`, each pair normalised to (min, max)."""
    pairs = [ordered(u, v) for u, v in parse_vertex_pairs(text, low=0, high=n - 1)]
    seen: set[tuple[int, int]] = set()
    for pair in pairs:
        if pair in seen:
            raise AnswerFormatError(f"edge {pair[0]}-{pair[1]} appears more than once")
        seen.add(pair)
    return pairs


@register("graphs/min-cut-v1")
class MinCut(Env):
    """Minimum s-t cut: list a set of edges of least total weight that separates s from t.

    Task: the minimum s-t cut problem in an undirected weighted graph, dual to maximum flow
    (Ford & Fulkerson 1956; Elias, Feinstein & Shannon 1956). The graph is connected (uniform
    spanning tree plus uniform extra edges) with uniform integer weights; s is random and t
    among the vertices most edges away from it. Several minimum cuts may exist; any is
    accepted.

    Answer format: the cut edges as `u-v` pairs, e.g. ``<answer>0-3, 2-5</answer>``.

    Knobs: `vertices`, `edges` and `max_weight` (more of each is harder). Levels grow from 5
    vertices to 22.

    Verification: certificate check: distinct edges of the graph whose removal leaves no
    path from s to t, with total weight equal to the maximum flow value (Dinic's algorithm,
    each edge as two opposite arcs); a heavier separating set scores 0 (no partial credit).
    `task.meta["cost"]` has the size, the cut value and Dinic's augmenting paths.

    Versions: v1, first release.
    """

    Params = MinCutParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 5, "edges": 7, "max_weight": 9},
        2: {"vertices": 6, "edges": 9, "max_weight": 9},
        3: {"vertices": 7, "edges": 11, "max_weight": 9},
        4: {"vertices": 8, "edges": 13, "max_weight": 12},
        5: {"vertices": 10, "edges": 17, "max_weight": 12},
        6: {"vertices": 12, "edges": 21, "max_weight": 15},
        7: {"vertices": 14, "edges": 25, "max_weight": 15},
        8: {"vertices": 16, "edges": 29, "max_weight": 20},
        9: {"vertices": 19, "edges": 35, "max_weight": 20},
        10: {"vertices": 22, "edges": 41, "max_weight": 25},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "flow", "weighted", "optimisation", "certificate")

    def sample(self, rng: np.random.Generator, params: MinCutParams) -> tuple[dict[str, Any], None]:
        n = params.vertices
        edges = with_weights(rng, connected_gnm(rng, n, params.edges), 1, params.max_weight)
        source, sink = far_pair(rng, n, edges)
        flow = max_flow(n, edges, source, sink, directed=False)
        side = flow.source_side
        cut = [[u, v] for u, v, _ in edges if (u in side) != (v in side)]
        data = {
            "n": n,
            "edges": edges,
            "source": source,
            "sink": sink,
            "cut_value": flow.value,
            "witness": cut,
            "augmentations": flow.augmentations,
        }
        return data, None

    def render(self, data: dict[str, Any], params: MinCutParams) -> str:
        s, t = data["source"], data["sink"]
        return (
            f"Remove a set of edges from the weighted graph below so that no path is left "
            f"between vertex {s} and vertex {t}, with the least possible total weight of the "
            "removed edges (a minimum cut).\n\n"
            f"{graph_text(data['n'], data['edges'], weight='weight')}\n\n"
            "List the removed edges as u-v pairs separated by commas, each edge once; for "
            f"example {answer_block('0-3, 2-5')}. Any minimum cut is accepted. "
            f"{NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: MinCutParams) -> dict[str, Any]:
        return {
            **graph_size(data),
            "cut_value": data["cut_value"],
            "cut_edges": len(data["witness"]),
            "augmenting_paths": data["augmentations"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        try:
            removed = read_edges(answer, data["n"])
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read an edge list: {exc}.")
        weights = {ordered(u, v): w for u, v, w in data["edges"]}
        unknown = next((e for e in removed if e not in weights), None)
        if unknown is not None:
            return Verdict.fail("wrong", f"{unknown[0]}-{unknown[1]} is not an edge of the graph.")
        cut = set(removed)
        kept = [e for e in data["edges"] if ordered(e[0], e[1]) not in cut]
        if data["sink"] in reachable(adjacency(data["n"], kept), data["source"]):
            return Verdict.fail(
                "wrong",
                f"Vertices {data['source']} and {data['sink']} are still connected without those "
                "edges.",
            )
        total = sum(weights[e] for e in removed)
        if total != data["cut_value"]:
            return Verdict.fail("wrong", f"That cut weighs {total}; a lighter one exists.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return ", ".join(f"{u}-{v}" for u, v in task.data["witness"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The cut without one edge (no longer separating), and the edges around t (heavier
        unless that is a minimum cut too)."""
        cut, t = task.data["witness"], task.data["sink"]
        around = [e for e in task.data["edges"] if t in e[:2]]
        wrong = [answer_block(", ".join(f"{u}-{v}" for u, v in cut[1:]))]
        if sum(e[2] for e in around) != task.data["cut_value"]:
            wrong.append(answer_block(", ".join(f"{u}-{v}" for u, v, _ in around)))
        return wrong
