"""Convert an integer between positional bases 2 to 36."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import distinct, integer
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def to_base(n: int, base: int) -> str:
    """The digits of n >= 0 in `base`, upper-case letters above 9."""
    out = []
    while True:
        n, digit = divmod(n, base)
        out.append(DIGITS[digit])
        if n == 0:
            return "".join(reversed(out))


class BaseConversionParams(Params):
    digits: int = Field(4, ge=1, le=64, description="digits in base 10; more is harder")
    max_base: int = Field(
        10,
        ge=3,
        le=36,
        description="largest base drawn; larger is harder",
    )
    via_decimal: bool = Field(
        True,
        description="one of the two bases is 10; off, both are other bases (harder)",
    )

    @model_validator(mode="after")
    def _two_bases(self) -> BaseConversionParams:
        if not self.via_decimal and self.max_base < 4:
            raise ValueError("two bases other than 10 need max_base >= 4")
        return self


@register("math/base-conversion-v1")
class BaseConversion(MathEnv):
    """Write an integer given in one base in another base.

    Task: "write 2A7_16 in base 5". Positional numeral systems (binary, octal, hexadecimal
    and the rest), an exercise of every introductory computer science course and of
    reasoning-gym's base_conversion.

    Answer format: the digits in the target base, 0-9 then A-Z for 10-35, without a prefix
    or subscript, e.g. ``<answer>1A3F</answer>``.

    Knobs: `digits` of the number in base 10 (more is harder), `max_base` (larger is harder)
    and `via_decimal` (off: neither base is 10, harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``text``: the digit string
    after removing spaces and ``\\text{}``, case-insensitively (leading zeros are wrong).

    Versions: v1, first release.
    """

    Params = BaseConversionParams
    levels = ladder(
        digits=[3, 4, 5, 6, 7, 8, 10, 12, 16, 20],
        max_base=[8, 10, 12, 16, 16, 16, 20, 36, 36, 36],
        via_decimal=[True] * 5 + [False] * 5,
    )
    difficulty_cost = "bits"
    answer_options = {"kind": "text"}
    tags = ("math", "number-theory", "bases")

    def sample(
        self, rng: np.random.Generator, params: BaseConversionParams
    ) -> tuple[dict[str, Any], str]:
        n = integer(rng, 10 ** (params.digits - 1), 10**params.digits - 1)
        others = [b for b in range(2, params.max_base + 1) if b != 10]
        if params.via_decimal:
            base = others[integer(rng, 0, len(others) - 1)]
            source, target = (10, base) if rng.random() < 0.5 else (base, 10)
        else:
            source, target = (others[i] for i in distinct(rng, 0, len(others) - 1, 2))
        data = {"number": to_base(n, source), "source": source, "target": target, "value": n}
        return data, to_base(n, target)

    def render(self, data: dict[str, Any], params: BaseConversionParams) -> str:
        return ask(
            f"The number {data['number']} is written in base {data['source']}. "
            f"Write it in base {data['target']}.",
            "Give only the digits in the new base (0-9, then A-Z for digit values 10-35), "
            "without a prefix or subscript, for example 1A3F.",
        )

    def cost(self, data: dict[str, Any], params: BaseConversionParams) -> dict[str, Any]:
        others = (data["source"] != 10) + (data["target"] != 10)
        # Converting through base 10 costs one pass per base other than 10.
        return {"bits": data["value"].bit_length() * others, "bases_other_than_10": others}

    def wrong_answers(self, task: Task) -> list[str]:
        data = task.data
        return [
            block(to_base(data["value"] + 1, data["target"])),
            block(f"0{task.answer}"),
            block(str(data["value"])) if data["target"] != 10 else block(data["number"]),
        ]
