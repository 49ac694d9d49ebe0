"""Graph isomorphism: give a vertex mapping that carries one graph exactly onto another."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    GraphParams,
    answer_block,
    edge_text,
    format_mapping,
    graph_size,
)
from palaestra.generators.graphs import connected_gnm, relabel
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import isomorphism_violation
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_mapping


class IsomorphismParams(GraphParams):
    vertices: int = Field(9, ge=3, le=40, description="vertices; more is harder")
    edges: int = Field(
        14, ge=2, le=400, description="edges; more is harder (until the graph gets near-complete)"
    )

    connected = True


@register("graphs/isomorphism-v1")
class Isomorphism(Env):
    """Graph isomorphism: map the vertices of graph A to those of graph B, edges to edges.

    Task: exhibiting an isomorphism between two graphs (the graph isomorphism problem; Babai
    2016 for its quasipolynomial bound). A is a connected random graph (uniform spanning
    tree plus uniform extra edges) and B is A under a hidden uniform relabelling, so an
    isomorphism exists; when A has symmetries several do, and any is accepted.

    Answer format: `a:b` for every vertex a of A, meaning a goes to b, e.g.
    ``<answer>0:2 1:0 2:3 3:1</answer>``.

    Knobs: `vertices` and `edges` (more of both is harder). Levels grow from 5 vertices to 16.

    Verification: certificate check: a bijection from A's vertices onto B's (every vertex of
    A exactly once, no image repeated) under which every edge of A lands on an edge of B; the
    edge counts are equal, so that is an isomorphism. `task.meta["cost"]` has the size and
    the number of distinct degrees (fewer makes the search harder).

    Versions: v1, first release.
    """

    Params = IsomorphismParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 5, "edges": 6},
        2: {"vertices": 6, "edges": 8},
        3: {"vertices": 7, "edges": 10},
        4: {"vertices": 8, "edges": 12},
        5: {"vertices": 9, "edges": 14},
        6: {"vertices": 10, "edges": 16},
        7: {"vertices": 11, "edges": 19},
        8: {"vertices": 12, "edges": 22},
        9: {"vertices": 14, "edges": 26},
        10: {"vertices": 16, "edges": 30},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "certificate")

    def sample(
        self, rng: np.random.Generator, params: IsomorphismParams
    ) -> tuple[dict[str, Any], None]:
        n = params.vertices
        first = connected_gnm(rng, n, params.edges)
        second, perm = relabel(rng, n, first)
        data = {
            "n": n,
            "edges": [list(e) for e in first],
            "target": [list(e) for e in second],
            "planted": perm,
        }
        return data, None

    def render(self, data: dict[str, Any], params: IsomorphismParams) -> str:
        n = data["n"]
        return (
            f"Graphs A and B each have {n} vertices, numbered 0 to {n - 1}, and "
            f"{len(data['edges'])} undirected edges. They are isomorphic: some one-to-one "
            "renaming of A's vertices turns A's edges into exactly B's edges. Find one.\n\n"
            f"Edges of A: {edge_text(data['edges'])}\n\n"
            f"Edges of B: {edge_text(data['target'])}\n\n"
            "Give every vertex a of A exactly once as a:b, where b is the vertex of B it "
            "becomes, separated by spaces; each vertex of B must be used once. For example, "
            f"for 4 vertices: {answer_block('0:2 1:0 2:3 3:1')}. Any isomorphism is accepted. "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: IsomorphismParams) -> dict[str, Any]:
        degree = [0] * data["n"]
        for u, v in data["edges"]:
            degree[u] += 1
            degree[v] += 1
        return {
            **graph_size(data),
            "distinct_degrees": len(set(degree)),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["n"]
        try:
            mapping = parse_int_mapping(answer, n, low=0, high=n - 1, value_what="vertex of B")
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read a mapping: {exc}.")
        if len(set(mapping)) != n:
            twice = next(b for b in mapping if mapping.count(b) > 1)
            return Verdict.fail("wrong", f"Not one-to-one: vertex {twice} of B is used twice.")
        problem = isomorphism_violation(task.data["edges"], task.data["target"], mapping)
        if problem is not None:
            return Verdict.fail("wrong", f"Not an isomorphism: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_mapping(task.data["planted"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The identity (unless it works) and the planted mapping with two images swapped
        (unless that works too), and one image repeated."""
        data, n = task.data, task.data["n"]
        planted = list(data["planted"])
        wrong = [answer_block(format_mapping([planted[0], *planted[:-1]]))]
        for candidate in (list(range(n)), [planted[1], planted[0], *planted[2:]]):
            if isomorphism_violation(data["edges"], data["target"], candidate):
                wrong.append(answer_block(format_mapping(candidate)))
        return wrong
