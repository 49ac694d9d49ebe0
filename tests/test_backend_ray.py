"""The Ray backend gives the local backend's outputs byte for byte, on a real local Ray.

One Ray with 2 CPUs is started for the module by a helper process, and shut down after it; the
commands run as subprocesses that join it through ``RAY_ADDRESS`` (one starts a Ray of its own
instead, the path taken without ``RAY_ADDRESS``). Ray never runs inside the pytest process: it
leaves C++ threads behind after ``ray.shutdown()``, and the other test modules fork process
pools. The cluster uses token authentication with a token of its own in a temporary directory,
so nothing under ``~/.ray`` is read or written. The local side runs in this process.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from palaestra.cli import cli
from palaestra.errors import PalaestraError
from palaestra.export import read_tasks
from palaestra.registry import make

ENVS = ("math/arithmetic-v1", "sat/ksat-v1")
needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None,
    reason="ray is not installed (pip install 'palaestra[ray]' to run the Ray backend tests)",
)

_HELPER = """
import sys
import ray

ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR",
         object_store_memory=256 * 2**20)
print(ray.get_runtime_context().gcs_address, flush=True)
sys.stdin.read()  # until the tests close this pipe (or die)
ray.shutdown()
"""


@pytest.fixture(scope="module")
def ray_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of a command that joins the module's Ray (RAY_ADDRESS and its token)."""
    token = tmp_path_factory.mktemp("ray-auth") / "token"
    token.write_text(secrets.token_hex(32))
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)}
    env.pop("RAY_ADDRESS", None)
    helper = subprocess.Popen(
        [sys.executable, "-c", _HELPER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        address = helper.stdout.readline().strip()
        assert address, "the helper process could not start Ray"
        yield {**env, "RAY_ADDRESS": address}
    finally:
        helper.stdin.close()
        try:
            helper.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(helper.pid, signal.SIGKILL)
            helper.wait()
        helper.stdout.close()


def local(*args: Any) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def on_ray(env: dict[str, str], *args: Any) -> str:
    command = [sys.executable, "-m", "palaestra", *(str(a) for a in args), "--backend", "ray"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def same_manifest(a: Path, b: Path) -> None:
    """Manifests equal but for the file name they record."""
    left, right = json.loads(a.read_text()), json.loads(b.read_text())
    left["export"].pop("path")
    right["export"].pop("path")
    assert left == right


@needs_ray
@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_generate_on_ray_equals_local(ray_env: dict[str, str], tmp_path: Path, fmt: str) -> None:
    common = ["generate", *ENVS, "-n", 150, "--difficulty", "1-3", "--row-group-size", 40]
    mine, theirs = tmp_path / f"local.{fmt}", tmp_path / f"ray.{fmt}"
    local(*common, "--workers", 1, "-o", mine)
    assert "Wrote 300 tasks" in on_ray(ray_env, *common, "-o", theirs)
    assert theirs.read_bytes() == mine.read_bytes()
    same_manifest(Path(f"{mine}.manifest.json"), Path(f"{theirs}.manifest.json"))


@needs_ray
def test_export_eval_on_ray_equals_local(ray_env: dict[str, str], tmp_path: Path) -> None:
    suite = tmp_path / "tiny-v1.toml"
    suite.write_text(
        'name = "tiny-v1"\ndescription = "Two envs at two levels."\n\n[[entries]]\n'
        f"envs = {json.dumps(list(ENVS))}\nlevels = [1, 2]\ncount = 30\n"
    )
    local("export-eval", suite, "-o", tmp_path / "local", "--workers", 1)
    on_ray(ray_env, "export-eval", suite, "-o", tmp_path / "ray")
    for name in ("tasks.parquet", "manifest.json"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


@needs_ray
def test_verify_on_a_ray_of_its_own_equals_local(ray_env: dict[str, str], tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.jsonl"
    local("generate", *ENVS, "-n", 60, "--difficulty", "1-2", "--workers", 1, "-o", tasks)
    lines = []
    for index, task in enumerate(read_tasks(tasks)):
        output = make(task.env).solve(task) if index % 3 else "<answer>not it</answer>"
        lines.append(json.dumps({"task_id": task.id, "output": output}) + "\n")
    responses = tmp_path / "responses.jsonl"
    responses.write_text("".join(lines))
    mine, theirs = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    expected = local("verify", tasks, responses, "-o", mine, "--workers", 1)
    # No RAY_ADDRESS: the command starts a local Ray with --workers CPUs and stops it.
    env = {key: value for key, value in ray_env.items() if key != "RAY_ADDRESS"}
    stdout = on_ray(env, "verify", tasks, responses, "-o", theirs, "--workers", 2)
    assert theirs.read_bytes() == mine.read_bytes()
    scores = [json.loads(line) for line in mine.read_text().splitlines()]
    assert len(scores) == 120 and 0 < sum(score["correct"] for score in scores) < 120
    summary = expected.splitlines()[-1].split(" in ")[0]  # "Scored 120 responses (...)"
    assert summary.startswith("Scored 120 responses") and summary in stdout


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from palaestra.backends import open_backend

    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets when it is missing
    message = (
        "the ray backend needs Ray, which is not installed (import of ray halted; None in "
        "sys.modules); install it with pip install 'palaestra[ray]', or use --backend local"
    )
    with pytest.raises(PalaestraError) as info:
        open_backend("ray")
    assert str(info.value) == message
