"""Simplify a sum of radicals to simplest radical form."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import factorize, integer, latex_number, nonzero
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class RadicalsParams(Params):
    terms: int = Field(2, ge=1, le=8, description="radicals added up; more is harder")
    max_factor: int = Field(
        5, ge=2, le=30, description="largest factor taken out of a radicand; larger is harder"
    )
    max_index: int = Field(
        2, ge=2, le=4, description="largest root index (2: square roots); larger is harder"
    )
    rationalize: bool = Field(
        False, description="some terms have a radical in the denominator; harder"
    )


def power_free(value: int, index: int) -> bool:
    return all(e < index for e in factorize(value).values())


def latex_root(radicand: int, index: int) -> str:
    return f"\\sqrt{{{radicand}}}" if index == 2 else f"\\sqrt[{index}]{{{radicand}}}"


def latex_multiple(coefficient: Fraction, radical: str) -> str:
    """``\\frac{7}{3}\\sqrt{5}``, ``-\\sqrt{5}``."""
    if abs(coefficient) == 1:
        return f"{'-' if coefficient < 0 else ''}{radical}"
    return f"{latex_number(coefficient)}{radical}"


@register("math/radicals-v1")
class Radicals(MathEnv):
    """Combine radicals into simplest radical form.

    Task: "simplify \\sqrt{12} + 2\\sqrt{27} - \\frac{6}{\\sqrt{3}}" (6\\sqrt{3}). All
    radicands share one n-th-power-free core s: each is s times a perfect n-th power, so the
    sum is a rational multiple of \\sqrt[n]{s}. The "simplifying radicals" unit of algebra
    courses (like terms, factoring out perfect powers, rationalising denominators).

    Answer format: simplest radical form, e.g. ``<answer>6\\sqrt{3}</answer>`` or
    ``<answer>\\frac{7}{3}\\sqrt[3]{2}</answer>``.

    Knobs: `terms` (more is harder), `max_factor` taken out of a radicand (larger is
    harder), `max_index` of the roots (2: square roots only; larger is harder) and
    `rationalize` (radicals in denominators; harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``number`` and
    ``form="radical"``: the value must be equal and the form simplest (no perfect power
    left under a root, no radical in a denominator, no like terms left), so \\sqrt{108} for
    6\\sqrt{3} is wrong. The reference coefficient is exact rational arithmetic.

    Versions: v1, first release.
    """

    Params = RadicalsParams
    levels = ladder(
        terms=[2, 2, 3, 3, 3, 4, 4, 5, 6, 7],
        max_factor=[5, 6, 6, 7, 8, 8, 10, 10, 12, 15],
        max_index=[2, 2, 2, 2, 3, 3, 3, 3, 4, 4],
        rationalize=[False, False, False, True, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "number", "form": "radical"}
    tags = ("math", "arithmetic", "radicals")

    def sample(
        self, rng: np.random.Generator, params: RadicalsParams
    ) -> tuple[dict[str, Any], str]:
        index = integer(rng, 2, params.max_index)
        while True:
            core = integer(rng, 2, 15 if index == 2 else 6)
            if power_free(core, index):
                break
        for _ in range(100):
            parts, total = [], Fraction(0)
            for position in range(params.terms):
                k = integer(rng, 1, params.max_factor)
                c = nonzero(rng, 6)
                radicand = core * k**index
                invert = params.rationalize and index == 2 and rng.random() < 0.35
                if invert:  # c / sqrt(s k^2) = c sqrt(s) / (s k)
                    total += Fraction(c, core * k)
                    term = f"\\frac{{{abs(c)}}}{{{latex_root(radicand, index)}}}"
                else:
                    total += c * k
                    term = latex_multiple(Fraction(abs(c)), latex_root(radicand, index))
                sign = "-" if c < 0 else "+"
                parts.append(
                    f"{'-' if c < 0 else ''}{term}" if position == 0 else f" {sign} {term}"
                )
            if total != 0:
                break
        data = {"expression": "".join(parts), "index": index, "core": core}
        return data, latex_multiple(total, latex_root(core, index))

    def render(self, data: dict[str, Any], params: RadicalsParams) -> str:
        return ask(
            f"Simplify to simplest radical form:\n\n$${data['expression']}$$",
            "Give one term: a rational coefficient times a root with no perfect-power factor "
            "left under it and no root in a denominator, for example 6\\sqrt{3} or "
            "\\frac{7}{3}\\sqrt[3]{2}.",
        )

    def cost(self, data: dict[str, Any], params: RadicalsParams) -> dict[str, Any]:
        # Work: per term, a perfect power to find (up to max_factor^index) and take out.
        per_term = params.max_index * math.log2(params.max_factor) + params.rationalize
        return {
            "work": round(params.terms * per_term, 3),
            "size": len(data["expression"]),
            "index": data["index"],
        }

    def wrong_answers(self, task: Task) -> list[str]:
        # the value with the factor pushed back under the root: equal, not simplest
        core, index = task.data["core"], task.data["index"]
        return [block(latex_root(core * 8**index, index)), block(task.data["expression"])]
