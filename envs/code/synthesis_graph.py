"""Function synthesis: graph traversal, from a natural-language spec with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-graph-v1")
class SynthesisGraph(SynthesisEnv):
    """Write a Python function for graph traversal from its spec; hidden tests decide.

    Task: a generated spec of graph traversal (BFS distances, connected components, smallest
    topological order, two-colourability), with its signature and two examples. In the tradition
    of HumanEval/MBPP-style synthesis, but procedurally generated: the hidden tests are drawn
    from the reference implementation (run in the sandbox), with edge cases first.

    Answer format: one fenced Python block with the function (helpers and imports allowed).

    Knobs: `size` (hidden test input size, more is harder); `steps` is unused.

    Verification: the code is parsed in the host (junk is rejected without running), then the
    function is called on every hidden input inside the sandbox; return values come out as JSON
    and are compared outside, so exiting early or overriding ``__eq__`` earns nothing.

    Versions: v1, first release.
    """

    family = "graph"
    difficulty_cost = "test_size"
    levels = {
        1: {"size": 4},
        2: {"size": 6},
        3: {"size": 8},
        4: {"size": 10},
        5: {"size": 12},
        6: {"size": 14},
        7: {"size": 16},
        8: {"size": 18},
        9: {"size": 20},
        10: {"size": 22},
    }
