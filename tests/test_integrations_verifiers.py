"""Prime Intellect `verifiers` 0.4: the taskset loads through verifiers' own loader and scores."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import palaestra
from palaestra.integrations import verifiers as integration

vf = integration.vf  # verifiers.v1, imported past this checkout's own verifiers/ folder

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The taskset package the README's first line writes, importable from sys.path."""
    tmp_path = tmp_path_factory.mktemp("verifiers")
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- snippet: verifiers -->")
    bash = re.compile(r"```bash\n(.*?)```", re.S).search(text, start)
    assert bash
    command = bash[1].split("&&")[0].split()
    assert command[:3] == ["python", "-m", "palaestra.integrations.verifiers"]
    subprocess.run(
        [sys.executable, *command[1:]], cwd=tmp_path, check=True, capture_output=True, timeout=120
    )
    directory = tmp_path / command[3]
    assert (directory / "pyproject.toml").exists()
    sys.path.insert(0, str(directory))
    yield directory
    sys.path.remove(str(directory))
    sys.modules.pop("palaestra_tasks", None)


def trace_for(task: Any, reply: str) -> Any:
    return vf.Trace(
        task=vf.TraceTask(type=type(task).__name__, data=task.data),
        agent=vf.AgentInfo(config=vf.AgentConfig()),
        root_reply=reply,
    )


def test_readme_snippet_loads_the_env_through_verifiers(package: Path) -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- snippet: verifiers -->")
    block = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    assert block
    namespace: dict[str, Any] = {}
    exec(compile(block[1], "README.md[verifiers]", "exec"), namespace)
    env = namespace["env"]
    assert type(env).__name__ == "SingleAgentEnv"
    assert isinstance(env.taskset, integration.PalaestraTaskset)
    names = [task.data.name.split("#")[0] for task in env.taskset]
    math_envs = sorted(s.id for s in palaestra.list_envs("math"))
    assert names[: 1 + len(math_envs)] == ["sat/ksat-v1", *math_envs]
    assert len(names) == 2 * (1 + len(math_envs))
    assert vf.default_harness_id("palaestra-tasks") == "palaestra-tasks"  # the chat harness


def test_tasks_follow_the_env_streams_and_score_replies(package: Path) -> None:
    taskset = integration.load_taskset(
        envs=["sat/ksat-v1", "math/arithmetic-v1"], difficulty="1-2", num_tasks=3, seed=5
    )
    assert taskset.bounded
    tasks = list(taskset)
    expected = [
        t
        for pair in zip(
            palaestra.make("sat/ksat-v1").stream(3, seed=5, difficulty="1-2"),
            palaestra.make("math/arithmetic-v1").stream(3, seed=5, difficulty="1-2"),
            strict=True,
        )
        for t in pair
    ]
    assert [t.data.task for t in tasks] == [t.model_dump_json() for t in expected]
    assert [t.data.prompt for t in tasks] == [t.prompt for t in expected]
    assert [t.data.idx for t in tasks] == list(range(6))
    for task, original in zip(tasks[:2], expected[:2], strict=True):
        right = trace_for(task, palaestra.make(original.env).solve(original))
        asyncio.run(task.score(right))
        assert right.rewards["palaestra_score"].score == 1.0 and right.reward == 1.0
        assert right.metrics["palaestra_correct"] == 1.0
        wrong = trace_for(task, "I am not sure.")
        asyncio.run(task.score(wrong))
        assert wrong.reward == 0.0 and wrong.metrics["palaestra_correct"] == 0.0


def test_an_endless_taskset_takes_views() -> None:
    taskset = integration.PalaestraTaskset(
        integration.PalaestraTasksetConfig(envs=["sat/*"], difficulty="1")
    )
    assert not taskset.bounded
    first = list(taskset.take(4))
    assert len(first) == 4 and len({t.data.id for t in first}) == 4
