"""Connected components: count the pieces of an undirected graph."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    GroupedParams,
    answer_block,
    first_wrong,
    graph_size,
    graph_text,
)
from palaestra.generators.graphs import planted_components
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import connected_components
from palaestra.verifiers.parsing import AnswerFormatError, parse_int


class ConnectedComponentsParams(GroupedParams):
    vertices: int = Field(16, ge=2, le=80, description="vertices; more is harder")
    extra_edges: int = Field(
        6, ge=0, le=600, description="edges beyond a spanning tree of each component"
    )


@register("graphs/connected-components-v1")
class ConnectedComponents(Env):
    """Connected components: give the number of connected components of a graph.

    Task: counting connected components (union-find; Galler & Fischer 1964), the first step
    of most graph algorithms. The count is drawn from 1..max_components; the vertices are
    split at random into that many groups, each joined by a uniform random spanning tree,
    and extra edges fall inside groups. Isolated vertices (groups of one) count as
    components.

    Answer format: one integer, e.g. ``<answer>3</answer>``.

    Knobs: `vertices`, `max_components` and `extra_edges` (more of each is harder). Levels
    grow from 8 vertices to 40.

    Verification: the integer must equal the count found by breadth-first search.
    `task.meta["cost"]` has the size and the count.

    Versions: v1, first release.
    """

    Params = ConnectedComponentsParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 8, "max_components": 3, "extra_edges": 2},
        2: {"vertices": 10, "max_components": 3, "extra_edges": 2},
        3: {"vertices": 12, "max_components": 4, "extra_edges": 3},
        4: {"vertices": 14, "max_components": 4, "extra_edges": 4},
        5: {"vertices": 16, "max_components": 5, "extra_edges": 5},
        6: {"vertices": 19, "max_components": 6, "extra_edges": 6},
        7: {"vertices": 23, "max_components": 7, "extra_edges": 8},
        8: {"vertices": 27, "max_components": 8, "extra_edges": 10},
        9: {"vertices": 33, "max_components": 9, "extra_edges": 12},
        10: {"vertices": 40, "max_components": 10, "extra_edges": 15},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "exact-answer")

    def sample(
        self, rng: np.random.Generator, params: ConnectedComponentsParams
    ) -> tuple[dict[str, Any], str]:
        n = params.vertices
        count = int(rng.integers(1, params.max_components + 1))
        edges, _ = planted_components(rng, n, count, n - count + params.extra_edges)
        components = connected_components(n, edges)
        return {"n": n, "edges": [list(e) for e in edges]}, str(len(components))

    def render(self, data: dict[str, Any], params: ConnectedComponentsParams) -> str:
        example = first_wrong(("3", "2"), lambda text: text == str(self._count(data)))
        return (
            "How many connected components does the graph below have? Two vertices are in the "
            "same component when a path of edges joins them; a vertex with no edges is a "
            "component by itself.\n\n"
            f"{graph_text(data['n'], data['edges'])}\n\n"
            f"Answer with one integer, for example {answer_block(example)}. {ANSWER_FORMAT}"
        )

    @staticmethod
    def _count(data: dict[str, Any]) -> int:
        return len(connected_components(data["n"], data["edges"]))

    def cost(self, data: dict[str, Any], params: ConnectedComponentsParams) -> dict[str, Any]:
        return {**graph_size(data), "components": self._count(data)}

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            value = parse_int(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the count: {exc}.")
        if str(value) != task.answer:
            return Verdict.fail("wrong", f"The graph does not have {value} components.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        count = int(task.answer or 0)
        return [answer_block(str(count + 1)), answer_block(str(count - 1))]
