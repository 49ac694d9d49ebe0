"""Memory and scaling of `palaestra generate` at a million tasks.

Runs ``python -m palaestra generate ENV -n N`` to Parquet once per worker count (and per
repeat, interleaved so that a change in the machine's load hits every count alike), and for
each run reports:

- wall time and tasks/s, and the scaling efficiency of each count against one worker
  (``rate(w) / (w * rate(1))``);
- peak memory of the whole process tree (the CLI process and its pool workers), sampled from
  ``/proc`` every 50 ms: the peak of the summed RSS (counts pages shared after ``fork`` once
  per process, so it overstates) and of the summed PSS (shares them out);
- CPU seconds of the tree, and the CPU that other processes on the machine used meanwhile
  (from ``/proc/stat``), since a shared machine's load skews wall-clock scaling;
- the SHA-256 of the output file, which must be the same for every worker count.

Linux only (it reads ``/proc``). Run it as::

    python -m palaestra.benchmarks.perf.scale                 # 1,000,000 tasks, 1 and 2 workers
    python -m palaestra.benchmarks.perf.scale -n 100000 --workers 1,2,4 --repeat 2
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measure:
    """One `palaestra generate` run."""

    workers: int
    repeat: int
    seconds: float
    tasks: int
    peak_rss: int
    peak_pss: int
    peak_processes: int
    cpu_seconds: float
    driver_cpu: float
    other_cpu: float
    load: tuple[float, float]
    sha256: str

    @property
    def rate(self) -> float:
        return self.tasks / self.seconds


def _children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in _listdir(f"/proc/{current}/task"):
            try:
                text = Path(f"/proc/{current}/task/{task}/children").read_text()
            except OSError:
                continue
            todo.extend(int(child) for child in text.split())
    return found


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _rss(pid: int) -> int:
    """RSS of one process in bytes (cheap: statm); zero once it has gone."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int:
    """PSS of one process in bytes (walks its page tables: sampled less often)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) one process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, ValueError, IndexError):
        return 0.0


def _busy_ticks() -> int:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values[:8]) - idle


class _Sampler(threading.Thread):
    """Samples the process tree under `pid` until stopped; keeps the peaks.

    RSS every `interval` seconds, PSS every tenth sample (reading it costs the sampler CPU
    that the measured run would miss on a small machine), and the CPU the root process itself
    (the driver, as opposed to its workers) has used.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.peak_processes = 0
        self.driver_cpu = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        samples = 0
        while not self._stop_event.is_set():
            pids = _children(self.pid)
            sizes = [_rss(pid) for pid in pids]
            self.peak_rss = max(self.peak_rss, sum(sizes))
            self.peak_processes = max(self.peak_processes, sum(1 for rss in sizes if rss))
            if samples % 10 == 0:
                self.peak_pss = max(self.peak_pss, sum(_pss(pid) for pid in pids))
            self.driver_cpu = max(self.driver_cpu, _cpu(self.pid))
            samples += 1
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def wait_until_idle(limit: float, busy_below: float = 0.2, window: float = 5.0) -> float:
    """Waits (up to `limit` seconds) for a `window` in which the machine's busy CPUs stay below
    `busy_below` cores; returns the seconds waited.

    On Linux each session is its own scheduling autogroup and CFS splits the CPUs evenly
    between busy groups, so while any other session keeps a core busy, a run gets at most an
    equal share whatever its worker count: wall-clock scaling is measurable only on idle cores.
    """
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = _busy_ticks()
        time.sleep(window)
        if (_busy_ticks() - before) / _TICK / window < busy_below:
            break
    return time.monotonic() - started


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def measure(
    env: str, n: int, workers: int, difficulty: str, directory: Path, repeat: int = 0
) -> Measure:
    """Runs `palaestra generate` once and measures it (see the module docstring)."""
    out = directory / f"w{workers}-r{repeat}.parquet"
    command = [
        sys.executable, "-m", "palaestra", "generate", env, "-n", str(n),
        "--difficulty", difficulty, "--workers", str(workers), "-o", str(out),
    ]  # fmt: skip
    load_before = os.getloadavg()[0]
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before = _busy_ticks()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = _Sampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    busy = (_busy_ticks() - busy_before) / _TICK
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"palaestra generate failed ({process.returncode}):\n{stderr}{stdout}")
    cpu = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
    measured = Measure(
        workers,
        repeat,
        seconds,
        n,
        sampler.peak_rss,
        sampler.peak_pss,
        sampler.peak_processes,
        cpu,
        sampler.driver_cpu,
        max(0.0, busy - cpu) / seconds,
        (load_before, os.getloadavg()[0]),
        _sha256(out),
    )
    out.unlink()
    Path(f"{out}.manifest.json").unlink(missing_ok=True)
    return measured


