"""What is special about the path, tour and order environments: any valid route scores,
and only an optimal one where the task is an optimisation.

On small instances every candidate (every vertex order, every simple s-t path, every tour)
is tried and the verdict must agree with the definition, evaluated here independently.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.records import Task
from palaestra.verifiers.graphs import hamiltonian_order

HAM_PATH = pa.make("graphs/hamiltonian-path-v1")
SHORTEST = pa.make("graphs/shortest-path-v1")
TSP = pa.make("graphs/tsp-v1")
TOPO = pa.make("graphs/topological-order-v1")
SMALL = settings(max_examples=8, deadline=None)


def said(items: object) -> str:
    return "<answer>" + " ".join(map(str, items)) + "</answer>"  # type: ignore[call-overload]


def edge_set(task: Task) -> set[frozenset[int]]:
    return {frozenset(e[:2]) for e in task.data["edges"]}


@SMALL
@given(seed=st.integers(0, 10**6))
def test_every_vertex_order_scores_exactly_when_it_is_a_hamiltonian_path(seed: int) -> None:
    task = HAM_PATH.generate(seed, 1)
    edges = edge_set(task)
    for order in itertools.permutations(range(task.data["n"])):
        along = all(frozenset(p) in edges for p in itertools.pairwise(order))
        assert HAM_PATH.verify(task, said(order)).correct == along


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 10), data=st.data())
def test_sat_paths_verify_and_broken_ones_do_not(
    seed: int, level: int, data: st.DataObject
) -> None:
    task = HAM_PATH.generate(seed, level)
    order, _ = hamiltonian_order(task.data["n"], task.data["edges"], cycle=False)
    assert order is not None and HAM_PATH.verify(task, said(order)).correct
    i = data.draw(st.integers(0, len(order) - 2))
    swapped = list(order)
    swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
    along = all(frozenset(p) in edge_set(task) for p in itertools.pairwise(swapped))
    assert HAM_PATH.verify(task, said(swapped)).correct == along
    assert HAM_PATH.verify(task, said(order[:-1])).reason == "wrong"  # a vertex left out
    assert HAM_PATH.verify(task, said([*order, order[0]])).reason == "unparsable"  # repeated


def simple_paths(task: Task) -> Iterator[tuple[list[int], int]]:
    """Every simple path from the source to the target, with its length (DFS)."""
    weight = {}
    for u, v, w in task.data["edges"]:
        weight[u, v] = weight[v, u] = w
    target = task.data["target"]
    stack = [([task.data["source"]], 0)]
    while stack:
        path, length = stack.pop()
        if path[-1] == target:
            yield path, length
            continue
        for (a, b), w in weight.items():
            if a == path[-1] and b not in path:
                stack.append(([*path, b], length + w))


@SMALL
@given(seed=st.integers(0, 10**6), level=st.integers(1, 3))
def test_every_simple_path_scores_exactly_when_it_is_shortest(seed: int, level: int) -> None:
    task = SHORTEST.generate(seed, level)
    paths = list(simple_paths(task))
    shortest = min(length for _, length in paths)
    assert task.data["distance"] == shortest
    for path, length in paths:
        verdict = SHORTEST.verify(task, said(path))
        assert verdict.correct == (length == shortest)
        if length > shortest:
            assert verdict.feedback == f"That path has length {length}; a shorter one exists."


def test_a_path_must_run_from_the_source_to_the_target() -> None:
    task = SHORTEST.generate(5, 4)
    path = task.data["witness"]
    for wrong in (path[::-1], path[1:], path[:-1]):
        verdict = SHORTEST.verify(task, said(wrong))
        assert verdict.reason == "wrong" and "must start at" in verdict.feedback


@SMALL
@given(seed=st.integers(0, 10**6), level=st.integers(1, 4))
def test_every_tour_scores_exactly_when_it_is_optimal(seed: int, level: int) -> None:
    task = TSP.generate(seed, level)
    dist, n = task.data["dist"], task.data["n"]
    tours = {t: sum(dist[a][b] for a, b in itertools.pairwise((*t, t[0]))) for t in
             itertools.permutations(range(n))}  # fmt: skip
    best = min(tours.values())
    assert task.data["optimum"] == best
    for tour, length in tours.items():
        assert TSP.verify(task, said(tour)).correct == (length == best)


def test_a_tour_that_returns_to_its_start_is_told_why_it_fails() -> None:
    task = TSP.generate(1, 3)
    tour = task.data["witness"]
    verdict = TSP.verify(task, said([*tour, tour[0]]))
    assert verdict.reason == "unparsable"
    assert "do not repeat the first city at the end" in verdict.feedback


@SMALL
@given(seed=st.integers(0, 10**6), level=st.integers(1, 2))
def test_every_order_scores_exactly_when_no_arc_points_back(seed: int, level: int) -> None:
    task = TOPO.generate(seed, level)
    for order in itertools.permutations(range(task.data["n"])):
        place = {v: i for i, v in enumerate(order)}
        forward = all(place[u] < place[v] for u, v in task.data["edges"])
        assert TOPO.verify(task, said(order)).correct == forward


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 10), data=st.data())
def test_swapping_the_ends_of_an_arc_in_an_order_is_rejected(
    seed: int, level: int, data: st.DataObject
) -> None:
    task = TOPO.generate(seed, level)
    order = [int(v) for v in TOPO.solve(task).split("<answer>")[1].split("</answer>")[0].split()]
    u, v = data.draw(st.sampled_from(task.data["edges"]))
    i, j = order.index(u), order.index(v)
    order[i], order[j] = order[j], order[i]
    verdict = TOPO.verify(task, said(order))
    assert verdict.reason == "wrong" and "points backwards" in verdict.feedback
