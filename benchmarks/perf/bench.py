"""Throughput against reasoning-gym: generation, verification and import time, in one run.

    python -m palaestra.benchmarks.perf [--n 200] [--min-time 0.4] [--only NAME ...] [--markdown]

For every matched pair (a palaestra env at a comparable setting, a reasoning-gym dataset) the
script generates the same number of tasks on each side (seed 42, single process) and verifies
the reference answer of each one (palaestra: ``env.verify(task, env.solve(task))``;
reasoning-gym: ``dataset.score_answer(answer, entry)``). Both sides are timed in alternating
slices of the same run, and a side that finishes in under ``--min-time`` seconds is repeated
until it has run that long, so that the load of a shared machine falls on both sides alike.
Only ratios measured in one run mean anything; absolute rates move with the machine's load.

It also measures ``import palaestra`` against ``import reasoning_gym`` (fresh interpreters,
median of 5) and the verification fast path: ``verify`` and ``verify_batch`` per second on
mixed right/wrong/junk outputs of exact-answer envs.

reasoning-gym is installed only for this benchmark: ``pip install palaestra[bench]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SEED = 42


@dataclass(frozen=True)
class Pair:
    """One matched comparison: palaestra env + knobs against a reasoning-gym dataset + config."""

    name: str
    env_id: str
    knobs: dict[str, Any]
    rg_name: str
    rg_config: dict[str, Any]
    why: str
    rg_reference: Callable[[dict[str, Any]], str | None] = field(
        default=lambda entry: entry["answer"]
    )


def _graph_colour_reference(entry: dict[str, Any]) -> str:
    return json.dumps({str(k): v for k, v in entry["metadata"]["possible_answer"].items()})


PAIRS: tuple[Pair, ...] = (
    Pair(
        "sudoku 9x9",
        "puzzles/sudoku-v1",
        {"size": 9, "holes": 40},
        "sudoku",
        {},
        "9x9 both; 40 empty cells = the mean of rg's default 30-50; both prove uniqueness "
        "(rg by backtracking count, palaestra with SAT)",
    ),
    Pair(
        "sudoku 4x4",
        "puzzles/sudoku-v1",
        {"size": 4, "holes": 10},
        "mini_sudoku",
        {},
        "4x4 both; 10 empty cells = the mean of rg's default 8-12; both unique",
    ),
    Pair(
        "knights and knaves",
        "logic/knights-knaves-v1",
        {"people": 2, "connectives": 2},
        "knights_knaves",
        {},
        "2 people both (rg default n_people=2); statements of up to 2 connectives "
        "(rg depth 2, width 2); unique solution both",
    ),
    Pair(
        "basic arithmetic",
        "math/arithmetic-v1",
        {
            "operators": 4,
            "max_operand": 9999,
            "ops": "+-*/",
            "max_depth": 3,
            "allow_negative": True,
            "max_value": 10**9,
        },
        "basic_arithmetic",
        {},
        "rg default 2-6 terms (1-5 operators, mean 3) of 1-4 digits with + - * /, brackets, "
        "negation; palaestra 4 operators, operands up to 9999, + - * /, depth 3, negatives",
    ),
    Pair(
        "maze",
        "puzzles/maze-v1",
        {"rows": 4, "cols": 4, "loops": 0.1},
        "maze",
        {},
        "rg 5-10 character grid incl. border; palaestra 4x4 rooms = a 9x9 character grid; "
        "both ask for a shortest route (rg: its length, palaestra: the moves)",
    ),
    Pair(
        "n-queens",
        "sat/nqueens-completion-v1",
        {"n": 8, "free": 4},
        "n_queens",
        {},
        "8x8 both; 4 queens to place = the mean of rg's 1-7 removed",
    ),
    Pair(
        "zebra puzzle",
        "logic/zebra-v1",
        {"houses": 4, "attributes": 3},
        "zebra_puzzles",
        {},
        "4 houses and 4 attribute kinds both (rg counts the name as one of its 4; palaestra "
        "adds 3 to the names); clue sets with a unique solution both",
    ),
    Pair(
        "futoshiki",
        "puzzles/futoshiki-v1",
        {"size": 6, "givens": 3},
        "futoshiki",
        {"min_board_size": 6, "max_board_size": 6},
        "6x6 both (rg fixed to 6; its default 4-9 mixes in sizes palaestra caps at 7); "
        "rg difficulty 0-3 default; palaestra aims at 3 givens; both unique",
    ),
    Pair(
        "game of life",
        "logic/game-of-life-v1",
        {"size": 10, "steps": 1},
        "game_of_life",
        {},
        "10x10 grid and 1 step both (rg default)",
    ),
    Pair(
        "tower of hanoi",
        "puzzles/hanoi-v1",
        {"disks": 5},
        "tower_of_hanoi",
        {},
        "5 disks = the mean of rg's 3-7; rg moves a tower from peg to peg (closed form), "
        "palaestra goes between random positions and proves the optimum",
    ),
    Pair(
        "propositional logic",
        "logic/entailment-v1",
        {"variables": 3, "connectives": 2},
        "propositional_logic",
        {},
        "rg: 2-4 variables, 2-4 premises of depth 1-3, give a conclusion; palaestra: 3 "
        "variables, formulas of 2 connectives, decide entailment with a counter-model",
        rg_reference=lambda entry: entry["metadata"]["example_answer"],
    ),
    Pair(
        "polynomial equations (quadratic)",
        "math/quadratic-v1",
        {"roots": "any", "max_coefficient": 100, "rearranged": False},
        "polynomial_equations",
        {},
        "rg: degree 1-3, coefficients 1-100, real roots; palaestra: degree 2, any kind of "
        "roots (exact radicals/complex), coefficients up to 100",
    ),
    Pair(
        "polynomial equations (cubic)",
        "math/rational-roots-v1",
        {
            "rational_roots": 3,
            "max_numerator": 9,
            "max_denominator": 3,
            "irreducible_factor": False,
        },
        "polynomial_equations",
        {},
        "rg: degree 1-3, coefficients 1-100; palaestra: degree 3 with 3 rational roots "
        "(numerators up to 9, denominators up to 3), answered exactly",
    ),
    Pair(
        "graph colouring",
        "graphs/coloring-v1",
        {"vertices": 10, "colours": 3, "edges": 10},
        "graph_color",
        {},
        "10 vertices, 3 colours both; palaestra 10 edges vs rg's p=0.1 (4.5 edges on "
        "average), so palaestra's graphs are denser",
        rg_reference=_graph_colour_reference,
    ),
    Pair(
        "countdown",
        "puzzles/countdown-v1",
        {"large": 1, "uses": 5, "low": 100, "high": 999},
        "countdown",
        {},
        "targets 100-999 both; rg 4-6 numbers of 1-100 all used (mean 5); palaestra six "
        "numbers, a planted solution uses 5",
    ),
    Pair(
        "24 game",
        "puzzles/24-game-v1",
        {"numbers": 4, "max_number": 10, "target": 24},
        "puzzle24",
        {},
        "4 numbers of 1-10, target 24 both (rg default)",
    ),
    Pair(
        "shortest path",
        "graphs/shortest-path-v1",
        {"vertices": 25, "edges": 40, "max_weight": 9},
        "shortest_path",
        {},
        "rg: a 5-8 x 5-8 grid with 40% blocked (about 25 open cells), unweighted; palaestra: "
        "25 vertices, 40 weighted edges, give the path",
    ),
)

# Exact-answer envs for the verification fast-path table: (env id, knobs).
VERIFY_ENVS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("math/arithmetic-v1", {}),
    ("sat/ksat-v1", {}),
    ("puzzles/sudoku-v1", {"size": 9, "holes": 40}),
    ("logic/knights-knaves-v1", {}),
    ("logic/game-of-life-v1", {}),
    ("graphs/coloring-v1", {}),
)


@dataclass
class Row:
    pair: Pair
    pa_gen: float = 0.0
    rg_gen: float = 0.0
    pa_verify: float = 0.0
    rg_verify: float = 0.0
    pa_correct: float = 0.0
    rg_correct: float = 0.0

    @property
    def ratio(self) -> float:
        return self.pa_gen / self.rg_gen if self.rg_gen else math.nan


class Clock:
    """Accumulates the time of repeated slices of one side."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.items = 0

    def run(self, fn: Callable[[int], Any], indices: range) -> list[Any]:
        start = time.perf_counter()
        out = [fn(i) for i in indices]
        self.seconds += time.perf_counter() - start
        self.items += len(indices)
        return out

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else math.nan


