"""Greatest common divisor or least common multiple of several integers."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import INTEGER_FORMAT, MathEnv, ask, ladder, size
from palaestra.generators.math_numbers import integer
from palaestra.params import Params
from palaestra.registry import register


class GcdLcmParams(Params):
    count: int = Field(2, ge=2, le=8, description="how many integers; more is harder")
    max_value: int = Field(
        100, ge=10, le=10**9, description="largest integer given; larger is harder"
    )


@register("math/gcd-lcm-v1")
class GcdLcm(MathEnv):
    """The gcd or the lcm of a few integers.

    Task: "find gcd(84, 126, 210)" or "find lcm(12, 18, 30)"; which one is drawn per task.
    The classic Euclid exercise of school number theory (Euclid's Elements VII.2) and a
    staple of procedural maths suites (DeepMind's mathematics dataset, numbers__gcd and
    numbers__lcm).

    Answer format: one integer, e.g. ``<answer>42</answer>``.

    Knobs: `count` integers (more is harder) of at most `max_value` (larger is harder).
    The integers share a random common factor, so the gcd is rarely 1.

    Verification: exact integer comparison through `palaestra.verifiers.math.compare`
    (kind ``rational``: an expression such as ``\\gcd(84, 126)`` is not an answer). The
    reference comes from `math.gcd` / `math.lcm`.

    Versions: v1, first release.
    """

    Params = GcdLcmParams
    levels = ladder(
        count=[2, 2, 3, 3, 3, 4, 4, 5, 6, 8],
        max_value=[60, 200, 300, 1_000, 5_000, 20_000, 10**5, 10**6, 10**7, 10**9],
    )
    difficulty_cost = "digits"
    answer_options = {"kind": "rational"}
    tags = ("math", "number-theory")

    def sample(self, rng: np.random.Generator, params: GcdLcmParams) -> tuple[dict[str, Any], str]:
        common = integer(rng, 2, max(2, int(params.max_value ** (1 / 3))))
        top = max(2, params.max_value // common)
        numbers = [common * integer(rng, 1, top) for _ in range(params.count)]
        operation = "gcd" if rng.random() < 0.5 else "lcm"
        value = math.gcd(*numbers) if operation == "gcd" else math.lcm(*numbers)
        return {"numbers": numbers, "operation": operation}, str(value)

    def render(self, data: dict[str, Any], params: GcdLcmParams) -> str:
        name = {"gcd": "greatest common divisor", "lcm": "least common multiple"}
        numbers = ", ".join(map(str, data["numbers"]))
        return ask(f"Find the {name[data['operation']]} of {numbers}.", INTEGER_FORMAT)

    def cost(self, data: dict[str, Any], params: GcdLcmParams) -> dict[str, Any]:
        return {"digits": size(data["numbers"]), "count": len(data["numbers"])}
