"""What is special about the vertex-set and colouring environments: exact optima, strict sets.

Properties: on small instances every vertex set is tried and the verdict must agree with
an exhaustive search written from the definitions; on large ones, single-vertex changes of
the reference set that break the property or its optimality must be rejected.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.records import Task
from palaestra.verifiers.graphs import k_colouring

Adjacency = list[set[int]]
SET_ENVS: dict[str, Callable[[Adjacency, set[int]], bool]] = {
    "graphs/max-clique-v1": lambda adj, s: all(v in adj[u] for u in s for v in s if u != v),
    "graphs/max-independent-set-v1": lambda adj, s: all(v not in adj[u] for u in s for v in s),
    "graphs/min-vertex-cover-v1": lambda adj, s: all(
        u in s or v in s for u in range(len(adj)) for v in adj[u]
    ),
    "graphs/min-dominating-set-v1": lambda adj, s: all(
        v in s or adj[v] & s for v in range(len(adj))
    ),
}
MAXIMISE = {"graphs/max-clique-v1", "graphs/max-independent-set-v1"}


def neighbours(task: Task) -> Adjacency:
    adj: Adjacency = [set() for _ in range(task.data["n"])]
    for u, v in task.data["edges"]:
        adj[u].add(v)
        adj[v].add(u)
    return adj


def said(vertices: object) -> str:
    return "<answer>" + " ".join(map(str, vertices)) + "</answer>"  # type: ignore[call-overload]


@settings(max_examples=12, deadline=None)
@given(
    env_id=st.sampled_from(sorted(SET_ENVS)), seed=st.integers(0, 10**6), level=st.integers(1, 2)
)
def test_exactly_the_optimal_valid_sets_score(env_id: str, seed: int, level: int) -> None:
    env, valid = pa.make(env_id), SET_ENVS[env_id]
    task = env.generate(seed, level)
    n, adj = task.data["n"], neighbours(task)
    every = [set(s) for size in range(n + 1) for s in itertools.combinations(range(n), size)]
    sizes = [len(s) for s in every if valid(adj, s)]
    best = max(sizes) if env_id in MAXIMISE else min(sizes)
    assert task.data["optimum"] == best
    for chosen in every:
        verdict = env.verify(task, said(sorted(chosen)))
        assert verdict.correct == (valid(adj, chosen) and len(chosen) == best), chosen


@settings(max_examples=20, deadline=None)
@given(
    env_id=st.sampled_from(sorted(SET_ENVS)),
    seed=st.integers(0, 10**6),
    level=st.integers(5, 10),
    data=st.data(),
)
def test_single_vertex_changes_of_the_optimum_are_rejected(
    env_id: str, seed: int, level: int, data: st.DataObject
) -> None:
    env, valid = pa.make(env_id), SET_ENVS[env_id]
    task = env.generate(seed, level)
    adj, witness = neighbours(task), set(task.data["witness"])
    assert valid(adj, witness) and env.verify(task, env.solve(task)).correct
    inside = data.draw(st.sampled_from(sorted(witness)))
    outside = data.draw(st.sampled_from(sorted(set(range(task.data["n"])) - witness)))
    for changed in (witness - {inside}, witness | {outside}, witness - {inside} | {outside}):
        still_optimal = valid(adj, changed) and len(changed) == len(witness)
        assert env.verify(task, said(sorted(changed))).correct == still_optimal


@pytest.mark.parametrize("env_id", sorted(SET_ENVS))
@pytest.mark.parametrize(
    ("answer", "feedback"),
    [
        ("0 1 1", "vertex 1 appears more than once"),
        ("0 99", "99 is not a valid vertex"),
        ("0, x", "write only integers"),
    ],
)
def test_repeated_or_unknown_vertices_are_unparsable(
    env_id: str, answer: str, feedback: str
) -> None:
    env = pa.make(env_id)
    verdict = env.verify(env.generate(3, 4), f"<answer>{answer}</answer>")
    assert (verdict.score, verdict.reason) == (0.0, "unparsable")
    assert feedback in verdict.feedback


def test_a_valid_but_suboptimal_set_is_named_as_such() -> None:
    env = pa.make("graphs/min-vertex-cover-v1")
    task = env.generate(8, 6)
    everything = env.verify(task, said(range(task.data["n"])))
    assert everything.reason == "wrong"
    assert everything.feedback == (
        f"That is a valid vertex cover of {task.data['n']} vertices, but a smaller one exists."
    )
    assert "a valid but non-optimal one scores 0" in task.prompt


COLORING = pa.make("graphs/coloring-v1")
CHROMATIC = pa.make("graphs/chromatic-number-v1")


def colouring_answer(colours: list[int]) -> str:
    return "<answer>" + ", ".join(f"{v}:{c}" for v, c in enumerate(colours)) + "</answer>"


def proper(task: Task, colours: tuple[int, ...] | list[int]) -> bool:
    return all(colours[u] != colours[v] for u, v in task.data["edges"])


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_every_k_colouring_and_only_those_score(seed: int) -> None:
    task = COLORING.generate(seed, 1)
    n, k = task.data["n"], task.data["colours"]
    for colours in itertools.product(range(1, k + 1), repeat=n):
        assert COLORING.verify(task, colouring_answer(list(colours))).correct == proper(
            task, colours
        )


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 10), data=st.data())
def test_sat_colourings_verify_and_recolouring_one_end_of_an_edge_fails(
    seed: int, level: int, data: st.DataObject
) -> None:
    task = COLORING.generate(seed, level)
    found, _ = k_colouring(task.data["n"], task.data["edges"], task.data["colours"])
    assert found is not None and COLORING.verify(task, colouring_answer(found)).correct
    u, v = data.draw(st.sampled_from(task.data["edges"]))
    clash = list(found)
    clash[v] = clash[u]
    verdict = COLORING.verify(task, colouring_answer(clash))
    assert verdict.reason == "wrong" and verdict.feedback.startswith("Not a proper colouring: edge")


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 2))
def test_chromatic_number_is_the_fewest_colours_that_work(seed: int, level: int) -> None:
    task = CHROMATIC.generate(seed, level)
    n, chi = task.data["n"], task.data["chromatic_number"]
    by_colours = {
        k: next((c for c in itertools.product(range(1, k + 1), repeat=n) if proper(task, c)), None)
        for k in (chi - 1, chi)
    }
    assert by_colours[chi - 1] is None and by_colours[chi] is not None
    assert CHROMATIC.verify(task, colouring_answer(list(by_colours[chi]))).correct
    one_more = [chi + 1 if i == 0 else c for i, c in enumerate(by_colours[chi])]
    if proper(task, one_more) and len(set(one_more)) > chi:
        verdict = CHROMATIC.verify(task, colouring_answer(one_more))
        assert verdict.reason == "wrong" and "fewer suffice" in verdict.feedback


@pytest.mark.parametrize(
    ("answer", "feedback"),
    [
        ("0:1 1:2", "missing: 2"),
        ("0:1 0:2 1:1", "vertex 0 appears more than once"),
        ("0:1 1:2 2:9", "9 is not a valid colour"),
        ("1 2 3", "write pairs like 0:2"),
    ],
)
def test_colourings_must_name_every_vertex_once(answer: str, feedback: str) -> None:
    task = COLORING.generate(2, 1)
    verdict = COLORING.verify(task, f"<answer>{answer}</answer>")
    assert (verdict.score, verdict.reason) == (0.0, "unparsable")
    assert feedback in verdict.feedback
