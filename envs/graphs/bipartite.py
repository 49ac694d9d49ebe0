"""Bipartiteness with a witness: split the vertices into two sides, or show an odd cycle."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

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
from palaestra.generators.graphs import all_pairs, choose, ordered, random_tree
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import (
    colouring_violation,
    odd_cycle_violation,
    two_colouring_or_odd_cycle,
)
from palaestra.verifiers.parsing import AnswerFormatError

_LABEL = re.compile(r"\s*(bipartite|odd\s+cycle)\s*:?", re.IGNORECASE)


class BipartiteParams(GraphParams):
    vertices: int = Field(12, ge=4, le=60, description="vertices; more is harder")
    edges: int = Field(
        16, ge=3, le=600, description="edges (at least vertices - 1); more is harder"
    )

    connected = True

    @model_validator(mode="after")
    def _room_across(self) -> BipartiteParams:
        n = self.vertices
        # a random tree's two sides hold about n^2/4 pairs; half of that leaves room to draw
        most = n - 1 + n * n // 8
        if self.edges > most:
            raise ValueError(
                f"at most {most} edges fit reliably between the two sides of a graph on {n} "
                f"vertices (edges={self.edges}); lower edges"
            )
        return self


def read_witness(text: str, n: int) -> tuple[str, Any]:
    """("bipartite", [side of each vertex]) or ("odd cycle", [vertices]); raises
    AnswerFormatError for anything else."""
    match = _LABEL.match(text)
    if match is None:
        raise AnswerFormatError("start with `bipartite:` or `odd cycle:`")
    rest = text[match.end() :]
    if match[1].lower() == "bipartite":
        halves = rest.split("|")
        if len(halves) != 2:
            raise AnswerFormatError("give the two sides separated by one |")
        sides = [read_vertices(half, n) for half in halves]
        both = set(sides[0]) & set(sides[1])
        if both:
            raise AnswerFormatError(f"vertex {min(both)} is on both sides")
        missing = set(range(n)) - set(sides[0]) - set(sides[1])
        if missing:
            raise AnswerFormatError(f"vertex {min(missing)} is on neither side")
        side = [0] * n
        for v in sides[1]:
            side[v] = 1
        return "bipartite", side
    return "odd cycle", read_vertices(rest, n)


@register("graphs/bipartite-v1")
class Bipartite(Env):
    """Bipartiteness: split the vertices into two sides with no edge inside a side, or give
    an odd cycle proving that no split exists.

    Task: testing bipartiteness with a certificate either way (König 1936: a graph is
    bipartite exactly when it has no odd cycle). The label is drawn first (a fair coin). A
    graph is a uniform random spanning tree plus random edges between its two tree sides,
    which is bipartite; a non-bipartite graph swaps one of those edges for an edge inside a
    side, which closes an odd cycle. Both have the same number of edges.

    Answer format: ``<answer>bipartite: 0 2 5 | 1 3 4</answer>`` (the two sides), or
    ``<answer>odd cycle: 0 1 2</answer>`` (its vertices in order).

    Knobs: `vertices` and `edges` (more of both is harder). Levels grow from 6 vertices to 40.

    Verification: certificate check either way: two sides covering every vertex once with no
    edge inside a side, or distinct vertices of odd number (at least 3) each adjacent to the
    next and the last to the first. A model that always claims one answer kind gets about
    half the reward. `task.meta["cost"]` has the size, the label and the length of the
    shortest odd cycle BFS finds (0 when bipartite).

    Versions: v1, first release.
    """

    Params = BipartiteParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "edges": 7},
        2: {"vertices": 8, "edges": 10},
        3: {"vertices": 10, "edges": 13},
        4: {"vertices": 12, "edges": 16},
        5: {"vertices": 15, "edges": 20},
        6: {"vertices": 18, "edges": 24},
        7: {"vertices": 22, "edges": 29},
        8: {"vertices": 26, "edges": 35},
        9: {"vertices": 32, "edges": 43},
        10: {"vertices": 40, "edges": 54},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "decision", "certificate")

    def sample(
        self, rng: np.random.Generator, params: BipartiteParams
    ) -> tuple[dict[str, Any], None]:
        n = params.vertices
        bipartite = bool(rng.random() < 0.5)
        tree = random_tree(rng, n)
        side, _ = two_colouring_or_odd_cycle(n, tree)
        assert side is not None  # a tree is bipartite
        present = set(tree)
        across = [p for p in all_pairs(n) if side[p[0]] != side[p[1]] and p not in present]
        inside = [p for p in all_pairs(n) if side[p[0]] == side[p[1]]]
        extra = params.edges - (n - 1)
        chosen = choose(rng, across, min(len(across), extra if bipartite else extra - 1))
        if not bipartite:
            chosen += choose(rng, inside, 1)
        edges = sorted(present | {ordered(u, v) for u, v in chosen})
        sides, odd = two_colouring_or_odd_cycle(n, edges)
        data = {
            "n": n,
            "edges": [list(e) for e in edges],
            "bipartite": bipartite,
            "witness": sides if bipartite else odd,
        }
        return data, None

    def render(self, data: dict[str, Any], params: BipartiteParams) -> str:
        return (
            "Is the graph below bipartite? Either split its vertices into two sides so that "
            "every edge joins the two sides, or show a cycle with an odd number of vertices, "
            "which proves that no such split exists.\n\n"
            f"{graph_text(data['n'], data['edges'])}\n\n"
            "If it is bipartite, write `bipartite:` then the vertices of one side, a |, and the "
            f"vertices of the other side, every vertex once, for example "
            f"{answer_block('bipartite: 0 2 5 | 1 3 4')}. If not, write `odd cycle:` then the "
            "vertices of an odd cycle in order, each adjacent to the next and the last to the "
            f"first, for example {answer_block('odd cycle: 0 1 2')}. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: BipartiteParams) -> dict[str, Any]:
        return {
            **graph_size(data),
            "bipartite": data["bipartite"],
            "odd_cycle_length": 0 if data["bipartite"] else len(data["witness"]),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        try:
            kind, witness = read_witness(answer, data["n"])
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the answer: {exc}.")
        if kind == "bipartite":
            problem = colouring_violation(data["edges"], witness)
            if problem is not None:
                return Verdict.fail("wrong", f"Not a split into two sides: {problem}.")
            return Verdict.right()
        problem = odd_cycle_violation(adjacency_of(data), witness)
        if problem is not None:
            return Verdict.fail("wrong", f"Not an odd cycle: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        witness = task.data["witness"]
        if task.data["bipartite"]:
            halves = [[v for v, s in enumerate(witness) if s == side] for side in (0, 1)]
            return f"bipartite: {format_vertices(halves[0])} | {format_vertices(halves[1])}"
        return f"odd cycle: {format_vertices(witness)}"

    def wrong_answers(self, task: Task) -> list[str]:
        """The other kind of answer with plausible content, and the reference cut short."""
        n = task.data["n"]
        half = n // 2
        reference = self.reference_answer(task)
        return [
            answer_block(
                f"bipartite: {format_vertices(range(half))} | {format_vertices(range(half, n))}"
            )
            if not task.data["bipartite"]
            else answer_block("odd cycle: 0 1 2"),
            answer_block(reference.rsplit(" ", 1)[0]),
        ]
