"""palaestra: procedurally generated, exactly verifiable reasoning environments for RL.

    import palaestra as pa
    env = pa.make("sat/ksat-v1")
    task = env.generate(seed=7, difficulty=3)
    verdict = env.verify(task, model_output)

Attributes load lazily (PEP 562) so that `import palaestra` stays fast. Importing palaestra
also registers every env with Gymnasium as ``palaestra/<domain>-<name>-v<N>``: at once if
Gymnasium is already imported, else the moment it is (see `_GymnasiumHook`), so that
`import palaestra` itself never pays for Gymnasium and numpy.
"""

from __future__ import annotations

import importlib
import sys
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


class _GymnasiumHook:
    """A one-shot import hook: once `gymnasium` has loaded, register palaestra's envs in it.

    Gymnasium 1.x reads no plugin entry points, and importing it here would cost ~0.4 s and
    numpy; this finder only wraps the loader of the `gymnasium` module when it is imported.
    """

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "gymnasium":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        found = importlib.util.find_spec(name)
        loader = getattr(found, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return found
        execute = loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            _register_gymnasium()

        loader.exec_module = exec_module
        return found


def _register_gymnasium() -> None:
    try:
        importlib.import_module("palaestra.integrations.gymnasium")
    except Exception as exc:  # a broken registration must not break `import gymnasium`
        import logging

        logging.getLogger(__name__).warning("palaestra envs not registered in gymnasium: %s", exc)


if "gymnasium" in sys.modules:
    _register_gymnasium()
elif not any(isinstance(finder, _GymnasiumHook) for finder in sys.meta_path):
    sys.meta_path.insert(0, _GymnasiumHook())
