"""XOR-SAT: solve a system of parity constraints (linear equations over GF(2))."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import assignment_format, block, invalid
from palaestra.generators.cnf import planted_xor_system, random_assignment, xor_clauses
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import (
    effort,
    first_false_xor,
    format_assignment,
    gf2_rank,
    parse_assignment,
)


class XorSatParams(Params):
    k: int = Field(10, ge=2, le=60, description="variables; more is harder")
    m: int = Field(9, ge=1, le=120, description="equations; more is harder")
    width: int = Field(3, ge=2, le=5, description="variables per equation; more is harder")

    @model_validator(mode="after")
    def _width_fits(self) -> XorSatParams:
        if self.width > self.k:
            raise ValueError(
                f"an equation of width={self.width} distinct variables needs k >= width "
                f"variables (k={self.k})"
            )
        return self


@register("sat/xorsat-v1")
class XorSat(Env):
    """XOR-SAT: an assignment satisfying every parity equation x_a ⊕ x_b ⊕ ... = 0 or 1.

    Task: `m` equations over x1..xk, each the exclusive or of `width` distinct variables
    set to 0 or 1, planted around a hidden assignment so that the system is consistent.
    XOR-SAT is the linear-algebra corner of SAT: Gaussian elimination over GF(2) solves it
    in polynomial time, while clause-learning solvers find its CNF encoding hard (the
    random k-XOR-SAT studies of Dubois and Mandler 2002 and the Tseitin formulas).

    Answer format: every variable once as a signed integer (``i`` means xi = 1, ``-i``
    means xi = 0), e.g. ``<answer>1 -2 3</answer>``.

    Knobs: `k` variables, `m` equations, `width` variables per equation (all: more is
    harder). Levels go from 5 variables and 4 equations of width 2 to 26 variables and 24
    equations of width 4; equations stay fewer than variables, so several solutions exist.

    Verification: certificate check, every equation's parity is recomputed; any solution
    scores 1.0. `task.meta["cost"]` records the rank of the system, the log2 of its
    number of solutions and MiniSat's effort on the direct CNF encoding.

    Versions: v1, first release.
    """

    Params = XorSatParams
    levels = {
        1: {"k": 5, "m": 4, "width": 2},
        2: {"k": 6, "m": 5, "width": 2},
        3: {"k": 7, "m": 6, "width": 3},
        4: {"k": 9, "m": 8, "width": 3},
        5: {"k": 11, "m": 10, "width": 3},
        6: {"k": 13, "m": 12, "width": 3},
        7: {"k": 16, "m": 15, "width": 3},
        8: {"k": 19, "m": 17, "width": 4},
        9: {"k": 22, "m": 20, "width": 4},
        10: {"k": 26, "m": 24, "width": 4},
    }
    difficulty_cost = "equations"
    tags = ("sat", "certificate", "linear-algebra")

    def sample(self, rng: np.random.Generator, params: XorSatParams) -> tuple[dict[str, Any], None]:
        model = random_assignment(rng, params.k)
        equations, parities = planted_xor_system(rng, params.k, params.m, params.width, model)
        data = {"n_vars": params.k, "equations": equations, "parities": parities}
        return {**data, "planted": model}, None

    def render(self, data: dict[str, Any], params: XorSatParams) -> str:
        lines = "\n".join(
            f"E{i}: {' ⊕ '.join(f'x{v}' for v in variables)} = {parity}"
            for i, (variables, parity) in enumerate(
                zip(data["equations"], data["parities"], strict=True), start=1
            )
        )
        return (
            f"Each variable x1..x{data['n_vars']} is 0 or 1, and ⊕ is exclusive or (the sum "
            f"modulo 2). Find values that satisfy every equation:\n\n{lines}\n\n"
            f"{assignment_format(binary=True)} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: XorSatParams) -> dict[str, Any]:
        rank = gf2_rank(data["equations"])
        clauses = [
            clause
            for variables, parity in zip(data["equations"], data["parities"], strict=True)
            for clause in xor_clauses(variables, parity)
        ]
        return {
            "equations": params.m,
            "variables": params.k,
            "rank": rank,
            "solutions_log2": params.k - rank,
            **effort(clauses, params.k),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            values = parse_assignment(answer, task.data["n_vars"])
        except AnswerFormatError as exc:
            return invalid(exc, "assignment")
        broken = first_false_xor(task.data["equations"], task.data["parities"], values)
        if broken is not None:
            return Verdict.fail("wrong", f"Equation E{broken + 1} does not hold.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_assignment(task.data["planted"])

    def wrong_answers(self, task: Task) -> list[str]:
        planted = task.data["planted"]
        # Flipping a variable breaks every equation that holds it, e.g. the first one's.
        used = task.data["equations"][0][0]
        flipped = [v != (i == used - 1) for i, v in enumerate(planted)]
        return [block(format_assignment(flipped)), block(format_assignment(planted[:-1]))]
