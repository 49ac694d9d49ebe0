"""Function synthesis: dynamic programming, from a natural-language spec with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-dp-v1")
class SynthesisDp(SynthesisEnv):
    family = "dp"
    topic = "dynamic programming"
    problems = (
        "dynamic programming (staircase counting, fewest coins, longest increasing "
        "subsequences, weighted edit distance, best run sum)"
    )
