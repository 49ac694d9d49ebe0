"""Knights and knaves: who tells the truth? The unique assignment is proved by a SAT solver."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.logic._common import ask, block, ladder, unparsable
from palaestra.generators.logic import negate, random_formula
from palaestra.generators.puzzles_cnf import PuzzleCNF, solve_stats
from palaestra.generators.vocab import person_names
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.logic import (
    encode,
    evaluate,
    op_of,
    parse_name_labels,
    parts,
    truth_mask,
    variable_masks,
)
from palaestra.verifiers.parsing import AnswerFormatError

LABELS = {"knight": "knight", "knave": "knave", "truthful": "knight", "liar": "knave"}


class KnightsParams(Params):
    people: int = Field(3, ge=2, le=9, description="islanders; more is harder")
    connectives: int = Field(1, ge=1, le=4, description="connectives per statement; more is harder")


def phrase(statement: Any, top: bool = True) -> str:
    """A statement in words; compound parts are bracketed so the reading is unambiguous."""
    op = op_of(statement)
    if op == "var":
        return f"{statement} is a knight"
    if op == "not" and isinstance(statement[1], str):
        return f"{statement[1]} is a knave"
    if op == "exactly":
        people = [p if isinstance(p, str) else p[1] for p in parts(statement)]
        listed = ", ".join(people[:-1]) + f" and {people[-1]}"
        verb = "is a knight" if statement[1] == 1 else "are knights"
        return f"exactly {statement[1]} of {listed} {verb}"
    inner = [phrase(p, top=False) for p in parts(statement)]
    if op == "not":
        text = f"it is not the case that {inner[0]}"
    elif op == "and":
        text = " and ".join(inner)
    elif op == "or":
        text = "at least one holds: " + " or ".join(inner) if len(inner) > 2 else " or ".join(inner)
    elif op == "imp":
        text = f"if {inner[0]}, then {inner[1]}"
    elif op == "iff":
        text = f"{inner[0]} if and only if {inner[1]}"
    else:
        text = f"either {inner[0]} or {inner[1]}, but not both"
    return text if top else f"({text})"


def random_statement(rng: np.random.Generator, names: list[str], connectives: int) -> Any:
    if rng.random() < 0.2 and len(names) >= 3:
        chosen = sorted(str(n) for n in rng.choice(names, size=min(3, len(names)), replace=False))
        return ["exactly", int(rng.integers(0, len(chosen) + 1)), *chosen]
    return random_formula(rng, names, connectives, ops=("and", "or", "imp", "iff", "xor"))


def knights_cnf(names: list[str], statements: list[Any]) -> tuple[PuzzleCNF, list[int]]:
    """Each islander is a knight exactly when their statement is true."""
    cnf = PuzzleCNF()
    knights = [cnf.var("knight", n) for n in names]
    for statement, knight in zip(statements, knights, strict=True):
        lit = encode(statement, cnf, lambda who: cnf.var("knight", who))
        cnf.add_all([[-knight, lit], [knight, -lit]])
    return cnf, knights


@register("logic/knights-knaves-v1")
class KnightsKnaves(Env):
    """Knights and knaves: from what each islander says, decide who tells the truth.

    Task: knights always tell the truth and knaves always lie. Smullyan's puzzles (*What
    Is the Name of This Book?*, 1978) with generated islanders. Each makes one statement
    about the others (or themself) built from "X is a knight/knave" with and, or,
    if-then, if-and-only-if, either-or and "exactly k of X, Y and Z are knights".
    Statements are drawn to agree with a hidden assignment and redrawn until MiniSat
    proves that assignment the only consistent one.

    Answer format: every islander once with their kind, e.g.
    ``Zorin: knight, Bela: knave, Tomas: knight`` (``Name is a knave`` or JSON
    ``{"Zorin": "knight"}`` also read).

    Knobs: `people` and `connectives` per statement; more of each is harder. The cost is
    the number of atomic claims in all statements.

    Verification: exact comparison with the unique assignment (uniqueness proved with
    python-sat at generation). No partial credit.

    Versions: v1, first release.
    """

    Params = KnightsParams
    levels = ladder(
        people=[2, 3, 3, 4, 4, 5, 6, 7, 8, 9], connectives=[1, 1, 2, 2, 3, 3, 3, 3, 4, 4]
    )
    difficulty_cost = "claims"
    tags = ("logic", "puzzle", "unique-solution")

    def sample(self, rng: np.random.Generator, params: KnightsParams) -> tuple[dict[str, Any], str]:
        names = person_names(rng, params.people)
        truth = {n: bool(rng.integers(2)) for n in names}

        def consistent(name: str) -> Any:
            statement = random_statement(rng, names, params.connectives)
            return statement if evaluate(statement, truth) == truth[name] else negate(statement)

        statements = [consistent(n) for n in names]
        for _ in range(500):
            if _unique(names, statements):
                break
            index = int(rng.integers(len(names)))
            statements[index] = consistent(names[index])
        else:
            raise RuntimeError("no unique knights-and-knaves puzzle found")
        answer = ", ".join(f"{n}: {'knight' if truth[n] else 'knave'}" for n in names)
        return {"names": names, "statements": statements}, answer

    def render(self, data: dict[str, Any], params: KnightsParams) -> str:
        names = data["names"]
        said = "\n".join(
            f'{name} says: "{phrase(s)}."'
            for name, s in zip(names, data["statements"], strict=True)
        )
        body = (
            "On an island every inhabitant is either a knight, who always tells the truth, or "
            f"a knave, who always lies. You meet {len(names)} inhabitants: "
            f"{', '.join(names)}.\n\n{said}\n\nExactly one assignment of knights and knaves "
            "fits. Who is a knight and who is a knave?"
        )
        return ask(
            body,
            "List every inhabitant with their kind, separated by commas, in the form "
            f"{names[0]}: knight, {names[1]}: knave, ... (whatever their kinds are).",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        cnf, _ = knights_cnf(data["names"], data["statements"])
        claims = sum(_claims(s) for s in data["statements"])
        return {"claims": claims, "people": len(data["names"]), **solve_stats(cnf)}

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            got = parse_name_labels(answer, task.data["names"], LABELS, "kind")
        except AnswerFormatError as exc:
            return unparsable(exc)
        truth = parse_name_labels(task.answer or "", task.data["names"], LABELS)
        wrong = [n for n in task.data["names"] if got[n] != truth[n]]
        if wrong:
            return Verdict.fail("wrong", f"{len(wrong)} of the kinds are wrong.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        names = task.data["names"]
        truth = parse_name_labels(task.answer or "", names, LABELS)
        flipped = {n: "knave" if truth[n] == "knight" else "knight" for n in names}
        one_wrong = {**truth, names[0]: flipped[names[0]]}
        return [
            block(", ".join(f"{n}: {kinds[n]}" for n in names)) for kinds in (flipped, one_wrong)
        ] + [block(", ".join(f"{n}: knight" for n in names[:-1]))]


def _unique(names: list[str], statements: list[Any]) -> bool:
    """Whether exactly one knight/knave assignment fits (each islander is a knight exactly
    when their statement holds). The same answer as counting the solutions of `knights_cnf`
    with MiniSat (its Tseitin literals are defined by the knights), found instead on a
    truth table of all 2**people assignments held as bit masks, one bit per assignment."""
    masks, full = variable_masks(names)
    fits = full
    for name, statement in zip(names, statements, strict=True):
        fits &= ~(truth_mask(statement, names) ^ masks[name])
    return fits != 0 and fits & (fits - 1) == 0


def _claims(statement: Any) -> int:
    if op_of(statement) == "var":
        return 1
    if op_of(statement) == "exactly":
        return len(parts(statement))
    return sum(_claims(p) for p in parts(statement))
