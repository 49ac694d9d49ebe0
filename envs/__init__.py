"""The built-in environments, one module per environment, one folder per domain.

Each domain package (`palaestra.envs.sat`, ...) lists its environments in a CATALOG dict,
id -> "module:Class"; the module defines the class under ``@register(id)`` with the same id
(tests/test_registry.py checks that the two agree). Domain packages import nothing heavy, so
building the merged CATALOG below stays cheap; env modules load only when used.
"""

from __future__ import annotations

import importlib

DOMAINS = ("sat", "graphs", "puzzles", "logic", "math", "tabular", "code", "legal", "interactive")


def _merged_catalog() -> dict[str, str]:
    catalog: dict[str, str] = {}
    for domain in DOMAINS:
        try:
            module = importlib.import_module(f"palaestra.envs.{domain}")
        except ModuleNotFoundError as exc:
            if exc.name != f"palaestra.envs.{domain}":
                raise
            continue  # a domain with no environments yet
        catalog.update(getattr(module, "CATALOG", {}))
    return catalog


CATALOG: dict[str, str] = _merged_catalog()
