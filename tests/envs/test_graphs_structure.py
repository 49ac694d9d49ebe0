"""What is special about the flow, cut, matching, tree, distance, component and
isomorphism environments: exact values, every valid certificate accepted, near misses not.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.errors import ConfigError
from palaestra.records import Task

MIN_CUT = pa.make("graphs/min-cut-v1")
MATCHING = pa.make("graphs/bipartite-matching-v1")
DISTANCES = pa.make("graphs/distance-query-v1")
SCC = pa.make("graphs/scc-v1")
ISO = pa.make("graphs/isomorphism-v1")
SMALL = settings(max_examples=8, deadline=None)


def connected(n: int, edges: list, source: int, target: int) -> bool:
    seen, stack = {source}, [source]
    while stack:
        u = stack.pop()
        for a, b, *_ in edges:
            for x, y in ((a, b), (b, a)):
                if x == u and y not in seen:
                    seen.add(y)
                    stack.append(y)
    return target in seen


@SMALL
@given(seed=st.integers(0, 10**6), level=st.integers(1, 2))
def test_every_edge_set_scores_exactly_when_it_is_a_minimum_cut(seed: int, level: int) -> None:
    task = MIN_CUT.generate(seed, level)
    edges, s, t = task.data["edges"], task.data["source"], task.data["sink"]
    results = []
    for size in range(len(edges) + 1):
        for removed in itertools.combinations(edges, size):
            kept = [e for e in edges if e not in removed]
            if not connected(task.data["n"], kept, s, t):
                results.append((removed, sum(e[2] for e in removed)))
    lightest = min(weight for _, weight in results)
    assert task.data["cut_value"] == lightest
    for removed, weight in results:
        answer = "<answer>" + ", ".join(f"{v}-{u}" for u, v, _ in removed) + "</answer>"
        assert MIN_CUT.verify(task, answer).correct == (weight == lightest)


def test_cut_edges_must_exist_and_appear_once() -> None:
    task = MIN_CUT.generate(2, 5)
    u, v = task.data["witness"][0]
    twice = MIN_CUT.verify(task, f"<answer>{u}-{v}, {v}-{u}</answer>")
    assert twice.reason == "unparsable" and "appears more than once" in twice.feedback
    present = {tuple(e[:2]) for e in task.data["edges"]}
    a, b = next(p for p in itertools.combinations(range(task.data["n"]), 2) if p not in present)
    assert "is not an edge" in MIN_CUT.verify(task, f"<answer>{a}-{b}</answer>").feedback


@SMALL
@given(seed=st.integers(0, 10**6), level=st.integers(1, 3))
def test_every_edge_subset_scores_exactly_when_it_is_a_maximum_matching(
    seed: int, level: int
) -> None:
    task = MATCHING.generate(seed, level)
    edges = [tuple(e) for e in task.data["edges"]]
    matchings = [
        chosen
        for size in range(len(edges) + 1)
        for chosen in itertools.combinations(edges, size)
        if len({a for a, _ in chosen}) == len({b for _, b in chosen}) == size
    ]
    largest = max(len(m) for m in matchings)
    assert len(task.data["witness"]) == largest
    for size in range(len(edges) + 1):
        for chosen in itertools.combinations(edges, size):
            answer = "<answer>" + ", ".join(f"{a}-{b}" for a, b in chosen) + "</answer>"
            assert MATCHING.verify(task, answer).correct == (
                chosen in matchings and size == largest
            )


@pytest.mark.parametrize("env_id", ["graphs/mst-weight-v1", "graphs/max-flow-v1"])
def test_numeric_answers_are_exact_and_read_strictly(env_id: str) -> None:
    env = pa.make(env_id)
    task = env.generate(4, 6)
    value = int(task.answer or "")
    assert env.verify(task, f"<answer> {value}. </answer>").correct
    for wrong in (value - 1, value + 1):
        assert env.verify(task, f"<answer>{wrong}</answer>").reason == "wrong"
    for junk in (f"{value} or {value + 1}", f"{value}.0", "about 12"):
        assert env.verify(task, f"<answer>{junk}</answer>").reason == "unparsable"


def test_distance_queries_give_partial_credit_per_right_distance() -> None:
    task = DISTANCES.generate(9, 7)
    distances = task.data["distances"]
    assert len(distances) == 5 and "Partial credit" in task.prompt
    two_wrong = [d + 1 if i < 2 else d for i, d in enumerate(distances)]
    verdict = DISTANCES.verify(task, "<answer>" + " ".join(map(str, two_wrong)) + "</answer>")
    assert (verdict.score, verdict.reason) == (0.6, "partial")
    assert verdict.feedback == "3 of 5 distances are right; check queries 1, 2."
    none_right = DISTANCES.verify(task, "<answer>" + " ".join(["0"] * 5) + "</answer>")
    assert (none_right.score, none_right.reason) == (0.0, "wrong")
    short = DISTANCES.verify(task, "<answer>" + " ".join(map(str, distances[:4])) + "</answer>")
    assert (short.score, short.reason) == (0.0, "unparsable")


def reachability(task: Task) -> list[set[int]]:
    n = task.data["n"]
    reach = [{v} for v in range(n)]
    for _ in range(n):
        for u, v in task.data["edges"]:
            reach[u] |= reach[v]
    return reach


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 10), data=st.data())
def test_components_are_mutual_reachability_and_moving_a_vertex_fails(
    seed: int, level: int, data: st.DataObject
) -> None:
    task = SCC.generate(seed, level)
    reach, n = reachability(task), task.data["n"]
    groups = {frozenset(w for w in reach[v] if v in reach[w]) for v in range(n)}
    shuffled = data.draw(st.permutations(sorted(sorted(g) for g in groups)))
    answer = " | ".join(" ".join(map(str, data.draw(st.permutations(g)))) for g in shuffled)
    assert SCC.verify(task, f"<answer>{answer}</answer>").correct
    assert SCC.verify(
        task, "<answer>" + "\n".join(f"[{' '.join(map(str, g))}]" for g in shuffled) + "</answer>"
    ).correct
    if len(groups) > 1:
        v = data.draw(st.integers(0, n - 1))
        other = next(g for g in groups if v not in g)
        moved = [sorted(g | {v}) if g == other else sorted(g - {v}) for g in groups]
        text = " | ".join(" ".join(map(str, g)) for g in moved if g)
        assert not SCC.verify(task, f"<answer>{text}</answer>").correct


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_every_bijection_scores_exactly_when_it_is_an_isomorphism(seed: int) -> None:
    task = ISO.generate(seed, 1)
    first = {frozenset(e) for e in task.data["edges"]}
    second = {frozenset(e) for e in task.data["target"]}
    for perm in itertools.permutations(range(task.data["n"])):
        image = {frozenset((perm[u], perm[v])) for u, v in map(tuple, first)}
        answer = "<answer>" + " ".join(f"{a}:{b}" for a, b in enumerate(perm)) + "</answer>"
        assert ISO.verify(task, answer).correct == (image == second)


def test_a_mapping_must_be_one_to_one() -> None:
    task = ISO.generate(3, 4)
    n = task.data["n"]
    squashed = " ".join(f"{a}:0" for a in range(n))
    verdict = ISO.verify(task, f"<answer>{squashed}</answer>")
    assert verdict.reason == "wrong" and "vertex 0 of B is used twice" in verdict.feedback


@pytest.mark.parametrize(
    ("env_id", "knobs", "message"),
    [
        ("graphs/mst-weight-v1", {"vertices": 5, "edges": 11}, "11 edges do not fit on 5 vertices"),
        ("graphs/min-cut-v1", {"vertices": 10, "edges": 5}, "needs at least 9 edges"),
        ("graphs/scc-v1", {"vertices": 4, "max_components": 6}, "lower max_components"),
        ("graphs/max-clique-v1", {"vertices": 5, "edges": 3, "planted": 7}, "a planted clique"),
        ("graphs/hamiltonian-cycle-v1", {"vertices": 10, "edges": 9}, "raise edges"),
    ],
)
def test_knobs_that_cannot_work_together_say_what_to_change(
    env_id: str, knobs: dict, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        pa.make(env_id).generate(0, **knobs)
