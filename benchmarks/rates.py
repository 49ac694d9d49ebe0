"""Generation and verification rates of registered environments, and `import palaestra` time.

    python -m palaestra.benchmarks.rates [--n 500] [--levels 1,5,10] [ENV_ID ...]

Single process. Generation cycles through every level, or with `--levels` runs each listed
level on its own and adds the mean difficulty cost (`task.meta["cost"][env.difficulty_cost]`);
verification checks the reference output of each generated task with the exact-match fast
path turned off, so that it times the env's checker rather than a string comparison. Numbers
vary with the machine's load: compare rows measured in the same run, not across runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def import_time(repeats: int = 5) -> float:
    """Median wall time of `import palaestra` in a fresh interpreter, in seconds."""
    code = "import time; t = time.perf_counter(); import palaestra; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeats)
    ]
    return statistics.median(runs)


def rates(env_id: str, n: int, levels: str | None = None) -> tuple[float, float, float]:
    """(tasks generated per second, reference outputs verified per second, mean difficulty
    cost) for one env over `levels` (default: all its levels, cycled)."""
    import palaestra as pa

    env = pa.make(env_id)
    levels = levels or f"{min(env.levels)}-{max(env.levels)}"
    start = time.perf_counter()
    tasks = list(env.stream(n, seed=0, difficulty=levels))
    generated = n / (time.perf_counter() - start)
    outputs = [env.solve(task) for task in tasks]
    env.fast_exact_match = False  # time the checker, not the shortcut for the stored answer
    start = time.perf_counter()
    verdicts = [env.verify(task, output) for task, output in zip(tasks, outputs, strict=True)]
    verified = n / (time.perf_counter() - start)
    if not all(v.correct for v in verdicts):
        raise SystemExit(f"{env_id}: a reference output failed to verify")
    cost = statistics.mean(float(task.meta["cost"][env.difficulty_cost]) for task in tasks)
    return generated, verified, cost


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("env_ids", nargs="*", help="environments (default: all)")
    parser.add_argument("--n", type=int, default=500, help="tasks per environment (and level)")
    parser.add_argument("--levels", help="comma-separated levels measured one by one, e.g. 1,5,10")
    args = parser.parse_args(argv)
    import palaestra as pa

    env_ids = args.env_ids or [s.id for s in pa.list_envs()]
    print(f"import palaestra: {import_time() * 1000:.1f} ms (median of 5 fresh interpreters)")
    if not args.levels:
        print(f"{'env':32} {'generated/s':>12} {'verified/s':>12}   (n={args.n}, all levels)")
        for env_id in env_ids:
            generated, verified, _ = rates(env_id, args.n)
            print(f"{env_id:32} {generated:12.1f} {verified:12.1f}")
        return
    print(f"n={args.n} tasks per level, 1 process\n")
    print("| env | level | generated/s | verified/s | mean cost |")
    print("|---|---|---|---|---|")
    for env_id in env_ids:
        cost_name = pa.make(env_id).difficulty_cost
        for level in args.levels.split(","):
            generated, verified, cost = rates(env_id, args.n, level.strip())
            print(
                f"| {env_id} | {level} | {generated:.1f} | {verified:.1f} | "
                f"{cost:.1f} {cost_name} |"
            )


if __name__ == "__main__":
    main()
