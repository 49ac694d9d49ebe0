"""Topological order: list the vertices of a DAG so that every arc points forward."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    answer_block,
    format_vertices,
    graph_size,
    graph_text,
    read_vertices,
)
from palaestra.generators.graphs import random_dag
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import topological_order, topological_violation
from palaestra.verifiers.parsing import AnswerFormatError


class TopologicalOrderParams(Params):
    vertices: int = Field(12, ge=3, le=60, description="vertices; more is harder")
    arcs: int = Field(18, ge=1, le=600, description="arcs (constraints); more is harder")

    @model_validator(mode="after")
    def _fits(self) -> TopologicalOrderParams:
        most = self.vertices * (self.vertices - 1) // 2
        if self.arcs > most:
            raise ValueError(
                f"a DAG on {self.vertices} vertices holds at most {most} arcs (arcs={self.arcs})"
            )
        return self


@register("graphs/topological-order-v1")
class TopologicalOrder(Env):
    """Topological order: list every vertex of a DAG so that each arc goes from earlier to later.

    Task: topological sorting (Kahn 1962), the order of tasks under prerequisites. The graph
    is a random DAG: `arcs` uniform pairs oriented along a hidden random order of the
    vertices. Usually many orders are valid; any of them is accepted.

    Answer format: every vertex exactly once, e.g. ``<answer>3 0 2 1</answer>``.

    Knobs: `vertices` and `arcs` (more of both is harder). Levels grow from 5 vertices and 6
    arcs to 30 vertices and 50 arcs.

    Verification: certificate check: a permutation of the vertices in which no arc points
    backwards. `task.meta["cost"]` has the size and the length of the longest path (the
    depth of the order).

    Versions: v1, first release.
    """

    Params = TopologicalOrderParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 5, "arcs": 6},
        2: {"vertices": 6, "arcs": 8},
        3: {"vertices": 8, "arcs": 11},
        4: {"vertices": 10, "arcs": 15},
        5: {"vertices": 12, "arcs": 18},
        6: {"vertices": 15, "arcs": 23},
        7: {"vertices": 18, "arcs": 28},
        8: {"vertices": 21, "arcs": 34},
        9: {"vertices": 25, "arcs": 41},
        10: {"vertices": 30, "arcs": 50},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "directed", "certificate")

    def sample(
        self, rng: np.random.Generator, params: TopologicalOrderParams
    ) -> tuple[dict[str, Any], None]:
        arcs, _ = random_dag(rng, params.vertices, params.arcs)
        return {"n": params.vertices, "edges": [list(a) for a in arcs]}, None

    def render(self, data: dict[str, Any], params: TopologicalOrderParams) -> str:
        return (
            "Order the vertices of the directed acyclic graph below so that every arc u->v "
            "has u before v (a topological order).\n\n"
            f"{graph_text(data['n'], data['edges'], directed=True)}\n\n"
            "List every vertex exactly once in your order, separated by spaces; for example, "
            f"with arcs 3->0, 0->2, 3->1 one answer is {answer_block('3 0 2 1')}. Any "
            f"topological order is accepted. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: TopologicalOrderParams) -> dict[str, Any]:
        order = topological_order(data["n"], data["edges"]) or []
        depth = dict.fromkeys(order, 0)
        for u in order:
            for a, b in data["edges"]:
                if a == u:
                    depth[b] = max(depth[b], depth[u] + 1)
        return {
            **graph_size(data, "arcs"),
            "longest_path": max(depth.values(), default=0),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["n"]
        try:
            order = read_vertices(answer, n)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read a vertex order: {exc}.")
        if len(order) != n:
            missing = min(set(range(n)) - set(order))
            return Verdict.fail("wrong", f"Not a topological order: vertex {missing} is missing.")
        problem = topological_violation(task.data["edges"], order)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a topological order: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_vertices(topological_order(task.data["n"], task.data["edges"]) or [])

    def wrong_answers(self, task: Task) -> list[str]:
        """The reference reversed (every arc backwards), and missing its last vertex."""
        order = topological_order(task.data["n"], task.data["edges"]) or []
        return [
            answer_block(format_vertices(order[::-1])),
            answer_block(format_vertices(order[:-1])),
        ]
