"""A Prime Intellect `verifiers` (0.4, ``verifiers.v1``) taskset serving any palaestra env or mix.

verifiers 0.4 finds a taskset by importing the installed package its id names
(``--env.taskset.id palaestra-tasks`` imports ``palaestra_tasks``) and taking the `Taskset`
subclass in that package's ``__all__``. palaestra installs no top-level package of its own, so
make that package once with `write_taskset_package` (or ``python -m
palaestra.integrations.verifiers DIR``) and install it::

    python -m palaestra.integrations.verifiers ./palaestra-tasks && pip install ./palaestra-tasks
    vf-eval palaestra-tasks --env.taskset.envs '["sat/ksat-v1", "math/*"]' \\
        --env.taskset.difficulty 1-5 ...

In Python, `load_taskset` goes through verifiers' own loader the same way.

Each task's prompt is the palaestra prompt; the reward ``palaestra_score`` is the verifier's
score of the trace's final reply, and the metric ``palaestra_correct`` is 1.0 when it is exactly
right. The package
also exports `PalaestraHarness` (verifiers' plain chat harness), so a run defaults to one model
reply per task instead of an agent harness.
"""

from __future__ import annotations

import asyncio
import importlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import Field

from palaestra.errors import MissingExtraError
from palaestra.integrations._common import verify


def _import_prime_verifiers() -> ModuleType:
    """``import verifiers.v1``, also from the root of a palaestra checkout.

    A checkout has a ``verifiers/`` folder (it ships as ``palaestra.verifiers``); with the
    checkout's root on ``sys.path`` (``python -m ...`` run there) it would shadow the PyPI
    package, so that one entry is set aside while verifiers loads.
    """
    root = Path(__file__).resolve().parents[2]
    shadow = sys.modules.get("verifiers")
    if shadow is not None and Path(getattr(shadow, "__file__", "") or "").parent.parent == root:
        del sys.modules["verifiers"]
    saved = list(sys.path)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != root]
    try:
        return importlib.import_module("verifiers.v1")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] == "verifiers":
            raise MissingExtraError("the verifiers taskset", "verifiers", "verifiers") from None
        raise
    finally:
        sys.path[:] = saved


vf = _import_prime_verifiers()
NullHarness = importlib.import_module("verifiers.v1.harnesses.null").NullHarness

PACKAGE = "palaestra_tasks"
TASKSET_ID = "palaestra-tasks"


class PalaestraTasksetConfig(vf.TasksetConfig):
    """Which palaestra tasks to serve (``--env.taskset.<field>``)."""

    envs: list[str] = Field(default_factory=lambda: ["sat/ksat-v1"])
    """Env ids or glob patterns (``"math/*"``); several are interleaved round-robin."""
    difficulty: str | None = None
    """A level ("3") or a range cycled through ("1-5"); None: the envs' default knobs."""
    split: str = "train"
    """``train`` or ``eval`` (disjoint random streams)."""
    seed: int = 0
    """The stream seed: task i of an env is the one `Env.stream(seed=seed)` yields at i."""
    num_tasks: int | None = None
    """Tasks per env; None serves an endless stream."""
    knobs: dict[str, Any] = Field(default_factory=dict)
    """Knobs for every env."""


class PalaestraData(vf.TaskData):
    """A palaestra task on the verifiers wire: the prompt, and the whole task as JSON."""

    task: str
    """The palaestra task (`palaestra.Task` JSON), which the reward verifies against."""


class PalaestraTask(vf.Task[PalaestraData, vf.State, vf.TaskConfig]):
    """Scores the final reply with the task's palaestra verifier."""

    @vf.reward
    async def palaestra_score(self, task: PalaestraData, trace: vf.Trace) -> float:
        verdict = await asyncio.to_thread(verify, task.task, trace.last_reply)
        return float(verdict.score)

    @vf.metric
    async def palaestra_correct(self, task: PalaestraData, trace: vf.Trace) -> float:
        verdict = await asyncio.to_thread(verify, task.task, trace.last_reply)
        return 1.0 if verdict.correct else 0.0


class PalaestraTaskset(vf.Taskset[PalaestraTask, PalaestraTasksetConfig]):
    """Palaestra tasks, generated on the fly from each env's deterministic stream."""

    INFINITE = True

    def __init__(self, config: PalaestraTasksetConfig) -> None:
        super().__init__(config)
        if config.num_tasks is not None:
            self._bounded = True

    def load(self) -> Iterator[PalaestraTask]:
        from palaestra.benchmarks.suites import _registered_ids, _resolve
        from palaestra.registry import make

        config = self.config
        env_ids = _resolve(tuple(config.envs), _registered_ids(), "taskset")
        streams = [
            make(env_id).stream(
                config.num_tasks if config.num_tasks is not None else 2**62,
                seed=config.seed,
                difficulty=config.difficulty,
                split=config.split,
                **config.knobs,
            )
            for env_id in env_ids
        ]
        for tasks in itertools.zip_longest(*streams):
            for task in tasks:
                if task is None:
                    continue
                yield PalaestraTask(
                    PalaestraData(
                        id=task.id,
                        name=f"{task.env}#{task.seed}",
                        prompt=task.prompt,
                        task=task.model_dump_json(),
                    ),
                    config.task,
                )


class PalaestraHarness(NullHarness):
    """verifiers' plain chat harness: the model answers each task in one reply."""


__all__ = ["PalaestraHarness", "PalaestraTaskset"]


def write_taskset_package(directory: str | Path, name: str = TASKSET_ID) -> Path:
    """Writes an installable package that verifiers' loader finds as taskset `name`.

    The package re-exports `PalaestraTaskset` and `PalaestraHarness`; ``pip install DIR``
    makes ``--env.taskset.id <name>`` work. Returns the package directory (put its parent on
    ``sys.path`` to use it without installing).
    """
    directory = Path(directory)
    module = name.replace("-", "_").lower()
    package = directory / module
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(
        '"""palaestra tasks as a verifiers taskset (see palaestra.integrations.verifiers)."""\n\n'
        "from palaestra.integrations.verifiers import PalaestraHarness, PalaestraTaskset\n\n"
        '__all__ = ["PalaestraHarness", "PalaestraTaskset"]\n',
        encoding="utf-8",
    )
    (directory / "pyproject.toml").write_text(
        "[project]\n"
        f'name = "{name}"\n'
        'version = "0.1.0"\n'
        'description = "palaestra environments as a verifiers taskset"\n'
        'requires-python = ">=3.11"\n'
        'dependencies = ["palaestra", "verifiers>=0.4,<0.5"]\n\n'
        "[build-system]\n"
        'requires = ["setuptools>=77"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        "[tool.setuptools]\n"
        f'packages = ["{module}"]\n',
        encoding="utf-8",
    )
    return package


def load_taskset(name: str = TASKSET_ID, **fields: Any) -> vf.Taskset:
    """The taskset through verifiers' own loader (the package `name` must be importable)."""
    config = vf.taskset_config_type(name).model_validate({"id": name, **fields})
    return vf.load_taskset(config)


def main(argv: list[str] | None = None) -> None:
    """``python -m palaestra.integrations.verifiers DIR [NAME]``: write the taskset package."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print("usage: python -m palaestra.integrations.verifiers DIR [NAME]")
        return
    package = write_taskset_package(args[0], *args[1:2])
    print(f"Wrote {package}; install it with: pip install {args[0]}")


if __name__ == "__main__":
    main()
