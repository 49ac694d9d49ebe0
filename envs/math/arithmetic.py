"""Exact evaluation of integer and rational arithmetic expressions, with precedence."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.generators.expressions import (
    depth,
    evaluate,
    format_fraction,
    from_json,
    max_operators,
    operator_count,
    random_expression,
    to_json,
    to_text,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.math import compare, parse_rational


class ArithmeticParams(Params):
    operators: int = Field(
        4, ge=1, le=40, description="binary operators in the expression; more is harder"
    )
    max_operand: int = Field(
        20, ge=2, le=100_000, description="largest absolute value of a number; larger is harder"
    )
    ops: Literal["+-", "+-*", "+-*/"] = Field(
        "+-*",
        description="operators used: '+-', '+-*' or '+-*/'; more operators are harder "
        "(division brings fractions)",
    )
    max_depth: int = Field(
        3, ge=1, le=12, description="most levels of nested operations; deeper is harder"
    )
    allow_negative: bool = Field(False, description="negative numbers in the expression; harder")
    max_value: int = Field(
        10_000,
        ge=10,
        le=10**15,
        description="bound on |numerator| and denominator of every intermediate value; "
        "larger is harder",
    )

    @model_validator(mode="after")
    def _consistent(self) -> ArithmeticParams:
        if self.operators > max_operators(self.max_depth):
            raise ValueError(
                f"operators={self.operators} do not fit in max_depth={self.max_depth} levels "
                f"(at most {max_operators(self.max_depth)}); raise max_depth"
            )
        if self.max_value < self.max_operand**2:
            raise ValueError(
                f"max_value={self.max_value} must be at least max_operand**2 = "
                f"{self.max_operand**2} so that products of two numbers fit"
            )
        return self


@register("math/arithmetic-v1")
class Arithmetic(Env):
    """Evaluate an integer or rational arithmetic expression exactly.

    Task: a random expression over whole numbers with ``+ - * /`` and parentheses, such as
    ``7 - 3 * (4 + -2) / 5``, to be evaluated with the usual precedence (``*`` and ``/``
    before ``+`` and ``-``, left to right otherwise) and exact division. The classic
    order-of-operations drill of school arithmetic, and the "arithmetic" family of procedural
    reasoning suites (reasoning-gym's basic_arithmetic, the arithmetic tasks of BIG-bench),
    here with exact rational answers instead of rounded ones.

    Answer format: the exact value as an integer or a fraction p/q, e.g. ``<answer>-7/3</answer>``
    (``\\boxed{}``, ``\\frac{-7}{3}``, a unicode minus and an exact decimal such as 0.5 for
    1/2 are read too). The answer must be a single number: an expression, even one equal to
    the value (``3 + 4 * 2``), is not accepted, and neither is a rounded decimal.

    Knobs: `operators` (more is harder), `max_operand` (larger is harder), `ops` ("+-" <
    "+-*" < "+-*/"), `max_depth` (deeper is harder), `allow_negative` (harder when on) and
    `max_value`, the bound on every intermediate value (larger is harder). Levels 1..10 grow
    the operator count from 2 to 18 and turn the other knobs up along the way.

    Verification: the answer is read as a plain rational literal (`parse_rational`); anything
    else is unparsable. It is then compared exactly with the reference by
    `palaestra.verifiers.math.compare`, so 2/4 for 1/2 is right (the value is what counts) and
    0.333 for 1/3 is wrong. The reference is computed with `fractions.Fraction` over the
    generated tree; generation redraws any operator (then subtree, then expression) that
    would divide by zero or exceed `max_value`, and `task.meta["cost"]` records the
    operators, depth, answer digits and the redraws.

    Versions: v1, first release.
    """

    Params = ArithmeticParams
    levels = {
        1: {"operators": 2, "max_operand": 10, "ops": "+-", "max_depth": 2, "max_value": 100},
        2: {"operators": 3, "max_operand": 10, "ops": "+-*", "max_depth": 2, "max_value": 1_000},
        3: {"operators": 4, "max_operand": 20, "ops": "+-*", "max_depth": 3, "max_value": 1_000},
        4: {
            "operators": 5,
            "max_operand": 20,
            "ops": "+-*",
            "max_depth": 3,
            "allow_negative": True,
            "max_value": 1_000,
        },
        5: {
            "operators": 6,
            "max_operand": 20,
            "ops": "+-*/",
            "max_depth": 3,
            "allow_negative": True,
            "max_value": 1_000,
        },
        6: {
            "operators": 7,
            "max_operand": 30,
            "ops": "+-*/",
            "max_depth": 4,
            "allow_negative": True,
            "max_value": 10_000,
        },
        7: {
            "operators": 9,
            "max_operand": 50,
            "ops": "+-*/",
            "max_depth": 4,
            "allow_negative": True,
            "max_value": 10_000,
        },
        8: {
            "operators": 11,
            "max_operand": 100,
            "ops": "+-*/",
            "max_depth": 5,
            "allow_negative": True,
            "max_value": 100_000,
        },
        9: {
            "operators": 14,
            "max_operand": 100,
            "ops": "+-*/",
            "max_depth": 5,
            "allow_negative": True,
            "max_value": 1_000_000,
        },
        10: {
            "operators": 18,
            "max_operand": 200,
            "ops": "+-*/",
            "max_depth": 6,
            "allow_negative": True,
            "max_value": 10_000_000,
        },
    }
    difficulty_cost = "operators"
    allow_boxed = True
    tags = ("math", "arithmetic", "exact")

    def sample(
        self, rng: np.random.Generator, params: ArithmeticParams
    ) -> tuple[dict[str, Any], str]:
        tree, stats = random_expression(
            rng,
            operators=params.operators,
            ops=params.ops,
            max_operand=params.max_operand,
            max_depth=params.max_depth,
            allow_negative=params.allow_negative,
            max_value=params.max_value,
        )
        value = format_fraction(evaluate(tree))
        data = {
            "expression": to_text(tree),
            "tree": to_json(tree),
            "value": value,
            "redraws": {
                "expressions": stats.restarts,
                "subtrees": stats.redrawn_subtrees,
                "operators": stats.redrawn_operators,
            },
        }
        return data, value

    def render(self, data: dict[str, Any], params: ArithmeticParams) -> str:
        return (
            "Evaluate this expression exactly. Use the usual order of operations: * and / "
            "before + and -, otherwise left to right; / is exact division.\n\n"
            f"{data['expression']}\n\n"
            "Give the exact value as an integer or a reduced fraction p/q (for example -7/3), "
            f"not a decimal approximation. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: ArithmeticParams) -> dict[str, Any]:
        tree = from_json(data["tree"])
        return {
            "operators": operator_count(tree),
            "depth": depth(tree),
            "digits": sum(ch.isdigit() for ch in data["value"]),
            "redrawn_expressions": data["redraws"]["expressions"],
            "redrawn_subtrees": data["redraws"]["subtrees"],
            "redrawn_operators": data["redraws"]["operators"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        value = parse_rational(answer)
        if value is None:
            return Verdict.fail(
                "unparsable",
                "Give one number: an integer or a fraction p/q such as -7/3, not an expression.",
            )
        gold = parse_rational(task.answer or "")
        if gold is not None:  # fast path: two exact rationals, what compare() would conclude
            if value == gold:
                return Verdict.right()
            hint = " A decimal must be exact; give a fraction p/q instead." if "." in answer else ""
            return Verdict.fail("wrong", f"That is not the value of the expression.{hint}")
        result = compare(task.answer or "", answer, kind="rational")
        if result.status == "ok" and result.equal:
            return Verdict.right()
        if result.status == "ok":
            hint = " A decimal must be exact; give a fraction p/q instead." if "." in answer else ""
            return Verdict.fail("wrong", f"That is not the value of the expression.{hint}")
        if result.status == "timeout":
            return Verdict.fail("timeout", "The answer took too long to check.")
        if result.status == "unparsable":
            return Verdict.fail("unparsable", f"The answer could not be read: {result.detail}.")
        return Verdict.fail("invalid", "The answer could not be checked.")

    def wrong_answers(self, task: Task) -> list[str]:
        value = parse_rational(task.answer or "")
        if value is None:
            return []
        rounded = f"{float(value):.3f}"
        wrong = [
            f"<answer>{format_fraction(value + 1)}</answer>",
            f"<answer>{task.data['expression']}</answer>",  # restating is not evaluating
        ]
        if parse_rational(rounded) != value:
            wrong.append(f"<answer>{rounded}</answer>")
        return wrong
