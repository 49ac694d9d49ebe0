"""Chinese remainder theorem: the least non-negative solution of simultaneous congruences."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder, size
from palaestra.generators.math_numbers import integer
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class CrtParams(Params):
    congruences: int = Field(2, ge=2, le=8, description="simultaneous congruences; more is harder")
    max_modulus: int = Field(10, ge=3, le=10**6, description="largest modulus; larger is harder")
    coprime: bool = Field(
        True,
        description="pairwise coprime moduli; when off, moduli share factors (a consistent "
        "system still has a unique solution modulo their lcm), which is harder",
    )


def crt(residues: list[int], moduli: list[int]) -> tuple[int, int] | None:
    """(x, lcm) with x = r_i (mod m_i) for all i and 0 <= x < lcm, or None if inconsistent."""
    x, modulus = 0, 1
    for r, m in zip(residues, moduli, strict=True):
        g = math.gcd(modulus, m)
        if (r - x) % g:
            return None
        step = (r - x) // g * pow(modulus // g, -1, m // g) % (m // g)
        x += modulus * step
        modulus = modulus * m // g
        x %= modulus
    return x, modulus


@register("math/crt-v1")
class Crt(MathEnv):
    """Solve simultaneous congruences x ≡ r_i (mod m_i) by the Chinese remainder theorem.

    Task: "find the least non-negative x with x ≡ 2 (mod 3), x ≡ 3 (mod 5), x ≡ 2 (mod 7)"
    (23, Sunzi Suanjing's problem, 3rd-5th century). With `coprime` off the moduli share
    factors and the residues are chosen consistent, so the solution is unique modulo the lcm.

    Answer format: one integer, e.g. ``<answer>23</answer>``.

    Knobs: `congruences` (more is harder), `max_modulus` (larger is harder), `coprime`
    (off is harder).

    Verification: exact integer comparison (kind ``rational``). The hidden x is drawn first
    and the residues computed from it; the reference is the incremental CRT solution, which
    tests check against x modulo the lcm.

    Versions: v1, first release.
    """

    Params = CrtParams
    levels = ladder(
        congruences=[2, 2, 3, 3, 3, 4, 4, 5, 5, 6],
        max_modulus=[20, 20, 30, 40, 60, 100, 200, 500, 1_000, 10_000],
        coprime=[True] * 6 + [False] * 4,
    )
    difficulty_cost = "digits"
    answer_options = {"kind": "rational"}
    tags = ("math", "number-theory", "modular")

    def sample(self, rng: np.random.Generator, params: CrtParams) -> tuple[dict[str, Any], str]:
        moduli: list[int] = []
        for _ in range(1_000):
            if len(moduli) == params.congruences:
                break
            m = integer(rng, 2, params.max_modulus)
            if m in moduli:
                continue
            if params.coprime and any(math.gcd(m, k) > 1 for k in moduli):
                continue
            moduli.append(m)
        lcm = math.lcm(*moduli)
        hidden = integer(rng, 0, lcm - 1)
        residues = [hidden % m for m in moduli]
        solution = crt(residues, moduli)
        if solution is None or solution[0] != hidden:
            raise AssertionError("the CRT solution disagrees with the planted one")
        return {"residues": residues, "moduli": moduli, "lcm": lcm}, str(hidden)

    def render(self, data: dict[str, Any], params: CrtParams) -> str:
        lines = "\n".join(
            f"$x \\equiv {r} \\pmod{{{m}}}$"
            for r, m in zip(data["residues"], data["moduli"], strict=True)
        )
        return ask(
            f"Find the least non-negative integer x such that\n{lines}",
            "Give that least non-negative solution as a single integer.",
        )

    def cost(self, data: dict[str, Any], params: CrtParams) -> dict[str, Any]:
        return {
            "digits": size(data["moduli"]) + len(str(data["lcm"])),
            "congruences": len(data["moduli"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        x = int(task.answer or 0)
        return [block(str(x + task.data["lcm"])), block(str(x + 1))]
