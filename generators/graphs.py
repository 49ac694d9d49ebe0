"""Seeded random graphs: G(n, m), connected, weighted and directed graphs, planted structure.

Vertices are 0..n-1. An undirected edge is a pair ``(u, v)`` with ``u < v``; a directed arc
``(u, v)`` means u -> v. Every builder draws only from the numpy Generator it is given and
returns edges sorted, so a rendered edge list never shows the order in which structure was
planted. Planted structure sits on random vertices (a random permutation picks them), so
labels carry no hint either.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence

import numpy as np

Edge = tuple[int, int]


def ordered(u: int, v: int) -> Edge:
    return (u, v) if u < v else (v, u)


def all_pairs(n: int) -> list[Edge]:
    return [(u, v) for u in range(n) for v in range(u + 1, n)]


def choose(rng: np.random.Generator, items: Sequence[Edge], count: int) -> list[Edge]:
    """`count` distinct items drawn uniformly without replacement."""
    if not 0 <= count <= len(items):
        raise ValueError(f"cannot choose {count} of {len(items)} candidate pairs")
    picks = rng.choice(len(items), size=count, replace=False) if count else []
    return [items[int(i)] for i in sorted(picks)]


def gnm(rng: np.random.Generator, n: int, m: int) -> list[Edge]:
    """Erdős–Rényi G(n, m): `m` distinct edges drawn uniformly."""
    return choose(rng, all_pairs(n), m)


def random_tree(rng: np.random.Generator, n: int) -> list[Edge]:
    """A uniform labelled tree on n vertices, decoded from a random Prüfer sequence."""
    if n < 2:
        return []
    sequence = [int(x) for x in rng.integers(0, n, size=n - 2)]
    degree = [1] * n
    for x in sequence:
        degree[x] += 1
    leaves = [v for v in range(n) if degree[v] == 1]
    heapq.heapify(leaves)
    edges = []
    for x in sequence:
        edges.append(ordered(heapq.heappop(leaves), x))
        degree[x] -= 1
        if degree[x] == 1:
            heapq.heappush(leaves, x)
    edges.append(ordered(heapq.heappop(leaves), heapq.heappop(leaves)))
    return sorted(edges)


def add_random_edges(
    rng: np.random.Generator, n: int, edges: Sequence[Edge], extra: int
) -> list[Edge]:
    """`edges` plus `extra` new edges drawn uniformly from the pairs not yet present."""
    present = set(edges)
    free = [pair for pair in all_pairs(n) if pair not in present]
    return sorted([*edges, *choose(rng, free, extra)])


def connected_gnm(rng: np.random.Generator, n: int, m: int) -> list[Edge]:
    """A connected graph with `m` edges: a uniform spanning tree plus uniform extra edges."""
    if m < n - 1:
        raise ValueError(f"a connected graph on {n} vertices needs at least {n - 1} edges")
    return add_random_edges(rng, n, random_tree(rng, n), m - (n - 1))


def random_weights(rng: np.random.Generator, count: int, low: int, high: int) -> list[int]:
    """`count` integer weights drawn uniformly from low..high."""
    return [int(w) for w in rng.integers(low, high + 1, size=count)]


def with_weights(
    rng: np.random.Generator, edges: Sequence[Edge], low: int, high: int
) -> list[list[int]]:
    """Edges as ``[u, v, w]`` triples with uniform integer weights in low..high."""
    weights = random_weights(rng, len(edges), low, high)
    return [[u, v, w] for (u, v), w in zip(edges, weights, strict=True)]


def relabel(
    rng: np.random.Generator, n: int, edges: Sequence[Edge], directed: bool = False
) -> tuple[list[Edge], list[int]]:
    """The same graph under a uniform random renaming: (edges, perm) with perm[old] = new."""
    perm = [int(x) for x in rng.permutation(n)]
    if directed:
        renamed = [(perm[u], perm[v]) for u, v in edges]
    else:
        renamed = [ordered(perm[u], perm[v]) for u, v in edges]
    return sorted(renamed), perm


def random_classes(rng: np.random.Generator, n: int, k: int) -> list[int]:
    """A class 0..k-1 for each vertex, every class non-empty, otherwise uniform."""
    if not 1 <= k <= n:
        raise ValueError(f"cannot split {n} vertices into {k} non-empty classes")
    classes = [int(c) for c in rng.integers(0, k, size=n)]
    for c, v in enumerate(rng.permutation(n)[:k]):
        classes[int(v)] = c
    return classes


def planted_colouring(
    rng: np.random.Generator, n: int, k: int, m: int
) -> tuple[list[Edge], list[int]]:
    """`m` uniform edges between different classes of a random k-partition: (edges, classes)."""
    classes = random_classes(rng, n, k)
    cross = [(u, v) for u, v in all_pairs(n) if classes[u] != classes[v]]
    return choose(rng, cross, min(m, len(cross))), classes


def planted_clique(
    rng: np.random.Generator, n: int, m: int, size: int
) -> tuple[list[Edge], list[int]]:
    """G(n, m) with every pair inside a random `size`-set added: (edges, clique)."""
    clique = sorted(int(v) for v in rng.choice(n, size=size, replace=False))
    inside = {(u, v) for i, u in enumerate(clique) for v in clique[i + 1 :]}
    return sorted(inside | set(gnm(rng, n, m))), clique


def planted_cover(
    rng: np.random.Generator, n: int, m: int, size: int
) -> tuple[list[Edge], list[int]]:
    """`m` uniform edges each touching a random `size`-set, which thus covers them all."""
    cover = sorted(int(v) for v in rng.choice(n, size=size, replace=False))
    members = set(cover)
    touching = [(u, v) for u, v in all_pairs(n) if u in members or v in members]
    return choose(rng, touching, min(m, len(touching))), cover


def planted_hamiltonian(
    rng: np.random.Generator, n: int, m: int, cycle: bool
) -> tuple[list[Edge], list[int]]:
    """A random Hamiltonian path (or cycle) plus uniform extra edges up to `m`: (edges, order)."""
    order = [int(v) for v in rng.permutation(n)]
    spine = {ordered(a, b) for a, b in itertools.pairwise(order)}
    if cycle and n >= 3:
        spine.add(ordered(order[-1], order[0]))
    return add_random_edges(rng, n, sorted(spine), max(0, m - len(spine))), order


def min_degree_graph(rng: np.random.Generator, n: int, m: int, least: int = 2) -> list[Edge]:
    """A connected graph with about `m` edges and every degree at least `least`.

    Starts from a connected G(n, m), gives each vertex below `least` edges to random others,
    then drops random edges that no degree or connectivity needs until `m` are left (or none
    can go), so small cases are not all trees with leaves.
    """
    edges = set(connected_gnm(rng, n, max(m, n - 1)))
    degree = [0] * n
    for u, v in edges:
        degree[u] += 1
        degree[v] += 1
    for v in (int(x) for x in rng.permutation(n)):
        while degree[v] < least:
            others = [u for u in range(n) if u != v and ordered(u, v) not in edges]
            u = others[int(rng.integers(len(others)))]
            edges.add(ordered(u, v))
            degree[u] += 1
            degree[v] += 1
    current = sorted(edges)
    for u, v in [current[int(i)] for i in rng.permutation(len(current))]:
        if len(edges) <= m:
            break
        if degree[u] > least and degree[v] > least and _connected_without(n, edges, (u, v)):
            edges.discard((u, v))
            degree[u] -= 1
            degree[v] -= 1
    return sorted(edges)


def _connected_without(n: int, edges: set[Edge], removed: Edge) -> bool:
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        if (u, v) != removed:
            adjacency[u].append(v)
            adjacency[v].append(u)
    seen = {0}
    stack = [0]
    while stack:
        for w in adjacency[stack.pop()]:
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return len(seen) == n


def random_dag(rng: np.random.Generator, n: int, m: int) -> tuple[list[Edge], list[int]]:
    """`m` uniform arcs that all point forward in a hidden random order: (arcs, order)."""
    order = [int(v) for v in rng.permutation(n)]
    forward = choose(rng, all_pairs(n), m)
    return sorted((order[i], order[j]) for i, j in forward), order


def strongly_connected_digraph(rng: np.random.Generator, n: int, m: int) -> list[Edge]:
    """`m` arcs: a directed Hamiltonian cycle through a random order plus uniform extra arcs."""
    order = [int(v) for v in rng.permutation(n)]
    cycle = {(order[i], order[(i + 1) % n]) for i in range(n)}
    free = [(u, v) for u in range(n) for v in range(n) if u != v and (u, v) not in cycle]
    return sorted(cycle | set(choose(rng, free, m - len(cycle))))


def random_groups(rng: np.random.Generator, n: int, count: int) -> list[list[int]]:
    """A uniform random split of 0..n-1 into `count` non-empty groups."""
    classes = random_classes(rng, n, count)
    return [[v for v in range(n) if classes[v] == c] for c in range(count)]


def planted_components(
    rng: np.random.Generator, n: int, count: int, m: int
) -> tuple[list[Edge], list[list[int]]]:
    """A graph whose connected components are `count` random groups: (edges, groups).

    Each group gets a uniform spanning tree; the remaining edges (up to `m`) fall uniformly
    on pairs inside groups.
    """
    groups = random_groups(rng, n, count)
    edges: list[Edge] = []
    inside: list[Edge] = []
    for group in groups:
        tree = random_tree(rng, len(group))
        edges += [ordered(group[a], group[b]) for a, b in tree]
        inside += [(u, v) for i, u in enumerate(group) for v in group[i + 1 :]]
    present = set(edges)
    free = [pair for pair in inside if pair not in present]
    extra = choose(rng, free, min(len(free), max(0, m - len(edges))))
    return sorted(present | set(extra)), groups


def planted_sccs(
    rng: np.random.Generator, n: int, count: int, extra: int
) -> tuple[list[Edge], list[list[int]]]:
    """A digraph whose strongly connected components are `count` random groups.

    Each group is closed into a directed cycle in random order; `extra` further arcs fall
    uniformly on pairs that cannot merge groups: inside a group, or from an earlier group to
    a later one in a hidden order of the groups. Returns (arcs, groups).
    """
    groups = random_groups(rng, n, count)
    position = {}
    for index, group in enumerate(groups):
        for v in group:
            position[v] = index
    arcs: set[Edge] = set()
    for group in groups:
        if len(group) > 1:
            ring = [group[int(i)] for i in rng.permutation(len(group))]
            arcs |= {(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))}
    allowed = [
        (u, v)
        for u in range(n)
        for v in range(n)
        if u != v and position[u] <= position[v] and (u, v) not in arcs
    ]
    arcs |= set(choose(rng, allowed, min(extra, len(allowed))))
    return sorted(arcs), groups


def bipartite_edges(rng: np.random.Generator, left: int, right: int, m: int) -> list[Edge]:
    """`m` uniform pairs (l, r) with l in 0..left-1 and r in 0..right-1."""
    pairs = [(a, b) for a in range(left) for b in range(right)]
    return choose(rng, pairs, m)


def flow_network(
    rng: np.random.Generator, n: int, m: int, capacity: int
) -> tuple[list[list[int]], int, int]:
    """A directed network with capacities 1..capacity: (arcs ``[u, v, c]``, source, sink).

    A random simple s-t path guarantees positive flow; the other arcs are uniform over
    ordered pairs, never into the source or out of the sink (such arcs carry no flow).
    """
    order = [int(v) for v in rng.permutation(n)]
    source, sink = order[0], order[-1]
    middle = order[1:-1]
    length = int(rng.integers(1, len(middle) + 1)) if middle else 0
    path = [source, *middle[:length], sink]
    arcs = set(itertools.pairwise(path))
    free = [
        (u, v)
        for u in range(n)
        for v in range(n)
        if u != v and v != source and u != sink and (u, v) not in arcs
    ]
    arcs |= set(choose(rng, free, max(0, min(len(free), m - len(arcs)))))
    weighted = with_weights(rng, sorted(arcs), 1, capacity)
    return weighted, source, sink


def with_odd_vertices(rng: np.random.Generator, n: int, m: int, odd: int) -> list[Edge]:
    """A connected graph with about `m` edges and exactly `odd` vertices of odd degree.

    Starts from a connected G(n, m) and toggles the edge between two random vertices of the
    wrong parity (adding it when absent, removing it when present and not a bridge) until
    `odd` (an even number) odd vertices remain. Each toggle moves the edge count by one, so
    graphs of either parity target have about the same size.
    """
    if odd % 2 or not 0 <= odd <= n:
        raise ValueError(f"a graph on {n} vertices cannot have exactly {odd} odd vertices")
    edges = set(connected_gnm(rng, n, m))
    for _ in range(50 * n):
        degree = [0] * n
        for u, v in edges:
            degree[u] += 1
            degree[v] += 1
        odd_now = [v for v in range(n) if degree[v] % 2]
        if len(odd_now) == odd:
            return sorted(edges)
        pool = odd_now if len(odd_now) > odd else [v for v in range(n) if degree[v] % 2 == 0]
        a, b = (pool[int(i)] for i in rng.choice(len(pool), size=2, replace=False))
        if not _toggle(n, edges, ordered(a, b)):
            # a bridge: flip a and some c instead; a later round pairs c up again
            c = int(rng.choice([v for v in range(n) if v not in (a, b)]))
            _toggle(n, edges, ordered(a, c))
    raise RuntimeError(f"could not reach {odd} odd vertices on {n} vertices")


def _toggle(n: int, edges: set[Edge], pair: Edge) -> bool:
    """Adds `pair`, or removes it unless that disconnects the graph; False when it cannot."""
    if pair not in edges:
        edges.add(pair)
        return True
    if _connected_without(n, edges, pair):
        edges.discard(pair)
        return True
    return False


def dag_with_cycle(rng: np.random.Generator, n: int, m: int) -> list[Edge]:
    """`m` arcs: a random DAG of m - 1 arcs plus one arc closing a directed cycle.

    The closing arc w -> u goes against a path u ~> w of two or more arcs where u -> w is no
    arc, so every directed cycle has at least 3 vertices. Redraws the DAG when it has no
    such path (only for very sparse graphs).
    """
    for _ in range(100):
        arcs, _ = random_dag(rng, n, m - 1)
        out: list[list[int]] = [[] for _ in range(n)]
        for u, v in arcs:
            out[u].append(v)
        present = set(arcs)
        candidates = []
        for u in range(n):
            two_steps = {x for v in out[u] for x in out[v]}
            beyond = _reach_from(out, two_steps)
            candidates += [(w, u) for w in sorted(beyond) if (u, w) not in present]
        if candidates:
            return sorted([*arcs, candidates[int(rng.integers(len(candidates)))]])
    raise RuntimeError(f"no DAG on {n} vertices with {m - 1} arcs had a path of two arcs")


def _reach_from(out: list[list[int]], starts: set[int]) -> set[int]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for w in out[stack.pop()]:
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return seen


def far_pair(rng: np.random.Generator, n: int, edges: Sequence[Sequence[int]]) -> tuple[int, int]:
    """A random source and a random vertex among those most edges away from it."""
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for u, v, *_ in edges:
        adjacency[u].append(v)
        adjacency[v].append(u)
    source = int(rng.integers(n))
    hops = {source: 0}
    frontier = [source]
    while frontier:
        nxt = []
        for u in frontier:
            for w in adjacency[u]:
                if w not in hops:
                    hops[w] = hops[u] + 1
                    nxt.append(w)
        frontier = nxt
    farthest = max(hops.values())
    ends = sorted(v for v, h in hops.items() if h == farthest)
    return source, ends[int(rng.integers(len(ends)))]


def complete_weights(rng: np.random.Generator, n: int, low: int, high: int) -> list[list[int]]:
    """A symmetric matrix of uniform integer weights low..high, zero on the diagonal."""
    matrix = [[0] * n for _ in range(n)]
    for (u, v), w in zip(
        all_pairs(n), random_weights(rng, n * (n - 1) // 2, low, high), strict=True
    ):
        matrix[u][v] = matrix[v][u] = w
    return matrix
