"""Templated programming tasks: a natural-language spec, a reference implementation (source
text) and hidden test inputs with edge cases, for function synthesis and the envs built on it
(bug fixing, infilling, stdio and other-language variants, complexity tasks).

Families: ``string`` and ``list`` are pipelines of `steps` primitive transformations (the spec
lists them in order); ``interval``, ``number``, ``dp`` and ``graph`` draw from templates with
random parameters. Expected outputs are not computed here: environments run the reference
source in the sandbox on the inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from palaestra.generators.programs import list_steps

FAMILIES = ("string", "list", "interval", "number", "dp", "graph")


@dataclass
class FunctionTask:
    """One task: implement `name(*params)` as `spec` says.

    Attributes:
        family: the family it came from.
        name, params: the function's name and parameter names.
        spec: what the function must do, in English.
        source: the reference implementation (a complete ``def``).
        inputs: hidden test argument lists (the first ones are edge cases).
        steps: how many primitive steps or template units the spec has (a size measure).
    """

    family: str
    name: str
    params: list[str]
    spec: str
    source: str
    inputs: list[list[Any]]
    steps: int = 1
    stdio: bool = False  # inputs are one int list and the result an int list (stdio variants)
    notes: dict[str, Any] = field(default_factory=dict)

    def signature(self) -> str:
        return f"def {self.name}({', '.join(self.params)}):"


def _pick(rng: np.random.Generator, items: list[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _ints(rng: np.random.Generator, low: int, high: int, size: int) -> list[int]:
    return [int(v) for v in rng.integers(low, high + 1, size=size)]


# ----------------------------------------------------------------------------- pipelines
def _string_step(rng: np.random.Generator) -> tuple[str, str]:
    """(one line of Python acting on `s`, its description)."""
    k = int(rng.integers(1, 6))
    letters = "".join(sorted({str(c) for c in rng.choice(list("abcdefxyz"), size=3)}))
    a, b = (str(c) for c in rng.choice(list("abcxyz"), size=2, replace=False))
    options = [
        ("s = s[::-1]", "reverse the string"),
        ("s = s.upper()", "convert it to upper case"),
        ("s = s.lower()", "convert it to lower case"),
        ("s = s.swapcase()", "swap the case of every letter"),
        (
            f's = "".join(chr((ord(c) - 97 + {k}) % 26 + 97) if "a" <= c <= "z" else c for c in s)',
            f"shift every lower-case letter {k} places forward in the alphabet, wrapping from z "
            "to a (other characters stay)",
        ),
        (
            f's = "".join(c for c in s if c not in "{letters}")',
            f"delete every occurrence of the characters {', '.join(letters)}",
        ),
        (f's = s.replace("{a}", "{b}")', f"replace every '{a}' with '{b}'"),
        (
            f"s = s[{k} % len(s):] + s[:{k} % len(s)] if s else s",
            f"rotate it left by {k} positions (the first character moves to the end, {k} times)",
        ),
        (
            's = "".join(c for i, c in enumerate(s) if i == 0 or c != s[i - 1])',
            "collapse every run of equal adjacent characters to one character",
        ),
        (
            f"s = s[::{k + 1}]",
            f"keep only the characters at positions 0, {k + 1}, {2 * k + 2}, ...",
        ),
        ('s = "".join(sorted(s))', "sort its characters by code point"),
        (
            f's = "".join(c + c if c in "{letters}" else c for c in s)',
            f"double every occurrence of the characters {', '.join(letters)}",
        ),
        (
            's = " ".join(w[::-1] for w in s.split(" "))',
            "reverse each space-separated word in place (spaces stay where they are)",
        ),
    ]
    return _pick(rng, options)


def pipeline_task(rng: np.random.Generator, family: str, steps: int, size: int) -> FunctionTask:
    """A string or int-list pipeline of `steps` transformations; tests up to `size` long."""
    if family == "string":
        variable = "s"
        chosen: list[tuple[str, str]] = []
        while len(chosen) < steps:
            line, text = _string_step(rng)
            if not chosen or chosen[-1][0] != line:
                chosen.append((line, text))
    else:
        variable = "xs"
        chosen = [(step.py, step.text) for step in list_steps(rng, steps)]
    name = _pick(rng, ["transform", "process", "convert", "apply_steps", "pipeline"])
    body = "\n".join(f"    {line}" for line, _ in chosen)
    source = f"def {name}({variable}):\n{body}\n    return {variable}\n"
    numbered = "; ".join(f"({i + 1}) {text}" for i, (_, text) in enumerate(chosen))
    noun = "string s" if family == "string" else "list of integers xs"
    spec = f"Given a {noun}, apply these steps in order and return the result: {numbered}."
    if family == "string":
        alphabet = (
            list("abcxyzAB ")
            if any("upper" in line or "lower" in line or "swap" in line for line, _ in chosen)
            else list("abcdxyz ")
        )
        edge = [[""], ["a"], ["zz yy"]]
        randoms = [
            ["".join(rng.choice(alphabet, size=int(rng.integers(1, size + 1))))] for _ in range(12)
        ]
    else:
        edge = [[[]], [[0]], [[-3, 3]]]
        randoms = [[_ints(rng, -20, 20, int(rng.integers(1, size + 1)))] for _ in range(12)]
    return FunctionTask(
        family, name, [variable], spec, source, edge + randoms, steps, stdio=family == "list"
    )


# ----------------------------------------------------------------------------- templates
Template = Callable[[np.random.Generator, int], FunctionTask]


def _intervals(rng: np.random.Generator, count: int, span: int) -> list[list[int]]:
    out = []
    for _ in range(count):
        start = int(rng.integers(0, span))
        out.append([start, start + int(rng.integers(0, max(2, span // 4)))])
    return out


def _interval_task(rng: np.random.Generator, size: int) -> FunctionTask:
    touching = bool(rng.integers(2))
    kind = int(rng.integers(4))
    if kind == 0:
        compare = "<=" if touching else "<"
        spec = (
            "Given a list of closed intervals [start, end] (start <= end, in any order), merge "
            "the overlapping ones and return the merged intervals sorted by start, as a list "
            "of [start, end] lists. "
            + (
                "Intervals that only touch (end == next start) also merge."
                if touching
                else "Intervals that only touch (end == next start) stay separate."
            )
        )
        source = (
            "def merge(intervals):\n    out = []\n"
            "    for start, end in sorted(intervals):\n"
            f"        if out and start {compare} out[-1][1]:\n"
            "            out[-1][1] = max(out[-1][1], end)\n"
            "        else:\n            out.append([start, end])\n    return out\n"
        )
        name = "merge"
    elif kind == 1:
        spec = (
            "Given a list of half-open intervals [start, end) with start <= end, return the "
            "total length of their union (points covered by several count once)."
        )
        source = (
            "def covered(intervals):\n    total = 0\n    reach = None\n"
            "    for start, end in sorted(intervals):\n"
            "        if reach is None or start > reach:\n"
            "            total += end - start\n            reach = end\n"
            "        elif end > reach:\n            total += end - reach\n            reach = end\n"
            "    return total\n"
        )
        name = "covered"
    elif kind == 2:
        spec = (
            "Given a list of closed intervals [start, end], return the largest number of "
            "them that contain one common integer point (0 for an empty list)."
        )
        source = (
            "def max_overlap(intervals):\n    events = []\n"
            "    for start, end in intervals:\n"
            "        events.append((start, 0))\n        events.append((end, 1))\n"
            "    best = depth = 0\n    for _, kind in sorted(events):\n"
            "        depth += 1 if kind == 0 else -1\n        best = max(best, depth)\n"
            "    return best\n"
        )
        name = "max_overlap"
    else:
        spec = (
            "Given a list of closed intervals [start, end] and an integer point p, return "
            "how many intervals contain p."
        )
        source = (
            "def containing(intervals, p):\n"
            "    return sum(1 for start, end in intervals if start <= p <= end)\n"
        )
        name = "containing"
    extra = (lambda: [int(rng.integers(0, 4 * size))]) if kind == 3 else (lambda: [])
    inputs = [[[], *extra()], [[[1, 1]], *extra()], [[[0, 2], [2, 4]], *extra()]]
    inputs += [
        [_intervals(rng, int(rng.integers(1, size + 1)), 4 * size), *extra()] for _ in range(12)
    ]
    params = ["intervals", "p"] if kind == 3 else ["intervals"]
    return FunctionTask("interval", name, params, spec, source, inputs, 2 + kind)


def _number_task(rng: np.random.Generator, size: int) -> FunctionTask:
    kind = int(rng.integers(5))
    base, k, m = int(rng.integers(2, 11)), int(rng.integers(2, 10)), int(rng.integers(2, 30))
    if kind == 0:
        spec = f"Return the sum of the digits of the non-negative integer n written in base {base}."
        source = (
            f"def digit_sum(n):\n    total = 0\n    while n:\n"
            f"        total += n % {base}\n        n //= {base}\n    return total\n"
        )
        name = "digit_sum"
    elif kind == 1:
        spec = f"Return how many integers i with 1 <= i <= n have gcd(i, {m}) == 1."
        source = (
            "from math import gcd\n\n\ndef coprime_count(n):\n"
            f"    return sum(1 for i in range(1, n + 1) if gcd(i, {m}) == 1)\n"
        )
        name = "coprime_count"
    elif kind == 2:
        spec = f"Return how many prime numbers p satisfy p <= n and p % {k} == 1."
        source = (
            "def primes_count(n):\n    count = 0\n    for p in range(2, n + 1):\n"
            "        if all(p % d for d in range(2, int(p ** 0.5) + 1)) and "
            f"p % {k} == 1:\n            count += 1\n    return count\n"
        )
        name = "primes_count"
    elif kind == 3:
        a, b = int(rng.integers(2, 4)), int(rng.integers(1, 4))
        spec = (
            f"Starting from n >= 1, repeat: if n is even halve it, otherwise replace it by "
            f"{a}*n + {b}. Return the number of steps until n first equals 1 (0 if n is 1), "
            "or -1 if that takes more than 1000 steps."
        )
        source = (
            "def steps(n):\n    count = 0\n    while n != 1:\n"
            "        if count >= 1000:\n            return -1\n"
            f"        n = n // 2 if n % 2 == 0 else {a} * n + {b}\n        count += 1\n"
            "    return count\n"
        )
        name = "steps"
    else:
        spec = f"Return the sum of all positive divisors of n (n >= 1), modulo {m}."
        source = (
            f"def divisor_sum(n):\n    return sum(d for d in range(1, n + 1) if n % d == 0) % {m}\n"
        )
        name = "divisor_sum"
    top = 20 * size
    inputs = [[1], [2], [top]] + [[int(v)] for v in rng.integers(1, top + 1, size=12)]
    if kind in (0,):
        inputs = [[0], *inputs]
    return FunctionTask("number", name, ["n"], spec, source, inputs, 2 + kind)


def _dp_task(rng: np.random.Generator, size: int) -> FunctionTask:
    kind = int(rng.integers(5))
    if kind == 0:
        moves = sorted({int(v) for v in rng.integers(1, 5, size=2)})
        spec = (
            f"Count the ways to climb a staircase of n steps (n >= 0) when each move goes up "
            f"by one of {moves} steps; the order of moves matters. Return the count modulo "
            "1000000007 (there is exactly one way to climb 0 steps)."
        )
        source = (
            "def ways(n):\n    table = [1] + [0] * n\n    for i in range(1, n + 1):\n"
            f"        table[i] = sum(table[i - m] for m in {moves} if m <= i) % 1000000007\n"
            "    return table[n]\n"
        )
        name, params = "ways", ["n"]
        inputs = [[0], [1], [5 * size]] + [[int(v)] for v in rng.integers(0, 5 * size, size=10)]
    elif kind == 1:
        coins = sorted({int(v) for v in rng.integers(2, 12, size=3)})
        spec = (
            f"With coins of values {coins} (each usable any number of times), return the "
            "fewest coins whose values sum to exactly `amount`, or -1 if impossible."
        )
        source = (
            "def fewest_coins(amount):\n    inf = float('inf')\n    best = [0] + [inf] * amount\n"
            "    for a in range(1, amount + 1):\n"
            f"        for c in {coins}:\n"
            "            if c <= a and best[a - c] + 1 < best[a]:\n"
            "                best[a] = best[a - c] + 1\n"
            "    return -1 if best[amount] == inf else best[amount]\n"
        )
        name, params = "fewest_coins", ["amount"]
        inputs = [[0], [1], [8 * size]] + [[int(v)] for v in rng.integers(0, 8 * size, size=10)]
    elif kind == 2:
        strict = bool(rng.integers(2))
        spec = (
            "Return the length of the longest "
            + ("strictly increasing" if strict else "non-decreasing")
            + " subsequence of the list of integers xs."
        )
        op = "<" if strict else "<="
        source = (
            "def longest(xs):\n    best = [1] * len(xs)\n    for i in range(len(xs)):\n"
            "        for j in range(i):\n"
            f"            if xs[j] {op} xs[i]:\n                best[i] = max(best[i], best[j] + 1)\n"  # noqa: E501
            "    return max(best, default=0)\n"
        )
        name, params = "longest", ["xs"]
        inputs = [[[]], [[5]], [[2, 2, 2]]] + [
            [_ints(rng, 0, 9, int(rng.integers(1, size + 2)))] for _ in range(10)
        ]
    elif kind == 3:
        ins, dele, sub = (int(v) for v in rng.integers(1, 4, size=3))
        spec = (
            f"Return the cheapest way to turn string a into string b where inserting a "
            f"character costs {ins}, deleting one costs {dele} and replacing one by another "
            f"costs {sub}."
        )
        source = (
            "def edit_cost(a, b):\n"
            f"    row = [j * {ins} for j in range(len(b) + 1)]\n"
            "    for i in range(1, len(a) + 1):\n"
            f"        new = [i * {dele}] + [0] * len(b)\n"
            "        for j in range(1, len(b) + 1):\n"
            f"            same = row[j - 1] + (0 if a[i - 1] == b[j - 1] else {sub})\n"
            f"            new[j] = min(same, row[j] + {dele}, new[j - 1] + {ins})\n"
            "        row = new\n    return row[-1]\n"
        )
        name, params = "edit_cost", ["a", "b"]

        def word() -> str:
            return "".join(rng.choice(list("abc"), size=int(rng.integers(0, size + 2))))

        inputs = [["", ""], ["a", ""], ["", "ab"]] + [[word(), word()] for _ in range(10)]
    else:
        spec = (
            "Return the largest sum of a non-empty run of consecutive elements of the "
            "non-empty list of integers xs."
        )
        source = (
            "def best_run(xs):\n    best = current = xs[0]\n    for x in xs[1:]:\n"
            "        current = max(x, current + x)\n        best = max(best, current)\n"
            "    return best\n"
        )
        name, params = "best_run", ["xs"]
        inputs = [[[-5]], [[3]], [[-1, -2]]] + [
            [_ints(rng, -9, 9, int(rng.integers(1, 2 * size + 2)))] for _ in range(10)
        ]
    return FunctionTask("dp", name, params, spec, source, inputs, 3 + kind)


def _edges(rng: np.random.Generator, n: int, density: float) -> list[list[int]]:
    return [[u, v] for u in range(n) for v in range(n) if u != v and rng.random() < density]


def _graph_task(rng: np.random.Generator, size: int) -> FunctionTask:
    kind = int(rng.integers(4))
    if kind == 0:
        spec = (
            "Nodes are 0..n-1 and `edges` lists directed edges [u, v]. Return the number of "
            "edges on a shortest path from node 0 to node n-1, or -1 if there is none."
        )
        source = (
            "from collections import deque\n\n\ndef distance(n, edges):\n"
            "    adj = [[] for _ in range(n)]\n    for u, v in edges:\n        adj[u].append(v)\n"
            "    dist = [-1] * n\n    dist[0] = 0\n    queue = deque([0])\n"
            "    while queue:\n        u = queue.popleft()\n        for v in adj[u]:\n"
            "            if dist[v] < 0:\n                dist[v] = dist[u] + 1\n"
            "                queue.append(v)\n    return dist[n - 1]\n"
        )
        name = "distance"
    elif kind == 1:
        spec = (
            "Nodes are 0..n-1 and `edges` lists undirected edges [u, v]. Return the number "
            "of connected components."
        )
        source = (
            "def components(n, edges):\n    parent = list(range(n))\n\n    def find(x):\n"
            "        while parent[x] != x:\n            x = parent[x]\n        return x\n\n"
            "    for u, v in edges:\n        parent[find(u)] = find(v)\n"
            "    return len({find(x) for x in range(n)})\n"
        )
        name = "components"
    elif kind == 2:
        spec = (
            "Nodes are 0..n-1 and `edges` lists directed edges [u, v]. Return a "
            "topological order as a list, choosing the smallest available node at each "
            "step, or an empty list if the graph has a cycle."
        )
        source = (
            "import heapq\n\n\ndef order(n, edges):\n    indegree = [0] * n\n"
            "    adj = [[] for _ in range(n)]\n    for u, v in edges:\n"
            "        adj[u].append(v)\n        indegree[v] += 1\n"
            "    ready = [u for u in range(n) if indegree[u] == 0]\n    heapq.heapify(ready)\n"
            "    out = []\n    while ready:\n        u = heapq.heappop(ready)\n        out.append(u)\n"  # noqa: E501
            "        for v in adj[u]:\n            indegree[v] -= 1\n"
            "            if indegree[v] == 0:\n                heapq.heappush(ready, v)\n"
            "    return out if len(out) == n else []\n"
        )
        name = "order"
    else:
        spec = (
            "Nodes are 0..n-1 and `edges` lists undirected edges [u, v]. Return True if "
            "the nodes can be coloured with two colours so that every edge joins different "
            "colours, else False."
        )
        source = (
            "def two_colourable(n, edges):\n    adj = [[] for _ in range(n)]\n"
            "    for u, v in edges:\n        adj[u].append(v)\n        adj[v].append(u)\n"
            "    colour = [-1] * n\n    for start in range(n):\n"
            "        if colour[start] >= 0:\n            continue\n"
            "        colour[start] = 0\n        stack = [start]\n        while stack:\n"
            "            u = stack.pop()\n            for v in adj[u]:\n"
            "                if colour[v] < 0:\n                    colour[v] = 1 - colour[u]\n"
            "                    stack.append(v)\n                elif colour[v] == colour[u]:\n"
            "                    return False\n    return True\n"
        )
        name = "two_colourable"
    dag = kind == 2
    inputs: list[list[Any]] = [[1, []], [2, [[0, 1]]], [3, [[0, 1], [1, 2], [2, 0]]]]
    for _ in range(12):
        n = int(rng.integers(2, size + 3))
        edges = _edges(rng, n, 1.5 / n)
        if dag and rng.random() < 0.7:
            edges = (
                [[u, v] for u, v in edges if u < v]
                if rng.random() < 0.5
                else [[v, u] for u, v in edges if u < v]
            )
        inputs.append([n, edges])
    return FunctionTask("graph", name, ["n", "edges"], spec, source, inputs, 3 + kind)


TEMPLATES: dict[str, Template] = {
    "interval": _interval_task,
    "number": _number_task,
    "dp": _dp_task,
    "graph": _graph_task,
}


def function_task(rng: np.random.Generator, family: str, steps: int, size: int) -> FunctionTask:
    """A task of `family`; `steps` is the pipeline length (string, list), `size` the test size."""
    if family in ("string", "list"):
        return pipeline_task(rng, family, steps, size)
    return TEMPLATES[family](rng, size)
