"""The conformance suite, parametrised over every registered environment."""

from __future__ import annotations

import pytest

import palaestra as pa
from palaestra.testing import check_env, digest_in_subprocess, task_digest

ENV_IDS = [spec.id for spec in pa.list_envs()]


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_env_conforms(env_id: str) -> None:
    # Cross-process determinism is checked once for the whole registry below.
    report = check_env(pa.make(env_id), cross_process=False)
    assert report.duplicate_rate <= 0.1


def test_tasks_identical_across_processes_with_other_hash_seeds() -> None:
    pairs = [(seed, level) for seed in (0, 5) for level in (1, 2)]
    for env_id in ENV_IDS:
        here = task_digest(env_id, pairs)
        assert digest_in_subprocess(env_id, pairs, hash_seed="1") == here
        assert digest_in_subprocess(env_id, pairs, hash_seed="987654") == here
