"""`Env`: the base class every environment subclasses.

The template methods (`generate`, `verify`, `solve`, `stream`, `reset`, `step`) are written here
once: seeding, knob validation, answer extraction, size limits and the Verdict shape. An
environment implements `sample`, `render`, `check` and, when its answer is not a single
canonical string, `solve`.
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import numpy as np

from palaestra.errors import ConfigError
from palaestra.ids import parse_env_id
from palaestra.params import Params
from palaestra.records import Task, Verdict, canonical_json
from palaestra.seeding import SPLITS, stable_hash, stream_seed, task_rng
from palaestra.verifiers.extract import extract_answer, printable

log = logging.getLogger(__name__)

ANSWER_FORMAT = "Put your final answer inside <answer></answer> tags."
_PARAMS_CACHE_SIZE = 256


@functools.cache
def _package_version() -> str:
    from palaestra import __version__

    return __version__


# Verdicts are frozen, so the common ones are built once and shared.
_NO_ANSWER = Verdict.fail("no_answer", "No final answer found; put it inside <answer></answer>.")
_NO_ANSWER_BOXED = Verdict.fail(
    "no_answer", "No final answer found; put it inside <answer></answer> or \\boxed{}."
)
_UNCHECKABLE = Verdict.fail("invalid", "The answer could not be checked.")


def _with_extracted(verdict: Verdict, extracted: str | None) -> Verdict:
    """`verdict` with `extracted` filled in (validating again is cheaper than model_copy)."""
    return Verdict(**{**verdict.__dict__, "extracted": extracted})


class Env:
    """A procedurally generated, exactly verifiable task family.

    Class attributes an environment sets:
        id: the versioned id, set by ``@register``.
        Params: the knob model (a `palaestra.Params` subclass).
        levels: difficulty level (1..10) -> knob preset, monotone in difficulty.
        allow_boxed: whether ``\\boxed{}`` counts as an answer when no answer block is given.
        max_answer_chars: longer extracted answers get the ``too_long`` verdict.
        max_turns: tries allowed by `step` in multi-turn use.
        tags: free-form labels copied into ``task.meta``.
        difficulty_cost: the key of ``task.meta["cost"]`` whose mean grows with the level.
        max_duplicate_rate: the share of repeated prompts allowed among distinct seeds at
            the lowest level (the conformance suite measures it).
        fast_exact_match: whether an answer identical to ``task.answer`` is scored right
            without calling `check` (the verification fast path). Turn it off when `check`
            says more than "Correct." about a right answer.
    """

    id: ClassVar[str] = ""
    Params: ClassVar[type[Params]] = Params
    levels: ClassVar[dict[int, dict[str, Any]]] = {}
    allow_boxed: ClassVar[bool] = False
    max_answer_chars: ClassVar[int] = 20_000
    max_turns: ClassVar[int] = 3
    tags: ClassVar[tuple[str, ...]] = ()
    difficulty_cost: ClassVar[str | None] = None
    max_duplicate_rate: ClassVar[float] = 0.02
    fast_exact_match: ClassVar[bool] = True

    def __init__(self, **defaults: Any) -> None:
        if not self.id:
            raise ConfigError(
                f"{type(self).__name__} is not registered; decorate it with @register"
            )
        self.spec_id = parse_env_id(self.id)
        self.defaults = dict(defaults)
        if defaults:
            self.Params.build(self.id, defaults)  # fail early on a bad default knob
        self._task: Task | None = None
        self._turn = 0

    # ----------------------------------------------------------------- to implement
    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str | None]:
        """Draws one instance: returns (data for the verifier, canonical answer or None)."""
        raise NotImplementedError

    def render(self, data: dict[str, Any], params: Any) -> str:
        """The complete prompt for an instance, including the answer format."""
        raise NotImplementedError

    def check(self, task: Task, answer: str) -> Verdict:
        """Checks the extracted answer text; must not raise on any string."""
        raise NotImplementedError

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        """Cost measures recorded in ``task.meta`` (instance size, solver effort, ...)."""
        return {}

    def reference_answer(self, task: Task) -> str:
        """The text of a correct answer; by default the task's canonical answer."""
        if task.answer is None:
            raise NotImplementedError(
                f"{self.id} checks by certificate and must define reference_answer"
            )
        return task.answer

    def wrong_answers(self, task: Task) -> list[str]:
        """Model outputs known to be wrong for `task`; the conformance suite checks they fail."""
        return []

    # ----------------------------------------------------------------- template methods
    @property
    def domain(self) -> str:
        return self.spec_id.domain

    @property
    def version(self) -> int:
        return self.spec_id.version

    def resolve_params(self, difficulty: int | None = None, **knobs: Any) -> Params:
        """The knob values for a level (or the defaults) with explicit knobs on top."""
        values: dict[str, Any] = {}
        if difficulty is not None:
            values.update(self.level_preset(difficulty))
        values.update(self.defaults)
        values.update(knobs)
        return self.Params.build(self.id, values)

    def level_preset(self, difficulty: int) -> dict[str, Any]:
        if isinstance(difficulty, bool) or not isinstance(difficulty, int | np.integer):
            raise ConfigError(f"difficulty must be an integer level, got {difficulty!r}")
        if not self.levels:
            raise ConfigError(f"{self.id} has no difficulty levels; set its knobs instead")
        if int(difficulty) not in self.levels:
            low, high = min(self.levels), max(self.levels)
            raise ConfigError(
                f"difficulty {difficulty} is not a level of {self.id}: levels are {low}..{high}"
            )
        return dict(self.levels[int(difficulty)])

    def generate(
        self, seed: int, difficulty: int | None = None, *, split: str = "train", **knobs: Any
    ) -> Task:
        """Generates the task for (seed, split) at a difficulty level and/or explicit knobs."""
        if split not in SPLITS:
            raise ConfigError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise ConfigError(f"seed must be a non-negative integer, got {seed!r}")
        seed = int(seed)
        params, params_dump = self._cached_params(difficulty, knobs)
        rng = task_rng(self.id, split, seed)
        data, answer = self.sample(rng, params)
        content = canonical_json([self.id, split, seed, params_dump, data])
        task_id = f"{stable_hash(content):032x}"[:20]
        meta = {
            "domain": self.spec_id.domain,
            "tags": list(self.tags),
            "palaestra_version": _package_version(),
            "cost": self.cost(data, params),
        }
        return Task(
            id=task_id,
            env=self.id,
            version=self.spec_id.version,
            split=split,
            seed=seed,
            difficulty=None if difficulty is None else int(difficulty),
            params=params_dump,
            prompt=self.render(data, params),
            answer=answer,
            data=data,
            meta=meta,
        )

    def _cached_params(
        self, difficulty: int | None, knobs: dict[str, Any]
    ) -> tuple[Params, dict[str, Any]]:
        """`resolve_params` and a copy of its JSON dump, memoised per (level, knobs): streams
        of millions of tasks resolve the same few settings again and again. Keys carry the
        value types, so that True and 1 (equal in Python) stay distinct settings."""
        cache = self.__dict__.setdefault("_params_cache", {})
        try:
            key = (type(difficulty), difficulty, *((k, type(v), v) for k, v in knobs.items()))
            cached = cache.get(key)
        except TypeError:  # an unhashable knob value: resolve it every time
            key, cached = None, None
        if cached is None:
            params = self.resolve_params(difficulty, **knobs)
            dump = params.model_dump(mode="json")
            flat = all(isinstance(v, str | int | float | bool | None) for v in dump.values())
            cached = (params, dump, flat)
            if key is not None and len(cache) < _PARAMS_CACHE_SIZE:
                cache[key] = cached
        params, dump, flat = cached
        return params, (dict(dump) if flat else copy.deepcopy(dump))

    def params_of(self, task: Task) -> Any:
        return self.Params.build(self.id, task.params)

    def verify(self, task: Task, output: str | None) -> Verdict:
        """Scores a model output. Never raises: any failure becomes a Verdict."""
        try:
            return self.verify_strict(task, output)
        except Exception:  # a verifier bug must not crash a training run
            log.exception("verifier of %s raised on an output; scoring it 0", self.id)
            return _UNCHECKABLE

    def verify_batch(self, tasks: Sequence[Task], outputs: Sequence[str | None]) -> list[Verdict]:
        """Scores many outputs at once; element i equals ``verify(tasks[i], outputs[i])``.

        Work is shared across the batch: the task's env is checked once per task, and an
        answer already checked for the same task (the usual case when a trainer samples many
        rollouts per prompt) reuses that verdict instead of being parsed and checked again.
        Environments may override this with a vectorised checker. Never raises on model
        output; `tasks` and `outputs` must have the same length (ConfigError otherwise).
        """
        if len(tasks) != len(outputs):
            raise ConfigError(
                f"verify_batch got {len(tasks)} tasks but {len(outputs)} outputs; pass one "
                "output per task"
            )
        mine: dict[int, bool] = {}  # id(task) -> whether it belongs to this env
        memo: dict[tuple[int, str], Verdict] = {}
        verdicts: list[Verdict] = []
        for task, output in zip(tasks, outputs, strict=True):
            key_task = id(task)  # `tasks` keeps every task alive, so ids stay unique
            belongs = mine.get(key_task)
            if belongs is None:
                belongs = mine[key_task] = task.env == self.id
            answer = extract_answer(output, allow_boxed=self.allow_boxed) if belongs else None
            if answer is None or len(answer) > self.max_answer_chars:
                verdicts.append(self.verify(task, output))  # the rare paths, exactly as verify
                continue
            key = (key_task, answer)
            verdict = memo.get(key)
            if verdict is None:
                try:
                    verdict = self._verify_answer(task, answer)
                except Exception:  # as in `verify`: a verifier bug scores 0
                    log.exception("verifier of %s raised on an output; scoring it 0", self.id)
                    verdict = _UNCHECKABLE
                memo[key] = verdict
            verdicts.append(verdict)
        return verdicts

    def verify_strict(self, task: Task, output: str | None) -> Verdict:
        """`verify` without the safety net, so that tests see verifier bugs as exceptions."""
        if task.env != self.id:
            raise ConfigError(f"task {task.id} belongs to {task.env}, not {self.id}")
        answer = extract_answer(output, allow_boxed=self.allow_boxed)
        if answer is None:
            return _NO_ANSWER_BOXED if self.allow_boxed else _NO_ANSWER
        if len(answer) > self.max_answer_chars:
            return Verdict.fail(
                "too_long",
                f"The answer has {len(answer)} characters; the limit is {self.max_answer_chars}.",
                extracted=printable(answer),
            )
        return self._verify_answer(task, answer)

    def _verify_answer(self, task: Task, answer: str) -> Verdict:
        """The verdict of an extracted answer of acceptable length.

        Fast path: an answer identical to the task's canonical answer is right without
        parsing or checking (the conformance suite proves that the canonical answer scores
        1.0, and `check` is a pure function of the task and the text).
        """
        if self.fast_exact_match and answer == task.answer:
            return Verdict.right(printable(answer))
        verdict = self.check(task, answer)
        if verdict.extracted is None:
            verdict = _with_extracted(verdict, printable(answer))
        return verdict

    def solve(self, task: Task) -> str:
        """A model-style output (reasoning, then the answer block) that scores 1.0."""
        return f"Reference solution.\n<answer>{self.reference_answer(task)}</answer>"

    def stream(
        self,
        n: int,
        seed: int = 0,
        difficulty: int | str | None = None,
        *,
        split: str = "train",
        **knobs: Any,
    ) -> Iterator[Task]:
        """`n` tasks from a deterministic stream; `difficulty` may be a level or a range "1-5"."""
        levels = parse_levels(difficulty, self.levels)
        for position in range(n):
            level = None if levels is None else levels[position % len(levels)]
            yield self.generate(stream_seed(seed, position), level, split=split, **knobs)

    # ----------------------------------------------------------- multi-turn (Gymnasium shapes)
    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[str, dict[str, Any]]:
        """Starts an episode: returns (prompt, info). Options: difficulty, split, knobs."""
        options = dict(options or {})
        difficulty = options.pop("difficulty", None)
        split = options.pop("split", "train")
        if seed is None:
            seed = int(np.random.default_rng().integers(0, 2**63))
        self._task = self.generate(seed, difficulty, split=split, **options)
        self._turn = 0
        return self._task.prompt, {"task": self._task}

    def step(self, action: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        """Checks one answer: (observation, reward, terminated, truncated, info)."""
        if self._task is None:
            raise ConfigError("call reset() before step()")
        self._turn += 1
        verdict = self.verify(self._task, action)
        terminated = verdict.correct
        truncated = not terminated and self._turn >= self.max_turns
        if terminated or truncated:
            observation = ""
        else:
            left = self.max_turns - self._turn
            observation = f"{verdict.feedback} Try again ({left} tries left). {ANSWER_FORMAT}"
        info = {"verdict": verdict, "turn": self._turn}
        return observation, verdict.score, terminated, truncated, info


def parse_levels(difficulty: int | str | None, levels: dict[int, Any]) -> list[int] | None:
    """None, a level, or an inclusive range "lo-hi" -> the list of levels to cycle through."""
    if difficulty is None:
        return None
    if not levels:
        raise ConfigError("this environment has no difficulty levels; set its knobs instead")
    if isinstance(difficulty, str):
        text = difficulty.strip()
        low_text, _, high_text = text.partition("-")
        try:
            low, high = int(low_text), int(high_text or low_text)
        except ValueError:
            raise ConfigError(
                f"difficulty must be a level or a range like 1-5, got {difficulty!r}"
            ) from None
    else:
        low = high = int(difficulty)
    if low > high or low not in levels or high not in levels:
        raise ConfigError(
            f"difficulty {difficulty!r} is outside the levels {min(levels)}..{max(levels)}"
        )
    return list(range(low, high + 1))
