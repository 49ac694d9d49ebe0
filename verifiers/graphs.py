"""Graph certificates and the exact algorithms that produce reference answers.

Certificate checks return None when a certificate is valid and otherwise one sentence saying
what is wrong, written as feedback for the model. They take vertices that a parser has
already range-checked, and run in time polynomial (mostly linear) in the graph and the answer.

The exact algorithms are the textbook ones: Dijkstra, Floyd–Warshall, Kruskal, Dinic,
Hopcroft–Karp, Tarjan, Hierholzer, Kahn and Held–Karp. NP-hard optima (vertex-set
optimisation, chromatic number, Hamiltonicity) are proved with a SAT solver: a solution at
the optimum and an UNSAT call one step better. Vertices are 0..n-1; undirected edges are
pairs, directed arcs ``(u, v)`` mean u -> v, and weighted edges are ``[u, v, w]``.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pysat.card import ITotalizer
from pysat.solvers import Solver

# MiniSat 2.2 is frozen upstream, so its models and statistics do not drift between releases.
SAT_SOLVER = "minisat22"
INF = float("inf")


# ----------------------------------------------------------------------------- structure
def adjacency(n: int, edges: Iterable[Sequence[int]]) -> list[set[int]]:
    """Neighbour sets of an undirected graph (weights, if any, are ignored)."""
    adj: list[set[int]] = [set() for _ in range(n)]
    for u, v, *_ in edges:
        adj[u].add(v)
        adj[v].add(u)
    return adj


def successors(n: int, arcs: Iterable[Sequence[int]]) -> list[list[int]]:
    """Out-neighbour lists of a directed graph, in arc order."""
    out: list[list[int]] = [[] for _ in range(n)]
    for u, v, *_ in arcs:
        out[u].append(v)
    return out


def edge_weights(
    edges: Iterable[Sequence[int]], directed: bool = False
) -> dict[tuple[int, int], int]:
    """(u, v) -> weight; both orientations for an undirected graph."""
    weights = {}
    for u, v, w in edges:
        weights[(u, v)] = w
        if not directed:
            weights[(v, u)] = w
    return weights


def reachable(adj: Sequence[Iterable[int]], start: int) -> set[int]:
    """Vertices reachable from `start` (breadth-first)."""
    seen = {start}
    queue = deque([start])
    while queue:
        for w in adj[queue.popleft()]:
            if w not in seen:
                seen.add(w)
                queue.append(w)
    return seen


def connected_components(n: int, edges: Iterable[Sequence[int]]) -> list[list[int]]:
    """The connected components, each sorted, ordered by their smallest vertex."""
    adj = adjacency(n, edges)
    seen: set[int] = set()
    components = []
    for v in range(n):
        if v not in seen:
            component = reachable(adj, v)
            seen |= component
            components.append(sorted(component))
    return components


# ----------------------------------------------------------------------------- certificates
def colouring_violation(edges: Iterable[Sequence[int]], colours: Sequence[int]) -> str | None:
    """The first edge whose ends share a colour."""
    for u, v, *_ in edges:
        if colours[u] == colours[v]:
            return f"edge {u}-{v} joins two vertices of colour {colours[u]}"
    return None


def clique_violation(adj: Sequence[set[int]], vertices: Sequence[int]) -> str | None:
    """The first pair of chosen vertices that is not an edge."""
    for i, u in enumerate(vertices):
        for v in vertices[i + 1 :]:
            if v not in adj[u]:
                return f"vertices {u} and {v} are not adjacent"
    return None


def independence_violation(adj: Sequence[set[int]], vertices: Sequence[int]) -> str | None:
    """The first pair of chosen vertices joined by an edge."""
    chosen = set(vertices)
    for u in vertices:
        for v in adj[u]:
            if v in chosen:
                return f"vertices {min(u, v)} and {max(u, v)} are adjacent"
    return None


def cover_violation(edges: Iterable[Sequence[int]], vertices: Sequence[int]) -> str | None:
    """The first edge with neither end chosen."""
    chosen = set(vertices)
    for u, v, *_ in edges:
        if u not in chosen and v not in chosen:
            return f"edge {u}-{v} has neither end in the set"
    return None


def domination_violation(adj: Sequence[set[int]], vertices: Sequence[int]) -> str | None:
    """The first vertex neither chosen nor next to a chosen vertex."""
    chosen = set(vertices)
    for v in range(len(adj)):
        if v not in chosen and not adj[v] & chosen:
            return f"vertex {v} is neither in the set nor adjacent to it"
    return None


def walk_violation(
    adj: Sequence[set[int]], walk: Sequence[int], closed: bool = False
) -> str | None:
    """The first consecutive pair (and, when closed, the last-to-first pair) that is no edge."""
    steps = list(itertools.pairwise(walk))
    if closed and len(walk) > 1:
        steps.append((walk[-1], walk[0]))
    for u, v in steps:
        if v not in adj[u]:
            return f"there is no edge {u}-{v}"
    return None


def arc_walk_violation(
    out: Sequence[Iterable[int]], walk: Sequence[int], closed: bool
) -> str | None:
    """Like `walk_violation` for arcs u -> v of a directed graph."""
    steps = list(itertools.pairwise(walk))
    if closed and len(walk) > 1:
        steps.append((walk[-1], walk[0]))
    for u, v in steps:
        if v not in out[u]:
            return f"there is no arc {u}->{v}"
    return None


def hamiltonian_violation(adj: Sequence[set[int]], order: Sequence[int], cycle: bool) -> str | None:
    """Whether distinct vertices `order` visit every vertex along edges (closing if a cycle)."""
    if len(order) != len(adj):
        missing = sorted(set(range(len(adj))) - set(order))
        return f"the {'cycle' if cycle else 'path'} misses vertex {missing[0]}"
    return walk_violation(adj, order, closed=cycle)


def path_weight(
    weights: dict[tuple[int, int], int], walk: Sequence[int], closed: bool = False
) -> int:
    """Total weight along a walk whose steps are all edges of `weights`."""
    steps = list(itertools.pairwise(walk))
    if closed:
        steps.append((walk[-1], walk[0]))
    return sum(weights[step] for step in steps)


def trail_violation(n: int, edges: Sequence[Sequence[int]], walk: Sequence[int]) -> str | None:
    """Whether `walk` uses every edge exactly once (an Euler trail)."""
    present = {(u, v) if u < v else (v, u) for u, v, *_ in edges}
    unused = set(present)
    for u, v in itertools.pairwise(walk):
        key = (u, v) if u < v else (v, u)
        if key not in present:
            return f"there is no edge {u}-{v}"
        if key not in unused:
            return f"edge {u}-{v} is used more than once"
        unused.discard(key)
    if unused:
        u, v = min(unused)
        return f"edge {u}-{v} is never used"
    return None


def odd_cycle_violation(adj: Sequence[set[int]], cycle: Sequence[int]) -> str | None:
    """Whether distinct vertices `cycle` form a cycle of odd length."""
    if len(cycle) < 3 or len(cycle) % 2 == 0:
        return (
            f"{len(cycle)} vertices cannot form an odd cycle (it needs an odd number, at least 3)"
        )
    return walk_violation(adj, cycle, closed=True)


def matching_violation(edges: set[tuple[int, int]], pairs: Sequence[tuple[int, int]]) -> str | None:
    """Whether `pairs` are edges with no left or right vertex used twice."""
    left_used: set[int] = set()
    right_used: set[int] = set()
    for a, b in pairs:
        if (a, b) not in edges:
            return f"{a}-{b} is not an edge"
        if a in left_used:
            return f"left vertex {a} is matched twice"
        if b in right_used:
            return f"right vertex {b} is matched twice"
        left_used.add(a)
        right_used.add(b)
    return None


def topological_violation(arcs: Iterable[Sequence[int]], order: Sequence[int]) -> str | None:
    """The first arc u -> v with v placed before u (`order` must list every vertex once)."""
    place = {v: i for i, v in enumerate(order)}
    for u, v, *_ in arcs:
        if place[u] > place[v]:
            return f"arc {u}->{v} points backwards: {v} comes before {u}"
    return None


def isomorphism_violation(
    edges: Iterable[Sequence[int]], target: Sequence[Sequence[int]], mapping: Sequence[int]
) -> str | None:
    """Whether the bijection `mapping` sends every edge to an edge (edge counts are equal)."""
    image = {(min(a, b), max(a, b)) for a, b, *_ in target}
    for u, v, *_ in edges:
        a, b = mapping[u], mapping[v]
        if (min(a, b), max(a, b)) not in image:
            return f"edge {u}-{v} maps to {a}-{b}, which is not an edge of the second graph"
    return None


# ----------------------------------------------------------------------------- shortest paths
@dataclass
class ShortestPaths:
    dist: list[float]
    parent: list[int]
    pops: int  # heap pops: the work Dijkstra did

    def path_to(self, target: int) -> list[int]:
        """The vertices from the source to `target` along parents (target must be reached)."""
        path = [target]
        while self.parent[path[-1]] != -1:
            path.append(self.parent[path[-1]])
        return path[::-1]


def dijkstra(
    n: int, edges: Iterable[Sequence[int]], source: int, directed: bool = False
) -> ShortestPaths:
    """Single-source shortest paths for non-negative weights; unreachable vertices get inf."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for u, v, w in edges:
        out[u].append((v, w))
        if not directed:
            out[v].append((u, w))
    dist = [INF] * n
    parent = [-1] * n
    dist[source] = 0
    heap = [(0, source)]
    pops = 0
    while heap:
        d, u = heapq.heappop(heap)
        pops += 1
        if d > dist[u]:
            continue
        for v, w in out[u]:
            if d + w < dist[v]:
                dist[v] = d + w
                parent[v] = u
                heapq.heappush(heap, (d + w, v))
    return ShortestPaths(dist, parent, pops)


