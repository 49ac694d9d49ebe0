"""What the logic environments share: level tables, prompt endings, exact-answer and
decision-with-certificate checking.

`ExactEnv` is the base of tasks with one right answer: the env turns the model's text into a
canonical string (`normalize`, raising AnswerFormatError for a malformed answer) and the
result is compared with the normalised reference. `CertifiedDecision` is the base of yes/no
tasks where one side must come with a certificate (a counter-model, a model, a
distinguishing assignment): the side that needs no certificate is the only one a guess can
win, and labels are drawn from the task's rng with equal odds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.records import Task, Verdict
from palaestra.verifiers.parsing import AnswerFormatError, parse_keyword


def ladder(**columns: Any) -> dict[int, dict[str, Any]]:
    """Levels 1..10 from knob columns: each a list of ten values or one fixed value."""
    return {
        level: {
            knob: column[level - 1] if isinstance(column, list | tuple) else column
            for knob, column in columns.items()
        }
        for level in range(1, 11)
    }


def block(text: str) -> str:
    """`text` as a model output's answer block."""
    return f"<answer>{text}</answer>"


def ask(body: str, answer_format: str) -> str:
    """A prompt: the instance and question, then the answer format and the answer tags."""
    return f"{body}\n\n{answer_format} {ANSWER_FORMAT}"


def unparsable(exc: AnswerFormatError) -> Verdict:
    return Verdict.fail("unparsable", f"The answer could not be read: {exc}.")


def coin(rng: np.random.Generator) -> bool:
    """A fair label, drawn first so that decision tasks are balanced."""
    return bool(rng.integers(2))


def retry(make: Callable[[], Any | None], tries: int = 200) -> Any:
    """The first non-None result of `make` within `tries` calls (bounded rejection)."""
    for _ in range(tries):
        result = make()
        if result is not None:
            return result
    raise RuntimeError(f"no acceptable instance in {tries} draws")


class ExactEnv(Env):
    """A task with one right answer, compared after normalisation."""

    wrong_feedback: ClassVar[str] = "That is not the right answer."

    def normalize(self, text: str, task: Task) -> str:
        """The canonical form of an answer text; AnswerFormatError when it is malformed."""
        raise NotImplementedError

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            got = self.normalize(answer, task)
        except AnswerFormatError as exc:
            return unparsable(exc)
        if got == self.normalize(task.answer or "", task):
            return Verdict.right()
        return Verdict.fail("wrong", self.wrong_feedback)


class CertifiedDecision(Env):
    """A yes/no task; answers start with one of two keywords, and `certified` names the one
    that must be followed by a certificate, which `certificate_problem` judges.

    ``task.data["label"]`` is True when the right keyword is `words[0]`.
    """

    words: ClassVar[tuple[str, str]] = ("YES", "NO")
    certified: ClassVar[str] = "NO"

    def certificate_problem(self, task: Task, text: str) -> str | None:
        """None when `text` certifies the `certified` answer; otherwise the feedback.
        Raises AnswerFormatError when `text` cannot be read."""
        raise NotImplementedError

    def certificate(self, task: Task) -> str:
        """A valid certificate text for a task whose right answer is the certified one."""
        raise NotImplementedError

    def right_word(self, task: Task) -> str:
        return self.words[0] if task.data["label"] else self.words[1]

    def check(self, task: Task, answer: str) -> Verdict:
        yes, no = self.words
        try:
            word, rest = parse_keyword(answer, {yes.lower(): yes, no.lower(): no})
            if word != self.certified and rest:
                raise AnswerFormatError(f"write {word} alone, with nothing after it")
            if word == self.certified and not rest:
                raise AnswerFormatError(f"{word} must be followed by its certificate")
            problem = self.certificate_problem(task, rest) if word == self.certified else None
        except AnswerFormatError as exc:
            return unparsable(exc)
        if word != self.right_word(task):
            return Verdict.fail("wrong", f"{word} is not the right verdict.")
        if problem is not None:
            return Verdict.fail("wrong", problem)
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        word = self.right_word(task)
        return f"{word}: {self.certificate(task)}" if word == self.certified else word

    def wrong_answers(self, task: Task) -> list[str]:
        yes, no = self.words
        other = no if self.right_word(task) == yes else yes
        wrong = [block(f"{yes} {no}"), block(self.certified)]
        if other != self.certified:
            wrong.append(block(other))
        return wrong


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def parse_weekday(text: str) -> int:
    """A weekday name (full or its first three letters, any case) -> 0 (Monday) .. 6."""
    word = text.strip().strip(".").lower()
    for index, day in enumerate(WEEKDAYS):
        if word in (day.lower(), day[:3].lower()):
            return index
    raise AnswerFormatError("give one weekday name, e.g. Thursday")


def parse_bits(text: str, width: int, what: str = "word") -> str:
    """Exactly `width` binary digits; spaces, commas, underscores and a 0b prefix are
    ignored."""
    bits = re.sub(r"[\s,_]", "", text).removeprefix("0b")
    if not re.fullmatch(r"[01]+", bits):
        raise AnswerFormatError(f"write the {what} as binary digits 0 and 1")
    if len(bits) != width:
        raise AnswerFormatError(f"the {what} has {width} bits, not {len(bits)}")
    return bits
