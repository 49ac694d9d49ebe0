"""What the graph environments share: prompt pieces, answer readers, knob bases and two
environment base classes.

`VertexSetOptimum` is the shape of "find a largest/smallest vertex set with a property"
(clique, independent set, vertex cover, dominating set): the optimum is proved by SAT and
only an optimal valid set scores. `WitnessOrNone` is the shape of a balanced decision task
answered by a witness or NONE (Hamiltonian cycle, Euler trail, directed cycle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Self

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.verifiers.graphs import adjacency, optimum_vertex_set
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list

NO_PARTIAL_CREDIT = "Only an optimal answer scores; a valid but non-optimal one scores 0."


# ----------------------------------------------------------------------------- prompt pieces
def edge_text(edges: Iterable[Sequence[int]], directed: bool = False) -> str:
    """`0-1, 0-4, 2-3` (or `0->1, ...` for arcs) on one line."""
    joiner = "->" if directed else "-"
    return ", ".join(f"{e[0]}{joiner}{e[1]}" for e in edges)


def weighted_edge_text(edges: Iterable[Sequence[int]], directed: bool = False) -> str:
    """One `u-v: w` (or `u->v: w`) per line."""
    joiner = "->" if directed else "-"
    return "\n".join(f"{u}{joiner}{v}: {w}" for u, v, w in edges)


def graph_text(
    n: int, edges: Sequence[Sequence[int]], *, directed: bool = False, weight: str = ""
) -> str:
    """The standard description of a graph: vertex numbering, then the edge list.

    `weight` names what a weighted edge's number means ("length", "capacity"); empty for an
    unweighted graph.
    """
    noun = "arcs" if directed else "edges"
    kind = "directed graph" if directed else "undirected graph"
    head = f"The {kind} has {n} vertices, numbered 0 to {n - 1}, and {len(edges)} {noun}"
    if weight:
        shape = "u->v: c" if directed else "u-v: w"
        body = weighted_edge_text(edges, directed)
        return f"{head}, one per line as `{shape}` where the number is its {weight}:\n\n{body}"
    meaning = " (u->v goes from u to v)" if directed else ""
    return f"{head}{meaning}:\n\n{edge_text(edges, directed)}"


def first_wrong(candidates: Sequence[str], correct: Callable[[str], bool]) -> str:
    """The first example answer that does not solve this instance, so copying it never pays."""
    return next((c for c in candidates if not correct(c)), candidates[-1])


def answer_block(text: str) -> str:
    return f"<answer>{text}</answer>"


def graph_size(data: dict[str, Any], edges: str = "edges") -> dict[str, int]:
    """The size entries of `task.meta["cost"]`: vertices and edges (or `arcs`)."""
    return {"vertices": data["n"], edges: len(data["edges"])}


# ----------------------------------------------------------------------------- answer readers
def says_none(text: str) -> bool:
    """Whether the answer is the word NONE (any case, an optional full stop), nothing else."""
    # plain string tests: a regex with optional whitespace on both sides of an optional
    # full stop backtracks quadratically over a long run of spaces
    return text.strip().lower() in ("none", "none.")


def read_vertices(text: str, n: int) -> list[int]:
    """Distinct vertices 0..n-1 separated by spaces or commas."""
    return parse_int_list(text, low=0, high=n - 1, unique=True, what="vertex")


def format_vertices(vertices: Iterable[int]) -> str:
    return " ".join(map(str, vertices))


def format_mapping(values: Sequence[int]) -> str:
    """`0:2 1:1 2:3` for values indexed by vertex."""
    return " ".join(f"{v}:{c}" for v, c in enumerate(values))


# ----------------------------------------------------------------------------- knobs
class GraphParams(Params):
    """Base of the knob models that have `vertices` and `edges` (subclasses redeclare both
    with their own bounds and descriptions): the edges must fit on the vertices and, when
    `connected`, be enough to join them all."""

    vertices: int
    edges: int
    connected: ClassVar[bool] = False

    @model_validator(mode="after")
    def _edges_fit(self) -> Self:
        n, m = self.vertices, self.edges
        most = n * (n - 1) // 2
        if m > most:
            raise ValueError(
                f"{m} edges do not fit on {n} vertices (at most {most}); lower edges or raise "
                "vertices"
            )
        if self.connected and m < n - 1:
            raise ValueError(
                f"a connected graph on {n} vertices needs at least {n - 1} edges (edges={m}); "
                "raise edges or lower vertices"
            )
        return self


class GroupedParams(Params):
    """Base of the knob models that split `vertices` into up to `max_components` groups
    (subclasses redeclare `vertices` with their own bounds and description)."""

    vertices: int
    max_components: int = Field(
        5,
        ge=1,
        le=30,
        description="the component count is drawn from 1..max_components; more is harder",
    )

    @model_validator(mode="after")
    def _groups_fit(self) -> Self:
        if self.max_components > self.vertices:
            raise ValueError(
                f"{self.max_components} components need at least that many vertices "
                f"(vertices={self.vertices}); lower max_components"
            )
        return self


# ----------------------------------------------------------------------------- base classes
class VertexSetOptimum(Env):
    """Base of the "find an optimal vertex set" environments (not registered itself).

    A subclass draws the graph (`graph`), states the property as CNF over variables
    v + 1 (`clauses`) and as a certificate check (`violation`), and names it. The optimum
    is proved by `optimum_vertex_set`: SAT at the optimum, UNSAT one better.
    """

    maximize: ClassVar[bool]
    noun: ClassVar[str]  # "clique"
    definition: ClassVar[str]  # what the property means, as a sentence fragment
    difficulty_cost = "vertices"
    examples: ClassVar[tuple[str, ...]] = ("0 2 3", "1 2 4", "0 1 3 4")

    def graph(self, rng: np.random.Generator, params: Any) -> tuple[int, list[tuple[int, int]]]:
        raise NotImplementedError

    def clauses(self, n: int, edges: Sequence[Sequence[int]]) -> list[list[int]]:
        raise NotImplementedError

    def violation(self, n: int, edges: Sequence[Sequence[int]], vertices: list[int]) -> str | None:
        raise NotImplementedError

    @property
    def extreme(self) -> str:
        return "largest" if self.maximize else "smallest"

    def sample(self, rng: np.random.Generator, params: Params) -> tuple[dict[str, Any], None]:
        n, edges = self.graph(rng, params)
        best, effort = optimum_vertex_set(n, self.clauses(n, edges), self.maximize)
        data = {
            "n": n,
            "edges": [list(e) for e in edges],
            "optimum": len(best),
            "witness": best,
            "effort": effort.as_dict(),
        }
        return data, None

    def render(self, data: dict[str, Any], params: Params) -> str:
        example = first_wrong(self.examples, lambda text: self._solves(data, text))
        return (
            f"Find a {self.extreme} {self.noun} in the graph below: {self.definition}.\n\n"
            f"{graph_text(data['n'], data['edges'])}\n\n"
            f"List the vertices of your {self.noun} separated by spaces, each once, in any "
            f"order, for example {answer_block(example)}. {NO_PARTIAL_CREDIT} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: Params) -> dict[str, Any]:
        return {
            **graph_size(data),
            "optimum": data["optimum"],
            **data["effort"],
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        try:
            vertices = read_vertices(answer, data["n"])
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read a vertex list: {exc}.")
        problem = self.violation(data["n"], data["edges"], vertices)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a {self.noun}: {problem}.")
        if len(vertices) != data["optimum"]:
            bigger = "larger" if self.maximize else "smaller"
            return Verdict.fail(
                "wrong",
                f"That is a valid {self.noun} of {len(vertices)} vertices, but a {bigger} one "
                "exists.",
            )
        return Verdict.right()

    def _solves(self, data: dict[str, Any], text: str) -> bool:
        vertices = [int(x) for x in text.split()]
        return (
            max(vertices) < data["n"]
            and len(vertices) == data["optimum"]
            and self.violation(data["n"], data["edges"], vertices) is None
        )

    def reference_answer(self, task: Task) -> str:
        return format_vertices(task.data["witness"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The optimum with one vertex dropped and with one added, and every vertex."""
        witness, n = task.data["witness"], task.data["n"]
        outside = [v for v in range(n) if v not in witness]
        sets = [witness[1:], witness + outside[:1], list(range(n))]
        return [answer_block(format_vertices(s)) for s in sets if len(s) != len(witness)]


