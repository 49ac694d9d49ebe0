"""Exact probabilities with dice, coins, cards and urns."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import TemplatedEnv, block, ladder
from palaestra.generators.math_numbers import integer, plain_number
from palaestra.generators.word_problems import names
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

TEMPLATES = ("dice_sum", "coins", "urn", "cards", "dice_at_least")
COLOURS = ("red", "blue", "green", "white")
SIDES = (4, 6, 8, 10, 12)
HEADS = tuple(Fraction(p, q) for p, q in ((1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (2, 5), (3, 5)))
FORMAT = "Give the exact probability as a reduced fraction p/q, for example 5/36."


class ProbabilityParams(Params):
    size: int = Field(
        2, ge=1, le=8, description="dice rolled, coins tossed or items drawn; more is harder"
    )
    templates: int = Field(
        2,
        ge=1,
        le=5,
        description="templates drawn from, in order: dice sums, coins, urns without "
        "replacement, playing cards, 'at least' events with dice; more is harder",
    )


def dice_sum_distribution(dice: int, sides: int) -> dict[int, int]:
    counts = {0: 1}
    for _ in range(dice):
        step: dict[int, int] = {}
        for total, ways in counts.items():
            for face in range(1, sides + 1):
                step[total + face] = step.get(total + face, 0) + ways
        counts = step
    return counts


def hypergeometric(good: int, total: int, draws: int, hits: int) -> Fraction:
    return Fraction(
        math.comb(good, hits) * math.comb(total - good, draws - hits), math.comb(total, draws)
    )


def event(rng: np.random.Generator, template: str, draws: int) -> tuple[str, Fraction]:
    """(question, exact probability) of one template with `draws` dice, tosses or cards."""
    (who,) = names(rng, 1)
    if template == "dice_sum":
        sides, dice = SIDES[integer(rng, 0, len(SIDES) - 1)], integer(rng, 2, draws + 1)
        target = integer(rng, dice, dice * sides)
        return (
            f"{who} rolls {dice} fair {sides}-sided dice (faces 1 to {sides}). What is the "
            f"probability that the sum of the faces is {target}?",
            Fraction(dice_sum_distribution(dice, sides)[target], sides**dice),
        )
    if template == "coins":
        flips, p = integer(rng, 2, draws + 3), HEADS[integer(rng, 0, len(HEADS) - 1)]
        heads = integer(rng, 0, flips)
        at_least = rng.random() < 0.5
        chances = [math.comb(flips, k) * p**k * (1 - p) ** (flips - k) for k in range(flips + 1)]
        coin = (
            "a fair coin"
            if p == Fraction(1, 2)
            else f"a coin that shows heads with probability {p}"
        )
        how = "at least" if at_least else "exactly"
        return (
            f"{who} tosses {coin} {flips} times. What is the probability of {how} {heads} heads?",
            sum(chances[heads:]) if at_least else chances[heads],
        )
    if template == "urn":
        counts = [integer(rng, 2, 6) for _ in range(integer(rng, 2, 3))]  # 4+ balls
        total = sum(counts)
        taken = integer(rng, 2, min(draws + 1, total - 1))
        colour = integer(rng, 0, len(counts) - 1)
        hits = integer(rng, 0, min(taken, counts[colour]))
        balls = ", ".join(f"{c} {COLOURS[i]}" for i, c in enumerate(counts))
        return (
            f"An urn holds {balls} balls. {who} draws {taken} balls at random without "
            f"replacement. What is the probability that exactly {hits} of them are "
            f"{COLOURS[colour]}?",
            hypergeometric(counts[colour], total, taken, hits),
        )
    if template == "cards":
        taken = integer(rng, 2, min(draws + 2, 5))
        deal = f"{who} is dealt {taken} cards from a shuffled standard 52-card deck."
        kind = integer(rng, 0, 2)
        if kind == 0:
            return (
                f"{deal} What is the probability that all of them have the same suit?",
                4 * Fraction(math.comb(13, taken), math.comb(52, taken)),
            )
        if kind == 1:
            return (
                f"{deal} What is the probability that at least one of them is an ace?",
                1 - hypergeometric(4, 52, taken, 0),
            )
        hearts = integer(rng, 0, taken)
        return (
            f"{deal} What is the probability that exactly {hearts} of them are hearts?",
            hypergeometric(13, 52, taken, hearts),
        )
    dice, face = integer(rng, 2, draws + 1), integer(rng, 1, 6)
    # rolls showing `face` at least once, minus the one roll where every die shows it
    favourable = 6**dice - 5**dice - 1
    return (
        f"{who} rolls {dice} fair six-sided dice. What is the probability that at least one "
        f"die shows {face} and not all dice show the same number?",
        Fraction(favourable, 6**dice),
    )


@register("math/probability-v1")
class Probability(TemplatedEnv):
    """Exact probabilities of events with dice, coins, urns and playing cards.

    Task, one template per task: the sum of several dice, heads in n tosses, colours drawn
    from an urn without replacement (hypergeometric), poker-style card events, and "at
    least one" events with dice. The classical (equally likely outcomes) probability of
    school and competition mathematics.

    Answer format: a reduced fraction, e.g. ``<answer>5/36</answer>`` (an exact decimal such
    as 0.25 is read too).

    Knobs: `size`, the most dice, tosses or cards (more is harder), and `templates` drawn
    from (more is harder).

    Verification: exact rational comparison (kind ``rational``: a rounded decimal is wrong).
    References count outcomes exactly: convolution for dice sums, binomial and
    hypergeometric formulas, enumeration for the "at least" dice events.

    Versions: v1, first release.
    """

    Params = ProbabilityParams
    levels = ladder(
        size=[2, 2, 3, 3, 4, 4, 5, 6, 7, 8],
        templates=[4, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    templates = TEMPLATES
    answer_format = FORMAT
    tags = ("math", "probability")

    def question(
        self, rng: np.random.Generator, template: str, size: int
    ) -> tuple[str, Fraction, dict[str, Any]]:
        text, value = event(rng, template, size)
        return text, value, {}

    def wrong_answers(self, task: Task) -> list[str]:
        value = Fraction(task.answer or "0")
        wrong = [block(plain_number(1 - value))] if value != Fraction(1, 2) else [block("1")]
        rounded = f"{float(value):.4f}"
        return wrong + ([block(rounded)] if Fraction(rounded) != value else [])