def _mib(value: int) -> str:
    return f"{value / 2**20:,.0f}"


def report(runs: list[Measure], env: str, n: int, difficulty: str) -> str:
    """The runs as a Markdown table, then the scaling and hash summary."""
    lines = [
        f"`palaestra generate {env} -n {n:,} --difficulty {difficulty}` to Parquet "
        f"({platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()})",
        "",
        "| workers | run | seconds | tasks/s | peak RSS sum (MiB) | peak PSS sum (MiB) "
        "| processes | tree CPU s | cores used | driver CPU s | others' CPU (cores) "
        "| load 1m before/after | sha256 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.workers} | {run.repeat + 1} | {run.seconds:.1f} | {run.rate:,.0f} "
            f"| {_mib(run.peak_rss)} | {_mib(run.peak_pss)} | {run.peak_processes} "
            f"| {run.cpu_seconds:.1f} | {run.cpu_seconds / run.seconds:.2f} "
            f"| {run.driver_cpu:.1f} | {run.other_cpu:.2f} "
            f"| {run.load[0]:.2f}/{run.load[1]:.2f} | {run.sha256[:16]} |"
        )
    lines.append("")
    ones = [run for run in runs if run.workers == 1]
    for workers in sorted({run.workers for run in runs} - {1}):
        if not ones:
            break
        many = [run for run in runs if run.workers == workers]
        best = max(many, key=lambda r: r.rate).rate / (workers * max(r.rate for r in ones))
        mean = (sum(r.rate for r in many) / len(many)) / (
            workers * sum(r.rate for r in ones) / len(ones)
        )
        cpu_one = sum(r.cpu_seconds for r in ones) / len(ones)
        cpu_many = sum(r.cpu_seconds for r in many) / len(many)
        lines.append(
            f"- scaling 1 -> {workers} workers: {mean:.0%} (mean rates), {best:.0%} (best "
            f"rates); CPU seconds per run {cpu_one:.1f} -> {cpu_many:.1f} "
            f"({cpu_one / cpu_many:.0%} CPU efficiency: the wall-clock scaling on otherwise idle "
            "cores, when the workers are balanced and the driver keeps up)"
        )
    peak = max(runs, key=lambda r: r.peak_rss)
    lines.append(
        f"- peak memory of the process tree: {_mib(peak.peak_rss)} MiB RSS summed over "
        f"{peak.peak_processes} processes ({_mib(max(r.peak_pss for r in runs))} MiB PSS)"
    )
    hashes = {run.sha256 for run in runs}
    verdict = "identical" if len(hashes) == 1 else f"DIFFERENT ({len(hashes)} hashes)"
    lines.append(f"- output files across worker counts and repeats: {verdict}: {min(hashes)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="math/arithmetic-v1")
    parser.add_argument("--difficulty", default="1")
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument(
        "--workers", default="1,2", help="comma-separated worker counts (default: 1,2)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count")
    parser.add_argument("--dir", help="where the outputs go (default: a temporary directory)")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before each run, wait up to this long for the other processes to leave the CPUs "
        "idle (see wait_until_idle)",
    )
    args = parser.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory(dir=args.dir) as directory:
        runs = []
        for repeat in range(args.repeat):
            order = counts if repeat % 2 == 0 else counts[::-1]
            for workers in order:
                if args.wait_idle:
                    waited = wait_until_idle(args.wait_idle)
                    print(f"waited {waited:.0f} s for idle CPUs", file=sys.stderr, flush=True)
                run = measure(args.env, args.n, workers, args.difficulty, Path(directory), repeat)
                print(
                    f"workers={workers} run={repeat + 1}: {run.seconds:.1f} s, "
                    f"{run.rate:,.0f} tasks/s, peak RSS {_mib(run.peak_rss)} MiB",
                    file=sys.stderr,
                    flush=True,
                )
                runs.append(run)
    print(report(runs, args.env, args.n, args.difficulty))


if __name__ == "__main__":
    main()
