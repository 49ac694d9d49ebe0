"""OpenRLHF: the remote reward protocol behind `palaestra serve`, and a reward_func file.

OpenRLHF (0.11) posts ``{"query": [...], "prompts": [...], "labels": [...]}`` to
``--reward.remote_url`` and reads ``{"rewards": [...], "scores": [...], "extra_logs": {...}}``.
Each query is the decoded prompt plus response (special tokens kept), each prompt the templated
prompt, each label the dataset's ``--data.label_key`` value: with ``palaestra generate
--format openrlhf`` (JSONL with ``input`` and ``label``) the label is the task's JSON.

Train against `palaestra serve`::

    palaestra serve --port 8000 &
    python -m openrlhf.cli.train_ppo_ray ... --data.input_key input --data.label_key label \\
        --data.apply_chat_template --reward.remote_url http://127.0.0.1:8000/get_reward

or, without a server, point ``--reward.remote_url`` at a file holding
``from palaestra.integrations.openrlhf import reward_func``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from palaestra.integrations._common import as_task, verify


def response_of(query: str, prompt: str | None, task_prompt: str) -> str | None:
    """The response part of an OpenRLHF query (the prompt and response decoded together).

    The templated prompt is stripped when the query starts with it; else (a tokenizer whose
    decode does not give the prompt back verbatim) everything after the last copy of the task's
    own prompt text counts. A query holding neither gives None (no answer), so that an answer
    block inside the prompt's instructions can never be read as the model's.
    """
    if prompt and query.startswith(prompt):
        return query[len(prompt) :]
    where = query.rfind(task_prompt)
    if task_prompt and where >= 0:
        return query[where + len(task_prompt) :]
    return None


def score_batch(
    queries: Sequence[str], prompts: Sequence[str] | None, labels: Sequence[Any]
) -> dict[str, Any]:
    """Rewards for an OpenRLHF batch, in the protocol's shape.

    Raises:
        ValueError: lists of different lengths, or a label that is not a task.
    """
    prompts = list(prompts) if prompts is not None else [None] * len(queries)
    if not (len(queries) == len(prompts) == len(labels)):
        raise ValueError(
            f"query, prompts and labels must have one entry each per sample, got "
            f"{len(queries)}, {len(prompts)} and {len(labels)}"
        )
    tasks = [as_task(label) for label in labels]
    rewards: list[float] = []
    correct: list[float] = []
    unmatched: list[float] = []
    for query, prompt, task in zip(queries, prompts, tasks, strict=True):
        response = response_of(query, prompt, task.prompt) if isinstance(query, str) else None
        verdict = verify(task, response)
        rewards.append(float(verdict.score))
        correct.append(1.0 if verdict.correct else 0.0)
        unmatched.append(1.0 if response is None else 0.0)
    return {
        "rewards": rewards,
        "scores": list(rewards),
        "extra_logs": {"correct": correct, "prompt_not_found": unmatched},
    }


def reward_func(queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any]) -> dict:
    """OpenRLHF's file-based reward function (``--reward.remote_url reward.py``)."""
    return score_batch(queries, prompts, labels)
