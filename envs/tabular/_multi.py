"""The base of the multi-table question environments (join-aggregate, anti-join,
pivot-cell, multi-hop-lookup): draw a database of linked tables, ask a question whose answer
SQLite computes, show every table in full in the chosen format, and check the answer with
the tolerant comparisons of `palaestra.verifiers.tables`.

A subclass implements `ask(rng, db, params)`, returning a `MultiQuestion` or None (draw
another database).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.tabular._qa import QuestionEnv
from palaestra.envs.tabular._sql import MISSING_RULE, draw_database
from palaestra.generators.tables import (
    Column,
    Database,
    database_spec,
    missing_note,
    render_table,
)
from palaestra.params import Params
from palaestra.records import Task
from palaestra.verifiers.sql import reference_sqlite
from palaestra.verifiers.tables import (
    expected_number,
    expected_text,
    format_number,
    tolerance,
)

MAX_TRIES = 40
_FORMAT_NAMES = {"markdown": "Markdown", "csv": "CSV", "json": "JSON records"}


class MultiTableParams(Params):
    rows: int = Field(8, ge=4, le=200, description="rows of the main table; more is harder")
    tables: int = Field(2, ge=2, le=4, description="linked tables shown; more is harder")
    missing_rate: float = Field(0.0, ge=0.0, le=0.5, description="NULL cells; more is harder")
    fmt: Literal["any", "markdown", "csv", "json"] = Field(
        "any", description="how tables are shown (any: drawn per task); json is the longest"
    )


class ConditionParams(MultiTableParams):
    conditions: int = Field(1, ge=0, le=3, description="filter conditions; more is harder")


@dataclass
class MultiQuestion:
    text: str
    expected: dict[str, Any]
    answer_format: str
    sql: str
    hops: int = 1


def number_answer(decimals: int) -> str:
    if decimals == 0:
        return "Answer with a single whole number, for example <answer>42</answer>."
    return (
        f"Answer with a single number rounded to {decimals} decimal places, for example "
        f"<answer>{format_number(1234.5, decimals)}</answer>; answers within "
        f"{format_number(tolerance(decimals), decimals + 1)} of the exact value are accepted."
    )


def value_expectation(column: Column, value: Any) -> tuple[dict[str, Any], str]:
    """The expectation and answer sentence for one cell value of `column`."""
    if column.numeric:
        return expected_number(value, column.decimals), number_answer(column.decimals)
    if column.type == "date":
        return expected_text(
            value
        ), "Answer with the date as YYYY-MM-DD, e.g. <answer>2020-01-31</answer>."
    return expected_text(value), "Answer with the value as written, e.g. <answer>Value</answer>."


def scalar_sql(db: Database, sql: str) -> Any:
    rows = reference_sqlite(database_spec(db), sql).rows
    return rows[0][0] if rows else None


class MultiTableQA(QuestionEnv):
    """Base class; subclasses implement `ask` and set `Params` and `levels`."""

    Params: ClassVar[type[Params]] = MultiTableParams
    max_tries = MAX_TRIES
    drawn = "databases"
    tags: ClassVar[tuple[str, ...]] = ("tabular", "multi-table")

    def ask(self, rng: np.random.Generator, db: Database, params: Any) -> MultiQuestion | None:
        raise NotImplementedError

    def draw_question(
        self, rng: np.random.Generator, params: Any
    ) -> tuple[Database, MultiQuestion | None]:
        db = draw_database(rng, params)
        return db, self.ask(rng, db, params)

    def task_data(
        self, db: Database, question: MultiQuestion, fmt: str, params: Any
    ) -> dict[str, Any]:
        return {
            "database": db.to_json(),
            "format": fmt,
            "question": question.text,
            "answer_format": question.answer_format,
            "expected": question.expected,
            "sql": question.sql,
            "hops": question.hops,
            "conditions": getattr(params, "conditions", 0),
        }

    def render(self, data: dict[str, Any], params: Any) -> str:
        db = Database.from_json(data["database"])
        fmt = data["format"]
        blocks = [
            f"Table `{t.name}` ({len(t.rows)} rows, {_FORMAT_NAMES[fmt]}):\n{render_table(t, fmt)}"
            for t in db.tables
        ]
        keys = [
            f"`{t.name}.{column}` refers to `{parent}.{key}`"
            for t in db.tables
            for column, (parent, key) in t.foreign_keys.items()
        ]
        return (
            f"The database below has {len(db.tables)} linked tables. Keys: "
            + "; ".join(keys)
            + f". A missing value is shown as {missing_note(fmt)}.\n\n"
            + "\n\n".join(blocks)
            + f"\n\nQuestion: {data['question']}\n\n{MISSING_RULE}\n\n"
            + f"{data['answer_format']} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        rows = sum(len(t["rows"]) for t in data["database"]["tables"])
        hops = data["hops"]
        return {
            "rows": rows,
            "tables": len(data["database"]["tables"]),
            "hops": hops,
            "conditions": data["conditions"],
            "work": rows * (hops + data["conditions"] + 1),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        expected = task.data["expected"]
        kind = expected["kind"]
        wrong: list[str] = []
        if kind == "number":
            wrong = [
                format_number(
                    expected["value"] + 3 * 10.0 ** -expected["decimals"], expected["decimals"]
                )
            ]
        elif kind == "text":
            wrong = [str(expected["value"]) + "x"]
        elif kind in ("set", "list"):
            values = expected["values"]
            wrong = [", ".join(values[:-1]), ", ".join([*values, values[0]])]
        elif kind == "mapping":
            items = list(expected["values"].items())
            wrong = [
                "\n".join(f"{k}: {format_number(v, expected['decimals'])}" for k, v in items[:-1])
            ]
        return [f"<answer>{w}</answer>" for w in wrong if w]
