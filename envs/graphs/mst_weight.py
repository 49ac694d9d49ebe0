"""Minimum spanning tree weight: the least total weight of edges that connect every vertex."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    GraphParams,
    answer_block,
    first_wrong,
    graph_size,
    graph_text,
)
from palaestra.generators.graphs import connected_gnm, with_weights
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import kruskal
from palaestra.verifiers.parsing import AnswerFormatError, parse_int


class MstWeightParams(GraphParams):
    vertices: int = Field(12, ge=3, le=60, description="vertices; more is harder")
    edges: int = Field(24, ge=2, le=600, description="edges; more candidates is harder")
    max_weight: int = Field(
        20, ge=1, le=1000, description="edge weights are drawn from 1..max_weight; wider is harder"
    )

    connected = True


@register("graphs/mst-weight-v1")
class MstWeight(Env):
    """Minimum spanning tree weight: give the total weight of a minimum spanning tree.

    Task: the minimum spanning tree problem (Borůvka 1926; Kruskal 1956; Prim 1957) on a
    connected random graph (uniform spanning tree plus uniform extra edges) with uniform
    integer weights. Ties in weight are common; the total weight is unique.

    Answer format: one integer, e.g. ``<answer>42</answer>``.

    Knobs: `vertices`, `edges` and `max_weight` (more of each is harder). Levels grow from
    5 vertices and 8 edges to 30 vertices and 65 edges.

    Verification: the integer must equal the weight Kruskal's algorithm finds.
    `task.meta["cost"]` has the size and the number of edges Kruskal examined before the tree
    was complete.

    Versions: v1, first release.
    """

    Params = MstWeightParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 5, "edges": 8, "max_weight": 9},
        2: {"vertices": 6, "edges": 10, "max_weight": 12},
        3: {"vertices": 8, "edges": 14, "max_weight": 15},
        4: {"vertices": 10, "edges": 19, "max_weight": 20},
        5: {"vertices": 12, "edges": 24, "max_weight": 20},
        6: {"vertices": 14, "edges": 29, "max_weight": 25},
        7: {"vertices": 17, "edges": 36, "max_weight": 30},
        8: {"vertices": 20, "edges": 43, "max_weight": 40},
        9: {"vertices": 25, "edges": 54, "max_weight": 50},
        10: {"vertices": 30, "edges": 65, "max_weight": 60},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "weighted", "exact-answer")

    def sample(
        self, rng: np.random.Generator, params: MstWeightParams
    ) -> tuple[dict[str, Any], str]:
        n = params.vertices
        edges = with_weights(rng, connected_gnm(rng, n, params.edges), 1, params.max_weight)
        weight, _ = kruskal(n, edges)
        return {"n": n, "edges": edges}, str(weight)

    def render(self, data: dict[str, Any], params: MstWeightParams) -> str:
        weight, _ = kruskal(data["n"], data["edges"])
        example = first_wrong(("42", "37"), lambda text: text == str(weight))
        return (
            "A spanning tree of a connected graph is a set of its edges that connects all the "
            "vertices without forming a cycle. What is the total weight of a minimum spanning "
            "tree of the weighted graph below?\n\n"
            f"{graph_text(data['n'], data['edges'], weight='weight')}\n\n"
            f"Answer with the total weight as one integer, for example {answer_block(example)}. "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: MstWeightParams) -> dict[str, Any]:
        _, tree = kruskal(data["n"], data["edges"])
        ranked = sorted(data["edges"], key=lambda e: (e[2], e[0], e[1]))
        examined = ranked.index(tree[-1]) + 1 if tree else 0
        return {**graph_size(data), "kruskal_examined": examined}

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            value = parse_int(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the weight: {exc}.")
        if str(value) != task.answer:
            return Verdict.fail("wrong", f"{value} is not the weight of a minimum spanning tree.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        """One more than the answer, and the weight of all the edges."""
        total = sum(w for _, _, w in task.data["edges"])
        return [answer_block(str(int(task.answer or 0) + 1)), answer_block(str(total))]
