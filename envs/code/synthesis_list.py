"""Function synthesis: integer-list transformations from a spec, with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import PIPELINE_KNOBS, PIPELINE_LEVELS, SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-list-v1")
class SynthesisList(SynthesisEnv):
    family = "list"
    topic = "integer-list transformations"
    problems = (
        "an integer-list pipeline (filters, affine maps, sorting, de-duplication, prefix "
        "sums, neighbour differences, windows, clamping)"
    )
    knobs = PIPELINE_KNOBS
    difficulty_cost = "steps"
    levels = PIPELINE_LEVELS