def floyd_warshall(
    n: int, arcs: Iterable[Sequence[int]], directed: bool = True
) -> list[list[float]]:
    """All-pairs shortest distances (inf where unreachable), for non-negative weights."""
    dist = [[0 if i == j else INF for j in range(n)] for i in range(n)]
    for u, v, w in arcs:
        dist[u][v] = min(dist[u][v], w)
        if not directed:
            dist[v][u] = min(dist[v][u], w)
    for k in range(n):
        row_k = dist[k]
        for i in range(n):
            row_i = dist[i]
            through = row_i[k]
            if through == INF:
                continue
            for j in range(n):
                if through + row_k[j] < row_i[j]:
                    row_i[j] = through + row_k[j]
    return dist


# ----------------------------------------------------------------------------- trees and flows
class DisjointSets:
    """Union-find with path halving and union by size."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        """Merges the sets of a and b; False when they were already one set."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return False
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        return True


def kruskal(n: int, edges: Iterable[Sequence[int]]) -> tuple[int, list[list[int]]]:
    """A minimum spanning forest: (total weight, its edges ``[u, v, w]``)."""
    sets = DisjointSets(n)
    tree = [
        list(e) for e in sorted(edges, key=lambda e: (e[2], e[0], e[1])) if sets.union(e[0], e[1])
    ]
    return sum(w for _, _, w in tree), tree


