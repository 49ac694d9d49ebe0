"""Expected values of games and random experiments, exactly."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import TemplatedEnv, ladder
from palaestra.generators.math_numbers import integer
from palaestra.generators.word_problems import names
from palaestra.params import Params
from palaestra.registry import register

TEMPLATES = ("game", "dice_max", "first_success", "distinct_faces", "draws_until")
SIDES = (4, 6, 8, 10, 12, 20)


class ExpectedValueParams(Params):
    size: int = Field(2, ge=1, le=10, description="dice, rolls or payoffs involved; more is harder")
    templates: int = Field(
        2,
        ge=1,
        le=5,
        description="templates drawn from, in order: a dice game with payoffs, the maximum of "
        "dice, rolls until a success, distinct faces in n rolls, draws until the first red "
        "ball; more is harder",
    )


def expectation(rng: np.random.Generator, template: str, size: int) -> tuple[str, Fraction]:
    (player,) = names(rng, 1)
    if template == "game":
        payoffs = [integer(rng, -10, 20) for _ in range(6)]
        lines = ", ".join(f"{p:+d} dollars for a {face}" for face, p in enumerate(payoffs, 1))
        rolls = size
        return (
            f"{player} plays a game {rolls} times: each time a fair die is rolled and {player} "
            f"gets {lines} (a negative amount is paid). What is {player}'s expected total "
            "winnings in dollars?",
            rolls * Fraction(sum(payoffs), 6),
        )
    if template == "dice_max":
        dice, sides = integer(rng, 2, size + 1), SIDES[integer(rng, 0, len(SIDES) - 1)]
        total = sides**dice
        value = sum(Fraction(k**dice - (k - 1) ** dice, total) * k for k in range(1, sides + 1))
        text = (
            f"{player} rolls {dice} fair {sides}-sided dice (faces 1 to {sides}). What is the "
            "expected value of the largest face shown?"
        )
        return text, value
    if template == "first_success":
        sides = SIDES[integer(rng, 0, len(SIDES) - 1)]
        hits = integer(rng, 1, min(size, sides - 1))
        return (
            f"{player} rolls a fair {sides}-sided die (faces 1 to {sides}) until it shows one of "
            f"the faces 1 to {hits}. What is the expected number of rolls, counting the last one?",
            Fraction(sides, hits),
        )
    if template == "distinct_faces":
        rolls, sides = integer(rng, 2, size + 2), SIDES[integer(rng, 0, len(SIDES) - 1)]
        return (
            f"{player} rolls a fair {sides}-sided die {rolls} times. What is the expected "
            "number of different faces that appear?",
            sides * (1 - Fraction(sides - 1, sides) ** rolls),
        )
    red, blue = integer(rng, 1, 2 * size + 2), integer(rng, 1, 4 * size + 4)
    # draws without replacement until the first red: (blue + red + 1) / (red + 1)
    value = Fraction(blue + red + 1, red + 1)
    return (
        f"An urn holds {red} red and {blue} blue balls. {player} draws balls one at a time at "
        "random without replacement until a red ball appears. What is the expected number of "
        "draws, counting the red one?",
        value,
    )


@register("math/expected-value-v1")
class ExpectedValue(TemplatedEnv):
    """Compute an expected value exactly.

    Task, one template per task: the expected winnings of a dice game with payoffs, the
    expected maximum of several dice, the expected number of rolls until a success
    (geometric distribution), the expected number of distinct faces in n rolls (indicator
    variables) and the expected number of draws until the first red ball without
    replacement. Linearity of expectation and standard distributions from probability
    courses.

    Answer format: the exact value, e.g. ``<answer>161/36</answer>``.

    Knobs: `size` (dice, rolls or payoffs; more is harder) and `templates` drawn from (more
    is harder).

    Verification: exact rational comparison (kind ``rational``). References are exact
    sums over outcomes or the standard closed forms; tests check the closed forms by
    enumeration.

    Versions: v1, first release.
    """

    Params = ExpectedValueParams
    levels = ladder(
        size=[2, 2, 3, 3, 4, 4, 5, 6, 8, 10],
        templates=[4, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "rational"}
    templates = TEMPLATES
    tags = ("math", "probability")

    def question(
        self, rng: np.random.Generator, template: str, size: int
    ) -> tuple[str, Fraction, dict[str, Any]]:
        text, value = expectation(rng, template, size)
        return text, value, {}
