"""Stable seed derivation: every random stream comes from a hash of what identifies it.

Python's `hash()` is salted per process (PYTHONHASHSEED), so it is never used here. A task's
rng is derived from (env id with version, split, seed); stream positions are derived from
(stream seed, position), never `seed + index`, so overlapping streams do not share tasks.
"""

from __future__ import annotations

import hashlib

import numpy as np

SPLITS = ("train", "eval")
_SEED_SPACE = 2**63


def stable_hash(*parts: object) -> int:
    """A 128-bit integer hash of the parts' string forms, identical in every process."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), "big")


def task_rng(env_id: str, split: str, seed: int) -> np.random.Generator:
    """The rng of one task: the same (env id, split, seed) always gives the same stream."""
    return np.random.default_rng(np.random.SeedSequence(stable_hash("task", env_id, split, seed)))


def stream_seed(base_seed: int, position: int) -> int:
    """The task seed at `position` of the stream started from `base_seed`."""
    return stable_hash("stream", base_seed, position) % _SEED_SPACE
