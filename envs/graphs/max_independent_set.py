"""Maximum independent set: a largest set of pairwise non-adjacent vertices, proved by SAT."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.envs.graphs._common import GraphParams, VertexSetOptimum
from palaestra.generators.graphs import gnm
from palaestra.registry import register
from palaestra.verifiers.graphs import adjacency, independence_violation


class MaxIndependentSetParams(GraphParams):
    vertices: int = Field(14, ge=4, le=40, description="vertices; more is harder")
    edges: int = Field(22, ge=0, le=300, description="edges; a sparse graph has more options")


@register("graphs/max-independent-set-v1")
class MaxIndependentSet(VertexSetOptimum):
    """Maximum independent set: list a largest set of vertices no two of which are adjacent.

    Task: the maximum independent (stable) set problem, NP-hard (Karp 1972, via clique on
    the complement graph), on sparse Erdős–Rényi G(n, m) graphs of average degree about 3,
    where many maximal sets of different sizes compete.

    Answer format: the set's vertices separated by spaces, e.g. ``<answer>0 2 3</answer>``.

    Knobs: `vertices` (more is harder) and `edges`. Levels grow from 6 vertices and 6 edges
    to 30 vertices and 54 edges.

    Verification: certificate check: distinct, in-range vertices with no edge between any two,
    as many as the optimum; a valid smaller set scores 0 (no partial credit). The optimum is
    proved with MiniSat (SAT at the optimum, UNSAT one larger, via an incremental totalizer);
    `task.meta["cost"]` has the size, the optimum and the solver effort.

    Versions: v1, first release.
    """

    Params = MaxIndependentSetParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 6},
        2: {"vertices": 8, "edges": 10},
        3: {"vertices": 10, "edges": 14},
        4: {"vertices": 12, "edges": 18},
        5: {"vertices": 14, "edges": 22},
        6: {"vertices": 16, "edges": 26},
        7: {"vertices": 19, "edges": 32},
        8: {"vertices": 22, "edges": 38},
        9: {"vertices": 26, "edges": 46},
        10: {"vertices": 30, "edges": 54},
    }
    tags = ("graph", "np-hard", "optimisation", "certificate")
    maximize = True
    noun = "independent set"
    definition = "a set of vertices no two of which are joined by an edge"

    def graph(
        self, rng: np.random.Generator, params: MaxIndependentSetParams
    ) -> tuple[int, list[tuple[int, int]]]:
        return params.vertices, gnm(rng, params.vertices, params.edges)

    def clauses(self, n: int, edges: Sequence[Sequence[int]]) -> list[list[int]]:
        return [[-(u + 1), -(v + 1)] for u, v in edges]

    def violation(self, n: int, edges: Sequence[Sequence[int]], vertices: list[int]) -> str | None:
        return independence_violation(adjacency(n, edges), vertices)
