"""Random programs for code-reasoning tasks (output prediction, input prediction, execution
counts, exceptions, distinguishing inputs, mutation testing) in the style of CRUXEval.

Two generators:
  - `list_step`: one transformation of an integer list, rendered in Python, C++ and
    JavaScript with identical semantics (non-negative remainders through a ``mod`` helper,
    64-bit-safe magnitudes), so a C++ or JavaScript program's output can be computed by running
    its Python twin; tests compile samples of both and compare.
  - `python_function`: a Python function ``f(xs)`` over an integer list with an accumulator,
    loops, conditionals, a helper class, recursion, dicts and strings; it returns
    ``(acc, xs)``. Each statement is a `Stmt` so that variants can mutate one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

LANGUAGES = ("python", "cpp", "javascript")


@dataclass(frozen=True)
class Step:
    """One list transformation: code per language acting on `xs`, and its English text."""

    py: str
    cpp: str
    js: str
    text: str

    def code(self, language: str) -> str:
        return {"python": self.py, "cpp": self.cpp, "javascript": self.js}[language]


def _pick(rng: np.random.Generator, items: list) -> object:
    return items[int(rng.integers(len(items)))]


def list_step(rng: np.random.Generator) -> Step:
    """A random integer-list step (identical meaning in the three languages)."""
    k = int(rng.integers(2, 5))
    r = int(rng.integers(0, k))
    a, b = int(rng.integers(2, 4)), int(rng.integers(-3, 4))
    t = int(rng.integers(-5, 6))
    lo, hi = sorted(int(v) for v in rng.integers(-10, 11, size=2))
    options = [
        Step(
            f"xs = [x for x in xs if x % {k} == {r}]",
            f"{{ V o; for (auto x : xs) if (md(x, {k}) == {r}) o.push_back(x); xs = o; }}",
            f"xs = xs.filter(x => md(x, {k}) === {r});",
            f"keep only the elements whose remainder modulo {k} is {r} (remainders are never "
            "negative)",
        ),
        Step(
            f"xs = [x for x in xs if x > {t}]",
            f"{{ V o; for (auto x : xs) if (x > {t}) o.push_back(x); xs = o; }}",
            f"xs = xs.filter(x => x > {t});",
            f"keep only the elements greater than {t}",
        ),
        Step(
            f"xs = [{a} * x + ({b}) for x in xs]",
            f"for (auto &x : xs) x = {a} * x + ({b});",
            f"xs = xs.map(x => {a} * x + ({b}));",
            f"replace each element x by {a}*x + ({b})",
        ),
        Step(
            "xs = [abs(x) for x in xs]",
            "for (auto &x : xs) x = x < 0 ? -x : x;",
            "xs = xs.map(x => Math.abs(x));",
            "replace each element by its absolute value",
        ),
        Step(
            "xs = sorted(xs)",
            "std::sort(xs.begin(), xs.end());",
            "xs = [...xs].sort((p, q) => p - q);",
            "sort the list in increasing order",
        ),
        Step(
            "xs = sorted(xs, reverse=True)",
            "std::sort(xs.begin(), xs.end(), std::greater<L>());",
            "xs = [...xs].sort((p, q) => q - p);",
            "sort the list in decreasing order",
        ),
        Step(
            "xs = list(dict.fromkeys(xs))",
            "{ V o; std::set<L> seen; for (auto x : xs) if (seen.insert(x).second) "
            "o.push_back(x); xs = o; }",
            "xs = [...new Set(xs)];",
            "remove repeated values, keeping the first occurrence of each",
        ),
        Step(
            "xs = [sum(xs[:i + 1]) for i in range(len(xs))]",
            "for (size_t i = 1; i < xs.size(); i++) xs[i] += xs[i - 1];",
            "for (let i = 1; i < xs.length; i++) xs[i] += xs[i - 1];",
            "replace the list by its prefix sums (element i becomes the sum of elements 0..i)",
        ),
        Step(
            "xs = [xs[i + 1] - xs[i] for i in range(len(xs) - 1)]",
            "{ V o; for (size_t i = 0; i + 1 < xs.size(); i++) o.push_back(xs[i + 1] - xs[i]); "
            "xs = o; }",
            "xs = xs.slice(1).map((x, i) => x - xs[i]);",
            "replace the list by the differences of neighbours (element i becomes "
            "x[i+1] - x[i]; the list gets one shorter, a list of at most one element becomes "
            "empty)",
        ),
        Step(
            "xs = xs[::-1]",
            "std::reverse(xs.begin(), xs.end());",
            "xs = [...xs].reverse();",
            "reverse the list",
        ),
        Step(
            f"xs = xs[:{k}]",
            f"if (xs.size() > {k}) xs.resize({k});",
            f"xs = xs.slice(0, {k});",
            f"keep only the first {k} elements",
        ),
        Step(
            f"xs = xs[{k - 1}:]",
            f"xs.erase(xs.begin(), xs.begin() + std::min<size_t>({k - 1}, xs.size()));",
            f"xs = xs.slice({k - 1});",
            f"drop the first {k - 1} elements",
        ),
        Step(
            "xs = [max(xs[:i + 1]) for i in range(len(xs))]",
            "for (size_t i = 1; i < xs.size(); i++) xs[i] = std::max(xs[i], xs[i - 1]);",
            "for (let i = 1; i < xs.length; i++) xs[i] = Math.max(xs[i], xs[i - 1]);",
            "replace element i by the maximum of elements 0..i",
        ),
        Step(
            f"xs = [min(max(x, {lo}), {hi}) for x in xs]",
            f"for (auto &x : xs) x = std::min<L>(std::max<L>(x, {lo}), {hi});",
            f"xs = xs.map(x => Math.min(Math.max(x, {lo}), {hi}));",
            f"clamp every element into the range [{lo}, {hi}]",
        ),
        Step(
            f"xs = [sum(xs[i:i + {k}]) for i in range(len(xs) - {k} + 1)]",
            f"{{ V o; for (size_t i = 0; i + {k} <= xs.size(); i++) {{ L s = 0; "
            f"for (size_t j = i; j < i + {k}; j++) s += xs[j]; o.push_back(s); }} xs = o; }}",
            f"xs = xs.slice(0, Math.max(0, xs.length - {k} + 1)).map((_, i) => "
            f"xs.slice(i, i + {k}).reduce((p, q) => p + q, 0));",
            f"replace the list by the sums of its windows of {k} consecutive elements "
            f"(a list shorter than {k} becomes empty)",
        ),
    ]
    return _pick(rng, options)  # type: ignore[return-value]


def list_steps(rng: np.random.Generator, count: int) -> list[Step]:
    """`count` steps, no step repeated twice in a row."""
    steps: list[Step] = []
    while len(steps) < count:
        step = list_step(rng)
        if not steps or steps[-1] != step:
            steps.append(step)
    return steps


_CPP_HEAD = (
    "#include <algorithm>\n#include <functional>\n#include <iostream>\n#include <set>\n"
    "#include <vector>\ntypedef long long L;\ntypedef std::vector<L> V;\n"
    "L md(L a, L m) { return ((a % m) + m) % m; }\n"
)
_JS_HEAD = "const md = (a, m) => ((a % m) + m) % m;\n"


def list_program(steps: list[Step], language: str, xs: list[int] | None = None) -> str:
    """A complete program applying `steps` to a list and printing it space-separated.

    With `xs` the list is written into the program; without, it is read from stdin (first
    the count n, then n integers).
    """
    body = [step.code(language) for step in steps]
    if language == "python":
        read = (
            f"xs = {xs!r}"
            if xs is not None
            else "data = sys.stdin.read().split()\nxs = [int(v) for v in data[1:1 + int(data[0])]]"
        )
        head = "import sys\n\n" if xs is None else ""
        return head + read + "\n" + "\n".join(body) + '\nprint(" ".join(map(str, xs)))\n'
    if language == "cpp":
        read = (
            "V xs = {" + ", ".join(map(str, xs)) + "};"
            if xs is not None
            else "size_t n; std::cin >> n; V xs(n); for (auto &x : xs) std::cin >> x;"
        )
        lines = "\n".join(f"    {line}" for line in [read, *body])
        out = (
            '    for (size_t i = 0; i < xs.size(); i++) std::cout << (i ? " " : "") << xs[i];\n'
            '    std::cout << "\\n";\n'
        )
        return _CPP_HEAD + "int main() {\n" + lines + "\n" + out + "    return 0;\n}\n"
    read = (
        f"let xs = {list(xs)!r};"
        if xs is not None
        else "const data = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean)"
        ".map(Number);\nlet xs = data.slice(1, 1 + data[0]);"
    )
    return _JS_HEAD + read + "\n" + "\n".join(body) + '\nconsole.log(xs.join(" "));\n'


# ----------------------------------------------------------------------------- rich Python
@dataclass(frozen=True)
class Stmt:
    """One statement of a generated Python function (possibly several lines).

    `loop` marks statements with a loop body line that an execution-count task may mark.
    """

    kind: str
    k: int
    m: int
    lines: tuple[str, ...]
    loop_line: int = -1  # index into `lines` of a line inside a loop, or -1


def _stmt(kind: str, k: int, m: int) -> Stmt:
    """Renders statement `kind` with constants k (small) and m (modulus)."""
    table: dict[str, tuple[list[str], int]] = {
        "map": ([f"xs = [(x * {k} + acc) % {m} for x in xs]"], -1),
        "filter": ([f"xs = [x for x in xs if x % {k} != 0]"], -1),
        "acc_loop": (
            [
                "for x in xs:",
                f"    if x % {k} == 0:",
                "        acc += x",
                "    else:",
                "        acc -= 1",
            ],
            2,
        ),
        "while": ([f"while acc > {m}:", f"    acc = acc // {k} - 1"], 1),
        "bubble": (
            [
                "for i in range(len(xs) - 1):",
                "    if xs[i] > xs[i + 1]:",
                "        xs[i], xs[i + 1] = xs[i + 1], xs[i]",
            ],
            2,
        ),
        "pairs": (
            [
                "for i in range(len(xs)):",
                "    for j in range(i + 1, len(xs)):",
                f"        if (xs[i] + xs[j]) % {k} == 0:",
                "            acc += 1",
            ],
            3,
        ),
        "append": ([f"xs.append(acc % {m})"], -1),
        "rotate": (["if xs:", f"    xs = xs[{k} % len(xs):] + xs[:{k} % len(xs)]"], -1),
        "dict": (
            [
                "counts = {}",
                "for x in xs:",
                f"    counts[x % {k}] = counts.get(x % {k}, 0) + 1",
                "acc += max(counts.values(), default=0)",
            ],
            2,
        ),
        "string": (
            ['text = "".join(str(x) for x in xs)', f'acc += text.count("{k}") + len(text)'],
            -1,
        ),
        "class": ([f"box = Box({k})", "for x in xs:", "    box.push(x)", "acc += box.total()"], 2),
        "recursion": ([f"acc += walk(len(xs) % {k + 5})"], -1),
        "sort_key": ([f"xs = sorted(xs, key=lambda v: (v % {k}, -v))"], -1),
        "max": (["if xs:", "    acc = max(acc, max(xs))"], -1),
    }
    lines, loop_line = table[kind]
    return Stmt(kind, k, m, tuple(lines), loop_line)


STMT_KINDS = (
    "map",
    "filter",
    "acc_loop",
    "while",
    "bubble",
    "pairs",
    "append",
    "rotate",
    "dict",
    "string",
    "class",
    "recursion",
    "sort_key",
    "max",
)
_HELPERS = {
    "class": (
        "class Box:\n    def __init__(self, limit):\n        self.limit = limit\n"
        "        self.items = []\n\n    def push(self, x):\n        self.items.append(x)\n"
        "        if len(self.items) > self.limit:\n            self.items.pop(0)\n\n"
        "    def total(self):\n        return sum(self.items)\n"
    ),
    "recursion": (
        "def walk(n):\n    if n <= 1:\n        return n\n    return walk(n - 1) + walk(n - 2)\n"
    ),
}


def random_stmt(rng: np.random.Generator) -> Stmt:
    return _stmt(
        str(_pick(rng, list(STMT_KINDS))), int(rng.integers(2, 6)), int(rng.integers(7, 40))
    )


def python_function(rng: np.random.Generator, count: int) -> list[Stmt]:
    """`count` random statements, no kind twice in a row."""
    stmts: list[Stmt] = []
    while len(stmts) < count:
        stmt = random_stmt(rng)
        if not stmts or stmts[-1].kind != stmt.kind:
            stmts.append(stmt)
    return stmts


def mutate(rng: np.random.Generator, stmts: list[Stmt]) -> list[Stmt]:
    """A copy with one statement's constant changed (a plausible one-character bug)."""
    index = int(rng.integers(len(stmts)))
    old = stmts[index]
    if rng.random() < 0.5:
        new = _stmt(old.kind, old.k + (1 if old.k < 5 or rng.random() < 0.5 else -1), old.m)
    else:
        new = _stmt(old.kind, old.k, old.m + int(_pick(rng, [-3, -1, 1, 2])))
    out = list(stmts)
    out[index] = new
    return out


