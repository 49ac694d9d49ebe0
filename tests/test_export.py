"""Task files and the generation/verification pipeline, on throwaway environments."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import Field

import palaestra
from palaestra.env import ANSWER_FORMAT, Env
from palaestra.errors import ExportError, InputFileError, PalaestraError
from palaestra.export import (
    COLUMNS,
    TaskWriter,
    encode_task,
    infer_format,
    read_responses,
    read_tasks,
    write_tasks,
)
from palaestra.params import Params
from palaestra.pipeline import ChunkError, GenerationRun, generate_to_file, verify_to_file
from palaestra.records import Task, Verdict
from palaestra.registry import make, unregister

ADDER = "testing/export-adder-v1"
ADDER2 = "testing/export-adder-v2"


class AdderParams(Params):
    digits: int = Field(2, ge=1, le=6, description="digits per operand; more is harder")


class Adder(Env):
    """Add two integers (a throwaway environment for the export tests)."""

    Params = AdderParams
    levels = {1: {"digits": 1}, 2: {"digits": 2}, 3: {"digits": 3}}

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        high = 10**params.digits
        a, b = (int(x) for x in rng.integers(0, high, size=2))
        # Ragged, mixed-type data: Parquet must hold it as JSON text, not as a struct column.
        extra = {"pair": [a, b]} if a % 2 else {"note": "é ✓", "ratio": a / high}
        return {"a": a, "b": b, **extra}, str(a + b)

    def render(self, data: dict[str, Any], params: Any) -> str:
        return f"What is {data['a']} + {data['b']}? [bold]not markup[/bold] {ANSWER_FORMAT}"

    def check(self, task: Task, answer: str) -> Verdict:
        if answer == task.answer:
            return Verdict.right()
        return Verdict.fail("wrong", "That is not the sum.")


class Adder2(Adder):
    """Add two integers, second version (a second throwaway environment)."""


@pytest.fixture(autouse=True)
def envs():
    palaestra.register(ADDER)(Adder)
    palaestra.register(ADDER2)(Adder2)
    yield
    unregister(ADDER)
    unregister(ADDER2)


def expected(run: GenerationRun) -> list[Task]:
    return [
        task
        for env_id in run.env_ids
        for task in make(env_id).stream(
            run.n, seed=run.seed, difficulty=run.difficulty, split=run.split, **run.knobs
        )
    ]


RUN = GenerationRun((ADDER, ADDER2), n=11, seed=3, difficulty="1-3", split="eval")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
@pytest.mark.parametrize(
    "run", [RUN, GenerationRun((ADDER,), n=5, knobs={"digits": 4})], ids=["levels", "knobs"]
)
def test_generated_file_equals_env_stream(tmp_path: Path, fmt: str, run: GenerationRun) -> None:
    out = tmp_path / f"tasks.{fmt}"
    result = generate_to_file(run, out, workers=1, row_group_size=4)
    assert result.tasks == run.total
    assert list(read_tasks(out)) == expected(run)
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_output_is_byte_identical_across_reruns_and_worker_counts(tmp_path: Path, fmt: str) -> None:
    blobs = []
    for index, workers in enumerate([1, 2, 1]):
        out = tmp_path / f"run{index}.{fmt}"
        generate_to_file(RUN, out, workers=workers, row_group_size=4)
        blobs.append(out.read_bytes())
    assert blobs[0] == blobs[1] == blobs[2]


def test_parquet_schema_and_row_groups(tmp_path: Path) -> None:
    out = tmp_path / "tasks.parquet"
    generate_to_file(RUN, out, workers=1, row_group_size=4)
    handle = pq.ParquetFile(out)
    schema = handle.schema_arrow
    assert schema.names == list(COLUMNS)
    assert schema.field("seed").type == pa.int64()
    assert schema.field("difficulty").type == pa.int32()
    assert {schema.field(name).type for name in ("params", "data", "meta")} == {pa.string()}
    header = json.loads(schema.metadata[b"palaestra"])
    assert header["format"] == "palaestra-tasks"
    assert header["json_columns"] == ["params", "data", "meta"]
    assert header["run"]["envs"] == [ADDER, ADDER2]
    sizes = [handle.metadata.row_group(i).num_rows for i in range(handle.num_row_groups)]
    assert sizes == [4, 4, 4, 4, 4, 2]
    first = handle.read_row_group(0).to_pylist()[0]
    assert json.loads(first["data"]) == expected(RUN)[0].data


def test_write_and_read_tasks_round_trip(tmp_path: Path) -> None:
    tasks = expected(RUN)
    for name in ("t.jsonl", "t.parquet"):
        assert write_tasks(tasks, tmp_path / name, row_group_size=5) == len(tasks)
        assert list(read_tasks(tmp_path / name)) == tasks
        wanted = {tasks[3].id, tasks[17].id}
        assert list(read_tasks(tmp_path / name, ids=wanted)) == [tasks[3], tasks[17]]
    assert write_tasks([], tmp_path / "empty.parquet") == 0
    assert list(read_tasks(tmp_path / "empty.parquet")) == []


def test_infer_format() -> None:
    assert infer_format("a.JSONL") == "jsonl"
    assert infer_format("a.pq") == "parquet"
    assert infer_format("a.out", "jsonl") == "jsonl"
    message = (
        "cannot tell the format of 'a.txt' from its suffix; "
        "name it .jsonl or .parquet, or pass --format"
    )
    with pytest.raises(ExportError, match=re.escape(message)):
        infer_format("a.txt")
    with pytest.raises(ExportError, match="has a jsonl suffix but the format is parquet"):
        infer_format("a.jsonl", "parquet")


def fail_after(monkeypatch: pytest.MonkeyPatch, calls: int, error: BaseException) -> None:
    """Makes Adder.sample raise `error` from its `calls`+1-th call on (in this process)."""
    original = Adder.sample
    count = {"n": 0}

    def sample(self: Adder, rng: np.random.Generator, params: Any) -> Any:
        count["n"] += 1
        if count["n"] > calls:
            raise error
        return original(self, rng, params)

    monkeypatch.setattr(Adder, "sample", sample)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
@pytest.mark.parametrize(
    "error", [KeyboardInterrupt(), RuntimeError("boom")], ids=["ctrl-c", "bug"]
)
def test_interrupted_run_leaves_old_output_and_resume_completes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, error: BaseException
) -> None:
    out = tmp_path / f"tasks.{fmt}"
    out.write_text("an earlier file")
    fail_after(monkeypatch, 13, error)
    with pytest.raises(type(error) if isinstance(error, KeyboardInterrupt) else ChunkError):
        generate_to_file(RUN, out, workers=1, row_group_size=4)
    assert out.read_text() == "an earlier file"  # never a half-written OUT
    sidecar = json.loads((tmp_path / f"tasks.{fmt}.partial.json").read_text())
    # 13 tasks made; chunks stop at row-group ends, so the three full batches of 4 committed
    assert sidecar["rows"] == 12
    monkeypatch.undo()

    result = generate_to_file(RUN, out, workers=2, resume=True, row_group_size=4)
    assert result.resumed_from == 12
    whole = tmp_path / f"whole.{fmt}"
    generate_to_file(RUN, whole, workers=1, row_group_size=4)
    assert out.read_bytes() == whole.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, whole.name])


def test_bug_in_a_worker_names_the_task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_after(monkeypatch, 2, RuntimeError("boom"))
    with pytest.raises(ChunkError, match=re.escape(f"{ADDER} task 2 (seed ")) as info:
        generate_to_file(RUN, tmp_path / "t.jsonl", workers=1)
    assert "RuntimeError: boom" in info.value.worker_traceback


def test_resume_refuses_other_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "tasks.jsonl"
    fail_after(monkeypatch, 5, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        generate_to_file(RUN, out, workers=1, row_group_size=4)
    monkeypatch.undo()
    other = GenerationRun(RUN.env_ids, RUN.n, 4, RUN.difficulty, RUN.split)
    message = (
        f"cannot resume {out}: the partial run used different arguments "
        "(seed: partial run 3, this run 4); rerun with the same arguments, "
        "or without --resume to start over"
    )
    with pytest.raises(ExportError, match=re.escape(message)):
        generate_to_file(other, out, workers=1, resume=True, row_group_size=4)
    # Without --resume the partial is replaced by a fresh run.
    result = generate_to_file(other, out, workers=1, row_group_size=4)
    assert result.discarded_partial and result.resumed_from == 0
    assert list(read_tasks(out)) == expected(other)


def test_resume_with_nothing_to_resume_starts_fresh(tmp_path: Path) -> None:
    out = tmp_path / "tasks.parquet"
    result = generate_to_file(RUN, out, workers=1, resume=True)
    assert result.resumed_from == 0 and not result.discarded_partial
    assert list(read_tasks(out)) == expected(RUN)


def test_resume_refuses_a_truncated_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tasks.jsonl"
    fail_after(monkeypatch, 9, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        generate_to_file(RUN, out, workers=1, row_group_size=4)
    monkeypatch.undo()
    partial = tmp_path / "tasks.jsonl.partial"
    partial.write_bytes(partial.read_bytes()[:10])
    with pytest.raises(ExportError, match="is missing or shorter than its sidecar records"):
        generate_to_file(RUN, out, workers=1, resume=True, row_group_size=4)


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (GenerationRun((ADDER, ADDER), 2), f"{ADDER} is given more than once; give each env once"),
        (
            GenerationRun((ADDER,), 2, knobs={"digits": 9}),
            f"knob 'digits' = 9 is not allowed for {ADDER}: allowed range is 1..6",
        ),
        (
            GenerationRun((ADDER,), 2, difficulty="2-5"),
            "difficulty '2-5' is outside the levels 1..3",
        ),
        (GenerationRun((ADDER,), 2, split="test"), "split must be one of train, eval, got 'test'"),
    ],
)
def test_bad_runs_fail_before_writing(tmp_path: Path, run: GenerationRun, message: str) -> None:
    with pytest.raises(palaestra.ConfigError, match=re.escape(message)):
        generate_to_file(run, tmp_path / "t.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_writer_rejects_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "t.jsonl"
    message = f"cannot write {target}: the directory {target.parent} does not exist"
    with pytest.raises(ExportError, match=re.escape(message)):
        TaskWriter(target, "jsonl")


# ----------------------------------------------------------------------------- reading errors


def task_line(index: int = 0) -> str:
    return encode_task(expected(RUN)[index], "jsonl")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: task_line() + "\n{not json\n", "t.jsonl line 2: not valid JSON"),
        (lambda: "[1, 2]\n", "t.jsonl line 1: expected a JSON object, got list"),
        (lambda: '{"id": "x"}\n', "t.jsonl line 1: not a task (env: Field required)"),
        (lambda: b"\xff\xfe\n", "t.jsonl line 1: not valid JSON"),
    ],
)
def test_read_tasks_reports_the_line(tmp_path: Path, content: Any, message: str) -> None:
    path = tmp_path / "t.jsonl"
    data = content()
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(InputFileError, match=re.escape(f"{tmp_path}/{message}")):
        list(read_tasks(path))


def test_read_tasks_reports_missing_files_and_columns(tmp_path: Path) -> None:
    with pytest.raises(
        InputFileError, match=re.escape(f"cannot read {tmp_path}/none.jsonl: No such file")
    ):
        list(read_tasks(tmp_path / "none.jsonl"))
    table = pa.table({"id": ["a"], "env": [ADDER]})
    pq.write_table(table, tmp_path / "cols.parquet")
    with pytest.raises(
        InputFileError, match=r"has no column 'version', 'seed', 'params', 'prompt', 'data'"
    ):
        list(read_tasks(tmp_path / "cols.parquet"))
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 and then garbage")
    with pytest.raises(InputFileError, match="cannot read .* as Parquet"):
        list(read_tasks(tmp_path / "bad.parquet"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"task_id": "a"}', "line 2: missing key 'output'"),
        ('{"output": "a"}', "line 2: missing key 'task_id'"),
        ('{"task_id": 1, "output": "a"}', "line 2: 'task_id' must be a string"),
        ('{"task_id": "a", "output": 5}', "line 2: 'output' must be a string or null"),
        ('{"task_id": "a", "output": ', "line 2: not valid JSON"),
    ],
)
def test_read_responses_reports_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"task_id": "a", "output": null}\n' + line + "\n")
    with pytest.raises(InputFileError, match=re.escape(message)):
        list(read_responses(path))


# ----------------------------------------------------------------------------- verification


@pytest.mark.parametrize("workers", [1, 2])
def test_verify_scores_right_and_wrong_outputs(tmp_path: Path, workers: int) -> None:
    tasks_path = tmp_path / "tasks.parquet"
    generate_to_file(RUN, tasks_path, workers=1)
    tasks = expected(RUN)
    lines = []
    for index, task in enumerate(tasks):
        output = make(task.env).solve(task) if index % 2 == 0 else "<answer>-1</answer>"
        lines.append(json.dumps({"task_id": task.id, "output": output}))
    lines.append(json.dumps({"task_id": tasks[1].id, "output": None}))
    responses = tmp_path / "responses.jsonl"
    responses.write_text("\n".join(lines) + "\n")
    scores = tmp_path / "scores.jsonl"
    result = verify_to_file(tasks_path, responses, scores, workers=workers, chunk_size=5)

    rows = [json.loads(line) for line in scores.read_text().splitlines()]
    assert [row["task_id"] for row in rows] == [t.id for t in tasks] + [tasks[1].id]
    assert set(rows[0]) == {
        "task_id",
        "env",
        "difficulty",
        "score",
        "correct",
        "reason",
        "feedback",
    }
    assert [row["correct"] for row in rows[:4]] == [True, False, True, False]
    assert rows[1]["reason"] == "wrong" and rows[-1]["reason"] == "no_answer"
    assert result.responses == len(tasks) + 1
    groups = {(g.env, g.difficulty): g for g in result.groups}
    assert sum(g.count for g in result.groups) == result.responses
    assert len(groups) == 6  # two envs x three levels
    assert result.mean_score == pytest.approx(sum(r["score"] for r in rows) / len(rows))


def test_verify_rejects_unknown_task_ids(tmp_path: Path) -> None:
    tasks_path = tmp_path / "tasks.jsonl"
    write_tasks(expected(RUN)[:2], tasks_path)
    responses = tmp_path / "r.jsonl"
    responses.write_text(
        "".join(json.dumps({"task_id": f"id{i}", "output": "x"}) + "\n" for i in range(7))
    )
    message = (
        f"7 task id(s) in {responses} are not in {tasks_path}: id0, id1, id2, id3, id4, ...; "
        "score responses against the task file they were produced from, or remove those lines"
    )
    with pytest.raises(InputFileError, match=re.escape(message)):
        verify_to_file(tasks_path, responses, tmp_path / "s.jsonl", workers=1)
    assert not (tmp_path / "s.jsonl").exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_user_errors_from_workers_stay_palaestra_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    def sample(self: Adder, rng: np.random.Generator, params: Any) -> Any:
        raise palaestra.ConfigError("digits too large for this instance")

    monkeypatch.setattr(Adder, "sample", sample)
    with pytest.raises(PalaestraError, match=re.escape(f"{ADDER} task 0 (seed ")) as info:
        generate_to_file(GenerationRun((ADDER,), 3), tmp_path / "t.jsonl", workers=workers)
    assert str(info.value).endswith("digits too large for this instance")
    assert not (tmp_path / "t.jsonl").exists()


def test_bugs_in_pool_workers_carry_their_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_after(monkeypatch, 2, RuntimeError("boom"))  # counts per worker process
    with pytest.raises(ChunkError, match=re.escape(f"{ADDER} task ")) as info:
        generate_to_file(RUN, tmp_path / "t.jsonl", workers=2)
    assert "RuntimeError: boom" in info.value.worker_traceback


# ----------------------------------------------------------------------------- trainer formats


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "hf", "verl", "trl", "openrlhf"])
def test_every_format_reads_back_and_has_a_manifest(tmp_path: Path, fmt: str) -> None:
    if fmt == "hf":
        pytest.importorskip("datasets")
    from palaestra.export import content_hash, manifest_path_for, read_manifest

    out = tmp_path / (
        "out"
        if fmt == "hf"
        else f"out.{fmt}.{'jsonl' if fmt in ('jsonl', 'openrlhf') else 'parquet'}"
    )
    manifest = manifest_path_for(out, fmt)
    result = generate_to_file(RUN, out, fmt=fmt, workers=1, row_group_size=4, manifest=manifest)
    tasks = expected(RUN)
    assert result.tasks == len(tasks) and list(read_tasks(out)) == tasks
    written = read_manifest(manifest)
    assert written["count"] == len(tasks) and written["split"] == "eval"
    assert written["export"] == {"format": fmt, "path": out.name}
    assert written["env_versions"] == {ADDER: 1, ADDER2: 2}
    assert written["env_counts"] == {ADDER: 11, ADDER2: 11}
    assert [s["difficulty"] for s in written["segments"]] == ["1-3", "1-3"]
    entries = written["tasks"]
    assert [e["id"] for e in entries] == [t.id for t in tasks]
    assert [e["hash"] for e in entries] == [content_hash(t) for t in tasks]
    assert [e["seed"] for e in entries] == [t.seed for t in tasks]
    assert [e["position"] for e in entries] == list(range(len(tasks)))
    extra = {manifest.name} if manifest.parent == tmp_path else set()
    assert {p.name for p in tmp_path.iterdir()} == {out.name} | extra


def test_trainer_rows_keep_ragged_task_data_as_json(tmp_path: Path) -> None:
    out = tmp_path / "t.trl.parquet"
    generate_to_file(RUN, out, fmt="trl", workers=1)
    table = pq.read_table(out)
    assert table.column_names == ["prompt", "task"]
    prompt_type = table.schema.field("prompt").type
    assert pa.types.is_list(prompt_type)
    assert prompt_type.value_type == pa.struct([("role", pa.string()), ("content", pa.string())])
    rows = table.to_pylist()
    assert rows[0]["prompt"] == [{"role": "user", "content": expected(RUN)[0].prompt}]
    assert Task.model_validate_json(rows[0]["task"]) == expected(RUN)[0]
    line = json.loads(encode_task(expected(RUN)[1], "openrlhf"))
    assert set(line) == {"input", "label"} and line["input"] == expected(RUN)[1].prompt


def test_infer_format_of_trainer_formats() -> None:
    assert infer_format("a.parquet", "verl") == "verl"
    assert infer_format("a.jsonl", "openrlhf") == "openrlhf"
    assert infer_format("dir", "hf") == "hf"
    with pytest.raises(ExportError, match="'a.jsonl' has a jsonl suffix but the format is trl"):
        infer_format("a.jsonl", "trl")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_excluded_tasks_are_dropped_and_resume_keeps_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from palaestra.export import content_hash, read_manifest

    tasks = expected(RUN)
    exclude = {content_hash(t) for t in tasks[1:20:3]}
    whole = tmp_path / f"whole.{fmt}"
    result = generate_to_file(
        RUN, whole, workers=1, row_group_size=3, exclude=exclude, manifest=tmp_path / "w.json"
    )
    kept = [t for t in tasks if content_hash(t) not in exclude]
    assert result.excluded == len(tasks) - len(kept) > 0
    assert list(read_tasks(whole)) == kept
    out = tmp_path / f"tasks.{fmt}"
    fail_after(monkeypatch, 13, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        generate_to_file(RUN, out, workers=1, row_group_size=3, exclude=exclude)
    monkeypatch.undo()
    with pytest.raises(ExportError, match="exclude: partial run"):
        generate_to_file(RUN, out, workers=1, row_group_size=3, resume=True)
    resumed = generate_to_file(
        RUN, out, workers=1, row_group_size=3, exclude=exclude, resume=True,
        manifest=tmp_path / "r.json",
    )  # fmt: skip
    assert resumed.resumed_from > 0
    assert out.read_bytes() == whole.read_bytes()
    if fmt == "parquet":  # row groups stay whole although drops make commits uneven
        handle = pq.ParquetFile(out)
        sizes = [handle.metadata.row_group(i).num_rows for i in range(handle.num_row_groups)]
        assert sizes == [3] * (len(kept) // 3) + [len(kept) % 3] * (len(kept) % 3 > 0)
    assert (
        read_manifest(tmp_path / "r.json")["tasks"] == read_manifest(tmp_path / "w.json")["tasks"]
    )
