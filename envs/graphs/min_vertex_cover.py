"""Minimum vertex cover: a smallest set of vertices touching every edge, proved by SAT."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.graphs._common import GraphParams, VertexSetOptimum
from palaestra.generators.graphs import planted_cover
from palaestra.registry import register
from palaestra.verifiers.graphs import cover_violation


class MinVertexCoverParams(GraphParams):
    vertices: int = Field(14, ge=4, le=40, description="vertices; more is harder")
    edges: int = Field(21, ge=1, le=300, description="edges, all touching the planted cover")
    planted: int = Field(
        6,
        ge=1,
        le=30,
        description="size of the planted cover; the optimum is at most this; larger is harder",
    )

    @model_validator(mode="after")
    def _fits(self) -> MinVertexCoverParams:
        if self.planted >= self.vertices:
            raise ValueError(
                f"a planted cover of {self.planted} must leave vertices outside it "
                f"(vertices={self.vertices}); lower planted"
            )
        return self


@register("graphs/min-vertex-cover-v1")
class MinVertexCover(VertexSetOptimum):
    """Minimum vertex cover: list a smallest set of vertices that touches every edge.

    Task: the minimum vertex cover problem, one of Karp's 21 NP-complete problems (1972).
    Every edge is drawn among the pairs touching a hidden random set of `planted` vertices,
    so a cover of that size exists and the optimum is at most it, often smaller.

    Answer format: the cover's vertices separated by spaces, e.g. ``<answer>0 2 3</answer>``.

    Knobs: `vertices`, `edges` and `planted` (more of each is harder). Levels grow from
    6 vertices with a planted cover of 2 to 30 vertices with 12.

    Verification: certificate check: distinct, in-range vertices such that every edge has an
    end among them, exactly as many as the optimum; a valid larger cover scores 0 (no
    partial credit). The optimum is proved with MiniSat (SAT at the optimum, UNSAT one
    smaller, via an incremental totalizer); `task.meta["cost"]` has the solver effort.

    Versions: v1, first release.
    """

    Params = MinVertexCoverParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 6, "planted": 2},
        2: {"vertices": 8, "edges": 9, "planted": 3},
        3: {"vertices": 10, "edges": 13, "planted": 4},
        4: {"vertices": 12, "edges": 17, "planted": 5},
        5: {"vertices": 14, "edges": 21, "planted": 6},
        6: {"vertices": 16, "edges": 25, "planted": 7},
        7: {"vertices": 19, "edges": 30, "planted": 8},
        8: {"vertices": 22, "edges": 36, "planted": 9},
        9: {"vertices": 26, "edges": 44, "planted": 11},
        10: {"vertices": 30, "edges": 52, "planted": 12},
    }
    tags = ("graph", "np-hard", "optimisation", "certificate")
    maximize = False
    noun = "vertex cover"
    definition = "a set of vertices such that every edge has at least one end in the set"

    def graph(
        self, rng: np.random.Generator, params: MinVertexCoverParams
    ) -> tuple[int, list[tuple[int, int]]]:
        edges, _ = planted_cover(rng, params.vertices, params.edges, params.planted)
        return params.vertices, edges

    def clauses(self, n: int, edges: Sequence[Sequence[int]]) -> list[list[int]]:
        return [[u + 1, v + 1] for u, v in edges]

    def violation(self, n: int, edges: Sequence[Sequence[int]], vertices: list[int]) -> str | None:
        return cover_violation(edges, vertices)
