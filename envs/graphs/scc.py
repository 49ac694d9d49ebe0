"""Strongly connected components: partition a digraph into its mutually reachable groups."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.graphs._common import (
    GroupedParams,
    answer_block,
    format_vertices,
    graph_size,
    graph_text,
)
from palaestra.generators.graphs import planted_sccs
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.graphs import tarjan_scc
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_groups


class SccParams(GroupedParams):
    vertices: int = Field(12, ge=3, le=60, description="vertices; more is harder")
    extra_arcs: int = Field(
        10, ge=0, le=600, description="arcs beyond the cycles that close each component"
    )


def format_groups(groups: list[list[int]]) -> str:
    return "\n".join(format_vertices(g) for g in groups)


@register("graphs/scc-v1")
class StronglyConnectedComponents(Env):
    """Strongly connected components: group the vertices by mutual reachability.

    Task: the strongly connected components of a directed graph (Tarjan 1972; Kosaraju
    1978), which condense it into a DAG. The number of components is drawn from
    1..max_components; each is a random group closed into a directed cycle, and extra arcs
    fall inside groups or forward along a hidden order of the groups, so the planted groups
    are exactly the components (Tarjan's algorithm confirms it).

    Answer format: components separated by `|` (or one per line, or each in brackets),
    vertices separated by spaces, e.g. ``<answer>0 3 | 1 | 2 4 5</answer>``.

    Knobs: `vertices`, `max_components` and `extra_arcs` (more of each is harder). Levels grow
    from 6 vertices to 30.

    Verification: the partition must equal Tarjan's exactly, in any order of components and
    of vertices within them; every vertex must appear exactly once. `task.meta["cost"]` has
    the size and the number of components.

    Versions: v1, first release.
    """

    Params = SccParams
    levels: ClassVar[dict[int, dict[str, Any]]] = {
        1: {"vertices": 6, "max_components": 3, "extra_arcs": 3},
        2: {"vertices": 7, "max_components": 3, "extra_arcs": 4},
        3: {"vertices": 8, "max_components": 4, "extra_arcs": 5},
        4: {"vertices": 10, "max_components": 4, "extra_arcs": 7},
        5: {"vertices": 12, "max_components": 5, "extra_arcs": 9},
        6: {"vertices": 14, "max_components": 5, "extra_arcs": 11},
        7: {"vertices": 17, "max_components": 6, "extra_arcs": 13},
        8: {"vertices": 20, "max_components": 7, "extra_arcs": 16},
        9: {"vertices": 25, "max_components": 8, "extra_arcs": 20},
        10: {"vertices": 30, "max_components": 10, "extra_arcs": 24},
    }
    difficulty_cost = "vertices"
    tags = ("graph", "directed", "exact-answer")

    def sample(self, rng: np.random.Generator, params: SccParams) -> tuple[dict[str, Any], str]:
        count = int(rng.integers(1, params.max_components + 1))
        arcs, _ = planted_sccs(rng, params.vertices, count, params.extra_arcs)
        components = tarjan_scc(params.vertices, arcs)
        return {"n": params.vertices, "edges": [list(a) for a in arcs]}, format_groups(components)

    def render(self, data: dict[str, Any], params: SccParams) -> str:
        return (
            "Partition the vertices of the directed graph below into strongly connected "
            "components: two vertices belong to the same component exactly when each can be "
            "reached from the other along arcs (a vertex alone is a component by itself).\n\n"
            f"{graph_text(data['n'], data['edges'], directed=True)}\n\n"
            "Write the components separated by | (or one per line), the vertices of each "
            "separated by spaces; every vertex appears exactly once. For example, a graph with "
            f"6 vertices might have the components {answer_block('0 3 | 1 | 2 4 5')}. "
            f"{ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: SccParams) -> dict[str, Any]:
        return {
            **graph_size(data, "arcs"),
            "components": len(tarjan_scc(data["n"], data["edges"])),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        n = task.data["n"]
        try:
            groups = parse_int_groups(answer, low=0, high=n - 1)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the components: {exc}.")
        listed = sum(len(g) for g in groups)
        if listed != n:
            missing = min(set(range(n)) - {v for g in groups for v in g})
            return Verdict.fail("wrong", f"Vertex {missing} is in no component; list every vertex.")
        expected = {frozenset(c) for c in tarjan_scc(n, task.data["edges"])}
        for group in groups:
            if frozenset(group) not in expected:
                home = next(c for c in expected if group[0] in c)
                why = (
                    "it has more mutually reachable vertices"
                    if home > set(group)
                    else "not all of those vertices can reach each other"
                )
                shown = format_vertices(sorted(group))
                return Verdict.fail(
                    "wrong", f"The component of vertex {group[0]} is not {{{shown}}}: {why}."
                )
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        """All vertices in one component and every vertex alone, where those are wrong."""
        n = task.data["n"]
        count = len(tarjan_scc(n, task.data["edges"]))
        wrong = [answer_block(format_vertices(range(n)))] if count > 1 else []
        if count < n:
            wrong.append(answer_block(format_groups([[v] for v in range(n)])))
        return wrong
