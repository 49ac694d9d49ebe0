"""Function synthesis: interval operations, from a natural-language spec with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-interval-v1")
class SynthesisInterval(SynthesisEnv):
    family = "interval"
    topic = "interval operations"
    problems = (
        "interval problems (merging with or without touching, union length, maximum "
        "overlap, point containment)"
    )
