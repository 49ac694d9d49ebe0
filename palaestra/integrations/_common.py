"""What every adapter shares: tasks from their JSON, one env per id, text of a completion."""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from palaestra.env import Env
    from palaestra.records import Task, Verdict

_envs: dict[str, Env] = {}
_envs_lock = threading.Lock()


def env_for(env_id: str) -> Env:
    """One shared instance per env id; `Env.verify` keeps no per-call state, so threads share."""
    env = _envs.get(env_id)
    if env is None:
        from palaestra.registry import make

        with _envs_lock:
            env = _envs.get(env_id)
            if env is None:
                env = _envs[env_id] = make(env_id)
    return env


@functools.lru_cache(maxsize=8192)
def task_from_json(text: str) -> Task:
    """Parses a task's JSON (cached: GRPO scores many completions of one prompt)."""
    from palaestra.records import Task

    return Task.model_validate_json(text)


def as_task(value: Any) -> Task:
    """A task from its JSON string, a dict of its fields, or a `Task`.

    Raises:
        ValueError: the value is not a task (a data bug, not something a model wrote).
    """
    from pydantic import ValidationError

    from palaestra.records import Task

    if isinstance(value, Task):
        return value
    try:
        if isinstance(value, str | bytes):
            return task_from_json(value if isinstance(value, str) else value.decode())
        if isinstance(value, dict):
            return Task.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error.get("loc", ()))
        raise ValueError(f"not a palaestra task: {where}: {error['msg']}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"not a palaestra task: {exc}") from None
    raise ValueError(f"not a palaestra task: expected its JSON string, got {type(value).__name__}")


def verify(task: Any, output: str | None) -> Verdict:
    """Scores one output; never raises on the output (the task must be a task)."""
    parsed = as_task(task)
    return env_for(parsed.env).verify(parsed, output)


def completion_text(completion: Any) -> str | None:
    """The text of a completion: a string, or the last assistant message of a conversation.

    Message contents may be strings or lists of parts (``{"type": "text", "text": ...}``).
    """
    if completion is None or isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return _content_text(completion.get("content"))
    if isinstance(completion, list | tuple):
        messages = [m for m in completion if isinstance(m, dict)]
        for message in reversed(messages):
            if message.get("role", "assistant") == "assistant":
                return _content_text(message.get("content"))
        return None
    return str(completion)


def _content_text(content: Any) -> str | None:
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [part.get("text", "") if isinstance(part, dict) else str(part) for part in content]
        return "".join(p for p in parts if isinstance(p, str))
    return str(content)