def _slices(n: int, parts: int) -> list[range]:
    bounds = [round(n * k / parts) for k in range(parts + 1)]
    return [range(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def alternate(
    pa_fn: Callable[[int], Any],
    rg_fn: Callable[[int], Any],
    n: int,
    min_time: float,
    parts: int = 4,
) -> tuple[Clock, Clock, list[Any], list[Any]]:
    """Runs both sides over indices 0..n-1 in alternating slices; repeats the whole pass for a
    side until it has run `min_time` seconds. Returns the clocks and the first pass's results."""
    pa_clock, rg_clock = Clock(), Clock()
    pa_out: list[Any] = []
    rg_out: list[Any] = []
    first = True
    while first or pa_clock.seconds < min_time or rg_clock.seconds < min_time:
        for chunk in _slices(n, parts):
            if first or pa_clock.seconds < min_time:
                got = pa_clock.run(pa_fn, chunk)
                if first:
                    pa_out.extend(got)
            if first or rg_clock.seconds < min_time:
                got = rg_clock.run(rg_fn, chunk)
                if first:
                    rg_out.extend(got)
        first = False
    return pa_clock, rg_clock, pa_out, rg_out


def measure_pair(pair: Pair, n: int, min_time: float) -> Row:
    import reasoning_gym

    import palaestra as pa
    from palaestra.seeding import stream_seed

    env = pa.make(pair.env_id)
    dataset = reasoning_gym.create_dataset(pair.rg_name, seed=SEED, size=n, **pair.rg_config)
    seeds = [stream_seed(SEED, i) for i in range(n)]
    knobs = pair.knobs
    # warm-up: first calls import lazily loaded modules on both sides
    env.generate(seeds[0], **knobs)
    dataset[0]

    pa_clock, rg_clock, tasks, entries = alternate(
        lambda i: env.generate(seeds[i], **knobs), dataset.__getitem__, n, min_time
    )
    row = Row(pair, pa_gen=pa_clock.rate, rg_gen=rg_clock.rate)

    outputs = [env.solve(task) for task in tasks]
    answers = [pair.rg_reference(entry) for entry in entries]
    pa_v, rg_v, verdicts, scores = alternate(
        lambda i: env.verify(tasks[i], outputs[i]),
        lambda i: dataset.score_answer(answers[i], entries[i]),
        n,
        min_time,
    )
    row.pa_verify, row.rg_verify = pa_v.rate, rg_v.rate
    row.pa_correct = sum(v.correct for v in verdicts) / n
    row.rg_correct = sum(s == 1.0 for s in scores) / n
    return row


def import_time(module: str, repeats: int = 5) -> float:
    """Median seconds of `import module` in a fresh interpreter."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def mixed_outputs(env: Any, task: Any) -> list[str | None]:
    """Right, wrong and junk outputs for one task (the verification fast-path workload)."""
    reference = env.solve(task)
    inner = reference.rsplit("<answer>", 1)[-1].split("</answer>", 1)[0]
    wrong = env.wrong_answers(task)
    return [
        reference,
        f"Let me think step by step.\n<answer>{inner}</answer>",
        wrong[0] if wrong else "<answer>0</answer>",
        "<answer>not an answer</answer>",
        "no answer at all",
        None,
    ]


def rollout_outputs(env: Any, task: Any) -> list[str | None]:
    """Eight rollouts of one prompt, as a GRPO-style trainer samples them: answers repeat."""
    right, thinking, wrong, junk, missing, _ = mixed_outputs(env, task)
    return [right, right, thinking, thinking, wrong, wrong, junk, missing]


def _verify_rates(
    env: Any, tasks: list[Any], outputs: list[str | None], min_time: float
) -> tuple[float, float, bool]:
    single = batched = 0.0
    done_single = done_batch = 0
    while not done_single or single < min_time or batched < min_time:
        start = time.perf_counter()
        for task, output in zip(tasks, outputs, strict=True):
            env.verify(task, output)
        single += time.perf_counter() - start
        done_single += len(tasks)
        start = time.perf_counter()
        env.verify_batch(tasks, outputs)
        batched += time.perf_counter() - start
        done_batch += len(tasks)
    same = env.verify_batch(tasks, outputs) == [
        env.verify(t, o) for t, o in zip(tasks, outputs, strict=True)
    ]
    return (
        done_single / single if single else math.nan,
        done_batch / batched if batched else math.nan,
        same,
    )


def measure_verify(env_id: str, knobs: dict[str, Any], n: int, min_time: float) -> dict[str, Any]:
    """verify and verify_batch rates of one env on two workloads: one output of each kind
    per task (right, right after reasoning, wrong, junk, no block, None), and eight
    rollouts per task with repeats."""
    import palaestra as pa
    from palaestra.seeding import stream_seed

    env = pa.make(env_id)
    generated = [env.generate(stream_seed(SEED, i), **knobs) for i in range(n)]
    result: dict[str, Any] = {"env": env_id}
    for workload, make_outputs in (("mixed", mixed_outputs), ("rollouts", rollout_outputs)):
        tasks, outputs = [], []
        for task in generated:
            for output in make_outputs(env, task):
                tasks.append(task)
                outputs.append(output)
        single, batched, same = _verify_rates(env, tasks, outputs, min_time)
        result[workload] = {
            "outputs": len(tasks),
            "verify_per_s": single,
            "verify_batch_per_s": batched,
            "batch_equals_single": same,
        }
    return result


def geometric_mean(values: list[float]) -> float:
    good = [v for v in values if v > 0 and math.isfinite(v)]
    return math.exp(sum(map(math.log, good)) / len(good)) if good else math.nan


def _fmt(rate: float) -> str:
    if not math.isfinite(rate):
        return "n/a"
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:.1f}"


def generation_table(rows: list[Row], with_why: bool) -> str:
    head = (
        "| pair | palaestra env (knobs) | reasoning-gym dataset (config) | palaestra items/s "
        "| rg items/s | ratio | pa verify/s | rg verify/s | reference verified pa / rg |"
    )
    if with_why:
        head += " why comparable |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        p = row.pair
        knobs = ", ".join(f"{k}={v}" for k, v in p.knobs.items())
        config = ", ".join(f"{k}={v}" for k, v in p.rg_config.items()) or "defaults"
        line = (
            f"| {p.name} | `{p.env_id}` ({knobs}) | `{p.rg_name}` ({config}) "
            f"| {_fmt(row.pa_gen)} | {_fmt(row.rg_gen)} | {row.ratio:.2f}x "
            f"| {_fmt(row.pa_verify)} | {_fmt(row.rg_verify)} "
            f"| {row.pa_correct:.0%} / {row.rg_correct:.0%} |"
        )
        if with_why:
            line += f" {p.why} |"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="tasks per side and pair")
    parser.add_argument(
        "--min-time",
        type=float,
        default=0.4,
        help="repeat a side's pass until it has run this many seconds",
    )
    parser.add_argument("--only", nargs="*", help="pair names (substrings) to run")
    parser.add_argument("--skip-import", action="store_true", help="skip the import timing")
    parser.add_argument("--skip-verify", action="store_true", help="skip the fast-path table")
    parser.add_argument("--markdown", action="store_true", help="add the 'why' column")
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args(argv)

    import warnings

    warnings.filterwarnings("ignore")
    load_before = os.getloadavg()
    print(
        f"# machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average before: "
        + " ".join(f"{x:.2f}" for x in load_before)
    )
    print(f"# command: python -m palaestra.benchmarks.perf {' '.join(argv or sys.argv[1:])}")
    raw: dict[str, Any] = {"n": args.n, "load_before": load_before}

    if not args.skip_import:
        pa_import = import_time("palaestra")
        rg_import = import_time("reasoning_gym")
        raw["import"] = {"palaestra": pa_import, "reasoning_gym": rg_import}
        print(
            f"\nimport palaestra: {pa_import:.3f} s   import reasoning_gym: {rg_import:.3f} s"
            f"   (fresh interpreters, median of 5)"
        )

    pairs = [
        p for p in PAIRS if not args.only or any(s.lower() in p.name.lower() for s in args.only)
    ]
    rows: list[Row] = []
    for pair in pairs:
        row = measure_pair(pair, args.n, args.min_time)
        rows.append(row)
        print(
            f"  {pair.name:34s} pa {_fmt(row.pa_gen):>8s}/s  rg {_fmt(row.rg_gen):>8s}/s  "
            f"ratio {row.ratio:6.2f}x  verify pa {_fmt(row.pa_verify):>8s}/s "
            f"rg {_fmt(row.rg_verify):>8s}/s  ok {row.pa_correct:.0%}/{row.rg_correct:.0%}",
            flush=True,
        )
    gmean = geometric_mean([r.ratio for r in rows])
    print("\n" + generation_table(rows, args.markdown))
    slower = [r.pair.name for r in rows if r.ratio < 1.0]
    print(f"\ngeometric mean of ratios: {gmean:.2f}x over {len(rows)} pairs")
    print("slower than reasoning-gym: " + (", ".join(slower) if slower else "none"))
    raw["pairs"] = [
        {
            "name": r.pair.name,
            "env": r.pair.env_id,
            "knobs": r.pair.knobs,
            "rg": r.pair.rg_name,
            "rg_config": r.pair.rg_config,
            "pa_gen": r.pa_gen,
            "rg_gen": r.rg_gen,
            "ratio": r.ratio,
            "pa_verify": r.pa_verify,
            "rg_verify": r.rg_verify,
            "pa_correct": r.pa_correct,
            "rg_correct": r.rg_correct,
        }
        for r in rows
    ]
    raw["geometric_mean"] = gmean

    if not args.skip_verify:
        print(
            "\n| env | verify/s, one output of each kind | verify_batch/s, same | verify/s, "
            "8 rollouts per task | verify_batch/s, same | batch == one by one |"
        )
        print("|---|---|---|---|---|---|")
        raw["verify"] = []
        for env_id, knobs in VERIFY_ENVS:
            got = measure_verify(env_id, knobs, max(20, args.n // 4), args.min_time)
            raw["verify"].append(got)
            mixed, rollouts = got["mixed"], got["rollouts"]
            same = mixed["batch_equals_single"] and rollouts["batch_equals_single"]
            print(
                f"| `{env_id}` | {_fmt(mixed['verify_per_s'])} "
                f"| {_fmt(mixed['verify_batch_per_s'])} | {_fmt(rollouts['verify_per_s'])} "
                f"| {_fmt(rollouts['verify_batch_per_s'])} | {same} |",
                flush=True,
            )
    load_after = os.getloadavg()
    raw["load_after"] = load_after
    print("\n# load average after: " + " ".join(f"{x:.2f}" for x in load_after))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(raw, handle, indent=1)


if __name__ == "__main__":
    main()
