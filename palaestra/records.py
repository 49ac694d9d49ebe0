"""`Task` and `Verdict`: the two records every environment produces."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Reason = Literal[
    "ok", "no_answer", "unparsable", "wrong", "partial", "invalid", "timeout", "too_long"
]
REASONS: tuple[str, ...] = Reason.__args__  # type: ignore[attr-defined]


class Task(BaseModel):
    """One generated task. JSON round-trips exactly; `data` and `meta` hold JSON values only.

    Attributes:
        id: stable content id (a digest of env, split, seed, params and data).
        env: the versioned environment id, e.g. ``sat/ksat-v1``.
        version: the environment version (the N of ``-vN``).
        split: ``train`` or ``eval``; the two splits draw from disjoint random streams.
        seed: the seed that regenerates this task with ``make(env).generate(seed, split=split)``.
        difficulty: the level used, or None when the knobs were given directly.
        params: the resolved knobs.
        prompt: the complete text shown to the model, with the required answer format.
        answer: the canonical reference answer, or None when checking is by certificate.
        data: what the verifier needs (the instance).
        meta: domain, tags, package version and the cost measures used for difficulty.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    env: str
    version: int
    split: str = "train"
    seed: int
    difficulty: int | None = None
    params: dict[str, Any]
    prompt: str
    answer: str | None = None
    data: dict[str, Any]
    meta: dict[str, Any] = Field(default_factory=dict)


class Verdict(BaseModel):
    """The outcome of checking one model output against one task.

    Attributes:
        score: reward in [0, 1]; 1.0 exactly when the answer is correct.
        correct: True exactly when score == 1.
        reason: a code from a closed set: ok, no_answer, unparsable, wrong, partial, invalid,
            timeout, too_long.
        feedback: one or two sentences a model can act on when it retries.
        extracted: the answer text that was read (shortened), or None when there was none.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    score: float = Field(ge=0.0, le=1.0)
    correct: bool
    reason: Reason
    feedback: str = ""
    extracted: str | None = None

    @classmethod
    def right(cls, extracted: str | None = None, feedback: str = "Correct.") -> Verdict:
        return cls(score=1.0, correct=True, reason="ok", feedback=feedback, extracted=extracted)

    @classmethod
    def fail(
        cls, reason: Reason, feedback: str, extracted: str | None = None, score: float = 0.0
    ) -> Verdict:
        """A verdict below full marks; `score` gives partial credit where an env allows it."""
        if score >= 1.0:
            raise ValueError("a failing verdict must score below 1.0")
        return cls(
            score=score, correct=False, reason=reason, feedback=feedback, extracted=extracted
        )


def canonical_json(value: Any) -> str:
    """Deterministic compact JSON (sorted keys) used for digests and content ids."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