@dataclass
class FlowResult:
    value: int
    source_side: set[int]  # vertices reachable from the source in the final residual graph
    augmentations: int  # augmenting paths Dinic pushed flow along
    phases: int  # BFS level graphs Dinic built


def max_flow(
    n: int, arcs: Iterable[Sequence[int]], source: int, sink: int, directed: bool = True
) -> FlowResult:
    """Dinic's maximum flow with integer capacities; an undirected edge is two arcs."""
    head: list[list[int]] = [[] for _ in range(n)]
    to: list[int] = []
    cap: list[int] = []

    def add(u: int, v: int, forward: int, backward: int) -> None:
        head[u].append(len(to))
        to.append(v)
        cap.append(forward)
        head[v].append(len(to))
        to.append(u)
        cap.append(backward)

    for u, v, c in arcs:
        add(u, v, c, 0 if directed else c)
    value = augmentations = phases = 0
    while True:
        level = [-1] * n
        level[source] = 0
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for e in head[u]:
                if cap[e] > 0 and level[to[e]] < 0:
                    level[to[e]] = level[u] + 1
                    queue.append(to[e])
        if level[sink] < 0:
            break
        phases += 1
        pointer = [0] * n
        while True:
            pushed = _blocking_path(head, to, cap, level, pointer, source, sink)
            if not pushed:
                break
            value += pushed
            augmentations += 1
    side = {v for v in range(n) if level[v] >= 0}
    return FlowResult(value, side, augmentations, phases)


