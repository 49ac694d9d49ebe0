"""Trainer-specific export formats: the row shapes verl, TRL, OpenRLHF and `datasets` read.

Each format keeps the whole task as one JSON string (`Task.model_dump_json`) in its row, never
as nested Arrow columns: tasks of different environments carry `data` with different keys and
value types, which Arrow would merge into one struct (or refuse). The reward functions in
`palaestra.integrations` read that string back.

    verl      Parquet: data_source = env id, prompt = [{"role": "user", "content": ...}],
              ability = domain, reward_model = {style: "rule", ground_truth: <task JSON>},
              extra_info = {index, split, seed, env, version, task_id, difficulty}
    trl       Parquet: prompt = [{"role": "user", "content": ...}], task = <task JSON>
    openrlhf  JSONL: {"input": <prompt text>, "label": <task JSON>}
    hf        a `datasets.DatasetDict` ({split: Dataset}) saved with `save_to_disk`, with the
              task file's columns, and a dataset card (README.md) whose YAML header names the
              license, pretty name, task categories, tags, size category and one config per env

`palaestra generate --format verl ...` and `palaestra export-eval SUITE --format verl` write
them; `palaestra.export.read_tasks` reads every one of them back.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from palaestra.errors import MissingExtraError
from palaestra.export import ExportFormat, _json, parquet_schema
from palaestra.records import Task

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pyarrow as pa

LICENSE = "apache-2.0"


def chat_prompt(task: Task) -> list[dict[str, str]]:
    """The task's prompt as a one-message conversation (the chat format trainers template)."""
    return [{"role": "user", "content": task.prompt}]


def _header(name: str, metadata: Mapping[str, Any] | None) -> dict[bytes, bytes]:
    return {b"palaestra": _json({"format": name, **(metadata or {})}).encode("utf-8")}


def _chat_type() -> pa.DataType:
    import pyarrow as pa

    return pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))


# ----------------------------------------------------------------------------- verl


def _verl_row(task: Task, position: int) -> tuple[Any, ...]:
    return (
        task.env,
        chat_prompt(task),
        str(task.meta.get("domain") or task.env.partition("/")[0]),
        {"style": "rule", "ground_truth": task.model_dump_json()},
        {
            "index": position,
            "split": task.split,
            "seed": task.seed,
            "env": task.env,
            "version": task.version,
            "task_id": task.id,
            "difficulty": task.difficulty,
        },
    )


def _verl_schema(metadata: Mapping[str, Any] | None = None) -> pa.Schema:
    import pyarrow as pa

    extra_info = pa.struct(
        [
            ("index", pa.int64()),
            ("split", pa.string()),
            ("seed", pa.int64()),
            ("env", pa.string()),
            ("version", pa.int32()),
            ("task_id", pa.string()),
            ("difficulty", pa.int32()),
        ]
    )
    reward_model = pa.struct([("style", pa.string()), ("ground_truth", pa.string())])
    fields = [
        pa.field("data_source", pa.string(), nullable=False),
        pa.field("prompt", _chat_type(), nullable=False),
        pa.field("ability", pa.string(), nullable=False),
        pa.field("reward_model", reward_model, nullable=False),
        pa.field("extra_info", extra_info, nullable=False),
    ]
    return pa.schema(fields, metadata=_header("verl", metadata))


