"""Regular-expression membership: which of these strings match the regex?"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, retry
from palaestra.envs.logic._regex import ALPHABETS, REGEX_LEVELS, SYNTAX, RegexParams
from palaestra.generators.logic_regex import labelled_strings, random_regex
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.logic_regex import render, size
from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list


class MembershipParams(RegexParams):
    strings: int = Field(6, ge=2, le=16, description="candidate strings; more is harder")


@register("logic/regex-membership-v1")
class RegexMembership(ExactEnv):
    """Decide which candidate strings a regular expression matches in full.

    Task: a random regex over a small alphabet and numbered candidate strings, about half
    of them matching (samples of the regex) and the rest near misses (one letter changed,
    added or removed). Name every matching candidate. Regular-language membership, the
    basic question of automata theory (Kleene 1956), asked in a batch so that a guess
    rarely scores.

    Answer format: the numbers of the matching strings, e.g. ``1, 4, 5``, or ``none``.

    Knobs: `letters` in the alphabet, `operators` in the regex and `strings`; more of
    each is harder. The cost is regex size times the number of strings.

    Verification: exact comparison of the set of numbers; membership is computed by a
    Thompson-NFA simulation (linear time, no backtracking). No partial credit.

    Versions: v1, first release.
    """

    Params = MembershipParams
    levels = {
        level: {**preset, "strings": 4 + level // 2} for level, preset in REGEX_LEVELS.items()
    }
    difficulty_cost = "work"
    tags = ("logic", "regex", "formal-language")
    wrong_feedback = "That is not exactly the set of matching strings."

    def sample(
        self, rng: np.random.Generator, params: MembershipParams
    ) -> tuple[dict[str, Any], str]:
        alphabet = ALPHABETS[params.letters - 2]

        def draw() -> Any:
            regex = random_regex(rng, alphabet, params.operators)
            labelled = labelled_strings(rng, regex, alphabet, params.strings)
            kinds = {matched for _, matched in labelled}
            return (
                (regex, labelled) if len(labelled) == params.strings and len(kinds) == 2 else None
            )

        regex, labelled = retry(draw)
        matching = [i + 1 for i, (_, matched) in enumerate(labelled) if matched]
        data = {"regex": regex, "strings": [text for text, _ in labelled]}
        return data, ", ".join(map(str, matching)) or "none"

    def render(self, data: dict[str, Any], params: MembershipParams) -> str:
        listed = "\n".join(f"{i}. {text}" for i, text in enumerate(data["strings"], start=1))
        body = (
            f"Regex: {render(data['regex'])}\n\n{SYNTAX}\n\nStrings:\n{listed}\n\n"
            "Which strings match the regex?"
        )
        return ask(
            body,
            "Give the numbers of all matching strings separated by commas, e.g. 1, 4, 5, or "
            "none if no string matches.",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {
            "work": size(data["regex"]) * len(data["strings"]),
            "regex_size": size(data["regex"]),
        }

    def normalize(self, text: str, task: Task) -> str:
        if text.strip().strip(".").lower() == "none":
            return "none"
        if re.search(r"-", text):
            raise AnswerFormatError("give string numbers, not ranges")
        numbers = parse_int_list(
            text, low=1, high=len(task.data["strings"]), unique=True, what="string number"
        )
        return ", ".join(map(str, sorted(numbers))) or "none"

    def wrong_answers(self, task: Task) -> list[str]:
        everything = ", ".join(str(i) for i in range(1, len(task.data["strings"]) + 1))
        return [block(everything), block("none")]
