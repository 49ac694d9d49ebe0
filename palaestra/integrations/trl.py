"""A TRL GRPO reward function: score each completion with its task's verifier.

    from datasets import load_dataset
    from trl import GRPOConfig, GRPOTrainer
    from palaestra.integrations.trl import reward

    # palaestra generate sat/ksat-v1 -n 1000 --format trl -o train.trl.parquet
    dataset = load_dataset("parquet", data_files="train.trl.parquet", split="train")
    trainer = GRPOTrainer(model=..., reward_funcs=reward, train_dataset=dataset,
                          args=GRPOConfig(...))

The ``trl`` export has a chat-format `prompt` column and a `task` column with the task's JSON;
TRL passes every dataset column except the prompt to reward functions as keyword arguments, so
`reward` reads `task` from there. Nothing here imports TRL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from palaestra.integrations._common import completion_text, verify


def reward(
    prompts: Sequence[Any] | None = None,
    completions: Sequence[Any] | None = None,
    completion_ids: Sequence[Any] | None = None,
    task: Sequence[Any] | None = None,
    **kwargs: Any,
) -> list[float]:
    """One reward in [0, 1] per completion: the verifier's score of the completion's answer.

    Args:
        prompts: the prompts (unused: the task carries everything the verifier needs).
        completions: plain strings, or conversations whose last assistant message is read.
        completion_ids: token ids (unused).
        task: one task per completion (its JSON string, a dict, or a `Task`), from the
            dataset's ``task`` column.
        **kwargs: TRL's other reward arguments (other columns, trainer state, loggers).

    Raises:
        ValueError: no ``task`` column, or a task that does not parse (a data bug). Model
            output never raises: anything unreadable scores 0.
    """
    if completions is None:
        raise ValueError("reward needs the completions TRL passes as `completions=`")
    if task is None:
        raise ValueError(
            "reward needs a `task` column (the task JSON): export with "
            "`palaestra generate ... --format trl`"
        )
    if len(task) != len(completions):
        raise ValueError(f"got {len(completions)} completions but {len(task)} tasks")
    return [
        verify(one_task, completion_text(completion)).score
        for one_task, completion in zip(task, completions, strict=True)
    ]
