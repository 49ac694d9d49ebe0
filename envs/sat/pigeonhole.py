"""Pigeonhole-style decision: house every pigeon, or name pigeons with too few holes."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator
from pysat.card import CardEnc, EncType

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import YES_NO, block, invalid
from palaestra.generators.combinatorics import hall_instance
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.certificates import parse_index_set, parse_labels
from palaestra.verifiers.parsing import AnswerFormatError, parse_keyword
from palaestra.verifiers.sat import effort


class PigeonholeParams(Params):
    pigeons: int = Field(8, ge=2, le=40, description="pigeons, and as many holes; more is harder")
    tight: int = Field(
        4, ge=2, le=40, description="pigeons in the hidden critical group; more is harder"
    )
    extra: int = Field(
        2, ge=0, le=8, description="additional allowed holes per pigeon (noise); more is harder"
    )

    @model_validator(mode="after")
    def _group_fits(self) -> PigeonholeParams:
        if self.tight > self.pigeons:
            raise ValueError(f"tight={self.tight} cannot exceed pigeons={self.pigeons}")
        return self


@register("sat/pigeonhole-v1")
class Pigeonhole(Env):
    """Pigeonhole-style decision: can every pigeon get its own allowed hole? Certify either way.

    Task: n pigeons and n holes, each pigeon with a list of holes it may use, at most one
    pigeon per hole. A fair coin decides the answer first: a hidden group of `tight`
    pigeons may only use `tight` holes (YES, with a planted housing) or `tight` - 1 holes
    (NO), and random extra allowed holes hide the group. By Hall's marriage theorem (1935)
    the pigeons cannot all be housed exactly when some group of them can use fewer holes
    than its size in total; the pigeonhole formulas built from such groups are the classic
    hard case for resolution (Haken 1985), which `task.meta["cost"]` shows in MiniSat's
    conflicts.

    Answer format: ``YES`` and the hole of each pigeon in pigeon order, e.g.
    ``<answer>YES 3 1 2 4</answer>``; or ``NO`` and the numbers of pigeons that together
    may use fewer holes than there are of them, e.g. ``<answer>NO 2 5 6</answer>``.

    Knobs: `pigeons`, `tight` and `extra` (all: more is harder). Levels go from 5 pigeons
    with a group of 2 to 20 pigeons with a group of 10.

    Verification: certificates both ways. A housing must give distinct, allowed holes to
    all pigeons (impossible on a NO instance); a NO group is checked by counting the union
    of its allowed holes. Answering always one way earns about half the reward.

    Versions: v1, first release.
    """

    Params = PigeonholeParams
    levels = {
        1: {"pigeons": 5, "tight": 2, "extra": 1},
        2: {"pigeons": 6, "tight": 3, "extra": 1},
        3: {"pigeons": 7, "tight": 3, "extra": 1},
        4: {"pigeons": 8, "tight": 4, "extra": 2},
        5: {"pigeons": 9, "tight": 4, "extra": 2},
        6: {"pigeons": 10, "tight": 5, "extra": 2},
        7: {"pigeons": 12, "tight": 6, "extra": 2},
        8: {"pigeons": 14, "tight": 7, "extra": 3},
        9: {"pigeons": 16, "tight": 8, "extra": 3},
        10: {"pigeons": 20, "tight": 10, "extra": 3},
    }
    difficulty_cost = "pigeons"
    tags = ("sat-encoded", "decision", "certificate", "matching")

    def sample(
        self, rng: np.random.Generator, params: PigeonholeParams
    ) -> tuple[dict[str, Any], str]:
        housable = bool(rng.integers(2))
        allowed, housing = hall_instance(rng, params.pigeons, params.tight, params.extra, housable)
        data: dict[str, Any] = {"allowed": allowed, "housable": housable}
        if housing is not None:
            return data, "YES " + " ".join(map(str, housing))
        return data, "NO " + " ".join(map(str, _hall_group(allowed)))

    def render(self, data: dict[str, Any], params: PigeonholeParams) -> str:
        n = len(data["allowed"])
        rows = "\n".join(
            f"pigeon {p}: holes {', '.join(map(str, holes))}"
            for p, holes in enumerate(data["allowed"], start=1)
        )
        return (
            f"There are {n} pigeons and {n} holes (numbered 1 to {n}). Each pigeon may only go "
            f"into the holes listed for it, and each hole takes at most one pigeon:\n\n{rows}\n\n"
            "Can every pigeon get a hole? If yes, answer YES followed by the hole of each "
            "pigeon, in pigeon order (for example: YES 3 1 2 4). If not, answer NO followed by "
            "the numbers of some pigeons whose listed holes, taken together, are fewer than "
            f"those pigeons (for example: NO 2 5 6). {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: PigeonholeParams) -> dict[str, Any]:
        allowed = data["allowed"]
        n = len(allowed)

        def var(pigeon: int, hole: int) -> int:
            return (pigeon - 1) * n + hole

        clauses = [[var(p, h) for h in holes] for p, holes in enumerate(allowed, start=1)]
        for hole in range(1, n + 1):
            users = [var(p, hole) for p, holes in enumerate(allowed, start=1) if hole in holes]
            clauses += CardEnc.atmost(lits=users, bound=1, encoding=EncType.pairwise).clauses
        return {
            "pigeons": n,
            "allowed_pairs": sum(len(h) for h in allowed),
            **effort(clauses, n * n),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        allowed = task.data["allowed"]
        n = len(allowed)
        try:
            claim, rest = parse_keyword(answer, YES_NO)
            if claim == "no":
                return _group_verdict(allowed, parse_index_set(rest, n, "pigeon"))
            return _housing_verdict(allowed, parse_labels(rest, n, 1, n, "hole"))
        except AnswerFormatError as exc:
            return invalid(exc, "answer")

    def wrong_answers(self, task: Task) -> list[str]:
        n = len(task.data["allowed"])
        first_choice = " ".join(str(holes[0]) for holes in task.data["allowed"])
        wrong = [block("YES"), block(f"NO {' '.join(str(p) for p in range(1, n + 1))}")]
        if task.data["housable"]:
            return [*wrong, block("NO 1")]
        return [*wrong, block(f"YES {first_choice}")]


def _group_verdict(allowed: list[list[int]], group: list[int]) -> Verdict:
    """Right when the pigeons in `group` may use fewer holes, together, than they number."""
    reachable = set().union(*(allowed[p - 1] for p in group))
    if len(reachable) < len(group):
        return Verdict.right()
    return Verdict.fail(
        "wrong",
        f"Those {len(group)} pigeons may use {len(reachable)} holes in total, which is not "
        "fewer than them.",
    )


def _housing_verdict(allowed: list[list[int]], holes: list[int]) -> Verdict:
    """Right when every pigeon gets an allowed hole of its own."""
    owner: dict[int, int] = {}
    for pigeon, hole in enumerate(holes, start=1):
        if hole not in allowed[pigeon - 1]:
            return Verdict.fail("wrong", f"Pigeon {pigeon} may not use hole {hole}.")
        if hole in owner:
            return Verdict.fail(
                "wrong", f"Pigeons {owner[hole]} and {pigeon} both use hole {hole}."
            )
        owner[hole] = pigeon
    return Verdict.right()


def _hall_group(allowed: list[list[int]]) -> list[int]:
    """A group of pigeons (1-based) whose allowed holes are fewer than them, found from a
    maximum matching (Kuhn's augmenting paths): the pigeons reachable by alternating paths
    from an unmatched pigeon are such a group (the constructive side of Hall's theorem)."""
    n = len(allowed)
    owner: dict[int, int] = {}

    def augment(pigeon: int, seen: set[int]) -> bool:
        for hole in allowed[pigeon]:
            if hole not in seen:
                seen.add(hole)
                if hole not in owner or augment(owner[hole], seen):
                    owner[hole] = pigeon
                    return True
        return False

    unmatched = [p for p in range(n) if not augment(p, set())]
    if not unmatched:
        return []
    group, frontier = {unmatched[0]}, [unmatched[0]]
    while frontier:
        pigeon = frontier.pop()
        for hole in allowed[pigeon]:
            mate = owner.get(hole)
            if mate is not None and mate not in group:
                group.add(mate)
                frontier.append(mate)
    return sorted(p + 1 for p in group)
