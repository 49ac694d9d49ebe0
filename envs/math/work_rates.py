"""Work-rate word problems: people or pipes working together, draining, joining later."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import WordProblemEnv, ladder
from palaestra.generators.math_numbers import distinct, integer
from palaestra.generators.word_problems import WordProblem, list_text, names, number_text
from palaestra.params import Params
from palaestra.registry import register


class WorkRatesParams(Params):
    agents: int = Field(2, ge=2, le=6, description="workers or pipes; more is harder")
    max_hours: int = Field(12, ge=3, le=200, description="longest time alone; larger is harder")
    drains: bool = Field(
        False, description="one pipe empties the tank instead of filling it; harder"
    )


def together(rng: np.random.Generator, params: WorkRatesParams) -> WordProblem:
    hours = distinct(rng, 2, params.max_hours, params.agents)
    pipes = [f"pipe {chr(65 + i)} alone fills it in {h} hours" for i, h in enumerate(hours)]
    rates = [Fraction(1, h) for h in hours]
    if params.drains:
        slowest = max(range(len(hours)), key=lambda i: hours[i])
        if sum(rates) - 2 * rates[slowest] > 0:
            rates[slowest] = -rates[slowest]
            pipes[slowest] = (
                f"pipe {chr(65 + slowest)} alone empties the full tank in {hours[slowest]} hours"
            )
    text = (
        f"A tank can be filled by {len(hours)} pipes: {list_text(pipes)}. If all the pipes "
        "are opened together on the empty tank, how many hours does it take to fill it?"
    )
    return WordProblem(text, 1 / sum(rates), "hours", 2 * len(hours), numbers=list(map(str, hours)))


def find_one(rng: np.random.Generator, params: WorkRatesParams) -> WordProblem:
    a, b = names(rng, 2)
    alone_a, alone_b = distinct(rng, 2, params.max_hours, 2)
    both = 1 / (Fraction(1, alone_a) + Fraction(1, alone_b))
    text = (
        f"Working together, {a} and {b} paint a fence in {number_text(both)} hours. {a} alone "
        f"would take {alone_a} hours. How many hours would {b} take alone?"
    )
    return WordProblem(
        text, Fraction(alone_b), "hours", 4, numbers=[number_text(both), str(alone_a)]
    )


def staged(rng: np.random.Generator, params: WorkRatesParams) -> WordProblem:
    people = names(rng, params.agents)
    hours = distinct(rng, 2, params.max_hours, params.agents)
    start = Fraction(integer(rng, 1, 2 * min(hours) - 1), 2)  # the first works alone < its time
    rest = 1 - start / hours[0]
    answer = rest / sum(Fraction(1, h) for h in hours)
    alone = list_text([f"{p} in {h} hours" for p, h in zip(people, hours, strict=True)])
    text = (
        f"Working alone, {alone} could finish a job. {people[0]} starts alone and works for "
        f"{number_text(start)} hours; then {list_text(people[1:])} join and they finish the "
        f"job together. How many hours do they work together?"
    )
    return WordProblem(text, answer, "hours", 2 * params.agents + 3, numbers=list(map(str, hours)))


@register("math/work-rates-v1")
class WorkRates(WordProblemEnv):
    """Combined work rates: pipes filling a tank, people sharing a job.

    Task, one of three templates per task: several pipes (one possibly draining) filling a
    tank together, finding one worker's time from the joint time, and a job started by one
    worker and finished together. Rates add, times do not: the "work problems" of school
    algebra. Times alone are drawn first; joint times are derived from them.

    Answer format: an exact number of hours, e.g. ``<answer>12/5</answer>`` or
    ``<answer>2.4 hours</answer>``.

    Knobs: `agents` (more is harder), `max_hours` (larger is harder) and `drains` (a
    draining pipe; harder).

    Verification: exact comparison by `palaestra.verifiers.math.compare` (kind ``number``,
    units allowed). References are `Fraction` arithmetic on the rates.

    Versions: v1, first release.
    """

    Params = WorkRatesParams
    levels = ladder(
        agents=[2, 2, 2, 3, 3, 3, 4, 4, 5, 6],
        max_hours=[20, 20, 24, 24, 30, 30, 40, 50, 60, 100],
        drains=[False, False, False, False, True, True, True, True, True, True],
    )
    templates = {"together": together, "find_one": find_one, "staged": staged}
    difficulty_cost = "work"
    tags = ("math", "word-problem", "work")

    def cost(self, data: dict[str, Any], params: WorkRatesParams) -> dict[str, Any]:
        work = 2 * params.agents + len(str(params.max_hours)) + params.drains
        return {"work": work, "steps": data["steps"]}
