"""The base of the single-table QA environments: draw a table, ask a question, answer it
with SQLite, render table and question, and check with the tolerant comparisons of
`palaestra.verifiers.tables`.

An environment subclasses `TableQA` and implements `ask(rng, table, conn, params)`, which
returns a `Question` (or None to draw another table): the question text, the expected answer
(computed by running SQL on `conn`, an in-memory SQLite copy of the table), the answer-format
sentence and the conditions used.

`QuestionEnv`, the part shared with the multi-table base in `_multi`, draws the display
format, redraws the data until a question is well posed, and checks answers.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, NamedTuple

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.generators.table_qa import Condition, column_of, where, witness_conditions
from palaestra.generators.tables import (
    NUMERIC,
    Column,
    Table,
    draw_format,
    max_columns,
    missing_note,
    random_table,
    render_table,
    to_sqlite,
)
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.verifiers.tables import (
    check_expected,
    expected_number,
    expected_text,
    format_number,
    reference_text,
    tolerance,
)

MAX_TRIES = 50
_FORMAT_NAMES = {
    "markdown": "a Markdown table",
    "csv": "CSV with a header row",
    "json": "JSON records (one object per row)",
}
ROWS = (8, 10, 14, 18, 24, 30, 40, 55, 75, 100)
COLUMNS = (5, 5, 6, 6, 7, 7, 8, 9, 10, 10)
CONDITIONS = (1, 1, 1, 2, 2, 2, 3, 3, 3, 4)  # for envs whose questions need a condition
OPTIONAL_CONDITIONS = (0, 0, 0, 1, 1, 1, 2, 2, 2, 3)  # the default: 0 conditions make sense


class TableParams(Params):
    rows: int = Field(10, ge=4, le=300, description="table rows; more is harder")
    columns: int = Field(
        5,
        ge=5,
        le=max_columns(),
        description="columns besides the id (the ones a question does not use are "
        "distractors); more is harder",
    )
    fmt: Literal["any", "markdown", "csv", "json"] = Field(
        "any",
        description="how the table is shown: markdown, csv, json records, or any (drawn per "
        "task); JSON repeats column names in every row and is the longest",
    )


class FilterParams(TableParams):
    conditions: int = Field(
        1,
        ge=0,
        le=4,
        description="filter conditions joined by AND, each on its own column (fewer when the "
        "question's own columns leave too few free); more is harder",
    )

    @model_validator(mode="after")
    def _conditions_fit(self) -> FilterParams:
        if self.conditions > self.columns - 3:
            raise ValueError(
                f"conditions={self.conditions} need columns >= {self.conditions + 3} "
                f"(got columns={self.columns}); raise columns or lower conditions"
            )
        return self


class RequiredFilterParams(FilterParams):
    conditions: int = Field(
        1, ge=1, le=4, description="filter conditions joined by AND; more is harder"
    )


def make_levels(
    conditions: tuple[int, ...] | None = OPTIONAL_CONDITIONS, **extra: tuple[Any, ...]
) -> dict:
    """Levels 1..10 from the shared rows/columns ladder, the conditions ladder (None for envs
    without the knob) and per-env ladders given as keyword tuples."""
    levels: dict[int, dict[str, Any]] = {}
    for index in range(10):
        preset: dict[str, Any] = {"rows": ROWS[index], "columns": COLUMNS[index]}
        if conditions is not None:
            preset["conditions"] = conditions[index]
        preset.update({name: ladder[index] for name, ladder in extra.items()})
        levels[index + 1] = preset
    return levels


@dataclass
class Question:
    """A question about a table and its reference answer.

    Attributes:
        text: the question.
        expected: the expectation dict of `palaestra.verifiers.tables` (from SQLite).
        answer_format: the sentence saying how to write the answer, with an example.
        conditions: the filter conditions the question uses (recorded for cost and audits).
        sql: the reference query (with ``?`` placeholders) and its parameters, for audits.
        notes: rules the question needs (tie-breaking, how missing values count).
    """

    text: str
    expected: dict[str, Any]
    answer_format: str
    conditions: list[Condition] = field(default_factory=list)
    sql: str = ""
    params: list[Any] = field(default_factory=list)
    notes: str = ""

    @classmethod
    def number(
        cls,
        text: str,
        value: float,
        decimals: int,
        conditions: list[Condition],
        sql: str,
        params: list[Any],
        notes: str = "",
        *,
        percent: bool = False,
    ) -> Question:
        """A question whose answer is `value` to `decimals` places (a percentage with
        `percent`), with the matching answer sentence."""
        return cls(
            text,
            expected_number(value, decimals, percent=percent),
            number_format(decimals, percent=percent),
            conditions,
            sql,
            params,
            notes,
        )


def number_format(decimals: int, *, percent: bool = False) -> str:
    """The answer sentence for a number rounded to `decimals` places."""
    if decimals == 0:
        return "Answer with a single whole number, for example <answer>42</answer>."
    example = format_number(-12.5 if percent else 1234.5, decimals)
    what = "a percentage (the % sign is optional)" if percent else "a single number"
    places = "1 decimal place" if decimals == 1 else f"{decimals} decimal places"
    return (
        f"Answer with {what} rounded to {places}, without units or thousands "
        f"separators, for example <answer>{example}</answer>. Answers within "
        f"{format_number(tolerance(decimals), decimals + 1)} of the exact value are accepted."
    )


def text_format(what: str) -> str:
    return (
        f"Answer with the {what} exactly as written in the table, for example "
        f"<answer>Value</answer>."
    )


class QuestionEnv(Env):
    """What the single-table and multi-table question bases share: a display format is
    drawn, the data is redrawn until `draw_question` gives a well-posed question, and the
    answer is checked against the question's expectation."""

    difficulty_cost = "work"
    max_tries: ClassVar[int] = MAX_TRIES
    drawn: ClassVar[str] = "tables"  # what is redrawn, for the error message

    def draw_question(self, rng: np.random.Generator, params: Any) -> tuple[Any, Any]:
        """Fresh data (a table, a database) and a question about it, or None as question."""
        raise NotImplementedError

    def task_data(self, source: Any, question: Any, fmt: str, params: Any) -> dict[str, Any]:
        """The task's data: the source, the question and its expectation, for `render`."""
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        fmt = draw_format(rng, params.fmt)
        for _ in range(self.max_tries):
            source, question = self.draw_question(rng, params)
            if question is not None:
                data = self.task_data(source, question, fmt, params)
                return data, reference_text(question.expected)
        raise RuntimeError(f"{self.id}: no well-posed question in {self.max_tries} {self.drawn}")

    def check(self, task: Task, answer: str) -> Verdict:
        return check_expected(task.data["expected"], answer)


