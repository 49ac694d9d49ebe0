"""Function synthesis: graph traversal, from a natural-language spec with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-graph-v1")
class SynthesisGraph(SynthesisEnv):
    family = "graph"
    topic = "graph traversal"
    problems = (
        "graph traversal (BFS distances, connected components, smallest topological "
        "order, two-colourability)"
    )
