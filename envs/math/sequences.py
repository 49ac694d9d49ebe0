"""Arithmetic and geometric sequences: a term or a partial sum from two given terms."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import RATIONAL_FORMAT, MathEnv, ask, ladder
from palaestra.generators.math_numbers import distinct, integer, nonzero, plain_number
from palaestra.params import Params
from palaestra.registry import register


class SequencesParams(Params):
    max_index: int = Field(
        20, ge=5, le=1_000, description="largest index asked or given; larger is harder"
    )
    max_value: int = Field(
        10, ge=2, le=1_000, description="largest |first term| or |difference|; larger is harder"
    )
    geometric: bool = Field(False, description="geometric sequences too; harder")
    fractional: bool = Field(False, description="fractional differences and ratios; harder")


def term(kind: str, first: Fraction, step: Fraction, n: int) -> Fraction:
    return first + (n - 1) * step if kind == "arithmetic" else first * step ** (n - 1)


def partial_sum(kind: str, first: Fraction, step: Fraction, n: int) -> Fraction:
    if kind == "arithmetic":
        return n * (2 * first + (n - 1) * step) / 2
    return first * n if step == 1 else first * (1 - step**n) / (1 - step)


@register("math/sequences-v1")
class Sequences(MathEnv):
    """Find a term or a partial sum of an arithmetic or geometric sequence from two terms.

    Task: "in an arithmetic sequence a_4 = 11 and a_9 = 26; find a_{20}" or "in a geometric
    sequence a_2 = 6 and a_5 = -48; find the sum of the first 8 terms". The sequences unit of
    algebra courses (the n-th term and the sum formulas). The first term and the difference
    or ratio are drawn first; for a geometric sequence the two given terms are an odd number
    of steps apart, so the ratio is determined.

    Answer format: the exact value, e.g. ``<answer>59</answer>`` or ``<answer>-85/4
    </answer>``.

    Knobs: `max_index` (larger is harder), `max_value` (larger is harder), `geometric`
    (harder) and `fractional` differences and ratios (harder).

    Verification: exact rational comparison (kind ``rational``). The reference applies the
    closed forms with `Fraction`; tests check them against direct summation.

    Versions: v1, first release.
    """

    Params = SequencesParams
    levels = ladder(
        max_index=[20, 25, 30, 30, 40, 50, 60, 80, 100, 200],
        max_value=[10, 12, 12, 15, 15, 20, 20, 30, 50, 100],
        geometric=[False, False, True, True, True, True, True, True, True, True],
        fractional=[False, False, False, False, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    tags = ("math", "algebra", "sequences")

    def sample(
        self, rng: np.random.Generator, params: SequencesParams
    ) -> tuple[dict[str, Any], str]:
        kind = "geometric" if params.geometric and rng.random() < 0.5 else "arithmetic"
        first = Fraction(nonzero(rng, params.max_value))
        if kind == "arithmetic":
            step = Fraction(
                nonzero(rng, params.max_value), integer(rng, 1, 4) if params.fractional else 1
            )
            p, q = sorted(distinct(rng, 1, params.max_index, 2))
        else:
            step = Fraction(nonzero(rng, 3), integer(rng, 1, 3) if params.fractional else 1)
            if abs(step) == 1:
                step = Fraction(2) if step > 0 else Fraction(-2)
            p = integer(rng, 1, 5)
            q = p + 2 * integer(rng, 0, 2) + 1  # an odd gap fixes the ratio's sign
        asked = "term" if rng.random() < 0.5 else "sum"
        n = integer(
            rng, max(q, 3), params.max_index if kind == "arithmetic" else min(params.max_index, 12)
        )
        value = term(kind, first, step, n) if asked == "term" else partial_sum(kind, first, step, n)
        data = {
            "kind": kind,
            "given": [
                [p, plain_number(term(kind, first, step, p))],
                [q, plain_number(term(kind, first, step, q))],
            ],
            "asked": asked,
            "n": n,
        }
        return data, plain_number(value)

    def render(self, data: dict[str, Any], params: SequencesParams) -> str:
        (p, u), (q, v) = data["given"]
        target = (
            f"the term a_{{{data['n']}}}"
            if data["asked"] == "term"
            else f"the sum of the first {data['n']} terms"
        )
        return ask(
            f"In an {data['kind']} sequence a_1, a_2, a_3, ..., we have $a_{{{p}}} = {u}$ and "
            f"$a_{{{q}}} = {v}$. Find {target}.".replace("an geometric", "a geometric"),
            RATIONAL_FORMAT,
        )

    def cost(self, data: dict[str, Any], params: SequencesParams) -> dict[str, Any]:
        work = len(str(params.max_index)) + len(str(params.max_value)) + 2 * params.geometric
        return {"work": work + params.fractional, "n": data["n"]}
