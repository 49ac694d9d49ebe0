"""Graph environments: colouring, cliques and covers, paths and tours, flows, orders."""

CATALOG: dict[str, str] = {
    "graphs/bipartite-matching-v1": "palaestra.envs.graphs.bipartite_matching:BipartiteMatching",
    "graphs/bipartite-v1": "palaestra.envs.graphs.bipartite:Bipartite",
    "graphs/chromatic-number-v1": "palaestra.envs.graphs.chromatic_number:ChromaticNumber",
    "graphs/coloring-v1": "palaestra.envs.graphs.coloring:Coloring",
    "graphs/connected-components-v1": (
        "palaestra.envs.graphs.connected_components:ConnectedComponents"
    ),
    "graphs/cycle-detection-v1": "palaestra.envs.graphs.cycle_detection:CycleDetection",
    "graphs/distance-query-v1": "palaestra.envs.graphs.distance_query:DistanceQuery",
    "graphs/euler-path-v1": "palaestra.envs.graphs.euler_path:EulerPath",
    "graphs/hamiltonian-cycle-v1": "palaestra.envs.graphs.hamiltonian_cycle:HamiltonianCycle",
    "graphs/hamiltonian-path-v1": "palaestra.envs.graphs.hamiltonian_path:HamiltonianPath",
    "graphs/isomorphism-v1": "palaestra.envs.graphs.isomorphism:Isomorphism",
    "graphs/max-clique-v1": "palaestra.envs.graphs.max_clique:MaxClique",
    "graphs/max-flow-v1": "palaestra.envs.graphs.max_flow:MaxFlow",
    "graphs/max-independent-set-v1": "palaestra.envs.graphs.max_independent_set:MaxIndependentSet",
    "graphs/min-cut-v1": "palaestra.envs.graphs.min_cut:MinCut",
    "graphs/min-dominating-set-v1": "palaestra.envs.graphs.min_dominating_set:MinDominatingSet",
    "graphs/min-vertex-cover-v1": "palaestra.envs.graphs.min_vertex_cover:MinVertexCover",
    "graphs/mst-weight-v1": "palaestra.envs.graphs.mst_weight:MstWeight",
    "graphs/scc-v1": "palaestra.envs.graphs.scc:StronglyConnectedComponents",
    "graphs/shortest-path-v1": "palaestra.envs.graphs.shortest_path:ShortestPath",
    "graphs/topological-order-v1": "palaestra.envs.graphs.topological_order:TopologicalOrder",
    "graphs/tsp-v1": "palaestra.envs.graphs.tsp:Tsp",
}
