"""Function synthesis: number theory, from a natural-language spec with hidden tests."""

from __future__ import annotations

from palaestra.envs.code._synthesis import SynthesisEnv
from palaestra.registry import register


@register("code/synthesis-number-v1")
class SynthesisNumber(SynthesisEnv):
    family = "number"
    topic = "number theory"
    problems = (
        "number-theory functions (digit sums in a base, coprime counts, primes in a "
        "residue class, Collatz-like step counts, divisor sums)"
    )
