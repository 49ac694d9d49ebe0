"""Regex witness: give a string of a given length range that matches one regex and not
another."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from palaestra.env import Env
from palaestra.envs.logic._common import ask, block, retry, unparsable
from palaestra.envs.logic._regex import ALPHABETS, REGEX_LEVELS, SYNTAX, RegexParams
from palaestra.generators.logic_regex import random_regex, sample_string
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.logic_regex import compile_regex, matches, render, size
from palaestra.verifiers.parsing import AnswerFormatError


@register("logic/regex-match-v1")
class RegexMatch(Env):
    """Give a string that a regex matches and a second regex does not, within a length
    range.

    Task: two random regexes R and S over a small alphabet that overlap (some strings of
    R match S too) and a length range; write any string of that length that R matches in
    full and S does not. Constructing a witness for the difference of two regular
    languages (Rabin and Scott 1959) rather than checking one.

    Answer format: the string itself, e.g. ``abba`` (no quotes needed).

    Knobs: `letters` in the alphabet and `operators` per regex; more of each is harder.
    The cost is the combined regex size.

    Verification: certificate check. The answer must use only the alphabet, have a length
    in range, match R and not match S, each decided by a Thompson-NFA simulation (linear
    time, no backtracking; regexes are generated, never read from the model). Any such
    string scores 1.0; no partial credit.

    Versions: v1, first release.
    """

    Params = RegexParams
    levels = REGEX_LEVELS
    difficulty_cost = "size"
    tags = ("logic", "regex", "formal-language", "certificate")

    def sample(self, rng: np.random.Generator, params: RegexParams) -> tuple[dict[str, Any], None]:
        alphabet = ALPHABETS[params.letters - 2]

        def draw() -> Any:
            wanted = random_regex(rng, alphabet, params.operators)
            avoided = random_regex(rng, alphabet, params.operators)
            want, avoid = compile_regex(wanted), compile_regex(avoided)
            samples = {sample_string(rng, wanted) for _ in range(60)}
            good = sorted(s for s in samples if s and not avoid.matches(s) and want.matches(s))
            overlap = [s for s in samples if s and avoid.matches(s)]
            if not good or not overlap:
                return None
            shortest = min(len(s) for s in good)
            short = [s for s in good if len(s) <= shortest + 2]
            witness = short[int(rng.integers(len(short)))]
            slack = int(rng.integers(0, 3))
            low, high = max(1, len(witness) - slack), len(witness) + int(rng.integers(0, 3))
            return wanted, avoided, witness, low, high

        wanted, avoided, witness, low, high = retry(draw, 500)
        data = {
            "alphabet": alphabet,
            "match": wanted,
            "avoid": avoided,
            "low": low,
            "high": high,
            "witness": witness,
        }
        return data, None

    def render(self, data: dict[str, Any], params: RegexParams) -> str:
        body = (
            f"R = {render(data['match'])}\nS = {render(data['avoid'])}\n\n{SYNTAX}\n\n"
            f"Give a string over the letters {', '.join(data['alphabet'])} with between "
            f"{data['low']} and {data['high']} letters that matches R and does not match S."
        )
        return ask(body, "Give just the string, e.g. abba.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"size": size(data["match"]) + size(data["avoid"]), "length": data["high"]}

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        text = answer.strip().strip("\"'`")
        try:
            if not re.fullmatch(f"[{data['alphabet']}]+", text):
                raise AnswerFormatError(
                    f"use only the letters {', '.join(data['alphabet'])}, no spaces"
                )
        except AnswerFormatError as exc:
            return unparsable(exc)
        if not data["low"] <= len(text) <= data["high"]:
            return Verdict.fail(
                "wrong",
                f"The string has {len(text)} letters; it needs {data['low']} to {data['high']}.",
            )
        if not matches(data["match"], text):
            return Verdict.fail("wrong", "R does not match that string.")
        if matches(data["avoid"], text):
            return Verdict.fail("wrong", "S matches that string too.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return task.data["witness"]

    def wrong_answers(self, task: Task) -> list[str]:
        return [block(task.data["witness"] + " " + task.data["witness"]), block("z")]
