"""Modular inverses and linear congruences a x = b (mod m)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register


class ModularInverseParams(Params):
    modulus: int = Field(11, ge=3, le=10**12, description="largest modulus; larger is harder")
    shared_factor: int = Field(
        1,
        ge=1,
        le=12,
        description="largest gcd(a, m) allowed; above 1 some congruences have several "
        "solutions or none, which is harder",
    )


def solve_congruence(a: int, b: int, m: int) -> list[int]:
    """All x in 0..m-1 with a x = b (mod m)."""
    d = math.gcd(a, m)
    if b % d:
        return []
    step = m // d
    x0 = (b // d) * pow(a // d, -1, step) % step
    return [x0 + k * step for k in range(d)]


@register("math/modular-inverse-v1")
class ModularInverse(MathEnv):
    """Solve a linear congruence a x ≡ b (mod m); with b = 1 it asks for an inverse.

    Task: "find all x in {0, ..., m-1} with 17 x = 5 (mod 43)". Modular inverses by the
    extended Euclidean algorithm (Bezout), and linear congruences, which have gcd(a, m)
    solutions when gcd(a, m) divides b and none otherwise (Gauss, Disquisitiones, art. 29).

    Answer format: the solutions in 0..m-1 as a list, e.g. ``<answer>3, 24</answer>``, one
    number when there is one solution, or ``no solution``.

    Knobs: `modulus` (larger is harder) and `shared_factor`, the largest gcd(a, m) drawn
    (above 1 the congruence may have several solutions or none; harder).

    Verification: `palaestra.verifiers.math.compare` with kind ``set``: every solution
    exactly once and nothing else; giving some of several solutions scores 0 with reason
    ``partial``. The reference enumerates the residues from the extended Euclid solution;
    tests check it by brute force.

    Versions: v1, first release.
    """

    Params = ModularInverseParams
    levels = ladder(
        modulus=[50, 60, 80, 100, 500, 2_000, 10**4, 10**6, 10**9, 10**12],
        shared_factor=[1, 1, 1, 2, 3, 4, 4, 6, 8, 12],
    )
    difficulty_cost = "digits"
    answer_options = {"kind": "set"}
    tags = ("math", "number-theory", "modular")

    def sample(
        self, rng: np.random.Generator, params: ModularInverseParams
    ) -> tuple[dict[str, Any], str]:
        m = integer(rng, max(3, params.modulus // 2), params.modulus)
        for _ in range(1_000):
            a = integer(rng, 2, m - 1)
            if math.gcd(a, m) <= params.shared_factor:
                break
        else:
            a = 1
        b = 1 if rng.random() < 0.4 else integer(rng, 1, m - 1)
        solutions = solve_congruence(a, b, m)
        listed = ", ".join(map(str, solutions))
        answer = f"\\{{{listed}\\}}" if solutions else "\\emptyset"
        return {"a": a, "b": b, "m": m, "solutions": solutions}, answer

    def render(self, data: dict[str, Any], params: ModularInverseParams) -> str:
        a, b, m = data["a"], data["b"], data["m"]
        what = f"the inverse of {a} modulo {m}: " if b == 1 else ""
        return ask(
            f"Find {what}all integers $x$ with $0 \\le x \\le {m - 1}$ such that "
            f"${a}x \\equiv {b} \\pmod{{{m}}}$.",
            "List every solution, separated by commas (for example: 3, 24), or write "
            "'no solution' if there is none.",
        )

    def cost(self, data: dict[str, Any], params: ModularInverseParams) -> dict[str, Any]:
        return {
            "digits": len(str(data["m"])),
            "solutions": len(data["solutions"]),
            "gcd": math.gcd(data["a"], data["m"]),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        solutions = task.data["solutions"]
        wrong = [block(str((s + 1) % task.data["m"])) for s in solutions[:1]]
        if len(solutions) > 1:
            wrong.append(block(str(solutions[0])))  # only one of several
        if not solutions:
            wrong.append(block("0"))
        return wrong
