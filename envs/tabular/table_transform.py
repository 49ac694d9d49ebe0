"""Table transformation: apply cleaning, filtering, derived columns and a final reshape."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.tabular._sql import ladder_levels
from palaestra.generators.sql_queries import Col, draw_filter, filter_sql, filter_words, quote
from palaestra.generators.tables import (
    Database,
    Table,
    database_spec,
    draw_format,
    missing_note,
    random_table,
    render_table,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sql import reference_sqlite
from palaestra.verifiers.tables import normalise_text, parse_table_text, rows_match_as_multiset

FINALS = ("sort", "project", "group", "pivot")
MAX_TRIES = 40


class TransformParams(Params):
    rows: int = Field(8, ge=4, le=60, description="table rows; more is harder")
    columns: int = Field(6, ge=6, le=9, description="table columns; more is harder")
    steps: int = Field(2, ge=1, le=5, description="transformation steps; more is harder")
    missing_rate: float = Field(0.1, ge=0.0, le=0.4, description="missing cells; more is harder")
    fmt: Literal["any", "markdown", "csv", "json"] = Field(
        "any", description="how the input table is shown (any: drawn per task)"
    )


_LADDER = (  # rows, columns, steps, missing_rate
    (5, 6, 1, 0.0),
    (6, 6, 1, 0.1),
    (6, 6, 2, 0.1),
    (8, 7, 2, 0.1),
    (9, 7, 3, 0.1),
    (10, 7, 3, 0.15),
    (12, 8, 4, 0.15),
    (14, 8, 4, 0.15),
    (16, 9, 5, 0.2),
    (20, 9, 5, 0.2),
)
LEVELS = ladder_levels(("rows", "columns", "steps", "missing_rate"), _LADDER)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _plan(rng: np.random.Generator, table: Table, steps: int) -> dict[str, Any] | None:
    """SQL and numbered instructions for a pipeline of `steps` operations, or None."""
    db = Database([table])
    entity = table.entity or "id"
    cols = {c.name: c for c in table.columns if c.type != "id"}
    numeric = [n for n, c in cols.items() if c.numeric]
    cats = [n for n, c in cols.items() if c.type == "category"]
    dates = [n for n, c in cols.items() if c.type == "date"]
    sql = f"SELECT * FROM {table.name}"
    lines: list[str] = []
    decimals: dict[str, int | None] = {}
    available = [c.name for c in table.columns if c.type != "id"]
    middle = ["clean", "filter", "derive"]
    chosen = [middle[int(i)] for i in rng.permutation(3)[: steps - 1]]
    chosen += ["filter"] * max(0, steps - 1 - len(chosen))
    for op in sorted(chosen, key=middle.index):
        if op == "clean":
            target = available[int(rng.integers(1, len(available)))]
            sql = f"SELECT * FROM ({sql}) WHERE {_ident(target)} IS NOT NULL"
            lines.append(f"Drop the rows where `{target}` is missing.")
        elif op == "filter":
            pool = [n for n in available if n in cols and n != entity]
            name = pool[int(rng.integers(len(pool)))]
            f = draw_filter(rng, db, Col(table.name, name, cols[name].type))
            sql = f"SELECT * FROM ({sql}) WHERE {filter_sql(f).replace(table.name + '.', '')}"
            lines.append(
                "Keep only the rows where " + filter_words(f).replace(table.name + ".", "") + "."
            )
        else:
            if len(numeric) < 2:
                return None
            a, b = (numeric[int(i)] for i in rng.permutation(len(numeric))[:2])
            sql = f"SELECT *, ROUND({_ident(a)} * {_ident(b)}, 2) AS derived FROM ({sql})"
            available.append("derived")
            decimals["derived"] = 2
            lines.append(
                f"Add a column `derived` = `{a}` × `{b}`, rounded to 2 decimals (missing when "
                "either is missing)."
            )
    final = FINALS[int(rng.integers(len(FINALS)))]
    if final == "pivot" and len(cats) < 2:
        final = "group"
    if final in ("sort", "project"):
        others = [n for n in available if n != entity]
        keep = [entity, *(others[int(i)] for i in rng.permutation(len(others))[:2])]
        if "derived" in available and "derived" not in keep:
            keep[-1] = "derived"  # a derived column that nobody keeps would be a wasted step
        sortable = [n for n in keep[1:] if n in numeric or n in dates or n == "derived"]
        if final == "sort" and sortable:
            key = sortable[int(rng.integers(len(sortable)))]
            desc = bool(rng.random() < 0.5)
            sql = (
                f"SELECT {', '.join(map(_ident, keep))} FROM ({sql}) WHERE {_ident(key)} IS NOT "
                f"NULL ORDER BY {_ident(key)}{' DESC' if desc else ''}, {_ident(entity)}"
            )
            way = "descending" if desc else "ascending"
            lines.append(
                f"Drop the rows where `{key}` is missing, sort by `{key}` {way} (ties by "
                f"`{entity}` A to Z) and keep only the columns "
                + ", ".join(f"`{n}`" for n in keep)
                + ", in this order."
            )
            ordered = True
        else:
            sql = f"SELECT {', '.join(map(_ident, keep))} FROM ({sql})"
            lines.append(
                "Keep only the columns " + ", ".join(f"`{n}`" for n in keep) + ", in this order."
            )
            ordered = False
        header = keep
    elif final == "group":
        cat = cats[int(rng.integers(len(cats)))]
        measure = numeric[int(rng.integers(len(numeric)))]
        sql = (
            f"SELECT {_ident(cat)}, COUNT(*) AS row_count, ROUND(AVG({_ident(measure)}), 2) AS "
            f"avg_{measure} FROM ({sql}) WHERE {_ident(cat)} IS NOT NULL GROUP BY {_ident(cat)} "
            f"ORDER BY {_ident(cat)}"
        )
        header = [cat, "row_count", f"avg_{measure}"]
        decimals[f"avg_{measure}"] = 2
        lines.append(
            f"Group by `{cat}` (rows where it is missing are dropped) into the columns `{cat}`, "
            f"`row_count` (rows in the group) and `avg_{measure}` (the average of `{measure}`, "
            f"rounded to 2 decimals; missing if the group has no value), sorted by `{cat}` A to Z."
        )
        ordered = True
    else:
        rows_cat, cols_cat = (cats[int(i)] for i in rng.permutation(len(cats))[:2])
        values = sorted({v for v in table.values(cols_cat) if v is not None})
        cells = ", ".join(
            f"SUM(CASE WHEN {_ident(cols_cat)} = {quote(v)} THEN 1 ELSE 0 END) AS {_ident(v)}"
            for v in values
        )
        sql = (
            f"SELECT {_ident(rows_cat)}, {cells} FROM ({sql}) WHERE {_ident(rows_cat)} IS NOT "
            f"NULL GROUP BY {_ident(rows_cat)} ORDER BY {_ident(rows_cat)}"
        )
        header = [rows_cat, *values]
        lines.append(
            f"Pivot: one row per `{rows_cat}` value (sorted A to Z; rows where it is missing are "
            f"dropped), one column per `{cols_cat}` value ({', '.join(values)}, in that order), "
            "each cell the number of rows with that pair of values (0 when none). The first "
            f"column is `{rows_cat}`."
        )
        ordered = True
    return {
        "sql": sql,
        "steps": lines,
        "header": header,
        "decimals": [decimals.get(h) for h in header],
        "ordered": ordered,
        "final": final,
    }


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    def show(v: Any) -> str:
        return "" if v is None else str(v)

    return "\n".join([", ".join(header), *(", ".join(map(show, r)) for r in rows)])


@register("tabular/table-transform-v1")
class TableTransform(Env):
    """Table transformation: clean, filter, derive, then sort, project, group or pivot a table.

    Task: the data-wrangling tasks of table-transformation benchmarks (Auto-Tables,
    SpreadsheetBench's manipulation tasks, pandas exercises): a generated table with missing
    cells is shown as Markdown, CSV or JSON records, with numbered steps (drop rows with a
    missing value, filter, add a derived column, and finally sort and select columns,
    select columns, group with a count and a rounded mean, or pivot two categories into a
    count grid). The model gives the resulting table.

    Answer format: the table with a header row, comma-separated (or a Markdown table), one
    row a line, an empty cell for a missing value, e.g.
    ``<answer>region, row_count\\nNorth, 3\\nSouth, 1</answer>``.

    Knobs: `rows`, `columns`, `steps` (operations in the pipeline), `missing_rate`, `fmt`;
    more is harder.

    Verification: the reference is the pipeline compiled to nested SQL and run on SQLite.
    The header must name the asked columns in order (case-insensitive); rows compare as a
    multiset of typed cells (as a sequence where the steps sort): whole numbers exactly,
    table decimals within 1e-6, rounded values within 0.005, text case-insensitively,
    missing as an empty cell or NULL. Cost: `work` = rows times steps.

    Versions: v1, first release.
    """

    Params = TransformParams
    levels = LEVELS
    difficulty_cost = "work"
    tags = ("tabular", "transform")

    def sample(self, rng: np.random.Generator, params: TransformParams) -> tuple[dict, str]:
        fmt = draw_format(rng, params.fmt)
        for _ in range(MAX_TRIES):
            table = random_table(
                rng, rows=params.rows, columns=params.columns, missing_rate=params.missing_rate
            )
            plan = _plan(rng, table, params.steps)
            if plan is None:
                continue
            rows = reference_sqlite(database_spec([table]), plan["sql"]).rows
            if 1 <= len(rows) <= 40:
                break
        else:
            raise RuntimeError("no transformation with a non-empty result was found")
        data = {"table": table.to_json(), "format": fmt, **plan, "expected": rows}
        return data, _csv(plan["header"], rows)

    def render(self, data: dict[str, Any], params: TransformParams) -> str:
        table = Table.from_json(data["table"])
        steps = "\n".join(f"{i + 1}. {line}" for i, line in enumerate(data["steps"]))
        missing = missing_note(data["format"])
        return (
            f"Transform the table `{table.name}` (a missing value is shown as {missing}):\n\n"
            f"{render_table(table, data['format'])}\n\nApply these steps in order:\n{steps}\n\n"
            "Give the resulting table with a header row, one row per line, values separated "
            "by commas, an empty cell for a missing value, for example <answer>region, "
            f"row_count\nNorth, 3\nSouth, 1</answer>. {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: TransformParams) -> dict[str, Any]:
        rows = len(data["table"]["rows"])
        steps = len(data["steps"])
        return {"rows": rows, "steps": steps, "work": rows * steps}

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            rows = parse_table_text(answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the table: {exc}.")
        header = task.data["header"]
        if [normalise_text(c) for c in rows[0]] != [normalise_text(h) for h in header]:
            return Verdict.fail("wrong", "The header must be: " + ", ".join(header) + ".")
        ok = rows_match_as_multiset(
            task.data["expected"], rows[1:], task.data["decimals"], ordered=task.data["ordered"]
        )
        if ok:
            return Verdict.right()
        return Verdict.fail("wrong", "The rows of the table are not right.")

    def wrong_answers(self, task: Task) -> list[str]:
        header, rows = task.data["header"], task.data["expected"]
        wrong = [_csv(header, rows[:-1]), _csv(header, [*rows, rows[0]]), _csv(header[::-1], rows)]
        return [f"<answer>{w}</answer>" for w in wrong]
