"""Gymnasium: every palaestra env as ``palaestra/<domain>-<name>-v<N>``, with text spaces.

    import gymnasium, palaestra
    env = gymnasium.make("palaestra/sat-ksat-v1", difficulty=3)
    prompt, info = env.reset(seed=0)
    prompt, reward, terminated, truncated, info = env.step("<answer>1 -2 3</answer>")

Observations are the prompt, then the verifier's feedback after a wrong answer; actions are the
model's whole output. Both spaces accept any string within their length bounds (`AnyText`).
An episode ends when the answer is right (terminated) or after the env's `max_turns` tries
(truncated); the reward of a step is the verifier's score.

Registration: `import palaestra` does not import Gymnasium (it would cost ~0.4 s and numpy);
it installs an import hook that registers every env the moment ``gymnasium.envs`` finishes
loading, or registers at once when Gymnasium is already imported. Gymnasium 1.x no longer reads
plugin entry points, so this is what makes ``gymnasium.make("palaestra/...")`` work after
``import palaestra`` in either order. ``gymnasium.make("palaestra.integrations.gymnasium:
palaestra/sat-ksat-v1")`` works even without importing palaestra first.
"""

from __future__ import annotations

import string
from typing import Any

import gymnasium
from gymnasium import spaces

from palaestra.ids import parse_env_id

NAMESPACE = "palaestra"
OBSERVATION_CHARS = 1 << 22
ACTION_CHARS = 1 << 22
_SAMPLE_CHARS = 256


class AnyText(spaces.Text):
    """A `gymnasium.spaces.Text` that contains every string within its length bounds.

    `Text` only contains strings over its charset; prompts and model outputs use all of
    Unicode. Samples stay short printable ASCII (at most 256 characters), which is what a
    random policy needs.
    """

    def __init__(self, max_length: int, *, min_length: int = 0, seed: Any = None) -> None:
        super().__init__(max_length, min_length=min_length, charset=string.printable, seed=seed)

    def contains(self, x: Any) -> bool:
        return isinstance(x, str) and self.min_length <= len(x) <= self.max_length

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        if mask is None and probability is None:
            high = min(self.max_length, max(self.min_length, _SAMPLE_CHARS))
            length = int(self.np_random.integers(self.min_length, high + 1))
            return super().sample(mask=(length, None))
        return super().sample(mask=mask, probability=probability)

    def __repr__(self) -> str:
        return f"AnyText({self.min_length}, {self.max_length})"


def gym_id(env_id: str) -> str:
    """``sat/ksat-v1`` -> ``palaestra/sat-ksat-v1``."""
    domain, name, version = parse_env_id(env_id)
    return f"{NAMESPACE}/{domain}-{name}-v{version}"


class PalaestraGymEnv(gymnasium.Env[str, str]):
    """A palaestra env behind Gymnasium's API (made by `gymnasium.make`).

    Args:
        env_id: the palaestra id, e.g. ``sat/ksat-v1``.
        difficulty: the level of every episode (default: the env's default knobs).
        split: ``train`` or ``eval``.
        render_mode: ``ansi`` renders the current observation as text.
        **knobs: explicit knobs for every episode.

    `reset(seed=s)` generates the task of seed `s`; `reset()` without a seed draws the task seed
    from the env's seeded rng, so a seeded reset followed by unseeded ones is reproducible.
    Options override per episode: ``{"difficulty": 3, "split": "eval", <knob>: value}``.
    """

    metadata = {"render_modes": ["ansi"], "render_fps": 4}

    def __init__(
        self,
        env_id: str,
        difficulty: int | None = None,
        split: str = "train",
        render_mode: str | None = None,
        **knobs: Any,
    ) -> None:
        from palaestra.registry import make

        self.env = make(env_id)
        self.env_id = env_id
        self.difficulty = difficulty
        self.split = split
        self.knobs = knobs
        self.env.resolve_params(difficulty, **knobs)  # a bad level or knob fails here
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}")
        self.render_mode = render_mode
        self.observation_space = AnyText(OBSERVATION_CHARS)
        self.action_space = AnyText(ACTION_CHARS)
        self._observation = ""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[str, dict[str, Any]]:
        super().reset(seed=seed)
        task_seed = int(self.np_random.integers(0, 2**63 - 1)) if seed is None else int(seed)
        episode = {"difficulty": self.difficulty, "split": self.split, **self.knobs}
        episode.update(options or {})
        prompt, info = self.env.reset(seed=task_seed, options=episode)
        self._observation = prompt
        return prompt, self._info(info["task"], turn=0)

    def step(self, action: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        observation, reward, terminated, truncated, info = self.env.step(action)
        self._observation = observation
        verdict = info["verdict"]
        details = self._info(self.env._task, turn=info["turn"])
        details.update(
            correct=verdict.correct,
            reason=verdict.reason,
            feedback=verdict.feedback,
            score=verdict.score,
        )
        return observation, float(reward), bool(terminated), bool(truncated), details

    def render(self) -> str | None:
        return self._observation if self.render_mode == "ansi" else None

    @staticmethod
    def _info(task: Any, turn: int) -> dict[str, Any]:
        # Fresh plain values each call: Gymnasium's checker forbids sharing objects across steps.
        return {
            "task_id": task.id,
            "env": task.env,
            "seed": task.seed,
            "difficulty": task.difficulty,
            "turn": turn,
        }


def register_all() -> list[str]:
    """Registers every palaestra env with Gymnasium (lazily: nothing is imported per env)."""
    from gymnasium.envs.registration import register, registry

    from palaestra.registry import list_envs

    names = []
    for spec in list_envs():
        name = gym_id(spec.id)
        if name not in registry:
            register(
                id=name,
                entry_point="palaestra.integrations.gymnasium:PalaestraGymEnv",
                kwargs={"env_id": spec.id},
                disable_env_checker=False,
            )
        names.append(name)
    return names


# `gymnasium.make("palaestra.integrations.gymnasium:palaestra/...")` imports this module first.
register_all()
