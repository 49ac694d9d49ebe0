"""Exact values of trigonometric functions at special angles, and sums and products of them."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.math._common import MathEnv, ask, block, ladder
from palaestra.generators.math_numbers import integer
from palaestra.generators.math_symbolic import latex, sympy
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register

FUNCTIONS = ("sin", "cos", "tan", "cot", "sec", "csc")
TRIG = (*FUNCTIONS, "asin", "acos", "atan", "sinh", "cosh", "tanh")


class TrigValuesParams(Params):
    terms: int = Field(1, ge=1, le=5, description="trigonometric values combined; more is harder")
    functions: int = Field(
        2,
        ge=2,
        le=6,
        description="functions drawn from sin, cos, tan, cot, sec, csc; more is harder",
    )
    denominators: int = Field(
        3,
        ge=1,
        le=5,
        description="angles are multiples of pi/d for d among the first of 2, 4, 3, 6, 12; "
        "more is harder",
    )
    degrees: bool = Field(False, description="some angles are given in degrees; harder")


DENOMINATORS = (2, 4, 3, 6, 12)


@register("math/trig-values-v1")
class TrigValues(MathEnv):
    """Evaluate trigonometric functions at special angles exactly.

    Task: "evaluate \\sin\\frac{7\\pi}{6} + \\sec\\frac{\\pi}{4} \\cdot \\cos 330^\\circ".
    The unit circle values at multiples of pi/2, pi/4, pi/3, pi/6 and (half-angle)
    pi/12, reference angles and signs by quadrant: the trigonometry unit of precalculus.

    Answer format: an exact value with radicals, e.g. ``<answer>\\frac{\\sqrt{2} - 1}{2}
    </answer>``; no trigonometric function may remain.

    Knobs: `terms` combined by + and * (more is harder), `functions` drawn from (sin, cos,
    tan, cot, sec, csc in that order; more is harder), `denominators` of the angles (pi/2,
    pi/4, pi/3, pi/6, pi/12 in order; more is harder) and `degrees` (angles in degrees;
    harder). Angles where the function is undefined are redrawn.

    Verification: `palaestra.verifiers.math.compare` with kind ``number`` and the
    trigonometric functions forbidden in the answer, so the expression restated is wrong.
    The reference is sympy's exact evaluation.

    Versions: v1, first release.
    """

    Params = TrigValuesParams
    levels = ladder(
        terms=[2, 2, 2, 2, 3, 3, 3, 4, 4, 5],
        functions=[2, 3, 3, 3, 4, 6, 6, 6, 6, 6],
        denominators=[3, 4, 4, 4, 4, 4, 5, 5, 5, 5],
        degrees=[False, False, True, True, True, True, True, True, True, True],
    )
    difficulty_cost = "work"
    answer_options = {"kind": "number", "forbid": TRIG}
    tags = ("math", "trigonometry")

    def sample(
        self, rng: np.random.Generator, params: TrigValuesParams
    ) -> tuple[dict[str, Any], str]:
        sp = sympy()
        while True:
            text, value = "", sp.Integer(0)
            product = sp.Integer(1)
            for position in range(params.terms):
                name = FUNCTIONS[integer(rng, 0, params.functions - 1)]
                d = DENOMINATORS[integer(rng, 0, params.denominators - 1)]
                k = integer(rng, -2 * d, 4 * d)
                angle = sp.Rational(k, d) * sp.pi
                term_value = getattr(sp, name)(angle)
                if term_value.has(sp.zoo, sp.nan):
                    break
                if params.degrees and rng.random() < 0.4:
                    shown = f"{k * 180 // d}^\\circ" if (k * 180) % d == 0 else latex(angle)
                else:
                    shown = latex(angle)
                term = f"\\{name}\\left({shown}\\right)"
                op = "+" if position == 0 or rng.random() < 0.6 else "\\cdot"
                if op == "+":
                    value += product if position else 0
                    product = term_value
                    text += term if position == 0 else f" + {term}"
                else:
                    product *= term_value
                    text += f" \\cdot {term}"
            else:
                value = sp.nsimplify(sp.radsimp(value + product))
                break
        data = {"expression": text}
        return data, latex(value)

    def render(self, data: dict[str, Any], params: TrigValuesParams) -> str:
        return ask(
            f"Evaluate exactly (\\cdot before +):\n\n$${data['expression']}$$",
            "Give the exact value using integers, fractions and radicals, with no "
            "trigonometric function left, for example \\frac{\\sqrt{2} - 1}{2}.",
        )

    def cost(self, data: dict[str, Any], params: TrigValuesParams) -> dict[str, Any]:
        work = 2 * params.terms + params.functions + params.denominators + params.degrees
        return {"work": work, "size": len(data["expression"])}

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["expression"]), block(f"{task.answer} + 1")]