def _verl_decode(row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(row["reward_model"]["ground_truth"])


# ----------------------------------------------------------------------------- trl


def _trl_row(task: Task, position: int) -> tuple[Any, ...]:
    return (chat_prompt(task), task.model_dump_json())


def _trl_schema(metadata: Mapping[str, Any] | None = None) -> pa.Schema:
    import pyarrow as pa

    fields = [
        pa.field("prompt", _chat_type(), nullable=False),
        pa.field("task", pa.string(), nullable=False),
    ]
    return pa.schema(fields, metadata=_header("trl", metadata))


def _trl_decode(row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(row["task"])


# ----------------------------------------------------------------------------- openrlhf


def _openrlhf_line(task: Task, position: int) -> str:
    return _json({"input": task.prompt, "label": task.model_dump_json()})


def _openrlhf_decode(row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(row["label"])


# ----------------------------------------------------------------------------- hf


def _hf_row(task: Task, position: int) -> tuple[Any, ...]:
    from palaestra.export import _task_row

    return _task_row(task)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "verl": ExportFormat("verl", "parquet", _verl_row, _verl_schema, _verl_decode, ".parquet"),
    "trl": ExportFormat("trl", "parquet", _trl_row, _trl_schema, _trl_decode, ".parquet"),
    "openrlhf": ExportFormat("openrlhf", "jsonl", _openrlhf_line, None, _openrlhf_decode, ".jsonl"),
    "hf": ExportFormat("hf", "dataset", _hf_row, parquet_schema, None, ""),
}


def config_name(env_id: str) -> str:
    """An env id as a dataset config name: ``sat/ksat-v1`` -> ``sat-ksat-v1``."""
    return env_id.replace("/", "-")


def size_category(rows: int) -> str:
    """The Hugging Face size category of a dataset with `rows` rows."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")]
    bounds += [(1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M")]
    for bound, name in bounds:
        if rows < bound:
            return name
    return "n>100M"


def write_hf_dataset(
    parquet: Path, target: Path, metadata: Mapping[str, Any], cache_dir: Path
) -> None:
    """Converts a task Parquet file into a saved `datasets.DatasetDict` with a dataset card.

    Rows are grouped env after env, and the Arrow shards are cut at env boundaries (shards of
    gcd(env counts) rows), so that each env's config in the card points at its own shards and
    ``datasets.load_dataset(DIR, "<domain>-<name>-vN")`` loads one env while
    ``datasets.load_from_disk(DIR)`` loads them all.
    """
    try:
        import datasets
    except ImportError:
        raise MissingExtraError("the hf export format", "hf", "datasets") from None
    import pyarrow.parquet as pq

    table = pq.read_table(parquet, columns=["env", "split"])
    envs = table.column("env").to_pylist()
    splits = sorted(set(table.column("split").to_pylist())) or [
        str(metadata.get("run", {}).get("split", "train"))
    ]
    if len(splits) != 1:  # an export comes from one split; keep the DatasetDict honest
        raise ValueError(f"an hf export holds one split, got {splits}")
    split = splits[0]
    counts = Counter(envs)
    blocks = _runs(envs)
    rows = len(envs)
    shard_rows = math.gcd(*counts.values()) if counts else 1
    shards = max(1, rows // shard_rows) if rows else 1
    aligned = len(blocks) == len(counts) and shards <= 4096
    if not aligned:
        shards = 1
    bars = datasets.utils.logging.is_progress_bar_enabled()
    datasets.utils.logging.disable_progress_bar()  # the CLI draws its own progress
    try:
        dataset = datasets.Dataset.from_parquet(
            str(parquet), cache_dir=str(cache_dir), keep_in_memory=False
        )
        datasets.DatasetDict({split: dataset}).save_to_disk(str(target), num_shards={split: shards})
    finally:
        if bars:
            datasets.utils.logging.enable_progress_bar()
    configs = []
    if aligned and rows:
        first = 0
        for env_id, count in blocks:
            files = [
                f"{split}/data-{i:05d}-of-{shards:05d}.arrow"
                for i in range(first // shard_rows, (first + count) // shard_rows)
            ]
            configs.append((config_name(env_id), files))
            first += count
    card = dataset_card(split, rows, dict(counts), configs, metadata)
    (target / "README.md").write_text(card, encoding="utf-8")


def _envs_phrase(envs: list[str]) -> str:
    return ", ".join(envs) if len(envs) <= 3 else f"{len(envs)} environments"


def _runs(values: list[str]) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1] + 1)
        else:
            runs.append((value, 1))
    return runs


def dataset_card(
    split: str,
    rows: int,
    counts: Mapping[str, int],
    configs: list[tuple[str, list[str]]],
    metadata: Mapping[str, Any],
) -> str:
    """The README.md of an hf export: a YAML header the Hub reads, then a short description."""
    from palaestra import __version__

    domains = sorted({env.partition("/")[0] for env in counts})
    lines = [
        "---",
        f"license: {LICENSE}",
        "pretty_name: " + json.dumps(f"palaestra: {_envs_phrase(sorted(counts))}"),
        "task_categories:",
        "- question-answering",
        "- text-generation",
        "tags:",
        "- palaestra",
        "- reasoning",
        "- reinforcement-learning",
        "- verifiable-rewards",
        "- synthetic",
        *[f"- {domain}" for domain in domains],
        "size_categories:",
        f"- {size_category(rows)}",
        "configs:",
        "- config_name: all",
        "  default: true",
        "  data_files:",
        f"  - split: {split}",
        f"    path: {split}/data-*.arrow",
    ]
    for name, files in configs:
        lines += [f"- config_name: {name}", "  data_files:", f"  - split: {split}", "    path:"]
        lines += [f"    - {file}" for file in files]
    lines.append("---")
    run = json.dumps(metadata.get("run", {}), indent=2, ensure_ascii=False)
    table = "\n".join(f"| `{env}` | {count} |" for env, count in sorted(counts.items()))
    lines += [
        "",
        "# palaestra tasks",
        "",
        f"{rows} procedurally generated, exactly verifiable reasoning tasks from "
        f"[palaestra](https://pypi.org/project/palaestra/) {__version__}, split `{split}`.",
        "Each row is one task; `params`, `data` and `meta` are JSON strings. "
        "`palaestra.export.read_tasks(DIR)` reads the rows back as `palaestra.Task`s, and "
        "`palaestra.make(task.env).verify(task, output)` or `palaestra verify` scores outputs.",
        "",
        "| env | tasks |",
        "|---|---|",
        table,
        "",
        "Load everything with `datasets.load_from_disk(DIR)`, one environment with "
        '`datasets.load_dataset(DIR, "<domain>-<name>-vN")`. `manifest.json` lists every '
        "task's seed and content hash. Generated by:",
        "",
        "```json",
        run,
        "```",
        "",
    ]
    return "\n".join(lines)


def data_name(fmt: str) -> str:
    """The name of the data file in an export-eval directory (empty: the directory itself)."""
    from palaestra.export import export_format

    spec = export_format(fmt)
    if spec.container == "dataset":
        return ""
    return f"tasks{spec.suffix}" if fmt in ("jsonl", "parquet") else f"tasks.{fmt}{spec.suffix}"


__all__ = [
    "EXPORT_FORMATS",
    "chat_prompt",
    "config_name",
    "data_name",
    "dataset_card",
    "size_category",
    "write_hf_dataset",
]
