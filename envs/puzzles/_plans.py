"""The base of planning puzzles: the answer is a move sequence, checked by simulation.

A subclass draws an instance and its optimal plan (`plan` in data, from BFS or A*), parses a
plan (`parse_plan`) and replays it (`replay`). The base turns that into a verdict: a move
that breaks a rule or a plan that stops short of the goal is wrong, a plan that reaches the
goal scores 1.0 at the optimum length and 0.5 * optimum / length when longer (when the
subclass sets `optimal` False, every valid plan scores 1.0).
"""

from __future__ import annotations

from typing import Any, ClassVar

from palaestra.env import Env
from palaestra.envs.puzzles._common import plan_verdict
from palaestra.records import Task, Verdict
from palaestra.verifiers.moves import parse_letter_moves
from palaestra.verifiers.parsing import AnswerFormatError

Move = Any


class IllegalMove(ValueError):
    """A move the rules forbid in the state it is played in; the message is feedback."""


class PlanPuzzle(Env):
    """A puzzle whose answer is a plan (see the module docstring)."""

    tags = ("puzzle", "planning")
    difficulty_cost = "optimal_moves"
    optimal: ClassVar[bool] = True  # whether only a shortest plan scores 1.0

    def parse_plan(self, data: dict[str, Any], text: str) -> list[Move]:
        """The moves written in `text`; raises AnswerFormatError naming what is unreadable."""
        raise NotImplementedError

    def replay(self, data: dict[str, Any], moves: list[Move]) -> bool:
        """Plays `moves` from the start; True when the goal is reached at the end. Raises
        IllegalMove for a move the rules forbid (its message names the move)."""
        raise NotImplementedError

    def format_plan(self, data: dict[str, Any], moves: list[Move]) -> str:
        """Moves as answer text (the inverse of `parse_plan`)."""
        raise NotImplementedError

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            moves = self.parse_plan(task.data, answer)
        except AnswerFormatError as exc:
            return Verdict.fail("unparsable", f"Could not read the moves: {exc}.")
        try:
            reached = self.replay(task.data, moves)
        except IllegalMove as exc:
            return Verdict.fail("wrong", f"Not a valid plan: {exc}.")
        if not reached:
            return Verdict.fail("wrong", f"After all {len(moves)} moves the goal is not reached.")
        return plan_verdict(len(moves), len(task.data["plan"]) if self.optimal else None)

    def reference_answer(self, task: Task) -> str:
        return self.format_plan(task.data, task.data["plan"])

    def wrong_answers(self, task: Task) -> list[str]:
        """The reference plan without its last move (stops short of the goal)."""
        plan = task.data["plan"]
        return [f"<answer>{self.format_plan(task.data, plan[:-1])}</answer>"] if plan else []


# Moves on a grid, by the direction of travel, and the spellings models use for them.
STEPS = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
UNDO = {"U": "D", "D": "U", "L": "R", "R": "L"}
LETTERS = {
    "u": "U",
    "d": "D",
    "l": "L",
    "r": "R",
    "up": "U",
    "down": "D",
    "left": "L",
    "right": "R",
}


class LetterPlan(PlanPuzzle):
    """A plan of grid moves written as the letters U, D, L, R (see `parse_letter_moves`)."""

    def parse_plan(self, data: dict[str, Any], text: str) -> list[str]:
        return parse_letter_moves(text, LETTERS)

    def format_plan(self, data: dict[str, Any], moves: list[str]) -> str:
        return "".join(moves)


def step_label(index: int) -> str:
    """``move 3`` for the 0-based index 2: how feedback names a move."""
    return f"move {index + 1}"
