"""Chromatic number: colour a graph with as few colours as possible, the minimum proved by SAT."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    NO_PARTIAL_CREDIT,
    GraphParams,
    answer_block,
    format_mapping,
    graph_size,
    graph_text,
)
from palaestra.envs.graphs.coloring import example_colouring, judge_colouring
from palaestra.generators.graphs import gnm
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import chromatic_number


class ChromaticNumberParams(GraphParams):
    vertices: int = Field(9, ge=3, le=30, description="vertices; more is harder")
    edges: int = Field(18, ge=0, le=435, description="edges; denser graphs need more colours")


@register("graphs/chromatic-number-v1")
class ChromaticNumber(Env):
    """Chromatic number: colour the graph with the fewest colours possible.

    Task: find an optimal proper colouring, which shows the chromatic number chi(G) (the
    optimisation form of graph colouring; Karp 1972). Graphs are Erdős–Rényi G(n, m), with
    no planted colouring, so chi varies from task to task and is not stated.

    Answer format: `vertex:colour` for every vertex with colours 1, 2, 3, ..., e.g.
    ``<answer>0:1 1:2 2:1 3:3</answer>``.

    Knobs: `vertices` (more is harder) and `edges` (denser needs more colours). Levels grow
    from 6 vertices and 7 edges to 16 vertices and 55 edges.

    Verification: certificate check: a proper colouring of every vertex exactly once that
    uses exactly chi distinct colours scores 1.0; a proper colouring with more colours scores
    0 (no partial credit). chi is proved with MiniSat: DSATUR gives a start, then SAT finds a
    colouring with one colour fewer until it answers UNSAT (with a greedy clique's colours
    fixed to break symmetry). `task.meta["cost"]` has chi and the solver effort.

    Versions: v1, first release.
    """

    Params = ChromaticNumberParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 7},
        2: {"vertices": 7, "edges": 10},
        3: {"vertices": 8, "edges": 13},
        4: {"vertices": 9, "edges": 17},
        5: {"vertices": 10, "edges": 21},
        6: {"vertices": 11, "edges": 25},
        7: {"vertices": 12, "edges": 30},
        8: {"vertices": 13, "edges": 36},
        9: {"vertices": 14, "edges": 42},
        10: {"vertices": 16, "edges": 55},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "np-hard", "optimisation", "certificate")

    def sample(
        self, rng: np.random.Generator, params: ChromaticNumberParams
    ) -> tuple[dict[str, Any], None]:
        n = params.vertices
        edges = [list(e) for e in gnm(rng, n, params.edges)]
        chi, colouring, effort = chromatic_number(n, edges)
        data = {
            "n": n,
            "edges": edges,
            "chromatic_number": chi,
            "witness": colouring,
            "effort": effort.as_dict(),
        }
        return data, None

    def render(self, data: dict[str, Any], params: ChromaticNumberParams) -> str:
        n = data["n"]
        return (
            "Colour the vertices of the graph below so that the two ends of every edge get "
            "different colours, using as few colours as possible. Colours are the numbers 1, "
            "2, 3, ...\n\n"
            f"{graph_text(n, data['edges'])}\n\n"
            "Give every vertex exactly once as vertex:colour, separated by spaces; for example, "
            "a 4-vertex graph could be coloured "
            f"{answer_block(example_colouring(data, n))}. {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: ChromaticNumberParams) -> dict[str, Any]:
        return {
            **graph_size(data),
            "chromatic_number": data["chromatic_number"],
            **data["effort"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        judged = judge_colouring(task.data, answer, task.data["n"])
        if isinstance(judged, Verdict):
            return judged
        used = len(set(judged))
        if used != task.data["chromatic_number"]:
            return Verdict.fail(
                "wrong", f"The colouring is proper but uses {used} colours; fewer suffice."
            )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_mapping(task.data["witness"])

    def wrong_answers(self, task: Task) -> list[str]:
        """A colour per vertex (proper but wasteful), and the optimum with one colour split."""
        n, witness = task.data["n"], list(task.data["witness"])
        split = list(witness)
        split[0] = task.data["chromatic_number"] + 1
        return [answer_block(format_mapping(range(1, n + 1))), answer_block(format_mapping(split))]
