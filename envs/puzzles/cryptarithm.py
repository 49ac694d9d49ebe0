"""Cryptarithm: letters stand for distinct digits in a column addition; find the digits."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.puzzles._common import (
    UNIQUE,
    Encoding,
    UniquePuzzle,
    format_example,
    prune_clues,
)
from palaestra.generators.puzzles_cnf import PuzzleCNF, UniquenessProver
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

PAIR = re.compile(r"([A-Za-z])\s*(?:=|:|->|→)\s*(\d+)")
LEFTOVER = re.compile(r"[\s,;.]*")
MAX_DRAWS = 10  # additions tried for one needing no hints before hints are used


class CryptarithmParams(Params):
    addends: int = Field(2, ge=2, le=4, description="words added up; more is harder")
    length: int = Field(4, ge=2, le=7, description="letters per added word; more is harder")


def word_value(word: str, digits: dict[str, int]) -> int:
    return int("".join(str(digits[letter]) for letter in word))


@register("puzzles/cryptarithm-v1")
class Cryptarithm(UniquePuzzle):
    """Cryptarithm: find the digit of each letter so that the word addition is correct.

    Task: the alphametic (H. E. Dudeney's SEND + MORE = MONEY, 1924). Each letter stands for a
    digit, different letters for different digits, and no word starts with 0. Instances: random
    numbers are added and their digits replaced by random letters; MiniSat proves the letters'
    digits unique, each column encoded as a chain of partial sums (carry in plus one letter at a
    time) whose total gives the result letter and the carry out. Up to `MAX_DRAWS` additions are
    tried for one that is unique as it stands; otherwise hints ("E = 5") are added while MiniSat
    still finds a second solution, then pruned back to a minimal set. Short words are rarely
    unique, so low levels mostly come with a hint or two.

    Answer format: every letter's digit inside <answer></answer>, e.g. ``S=9, E=5, N=6``.

    Knobs: `addends` (2..4) and `length` (2..7 letters per added word); more is harder. Levels
    go from two 3-letter words to three 7-letter words, by letters in the sum.

    Verification: by the rules: every letter once with a digit 0..9, distinct digits, no leading
    zero, and the addition holds. `task.meta["cost"]` records the letters, hints, draws and
    MiniSat's effort.

    Versions: v1, first release.
    """

    Params = CryptarithmParams
    levels = {
        1: {"addends": 2, "length": 3},
        2: {"addends": 2, "length": 4},
        3: {"addends": 3, "length": 3},
        4: {"addends": 2, "length": 5},
        5: {"addends": 3, "length": 4},
        6: {"addends": 2, "length": 6},
        7: {"addends": 3, "length": 5},
        8: {"addends": 2, "length": 7},
        9: {"addends": 3, "length": 6},
        10: {"addends": 3, "length": 7},
    }
    difficulty_cost = "letter_slots"
    tags = ("puzzle", "arithmetic", "unique-solution")

    def sample(
        self, rng: np.random.Generator, params: CryptarithmParams
    ) -> tuple[dict[str, Any], None]:
        for draw in range(1, MAX_DRAWS + 1):
            words, digits = _random_addition(rng, params.addends, params.length)
            data = {"words": words, "hints": [], "draws": draw}
            enc = self.encode(data)
            truth = [enc.cnf.var("x", letter, d) for letter, d in sorted(digits.items())]
            with UniquenessProver(enc.cnf, truth, enc.project) as prover:
                if prover.is_unique(enc.clues) or draw == MAX_DRAWS:
                    added = prover.complete(rng, truth, enc.clues) or []
                    break
        data["hints"] = sorted(
            [letter, d] for letter, d in digits.items() if enc.cnf.var("x", letter, d) in added
        )
        enc = self.encode(data)
        columns = len(words[-1])
        kept = prune_clues(rng, enc, truth, range(columns, len(enc.clues)))
        data["hints"] = [h for i, h in enumerate(data["hints"]) if i + columns in kept]
        data["digits"] = digits
        return data, None

    def encode(self, data: dict[str, Any]) -> Encoding:
        words = data["words"]
        *addends, total = words
        letters = sorted(set("".join(words)))
        cnf = PuzzleCNF()
        for letter in letters:
            cnf.exactly_one([cnf.var("x", letter, d) for d in range(10)])
        for d in range(10):
            cnf.at_most([cnf.var("x", letter, d) for letter in letters], 1)
        for word in words:
            if len(word) > 1:
                cnf.add([-cnf.var("x", word[0], 0)])
        columns = len(total)
        most_carry = len(addends) - 1
        for i in range(columns + 1):
            cnf.exactly_one([cnf.var("carry", i, v) for v in range(most_carry + 1)])
        cnf.add([cnf.var("carry", 0, 0)])
        cnf.add([cnf.var("carry", columns, 0)])
        clues = []
        for i in range(columns):
            # Partial sums down the column: carry in, plus each added letter in turn.
            column = [word[-1 - i] for word in addends if i < len(word)]
            sums = [{v: cnf.var("carry", i, v) for v in range(most_carry + 1)}]
            for j, letter in enumerate(column, start=1):
                step = {v: cnf.var("sum", i, j, v) for v in range(9 * j + most_carry + 1)}
                cnf.exactly_one(list(step.values()))
                for u, before in sums[-1].items():
                    for d in range(10):
                        cnf.add([-before, -cnf.var("x", letter, d), step[u + d]])
                sums.append(step)
            if i in data.get("free_columns", []):
                continue
            clue = cnf.fresh()  # the column's total is its result digit plus ten times the carry
            for v, lit in sums[-1].items():
                if v // 10 > most_carry:
                    cnf.add([-lit], clue)
                else:
                    cnf.add([-lit, cnf.var("x", total[-1 - i], v % 10)], clue)
                    cnf.add([-lit, cnf.var("carry", i + 1, v // 10)], clue)
            clues.append(clue)
        clues += [cnf.var("x", letter, d) for letter, d in data["hints"]]
        project = [cnf.var("x", letter, d) for letter in letters for d in range(10)]

        def decode(solution: list[int]) -> str:
            true = {lit for lit in solution if lit > 0}
            return _mapping_text(
                {a: d for a in letters for d in range(10) if cnf.var("x", a, d) in true}
            )

        return Encoding(cnf, project, clues, decode)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Clues: the columns still checked, from the right (a dropped one is listed in
        ``data["free_columns"]``), then the hints."""
        free = data.get("free_columns", [])
        checked = [i for i in range(len(data["words"][-1])) if i not in free]
        if index >= len(checked):
            hints = [h for i, h in enumerate(data["hints"]) if i != index - len(checked)]
            return {**data, "hints": hints}
        return {**data, "free_columns": sorted([*free, checked[index]])}

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "letter_slots": sum(len(word) for word in data["words"]),
            "letters": len(set("".join(data["words"]))),
            "hints": len(data["hints"]),
            "draws": data.get("draws", 1),
        }

    def render(self, data: dict[str, Any], params: CryptarithmParams) -> str:
        *addends, total = data["words"]
        width = len(total) + 2
        lines = [
            f"{'' if i else ' '}{word:>{width - 1}}" if i == 0 else f"+{word:>{width - 1}}"
            for i, word in enumerate(addends)
        ]
        lines += ["-" * width, f"{total:>{width}}"]
        hints = ""
        if data["hints"]:
            hints = (
                "\nHints: " + ", ".join(f"{letter} = {d}" for letter, d in data["hints"]) + ".\n"
            )
        return (
            "Solve this cryptarithm. Each letter stands for one digit 0-9, different letters "
            "stand for different digits, and no number starts with 0. Find the digits that make "
            f"the addition correct. {UNIQUE}\n\n" + "\n".join(lines) + f"\n{hints}\n"
            "Give every letter's digit inside <answer></answer>, as `LETTER=digit` separated by "
            "commas. " + format_example("A=1, B=7, C=0")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        words = task.data["words"]
        letters = sorted(set("".join(words)))
        if len(answer) > 2000:
            return Verdict.fail(
                "unparsable", "The answer is too long for a letter-to-digit mapping."
            )
        if LEFTOVER.fullmatch(PAIR.sub("", answer)) is None:
            return Verdict.fail("unparsable", "Write only pairs like A=1, separated by commas.")
        digits: dict[str, int] = {}
        for match in PAIR.finditer(answer):
            letter, value = match[1].upper(), match[2]
            if letter not in letters:
                return Verdict.fail("wrong", f"{letter} is not a letter of the puzzle.")
            if letter in digits:
                return Verdict.fail("wrong", f"{letter} is given more than once.")
            if len(value) > 1:
                return Verdict.fail("wrong", f"{letter}={value[:5]} is not a single digit.")
            digits[letter] = int(value)
        missing = [letter for letter in letters if letter not in digits]
        if missing:
            return Verdict.fail(
                "wrong", f"Every letter needs a digit; missing: {', '.join(missing)}."
            )
        if len(set(digits.values())) < len(digits):
            return Verdict.fail("wrong", "Two letters have the same digit.")
        for letter, d in task.data["hints"]:
            if digits[letter] != d:
                return Verdict.fail("wrong", f"{letter} is given as {d}.")
        for word in words:
            if len(word) > 1 and digits[word[0]] == 0:
                return Verdict.fail("wrong", f"{word} would start with 0.")
        if not _adds_up(words, digits, task.data.get("free_columns", [])):
            *addends, total = words
            got = sum(word_value(w, digits) for w in addends)
            return Verdict.fail(
                "wrong", f"The addition fails: the sum is {got}, not {word_value(total, digits)}."
            )
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return _mapping_text(task.data["digits"])

    def wrong_answers(self, task: Task) -> list[str]:
        digits = dict(task.data["digits"])
        a, b = sorted(digits)[:2]
        digits[a], digits[b] = digits[b], digits[a]
        return [f"<answer>{_mapping_text(digits)}</answer>"]


def _adds_up(words: list[str], digits: dict[str, int], free: list[int]) -> bool:
    """Whether the column addition holds, column by column from the right with carries;
    a `free` column (counted from the right) is not checked and passes any carry on, as
    the encoding does when that column's clue is dropped."""
    *addends, total = words
    most = len(addends) - 1
    carries = {0}
    for i in range(len(total)):
        column = sum(digits[word[-1 - i]] for word in addends if i < len(word))
        if i in free:
            carries = set(range(most + 1))
            continue
        carries = {
            (column + c) // 10
            for c in carries
            if (column + c) % 10 == digits[total[-1 - i]] and (column + c) // 10 <= most
        }
    return 0 in carries


def _random_addition(
    rng: np.random.Generator, addends: int, length: int
) -> tuple[list[str], dict[str, int]]:
    """Random addends of `length` digits (no leading zero), their sum, and the words that
    replace each digit by a letter (distinct digits by distinct random letters)."""
    while True:
        numbers = [int(rng.integers(10 ** (length - 1), 10**length)) for _ in range(addends)]
        total = sum(numbers)
        used = sorted(set("".join(map(str, [*numbers, total]))))
        if len(used) >= 4:
            break
    letters = [chr(65 + int(i)) for i in rng.choice(26, len(used), replace=False)]
    code = {int(d): letter for d, letter in zip(used, letters, strict=True)}
    words = ["".join(code[int(ch)] for ch in str(n)) for n in [*numbers, total]]
    return words, {letter: d for d, letter in code.items()}


def _mapping_text(digits: dict[str, int]) -> str:
    return ", ".join(f"{letter}={d}" for letter, d in sorted(digits.items()))
