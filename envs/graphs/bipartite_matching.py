"""Maximum bipartite matching: pair as many left vertices with right vertices as possible."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import NO_PARTIAL_CREDIT, answer_block, edge_text
from palaestra.generators.graphs import bipartite_edges
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import hopcroft_karp, matching_violation
from palaestra.verifiers.parsing import AnswerFormatError, parse_vertex_pairs


class BipartiteMatchingParams(Params):
    left: int = Field(8, ge=2, le=40, description="left vertices; more is harder")
    right: int = Field(8, ge=2, le=40, description="right vertices; more is harder")
    edges: int = Field(
        14, ge=1, le=1600, description="edges; sparse graphs have no perfect matching"
    )

    @model_validator(mode="after")
    def _fits(self) -> BipartiteMatchingParams:
        if self.edges > self.left * self.right:
            raise ValueError(
                f"{self.edges} edges do not fit between {self.left} left and {self.right} right "
                f"vertices (at most {self.left * self.right})"
            )
        return self


def format_pairs(pairs: list[tuple[int, int]] | list[list[int]]) -> str:
    return ", ".join(f"{a}-{b}" for a, b in pairs)


@register("graphs/bipartite-matching-v1")
class BipartiteMatching(Env):
    """Maximum bipartite matching: list as many disjoint left-right edges as possible.

    Task: maximum cardinality matching in a bipartite graph, the assignment of workers to
    jobs they can do (König 1931; Hall 1935), solved by Hopcroft & Karp (1973). Edges are
    uniform over left-right pairs at about 1.7 per left vertex, so perfect matchings are
    often impossible and the maximum is a real optimum.

    Answer format: matched pairs `left-right`, e.g. ``<answer>0-2, 1-0, 3-1</answer>``.

    Knobs: `left`, `right` and `edges` (more of each is harder). Levels grow from 4 + 4
    vertices to 18 + 18.

    Verification: certificate check: every pair an edge, no left or right vertex used twice,
    and as many pairs as the Hopcroft–Karp maximum; a smaller matching scores 0 (no partial
    credit). `task.meta["cost"]` has the size, the maximum and Hopcroft–Karp's phases.

    Versions: v1, first release.
    """

    Params = BipartiteMatchingParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"left": 4, "right": 4, "edges": 6},
        2: {"left": 5, "right": 5, "edges": 8},
        3: {"left": 6, "right": 6, "edges": 10},
        4: {"left": 7, "right": 7, "edges": 12},
        5: {"left": 8, "right": 8, "edges": 14},
        6: {"left": 10, "right": 10, "edges": 17},
        7: {"left": 12, "right": 12, "edges": 20},
        8: {"left": 14, "right": 14, "edges": 24},
        9: {"left": 16, "right": 16, "edges": 27},
        10: {"left": 18, "right": 18, "edges": 31},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "bipartite", "optimisation", "certificate")

    def sample(
        self, rng: np.random.Generator, params: BipartiteMatchingParams
    ) -> tuple[dict[str, Any], None]:
        edges = bipartite_edges(rng, params.left, params.right, params.edges)
        matching, phases = hopcroft_karp(params.left, params.right, edges)
        data = {
            "left": params.left,
            "right": params.right,
            "edges": [list(e) for e in edges],
            "witness": [list(p) for p in matching],
            "phases": phases,
        }
        return data, None

    def render(self, data: dict[str, Any], params: BipartiteMatchingParams) -> str:
        a, b = data["left"], data["right"]
        return (
            f"A bipartite graph has {a} left vertices, numbered 0 to {a - 1}, and {b} right "
            f"vertices, numbered 0 to {b - 1}. Each of its {len(data['edges'])} edges is written "
            "left-right:\n\n"
            f"{edge_text(data['edges'])}\n\n"
            "Find a maximum matching: as many edges as possible such that no vertex (left or "
            "right) is in two of them.\n\n"
            "List the chosen edges as left-right pairs separated by commas; for example "
            f"{answer_block('0-2, 1-0, 3-1')} matches left 0 with right 2, left 1 with right 0 "
            f"and left 3 with right 1. Any maximum matching is accepted. {NO_PARTIAL_CREDIT} "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: BipartiteMatchingParams) -> dict[str, Any]:
        return {
            "vertices": data["left"] + data["right"],
            "edges": len(data["edges"]),
            "maximum": len(data["witness"]),
            "phases": data["phases"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        try:
            pairs = parse_vertex_pairs(answer, low=0, high=max(data["left"], data["right"]) - 1)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read left-right pairs: {exc}.")
        problem = matching_violation({(a, b) for a, b in data["edges"]}, pairs)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a matching: {problem}.")
        if len(pairs) != len(data["witness"]):
            return Verdict.fail(
                "wrong", f"That is a valid matching of {len(pairs)} edges, but a larger one exists."
            )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_pairs(task.data["witness"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The maximum matching less one edge, and with one edge repeated."""
        witness = task.data["witness"]
        return [
            answer_block(format_pairs(witness[1:])),
            answer_block(format_pairs([*witness, witness[0]])),
        ]
