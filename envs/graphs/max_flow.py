"""Maximum flow: the largest flow from a source to a sink in a capacitated digraph."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import answer_block, first_wrong, graph_size, graph_text
from palaestra.generators.graphs import flow_network
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import max_flow
from palaestra.verifiers.parsing import AnswerFormatError, parse_int


class MaxFlowParams(Params):
    vertices: int = Field(10, ge=3, le=40, description="vertices; more is harder")
    arcs: int = Field(24, ge=2, le=600, description="arcs; more paths compete")
    max_capacity: int = Field(
        15, ge=1, le=1000, description="capacities are drawn from 1..max_capacity; wider is harder"
    )

    @model_validator(mode="after")
    def _fits(self) -> MaxFlowParams:
        n = self.vertices
        most = (n - 1) * (n - 2) + 1  # ordered pairs that neither enter s nor leave t
        if self.arcs > most:
            raise ValueError(f"at most {most} useful arcs fit on {n} vertices (arcs={self.arcs})")
        return self


@register("graphs/max-flow-v1")
class MaxFlow(Env):
    """Maximum flow: give the value of a maximum flow from s to t.

    Task: the maximum flow problem (Ford & Fulkerson 1956; by max-flow min-cut, also the
    capacity of a minimum cut). The network is a random digraph with uniform integer
    capacities: a random s-t path guarantees positive flow, and the other arcs are uniform
    over ordered pairs, none into s or out of t.

    Answer format: one integer, e.g. ``<answer>17</answer>``.

    Knobs: `vertices`, `arcs` and `max_capacity` (more of each is harder). Levels grow from 5
    vertices and 8 arcs to 18 vertices and 48 arcs.

    Verification: the integer must equal the value from Dinic's algorithm (1970).
    `task.meta["cost"]` has the size and Dinic's augmenting paths and phases.

    Versions: v1, first release.
    """

    Params = MaxFlowParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 5, "arcs": 8, "max_capacity": 9},
        2: {"vertices": 6, "arcs": 11, "max_capacity": 9},
        3: {"vertices": 7, "arcs": 14, "max_capacity": 12},
        4: {"vertices": 8, "arcs": 17, "max_capacity": 12},
        5: {"vertices": 9, "arcs": 21, "max_capacity": 15},
        6: {"vertices": 10, "arcs": 24, "max_capacity": 15},
        7: {"vertices": 12, "arcs": 30, "max_capacity": 20},
        8: {"vertices": 14, "arcs": 36, "max_capacity": 20},
        9: {"vertices": 16, "arcs": 42, "max_capacity": 25},
        10: {"vertices": 18, "arcs": 48, "max_capacity": 30},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "flow", "exact-answer")

    def sample(self, rng: np.random.Generator, params: MaxFlowParams) -> tuple[dict[str, Any], str]:
        arcs, source, sink = flow_network(rng, params.vertices, params.arcs, params.max_capacity)
        flow = max_flow(params.vertices, arcs, source, sink)
        data = {"n": params.vertices, "edges": arcs, "source": source, "sink": sink}
        return data, str(flow.value)

    def render(self, data: dict[str, Any], params: MaxFlowParams) -> str:
        s, t = data["source"], data["sink"]
        example = first_wrong(("17", "23"), lambda text: text == str(self._flow(data).value))
        return (
            f"Each arc of the directed network below has a capacity. What is the maximum flow "
            f"from the source {s} to the sink {t}? A flow sends an amount along each arc, at "
            "most its capacity, so that every vertex other than the source and the sink "
            "receives exactly as much as it sends on; its value is the net amount leaving the "
            "source.\n\n"
            f"{graph_text(data['n'], data['edges'], directed=True, weight='capacity')}\n\n"
            f"Answer with the value as one integer, for example {answer_block(example)}. "
            f"{ANSWER_FORMAT}"
        )

    def _flow(self, data: dict[str, Any]) -> Any:
        return max_flow(data["n"], data["edges"], data["source"], data["sink"])

    def cost(self, data: dict[str, Any], params: MaxFlowParams) -> dict[str, Any]:
        flow = self._flow(data)
        return {
            **graph_size(data, "arcs"),
            "augmenting_paths": flow.augmentations,
            "phases": flow.phases,
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            value = parse_int(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the flow value: {exc}.")
        if str(value) != task.answer:
            return Verdict.fail("wrong", f"{value} is not the maximum flow value.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        """One less than the answer (a feasible but smaller flow), and the capacity out of s."""
        out = sum(c for u, _, c in task.data["edges"] if u == task.data["source"])
        value = int(task.answer or 0)
        return [answer_block(str(value - 1))] + ([answer_block(str(out))] if out != value else [])
