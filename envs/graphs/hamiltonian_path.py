"""Hamiltonian path: visit every vertex exactly once along the edges of a sparse graph."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    GraphParams,
    adjacency_of,
    answer_block,
    format_vertices,
    graph_size,
    graph_text,
    read_vertices,
)
from palaestra.generators.graphs import planted_hamiltonian
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import hamiltonian_order, hamiltonian_violation
from palaestra.verifiers.parsing import AnswerFormatError


class HamiltonianPathParams(GraphParams):
    vertices: int = Field(12, ge=4, le=40, description="vertices; more is harder")
    edges: int = Field(
        18,
        ge=3,
        le=300,
        description="edges, including the planted path's; fewer spare edges leave fewer paths",
    )

    connected = True


@register("graphs/hamiltonian-path-v1")
class HamiltonianPath(Env):
    """Hamiltonian path: list the vertices in an order that visits each once along edges.

    Task: the Hamiltonian path problem (NP-complete; Karp 1972, via Hamiltonian circuit). A
    random Hamiltonian path is planted and random extra edges hide it; any Hamiltonian path,
    between any two endpoints, is accepted.

    Answer format: every vertex exactly once, in path order, e.g. ``<answer>2 0 3 1</answer>``.

    Knobs: `vertices` (more is harder) and `edges` (at most about 1.5 per vertex at every
    level, so that most vertex orders are dead ends). Levels grow from 6 vertices to 24.

    Verification: certificate check: a permutation of all vertices whose consecutive
    vertices are adjacent. `task.meta["cost"]` has the size and MiniSat's effort to find a
    Hamiltonian path from scratch (a position encoding), an independent route to a witness.

    Versions: v1, first release.
    """

    Params = HamiltonianPathParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 8},
        2: {"vertices": 7, "edges": 10},
        3: {"vertices": 8, "edges": 11},
        4: {"vertices": 10, "edges": 14},
        5: {"vertices": 12, "edges": 17},
        6: {"vertices": 14, "edges": 20},
        7: {"vertices": 16, "edges": 23},
        8: {"vertices": 18, "edges": 26},
        9: {"vertices": 21, "edges": 30},
        10: {"vertices": 24, "edges": 35},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "np-hard", "certificate")

    def sample(
        self, rng: np.random.Generator, params: HamiltonianPathParams
    ) -> tuple[dict[str, Any], None]:
        edges, order = planted_hamiltonian(rng, params.vertices, params.edges, cycle=False)
        return {"n": params.vertices, "edges": [list(e) for e in edges], "planted": order}, None

    def render(self, data: dict[str, Any], params: HamiltonianPathParams) -> str:
        return (
            "Find a Hamiltonian path in the graph below: a path that visits every vertex "
            "exactly once, moving only along edges. It may start and end at any vertices.\n\n"
            f"{graph_text(data['n'], data['edges'])}\n\n"
            "List all the vertices in path order, separated by spaces; for example, in a graph "
            f"with 4 vertices: {answer_block('2 0 3 1')}. Any Hamiltonian path is accepted. "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: HamiltonianPathParams) -> dict[str, Any]:
        _, effort = hamiltonian_order(data["n"], data["edges"], cycle=False)
        return {**graph_size(data), **effort.as_dict()}

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            order = read_vertices(answer, task.data["n"])
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read a vertex order: {exc}.")
        problem = hamiltonian_violation(adjacency_of(task.data), order, cycle=False)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a Hamiltonian path: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_vertices(task.data["planted"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The planted path without its last vertex, and with its first two vertices swapped
        when that breaks it."""
        order = list(task.data["planted"])
        wrong = [answer_block(format_vertices(order[:-1]))]
        swapped = [order[1], order[0], *order[2:]]
        if hamiltonian_violation(adjacency_of(task.data), swapped, cycle=False):
            wrong.append(answer_block(format_vertices(swapped)))
        return wrong
