"""Held-out eval suites: manifests, export-eval, eval, and disjointness from training exports."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import palaestra
from palaestra.benchmarks.suites import list_suites, load_suite, parse_suite
from palaestra.cli import cli
from palaestra.errors import ConfigError
from palaestra.export import content_hash, read_manifest, read_tasks

SMALL_SUITE = """
name = "small-v1"
description = "a small suite for the tests"

[[entries]]
envs = ["sat/ksat-v1", "math/arith*"]
levels = [1, 3]
count = 4

[[entries]]
env = "sat/ksat-v1"
label = "(3,5,7)"
group = "knobs"
knobs = { n = 3, k = 5, l = 7 }
count = 3
"""


def invoke(*args: Any) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def ok(*args: Any) -> Result:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result


def domains() -> set[str]:
    return {spec.domain for spec in palaestra.list_envs()}


def test_shipped_suites() -> None:
    names = list_suites()
    assert {"core-v1", "saturn-v1"} <= set(names)
    for domain in ("sat", "graphs", "puzzles", "logic", "math", "tabular", "code", "legal"):
        assert f"{domain}-v1" in names
    core = load_suite("core-v1").plan()
    registered = [s.id for s in palaestra.list_envs() if not s.id.startswith("testing/")]
    pairs = [(s.env_id, s.difficulty) for s in core.segments() if s.env_id in registered]
    assert sorted(pairs) == sorted((e, level) for e in registered for level in (1, 4, 7, 10))
    assert {s.split for s in core.segments()} == {"eval"}
    for domain in sorted(domains() - {"testing"}):
        plan = load_suite(f"{domain}-v1").plan()
        assert {s.env_id.partition("/")[0] for s in plan.segments()} == {domain}


def test_saturn_suite_counts_as_published() -> None:
    plan = load_suite("saturn-v1").plan()
    assert plan.total == 2660
    by_group = Counter()
    for segment in plan.segments():
        assert segment.env_id == "sat/ksat-v1"
        by_group[segment.group] += segment.n
    assert by_group == {"train": 1500, "test-train": 160, "test-harder": 1000}
    harder = {s.label: dict(s.knobs) for s in plan.segments() if s.group == "test-harder"}
    assert sorted(harder) == sorted(
        ["(3,5,20)", "(3,5,25)", "(3,6,20)", "(3,7,20)", "(3,7,40)",
         "(4,7,20)", "(4,7,40)", "(4,8,40)", "(5,8,40)", "(6,7,40)"]
    )  # fmt: skip
    assert harder["(5,8,40)"] == {"n": 5, "k": 8, "l": 40}


def test_entry_seeds_do_not_depend_on_other_entries() -> None:
    suite = parse_suite(
        {"name": "x-v1", "entries": [{"env": "sat/ksat-v1", "levels": [1, 2], "count": 2}]}
    )
    wider = parse_suite(
        {"name": "x-v1", "entries": [{"envs": ["sat/*"], "levels": [2, 1], "count": 2}]}
    )
    seeds = {(s.env_id, s.label): s.seed for s in suite.segments()}
    for segment in wider.segments():
        if (segment.env_id, segment.label) in seeds:
            assert seeds[(segment.env_id, segment.label)] == segment.seed


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"entries": []}, "a suite needs a name"),
        ({"name": "x"}, "a suite needs at least one [[entries]] table"),
        ({"name": "x", "entries": [{"env": "sat/ksat-v1", "count": 1}]}, "give either levels"),
        ({"name": "x", "entries": [{"env": "sat/ksat-v1", "levels": [1], "count": 0}]},
         "count must be a positive integer"),
        ({"name": "x", "entries": [{"envs": ["nope/*"], "levels": [1], "count": 1}]},
         "no registered environment matches 'nope/*'"),
        ({"name": "x", "entries": [{"env": "sat/ksat-v1", "levels": [1], "count": 1, "lvl": 2}]},
         "unknown key 'lvl'"),
        ({"name": "x", "entries": [{"env": "sat/ksat-v1", "levels": [1, 1], "count": 1}]},
         "lists sat/ksat-v1 at L1 twice"),
        ({"name": "x", "entries": [{"env": "sat/ksat-v1", "levels": [11], "count": 1}]},
         "difficulty 11 is outside the levels 1..10"),
    ],
)  # fmt: skip
def test_bad_suites(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_suite(raw).plan().plan()


def test_unknown_suite_is_a_one_line_error(tmp_path: Path) -> None:
    result = invoke("export-eval", "nope-v9", "-o", tmp_path / "x")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown suite 'nope-v9'; shipped suites: ")
    assert not (tmp_path / "x").exists()


def test_export_eval_then_eval_with_a_plot(tmp_path: Path) -> None:
    suite = tmp_path / "small.toml"
    suite.write_text(SMALL_SUITE)
    out = tmp_path / "small"
    result = ok("export-eval", suite, "-o", out, "--workers", 1)
    assert f"Manifest: {out}/manifest.json" in result.stdout
    tasks = list(read_tasks(out / "tasks.parquet"))
    manifest = read_manifest(out)
    assert manifest["count"] == len(tasks) == 2 * 2 * 4 + 3
    assert manifest["split"] == "eval" and {t.split for t in tasks} == {"eval"}
    assert manifest["run"]["suite"] == "small-v1"
    assert [e["id"] for e in manifest["tasks"]] == [t.id for t in tasks]
    assert [e["hash"] for e in manifest["tasks"]] == [content_hash(t) for t in tasks]
    assert manifest["env_versions"] == {"math/arithmetic-v1": 1, "sat/ksat-v1": 1}
    labels = Counter((e["env"], e.get("group"), e["label"]) for e in manifest["tasks"])
    assert labels[("sat/ksat-v1", "knobs", "(3,5,7)")] == 3
    assert labels[("math/arithmetic-v1", None, "L3")] == 4
    # A model that answers every other task right.
    responses = tmp_path / "responses.jsonl"
    with responses.open("w") as handle:
        for index, task in enumerate(tasks):
            output = palaestra.make(task.env).solve(task) if index % 2 == 0 else "no idea"
            handle.write(json.dumps({"task_id": task.id, "output": output}) + "\n")
    plot = tmp_path / "acc.png"
    scores = tmp_path / "scores.jsonl"
    text = ok("eval", out, responses, "--plot", plot, "-o", scores, "--workers", 1).stdout
    assert re.search(r"sat/ksat-v1 +│ knobs +│ \(3,5,7\) +│ 3 +│ 0\.667 +│ 66\.7%", text), text
    assert re.search(r"math/arithmetic-v1 +│ - +│ L1 +│ 4 +│ 0\.500 +│ 50\.0%", text), text
    assert "Scored 19 responses: accuracy 52.6%" in text
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(scores.read_text().splitlines()) == 19


def test_train_and_eval_exports_share_no_content_hash(tmp_path: Path) -> None:
    """sat/ksat-v1 at level 1 has a small instance space: exclusion removes the collisions."""
    suite = tmp_path / "tiny.toml"
    suite.write_text(
        'name = "tiny-v1"\n[[entries]]\nenv = "sat/ksat-v1"\nlevels = [1]\ncount = 60\n'
    )
    ok("export-eval", suite, "-o", tmp_path / "eval", "--format", "jsonl", "--workers", 1)
    eval_hashes = {e["hash"] for e in read_manifest(tmp_path / "eval")["tasks"]}
    plain = tmp_path / "plain.parquet"
    ok("generate", "sat/ksat-v1", "-n", 300, "--difficulty", 1, "-o", plain, "--workers", 1)
    plain_hashes = [content_hash(t) for t in read_tasks(plain)]
    colliding = sum(h in eval_hashes for h in plain_hashes)
    train = tmp_path / "train.parquet"
    result = ok(
        "generate", "sat/ksat-v1", "-n", 300, "--difficulty", 1, "-o", train, "--workers", 2,
        "--exclude-manifest", tmp_path / "eval" / "manifest.json",
    )  # fmt: skip
    assert f"Dropped {colliding} tasks whose content hash is in" in result.stdout
    train_tasks = list(read_tasks(train))
    assert len(train_tasks) == 300 - colliding
    assert not eval_hashes & {content_hash(t) for t in train_tasks}
    assert not eval_hashes & {e["hash"] for e in read_manifest(f"{train}.manifest.json")["tasks"]}
    # Dropping keeps every other task where it was: same seeds as the plain export.
    kept = [t for t in read_tasks(plain) if content_hash(t) not in eval_hashes]
    assert train_tasks == kept
    manifest = read_manifest(f"{train}.manifest.json")
    assert manifest["excluded"]["manifests"] == [str(tmp_path / "eval" / "manifest.json")]


def test_saturn_export_and_hf_format(tmp_path: Path) -> None:
    out = tmp_path / "saturn"
    ok("export-eval", "saturn-v1", "-o", out, "--format", "hf", "--workers", 2)
    datasets = pytest.importorskip("datasets")
    loaded = datasets.load_from_disk(str(out))
    assert list(loaded) == ["eval"] and loaded["eval"].num_rows == 2660
    manifest = read_manifest(out)
    groups = Counter(e["group"] for e in manifest["tasks"])
    assert groups == {"train": 1500, "test-train": 160, "test-harder": 1000}
    card = (out / "README.md").read_text()
    assert card.startswith("---\nlicense: apache-2.0\n") and "size_categories:\n- 1K<n<10K" in card
    assert "config_name: sat-ksat-v1" in card
    one = datasets.load_dataset(str(out), "sat-ksat-v1", split="eval")
    assert one.num_rows == 2660
    assert [t.id for t in read_tasks(out)][:5] == [e["id"] for e in manifest["tasks"][:5]]
