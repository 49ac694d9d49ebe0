"""Scoring a model's responses on an exported eval suite, per env and per level.

    palaestra export-eval core-v1 -o core/            # tasks + manifest.json
    ... run the model on each task's prompt; write {"task_id": ..., "output": ...} lines ...
    palaestra eval core/ responses.jsonl --plot core.png

Groups are the suite's: a level (``L4``) or a knob setting's label (``(3,5,20)``), within the
entry's group. The plot needs matplotlib (``pip install 'palaestra[plot]'``).
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from palaestra.errors import InputFileError, MissingExtraError
from palaestra.export import read_manifest


@dataclass(frozen=True)
class EvalGroup:
    """Scores of one (group, env, label) cell of a suite."""

    group: str
    env: str
    label: str
    count: int
    mean_score: float
    accuracy: float

    @property
    def domain(self) -> str:
        return self.env.partition("/")[0]


@dataclass(frozen=True)
class EvalReport:
    suite: str
    responses: int
    missing: int
    groups: list[EvalGroup]
    seconds: float

    @property
    def accuracy(self) -> float:
        total = sum(g.accuracy * g.count for g in self.groups)
        return total / self.responses if self.responses else 0.0

    @property
    def mean_score(self) -> float:
        total = sum(g.mean_score * g.count for g in self.groups)
        return total / self.responses if self.responses else 0.0


def data_path(suite_dir: str | os.PathLike[str]) -> tuple[Path, dict[str, Any]]:
    """The data file (or directory) of an export-eval directory, and its manifest."""
    suite_dir = Path(suite_dir)
    manifest = read_manifest(suite_dir)
    name = manifest.get("export", {}).get("path", "")
    data = suite_dir if manifest.get("export", {}).get("format") == "hf" else suite_dir / name
    if not data.exists():
        raise InputFileError(f"{suite_dir}: the manifest names {name!r}, which is missing")
    return data, manifest


def evaluate(
    suite_dir: str | os.PathLike[str],
    responses: str | os.PathLike[str],
    *,
    scores: str | os.PathLike[str] | None = None,
    workers: int | None = None,
) -> EvalReport:
    """Scores `responses` (JSONL: task_id, output) against an export-eval directory.

    Every response must name a task of the suite; suite tasks without a response are counted
    in `missing` and left out of the accuracy.
    """
    import json

    from palaestra.pipeline import verify_to_file

    data, manifest = data_path(suite_dir)
    cells = {task["id"]: task for task in manifest.get("tasks", [])}
    with tempfile.TemporaryDirectory() as temp:
        out = Path(scores) if scores is not None else Path(temp) / "scores.jsonl"
        result = verify_to_file(data, responses, out, workers=workers)
        sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0])
        order: dict[tuple[str, str, str], int] = {}
        seen: set[str] = set()
        with open(out, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                cell = cells.get(row["task_id"], {})
                label = cell.get("label") or (
                    "-" if row["difficulty"] is None else f"L{row['difficulty']}"
                )
                key = (cell.get("group") or "", row["env"], label)
                order.setdefault(key, cell.get("position", len(order)))
                total = sums[key]
                total[0] += 1
                total[1] += row["score"]
                total[2] += row["correct"]
                seen.add(row["task_id"])
    groups = [
        EvalGroup(group, env, label, int(n), score / n, correct / n)
        for (group, env, label), (n, score, correct) in sorted(
            sums.items(), key=lambda item: (item[0][1], order[item[0]])
        )
    ]
    missing = len(set(cells) - seen)
    suite = str(manifest.get("run", {}).get("suite", Path(suite_dir).name))
    return EvalReport(suite, result.responses, missing, groups, result.seconds)


def plot(report: EvalReport, path: str | os.PathLike[str]) -> None:
    """Draws accuracy by level (or setting), one panel per domain and one line per env."""
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError("--plot", "plot", "matplotlib") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    domains = sorted({g.domain for g in report.groups})
    columns = min(3, len(domains)) or 1
    rows = -(-len(domains) // columns) or 1
    figure, axes = plt.subplots(
        rows, columns, figsize=(5 * columns, 3.6 * rows), squeeze=False, sharey=True
    )
    for axis in axes.flat[len(domains) :]:
        axis.set_visible(False)
    for axis, domain in zip(axes.flat, domains, strict=False):
        cells = [g for g in report.groups if g.domain == domain]
        labels = list(dict.fromkeys(g.label for g in cells))
        lines = _by_line(cells)
        crowded = len(lines) > 8  # many envs: thin lines, and the domain's mean in bold
        for (env, group), points in lines.items():
            xs = [labels.index(g.label) for g in points]
            ys = [g.accuracy for g in points]
            if crowded:
                axis.plot(xs, ys, color="0.6", alpha=0.4, linewidth=0.8)
            else:
                name = env.partition("/")[2] + (f" [{group}]" if group else "")
                axis.plot(xs, ys, marker="o", label=name)
        if crowded:
            means = []
            for label in labels:
                at = [g for g in cells if g.label == label]
                means.append(sum(g.accuracy * g.count for g in at) / sum(g.count for g in at))
            axis.plot(range(len(labels)), means, color="black", marker="o", linewidth=2.2,
                      label=f"mean of {len(lines)} envs")  # fmt: skip
        axis.set_xticks(range(len(labels)), labels, rotation=45 if len(labels) > 6 else 0)
        axis.set_ylim(-0.05, 1.05)
        axis.set_title(domain)
        axis.set_xlabel("level" if all(x.startswith("L") for x in labels) else "setting")
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7)
    for axis in axes[:, 0]:
        axis.set_ylabel("accuracy")
    figure.suptitle(f"{report.suite}: accuracy {report.accuracy:.1%} over {report.responses}")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _by_line(cells: list[EvalGroup]) -> dict[tuple[str, str], list[EvalGroup]]:
    lines: dict[tuple[str, str], list[EvalGroup]] = defaultdict(list)
    for cell in cells:
        lines[(cell.env, cell.group)].append(cell)
    return lines
