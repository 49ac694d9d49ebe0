"""Differentiate an elementary function; checked by symbolic equality."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_symbolic import elementary, latex, symbol, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

MAX_LATEX = 600  # LaTeX parsing costs about 1 ms a character: keep answers checkable


class DerivativesParams(Params):
    depth: int = Field(
        1, ge=0, le=5, description="nesting of sums, products and quotients; deeper is harder"
    )
    families: str = Field(
        "p",
        pattern=r"^p?t?e?l?r?q?$",
        description="building blocks, in order: p powers, t sin/cos, e exp, l ln, r square "
        "roots, q quotients; more letters are harder",
    )
    max_coefficient: int = Field(
        5, ge=1, le=50, description="largest |coefficient|; larger is harder"
    )


@register("math/derivatives-v1")
class Derivatives(MathEnv):
    """Differentiate an elementary function of x.

    Task: "find f'(x) for f(x) = x^2 \\sin(3x - 1) + \\frac{e^{2x}}{x^2 + 1}". The product,
    quotient and chain rules of first-semester calculus (DeepMind's mathematics dataset,
    calculus__differentiate). Functions are random trees of powers, sin/cos, exp, ln and
    square roots combined by sums, products and quotients.

    Answer format: the derivative in x, any equivalent form, e.g.
    ``<answer>2x \\sin(3x - 1) + 3x^2 \\cos(3x - 1)</answer>``.

    Knobs: `depth` (deeper is harder), `families` of building blocks (more is harder) and
    `max_coefficient` (larger is harder).

    Verification: `palaestra.verifiers.math.compare` (kind ``expression``): equal to
    `sympy.diff` of the function as functions of x (exactly zero difference, or zero to 50
    digits at several points), in a deadline worker; an unevaluated derivative
    (``\\frac{d}{dx}(...)``, the question restated) is wrong.

    Versions: v1, first release.
    """

    Params = DerivativesParams
    levels = ladder(
        depth=[1, 1, 1, 1, 2, 2, 2, 2, 3, 3],
        families=[
            "pt",
            "pt",
            "pte",
            "ptel",
            "ptel",
            "ptelr",
            "ptelrq",
            "ptelrq",
            "ptelrq",
            "ptelrq",
        ],
        max_coefficient=[9, 9, 9, 9, 9, 9, 9, 9, 12, 12],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "expression"}
    tags = ("math", "calculus", "derivatives")

    def sample(
        self, rng: np.random.Generator, params: DerivativesParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        x = symbol()
        families = params.families or "p"
        for _ in range(100):  # bounded: keep the derivative short enough to read and check
            function = elementary(rng, x, params.depth, params.max_coefficient, families)
            derivative = sp.diff(function, x)
            if derivative != 0 and len(latex(derivative)) <= MAX_LATEX:
                break
        data = {"function": latex(function), "operations": int(sp.count_ops(function))}
        return data, latex(derivative)

    def render(self, data: dict[str, Any], params: DerivativesParams) -> str:
        return ask(
            "Differentiate with respect to x (\\ln is the natural logarithm):\n\n"
            f"$$f(x) = {data['function']}$$",
            "Give f'(x) as an expression in x, for example 2x \\sin(3x) + 3x^2 \\cos(3x).",
        )

    def cost(self, data: dict[str, Any], params: DerivativesParams) -> dict[str, Any]:
        return {"work": 3 * params.depth + len(params.families), "operations": data["operations"]}

    def wrong_answers(self, task: Task) -> list[str]:
        function = task.data["function"]
        return [
            block(function),
            block(f"\\frac{{d}}{{dx}}\\left({function}\\right)"),
            block(f"{task.answer} + 1"),
        ]
