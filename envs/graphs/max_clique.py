"""Maximum clique: a largest set of pairwise adjacent vertices, optimum proved by SAT."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.graphs._common import GraphParams, VertexSetOptimum
from palaestra.generators.graphs import all_pairs, planted_clique
from palaestra.registry import register
from palaestra.verifiers.graphs import adjacency, clique_violation


class MaxCliqueParams(GraphParams):
    vertices: int = Field(12, ge=4, le=40, description="vertices; more is harder")
    edges: int = Field(
        22, ge=0, le=400, description="random edges before planting; denser is harder"
    )
    planted: int = Field(
        4,
        ge=0,
        le=12,
        description=(
            "size of the clique planted on random vertices (0: none, a plain G(n, m)); the "
            "optimum may be larger"
        ),
    )

    @model_validator(mode="after")
    def _fits(self) -> MaxCliqueParams:
        if self.planted > self.vertices:
            raise ValueError(
                f"a planted clique of {self.planted} needs at least that many vertices "
                f"(vertices={self.vertices})"
            )
        return self


@register("graphs/max-clique-v1")
class MaxClique(VertexSetOptimum):
    """Maximum clique: list a largest set of vertices that are all pairwise adjacent.

    Task: the maximum clique problem, one of Karp's 21 NP-complete problems (1972). The
    graph is Erdős–Rényi G(n, m) with a clique planted on random vertices, the classic
    planted-clique model (Jerrum 1992; Kučera 1995), so the optimum is at least the planted
    size and often exactly it.

    Answer format: the clique's vertices separated by spaces, e.g. ``<answer>0 2 3</answer>``.

    Knobs: `vertices` and `edges` (random edges before planting; more of both is harder) and
    `planted`, the planted clique's size (0 plants none). Levels grow from 6 vertices to 26.

    Verification: certificate check: the vertices must be distinct, in range and pairwise
    adjacent, and as many as the optimum; a valid smaller clique scores 0 (no partial credit).
    The optimum is proved with MiniSat: a clique of size k is found and "at least k + 1" is
    UNSAT under an incremental totalizer. `task.meta["cost"]` has the size, the optimum and
    the solver's calls, decisions and conflicts.

    Versions: v1, first release.
    """

    Params = MaxCliqueParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 5, "planted": 3},
        2: {"vertices": 8, "edges": 9, "planted": 3},
        3: {"vertices": 10, "edges": 15, "planted": 4},
        4: {"vertices": 12, "edges": 22, "planted": 4},
        5: {"vertices": 14, "edges": 30, "planted": 5},
        6: {"vertices": 16, "edges": 40, "planted": 5},
        7: {"vertices": 18, "edges": 52, "planted": 6},
        8: {"vertices": 20, "edges": 64, "planted": 6},
        9: {"vertices": 23, "edges": 82, "planted": 7},
        10: {"vertices": 26, "edges": 104, "planted": 7},
    }
    tags = ("graph", "np-hard", "optimisation", "certificate")
    maximize = True
    noun = "clique"
    definition = "a set of vertices in which every two are joined by an edge"

    def graph(
        self, rng: np.random.Generator, params: MaxCliqueParams
    ) -> tuple[int, list[tuple[int, int]]]:
        edges, _ = planted_clique(rng, params.vertices, params.edges, params.planted)
        return params.vertices, edges

    def clauses(self, n: int, edges: Sequence[Sequence[int]]) -> list[list[int]]:
        adj = adjacency(n, edges)
        return [[-(u + 1), -(v + 1)] for u, v in all_pairs(n) if v not in adj[u]]

    def violation(self, n: int, edges: Sequence[Sequence[int]], vertices: list[int]) -> str | None:
        return clique_violation(adjacency(n, edges), vertices)
