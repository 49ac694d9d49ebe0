"""Minimum dominating set: a smallest set that every vertex is in or next to, proved by SAT."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.envs.graphs._common import GraphParams, VertexSetOptimum
from palaestra.generators.graphs import connected_gnm
from palaestra.registry import register
from palaestra.verifiers.graphs import adjacency, domination_violation


class MinDominatingSetParams(GraphParams):
    vertices: int = Field(14, ge=4, le=40, description="vertices; more is harder")
    edges: int = Field(
        18, ge=3, le=300, description="edges of the connected graph (at least vertices - 1)"
    )

    connected = True


@register("graphs/min-dominating-set-v1")
class MinDominatingSet(VertexSetOptimum):
    """Minimum dominating set: list a smallest set of vertices that every vertex is in or
    adjacent to.

    Task: the minimum dominating set problem (NP-hard; Garey & Johnson 1979, problem GT2),
    the model of placing as few facilities as possible so that every site has one next door.
    Graphs are connected and sparse: a uniform random spanning tree plus random edges.

    Answer format: the set's vertices separated by spaces, e.g. ``<answer>0 2 3</answer>``.

    Knobs: `vertices` (more is harder) and `edges`. Levels grow from 6 vertices to 30.

    Verification: certificate check: distinct, in-range vertices such that every vertex is
    in the set or adjacent to one in it, exactly as many as the optimum; a valid larger set
    scores 0 (no partial credit). The optimum is proved with MiniSat (SAT at the optimum,
    UNSAT one smaller, via an incremental totalizer); `task.meta["cost"]` has the solver effort.

    Versions: v1, first release.
    """

    Params = MinDominatingSetParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 6},
        2: {"vertices": 8, "edges": 9},
        3: {"vertices": 10, "edges": 12},
        4: {"vertices": 12, "edges": 15},
        5: {"vertices": 14, "edges": 18},
        6: {"vertices": 16, "edges": 21},
        7: {"vertices": 19, "edges": 25},
        8: {"vertices": 22, "edges": 29},
        9: {"vertices": 26, "edges": 34},
        10: {"vertices": 30, "edges": 40},
    }
    tags = ("graph", "np-hard", "optimisation", "certificate")
    maximize = False
    noun = "dominating set"
    definition = "a set of vertices such that every vertex is in the set or adjacent to one in it"

    def graph(
        self, rng: np.random.Generator, params: MinDominatingSetParams
    ) -> tuple[int, list[tuple[int, int]]]:
        return params.vertices, connected_gnm(rng, params.vertices, params.edges)

    def clauses(self, n: int, edges: Sequence[Sequence[int]]) -> list[list[int]]:
        adj = adjacency(n, edges)
        return [[v + 1] + [u + 1 for u in sorted(adj[v])] for v in range(n)]

    def violation(self, n: int, edges: Sequence[Sequence[int]], vertices: list[int]) -> str | None:
        return domination_violation(adjacency(n, edges), vertices)
