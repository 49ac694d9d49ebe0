"""verl: the export's row shape and `compute_score`, called as verl 0.9's reward managers do.

verl pulls a GPU stack (Ray, vLLM, FSDP), so it is not installed here. These tests follow its
calling conventions instead: the config's ``pkg://`` path loaded by verl's rule
(`verl.utils.import_utils.load_module`: strip the prefix, ``/`` -> ``.``, import), the
function called with keyword arguments plus the extra keys verl adds, from a thread pool.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import shlex
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import palaestra
from palaestra.cli import cli
from palaestra.export import read_tasks

README = Path(__file__).resolve().parents[1] / "README.md"
MIXED = ["sat/ksat-v1", "math/arithmetic-v1", "puzzles/sudoku-v1", "graphs/coloring-v1"]


def readme_block(name: str, language: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"<!-- snippet: {name} -->")
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(text, start)
    assert match is not None
    return match.group(1)


def load_like_verl(path: str, name: str) -> Any:
    """verl 0.9's `load_extern_object` for a ``pkg://`` path."""
    assert path.startswith("pkg://")
    module = importlib.import_module(path[len("pkg://") :].replace("/", "."))
    return getattr(module, name)


def reward_config() -> dict[str, str]:
    block = readme_block("verl", "yaml")
    path = re.search(r"path: (\S+)", block)
    name = re.search(r"name: (\S+)", block)
    assert path and name
    return {"path": path[1], "name": name[1]}


def available(env_ids: list[str]) -> list[str]:
    registered = {spec.id for spec in palaestra.list_envs()}
    return [env_id for env_id in env_ids if env_id in registered]


def test_readme_snippet_exports_verl_rows_and_scores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    command = readme_block("verl", "bash").strip().replace("-n 500", "-n 3")
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    table = pq.read_table("train.verl.parquet")
    assert table.column_names == ["data_source", "prompt", "ability", "reward_model", "extra_info"]
    rows = table.to_pylist()
    tasks = list(read_tasks("train.verl.parquet"))
    for index, (row, task) in enumerate(zip(rows, tasks, strict=True)):
        assert row["data_source"] == task.env
        assert row["prompt"] == [{"role": "user", "content": task.prompt}]
        assert row["ability"] == task.env.partition("/")[0]
        assert row["reward_model"] == {"style": "rule", "ground_truth": task.model_dump_json()}
        assert row["extra_info"] == {
            "index": index,
            "split": "train",
            "seed": task.seed,
            "env": task.env,
            "version": task.version,
            "task_id": task.id,
            "difficulty": task.difficulty,
        }
    manifest = json.loads(Path("train.verl.parquet.manifest.json").read_text())
    assert manifest["export"]["format"] == "verl" and manifest["count"] == len(rows)
    namespace: dict[str, Any] = {}
    exec(compile(readme_block("verl", "python"), "README.md[verl]", "exec"), namespace)
    assert set(namespace["result"]) == {"score", "acc", "reason_code"}


def test_compute_score_as_verl_reward_managers_call_it() -> None:
    compute_score = load_like_verl(**reward_config())
    env = palaestra.make("sat/ksat-v1")
    task = env.generate(3, 2)
    extra_info = {"index": 0, "split": "train", "num_turns": None, "rollout_reward_scores": {}}
    right = compute_score(
        data_source=task.env,
        solution_str=env.solve(task),
        ground_truth=task.model_dump_json(),
        extra_info=extra_info,
        reward_router_address=None,
        reward_model_tokenizer=None,
    )
    assert right == {"score": 1.0, "acc": 1.0, "reason_code": 0.0}
    wrong = compute_score(task.env, "no answer at all", task.model_dump_json())
    assert set(wrong) == set(right) and wrong["score"] == 0.0 and wrong["acc"] == 0.0
    for junk in [None, "", "<answer>" + "9" * 50_000 + "</answer>", "\ud800<answer>x</answer>"]:
        assert compute_score(task.env, junk, task.model_dump_json())["score"] == 0.0
    with pytest.raises(ValueError, match="not a palaestra task"):
        compute_score(task.env, "x", '{"not": "a task"}')


def test_naive_reward_manager_calling_shape() -> None:
    """verl's naive reward manager: ``run_in_executor(None, lambda: compute_score(**kw))``."""
    compute_score = load_like_verl(**reward_config())
    env = palaestra.make("sat/ksat-v1")
    tasks = list(env.stream(8, seed=1, difficulty="1-3"))

    async def run_single(task: palaestra.Task, response: str) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            None,
            lambda: compute_score(
                data_source=task.env,
                solution_str=response,
                ground_truth=task.model_dump_json(),
                extra_info={"index": 0, "num_turns": None, "rollout_reward_scores": {}},
            ),
        )
        return {"reward_score": result["score"], "reward_extra_info": dict(result)}

    async def batch() -> list[dict[str, Any]]:
        responses = [env.solve(t) if i % 2 else "wrong" for i, t in enumerate(tasks)]
        return await asyncio.gather(
            *(run_single(t, r) for t, r in zip(tasks, responses, strict=False))
        )

    results = asyncio.run(batch())
    assert [r["reward_score"] for r in results] == [0.0, 1.0] * 4
    assert len({tuple(sorted(r["reward_extra_info"])) for r in results}) == 1


def test_thread_pool_of_16_matches_a_serial_loop() -> None:
    """The consistency figure of issue 4: mixed envs, 16 threads, the same scores as serial."""
    compute_score = load_like_verl(**reward_config())
    samples = []
    for env_id in available(MIXED):
        env = palaestra.make(env_id)
        for index, task in enumerate(env.stream(50, seed=7, difficulty="1-4")):
            outputs = [env.solve(task), "<answer>0</answer>", "thinking... no answer"]
            samples.append((task.env, outputs[index % 3], task.model_dump_json()))
    assert len(samples) >= 100
    serial = [compute_score(*sample) for sample in samples]
    with ThreadPoolExecutor(max_workers=16) as pool:
        threaded = list(pool.map(lambda sample: compute_score(*sample), samples))
    assert threaded == serial
    assert {r["score"] for r in serial} >= {0.0, 1.0}
    print(f"verl compute_score: {len(samples)} samples, 16 threads == serial: {threaded == serial}")
