"""What the single-answer math environments share: checking through the math checker, the
prompt's closing lines, level tables and the usual wrong answers.

An environment subclasses `MathEnv`, sets `answer_options` (the `compare` options: kind,
form, tolerance, ...) and implements `sample`, `render` (with `ask`) and `cost`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.generators.math_numbers import factorize, latex_number, plain_number, smooth_in_range
from palaestra.generators.word_problems import WordProblem
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.verifiers.math import compare, parse_rational, verdict


class MathEnv(Env):
    """A math task whose answer is compared with `task.answer` by the shared math checker."""

    allow_boxed = True
    answer_options: ClassVar[dict[str, Any]] = {}

    def options(self, task: Task) -> dict[str, Any]:
        """The `palaestra.verifiers.math.compare` options for one task."""
        return dict(self.answer_options)

    def check(self, task: Task, answer: str) -> Verdict:
        return verdict(compare(task.answer or "", answer, **self.options(task)))

    def wrong_answers(self, task: Task) -> list[str]:
        """A near miss of a numeric answer (off by one); envs add their own."""
        value = parse_rational(task.answer or "")
        if value is None:
            return []
        return [block(latex_number(value + 1)), block(latex_number(-value - 1))]


def ask(question: str, answer_format: str) -> str:
    """A prompt: the question, then what the answer looks like and where it goes."""
    return f"{question}\n\n{answer_format} {ANSWER_FORMAT}"


def block(answer: str) -> str:
    """`answer` as a model output's final answer block."""
    return f"<answer>{answer}</answer>"


def ladder(**columns: Any) -> dict[int, dict[str, Any]]:
    """Levels 1..10 from knob columns: a list of ten values, or one value for every level."""
    levels: dict[int, dict[str, Any]] = {}
    for level in range(1, 11):
        levels[level] = {
            name: values[level - 1] if isinstance(values, list | tuple) else values
            for name, values in columns.items()
        }
    return levels


def size(*values: Any) -> int:
    """Digits and signs written in a list of numbers: the size of an instance's numbers."""
    total = 0
    for value in values:
        if isinstance(value, list | tuple):
            total += size(*value)
        elif isinstance(value, Fraction):
            total += size(value.numerator, value.denominator)
        else:
            total += len(str(abs(int(value))))
    return total


RATIONAL_FORMAT = "Give the exact value as an integer or a reduced fraction such as -7/3."
INTEGER_FORMAT = "Give the answer as a single integer."


class SmoothNumberParams(Params):
    """Knobs of the envs about one integer n built from small primes."""

    max_n: int = Field(
        100_000,
        ge=100,
        le=10**15,
        description="n lies in [max_n/10, max_n]; larger is harder",
    )
    max_prime: int = Field(
        50, ge=2, le=5_000, description="largest prime factor of n; larger is harder"
    )


SMOOTH_LEVELS = ladder(
    max_n=[10**5, 3 * 10**5, 10**6, 3 * 10**6, 10**7, 10**8, 10**9, 10**10, 10**11, 10**12],
    max_prime=[50, 60, 80, 100, 150, 200, 300, 500, 1_000, 2_000],
)


def smooth_n(rng: np.random.Generator, params: SmoothNumberParams) -> int:
    return smooth_in_range(rng, max(2, params.max_n // 10), params.max_n, params.max_prime)


def log_size(n: int) -> float:
    return round(math.log10(n), 3)


UNIT_NAMES = {"%": "percent"}


class WordProblemEnv(MathEnv):
    """A family of templated word problems with exact numeric answers.

    Subclasses map template names to functions ``(rng, params) -> WordProblem`` in
    `templates` and may narrow the templates a task draws from with `template_names`.
    Answers may carry their unit (``units=True``); money is compared to the cent where the
    template says so.
    """

    templates: ClassVar[dict[str, Callable[[np.random.Generator, Any], WordProblem]]] = {}

    def template_names(self, params: Any) -> list[str]:
        return list(self.templates)

    def options(self, task: Task) -> dict[str, Any]:
        return {
            "kind": "number",
            "units": True,
            "percent": task.data["unit"] == "%",
            "abs_tolerance": task.data["abs_tolerance"],
        }

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        names = self.template_names(params)
        name = names[int(rng.integers(0, len(names)))]
        problem = self.templates[name](rng, params)
        data = {
            "template": name,
            "question": problem.text,
            "unit": problem.unit,
            "steps": problem.steps,
            "abs_tolerance": problem.abs_tolerance,
            "numbers": problem.numbers,
        }
        if problem.abs_tolerance:  # a rounded amount: the exact fraction can run to 1000 digits
            cents = math.floor(problem.answer * 100 + Fraction(1, 2))
            return data, f"{cents // 100}.{cents % 100:02d}"
        return data, plain_number(problem.answer)

    def render(self, data: dict[str, Any], params: Any) -> str:
        precision = (
            "rounded to the nearest cent"
            if data["abs_tolerance"]
            else "exactly, as an integer, a terminating decimal or a fraction p/q (no rounding)"
        )
        return ask(
            data["question"],
            f"Give the answer in {UNIT_NAMES.get(data['unit'], data['unit'])}, {precision}; the "
            "unit may be written after "
            "the number or left out.",
        )

    def wrong_answers(self, task: Task) -> list[str]:
        value = Fraction(task.answer or "0")
        return [block(plain_number(value + 1)), block(plain_number(value * 2 + 1))]


class TemplatedEnv(MathEnv):
    """Questions drawn from an ordered list of templates: a level's `templates` knob says
    how many of them (from the first) it draws from, and `size` how large they are.

    Subclasses set `templates` and `answer_format` and implement `question`.
    """

    templates: ClassVar[tuple[str, ...]] = ()
    answer_format: ClassVar[str] = RATIONAL_FORMAT

    def question(
        self, rng: np.random.Generator, template: str, size: int
    ) -> tuple[str, Fraction, dict[str, Any]]:
        """(question text, exact answer, facts kept in task.data for tests and feedback)."""
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        template = self.templates[int(rng.integers(0, params.templates))]
        text, value, facts = self.question(rng, template, params.size)
        return {"template": template, "question": text, **facts}, plain_number(Fraction(value))

    def render(self, data: dict[str, Any], params: Any) -> str:
        return ask(data["question"], self.answer_format)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        work = params.size + 2 * params.templates
        return {"work": work, "template": self.templates.index(data["template"])}


class SmoothNumberEnv(MathEnv):
    """A question about one integer n with small prime factors (`SmoothNumberParams`)."""

    Params = SmoothNumberParams
    levels = SMOOTH_LEVELS
    difficulty_cost = "log_n"
    answer_options = {"kind": "rational"}
    tags = ("math", "number-theory")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        factors = factorize(data["n"])
        return {
            "log_n": log_size(data["n"]),
            "prime_factors": sum(factors.values()),
            "largest_prime": max(factors),
        }