def _blocking_path(
    head: list[list[int]],
    to: list[int],
    cap: list[int],
    level: list[int],
    pointer: list[int],
    source: int,
    sink: int,
) -> int:
    """Pushes flow along one source-sink path of the level graph (iterative DFS); 0 if none."""
    stack: list[int] = []  # edge ids along the current path
    u = source
    while True:
        if u == sink:
            pushed = min(cap[e] for e in stack)
            for e in stack:
                cap[e] -= pushed
                cap[e ^ 1] += pushed
            return pushed
        advanced = False
        while pointer[u] < len(head[u]):
            e = head[u][pointer[u]]
            if cap[e] > 0 and level[to[e]] == level[u] + 1:
                stack.append(e)
                u = to[e]
                advanced = True
                break
            pointer[u] += 1
        if advanced:
            continue
        if not stack:
            return 0
        level[u] = -1  # a dead end: prune it for the rest of the phase
        e = stack.pop()
        u = to[e ^ 1]
        pointer[u] += 1


def hopcroft_karp(
    left: int, right: int, edges: Iterable[Sequence[int]]
) -> tuple[list[tuple[int, int]], int]:
    """A maximum matching of a bipartite graph (pairs (l, r)) and the number of phases."""
    adj: list[list[int]] = [[] for _ in range(left)]
    for a, b in edges:
        adj[a].append(b)
    match_left = [-1] * left
    match_right = [-1] * right
    phases = 0
    while True:
        dist = [-1] * left
        queue = deque(a for a in range(left) if match_left[a] == -1)
        for a in queue:
            dist[a] = 0
        found = False
        while queue:
            a = queue.popleft()
            for b in adj[a]:
                partner = match_right[b]
                if partner == -1:
                    found = True
                elif dist[partner] == -1:
                    dist[partner] = dist[a] + 1
                    queue.append(partner)
        if not found:
            break
        phases += 1
        for a in range(left):
            if match_left[a] == -1:
                _augment(a, adj, dist, match_left, match_right)
    pairs = [(a, match_left[a]) for a in range(left) if match_left[a] != -1]
    return pairs, phases


def _augment(
    start: int,
    adj: list[list[int]],
    dist: list[int],
    match_left: list[int],
    match_right: list[int],
) -> bool:
    """One augmenting path from free left vertex `start` along the BFS layers (iterative)."""
    stack = [(start, 0)]
    trail: list[tuple[int, int]] = []  # (left vertex, right vertex) steps taken
    while stack:
        a, index = stack.pop()
        if index >= len(adj[a]):
            dist[a] = -1  # exhausted: no augmenting path through a in this phase
            if trail:
                trail.pop()
            continue
        stack.append((a, index + 1))
        b = adj[a][index]
        partner = match_right[b]
        if partner == -1:
            trail.append((a, b))
            for x, y in trail:
                match_left[x] = y
                match_right[y] = x
            return True
        if dist[partner] == dist[a] + 1:
            trail.append((a, b))
            stack.append((partner, 0))
    return False


# ----------------------------------------------------------------------------- directed graphs
def tarjan_scc(n: int, arcs: Iterable[Sequence[int]]) -> list[list[int]]:
    """Strongly connected components (Tarjan, iterative), each sorted, by smallest vertex."""
    out = successors(n, arcs)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            if i < len(out[v]):
                work.append((v, i + 1))
                w = out[v][i]
                if index[w] == -1:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return sorted(components)


