"""Gymnasium: every env registered on `import palaestra`, text spaces, and the env checker."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import gymnasium
import pytest
from gymnasium.utils.env_checker import check_env

import palaestra
from palaestra.integrations.gymnasium import AnyText, PalaestraGymEnv, gym_id

README = Path(__file__).resolve().parents[1] / "README.md"


def sample_per_domain(per_domain: int = 2) -> list[str]:
    """The first envs of every domain (in id order): a sample that covers every domain."""
    chosen: dict[str, list[str]] = {}
    for spec in palaestra.list_envs():
        if not spec.id.startswith("testing/"):
            chosen.setdefault(spec.domain, []).append(spec.id)
    return [env_id for ids in chosen.values() for env_id in ids[:per_domain]]


@pytest.mark.parametrize("env_id", sample_per_domain())
def test_env_checker_passes(env_id: str) -> None:
    env = gymnasium.make(gym_id(env_id), difficulty=1)
    check_env(env.unwrapped)
    env.close()


def test_every_env_is_registered_with_its_id() -> None:
    registered = {name for name in gymnasium.registry if name.startswith("palaestra/")}
    for spec in palaestra.list_envs():
        if not spec.id.startswith("testing/"):
            assert gym_id(spec.id) in registered
    assert gym_id("sat/ksat-v1") == "palaestra/sat-ksat-v1"


@pytest.mark.parametrize(
    "code",
    [
        "import palaestra, gymnasium",  # palaestra first: the import hook registers
        "import gymnasium, palaestra",  # gymnasium first: palaestra registers at once
    ],
)
def test_registration_on_import_in_either_order(code: str, tmp_path: Path) -> None:
    script = (
        f"{code}, sys; "
        "env = gymnasium.make('palaestra/sat-ksat-v1'); print(env.reset(seed=0)[0][:12])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; {script}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == palaestra.make("sat/ksat-v1").generate(0).prompt[:12]


def test_import_palaestra_does_not_import_gymnasium(tmp_path: Path) -> None:
    code = "import sys, palaestra; print('gymnasium' in sys.modules, 'numpy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.stdout.split() == ["False", "False"]


def test_spaces_accept_any_string_within_bounds() -> None:
    space = AnyText(12)
    assert space.contains("") and space.contains("é✓\x00<answer>") and not space.contains("x" * 13)
    assert not space.contains(3)
    space.seed(1)
    assert all(space.contains(space.sample()) for _ in range(20))


def test_episode_reward_feedback_and_termination() -> None:
    env: Any = gymnasium.make("palaestra/sat-ksat-v1", difficulty=2)
    prompt, info = env.reset(seed=4)
    task = palaestra.make("sat/ksat-v1").generate(4, 2)
    assert prompt == task.prompt and info["task_id"] == task.id
    observation, reward, terminated, truncated, info = env.step("<answer>1</answer>")
    assert (reward, terminated, truncated) == (0.0, False, False)
    assert "Try again" in observation and info["reason"] == "invalid"
    observation, reward, terminated, truncated, info = env.step(
        palaestra.make("sat/ksat-v1").solve(task)
    )
    assert (reward, terminated, truncated, info["correct"]) == (1.0, True, False, True)
    with pytest.raises(palaestra.ConfigError, match="difficulty 42 is not a level"):
        PalaestraGymEnv("sat/ksat-v1", difficulty=42)


def test_readme_snippet() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- snippet: gymnasium -->")
    block = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    assert block
    namespace: dict[str, Any] = {}
    exec(compile(block[1], "README.md[gymnasium]", "exec"), namespace)
    assert namespace["reward"] == 0.0 and not namespace["terminated"]
