"""Graph k-colouring: colour the vertices with k colours so that no edge is monochromatic."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    GraphParams,
    answer_block,
    first_wrong,
    format_mapping,
    graph_size,
    graph_text,
)
from palaestra.generators.graphs import planted_colouring
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import colouring_violation, k_colouring
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_mapping

EXAMPLES = ("0:1 1:2 2:1 3:3", "0:2 1:1 2:2 3:1")


def read_colouring(text: str, n: int, colours: int) -> list[int]:
    """`v:c` pairs for every vertex 0..n-1, colours 1..colours."""
    return parse_int_mapping(text, n, low=1, high=colours, what="vertex", value_what="colour")


def example_colouring(data: dict[str, Any], colours: int) -> str:
    """A format example that is not a valid colouring of this graph."""

    def valid(text: str) -> bool:
        try:
            values = read_colouring(text, data["n"], colours)
        except AnswerFormatError:
            return False
        return colouring_violation(data["edges"], values) is None

    return first_wrong(EXAMPLES, valid)


def judge_colouring(data: dict[str, Any], answer: str, colours: int) -> list[int] | Verdict:
    """The colours of a proper colouring read from `answer`, or the Verdict that fails it."""
    try:
        values = read_colouring(answer, data["n"], colours)
    except AnswerFormatError as exc:
        return Verdict.fail("unparsable", f"Could not read a colouring: {exc}.")
    problem = colouring_violation(data["edges"], values)
    if problem is not None:
        return Verdict.fail("wrong", f"Not a proper colouring: {problem}.")
    return values


class ColoringParams(GraphParams):
    vertices: int = Field(13, ge=3, le=60, description="vertices; more is harder")
    colours: int = Field(
        3, ge=2, le=8, description="colours allowed (k); the planted colouring uses k classes"
    )
    edges: int = Field(
        26,
        ge=0,
        le=1000,
        description=(
            "edges between different planted classes (capped at the pairs available); more "
            "is harder up to the colourability threshold (average degree about 4.7 for k=3)"
        ),
    )

    @model_validator(mode="after")
    def _fits(self) -> ColoringParams:
        if self.colours > self.vertices:
            raise ValueError(
                f"k={self.colours} colour classes need at least {self.colours} vertices "
                f"(vertices={self.vertices})"
            )
        return self


@register("graphs/coloring-v1")
class Coloring(Env):
    """Graph k-colouring: give each vertex one of k colours so that adjacent vertices differ.

    Task: graph colouring, one of Karp's 21 NP-complete problems (1972) for k >= 3. The
    graph is drawn around a hidden random k-partition (every class non-empty), with edges
    only between different classes, the planted-colouring model (Kučera 1977; Krivelevich
    & Vilenchik 2006), so a k-colouring always exists.

    Answer format: `vertex:colour` for every vertex, colours 1..k, e.g.
    ``<answer>0:1 1:2 2:1 3:3</answer>``. Commas, semicolons, lines and braces are tolerated.

    Knobs: `vertices` (more is harder), `colours` k and `edges`. Levels go from 3-colouring
    6 vertices to 4-colouring 30 vertices with 100 edges.

    Verification: certificate check: every vertex exactly once, colours in 1..k, no edge
    between two vertices of one colour; any such colouring scores 1.0. `task.meta["cost"]`
    has the size and MiniSat's effort to find a k-colouring.

    Versions: v1, first release.
    """

    Params = ColoringParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "colours": 3, "edges": 7},
        2: {"vertices": 7, "colours": 3, "edges": 10},
        3: {"vertices": 9, "colours": 3, "edges": 15},
        4: {"vertices": 11, "colours": 3, "edges": 20},
        5: {"vertices": 13, "colours": 3, "edges": 26},
        6: {"vertices": 15, "colours": 3, "edges": 32},
        7: {"vertices": 18, "colours": 4, "edges": 48},
        8: {"vertices": 21, "colours": 4, "edges": 62},
        9: {"vertices": 25, "colours": 4, "edges": 80},
        10: {"vertices": 30, "colours": 4, "edges": 100},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "np-hard", "certificate")

    def sample(
        self, rng: np.random.Generator, params: ColoringParams
    ) -> tuple[dict[str, Any], None]:
        edges, classes = planted_colouring(rng, params.vertices, params.colours, params.edges)
        data = {
            "n": params.vertices,
            "colours": params.colours,
            "edges": [list(e) for e in edges],
            "planted": [c + 1 for c in classes],
        }
        return data, None

    def render(self, data: dict[str, Any], params: ColoringParams) -> str:
        k = data["colours"]
        return (
            f"Colour the vertices of the graph below with the {k} colours 1 to {k} so that the "
            "two ends of every edge get different colours.\n\n"
            f"{graph_text(data['n'], data['edges'])}\n\n"
            "Give every vertex exactly once as vertex:colour, separated by spaces; for example, "
            "a 4-vertex graph could be coloured "
            f"{answer_block(example_colouring(data, k))}. Any valid colouring is accepted. "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: ColoringParams) -> dict[str, Any]:
        _, effort = k_colouring(data["n"], data["edges"], data["colours"])
        return {**graph_size(data), **effort.as_dict()}

    def check(self, task: Task, answer: str) -> Verdict:
        judged = judge_colouring(task.data, answer, task.data["colours"])
        return judged if isinstance(judged, Verdict) else Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_mapping(task.data["planted"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The planted colouring with one edge's ends made equal, and with a vertex missing."""
        planted = list(task.data["planted"])
        wrong = [answer_block(format_mapping(planted)[: -len(f" {len(planted) - 1}:0")])]
        if task.data["edges"]:
            u, v = task.data["edges"][0]
            clash = list(planted)
            clash[v] = clash[u]
            wrong.append(answer_block(format_mapping(clash)))
        return wrong
