"""Interest word problems: simple interest, compound interest, regular deposits."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import WordProblemEnv, ladder
from palaestra.generators.math_numbers import integer
from palaestra.generators.word_problems import WordProblem, choice, names, number_text
from palaestra.params import Params
from palaestra.registry import register

PERIODS = {1: "annually", 2: "semi-annually", 4: "quarterly", 12: "monthly"}
CENT = 0.005


class InterestParams(Params):
    max_principal: int = Field(
        1_000, ge=100, le=10**7, description="largest amount invested in dollars; larger is harder"
    )
    max_years: int = Field(3, ge=1, le=40, description="longest term in years; longer is harder")
    compound: bool = Field(
        False, description="compound interest and regular deposits, not only simple; harder"
    )
    max_periods: int = Field(
        1,
        ge=1,
        le=12,
        description="most compounding periods per year (1, 2, 4, 12); more is harder",
    )


def rate(rng: np.random.Generator) -> Fraction:
    """An annual rate in percent: 0.5% to 12% in steps of 0.25%."""
    return Fraction(integer(rng, 2, 48), 4)


def account(rng: np.random.Generator, params: InterestParams) -> tuple[str, int, Fraction, int]:
    """(holder's name, principal, annual rate in percent, years)."""
    (name,) = names(rng, 1)
    return (
        name,
        integer(rng, 100, params.max_principal),
        rate(rng),
        integer(rng, 1, params.max_years),
    )


def simple_amount(rng: np.random.Generator, params: InterestParams) -> WordProblem:
    a, principal, r, years = account(rng, params)
    answer = principal * (1 + r / 100 * years)
    text = (
        f"{a} deposits ${principal} at {number_text(r)}% simple interest per year. How much is "
        f"in the account after {years} years, in dollars?"
    )
    return WordProblem(text, answer, "dollars", 3, numbers=[str(principal), number_text(r)])


def simple_rate(rng: np.random.Generator, params: InterestParams) -> WordProblem:
    a, principal, r, years = account(rng, params)
    interest = principal * r / 100 * years
    text = (
        f"{a} lends ${principal} at simple interest and receives ${number_text(interest)} of "
        f"interest after {years} years. What is the annual interest rate, in percent?"
    )
    return WordProblem(text, r, "%", 3, numbers=[str(principal), number_text(interest)])


def compound_amount(rng: np.random.Generator, params: InterestParams) -> WordProblem:
    a, principal, r, years = account(rng, params)
    periods = choice(rng, [p for p in PERIODS if p <= params.max_periods])
    answer = principal * (1 + r / 100 / periods) ** (periods * years)
    text = (
        f"{a} invests ${principal} at {number_text(r)}% per year, compounded "
        f"{PERIODS[periods]}. How much is the investment worth after {years} years, in dollars?"
    )
    return WordProblem(text, answer, "dollars", 2 + periods * years, CENT, [str(principal)])


def deposits(rng: np.random.Generator, params: InterestParams) -> WordProblem:
    (a,) = names(rng, 1)
    payment, r, years = (
        integer(rng, 10, params.max_principal // 10 + 10),
        rate(rng),
        integer(rng, 2, params.max_years + 1),
    )
    growth = 1 + r / 100
    answer = payment * (growth**years - 1) / (r / 100)
    text = (
        f"At the end of every year {a} deposits ${payment} into an account paying "
        f"{number_text(r)}% per year, compounded annually. How much is in the account right "
        f"after the deposit at the end of year {years}, in dollars?"
    )
    return WordProblem(text, answer, "dollars", 3 + years, CENT, [str(payment)])


@register("math/interest-v1")
class Interest(WordProblemEnv):
    """Simple and compound interest and regular deposits (future value of an annuity).

    Task, one of the templates allowed by the knobs: the amount after simple interest, the
    rate from the interest earned, the value of an investment compounded annually to
    monthly, and the balance after regular yearly deposits. Financial arithmetic of school
    curricula; numbers are drawn as principal, rate (steps of 0.25%) and term, and the
    answer follows exactly.

    Answer format: a number of dollars or percent, e.g. ``<answer>1157.63</answer>`` or
    ``<answer>$1,157.63</answer>``; compound amounts to the nearest cent, simple ones
    exactly.

    Knobs: `max_principal` (larger is harder), `max_years` (longer is harder), `compound`
    (compound interest and deposits; harder) and `max_periods`, the most compounding
    periods per year (more is harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``number`` and units
    allowed: simple-interest answers exactly, compound ones within half a cent of the exact
    `Fraction` value.

    Versions: v1, first release.
    """

    Params = InterestParams
    levels = ladder(
        max_principal=[1_000, 2_000, 5_000, 5_000, 10_000, 20_000, 50_000, 10**5, 10**6, 10**7],
        max_years=[3, 4, 5, 5, 6, 8, 10, 15, 20, 30],
        compound=[False, False, False, True, True, True, True, True, True, True],
        max_periods=[1, 1, 1, 1, 2, 4, 4, 12, 12, 12],
    )
    templates = {
        "simple_amount": simple_amount,
        "simple_rate": simple_rate,
        "compound_amount": compound_amount,
        "deposits": deposits,
    }
    difficulty_cost = "work"
    tags = ("math", "word-problem", "finance")

    def template_names(self, params: InterestParams) -> list[str]:
        names = ["simple_amount", "simple_rate"]
        return [*names, "compound_amount", "deposits"] if params.compound else names

    def cost(self, data: dict[str, Any], params: InterestParams) -> dict[str, Any]:
        work = len(str(params.max_principal)) + params.max_years + 2 * params.compound
        return {"work": work + params.max_periods, "steps": data["steps"]}
