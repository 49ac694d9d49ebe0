"""Function synthesis: string transformations, from a natural-language spec with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-string-v1")
class SynthesisString(SynthesisEnv):
    """Write a Python function for string transformations from its spec; hidden tests decide.

    Task: a generated spec of a string pipeline (reverse, case changes, Caesar shifts, deletions,
    replacements, rotations, run collapsing, sorting, per-word reversal), with its signature and two
    examples. In the tradition
    of HumanEval/MBPP-style synthesis, but procedurally generated: the hidden tests are drawn
    from the reference implementation (run in the sandbox), with edge cases first.

    Answer format: one fenced Python block with the function (helpers and imports allowed).

    Knobs: `steps` (pipeline length, more is harder) and `size` (test input length).

    Verification: the code is parsed in the host (junk is rejected without running), then the
    function is called on every hidden input inside the sandbox; return values come out as JSON
    and are compared outside, so exiting early or overriding ``__eq__`` earns nothing.

    Versions: v1, first release.
    """

    family = "string"
    difficulty_cost = "steps"
    levels = {
        1: {"steps": 2, "size": 4},
        2: {"steps": 2, "size": 5},
        3: {"steps": 3, "size": 6},
        4: {"steps": 3, "size": 7},
        5: {"steps": 5, "size": 8},
        6: {"steps": 5, "size": 9},
        7: {"steps": 6, "size": 10},
        8: {"steps": 6, "size": 11},
        9: {"steps": 7, "size": 12},
        10: {"steps": 8, "size": 13},
    }
