"""Hamiltonian cycle, decided: give a tour through every vertex, or NONE when there is none."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.graphs._common import (
    GraphParams,
    WitnessOrNone,
    adjacency_of,
    answer_block,
    graph_text,
    read_vertices,
    reject_until,
)
from palaestra.generators.graphs import min_degree_graph, planted_hamiltonian
from palaestra.registry import register
from palaestra.verifiers.graphs import Effort, hamiltonian_order, hamiltonian_violation

# Draws of the natural distribution before falling back to a construction; at the levels'
# densities about half the draws are Hamiltonian, so the fallback is almost never reached.
ATTEMPTS = 40


class HamiltonianCycleParams(GraphParams):
    vertices: int = Field(12, ge=5, le=30, description="vertices; more is harder")
    edges: int = Field(
        20,
        ge=5,
        le=300,
        description=(
            "edges; about half the graphs are Hamiltonian at 1.3 (small) to 1.8 (20 vertices) "
            "per vertex, more makes yes likelier; every vertex has degree at least 2"
        ),
    )

    @model_validator(mode="after")
    def _fits(self) -> HamiltonianCycleParams:
        if self.edges < self.vertices:
            raise ValueError(
                f"a Hamiltonian cycle on {self.vertices} vertices has {self.vertices} edges; "
                f"raise edges to at least that (edges={self.edges})"
            )
        return self


@register("graphs/hamiltonian-cycle-v1")
class HamiltonianCycle(WitnessOrNone):
    """Hamiltonian cycle, decided: give a cycle through every vertex once, or NONE.

    Task: the Hamiltonian circuit problem, one of Karp's 21 NP-complete problems (1972), as a
    balanced decision with a witness. The label is drawn first (a fair coin); graphs are then
    drawn from one distribution, connected random graphs with minimum degree 2 (so no vertex
    of degree 1 gives a "no" away), until the SAT solver's verdict matches. At the levels'
    densities (1.3 edges per vertex for 6 vertices up to 1.8 for 20) about half such graphs
    are Hamiltonian, so both labels come from the same family.
    In the rare case 40 draws all miss, a "yes" graph gets a planted cycle and a "no" graph
    is joined from two parts at a cut vertex.

    Answer format: every vertex once in cycle order (the return to the start is implied),
    e.g. ``<answer>0 3 1 4 2</answer>``, or ``<answer>NONE</answer>``.

    Knobs: `vertices` (more is harder) and `edges`. Levels grow from 6 vertices to 20.

    Verification: NONE scores 1.0 exactly when MiniSat proved (position encoding, UNSAT) that
    no Hamiltonian cycle exists; otherwise any valid Hamiltonian cycle scores 1.0. A model
    that always answers NONE gets about half the reward. `task.meta["cost"]` has the size,
    the label, the draws it took and the solver effort of the deciding call.

    Versions: v1, first release.
    """

    Params = HamiltonianCycleParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 8},
        2: {"vertices": 7, "edges": 10},
        3: {"vertices": 8, "edges": 12},
        4: {"vertices": 9, "edges": 13},
        5: {"vertices": 10, "edges": 16},
        6: {"vertices": 12, "edges": 20},
        7: {"vertices": 14, "edges": 24},
        8: {"vertices": 15, "edges": 26},
        9: {"vertices": 17, "edges": 30},
        10: {"vertices": 20, "edges": 36},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "np-hard", "decision", "certificate")
    witness_noun = "Hamiltonian cycle"

    def instance(
        self, rng: np.random.Generator, params: HamiltonianCycleParams, exists: bool
    ) -> tuple[dict[str, Any], list[int] | None]:
        n, m = params.vertices, params.edges

        def draw() -> tuple[tuple[list[tuple[int, int]], list[int] | None, Effort], bool]:
            edges = min_degree_graph(rng, n, m)
            order, effort = hamiltonian_order(n, edges, cycle=True)
            return (edges, order, effort), order is not None

        found = reject_until(ATTEMPTS, draw, exists)
        if found is None:
            edges = (
                planted_hamiltonian(rng, n, m, cycle=True)[0] if exists else _cut_vertex(rng, n, m)
            )
            order, effort = hamiltonian_order(n, edges, cycle=True)
            attempts = ATTEMPTS + 1
        else:
            (edges, order, effort), attempts = found
        data = {
            "n": n,
            "edges": [list(e) for e in edges],
            "attempts": attempts,
            "effort": effort.as_dict(),
        }
        return data, order

    def render(self, data: dict[str, Any], params: HamiltonianCycleParams) -> str:
        return (
            "Does the graph below have a Hamiltonian cycle, a cycle along edges that visits "
            "every vertex exactly once and returns to its start?\n\n"
            f"{graph_text(data['n'], data['edges'])}\n\n"
            "If it has one, list all the vertices once each in cycle order, separated by "
            "spaces, without repeating the first at the end; for example, in a graph with 5 "
            f"vertices: {answer_block('0 3 1 4 2')}. Any Hamiltonian cycle is accepted. If it "
            f"has none, answer {answer_block('NONE')}. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: HamiltonianCycleParams) -> dict[str, Any]:
        return {**self.cost_of_label(data), "attempts": data["attempts"], **data["effort"]}

    def read_witness(self, data: dict[str, Any], text: str) -> list[int]:
        return read_vertices(text, data["n"])

    def witness_problem(self, data: dict[str, Any], witness: list[int]) -> str | None:
        return hamiltonian_violation(adjacency_of(data), witness, cycle=True)


def _cut_vertex(rng: np.random.Generator, n: int, m: int) -> list[tuple[int, int]]:
    """Two random min-degree-2 graphs sharing one vertex: that cut vertex rules out any
    Hamiltonian cycle. Vertex labels are shuffled so the shared vertex is anywhere."""
    left = n // 2 + 1
    right = n - left + 1
    a = min_degree_graph(rng, left, max(left, m * left // (n + 1)))
    b = min_degree_graph(rng, right, max(right, m - len(a)))
    shift = left - 1  # b's vertex 0 is a's last vertex
    edges = a + [(u + shift, v + shift) for u, v in b]
    perm = [int(x) for x in rng.permutation(n)]
    return sorted((min(perm[u], perm[v]), max(perm[u], perm[v])) for u, v in edges)