def render_function(
    stmts: list[Stmt],
    name: str = "f",
    mark: tuple[int, int] | None = None,
    counter: tuple[int, int] | None = None,
    with_helpers: bool = True,
) -> str:
    """Python source of ``name(xs)`` returning ``(acc, xs)``.

    `mark` = (statement, line) appends the comment ``# <- count`` to that line; `counter`
    instead inserts ``COUNT[0] += 1`` before it (for the instrumented twin).
    """
    helpers = []
    if with_helpers:
        for kind in dict.fromkeys(s.kind for s in stmts):
            if kind in _HELPERS:
                helpers.append(_HELPERS[kind])
    body = ["    xs = list(xs)", "    acc = len(xs)"]
    for index, stmt in enumerate(stmts):
        for line_no, line in enumerate(stmt.lines):
            if counter == (index, line_no):
                indent = line[: len(line) - len(line.lstrip())]
                body.append(f"    {indent}COUNT[0] += 1")
            suffix = "  # <- count" if mark == (index, line_no) else ""
            body.append(f"    {line}{suffix}")
    body.append("    return acc, xs")
    function = f"def {name}(xs):\n" + "\n".join(body) + "\n"
    return "\n\n".join([*helpers, function])


def loop_lines(stmts: list[Stmt]) -> list[tuple[int, int]]:
    """(statement, line) positions of lines inside loops, for execution-count questions."""
    return [(i, s.loop_line) for i, s in enumerate(stmts) if s.loop_line >= 0]


def with_constant(stmt: Stmt, k: int) -> Stmt:
    return replace(_stmt(stmt.kind, k, stmt.m))
