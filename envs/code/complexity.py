"""Efficient algorithms: hidden large tests with a time limit only a fast solution meets."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.code._common import CodeEnv, check_function, code_format, expected_values
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.tools.sandbox import Limits

# (name, spec, efficient reference, naive reference, value range)
PROBLEMS = (
    (
        "count_pairs",
        "Return how many pairs of indices i < j have (xs[i] + xs[j]) % k == 0.",
        "def count_pairs(xs, k):\n    seen = [0] * k\n    total = 0\n    for x in xs:\n"
        "        total += seen[(-x) % k]\n        seen[x % k] += 1\n    return total\n",
        "def count_pairs(xs, k):\n    return sum(1 for i in range(len(xs)) for j in range(i + 1, len(xs))"  # noqa: E501
        " if (xs[i] + xs[j]) % k == 0)\n",
        10**9,
    ),
    (
        "inversions",
        "Return how many pairs of indices i < j have xs[i] > xs[j]; k is unused.",
        "def inversions(xs, k):\n    def sort(a):\n        if len(a) <= 1:\n            return a, 0\n"  # noqa: E501
        "        left, x = sort(a[:len(a) // 2])\n        right, y = sort(a[len(a) // 2:])\n"
        "        out, count, i, j = [], x + y, 0, 0\n"
        "        while i < len(left) and j < len(right):\n"
        "            if left[i] <= right[j]:\n                out.append(left[i])\n                i += 1\n"  # noqa: E501
        "            else:\n                out.append(right[j])\n                count += len(left) - i\n"  # noqa: E501
        "                j += 1\n        return out + left[i:] + right[j:], count\n"
        "    return sort(list(xs))[1]\n",
        "def inversions(xs, k):\n    return sum(1 for i in range(len(xs)) for j in range(i + 1, len(xs))"  # noqa: E501
        " if xs[i] > xs[j])\n",
        10**6,
    ),
    (
        "longest_run",
        "All xs are positive. Return the length of the longest run of consecutive "
        "elements whose sum is at most k (0 if none).",
        "def longest_run(xs, k):\n    best = start = total = 0\n    for end, x in enumerate(xs):\n"
        "        total += x\n        while total > k:\n            total -= xs[start]\n            start += 1\n"  # noqa: E501
        "        best = max(best, end - start + 1)\n    return best\n",
        "def longest_run(xs, k):\n    best = 0\n    for i in range(len(xs)):\n        total = 0\n"
        "        for j in range(i, len(xs)):\n            total += xs[j]\n            if total > k:\n"  # noqa: E501
        "                break\n            best = max(best, j - i + 1)\n    return best\n",
        1000,
    ),
    (
        "distinct_windows",
        "Return the sum, over every window of k consecutive elements, of the "
        "number of distinct values in the window (0 if len(xs) < k).",
        "def distinct_windows(xs, k):\n    counts = {}\n    total = 0\n    for i, x in enumerate(xs):\n"  # noqa: E501
        "        counts[x] = counts.get(x, 0) + 1\n        if i >= k:\n            old = xs[i - k]\n"  # noqa: E501
        "            counts[old] -= 1\n            if counts[old] == 0:\n                del counts[old]\n"  # noqa: E501
        "        if i >= k - 1:\n            total += len(counts)\n    return total\n",
        "def distinct_windows(xs, k):\n    return sum(len(set(xs[i:i + k])) for i in range(len(xs) - k + 1))\n",  # noqa: E501
        50,
    ),
)


class ComplexityParams(Params):
    n: int = Field(
        2000,
        ge=10,
        le=200_000,
        description="length of the large hidden test; more "
        "is harder (quadratic solutions run out of time)",
    )


def large_input(seed: int, n: int, problem: int) -> list[Any]:
    """The large test, regenerated from its seed (it is too big to store in the task)."""
    rng = np.random.default_rng(seed)
    top = PROBLEMS[problem][4]
    xs = [int(v) for v in rng.integers(1, top + 1, size=n)]
    k = int(rng.integers(2, 50))
    if problem == 2:  # budgets that allow runs of about half the list
        k = int(rng.integers(100 * n, 300 * n))
    elif problem == 3:
        k = max(1, n // 10)
    return [xs, k]


@register("code/complexity-v1")
class Complexity(CodeEnv):
    """Write an efficient Python function: a large hidden test has a CPU time limit.

    Task: classic problems whose obvious solution is quadratic (pairs with a divisible sum,
    inversions, longest run under a budget, distinct values per window); the naive solution is
    shown and must be replaced by one fast enough for the hidden large input, as in
    complexity-aware code benchmarks (e.g. BigO(Bench), EffiBench).

    Answer format: one fenced Python block with the function.

    Knobs: `n`, the large test's length (more is harder).

    Verification: small tests and one large test run in the sandbox under a 3 s CPU limit; the
    return values are compared outside. A correct but slow solution gets ``timeout``.

    Versions: v1, first release.
    """

    Params = ComplexityParams
    levels = {lv: {"n": 500 * lv * lv} for lv in range(1, 11)}
    difficulty_cost = "n"
    limits = Limits(cpu_s=3.0, wall_s=8.0, memory_mb=1024)

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        problem = int(rng.integers(len(PROBLEMS)))
        name, spec, fast, naive, top = PROBLEMS[problem]
        small = []
        for size in (0, 1, 2, 5, 8, 12):
            k = int(rng.integers(2, 12)) if problem != 2 else int(rng.integers(1, 40))
            small.append([[int(v) for v in rng.integers(1, min(top, 30) + 1, size=size)], k])
        seed = int(rng.integers(2**31))
        expected = expected_values(fast, name, [*small, large_input(seed, params.n, problem)])
        data = {
            "problem": problem,
            "function": name,
            "spec": spec,
            "naive": naive,
            "reference": fast,
            "small": small,
            "seed": seed,
            "n": params.n,
            "expected": expected,
        }
        return data, None

    def render(self, data: dict[str, Any], params: Any) -> str:
        examples = "\n".join(
            f"    {data['function']}({xs!r}, {k}) == {value!r}"
            for (xs, k), value in zip(data["small"][-2:], data["expected"][-3:-1], strict=True)
        )
        return (
            f"{data['spec']}\n\nExamples:\n{examples}\n\n"
            "This straightforward version is correct but too slow:\n\n"
            f"```python\n{data['naive']}```\n\nWrite a version of `{data['function']}(xs, k)` "
            f"that handles a list of {data['n']} elements within a few seconds of CPU time "
            f"(elements range up to {PROBLEMS[data['problem']][4]}).\n"
            + code_format("python", "the function")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        inputs = [*data["small"], large_input(data["seed"], data["n"], data["problem"])]
        full = task.model_copy(update={"data": {**data, "inputs": inputs}})
        return check_function(full, answer, self.limits)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"n": params.n, "naive_steps": params.n * params.n // 2}

    def wrong_answers(self, task: Task) -> list[str]:
        return [f"<answer>\n```python\n{task.data['naive'][:-1]}  + 1\n```\n</answer>"]
