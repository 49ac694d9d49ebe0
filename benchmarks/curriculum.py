"""Saturn-style curriculum: train on one difficulty level until the model passes it.

Saturn (Liu et al. 2025, "SAT-based Reinforcement Learning to Unleash Language Model
Reasoning") trains on k-SAT instances of one difficulty, measures pass@1 at that
difficulty, and moves to harder instances once pass@1 exceeds a threshold ε; it never
moves back. Here difficulty is an environment's level (1..10 in palaestra), so the same
rule serves every environment of the SAT family, and any other.

Two ways to use it from a trainer loop:

    from palaestra.benchmarks.curriculum import SaturnCurriculum
    import palaestra as pa

    env = pa.make("sat/ksat-v1")
    curriculum = SaturnCurriculum(epsilon=0.5, window=64)
    for step in range(1000):
        tasks = list(env.stream(32, seed=step, difficulty=curriculum.level))
        rewards = [env.verify(t, policy(t.prompt)).score for t in tasks]
        curriculum.record(curriculum.level, rewards)
        curriculum.update()  # moves on once pass@1 at the level > epsilon

or, with pass@1 measured elsewhere (e.g. on a held-out eval set per level, as Saturn does),
the pure function `next_level({1: 0.82, 2: 0.31}, current=1)` returns 2.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence

from palaestra.errors import ConfigError

DEFAULT_EPSILON = 0.5


def next_level(
    pass_at_1: Mapping[int, float],
    current: int,
    *,
    epsilon: float = DEFAULT_EPSILON,
    levels: Sequence[int] = tuple(range(1, 11)),
) -> int:
    """The level to train on next under Saturn's rule.

    From `current`, move up one level while the pass@1 measured at the level in hand is
    greater than `epsilon` (so a model that already passes several levels skips them); a
    level with no measurement stops the climb, and the top level is never left. The level
    never goes down.

    Args:
        pass_at_1: recent pass@1 (0..1) per level; missing levels count as not yet measured.
        current: the level trained on now; must be one of `levels`.
        epsilon: the threshold ε in [0, 1).
        levels: the levels in increasing order of difficulty.
    """
    _check_epsilon(epsilon)
    ordered = list(levels)
    if current not in ordered:
        raise ConfigError(f"current level {current} is not one of the levels {ordered}")
    position = ordered.index(current)
    while position + 1 < len(ordered):
        score = pass_at_1.get(ordered[position])
        if score is None or score <= epsilon:
            break
        position += 1
    return ordered[position]


class SaturnCurriculum:
    """Tracks recent rewards per level and advances the training level like Saturn.

    Args:
        levels: the levels in increasing order of difficulty (default 1..10).
        epsilon: advance when pass@1 at the current level is greater than this.
        window: how many recent attempts per level make up its pass@1.
        min_attempts: attempts a level needs before its pass@1 counts (a few lucky
            answers on a fresh level must not move the curriculum on).
        start: the first level (default the easiest).

    A reward counts as a pass when it is 1.0 (a correct answer); partial credit does not.
    """

    def __init__(
        self,
        levels: Iterable[int] = range(1, 11),
        *,
        epsilon: float = DEFAULT_EPSILON,
        window: int = 64,
        min_attempts: int = 16,
        start: int | None = None,
    ) -> None:
        _check_epsilon(epsilon)
        self.levels = list(levels)
        if not self.levels or self.levels != sorted(set(self.levels)):
            raise ConfigError(f"levels must be increasing and distinct, got {self.levels}")
        if window < 1 or not 1 <= min_attempts <= window:
            raise ConfigError(
                f"need window >= 1 and 1 <= min_attempts <= window, got window={window}, "
                f"min_attempts={min_attempts}"
            )
        self.epsilon = epsilon
        self.min_attempts = min_attempts
        self.level = self.levels[0] if start is None else start
        if self.level not in self.levels:
            raise ConfigError(f"start level {start} is not one of the levels {self.levels}")
        self._recent: dict[int, deque[bool]] = {lv: deque(maxlen=window) for lv in self.levels}

    def record(self, level: int, rewards: float | Iterable[float]) -> None:
        """Adds the rewards of attempts at `level` (one reward or many)."""
        if level not in self._recent:
            raise ConfigError(f"level {level} is not one of the levels {self.levels}")
        values = [rewards] if isinstance(rewards, int | float) else list(rewards)
        self._recent[level].extend(float(r) >= 1.0 for r in values)

    def pass_at_1(self, level: int) -> float | None:
        """The share of recent attempts at `level` that were correct, or None when too few."""
        recent = self._recent.get(level)
        if recent is None or len(recent) < self.min_attempts:
            return None
        return sum(recent) / len(recent)

    def pass_rates(self) -> dict[int, float]:
        """pass@1 of every level with enough recent attempts."""
        rates = {level: self.pass_at_1(level) for level in self.levels}
        return {level: rate for level, rate in rates.items() if rate is not None}

    def update(self) -> int:
        """Applies Saturn's rule to the recent pass rates; returns the (new) training level."""
        self.level = next_level(
            self.pass_rates(), self.level, epsilon=self.epsilon, levels=self.levels
        )
        return self.level


def _check_epsilon(epsilon: float) -> None:
    if not 0.0 <= epsilon < 1.0:
        raise ConfigError(f"epsilon must be in [0, 1), got {epsilon!r}")