class TableQA(QuestionEnv):
    """Base class; subclasses implement `ask` and set `Params` and `levels`."""

    Params: ClassVar[type[Params]] = FilterParams
    levels: ClassVar[dict[int, dict[str, Any]]] = make_levels()
    tags: ClassVar[tuple[str, ...]] = ("tabular", "table-qa")

    # ----------------------------------------------------------------- to implement
    def ask(
        self, rng: np.random.Generator, table: Table, conn: sqlite3.Connection, params: Any
    ) -> Question | None:
        raise NotImplementedError

    def make_table(self, rng: np.random.Generator, params: Any) -> Table:
        return random_table(rng, rows=params.rows, columns=params.columns)

    # ----------------------------------------------------------------- shared
    def draw_question(self, rng: np.random.Generator, params: Any) -> tuple[Table, Question | None]:
        table = self.make_table(rng, params)
        conn = to_sqlite(table)
        try:
            return table, self.ask(rng, table, conn, params)
        finally:
            conn.close()

    def task_data(self, table: Table, question: Question, fmt: str, params: Any) -> dict[str, Any]:
        return {
            "table": table.to_json(),
            "format": fmt,
            "question": question.text,
            "notes": question.notes,
            "answer_format": question.answer_format,
            "expected": question.expected,
            "conditions": [c.to_json() for c in question.conditions],
            "sql": question.sql,
            "sql_params": list(question.params),
        }

    def render(self, data: dict[str, Any], params: Any) -> str:
        table = Table.from_json(data["table"])
        fmt = data["format"]
        missing = any(v is None for row in table.rows for v in row)
        lines = [
            f"The table `{table.name}` below has {len(table.rows)} rows, given as "
            f"{_FORMAT_NAMES[fmt]}."
            + (f" A missing value is shown as {missing_note(fmt)}." if missing else ""),
            "",
            render_table(table, fmt),
            "",
            f"Question: {data['question']}",
        ]
        if data["notes"]:
            lines.append(data["notes"])
        lines += ["", f"{data['answer_format']} {ANSWER_FORMAT}"]
        return "\n".join(lines)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        rows = len(data["table"]["rows"])
        conditions = len(data["conditions"])
        return {
            "rows": rows,
            "columns": len(data["table"]["columns"]),
            "conditions": conditions,
            "work": rows * (1 + conditions),
        }

    def wrong_answers(self, task: Task) -> list[str]:
        expected = task.data["expected"]
        kind = expected["kind"]
        wrong: list[str] = []
        if kind == "number":
            unit = 10.0 ** (-expected["decimals"])
            wrong = [format_number(expected["value"] + 2 * unit, expected["decimals"])]
        elif kind == "text":
            others = [
                str(v)
                for row in task.data["table"]["rows"]
                for v in row
                if isinstance(v, str) and v.casefold() != str(expected["value"]).casefold()
            ]
            wrong = others[:1]
        elif kind in ("list", "set"):
            values = expected["values"]
            wrong = [", ".join(values[:-1]), ", ".join([*values, values[0]])]
            if kind == "list" and len(set(values)) > 1:
                wrong.append(", ".join(reversed(values)))
        elif kind == "mapping":
            items = list(expected["values"].items())
            decimals = expected["decimals"]
            bumped = [
                (k, v + (2 * 10.0**-decimals if i == 0 else 0)) for i, (k, v) in enumerate(items)
            ]
            wrong = [
                "\n".join(f"{k}: {format_number(v, decimals)}" for k, v in bumped),
                "\n".join(f"{k}: {format_number(v, decimals)}" for k, v in items[:-1]),
            ]
        elif kind == "label":
            wrong = ["false" if expected["value"] == "true" else "true", "true or false"]
        return [f"<answer>{w}</answer>" for w in wrong if w]


