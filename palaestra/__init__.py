"""palaestra: procedurally generated, exactly verifiable reasoning environments for RL.

    import palaestra as pa
    env = pa.make("sat/ksat-v1")
    task = env.generate(seed=7, difficulty=3)
    verdict = env.verify(task, model_output)

Attributes load lazily (PEP 562) so that `import palaestra` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "make": "palaestra.registry",
    "list_envs": "palaestra.registry",
    "register": "palaestra.registry",
    "spec": "palaestra.registry",
    "EnvSpec": "palaestra.registry",
    "Env": "palaestra.env",
    "Params": "palaestra.params",
    "Task": "palaestra.records",
    "Verdict": "palaestra.records",
    "PalaestraError": "palaestra.errors",
    "UnknownEnvError": "palaestra.errors",
    "InvalidEnvIdError": "palaestra.errors",
    "ConfigError": "palaestra.errors",
    "RegistrationError": "palaestra.errors",
    "MissingExtraError": "palaestra.errors",
    "InputFileError": "palaestra.errors",
    "ExportError": "palaestra.errors",
    "SandboxError": "palaestra.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'palaestra' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
