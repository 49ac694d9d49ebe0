"""What is special about the graph decision environments: balanced labels, NONE checked
against an exhaustive search, and witnesses checked by their definitions.
"""

from __future__ import annotations

import itertools
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palaestra as pa
from palaestra.records import Task

DECISIONS = {
    "graphs/hamiltonian-cycle-v1": "exists",
    "graphs/euler-path-v1": "exists",
    "graphs/cycle-detection-v1": "exists",
    "graphs/bipartite-v1": "bipartite",
}
HAM = pa.make("graphs/hamiltonian-cycle-v1")
EULER = pa.make("graphs/euler-path-v1")
CYCLE = pa.make("graphs/cycle-detection-v1")
BIPARTITE = pa.make("graphs/bipartite-v1")
NONE = "<answer>NONE</answer>"


def said(items: object) -> str:
    return "<answer>" + " ".join(map(str, items)) + "</answer>"  # type: ignore[call-overload]


@pytest.mark.parametrize("env_id", sorted(DECISIONS))
def test_labels_are_balanced_at_every_level(env_id: str) -> None:
    env, key = pa.make(env_id), DECISIONS[env_id]
    labels = [env.generate(seed, 1 + seed % 10).data[key] for seed in range(200)]
    assert 0.4 <= statistics.fmean(labels) <= 0.6


@pytest.mark.parametrize("env_id", ["graphs/hamiltonian-cycle-v1", "graphs/euler-path-v1"])
def test_answering_none_always_earns_about_half(env_id: str) -> None:
    env = pa.make(env_id)
    scores = [env.verify(env.generate(seed, 5), NONE).score for seed in range(100)]
    assert 0.35 <= statistics.fmean(scores) <= 0.65


def hamiltonian_cycles(task: Task) -> list[tuple[int, ...]]:
    edges = {frozenset(e) for e in task.data["edges"]}
    n = task.data["n"]
    return [
        (0, *rest)
        for rest in itertools.permutations(range(1, n))
        if all(frozenset(p) in edges for p in itertools.pairwise((0, *rest, 0)))
    ]


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 3))
def test_none_is_right_exactly_when_no_order_closes_a_cycle(seed: int, level: int) -> None:
    task = HAM.generate(seed, level)
    cycles = hamiltonian_cycles(task)
    assert task.data["exists"] == bool(cycles)
    assert HAM.verify(task, NONE).correct == (not cycles)
    for cycle in cycles[:20]:
        assert HAM.verify(task, said(cycle)).correct
        assert HAM.verify(task, said(cycle[::-1])).correct
    if cycles:
        assert not HAM.verify(task, said(cycles[0][:-1])).correct


def odd_degrees(task: Task) -> int:
    degree = [0] * task.data["n"]
    for u, v in task.data["edges"]:
        degree[u] += 1
        degree[v] += 1
    return sum(d % 2 for d in degree)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 10), data=st.data())
def test_euler_walks_use_each_edge_once_and_none_follows_the_degree_rule(
    seed: int, level: int, data: st.DataObject
) -> None:
    task = EULER.generate(seed, level)
    assert task.data["exists"] == (odd_degrees(task) <= 2)  # the graphs are connected
    assert EULER.verify(task, NONE).correct == (not task.data["exists"])
    if not task.data["exists"]:
        return
    walk = task.data["witness"]
    assert EULER.verify(task, said(walk)).correct and EULER.verify(task, said(walk[::-1])).correct
    i = data.draw(st.integers(1, len(walk) - 1))
    dropped = walk[:i] + walk[i + 1 :]  # one vertex fewer: an edge skipped or invented
    assert not EULER.verify(task, said(dropped)).correct


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 10))
def test_directed_cycles_verify_and_none_means_acyclic(seed: int, level: int) -> None:
    task = CYCLE.generate(seed, level)
    arcs = {tuple(a) for a in task.data["edges"]}
    assert CYCLE.verify(task, NONE).correct == (not task.data["exists"])
    if task.data["exists"]:
        cycle = task.data["witness"]
        assert CYCLE.verify(task, said(cycle)).correct
        backwards = all((b, a) in arcs for a, b in itertools.pairwise((*cycle, cycle[0])))
        assert CYCLE.verify(task, said(cycle[::-1])).correct == backwards
        assert not CYCLE.verify(task, said(cycle[:1])).correct


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.integers(1, 10), data=st.data())
def test_bipartite_witnesses_either_way(seed: int, level: int, data: st.DataObject) -> None:
    task = BIPARTITE.generate(seed, level)
    reference = BIPARTITE.solve(task)
    assert BIPARTITE.verify(task, reference).correct
    n, edges = task.data["n"], task.data["edges"]
    if task.data["bipartite"]:
        side = task.data["witness"]
        v = data.draw(st.sampled_from([u for u in range(n) if any(u in e for e in edges)]))
        moved = [s if u != v else 1 - s for u, s in enumerate(side)]  # breaks v's edges
        halves = [[u for u in range(n) if moved[u] == k] for k in (0, 1)]
        answer = f"<answer>bipartite: {' '.join(map(str, halves[0]))} | "
        answer += f"{' '.join(map(str, halves[1]))}</answer>"
        assert not BIPARTITE.verify(task, answer).correct
        assert not BIPARTITE.verify(task, "<answer>odd cycle: 0 1 2</answer>").correct
    else:
        cycle = task.data["witness"]
        assert len(cycle) % 2 == 1
        assert not BIPARTITE.verify(
            task, f"<answer>odd cycle: {' '.join(map(str, cycle[1:]))}</answer>"
        ).correct


@pytest.mark.parametrize(
    ("answer", "feedback"),
    [
        ("bipartite: 0 1 2", "give the two sides separated by one |"),
        ("bipartite: 0 1 | 1 2", "vertex 1 is on both sides"),
        ("bipartite: 0 | 1", "is on neither side"),
        ("yes", "start with `bipartite:` or `odd cycle:`"),
        ("odd cycle: 0 1 0", "vertex 0 appears more than once"),
    ],
)
def test_bipartite_answers_must_be_complete_and_labelled(answer: str, feedback: str) -> None:
    task = BIPARTITE.generate(0, 2)
    verdict = BIPARTITE.verify(task, f"<answer>{answer}</answer>")
    assert (verdict.score, verdict.reason) == (0.0, "unparsable")
    assert feedback in verdict.feedback


def test_hedging_between_none_and_a_witness_is_not_credited() -> None:
    task = next(t for t in (HAM.generate(s, 2) for s in range(50)) if t.data["exists"])
    cycle = " ".join(map(str, task.data["witness"]))
    for hedge in (f"NONE {cycle}", f"{cycle} or NONE", "none."):
        assert not HAM.verify(task, f"<answer>{hedge}</answer>").correct


def test_the_fallback_constructions_keep_the_drawn_label(monkeypatch: pytest.MonkeyPatch) -> None:
    from palaestra.envs.graphs import hamiltonian_cycle

    monkeypatch.setattr(hamiltonian_cycle, "ATTEMPTS", 0)  # skip straight to the fallback
    for seed in range(12):
        task = HAM.generate(seed, 3)
        degree = [0] * task.data["n"]
        for u, v in task.data["edges"]:
            degree[u] += 1
            degree[v] += 1
        assert min(degree) >= 2 and task.meta["cost"]["attempts"] == 1
        assert bool(hamiltonian_cycles(task)) == task.data["exists"]
        assert HAM.verify(task, HAM.solve(task)).correct
