"""Directed cycle detection: give a directed cycle, or NONE when the digraph is acyclic."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.graphs._common import WitnessOrNone, answer_block, graph_text, read_vertices
from palaestra.generators.graphs import dag_with_cycle, random_dag
from palaestra.params import Params
from palaestra.registry import register
from palaestra.verifiers.graphs import arc_walk_violation, directed_cycle, successors


class CycleDetectionParams(Params):
    vertices: int = Field(10, ge=4, le=40, description="vertices; more is harder")
    arcs: int = Field(15, ge=3, le=400, description="arcs; more is harder")

    @model_validator(mode="after")
    def _fits(self) -> CycleDetectionParams:
        most = self.vertices * (self.vertices - 1) // 2
        if not self.vertices - 1 <= self.arcs <= most:
            raise ValueError(
                f"arcs must be between {self.vertices - 1} (enough for a path of two arcs) and "
                f"{most} (all a DAG on {self.vertices} vertices can hold); got {self.arcs}"
            )
        return self


@register("graphs/cycle-detection-v1")
class CycleDetection(WitnessOrNone):
    """Directed cycle detection: give a directed cycle, or NONE when the digraph is acyclic.

    Task: deciding whether a directed graph is acyclic, the question behind deadlock
    detection and build-order checks (depth-first search; Tarjan 1972), answered with a
    witness. The label is drawn first (a fair coin): a "no" graph is a random DAG with
    `arcs` arcs in a hidden order; a "yes" graph is a random DAG with one arc fewer plus one
    arc closing a cycle of at least 3 vertices, so the two look alike.

    Answer format: the cycle's vertices in the order the arcs go (the return to the start is
    implied), e.g. ``<answer>4 1 3</answer>``, or ``<answer>NONE</answer>``.

    Knobs: `vertices` and `arcs` (more is harder). Levels grow from 5 vertices to 30.

    Verification: NONE scores 1.0 exactly when the graph is acyclic; otherwise any list of
    distinct vertices with an arc from each to the next and from the last to the first
    scores 1.0. A model that always answers NONE gets about half the reward.
    `task.meta["cost"]` has the size and the label.

    Versions: v1, first release.
    """

    Params = CycleDetectionParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 5, "arcs": 6},
        2: {"vertices": 6, "arcs": 8},
        3: {"vertices": 8, "arcs": 11},
        4: {"vertices": 10, "arcs": 14},
        5: {"vertices": 12, "arcs": 17},
        6: {"vertices": 14, "arcs": 20},
        7: {"vertices": 17, "arcs": 25},
        8: {"vertices": 20, "arcs": 30},
        9: {"vertices": 25, "arcs": 37},
        10: {"vertices": 30, "arcs": 45},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "directed", "decision", "certificate")
    witness_noun = "directed cycle"

    def instance(
        self, rng: np.random.Generator, params: CycleDetectionParams, exists: bool
    ) -> tuple[dict[str, Any], list[int] | None]:
        n = params.vertices
        arcs = dag_with_cycle(rng, n, params.arcs) if exists else random_dag(rng, n, params.arcs)[0]
        return {"n": n, "edges": [list(a) for a in arcs]}, directed_cycle(n, arcs)

    def render(self, data: dict[str, Any], params: CycleDetectionParams) -> str:
        return (
            "Does the directed graph below contain a directed cycle (a sequence of distinct "
            "vertices with an arc from each to the next and from the last back to the first)?"
            f"\n\n{graph_text(data['n'], data['edges'], directed=True)}\n\n"
            "If it does, list the vertices of one directed cycle in the order of its arcs, "
            "separated by spaces, without repeating the first at the end; for example, the "
            f"arcs 4->1, 1->3, 3->4 form the cycle {answer_block('4 1 3')}. Any directed "
            f"cycle is accepted. If there is none, answer {answer_block('NONE')}. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: CycleDetectionParams) -> dict[str, Any]:
        return self.cost_of_label(data)

    def read_witness(self, data: dict[str, Any], text: str) -> list[int]:
        return read_vertices(text, data["n"])

    def witness_problem(self, data: dict[str, Any], witness: list[int]) -> str | None:
        if len(witness) < 2:
            return "a cycle needs at least two vertices"
        return arc_walk_violation(successors(data["n"], data["edges"]), witness, closed=True)
