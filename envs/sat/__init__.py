"""SAT and SAT-encoded combinatorial environments."""

CATALOG: dict[str, str] = {
    "sat/ksat-v1": "palaestra.envs.sat.ksat:KSat",
}
