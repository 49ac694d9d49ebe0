"""Mixture word problems: concentrations of blends, amounts to add, dilution, blend prices."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import WordProblemEnv, ladder
from palaestra.generators.math_numbers import distinct, integer
from palaestra.generators.word_problems import WordProblem, list_text
from palaestra.params import Params
from palaestra.registry import register


class MixturesParams(Params):
    components: int = Field(2, ge=2, le=6, description="solutions blended; more is harder")
    max_volume: int = Field(
        20, ge=5, le=10_000, description="largest volume in litres; larger is harder"
    )
    solve_for_amount: bool = Field(
        False, description="also ask for an unknown amount (alligation, dilution); harder"
    )


def concentration(rng: np.random.Generator, params: MixturesParams) -> WordProblem:
    volumes = [integer(rng, 1, params.max_volume) for _ in range(params.components)]
    percents = distinct(rng, 1, 95, params.components)
    parts = [f"{v} litres of a {p}% acid solution" for v, p in zip(volumes, percents, strict=True)]
    acid = sum(Fraction(v * p, 100) for v, p in zip(volumes, percents, strict=True))
    text = (
        f"A chemist mixes {list_text(parts)}. What is the acid concentration of the mixture, "
        "in percent?"
    )
    return WordProblem(text, acid / sum(volumes) * 100, "%", 2 * params.components, numbers=parts)


def amount_to_add(rng: np.random.Generator, params: MixturesParams) -> WordProblem:
    low, target, high = sorted(distinct(rng, 5, 95, 3))
    volume = integer(rng, 1, params.max_volume)
    strong_first = rng.random() < 0.5
    have, add = (high, low) if strong_first else (low, high)
    answer = Fraction(volume * (have - target), target - add)
    text = (
        f"How many litres of a {add}% salt solution must be added to {volume} litres of a "
        f"{have}% salt solution to obtain a {target}% salt solution?"
    )
    return WordProblem(text, answer, "litres", 5, numbers=[str(add), str(volume), str(have)])


def dilute(rng: np.random.Generator, params: MixturesParams) -> WordProblem:
    target, have = sorted(distinct(rng, 2, 90, 2))
    volume = integer(rng, 1, params.max_volume)
    answer = Fraction(volume * have, target) - volume
    text = (
        f"How many litres of water must be added to {volume} litres of a {have}% alcohol "
        f"solution to dilute it to {target}% alcohol?"
    )
    return WordProblem(text, answer, "litres", 3, numbers=[str(volume), str(have), str(target)])


def blend_price(rng: np.random.Generator, params: MixturesParams) -> WordProblem:
    kilos = [integer(rng, 1, params.max_volume) for _ in range(params.components)]
    prices = distinct(rng, 4, 40, params.components)
    parts = [f"{k} kg of coffee at ${p} per kg" for k, p in zip(kilos, prices, strict=True)]
    total = sum(k * p for k, p in zip(kilos, prices, strict=True))
    text = f"A shop blends {list_text(parts)}. What is the price per kg of the blend, in dollars?"
    return WordProblem(
        text, Fraction(total, sum(kilos)), "dollars", 2 * params.components, numbers=parts
    )


@register("math/mixtures-v1")
class Mixtures(WordProblemEnv):
    """Mixture problems: concentration of a blend, amount of a solution to add, dilution.

    Task, one of the templates allowed by the knobs: the concentration of a blend of
    several solutions, the price per kg of a coffee blend, and (with `solve_for_amount`)
    how much of one solution to add to reach a target concentration (alligation) or how
    much water dilutes a solution to a target. School algebra's mixture problems, with the
    stated percentages drawn first and the unknown derived exactly.

    Answer format: one exact number in the unit asked, e.g. ``<answer>37.5</answer>``,
    ``<answer>37.5%</answer>`` or ``<answer>40/3 litres</answer>``.

    Knobs: `components` blended (more is harder), `max_volume` (larger is harder) and
    `solve_for_amount` (unknown amounts; harder).

    Verification: exact comparison by `palaestra.verifiers.math.compare` (kind ``number``,
    units and, for percentages, a % sign allowed). References are `Fraction` arithmetic.

    Versions: v1, first release.
    """

    Params = MixturesParams
    levels = ladder(
        components=[2, 2, 2, 3, 3, 3, 4, 4, 5, 6],
        max_volume=[10, 12, 20, 20, 30, 50, 100, 200, 500, 1_000],
        solve_for_amount=[False, False, True, True, True, True, True, True, True, True],
    )
    templates = {
        "concentration": concentration,
        "blend_price": blend_price,
        "amount_to_add": amount_to_add,
        "dilute": dilute,
    }
    difficulty_cost = "work"
    tags = ("math", "word-problem", "mixtures")

    def template_names(self, params: MixturesParams) -> list[str]:
        names = ["concentration", "blend_price"]
        return [*names, "amount_to_add", "dilute"] if params.solve_for_amount else names

    def cost(self, data: dict[str, Any], params: MixturesParams) -> dict[str, Any]:
        work = 2 * params.components + len(str(params.max_volume)) + params.solve_for_amount
        return {"work": work, "steps": data["steps"]}
