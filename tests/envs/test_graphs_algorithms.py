"""The exact graph algorithms behind the graph environments, checked against brute force.

Each property draws a small random graph with Hypothesis and compares the fast algorithm
with an exhaustive search written here from the definitions (all subsets, all
permutations), so the two share no code.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from palaestra.verifiers import graphs as G

INF = float("inf")
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def graphs(draw: st.DrawFn, most: int = 7, weighted: bool = False) -> tuple[int, list]:
    """(n, edges) with u < v; weighted edges carry a weight 1..9."""
    n = draw(st.integers(1, most))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    keep = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    edges = [p for p, k in zip(pairs, keep, strict=True) if k]
    if weighted:
        weights = draw(st.lists(st.integers(1, 9), min_size=len(edges), max_size=len(edges)))
        return n, [[u, v, w] for (u, v), w in zip(edges, weights, strict=True)]
    return n, edges


@st.composite
def digraphs(draw: st.DrawFn, most: int = 6, weighted: bool = False) -> tuple[int, list]:
    n = draw(st.integers(2, most))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    keep = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    arcs = [p for p, k in zip(pairs, keep, strict=True) if k]
    if weighted:
        weights = draw(st.lists(st.integers(1, 9), min_size=len(arcs), max_size=len(arcs)))
        return n, [[u, v, w] for (u, v), w in zip(arcs, weights, strict=True)]
    return n, arcs


def subsets(n: int) -> list[tuple[int, ...]]:
    return [s for size in range(n + 1) for s in itertools.combinations(range(n), size)]


def brute_distances(n: int, arcs: Sequence[Sequence[int]], directed: bool) -> list[list[float]]:
    """Bellman–Ford style relaxation to a fixed point, from every source."""
    dist = [[0 if i == j else INF for j in range(n)] for i in range(n)]
    steps = [(u, v, w) for u, v, w in arcs] + ([] if directed else [(v, u, w) for u, v, w in arcs])
    for row in dist:
        for _ in range(n):
            for u, v, w in steps:
                row[v] = min(row[v], row[u] + w)
    return dist


@SETTINGS
@given(graphs(weighted=True))
def test_dijkstra_and_floyd_warshall_match_relaxation(graph: tuple[int, list]) -> None:
    n, edges = graph
    truth = brute_distances(n, edges, directed=False)
    assert G.floyd_warshall(n, edges, directed=False) == truth
    for source in range(n):
        paths = G.dijkstra(n, edges, source)
        assert paths.dist == truth[source]
        weights = G.edge_weights(edges)
        for target in range(n):
            if paths.dist[target] < INF:
                route = paths.path_to(target)
                assert route[0] == source and G.path_weight(weights, route) == truth[source][target]


@SETTINGS
@given(digraphs(weighted=True))
def test_directed_floyd_warshall_matches_relaxation(graph: tuple[int, list]) -> None:
    n, arcs = graph
    assert G.floyd_warshall(n, arcs) == brute_distances(n, arcs, directed=True)


@SETTINGS
@given(graphs(most=6, weighted=True))
def test_kruskal_weighs_the_lightest_spanning_forest(graph: tuple[int, list]) -> None:
    n, edges = graph
    weight, tree = G.kruskal(n, edges)
    pieces = len(G.connected_components(n, edges))
    best = min(
        sum(e[2] for e in chosen)
        for chosen in itertools.combinations(edges, n - pieces)
        if len(G.connected_components(n, chosen)) == pieces
    )
    assert weight == best and len(tree) == n - pieces


@SETTINGS
@given(digraphs(weighted=True), st.booleans())
def test_max_flow_equals_the_lightest_cut(graph: tuple[int, list], directed: bool) -> None:
    n, arcs = graph
    flow = G.max_flow(n, arcs, 0, n - 1, directed=directed)

    def crossing(side: set[int]) -> int:
        out = sum(c for u, v, c in arcs if u in side and v not in side)
        back = 0 if directed else sum(c for u, v, c in arcs if v in side and u not in side)
        return out + back

    cuts = [{0, *rest} for rest in subsets(n) if 0 not in rest and n - 1 not in rest]
    assert flow.value == min(crossing(side) for side in cuts)
    assert crossing(flow.source_side) == flow.value and n - 1 not in flow.source_side


@SETTINGS
@given(st.integers(1, 5), st.integers(1, 5), st.data())
def test_hopcroft_karp_finds_a_largest_matching(left: int, right: int, data: st.DataObject) -> None:
    pairs = [(a, b) for a in range(left) for b in range(right)]
    edges = data.draw(st.lists(st.sampled_from(pairs), unique=True))
    matching, _ = G.hopcroft_karp(left, right, edges)
    assert G.matching_violation(set(edges), matching) is None

    def is_matching(chosen: tuple) -> bool:
        return len({a for a, _ in chosen}) == len({b for _, b in chosen}) == len(chosen)

    best = max(
        size
        for size in range(min(left, right) + 1)
        for chosen in itertools.combinations(edges, size)
        if is_matching(chosen)
    )
    assert len(matching) == best


def reach_matrix(n: int, arcs: Sequence[Sequence[int]]) -> list[set[int]]:
    out = G.successors(n, arcs)
    return [G.reachable(out, v) for v in range(n)]


@SETTINGS
@given(digraphs())
def test_tarjan_groups_mutually_reachable_vertices(graph: tuple[int, list]) -> None:
    n, arcs = graph
    reach = reach_matrix(n, arcs)
    truth = sorted({tuple(sorted(w for w in reach[v] if v in reach[w])) for v in range(n)})
    assert [tuple(c) for c in G.tarjan_scc(n, arcs)] == truth


@SETTINGS
@given(digraphs())
def test_cycles_and_topological_orders_exclude_each_other(graph: tuple[int, list]) -> None:
    n, arcs = graph
    reach = reach_matrix(n, arcs)
    # a cycle exists exactly when some arc u->v has u reachable back from v
    cyclic = any(u in reach[v] for u, v in arcs)
    cycle, order = G.directed_cycle(n, arcs), G.topological_order(n, arcs)
    assert (cycle is not None) == cyclic == (order is None)
    if cycle is not None:
        assert len(set(cycle)) == len(cycle)
        assert G.arc_walk_violation(G.successors(n, arcs), cycle, closed=True) is None
    if order is not None:
        assert sorted(order) == list(range(n)) and G.topological_violation(arcs, order) is None


@SETTINGS
@given(graphs())
def test_bipartite_witness_matches_brute_force_two_colouring(graph: tuple[int, list]) -> None:
    n, edges = graph
    two_colourable = any(
        all(c[u] != c[v] for u, v in edges) for c in itertools.product((0, 1), repeat=n)
    )
    sides, odd = G.two_colouring_or_odd_cycle(n, edges)
    assert (sides is not None) == two_colourable
    if sides is not None:
        assert G.colouring_violation(edges, sides) is None
    else:
        assert odd is not None and len(set(odd)) == len(odd)
        assert G.odd_cycle_violation(G.adjacency(n, edges), odd) is None


@SETTINGS
@given(graphs(most=6))
def test_euler_trail_exists_exactly_when_some_order_of_the_edges_is_a_walk(
    graph: tuple[int, list],
) -> None:
    n, edges = graph
    if len(edges) > 7:  # keep the permutation search small
        edges = edges[:7]

    def walks(sequence: tuple) -> bool:
        for start in sequence[0]:
            at, ok = start, True
            for u, v in sequence:
                if at not in (u, v):
                    ok = False
                    break
                at = v if at == u else u
            if ok:
                return True
        return False

    exists = bool(edges) and any(walks(p) for p in itertools.permutations(edges))
    trail = G.euler_trail(n, edges)
    assert (trail is not None) == exists
    if trail is not None:
        assert G.trail_violation(n, edges, trail) is None


@SETTINGS
@given(st.integers(2, 7), st.data())
def test_held_karp_finds_the_shortest_tour(n: int, data: st.DataObject) -> None:
    dist = [[0] * n for _ in range(n)]
    for u, v in itertools.combinations(range(n), 2):
        dist[u][v] = dist[v][u] = data.draw(st.integers(1, 50))
    length, tour = G.held_karp(dist)

    def cost(order: Sequence[int]) -> int:
        return sum(dist[order[i]][order[(i + 1) % n]] for i in range(n))

    assert sorted(tour) == list(range(n)) and cost(tour) == length
    assert length == min(cost((0, *rest)) for rest in itertools.permutations(range(1, n)))


@SETTINGS
@given(graphs())
def test_sat_optima_of_vertex_sets_match_exhaustive_search(graph: tuple[int, list]) -> None:
    n, edges = graph
    adj = G.adjacency(n, edges)
    everything = subsets(n)
    cases = [
        (True, [[-(u + 1), -(v + 1)] for u in range(n) for v in range(u + 1, n) if v not in adj[u]],
         lambda s: G.clique_violation(adj, list(s)) is None),
        (True, [[-(u + 1), -(v + 1)] for u, v in edges],
         lambda s: G.independence_violation(adj, list(s)) is None),
        (False, [[u + 1, v + 1] for u, v in edges],
         lambda s: G.cover_violation(edges, list(s)) is None),
        (False, [[v + 1] + [u + 1 for u in adj[v]] for v in range(n)],
         lambda s: G.domination_violation(adj, list(s)) is None),
    ]  # fmt: skip
    for maximize, clauses, valid in cases:
        best, effort = G.optimum_vertex_set(n, clauses, maximize)
        sizes = [len(s) for s in everything if valid(s)]
        assert valid(best) and len(best) == (max(sizes) if maximize else min(sizes))
        assert effort.calls >= 1


@SETTINGS
@given(graphs(most=6))
def test_chromatic_number_matches_exhaustive_colouring(graph: tuple[int, list]) -> None:
    n, edges = graph
    chi, colouring, _ = G.chromatic_number(n, edges)
    fewest = min(
        k
        for k in range(1, n + 1)
        if any(all(c[u] != c[v] for u, v in edges) for c in itertools.product(range(k), repeat=n))
    )
    assert chi == fewest == len(set(colouring))
    assert G.colouring_violation(edges, colouring) is None


@SETTINGS
@given(graphs(most=6), st.booleans())
def test_hamiltonian_sat_matches_trying_every_order(graph: tuple[int, list], cycle: bool) -> None:
    n, edges = graph
    adj = G.adjacency(n, edges)
    exists = any(
        G.hamiltonian_violation(adj, list(order), cycle) is None
        for order in itertools.permutations(range(n))
    ) and (n >= 3 or not cycle)
    order, _ = G.hamiltonian_order(n, edges, cycle)
    assert (order is not None) == exists
    if order is not None:
        assert G.hamiltonian_violation(adj, order, cycle) is None


def test_certificate_checks_name_the_first_problem() -> None:
    adj = G.adjacency(4, [(0, 1), (1, 2), (2, 3)])
    assert G.clique_violation(adj, [0, 1, 2]) == "vertices 0 and 2 are not adjacent"
    assert G.independence_violation(adj, [0, 2, 3]) == "vertices 2 and 3 are adjacent"
    assert G.cover_violation([(0, 1), (2, 3)], [0]) == "edge 2-3 has neither end in the set"
    assert G.domination_violation(adj, [0]) == "vertex 2 is neither in the set nor adjacent to it"
    assert G.hamiltonian_violation(adj, [0, 1, 2, 3], cycle=True) == "there is no edge 3-0"
    assert G.trail_violation(4, [(0, 1), (1, 2)], [0, 1, 0]) == "edge 1-0 is used more than once"
    assert G.trail_violation(4, [(0, 1), (1, 2)], [0, 1]) == "edge 1-2 is never used"
    assert G.odd_cycle_violation(adj, [0, 1, 2, 3]).startswith("4 vertices cannot form")
    assert (
        G.topological_violation([(0, 1)], [1, 0]) == "arc 0->1 points backwards: 1 comes before 0"
    )
    assert (
        G.matching_violation({(0, 0), (1, 0)}, [(0, 0), (1, 0)])
        == "right vertex 0 is matched twice"
    )