# SQL aggregate and its English name, for the envs that aggregate a numeric column.
AGGREGATES: dict[str, tuple[str, str]] = {
    "sum": ("SUM", "total (sum)"),
    "mean": ("AVG", "mean (average)"),
    "min": ("MIN", "minimum"),
    "max": ("MAX", "maximum"),
}


def pick(rng: np.random.Generator, choice: str, options: tuple[str, ...]) -> str:
    """`choice`, or a random one of `options` when it is "any"."""
    return options[int(rng.integers(len(options)))] if choice == "any" else choice


def aggregate_decimals(agg: str, column_decimals: int) -> int:
    """Means are asked to 2 decimals; sums and extremes keep the column's own places."""
    return 2 if agg == "mean" else column_decimals


def cell_format(column: Column) -> str:
    """The answer sentence for one cell of `column`, written as the table shows it."""
    if column.numeric:
        example = column.format(12 if column.type == "int" else 12.5)
        return (
            f"Answer with the number as the table shows it, for example <answer>{example}</answer>."
        )
    if column.type == "date":
        return "Answer with the date as YYYY-MM-DD, for example <answer>2020-01-31</answer>."
    return text_format("value")


def cell_expected(column: Column, value: Any) -> dict[str, Any]:
    """The expectation for one cell: numbers to the column's places, other values as text."""
    return expected_number(value, column.decimals) if column.numeric else expected_text(value)


def random_filter(
    rng: np.random.Generator,
    table: Table,
    count: int,
    exclude: tuple[str, ...] = (),
    witness: int | None = None,
) -> tuple[list[Condition], str, list[Any]]:
    """`count` conditions true of a witness row (random unless given), with their WHERE
    clause and parameters; columns in `exclude` (the question's own) are not filtered on."""
    if witness is None:
        witness = int(rng.integers(len(table.rows)))
    conditions = witness_conditions(rng, table, count, witness, exclude)
    clause, values = where(conditions)
    return conditions, clause, values


def column_filter(
    rng: np.random.Generator, table: Table, count: int, types: tuple[str, ...] = NUMERIC
) -> tuple[Column, list[Condition], str, list[Any]]:
    """A random column of one of `types` (the question's own), then `count` conditions on
    other columns with their WHERE clause and parameters, as `random_filter`."""
    column = column_of(rng, table.of_type(*types))
    conditions, clause, values = random_filter(rng, table, count, exclude=(column.name,))
    return column, conditions, clause, values


class DatedFilter(NamedTuple):
    """A date column, a numeric column, a witness row and conditions true of it."""

    date: Column
    column: Column
    witness: int
    conditions: list[Condition]
    clause: str
    values: list[Any]


def dated_filter(rng: np.random.Generator, table: Table, count: int) -> DatedFilter:
    """Draws the date and numeric columns of a time-based question and `count` conditions on
    other columns, all true of a random witness row."""
    date = column_of(rng, table.of_type("date"))
    column = column_of(rng, table.of_type(*NUMERIC))
    witness = int(rng.integers(len(table.rows)))
    conditions, clause, values = random_filter(
        rng, table, count, exclude=(date.name, column.name), witness=witness
    )
    return DatedFilter(date, column, witness, conditions, clause, values)


def aggregate_sql(agg: str, column: Column) -> tuple[str, int, str]:
    """(SQL expression, decimals asked, English phrase) of a count or of an aggregate of
    `column`: ``("COUNT(*)", 0, "the number of rows")`` or
    ``("AVG(fare)", 2, "the mean (average) of `fare`")``."""
    if agg == "count":
        return "COUNT(*)", 0, "the number of rows"
    function, name = AGGREGATES[agg]
    return (
        f"{function}({column.name})",
        aggregate_decimals(agg, column.decimals),
        f"the {name} of `{column.name}`",
    )