class WitnessOrNone(Env):
    """Base of balanced decision tasks answered by a witness, or NONE when none exists.

    `sample` draws the label first (a fair coin from the task's rng), then asks `instance`
    for a graph with that label, so a model that always answers one way gets about half
    the reward. A subclass reads and checks witnesses and describes the task.
    """

    witness_noun: ClassVar[str]  # "Hamiltonian cycle"

    def instance(
        self, rng: np.random.Generator, params: Any, exists: bool
    ) -> tuple[dict[str, Any], list[int] | None]:
        """(data without the witness, a witness or None), honouring `exists`."""
        raise NotImplementedError

    def read_witness(self, data: dict[str, Any], text: str) -> list[int]:
        raise NotImplementedError

    def witness_problem(self, data: dict[str, Any], witness: list[int]) -> str | None:
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, params: Params) -> tuple[dict[str, Any], None]:
        exists = bool(rng.random() < 0.5)
        data, witness = self.instance(rng, params, exists)
        if (witness is not None) != exists:
            raise RuntimeError(f"{self.id}: the generator broke the drawn label {exists}")
        return {**data, "exists": exists, "witness": witness}, None

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        if says_none(answer):
            if data["exists"]:
                return Verdict.fail("wrong", f"A {self.witness_noun} exists; find one.")
            return Verdict.right()
        try:
            witness = self.read_witness(data, answer)
        except AnswerFormatError as exc:
            return Verdict.fail(
                "unparsable", f"Could not read a {self.witness_noun} or NONE: {exc}."
            )
        problem = self.witness_problem(data, witness)
        if problem is not None:
            return Verdict.fail("wrong", f"Not a {self.witness_noun}: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        witness = task.data["witness"]
        return "NONE" if witness is None else format_vertices(witness)

    def wrong_answers(self, task: Task) -> list[str]:
        """The opposite label: NONE when a witness exists, a plausible walk when none does."""
        if task.data["exists"]:
            witness = task.data["witness"]
            return [answer_block("NONE"), answer_block(format_vertices(witness[::-1][1:]))]
        return [answer_block(format_vertices(range(task.data["n"])))]

    def cost_of_label(self, data: dict[str, Any]) -> dict[str, Any]:
        return {**graph_size(data), "exists": data["exists"]}


def reject_until(
    attempts: int, draw: Callable[[], tuple[Any, bool]], wanted: bool
) -> tuple[Any, int] | None:
    """Bounded rejection: the first draw whose label is `wanted`, with the tries it took."""
    for attempt in range(1, attempts + 1):
        value, label = draw()
        if label == wanted:
            return value, attempt
    return None


def adjacency_of(data: dict[str, Any]) -> list[set[int]]:
    return adjacency(data["n"], data["edges"])
