"""Pivot a cell: one cell, or a row's largest column, of a pivot table over joined tables."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from palaestra.envs.tabular._multi import (
    ConditionParams,
    MultiQuestion,
    MultiTableQA,
    number_answer,
)
from palaestra.envs.tabular._sql import ladder_levels
from palaestra.generators.sql_queries import (
    Col,
    columns_of,
    draw_filters,
    filter_sql,
    filter_words,
    main_table,
    quote,
)
from palaestra.generators.tables import Database, database_spec
from palaestra.registry import register
from palaestra.verifiers.sql import reference_sqlite
from palaestra.verifiers.tables import expected_number, expected_text

_AGGS = {"sum": "the total (sum) of", "count": "the count of", "max": "the largest"}
_LADDER = (  # rows, tables, conditions
    (6, 2, 0),
    (8, 2, 0),
    (8, 2, 1),
    (10, 3, 0),
    (12, 3, 1),
    (14, 3, 1),
    (18, 3, 2),
    (22, 4, 2),
    (28, 4, 2),
    (34, 4, 3),
)
LEVELS = ladder_levels(("rows", "tables", "conditions"), _LADDER)


class PivotParams(ConditionParams):
    question: Literal["any", "cell", "argmax"] = Field(
        "any",
        description="cell (one cell's value) or argmax (the row's largest column); any draws "
        "one; argmax needs the whole pivot row and is harder",
    )


@register("tabular/pivot-cell-v1")
class PivotCell(MultiTableQA):
    """Pivot a cell: build a pivot over joined tables and read one cell or a row's maximum.

    Task: spreadsheet-style pivoting (TableBench / pivot-table QA). The event rows of a
    generated database (orders, bookings, visits, ...) are joined with their entity row (and,
    with 3+ tables, the entity's parent row); a pivot has one row per category (of the
    entity or its parent), one column per calendar year of the event date, and cells
    aggregating an event measure. The question asks for one cell, or which year column is
    largest in a given row.

    Answer format: a number (``<answer>1234.50</answer>``), or a year (``<answer>2020</answer>``).

    Knobs: `rows`, `tables` (2: entity categories; 3-4: parent names via a second join),
    `conditions` (filters applied before pivoting), `question` (cell < argmax),
    `missing_rate`, `fmt`; more is harder.

    Verification: the cell is ``SELECT agg(measure) ... WHERE row = ? AND year = ?`` on
    SQLite (numbers within half a unit of the stated decimals); for argmax the reference
    is the unique largest year (ties are redrawn). Cost: `work`.

    Versions: v1, first release.
    """

    Params = PivotParams
    levels = LEVELS
    tags = ("tabular", "multi-table", "pivot")

    def ask(
        self, rng: np.random.Generator, db: Database, params: PivotParams
    ) -> MultiQuestion | None:
        main = main_table(db)
        events = next(t for t in db.tables if main.name in {p for p, _ in t.foreign_keys.values()})
        fk = next(c for c, (p, _) in events.foreign_keys.items() if p == main.name)
        joins = f"FROM {events.name} JOIN {main.name} ON {events.name}.{fk} = {main.name}.id"
        parents = [db.table(p) for p, _ in main.foreign_keys.values()]
        if parents:
            parent = parents[int(rng.integers(len(parents)))]
            link = next(c for c, (p, _) in main.foreign_keys.items() if p == parent.name)
            joins += f" JOIN {parent.name} ON {main.name}.{link} = {parent.name}.{parent.key}"
            row_dim = Col(parent.name, parent.entity or "", "text")
            hops = 2
        else:
            cats = columns_of(main, "category")
            if not cats:
                return None
            row_dim = cats[int(rng.integers(len(cats)))]
            hops = 1
        date = columns_of(events, "date")[0]
        measures = columns_of(events, "int", "decimal")
        measure = measures[int(rng.integers(len(measures)))]
        func = ["sum", "count", "max"][int(rng.integers(3))]
        pool = [c for c in columns_of(main, "int", "decimal", "date") if c != row_dim]
        filters = draw_filters(rng, db, pool, params.conditions)
        where = " AND ".join(
            [f"{row_dim.sql} IS NOT NULL", f"{date.sql} IS NOT NULL", *map(filter_sql, filters)]
        )
        value = "COUNT(*)" if func == "count" else f"{func.upper()}({measure.sql})"
        year = f"substr({date.sql}, 1, 4)"
        spec = database_spec(db)
        grid = reference_sqlite(
            spec,
            f"SELECT {row_dim.sql}, {year} AS year, {value} {joins} WHERE {where} "
            f"GROUP BY {row_dim.sql}, year ORDER BY {row_dim.sql}, year",
        ).rows
        if not grid:
            return None
        kind = (
            params.question
            if params.question != "any"
            else ["cell", "argmax"][int(rng.integers(2))]
        )
        what = _AGGS[func] + (" rows" if func == "count" else f" `{measure.sql}`")
        setup = (
            f"Join each row of `{events.name}` to its row of `{main.name}` (on "
            f"`{events.name}.{fk} = {main.name}.id`)"
            + (f" and that row to `{row_dim.table}`" if hops == 2 else "")
            + (
                ", keep only the rows where " + " and ".join(map(filter_words, filters))
                if filters
                else ""
            )
            + f". Build a pivot table with one row per `{row_dim.sql}`, one column per calendar "
            f"year of `{date.sql}`, and in each cell {what} over the rows of that year and row "
            "value."
        )
        decimals = 0 if func == "count" else db.table(events.name).column(measure.name).decimals
        if kind == "cell":
            label, column, cell = grid[int(rng.integers(len(grid)))]
            if cell is None:
                return None
            sql = (
                f"SELECT {value} {joins} WHERE {where} AND {row_dim.sql} = {quote(label)} "
                f"AND {year} = '{column}'"
            )
            text = f"{setup} What is the value in row {quote(label)}, column {column}?"
            return MultiQuestion(
                text, expected_number(float(cell), decimals), number_answer(decimals), sql, hops
            )
        labels = sorted({r[0] for r in grid})
        label = labels[int(rng.integers(len(labels)))]
        cells = [(r[1], r[2]) for r in grid if r[0] == label and r[2] is not None]
        if len(cells) < 2:
            return None
        best = max(v for _, v in cells)
        winners = [y for y, v in cells if v == best]
        if len(winners) != 1:
            return None
        text = f"{setup} In row {quote(label)}, which year has the largest value?"
        sql = (
            f"SELECT {year} AS year {joins} WHERE {where} AND {row_dim.sql} = {quote(label)} "
            f"GROUP BY year ORDER BY {value} DESC LIMIT 1"
        )
        return MultiQuestion(
            text,
            expected_text(str(winners[0])),
            "Answer with the year, for example <answer>2020</answer>.",
            sql,
            hops,
        )