def topological_order(n: int, arcs: Iterable[Sequence[int]]) -> list[int] | None:
    """Kahn's algorithm, smallest available vertex first; None when there is a cycle."""
    out = successors(n, arcs)
    indegree = [0] * n
    for targets in out:
        for v in targets:
            indegree[v] += 1
    ready = [v for v in range(n) if indegree[v] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        u = heapq.heappop(ready)
        order.append(u)
        for v in out[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                heapq.heappush(ready, v)
    return order if len(order) == n else None


def directed_cycle(n: int, arcs: Iterable[Sequence[int]]) -> list[int] | None:
    """Some directed cycle (its vertices in order), or None when the graph is acyclic."""
    out = successors(n, arcs)
    state = [0] * n  # 0 unseen, 1 on the DFS path, 2 finished
    parent = [-1] * n
    for root in range(n):
        if state[root]:
            continue
        work = [(root, 0)]
        state[root] = 1
        while work:
            v, i = work.pop()
            if i < len(out[v]):
                work.append((v, i + 1))
                w = out[v][i]
                if state[w] == 1:
                    cycle = [v]
                    while cycle[-1] != w:
                        cycle.append(parent[cycle[-1]])
                    return cycle[::-1]
                if state[w] == 0:
                    state[w] = 1
                    parent[w] = v
                    work.append((w, 0))
            else:
                state[v] = 2
    return None


# ----------------------------------------------------------------------------- parity structure
def two_colouring_or_odd_cycle(
    n: int, edges: Iterable[Sequence[int]]
) -> tuple[list[int] | None, list[int] | None]:
    """(sides 0/1 per vertex, None) for a bipartite graph, else (None, an odd cycle)."""
    adj = adjacency(n, edges)
    side = [-1] * n
    parent = [-1] * n
    for root in range(n):
        if side[root] != -1:
            continue
        side[root] = 0
        queue = deque([root])
        while queue:
            u = queue.popleft()
            for v in sorted(adj[u]):
                if side[v] == -1:
                    side[v] = 1 - side[u]
                    parent[v] = u
                    queue.append(v)
                elif side[v] == side[u]:
                    return None, _odd_cycle(u, v, parent)
    return side, None


def _odd_cycle(u: int, v: int, parent: list[int]) -> list[int]:
    """The cycle closed by edge u-v between two BFS-tree vertices on the same side."""
    up_u = [u]
    while parent[up_u[-1]] != -1:
        up_u.append(parent[up_u[-1]])
    ancestors = {x: i for i, x in enumerate(up_u)}
    up_v = [v]
    while up_v[-1] not in ancestors:
        up_v.append(parent[up_v[-1]])
    meet = ancestors[up_v[-1]]
    return up_u[: meet + 1] + up_v[-2::-1]


def euler_trail(n: int, edges: Sequence[Sequence[int]]) -> list[int] | None:
    """An Euler trail (Hierholzer) as a vertex sequence, or None when none exists.

    A trail exists when the edges are connected and 0 or 2 vertices have odd degree; it
    starts at an odd vertex when there are two. A graph without edges has none.
    """
    if not edges:
        return None
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for index, (u, v, *_) in enumerate(edges):
        adj[u].append((v, index))
        adj[v].append((u, index))
    odd = [v for v in range(n) if len(adj[v]) % 2]
    if len(odd) not in (0, 2):
        return None
    start = odd[0] if odd else edges[0][0]
    used = [False] * len(edges)
    pointer = [0] * n
    stack = [start]
    trail = []
    while stack:
        v = stack[-1]
        while pointer[v] < len(adj[v]) and used[adj[v][pointer[v]][1]]:
            pointer[v] += 1
        if pointer[v] == len(adj[v]):
            trail.append(stack.pop())
        else:
            w, index = adj[v][pointer[v]]
            used[index] = True
            stack.append(w)
    if len(trail) != len(edges) + 1:
        return None  # edges in more than one component
    return trail[::-1]


# ----------------------------------------------------------------------------- TSP
def held_karp(dist: Sequence[Sequence[int]]) -> tuple[int, list[int]]:
    """The optimal tour length and a tour from city 0 (Held–Karp DP, O(n^2 2^n))."""
    n = len(dist)
    if n == 1:
        return 0, [0]
    d = np.asarray(dist, dtype=np.int64)
    big = np.iinfo(np.int64).max // 4
    size = 1 << (n - 1)  # subsets of cities 1..n-1; bit i-1 stands for city i
    best = np.full((size, n), big, dtype=np.int64)
    back = np.zeros((size, n), dtype=np.int64)
    for city in range(1, n):
        best[1 << (city - 1), city] = d[0, city]
    for mask in range(1, size):
        row = best[mask]
        if row.min() >= big:
            continue
        # extend every path ending anywhere in `mask` by one city outside it
        cand = row[:, None] + d  # cand[j, k]: end at j, then go to k
        arg = cand.argmin(axis=0)
        low = cand[arg, np.arange(n)]
        for city in range(1, n):
            bit = 1 << (city - 1)
            if mask & bit:
                continue
            target = mask | bit
            if low[city] < best[target, city]:
                best[target, city] = low[city]
                back[target, city] = arg[city]
    full = size - 1
    totals = best[full] + d[:, 0]
    totals[0] = big
    last = int(totals.argmin())
    tour = [0] * n
    mask = full
    for position in range(n - 1, 0, -1):
        tour[position] = last
        previous = int(back[mask, last])
        mask ^= 1 << (last - 1)
        last = previous
    return int(totals.min()), tour


# ----------------------------------------------------------------------------- SAT-proved optima
@dataclass
class Effort:
    """What the SAT solver spent on a proof: solver calls, decisions and conflicts."""

    calls: int = 0
    decisions: int = 0
    conflicts: int = 0

    def absorb(self, solver: Solver, calls: int) -> None:
        stats = solver.accum_stats()
        self.calls += calls
        self.decisions += int(stats.get("decisions", 0))
        self.conflicts += int(stats.get("conflicts", 0))

    def merge(self, other: Effort) -> None:
        self.calls += other.calls
        self.decisions += other.decisions
        self.conflicts += other.conflicts

    def as_dict(self) -> dict[str, int]:
        return {"sat_calls": self.calls, "decisions": self.decisions, "conflicts": self.conflicts}


def optimum_vertex_set(
    n: int, clauses: list[list[int]], maximize: bool
) -> tuple[list[int], Effort]:
    """A smallest (or largest) vertex set satisfying `clauses`, proved optimal by SAT.

    Vertex v is variable v + 1. Starting from any solution, an incremental totalizer over
    the objective bounds the next call one better, until the solver answers UNSAT; the last
    model is then optimal. Raises ValueError when no set satisfies the clauses.
    """
    objective = [-(v + 1) if maximize else v + 1 for v in range(n)]  # minimise the true ones
    effort = Effort()
    with (
        Solver(name=SAT_SOLVER, bootstrap_with=clauses) as solver,
        ITotalizer(lits=objective, ubound=n, top_id=n) as totalizer,
    ):
        solver.append_formula(totalizer.cnf.clauses)
        calls = 1
        if not solver.solve():
            raise ValueError("no vertex set satisfies the constraints")
        best = _chosen(solver.get_model(), n)
        while True:
            cost = n - len(best) if maximize else len(best)
            if cost == 0:
                break
            calls += 1
            if not solver.solve(assumptions=[-totalizer.rhs[cost - 1]]):
                break
            best = _chosen(solver.get_model(), n)
        effort.absorb(solver, calls)
    return best, effort


def _chosen(model: list[int], n: int) -> list[int]:
    true = {lit for lit in model if lit > 0}  # a variable in no clause may be left out
    return [v for v in range(n) if v + 1 in true]


def colouring_clauses(
    n: int, edges: Iterable[Sequence[int]], k: int, fixed: Sequence[int] = ()
) -> list[list[int]]:
    """CNF for a proper k-colouring; variable v * k + c + 1 means vertex v has colour c.

    Vertices in `fixed` (a clique) get colours 0, 1, ... in order, which breaks the symmetry
    between colours without losing any colouring up to renaming.
    """
    clauses = [[v * k + c + 1 for c in range(k)] for v in range(n)]
    for u, v, *_ in edges:
        clauses += [[-(u * k + c + 1), -(v * k + c + 1)] for c in range(k)]
    clauses += [[v * k + i + 1] for i, v in enumerate(fixed[:k])]
    if len(fixed) > k:
        clauses.append([])  # a clique larger than k: no k-colouring
    return clauses


def k_colouring(
    n: int, edges: Sequence[Sequence[int]], k: int, fixed: Sequence[int] = ()
) -> tuple[list[int] | None, Effort]:
    """A proper colouring with colours 1..k, or None when the graph has none."""
    effort = Effort()
    with Solver(name=SAT_SOLVER, bootstrap_with=colouring_clauses(n, edges, k, fixed)) as solver:
        found = solver.solve()
        model = solver.get_model() if found else None
        effort.absorb(solver, 1)
    if model is None:
        return None, effort
    true = {lit for lit in model if lit > 0}
    return [next(c + 1 for c in range(k) if v * k + c + 1 in true) for v in range(n)], effort


def greedy_clique(adj: Sequence[set[int]]) -> list[int]:
    """A maximal clique grown greedily from high-degree vertices (a chromatic lower bound)."""
    order = sorted(range(len(adj)), key=lambda v: (-len(adj[v]), v))
    best: list[int] = []
    for start in order:
        clique = [start]
        for v in order:
            if v != start and all(v in adj[u] for u in clique):
                clique.append(v)
        if len(clique) > len(best):
            best = clique
    return best


def dsatur(adj: Sequence[set[int]]) -> list[int]:
    """Brélaz's DSATUR greedy colouring (colours 1, 2, ...): an upper bound."""
    n = len(adj)
    colours = [0] * n
    for _ in range(n):
        v = max(
            (u for u in range(n) if not colours[u]),
            key=lambda u: (len({colours[w] for w in adj[u]} - {0}), len(adj[u]), -u),
        )
        used = {colours[w] for w in adj[v]}
        colours[v] = next(c for c in range(1, n + 2) if c not in used)
    return colours


def chromatic_number(n: int, edges: Sequence[Sequence[int]]) -> tuple[int, list[int], Effort]:
    """(chi, a colouring with colours 1..chi, effort): SAT at chi and UNSAT at chi - 1.

    DSATUR gives the starting colouring; SAT then tries one colour fewer until UNSAT.
    """
    adj = adjacency(n, edges)
    clique = greedy_clique(adj)
    best = dsatur(adj)
    effort = Effort()
    k = max(best)
    while k > 1:
        colouring, spent = k_colouring(n, edges, k - 1, clique)
        effort.merge(spent)
        if colouring is None:
            break
        best, k = colouring, k - 1
    return k, best, effort


def hamiltonian_clauses(n: int, adj: Sequence[set[int]], cycle: bool) -> list[list[int]]:
    """Position encoding: variable v * n + i + 1 means vertex v is visited i-th.

    Each vertex takes one position and each position one vertex (pairwise at-most-one);
    the vertex at position i has a neighbour at position i + 1 (wrapping for a cycle, which
    starts at vertex 0 to break its rotations).
    """

    def var(v: int, i: int) -> int:
        return v * n + i + 1

    clauses = []
    for a in range(n):
        for group in ([var(a, i) for i in range(n)], [var(v, a) for v in range(n)]):
            clauses.append(group)
            clauses += [[-x, -y] for j, x in enumerate(group) for y in group[j + 1 :]]
    last = n if cycle else n - 1
    for i in range(last):
        nxt = (i + 1) % n
        for v in range(n):
            clauses.append([-var(v, i)] + [var(u, nxt) for u in sorted(adj[v])])
    if cycle:
        clauses.append([var(0, 0)])
    return clauses


def hamiltonian_order(
    n: int, edges: Iterable[Sequence[int]], cycle: bool
) -> tuple[list[int] | None, Effort]:
    """A Hamiltonian path (or cycle) as a vertex order, or None when none exists (SAT)."""
    adj = adjacency(n, edges)
    if cycle and n < 3:
        return None, Effort()
    effort = Effort()
    with Solver(name=SAT_SOLVER, bootstrap_with=hamiltonian_clauses(n, adj, cycle)) as solver:
        found = solver.solve()
        model = solver.get_model() if found else None
        effort.absorb(solver, 1)
    if model is None:
        return None, effort
    position = {}
    for lit in model[: n * n]:
        if lit > 0:
            v, i = divmod(lit - 1, n)
            position[i] = v
    return [position[i] for i in range(n)], effort
