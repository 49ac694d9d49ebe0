"""Math environments."""

CATALOG: dict[str, str] = {
    "math/arithmetic-v1": "palaestra.envs.math.arithmetic:Arithmetic",
}
