"""`check_env`: the conformance checker every environment must pass.

The same idea as Gymnasium's env checker. It generates tasks at the lowest, middle and top
levels and checks determinism, that the reference solution scores 1.0, that wrong and
adversarial outputs score below 1.0 quickly and without raising, the JSON round-trip, the
duplicate rate of distinct seeds, knob validation, multi-turn use and that the difficulty
levels are monotone in the cost the env names in `difficulty_cost`.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from palaestra.env import Env
from palaestra.errors import ConfigError
from palaestra.records import REASONS, Task, Verdict

HANG_GUARD_S = 10.0


class ConformanceError(AssertionError):
    """An environment broke one or more conformance rules (all are listed)."""


@dataclass
class ConformanceReport:
    env: str
    duplicate_rate: float = 0.0
    slowest_verify_s: float = 0.0
    cost_by_level: dict[int, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def adversarial_outputs(task: Task, reference: str) -> dict[str, str | None]:
    """Outputs that must score below 1.0 on any task, including ones that try to game checks."""
    answer_of_reference = reference.rsplit("<answer>", 1)[-1].split("</answer>", 1)[0]
    mega = 10_000_000
    return {
        "none": None,
        "empty": "",
        "whitespace": " \n\t ",
        "no answer block": "I think the answer is obvious.",
        "empty answer block": "<answer></answer>",
        "unclosed answer block": f"<answer>{answer_of_reference}",
        "reference then a different final block": f"{reference}\n<answer>I give up</answer>",
        "two candidates": f"<answer>{answer_of_reference}\n{answer_of_reference} or 0</answer>",
        "question restated": f"<answer>{task.prompt}</answer>",
        "10 MB of text": "x" * mega,
        "10 MB answer": "<answer>" + "1 " * (mega // 2) + "</answer>",
        "deep brackets": "<answer>" + "[" * 100_000 + "]" * 100_000 + "</answer>",
        "deep braces boxed": "\\boxed{" * 50_000 + "unsure" + "}" * 50_000,
        "control characters": "<answer>" + "".join(map(chr, range(32))) + "\x7f</answer>",
        "lone surrogates": "<answer>\ud800\udfff\ud834</answer>",
        "giant number": "<answer>" + "9" * 19_000 + "</answer>",
        # shapes that make careless regular expressions backtrack for seconds
        "digit then spaces": "<answer>1" + " " * 19_000 + "x</answer>",
        "separators then junk": "<answer>" + "1, -" * 4_500 + "x</answer>",
        "signs": "<answer>" + "+-" * 9_000 + "1</answer>",
        "huge exponent": "<answer>1e999999999 10^{10^{10^{10^{10}}}} 9!!!!!!!!!</answer>",
        "latex bomb": "<answer>" + "\\frac{1}{" * 2_000 + "2" + "}" * 2_000 + "</answer>",
        "nan and inf": "<answer>NaN inf -inf</answer>",
        "json junk": '<answer>{"a": [1, {"b": null}], "c": "\\u0000"}</answer>',
        "binary junk": "<answer>" + bytes(range(256)).decode("latin-1") * 8 + "</answer>",
    }


def check_env(
    env: Env,
    *,
    seeds: Iterable[int] = (0, 1, 2),
    distinct_samples: int = 60,
    cost_samples: int = 3,
    cross_process: bool = True,
) -> ConformanceReport:
    """Runs every conformance check on `env`; raises ConformanceError listing all failures."""
    report = ConformanceReport(env=env.id)
    seeds = list(seeds)
    levels = sorted(env.levels)

    def expect(condition: bool, message: str) -> None:
        if not condition:
            report.failures.append(message)

    def guarded(label: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except Exception as exc:
            report.failures.append(f"{label} raised {type(exc).__name__}: {exc}")
            return None

    expect(bool((type(env).__doc__ or "").strip()), "the env class has no docstring")
    expect(bool(levels), "the env defines no difficulty levels")
    if not levels:
        raise ConformanceError(f"{env.id}: " + "; ".join(report.failures))
    expect(levels == list(range(1, len(levels) + 1)), f"levels must be 1..N, got {levels}")
    cost_key = env.difficulty_cost
    expect(isinstance(cost_key, str), "the env names no `difficulty_cost` key of task.meta['cost']")

    probe_levels = sorted({levels[0], levels[len(levels) // 2], levels[-1]})
    for level in probe_levels:
        for seed in seeds:
            task = guarded(
                f"generate(seed={seed}, difficulty={level})",
                lambda seed=seed, level=level: env.generate(seed, level),
            )
            if task is None:
                continue
            _check_task(env, task, seed, level, expect, guarded)
        adversarial_task = env.generate(seeds[0], level)
        _check_adversarial(env, adversarial_task, report, expect, guarded)

    _check_distinct(env, levels[0], distinct_samples, report, expect)
    if isinstance(cost_key, str):
        _check_monotone(env, levels, cost_key, cost_samples, report, expect)
    _check_knobs(env, expect)
    _check_multi_turn(env, expect, guarded)
    if cross_process:
        here = task_digest(env.id, [(s, lv) for lv in probe_levels for s in seeds])
        there = digest_in_subprocess(env.id, [(s, lv) for lv in probe_levels for s in seeds])
        expect(here == there, "tasks differ between processes with different PYTHONHASHSEED")

    if report.failures:
        raise ConformanceError(f"{env.id} fails conformance:\n- " + "\n- ".join(report.failures))
    return report


def _check_task(env: Env, task: Task, seed: int, level: int, expect: Any, guarded: Any) -> None:
    where = f"seed={seed} level={level}"
    again = env.generate(seed, level)
    expect(
        task.model_dump_json() == again.model_dump_json(), f"{where}: generate is not deterministic"
    )
    dumped = task.model_dump_json()
    restored = Task.model_validate_json(dumped)
    expect(
        restored == task and restored.model_dump_json() == dumped,
        f"{where}: JSON round-trip changed the task",
    )
    json.loads(json.dumps(task.data))  # data must be plain JSON
    expect(isinstance(task.meta.get("cost"), dict), f"{where}: task.meta has no cost dict")
    reference = guarded(f"{where}: solve", lambda: env.solve(task))
    if reference is None:
        return
    verdict = guarded(f"{where}: verify(reference)", lambda: env.verify_strict(task, reference))
    if verdict is not None:
        expect(verdict.correct and verdict.score == 1.0, f"{where}: reference scores {verdict}")
    if task.answer is not None:
        from palaestra.verifiers.extract import extract_answer

        answer = extract_answer(reference, allow_boxed=env.allow_boxed)
        expect(answer is not None, f"{where}: solve() has no answer block")
        if answer is not None:
            # `verify` may accept the stored answer by exact match without calling `check`;
            # the checker itself must accept it too, or any reformatting would score 0.
            checked = guarded(f"{where}: check(reference)", lambda: env.check(task, answer))
            if checked is not None:
                expect(
                    checked.correct and checked.score == 1.0,
                    f"{where}: check() rejects the reference answer: {checked}",
                )


def _check_adversarial(
    env: Env, task: Task, report: ConformanceReport, expect: Any, guarded: Any
) -> None:
    reference = env.solve(task)
    for label, output in adversarial_outputs(task, reference).items():
        start = time.perf_counter()
        verdict = guarded(f"verify({label})", lambda output=output: env.verify_strict(task, output))
        elapsed = time.perf_counter() - start
        report.slowest_verify_s = max(report.slowest_verify_s, elapsed)
        expect(elapsed < HANG_GUARD_S, f"verify({label}) took {elapsed:.1f} s")
        if verdict is None:
            continue
        _check_verdict_shape(verdict, label, expect)
        expect(
            verdict.score < 1.0,
            f"the output '{label}' scores {verdict.score}; it must score below 1.0",
        )
        json.loads(verdict.model_dump_json())
    for index, wrong in enumerate(env.wrong_answers(task)):
        verdict = guarded(
            f"verify(wrong answer {index})", lambda wrong=wrong: env.verify_strict(task, wrong)
        )
        if verdict is not None:
            expect(verdict.score < 1.0, f"wrong answer {index} scores {verdict.score}")


def _check_verdict_shape(verdict: Verdict, label: str, expect: Any) -> None:
    expect(verdict.reason in REASONS, f"verify({label}) gave unknown reason {verdict.reason!r}")
    expect(
        verdict.correct == (verdict.score == 1.0), f"verify({label}): correct disagrees with score"
    )


def _check_distinct(
    env: Env, level: int, samples: int, report: ConformanceReport, expect: Any
) -> None:
    prompts = [env.generate(seed, level).prompt for seed in range(100, 100 + samples)]
    report.duplicate_rate = 1.0 - len(set(prompts)) / len(prompts)
    allowed = env.max_duplicate_rate
    expect(
        report.duplicate_rate <= allowed,
        f"{report.duplicate_rate:.0%} of {samples} seeds at level {level} repeat a prompt "
        f"(allowed {allowed:.0%})",
    )


def _check_monotone(
    env: Env, levels: list[int], cost_key: str, samples: int, report: ConformanceReport, expect: Any
) -> None:
    for level in levels:
        values = [env.generate(seed, level).meta["cost"].get(cost_key) for seed in range(samples)]
        if not all(isinstance(v, int | float) for v in values):
            expect(False, f"meta cost {cost_key!r} is missing or not a number at level {level}")
            return
        report.cost_by_level[level] = statistics.fmean(values)
    means = [report.cost_by_level[level] for level in levels]
    expect(
        all(b >= a for a, b in itertools.pairwise(means)) and means[-1] > means[0],
        f"mean {cost_key} is not monotone over levels: {dict(zip(levels, means, strict=True))}",
    )


def _check_knobs(env: Env, expect: Any) -> None:
    def raises_config_error(action: Callable[[], Any], *needles: str) -> bool:
        try:
            action()
        except ConfigError as exc:
            return all(n in str(exc) for n in needles)
        return False

    expect(
        raises_config_error(lambda: env.generate(0, no_such_knob=1), "no_such_knob"),
        "an unknown knob is accepted",
    )
    top = max(env.levels)
    expect(
        raises_config_error(lambda: env.generate(0, top + 1), str(top + 1)),
        "a level above the top is accepted",
    )
    for name in env.Params.model_fields:
        _low, high = env.Params.bounds(name)
        if isinstance(high, int) and not isinstance(high, bool):
            expect(
                raises_config_error(
                    lambda name=name, high=high: env.generate(0, **{name: high + 1}), name
                ),
                f"knob {name} above its maximum does not raise a ConfigError naming it",
            )


def _check_multi_turn(env: Env, expect: Any, guarded: Any) -> None:
    result = guarded("reset", lambda: env.reset(seed=3, options={"difficulty": min(env.levels)}))
    if result is None:
        return
    prompt, info = result
    expect(isinstance(prompt, str) and prompt, "reset() must return the prompt")
    observation, reward, terminated, truncated, _ = env.step("<answer>surely wrong</answer>")
    expect(reward < 1.0 and not terminated, "step(wrong) must not end the episode with a reward")
    expect(
        isinstance(observation, str) and bool(observation) == (not truncated),
        "step(wrong) must give feedback",
    )
    _, reward, terminated, _, _ = env.step(env.solve(info["task"]))
    expect(reward == 1.0 and terminated, "step(reference) must end the episode with reward 1.0")


def task_digest(env_id: str, seeds_and_levels: list[tuple[int, int]]) -> str:
    """A digest of the tasks generated for (seed, level) pairs, to compare across processes."""
    from palaestra.registry import make
    from palaestra.seeding import stable_hash

    env = make(env_id)
    dumps = [env.generate(seed, level).model_dump_json() for seed, level in seeds_and_levels]
    return f"{stable_hash(*dumps):032x}"


def digest_in_subprocess(
    env_id: str, seeds_and_levels: list[tuple[int, int]], hash_seed: str = "12345"
) -> str:
    """`task_digest` computed in a fresh interpreter with another PYTHONHASHSEED."""
    code = (
        "import json, sys; from palaestra.testing import task_digest; "
        "print(task_digest(sys.argv[1], [tuple(p) for p in json.loads(sys.argv[2])]))"
    )
    environ = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-c", code, env_id, json.dumps(seeds_and_levels)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise ConformanceError(
            f"{env_id}: generation failed in a subprocess:\n{result.stderr[-2000:]}"
        )
    return result.stdout.strip()
