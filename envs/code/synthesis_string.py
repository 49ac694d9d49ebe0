"""Function synthesis: string transformations, from a natural-language spec with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import PIPELINE_KNOBS, PIPELINE_LEVELS, SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-string-v1")
class SynthesisString(SynthesisEnv):
    family = "string"
    topic = "string transformations"
    problems = (
        "a string pipeline (reverse, case changes, Caesar shifts, deletions, "
        "replacements, rotations, run collapsing, sorting, per-word reversal)"
    )
    knobs = PIPELINE_KNOBS
    difficulty_cost = "steps"
    levels = PIPELINE_LEVELS
