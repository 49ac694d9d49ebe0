"""Descriptive statistics of a data set: mean, median, mode, range, variance, standard deviation."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, ladder
from palaestra.generators.math_numbers import integer, latex_number, plain_number
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

MEASURES = (
    "mean",
    "median",
    "mode",
    "range",
    "population_variance",
    "sample_variance",
    "standard_deviation",
)
WORDS = {
    "mean": "the mean",
    "median": "the median",
    "mode": "the mode",
    "range": "the range",
    "population_variance": "the population variance (divide by n)",
    "sample_variance": "the sample variance (divide by n - 1)",
    "standard_deviation": "the population standard deviation (divide by n)",
}


class StatisticsParams(Params):
    count: int = Field(5, ge=3, le=40, description="data values; more is harder")
    max_value: int = Field(20, ge=5, le=10_000, description="largest data value; larger is harder")
    measures: int = Field(
        4,
        ge=1,
        le=7,
        description="measures drawn from, in order: mean, median, mode, range, population "
        "variance, sample variance, standard deviation; more is harder",
    )


def square_root_latex(value: Fraction) -> str:
    """sqrt(p/q) in simplest radical form: a/b * sqrt(c)."""
    numerator, denominator = value.numerator * value.denominator, value.denominator**2
    outside, inside = 1, numerator
    factor = 2
    while factor * factor <= inside:
        while inside % (factor * factor) == 0:
            inside //= factor * factor
            outside *= factor
        factor += 1
    coefficient = Fraction(outside) / math.isqrt(denominator)
    if inside == 1:
        return latex_number(coefficient)
    root = f"\\sqrt{{{inside}}}"
    if coefficient == 1:
        return root
    return f"{latex_number(coefficient)}{root}"


@register("math/statistics-v1")
class Statistics(MathEnv):
    """Descriptive statistics of a list of integers.

    Task: "for the data 4, 8, 15, 16, 23, 42 find the median" (or the mean, mode, range,
    population or sample variance, or population standard deviation). Summary statistics
    of school statistics courses; the data have a unique mode when the mode is asked.

    Answer format: the exact value, e.g. ``<answer>31/2</answer>``; a standard deviation in
    simplest radical form, e.g. ``<answer>\\frac{2\\sqrt{35}}{3}</answer>``.

    Knobs: `count` of values (more is harder), `max_value` (larger is harder) and
    `measures` drawn from (more is harder).

    Verification: exact comparison by `palaestra.verifiers.math.compare`: kind
    ``rational`` for everything but the standard deviation (kind ``number``, any exact form
    of the root), so rounded decimals are wrong. References use `Fraction`.

    Versions: v1, first release.
    """

    Params = StatisticsParams
    levels = ladder(
        count=[5, 6, 7, 8, 9, 10, 12, 15, 20, 30],
        max_value=[20, 30, 40, 50, 60, 80, 100, 200, 500, 1_000],
        measures=[4, 4, 5, 5, 6, 7, 7, 7, 7, 7],
    )
    difficulty_cost = "work"
    tags = ("math", "statistics")

    def options(self, task: Task) -> dict[str, Any]:
        return {"kind": "number" if task.data["measure"] == "standard_deviation" else "rational"}

    def sample(
        self, rng: np.random.Generator, params: StatisticsParams
    ) -> tuple[dict[str, Any], str]:
        measure = MEASURES[integer(rng, 0, params.measures - 1)]
        values = [integer(rng, 1, params.max_value) for _ in range(params.count)]
        if measure == "mode":  # plant a unique mode
            values[1] = values[2] = values[0]
            counts = {v: values.count(v) for v in values}
            top = max(counts.values())
            values = [v for v in values if counts[v] < top or v == values[0]]
            while len(values) < params.count:
                candidate = integer(rng, 1, params.max_value)
                if candidate not in values:
                    values.append(candidate)
        order = [values[int(i)] for i in rng.permutation(len(values))]
        data_sorted = sorted(order)
        n = len(order)
        mean = Fraction(sum(order), n)
        squares = sum((v - mean) ** 2 for v in order)
        if measure == "mean":
            answer = plain_number(mean)
        elif measure == "median":
            middle = n // 2
            pair = data_sorted[middle - 1] + data_sorted[middle]
            answer = plain_number(Fraction(data_sorted[middle]) if n % 2 else Fraction(pair, 2))
        elif measure == "mode":
            answer = str(max(set(order), key=order.count))
        elif measure == "range":
            answer = str(data_sorted[-1] - data_sorted[0])
        elif measure == "population_variance":
            answer = plain_number(squares / n)
        elif measure == "sample_variance":
            answer = plain_number(squares / (n - 1))
        else:
            answer = square_root_latex(squares / n)
        return {"values": order, "measure": measure}, answer

    def render(self, data: dict[str, Any], params: StatisticsParams) -> str:
        values = ", ".join(map(str, data["values"]))
        exact = (
            "in exact simplest radical form, for example \\frac{2\\sqrt{35}}{3}"
            if data["measure"] == "standard_deviation"
            else "as an exact integer or reduced fraction, for example 31/2"
        )
        return ask(
            f"For the data set {values}, find {WORDS[data['measure']]}.", f"Give the value {exact}."
        )

    def cost(self, data: dict[str, Any], params: StatisticsParams) -> dict[str, Any]:
        return {"work": params.count + len(str(params.max_value)) + params.measures}
