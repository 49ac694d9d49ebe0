"""The conformance suite, parametrised over every registered environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import palaestra as pa
from palaestra.testing import check_env, task_digest

ENV_IDS = [spec.id for spec in pa.list_envs()]


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_env_conforms(env_id: str) -> None:
    # Cross-process determinism is checked once for the whole registry below.
    report = check_env(pa.make(env_id), cross_process=False)
    assert report.duplicate_rate <= 0.1


def test_tasks_identical_across_processes_with_other_hash_seeds() -> None:
    pairs = [(seed, level) for seed in (0, 5) for level in (1, 2)]
    here = {env_id: task_digest(env_id, pairs) for env_id in ENV_IDS}
    # One fresh interpreter per hash seed digests the whole registry.
    code = (
        "import json, sys; from palaestra.testing import task_digest; "
        "ids, pairs = json.loads(sys.argv[1]), [tuple(p) for p in json.loads(sys.argv[2])]; "
        "print(json.dumps({i: task_digest(i, pairs) for i in ids}))"
    )
    for hash_seed in ("1", "987654"):
        result = subprocess.run(
            [sys.executable, "-c", code, json.dumps(ENV_IDS), json.dumps(pairs)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            timeout=1800,
            check=True,
        )
        there = json.loads(result.stdout)
        assert [i for i in ENV_IDS if there[i] != here[i]] == []
