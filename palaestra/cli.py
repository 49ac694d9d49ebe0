"""The `palaestra` command line: a thin skin over the library.

Commands: list, show, generate, verify, export-eval, eval and serve.

One error boundary (`_Cli.invoke`) turns library and file errors into ``Error: ...`` on stderr
with exit code 1; Click reports usage errors with exit code 2. Heavy modules are imported inside
the commands, so that `palaestra --help` does not pay for numpy, pydantic or pyarrow.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from palaestra import __version__
from palaestra.errors import PalaestraError

if TYPE_CHECKING:
    from rich.console import Console

    from palaestra.pipeline import ProgressCallback


class _Cli(click.Group):
    """The one error boundary: what a user can fix is reported in one line, not a traceback.

    Command groups that live in other packages (`palaestra sandbox ...`) load on first use.
    """

    lazy_groups = {"sandbox": "palaestra.tools.sandbox.server:sandbox_group"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_groups])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = self.lazy_groups.get(name)
        if target is None:
            return super().get_command(ctx, name)
        import importlib

        module, _, attr = target.partition(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PalaestraError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # disk full, permission denied, ...: the user's to fix
            where = f": {exc.filename}" if exc.filename else ""
            raise click.ClickException(f"{exc.strerror or exc}{where}") from None


def _parse_knobs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
    """``name=value`` pairs; a value is read as JSON when it parses (40, 0.5, true, [1,2])."""
    knobs: dict[str, Any] = {}
    for item in values:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected name=value, got {item!r}", ctx, param)
        try:
            knobs[name.strip()] = json.loads(text)
        except ValueError:
            knobs[name.strip()] = text
    return knobs


_FORMATS = ("jsonl", "parquet", "hf", "verl", "trl", "openrlhf")  # = palaestra.export.FORMATS

_knob_option = click.option(
    "--knob",
    "knobs",
    multiple=True,
    callback=_parse_knobs,
    metavar="NAME=VALUE",
    help="Set a knob (repeatable); VALUE is parsed as JSON when it can be, else a string.",
)


_backend_option = click.option(
    "--backend",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where the work runs: a local process pool, or Ray tasks (the cluster at "
    "RAY_ADDRESS when it is set, else a local Ray with --workers CPUs; needs "
    "palaestra[ray]). The output is the same.",
)


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


@contextmanager
def _progress(description: str) -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr when it is a terminal; None (silence) otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # No refresh thread: the pool forks workers, and forking a threaded process is unsafe.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=_console(stderr=True),
        auto_refresh=False,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            bar.refresh()

        yield update


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="palaestra")
def cli() -> None:
    """Procedurally generated, exactly verifiable reasoning environments."""


# ----------------------------------------------------------------------------- list


@cli.command("list")
@click.option("--domain", help="Only the environments of this domain, e.g. sat.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of env specs.")
def list_command(domain: str | None, as_json: bool) -> None:
    """List the registered environments."""
    from rich.table import Table
    from rich.text import Text

    from palaestra.registry import list_envs

    specs = list_envs(domain)
    if as_json:
        click.echo(json.dumps([_spec_dict(s) for s in specs], indent=2, ensure_ascii=False))
        return
    table = Table("id", "domain", "levels", "summary")
    for spec in specs:
        info = _spec_dict(spec)
        levels = [int(level) for level in info.get("levels", {})]
        span = f"{min(levels)}-{max(levels)}" if levels else "-"
        summary = f"(unavailable: {info['error']})" if "error" in info else info["summary"]
        table.add_row(Text(spec.id), Text(spec.domain), span, Text(summary))
    _console().print(table)


def _spec_dict(spec: Any) -> dict[str, Any]:
    """The spec as JSON; an env whose module fails to import is listed with the error."""
    try:
        return spec.to_dict()
    except Exception as exc:  # one broken env must not hide the others
        return {"id": spec.id, "domain": spec.domain, "version": spec.version, "error": str(exc)}


# ----------------------------------------------------------------------------- show


@cli.command()
@click.argument("env_id")
@click.option("--difficulty", type=int, help="Level of the sample task (default: env defaults).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--split", type=click.Choice(["train", "eval"]), default="train", show_default=True)
@_knob_option
@click.option("--json", "as_json", is_flag=True, help="Print the spec and sample task as JSON.")
def show(
    env_id: str,
    difficulty: int | None,
    seed: int,
    split: str,
    knobs: dict[str, Any],
    as_json: bool,
) -> None:
    """Show an environment's knobs, levels and a sample task with its reference answer.

    The seed is a task seed, as stored in exported tasks, so this regenerates any exported task.
    """
    from palaestra.registry import make, spec

    env = make(env_id)
    task = env.generate(seed, difficulty, split=split, **knobs)
    try:
        reference: str | None = env.solve(task)
    except NotImplementedError:
        reference = None
    info = spec(env_id).to_dict()
    if as_json:
        payload = {"env": info, "task": task.model_dump(mode="json"), "reference_output": reference}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    _print_show(info, task, reference, knobs)


def _print_show(info: dict[str, Any], task: Any, reference: str | None, knobs: dict) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = _console()
    console.print(Text(f"{info['id']}: {info['summary']}", style="bold"))
    knob_table = Table("knob", "type", "default", "range", "description", title="Knobs")
    for name, knob in info["knobs"].items():
        low, high = knob["min"], knob["max"]
        span = "-" if low is None and high is None else f"{_fmt(low)}..{_fmt(high)}"
        knob_table.add_row(
            Text(name),
            Text(knob["type"]),
            Text(_fmt(knob["default"])),
            span,
            Text(knob["description"]),
        )
    console.print(knob_table)
    if info["levels"]:
        names = sorted({name for preset in info["levels"].values() for name in preset})
        level_table = Table("level", *names, title="Levels")
        for level, preset in info["levels"].items():
            level_table.add_row(level, *(Text(_fmt(preset.get(name, "-"))) for name in names))
        console.print(level_table)
    handle = f"palaestra show {task.env} --seed {task.seed}"
    if task.difficulty is not None:
        handle += f" --difficulty {task.difficulty}"
    if task.split != "train":
        handle += f" --split {task.split}"
    handle += "".join(f" --knob {name}={json.dumps(value)}" for name, value in knobs.items())
    console.print(Text(f"Sample task {task.id}, reproduced by:"))
    console.print(Text(f"  {handle}"), soft_wrap=True)  # unbroken, so that it can be pasted
    console.print(Panel(Text(task.prompt), title="prompt", title_align="left"))
    answer = reference if reference is not None else "(this env has no reference solver)"
    console.print(Panel(Text(answer), title="reference output", title_align="left"))
    meta = json.dumps(task.meta, indent=2, ensure_ascii=False)
    console.print(Panel(Text(meta), title="meta", title_align="left"))


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    return value if isinstance(value, str) else json.dumps(value)


# ----------------------------------------------------------------------------- generate


@cli.command()
@click.argument("env_ids", nargs=-1, required=True, metavar="ENV_ID...")
@click.option("-n", "n", type=click.IntRange(min=1), required=True, help="Tasks per environment.")
@click.option(
    "--difficulty",
    help="A level (3) or a range cycled through (1-5). Default: the env's default knobs.",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--split", type=click.Choice(["train", "eval"]), default="train", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="OUT.parquet or OUT.jsonl, a trainer-format file, or a directory for --format hf "
    "(default: tasks.parquet, or tasks.<format>...).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(_FORMATS)),
    help="Output format (default: from the suffix of OUT). jsonl and parquet are task files; "
    "hf is a datasets.DatasetDict directory with a dataset card; verl, trl and openrlhf are "
    "the trainers' row shapes.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), help="Processes (default: every available CPU)."
)
@_knob_option
@click.option("--resume", is_flag=True, help="Continue the partial file an interrupted run left.")
@click.option(
    "--row-group-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Tasks per Parquet row group, and per commit that --resume can continue from.",
)
@click.option(
    "--exclude-manifest",
    "exclude_manifests",
    multiple=True,
    type=click.Path(),
    metavar="MANIFEST",
    help="Drop tasks whose content hash is in this export manifest (e.g. an eval set's "
    "manifest.json); repeatable.",
)
@_backend_option
def generate(
    env_ids: tuple[str, ...],
    n: int,
    difficulty: str | None,
    seed: int,
    split: str,
    output: str | None,
    fmt: str | None,
    workers: int | None,
    knobs: dict[str, Any],
    resume: bool,
    row_group_size: int,
    exclude_manifests: tuple[str, ...],
    backend: str,
) -> None:
    """Generate N tasks of each ENV_ID into a task file or a trainer format.

    Environments are written one after the other, each exactly as
    make(ENV_ID).stream(N, seed=SEED, difficulty=DIFFICULTY, split=SPLIT, **knobs)
    yields them: task i has seed stream_seed(SEED, i) and levels cycle through the range.
    Knobs apply to every environment. The output appears only when the run completes; an
    interrupted run keeps OUT.partial, which --resume continues. A manifest (env versions,
    seeds, one content hash per task) is written beside OUT as OUT.manifest.json, or inside
    the directory of an hf export.
    """
    from palaestra.pipeline import GenerationRun

    path = output or _default_output(fmt)
    run = GenerationRun(tuple(env_ids), n, seed, difficulty, split, knobs)
    _run_export(run, path, fmt, workers, resume, row_group_size, exclude_manifests, backend=backend)


def _default_output(fmt: str | None) -> str:
    if fmt in (None, "parquet", "jsonl"):
        return f"tasks.{fmt or 'parquet'}"
    return {"hf": "tasks-hf", "verl": "tasks.verl.parquet", "trl": "tasks.trl.parquet"}.get(
        fmt, "tasks.openrlhf.jsonl"
    )


def _run_export(
    run: Any,
    path: str,
    fmt: str | None,
    workers: int | None,
    resume: bool,
    row_group_size: int,
    exclude_manifests: tuple[str, ...] = (),
    manifest: str | None = None,
    backend: str = "local",
) -> None:
    """Generates `run` into `path` with a manifest: the body of generate and export-eval."""
    from palaestra.export import infer_format, manifest_hashes, manifest_path_for
    from palaestra.pipeline import generate_to_file

    fmt = infer_format(path, fmt)
    exclude = manifest_hashes(exclude_manifests) if exclude_manifests else frozenset()
    manifest = manifest or str(manifest_path_for(path, fmt))
    try:
        with _progress("generating") as progress:
            result = generate_to_file(
                run,
                path,
                fmt=fmt,
                workers=workers,
                resume=resume,
                row_group_size=row_group_size,
                progress=progress,
                manifest=manifest,
                exclude=exclude,
                exclude_sources=exclude_manifests,
                backend=backend,
            )
    except KeyboardInterrupt:
        if os.path.exists(f"{path}.partial"):
            click.echo(
                f"Interrupted. Committed tasks are kept in {path}.partial; "
                "rerun the same command with --resume to continue.",
                err=True,
            )
        else:
            click.echo("Interrupted.", err=True)
        sys.exit(130)
    if result.discarded_partial:
        click.echo(f"note: replaced the partial file of an earlier run ({path}.partial)", err=True)
    made = run.total - result.resumed_from
    rate = made / result.seconds if result.seconds > 0 else float("inf")
    resumed = f", resumed after {result.resumed_from}" if result.resumed_from else ""
    click.echo(
        f"Wrote {result.tasks} tasks to {result.path} in {result.seconds:.2f} s "
        f"({rate:,.0f} tasks/s{resumed})"
    )
    if exclude_manifests:
        click.echo(
            f"Dropped {result.excluded} tasks whose content hash is in "
            f"{', '.join(exclude_manifests)}"
        )
    click.echo(f"Manifest: {result.manifest}")


# ----------------------------------------------------------------------------- verify


@cli.command()
@click.argument("tasks", type=click.Path())
@click.argument("responses", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="SCORES.jsonl")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Processes (default: every available CPU)."
)
@_backend_option
def verify(tasks: str, responses: str, output: str, workers: int | None, backend: str) -> None:
    """Score RESPONSES against TASKS; write one JSON line per response to SCORES.jsonl.

    TASKS is written by `palaestra generate`, in any format (a directory for hf). RESPONSES
    is JSONL with `task_id` and `output` on each line. Each score line holds task_id, env,
    difficulty, score, correct, reason and feedback, in the order of RESPONSES.
    """
    from rich.table import Table
    from rich.text import Text

    from palaestra.pipeline import verify_to_file

    with _progress("verifying") as progress:
        result = verify_to_file(
            tasks, responses, output, workers=workers, progress=progress, backend=backend
        )
    table = Table("env", "level", "responses", "mean score", "correct", title="Scores")
    for group in result.groups:
        level = "-" if group.difficulty is None else str(group.difficulty)
        table.add_row(
            Text(group.env),
            level,
            str(group.count),
            f"{group.mean_score:.3f}",
            f"{group.accuracy:.1%}",
        )
    _console().print(table)
    click.echo(
        f"Scored {result.responses} responses (mean score {result.mean_score:.3f}) "
        f"in {result.seconds:.2f} s; wrote {result.path}"
    )


# ----------------------------------------------------------------------------- export-eval


@cli.command("export-eval")
@click.argument("suite")
@click.option(
    "-o", "--output", type=click.Path(file_okay=False), required=True, help="The directory DIR."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(_FORMATS)),
    default="parquet",
    show_default=True,
    help="Format of the tasks (see generate).",
)
@click.option(
    "--workers", type=click.IntRange(min=1), help="Processes (default: every available CPU)."
)
@click.option("--resume", is_flag=True, help="Continue an interrupted export.")
@_backend_option
def export_eval(
    suite: str, output: str, fmt: str, workers: int | None, resume: bool, backend: str
) -> None:
    """Export the held-out eval suite SUITE (a name, or a suite .toml file) into DIR.

    Tasks come from the eval split, whose seeds never appear in training streams. DIR gets the
    tasks (tasks.parquet, tasks.jsonl, tasks.<format>..., or the hf dataset itself) and
    manifest.json, with a content hash per task for `generate --exclude-manifest`. Shipped
    suites: core-v1, saturn-v1 and one per domain (sat-v1, math-v1, ...).
    """
    from palaestra.benchmarks.exporters import data_name
    from palaestra.benchmarks.suites import load_suite
    from palaestra.errors import ExportError

    plan = load_suite(suite).plan()
    plan.plan()  # a bad suite fails before DIR is made
    directory = Path(output)
    if not directory.parent.is_dir():
        raise ExportError(
            f"cannot write {directory}: the directory {directory.parent} does not exist"
        )
    name = data_name(fmt)
    if name:
        directory.mkdir(exist_ok=True)
    path = str(directory / name) if name else str(directory)
    _run_export(
        plan,
        path,
        fmt,
        workers,
        resume,
        1000,
        manifest=str(directory / "manifest.json"),
        backend=backend,
    )


# ----------------------------------------------------------------------------- eval


@cli.command("eval")
@click.argument("suite_dir", type=click.Path(file_okay=False))
@click.argument("responses", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Also write SCORES.jsonl.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw accuracy by level to a PNG.")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Processes (default: every available CPU)."
)
def eval_command(
    suite_dir: str, responses: str, output: str | None, plot: str | None, workers: int | None
) -> None:
    """Score a model's RESPONSES on an exported suite; print accuracy per env and level.

    SUITE_DIR is a directory written by `palaestra export-eval`; RESPONSES is JSONL with
    `task_id` and `output` on each line. --plot needs matplotlib (palaestra[plot]).
    """
    from rich.table import Table
    from rich.text import Text

    from palaestra.benchmarks import evaluation

    report = evaluation.evaluate(suite_dir, responses, scores=output, workers=workers)
    table = Table("env", "group", "level", "n", "mean score", "accuracy", title=report.suite)
    for group in report.groups:
        table.add_row(
            Text(group.env),
            Text(group.group or "-"),
            Text(group.label),
            str(group.count),
            f"{group.mean_score:.3f}",
            f"{group.accuracy:.1%}",
        )
    _console().print(table)
    missing = f"; {report.missing} suite tasks have no response" if report.missing else ""
    click.echo(
        f"Scored {report.responses} responses: accuracy {report.accuracy:.1%}, mean score "
        f"{report.mean_score:.3f}{missing}"
    )
    if plot:
        evaluation.plot(report, plot)
        click.echo(f"Plot: {plot}")


# ----------------------------------------------------------------------------- serve


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1),
    default=64 * 1024 * 1024,
    show_default=True,
    help="Larger request bodies are refused with 413.",
)
def serve(host: str, port: int, max_request_bytes: int) -> None:
    """Serve rewards over HTTP: OpenRLHF's POST /get_reward, POST /verify and GET /health.

    /get_reward takes {"query": [...], "prompts": [...], "labels": [...]} (each label a task's
    JSON, as `generate --format openrlhf` writes it) and answers {"rewards", "scores",
    "extra_logs"}; point OpenRLHF's --reward.remote_url at http://HOST:PORT/get_reward.
    /verify takes {"items": [{"task": ..., "output": ...}]} and answers one verdict per item.
    """
    from palaestra.serve import make_server

    server = make_server(host, port, max_request_bytes=max_request_bytes)
    click.echo(f"Serving rewards on {server.url} (POST /get_reward, POST /verify, GET /health)")
    sys.stdout.flush()  # a parent process may be waiting for this line on a pipe
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    """The console-script entry point."""
    cli.main(args=argv, prog_name="palaestra")
