"""Dyck language completion: close every open bracket, innermost first."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError

PAIRS = ("()", "[]", "{}", "<>")


class DyckParams(Params):
    kinds: int = Field(2, ge=1, le=4, description="bracket kinds; more is harder")
    length: int = Field(10, ge=2, le=200, description="symbols in the prefix; more is harder")
    open_left: int = Field(
        3, ge=1, le=40, description="brackets left open at the end of the prefix; more is harder"
    )


@register("logic/dyck-completion-v1")
class DyckCompletion(ExactEnv):
    """Complete a prefix of a Dyck word with the shortest closing sequence.

    Task: a sequence of brackets of up to four kinds in which every closing bracket matches
    the latest unclosed one; give the brackets that close what is still open, so that the
    whole sequence is balanced (the Dyck-language task of BIG-bench, Suzgun et al. 2019).
    The shortest completion is unique: the open brackets' partners, innermost first.

    Answer format: the closing brackets only, e.g. ``] ) }`` (spaces optional).

    Knobs: `kinds` of brackets, `length` of the prefix and `open_left` brackets still open
    at its end; more of each is harder. The cost is the prefix length.

    Verification: exact comparison with the unique shortest completion. No partial credit.

    Versions: v1, first release.
    """

    Params = DyckParams
    levels = ladder(
        kinds=[2, 2, 3, 3, 3, 4, 4, 4, 4, 4],
        length=[12, 14, 16, 20, 24, 28, 34, 40, 50, 64],
        open_left=[3, 3, 3, 4, 4, 5, 6, 7, 8, 10],
    )
    difficulty_cost = "length"
    tags = ("logic", "formal-language")
    wrong_feedback = "That does not close the open brackets correctly."

    def sample(self, rng: np.random.Generator, params: DyckParams) -> tuple[dict[str, Any], str]:
        kinds = PAIRS[: params.kinds]
        length = max(params.length, params.open_left)
        prefix: list[str] = []
        stack: list[str] = []
        for position in range(length):
            left = length - position  # symbols still to place, this one included
            must_close = len(stack) - params.open_left >= left
            may_close = len(stack) > 0 and len(stack) - 1 + left - 1 >= params.open_left
            can_open = len(stack) + 1 <= params.open_left + left - 1
            if must_close or (may_close and (not can_open or rng.random() < 0.45)):
                prefix.append(stack.pop()[1])
            else:
                pair = kinds[int(rng.integers(len(kinds)))]
                prefix.append(pair[0])
                stack.append(pair)
        completion = " ".join(pair[1] for pair in reversed(stack))
        return {"prefix": " ".join(prefix), "kinds": params.kinds}, completion

    def render(self, data: dict[str, Any], params: DyckParams) -> str:
        kinds = " ".join(PAIRS[: data["kinds"]])
        body = (
            f"Bracket pairs: {kinds}. In a balanced sequence every closing bracket closes the "
            "most recent bracket that is still open, of the same kind.\n\n"
            f"Prefix: {data['prefix']}\n\nComplete the sequence with the fewest brackets so "
            "that it is balanced."
        )
        return ask(body, "Give only the brackets to append, separated by spaces, e.g. ] ) }.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        prefix = data["prefix"].split()
        opened = sum(symbol in "([{<" for symbol in prefix)
        return {"length": len(prefix), "open": 2 * opened - len(prefix)}

    def normalize(self, text: str, task: Task) -> str:
        symbols = re.sub(r"[\s,]", "", text)
        if not symbols or re.search(r"[^()\[\]{}<>]", symbols):
            raise AnswerFormatError("write only the closing brackets")
        return " ".join(symbols)

    def wrong_answers(self, task: Task) -> list[str]:
        answer = (task.answer or "").split()
        swapped = ")" if answer[0] != ")" else "]"
        return [block(" ".join([swapped, *answer[1:]])), block(" ".join(answer[:-1]) or "x")]
