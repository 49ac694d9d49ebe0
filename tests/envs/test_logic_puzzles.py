"""Uniqueness and answer reading of the logic puzzles (knights and knaves, zebra, seating,
ordering, kinship, deductive chains)."""

from __future__ import annotations

import itertools

import pytest

import palaestra as pa
from palaestra.generators.logic import closure
from palaestra.generators.logic_kinship import Person, relation
from palaestra.generators.logic_puzzles import Clue, PositionPuzzle, holds
from palaestra.generators.puzzles_cnf import count_solutions
from palaestra.verifiers.logic import evaluate


def test_knights_and_knaves_have_exactly_one_consistent_assignment() -> None:
    env = pa.make("logic/knights-knaves-v1")
    for seed in range(10):
        task = env.generate(seed, 5)
        names, statements = task.data["names"], task.data["statements"]
        consistent = [
            values
            for values in itertools.product([False, True], repeat=len(names))
            if all(
                evaluate(s, dict(zip(names, values, strict=True))) == v
                for s, v in zip(statements, values, strict=True)
            )
        ]
        assert len(consistent) == 1
        truth = ", ".join(
            f"{n}: {'knight' if v else 'knave'}" for n, v in zip(names, consistent[0], strict=True)
        )
        assert env.verify(task, f"<answer>{truth}</answer>").correct


def test_knights_answers_read_several_forms_and_reject_gaps() -> None:
    env = pa.make("logic/knights-knaves-v1")
    task = env.generate(3, 3)
    pairs = [item.split(": ") for item in (task.answer or "").split(", ")]
    as_json = "{" + ", ".join(f'"{n}": "{k}"' for n, k in pairs) + "}"
    as_words = ". ".join(f"{n} is a {k}" for n, k in reversed(pairs))
    assert env.verify(task, f"<answer>{as_json}</answer>").correct
    assert env.verify(task, f"<answer>{as_words}</answer>").correct
    verdict = env.verify(task, f"<answer>{', '.join(': '.join(p) for p in pairs[1:])}</answer>")
    assert verdict.reason == "unparsable" and "missing" in verdict.feedback


def _solutions(shape: tuple[int, int, bool], clues: list[Clue]) -> int:
    puzzle = PositionPuzzle(*shape)
    guards = [puzzle.add(clue) for clue in clues]
    project = [
        puzzle.x((c, v), h)
        for c in range(shape[0])
        for v in range(shape[1])
        for h in range(shape[1])
    ]
    return len(count_solutions(puzzle.cnf, project, guards, limit=2))


@pytest.mark.parametrize(("env_id", "level"), [("logic/zebra-v1", 4), ("logic/seating-v1", 5)])
def test_position_puzzles_are_unique_and_every_clue_is_needed(env_id: str, level: int) -> None:
    env = pa.make(env_id)
    for seed in range(4):
        task = env.generate(seed, level)
        clues = [Clue.from_json(c) for c in task.data["clues"]]
        if env_id == "logic/zebra-v1":
            shape = (len(task.data["columns"]), len(task.data["columns"][0]), False)
        else:
            shape = (1, len(task.data["names"]), task.data["circular"])
        assert _solutions(shape, clues) == 1
        for index in range(len(clues)):
            assert _solutions(shape, clues[:index] + clues[index + 1 :]) == 2


def test_seating_clues_hold_for_the_answer() -> None:
    env = pa.make("logic/seating-v1")
    for seed in range(6):
        task = env.generate(seed, 6)
        names = task.data["names"]
        order = (task.answer or "").split(", ")
        where = {(0, names.index(name)): seat for seat, name in enumerate(order)}
        for clue in task.data["clues"]:
            assert holds(Clue.from_json(clue), where, len(names), task.data["circular"])


def test_zebra_gives_partial_credit_by_cell() -> None:
    env = pa.make("logic/zebra-v1")
    task = env.generate(5, 5)
    lines = (task.answer or "").splitlines()
    first, second = lines[0].split(": ")[1].split(", "), lines[1].split(": ")[1].split(", ")
    first[1], second[1] = second[1], first[1]  # swap one attribute between two houses
    lines[0] = "House 1: " + ", ".join(first)
    lines[1] = "House 2: " + ", ".join(second)
    verdict = env.verify(task, "<answer>" + "\n".join(lines) + "</answer>")
    cells = len(lines) * len(first)
    assert verdict.reason == "partial" and verdict.score == pytest.approx((cells - 2) / cells)
    shuffled = "\n".join(
        f"{line.split(': ')[0]}: {', '.join(reversed(line.split(': ')[1].split(', ')))}"
        for line in reversed((task.answer or "").splitlines())
    )
    assert env.verify(task, f"<answer>{shuffled}</answer>").correct


def test_ordering_asks_a_rank_that_the_comparisons_fix() -> None:
    env = pa.make("logic/ordering-v1")
    for seed in range(5):
        task = env.generate(seed, 6)
        names, n = task.data["names"], len(task.data["names"])
        holders = set()
        for perm in itertools.permutations(range(n)):
            if all(perm.index(a) < perm.index(b) for a, b, _ in task.data["clues"]):
                holders.add(names[perm[task.data["rank"]]])
        assert holders == {task.answer}


def test_kinship_terms_on_a_hand_built_family() -> None:
    # 0+1 married; children 2 (m) and 3 (f); 4 (f) married to 2; 5 (m) child of 2 and 4.
    family = [
        Person(True, 0, spouse=1, children=[2, 3]),
        Person(False, 0, spouse=0, children=[2, 3]),
        Person(True, 1, (0, 1), spouse=4, children=[5]),
        Person(False, 1, (0, 1)),
        Person(False, 1, spouse=2, children=[5]),
        Person(True, 2, (2, 4)),
    ]
    assert relation(family, 3, 5) == "aunt"
    assert relation(family, 5, 3) == "nephew"
    assert relation(family, 0, 5) == "grandfather"
    assert relation(family, 4, 3) == "sister-in-law"
    assert relation(family, 4, 0) == "daughter-in-law"
    assert relation(family, 1, 4) == "mother-in-law"
    assert relation(family, 3, 2) == "sister"


def test_deductive_chain_certificates_both_ways() -> None:
    env = pa.make("logic/deductive-chain-v1")
    for seed in range(12):
        task = env.generate(seed, 6)
        data = task.data
        rules = [(p, h) for p, h in data["rules"]]
        assert env.verify(task, env.solve(task)).correct
        if data["label"]:
            proof = sorted(data["proof"])
            dropped = ", ".join(f"R{i + 1}" for i in proof[1:])
            assert not env.verify(task, f"<answer>YES: {dropped or 'R1'}</answer>").correct
            spare = next((i for i in range(len(rules)) if i not in proof), None)
            if spare is not None:
                padded = ", ".join(f"R{i + 1}" for i in sorted([*proof, spare]))
                assert not env.verify(task, f"<answer>YES: {padded}</answer>").correct
        else:
            derived = closure(data["facts"], rules)
            assert data["query"] not in derived
            open_rule = next(
                (h for p, h in rules if all(x in derived for x in p) and h not in data["facts"]),
                None,
            )
            if open_rule is not None:  # leaving out a derived property breaks closure
                kept = [data["properties"][a] for a in sorted(derived) if a != open_rule]
                assert not env.verify(task, f"<answer>NO: {', '.join(kept)}</answer>").correct
