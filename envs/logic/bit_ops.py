"""Bit manipulation: apply a sequence of bitwise operations to a fixed-width register."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder, parse_bits
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

OPERATIONS = (
    "and",
    "or",
    "xor",
    "not",
    "shl",
    "shr",
    "rotl",
    "rotr",
    "set",
    "clear",
    "flip",
    "reverse",
)


def apply(value: int, operation: list[Any], width: int) -> int:
    name, arg = operation
    mask = (1 << width) - 1
    if name == "and":
        return value & arg
    if name == "or":
        return value | arg
    if name == "xor":
        return value ^ arg
    if name == "not":
        return ~value & mask
    if name == "shl":
        return (value << arg) & mask
    if name == "shr":
        return value >> arg
    if name == "rotl":
        return ((value << arg) | (value >> (width - arg))) & mask
    if name == "rotr":
        return ((value >> arg) | (value << (width - arg))) & mask
    if name == "set":
        return value | (1 << arg)
    if name == "clear":
        return value & ~(1 << arg)
    if name == "flip":
        return value ^ (1 << arg)
    return int(format(value, f"0{width}b")[::-1], 2)  # reverse


def describe(operation: list[Any], width: int) -> str:
    name, arg = operation
    word = format(arg, f"0{width}b") if name in ("and", "or", "xor") else ""
    return {
        "and": f"AND with {word}",
        "or": f"OR with {word}",
        "xor": f"XOR with {word}",
        "not": "invert every bit (NOT)",
        "shl": f"shift left by {arg} (zeros enter on the right, bits past the left end are lost)",
        "shr": f"shift right by {arg} (zeros enter on the left)",
        "rotl": f"rotate left by {arg}",
        "rotr": f"rotate right by {arg}",
        "set": f"set bit {arg} to 1",
        "clear": f"clear bit {arg} to 0",
        "flip": f"flip bit {arg}",
        "reverse": "reverse the order of the bits",
    }[name]


class BitOpsParams(Params):
    width: int = Field(8, ge=4, le=32, description="register width in bits; more is harder")
    operations: int = Field(2, ge=1, le=16, description="operations to apply; more is harder")


@register("logic/bit-ops-v1")
class BitOps(ExactEnv):
    """Apply AND/OR/XOR masks, shifts, rotations and single-bit updates to a register.

    Task: a w-bit register starts at a given value; a numbered list of operations is
    applied in order (masks with AND/OR/XOR, NOT, logical shifts, rotations, set/clear/
    flip bit i with bit 0 the least significant, bit reversal), the bit-twiddling of
    *Hacker's Delight* (Warren 2002).

    Answer format: the final register as exactly w binary digits, e.g. ``01011000``.

    Knobs: `width` and `operations`; more of each is harder. The cost is width times
    operations.

    Verification: exact comparison (spaces and a 0b prefix ignored). No partial credit.

    Versions: v1, first release.
    """

    Params = BitOpsParams
    levels = ladder(
        width=[4, 6, 8, 8, 8, 12, 12, 16, 16, 24], operations=[2, 2, 2, 3, 4, 4, 5, 6, 8, 10]
    )
    difficulty_cost = "work"
    tags = ("logic", "binary")
    wrong_feedback = "That is not the final register value."

    def sample(self, rng: np.random.Generator, params: BitOpsParams) -> tuple[dict[str, Any], str]:
        w = params.width
        start = int(rng.integers(1, 1 << w))
        value = start
        operations = []
        for _ in range(params.operations):
            name = OPERATIONS[int(rng.integers(len(OPERATIONS)))]
            if name in ("and", "or", "xor"):
                arg = int(rng.integers(1, 1 << w))
            elif name in ("shl", "shr", "rotl", "rotr"):
                arg = int(rng.integers(1, w))
            elif name in ("set", "clear", "flip"):
                arg = int(rng.integers(w))
            else:
                arg = 0
            operations.append([name, arg])
            value = apply(value, [name, arg], w)
        data = {"width": w, "start": format(start, f"0{w}b"), "operations": operations}
        return data, format(value, f"0{w}b")

    def render(self, data: dict[str, Any], params: BitOpsParams) -> str:
        w = data["width"]
        article = "An" if str(w).startswith("8") or w in (11, 18) else "A"
        steps = "\n".join(
            f"{i}. {describe(op, w)}" for i, op in enumerate(data["operations"], start=1)
        )
        body = (
            f"{article} {w}-bit register holds {data['start']} (most significant bit first; "
            f"bit 0 is the rightmost). Apply these operations in order:\n{steps}\n\nWhat "
            "does the register hold at the end?"
        )
        return ask(
            body, f"Give exactly {w} binary digits, most significant first, e.g. {data['start']}."
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"work": data["width"] * len(data["operations"])}

    def normalize(self, text: str, task: Task) -> str:
        return parse_bits(text, task.data["width"], "register")

    def wrong_answers(self, task: Task) -> list[str]:
        answer = task.answer or ""
        return [block(answer[::-1] if answer[::-1] != answer else answer[1:]), block(answer[:-1])]
