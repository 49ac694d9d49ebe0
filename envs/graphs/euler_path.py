"""Euler trail, decided: walk every edge exactly once, or answer NONE when it cannot be done."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.graphs._common import GraphParams, WitnessOrNone, answer_block, graph_text
from palaestra.generators.graphs import with_odd_vertices
from palaestra.registry import register
from palaestra.verifiers.graphs import euler_trail, trail_violation
from palaestra.verifiers.parsing import parse_int_list


class EulerPathParams(GraphParams):
    vertices: int = Field(9, ge=4, le=30, description="vertices; more is harder")
    edges: int = Field(
        14, ge=3, le=200, description="edges, about this many (the trail's length); more is harder"
    )

    connected = True


@register("graphs/euler-path-v1")
class EulerPath(WitnessOrNone):
    """Euler trail, decided: give a walk that uses every edge exactly once, or NONE.

    Task: the Euler path problem, from Euler's bridges of Königsberg (1736): a connected
    graph has a trail through every edge exactly once when 0 or 2 of its vertices have odd
    degree (Hierholzer 1873). The label is drawn first (a fair coin). Graphs are connected
    random graphs whose parities are adjusted by toggling edges: a "yes" graph gets 0 or 2
    odd vertices, a "no" graph 4 or 6, so both have about the same number of edges and a
    "no" is a near miss rather than a parity mess.

    Answer format: the trail as a vertex sequence (length edges + 1), e.g.
    ``<answer>0 1 2 0 3</answer>``, or ``<answer>NONE</answer>``.

    Knobs: `vertices` and `edges` (more is harder). Levels grow from 6 vertices and 9 edges to
    16 vertices and 30 edges.

    Verification: NONE scores 1.0 exactly when no Euler trail exists (the degree condition,
    with connectivity); otherwise any walk using each edge exactly once scores 1.0. A model
    that always answers NONE gets about half the reward. `task.meta["cost"]` has the size,
    the label and the number of odd vertices.

    Versions: v1, first release.
    """

    Params = EulerPathParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 9},
        2: {"vertices": 7, "edges": 11},
        3: {"vertices": 8, "edges": 13},
        4: {"vertices": 9, "edges": 15},
        5: {"vertices": 10, "edges": 17},
        6: {"vertices": 11, "edges": 19},
        7: {"vertices": 12, "edges": 22},
        8: {"vertices": 13, "edges": 24},
        9: {"vertices": 14, "edges": 27},
        10: {"vertices": 16, "edges": 30},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "decision", "certificate")
    witness_noun = "Euler trail"

    def instance(
        self, rng: np.random.Generator, params: EulerPathParams, exists: bool
    ) -> tuple[dict[str, Any], list[int] | None]:
        choices = (0, 2, 2) if exists else (4, 4, 6)
        odd = min(choices[int(rng.integers(3))], params.vertices - params.vertices % 2)
        edges = with_odd_vertices(rng, params.vertices, params.edges, odd)
        data = {"n": params.vertices, "edges": [list(e) for e in edges], "odd_vertices": odd}
        return data, euler_trail(params.vertices, edges)

    def render(self, data: dict[str, Any], params: EulerPathParams) -> str:
        return (
            "Is there a walk in the graph below that uses every edge exactly once (an Euler "
            "trail)? It may start and end at any vertices, and may pass through a vertex "
            "several times.\n\n"
            f"{graph_text(data['n'], data['edges'])}\n\n"
            "If there is one, list the vertices of the walk in order, separated by spaces (one "
            "more vertex than there are edges); for example, in a graph with edges 0-1, 1-2, "
            f"0-2, 0-3 the walk {answer_block('3 0 1 2 0')} uses each edge once. Any such walk "
            f"is accepted. If there is none, answer {answer_block('NONE')}. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: EulerPathParams) -> dict[str, Any]:
        return {**self.cost_of_label(data), "odd_vertices": data["odd_vertices"]}

    def read_witness(self, data: dict[str, Any], text: str) -> list[int]:
        return parse_int_list(text, low=0, high=data["n"] - 1, what="vertex")

    def witness_problem(self, data: dict[str, Any], witness: list[int]) -> str | None:
        return trail_violation(data["n"], data["edges"], witness)
