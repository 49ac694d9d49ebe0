"""Complete the output column of a formula's truth table."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder, retry
from palaestra.envs.logic._propositional import NOTATION, show, variable_names
from palaestra.generators.logic import connective_count, random_formula
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.logic import row_values, size, truth_mask, variable_masks
from palaestra.verifiers.parsing import AnswerFormatError

_BIT = {"0": "0", "1": "1", "f": "0", "t": "1", "false": "0", "true": "1"}
_BIT_TOKEN = re.compile(r"true|false|[01tf]")


class TruthTableParams(Params):
    variables: int = Field(3, ge=1, le=6, description="variables (2**n rows); more is harder")
    connectives: int = Field(
        2, ge=1, le=10, description="binary connectives in the formula; more is harder"
    )


@register("logic/truth-table-v1")
class TruthTable(ExactEnv):
    """Fill in the last column of a truth table: the formula's value on every row.

    Task: a formula and the rows of its truth table in the usual order (all false first,
    the first variable changing slowest); give the formula's value on each row. The
    exercise that opens every propositional-logic course (Wittgenstein's *Tractatus*
    4.31, Post 1921).

    Answer format: one bit per row, in the order shown, e.g. ``0 1 1 0`` (T/F, commas or
    no spaces also read; ``[0, 1, 1, 0]`` as JSON).

    Knobs: `variables` (rows double with each) and `connectives` in the formula; more is
    harder. The cost is rows times connectives.

    Verification: exact comparison with the column computed bit-parallel from the
    formula. No partial credit: a half-right column is what a coin earns.

    Versions: v1, first release.
    """

    Params = TruthTableParams
    levels = ladder(
        variables=[3, 3, 3, 4, 4, 4, 5, 5, 6, 6], connectives=[2, 3, 4, 3, 4, 5, 5, 6, 6, 7]
    )
    difficulty_cost = "work"
    tags = ("logic", "propositional", "truth-table")
    wrong_feedback = "At least one row of the column is wrong."

    def sample(
        self, rng: np.random.Generator, params: TruthTableParams
    ) -> tuple[dict[str, Any], str]:
        names = variable_names(params.variables)
        _, full = variable_masks(names)

        def draw() -> Any:
            formula = random_formula(rng, names, params.connectives)
            return None if truth_mask(formula, names) in (0, full) else formula

        formula = retry(draw)
        mask = truth_mask(formula, names)
        column = " ".join(str(mask >> r & 1) for r in range(1 << len(names)))
        return {"variables": names, "formula": formula}, column

    def render(self, data: dict[str, Any], params: TruthTableParams) -> str:
        names = data["variables"]
        header = " | ".join(names) + " | value"
        lines = [header]
        for row in range(1 << len(names)):
            values = row_values(row, names)
            lines.append(" | ".join("T" if values[v] else "F" for v in names) + " | ?")
        body = (
            f"Complete the truth table of\n\n{show(data['formula'])}\n\n"
            + "\n".join(lines)
            + f"\n\n{NOTATION}"
        )
        return ask(
            body,
            "Give the value column from the first row to the last as bits, 1 for true and 0 "
            "for false, separated by spaces (for four rows: 0 1 1 0).",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        rows = 1 << len(data["variables"])
        connectives = connective_count(data["formula"])
        return {"work": rows * connectives, "rows": rows, "size": size(data["formula"])}

    def normalize(self, text: str, task: Task) -> str:
        lowered = text.lower()
        if re.search(r"[^\s,;\[\]01tfrueals]", lowered):
            raise AnswerFormatError("write only bits 0 and 1 (or T and F), one per row")
        bits = [_BIT[t] for t in _BIT_TOKEN.findall(lowered)]
        leftover = _BIT_TOKEN.sub("", lowered)
        if re.search(r"[a-z]", leftover):
            raise AnswerFormatError("write only bits 0 and 1 (or T and F), one per row")
        rows = 1 << len(task.data["variables"])
        if len(bits) != rows:
            raise AnswerFormatError(f"expected {rows} values, one per row, got {len(bits)}")
        return "".join(bits)

    def wrong_answers(self, task: Task) -> list[str]:
        bits = (task.answer or "").split()
        flipped = ["1" if bits[0] == "0" else "0", *bits[1:]]
        return [block(" ".join(flipped)), block(" ".join(bits[:-1]))]
