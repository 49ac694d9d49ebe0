"""Exact cover: choose subsets that cover every element exactly once."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator
from pysat.card import CardEnc, EncType

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import block, invalid, render_sets
from palaestra.generators.combinatorics import planted_exact_cover
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import cover_problem, parse_index_set
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import effort


class ExactCoverParams(Params):
    universe: int = Field(12, ge=2, le=80, description="elements to cover; more is harder")
    block: int = Field(
        3, ge=1, le=8, description="largest subset in the hidden cover; more is harder"
    )
    distractors: int = Field(
        10, ge=0, le=120, description="subsets outside the hidden cover; more is harder"
    )

    @model_validator(mode="after")
    def _block_fits(self) -> ExactCoverParams:
        if self.block > self.universe:
            raise ValueError(
                f"block={self.block} cannot exceed the universe of {self.universe} elements"
            )
        return self


@register("sat/exact-cover-v1")
class ExactCover(Env):
    """Exact cover: pick subsets so that every element is in exactly one of them.

    Task: subsets of {1..universe}; some of them (a hidden planted partition into blocks of
    1..`block` elements) cover every element exactly once. The others are distractors, half
    of them a planted block with one element swapped in or out, so that near misses abound.
    Exact cover is one of Karp's 21 NP-complete problems (1972) and the problem behind
    Knuth's Algorithm X and dancing links (2000).

    Answer format: the numbers of the chosen subsets, in any order, e.g.
    ``<answer>2 5 7</answer>``.

    Knobs: `universe`, `block` and `distractors` (all: more is harder). Levels go from 5
    elements with 3 distractors to 30 elements with 32 distractors.

    Verification: certificate check, any exact cover scores 1.0; feedback names an element
    covered twice or not at all. `task.meta["cost"]` records the number of subsets and
    MiniSat's effort on the exactly-one-per-element encoding.

    Versions: v1, first release.
    """

    Params = ExactCoverParams
    levels = {
        1: {"universe": 5, "block": 2, "distractors": 3},
        2: {"universe": 6, "block": 3, "distractors": 5},
        3: {"universe": 8, "block": 3, "distractors": 7},
        4: {"universe": 10, "block": 3, "distractors": 10},
        5: {"universe": 12, "block": 4, "distractors": 13},
        6: {"universe": 15, "block": 4, "distractors": 16},
        7: {"universe": 18, "block": 4, "distractors": 19},
        8: {"universe": 21, "block": 5, "distractors": 23},
        9: {"universe": 25, "block": 5, "distractors": 27},
        10: {"universe": 30, "block": 5, "distractors": 32},
    }
    difficulty_cost = "subsets"
    tags = ("sat-encoded", "set-system", "certificate")

    def sample(
        self, rng: np.random.Generator, params: ExactCoverParams
    ) -> tuple[dict[str, Any], None]:
        sets, planted = planted_exact_cover(rng, params.universe, params.block, params.distractors)
        return {"universe": params.universe, "sets": sets, "planted": planted}, None

    def render(self, data: dict[str, Any], params: ExactCoverParams) -> str:
        return (
            f"Here are {len(data['sets'])} subsets of the elements 1..{data['universe']}:\n\n"
            f"{render_sets(data['sets'])}\n\n"
            "Choose some of these subsets so that every element from 1 to "
            f"{data['universe']} lies in exactly one chosen subset. Give the numbers of the "
            f"chosen subsets, separated by spaces (for example: 2 5 7). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: ExactCoverParams) -> dict[str, Any]:
        sets = data["sets"]
        clauses: list[list[int]] = []
        top = len(sets)
        for element in range(1, params.universe + 1):
            holders = [i for i, members in enumerate(sets, 1) if element in members]
            cnf = CardEnc.equals(lits=holders, bound=1, top_id=top, encoding=EncType.pairwise)
            clauses += cnf.clauses
        return {
            "subsets": len(sets),
            "universe": params.universe,
            "cover_size": len(data["planted"]),
            **effort(clauses, len(sets)),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        sets = task.data["sets"]
        try:
            chosen = parse_index_set(answer, len(sets), "subset")
        except AnswerFormatError as exc:
            return invalid(exc, "list of subsets")
        problem = cover_problem(task.data["universe"], sets, chosen, exact=True)
        if problem is not None:
            return Verdict.fail("wrong", f"Not an exact cover: {problem}.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return " ".join(map(str, task.data["planted"]))

    def wrong_answers(self, task: Task) -> list[str]:
        planted = task.data["planted"]
        everything = " ".join(str(i) for i in range(1, len(task.data["sets"]) + 1))
        return [block(" ".join(map(str, planted[1:])) or "1"), block(everything)]
