"""verl's custom reward function: ``compute_score(data_source, solution_str, ground_truth, ...)``.

In a verl config (verl 0.9)::

    reward:
      custom_reward_function:
        path: pkg://palaestra.integrations.verl
        name: compute_score

with data from ``palaestra generate ... --format verl`` (rows with `data_source` = env id and
``reward_model.ground_truth`` = the task's JSON). verl's reward managers call the function from
a thread pool inside Ray actors, so it keeps no state besides two caches that are safe to share
across threads (parsed tasks, one env instance per id). Every call returns the same keys, as
verl's reward managers stack the extra keys of a batch into columns.
"""

from __future__ import annotations

from typing import Any

from palaestra.integrations._common import as_task, verify

REASON_CODES = {
    name: code
    for code, name in enumerate(
        ("ok", "no_answer", "unparsable", "wrong", "partial", "invalid", "timeout", "too_long")
    )
}


def compute_score(
    data_source: str | None,
    solution_str: str | None,
    ground_truth: Any,
    extra_info: dict[str, Any] | None = None,
    **kwargs: Any,
) -> dict[str, float]:
    """Scores one decoded response against the task in `ground_truth`.

    Args:
        data_source: the row's env id (the task itself says which env checks it).
        solution_str: the decoded response.
        ground_truth: the task's JSON string, as the verl export writes it.
        extra_info: the row's extra_info (unused; verl adds num_turns and rollout scores).
        **kwargs: whatever else a verl reward manager passes (reward router address, ...).

    Returns:
        ``score`` (the reward in [0, 1]), ``acc`` (1.0 when exactly right) and
        ``reason_code`` (the Verdict's reason as a number, see `REASON_CODES`).

    Raises:
        ValueError: a ground truth that is not a task (a data bug, not model output).
    """
    verdict = verify(as_task(ground_truth), solution_str)
    return {
        "score": float(verdict.score),
        "acc": 1.0 if verdict.correct else 0.0,
        "reason_code": float(REASON_CODES[verdict.reason]),
    }
