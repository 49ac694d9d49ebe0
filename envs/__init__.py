"""The built-in environments, one module per environment, one folder per domain.

CATALOG is the lazy index: id -> "module:Class". Each module defines its class under
``@register(id)`` with the same id; tests/test_registry.py checks the two agree.
"""

CATALOG: dict[str, str] = {
    "sat/ksat-v1": "palaestra.envs.sat.ksat:KSat",
    "math/arithmetic-v1": "palaestra.envs.math.arithmetic:Arithmetic",
    "puzzles/sudoku-v1": "palaestra.envs.puzzles.sudoku:Sudoku",
}
