"""Regex synthesis from positive and negative examples, checked under a time limit."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT
from palaestra.envs.code._common import CodeEnv
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.tools.sandbox import Limits, default_sandbox
from palaestra.verifiers.code import extract_code, run_failure
from palaestra.verifiers.parsing import AnswerFormatError

MAX_PATTERN = 300
MATCH_LIMITS = Limits(cpu_s=2.0, wall_s=4.0, memory_mb=256)
MATCHER = (
    "import json, re, sys\n"
    "spec = json.load(open('examples.json'))\n"
    "pattern = re.compile(spec['pattern'])\n"
    "print(json.dumps([pattern.fullmatch(s) is not None for s in spec['strings']]))\n"
)


class RegexParams(Params):
    units: int = Field(3, ge=1, le=10, description="units in the hidden regex; more is harder")
    examples: int = Field(
        6,
        ge=2,
        le=30,
        description="positive and negative examples each; more constrain the answer more",
    )


def _unit(rng: np.random.Generator) -> tuple[str, Any]:
    """(regex text, sampler) of one unit: literal, class, quantified class or alternation."""
    letters = "abcde"
    kind = int(rng.integers(5))
    if kind == 0:
        c = letters[int(rng.integers(5))]
        return c, lambda r: c
    chars = "".join(sorted({letters[int(i)] for i in rng.integers(0, 5, size=2)}))
    cls = f"[{chars}]" if len(chars) > 1 else chars
    if kind == 1:
        return cls, lambda r: chars[int(r.integers(len(chars)))]
    if kind == 2:
        low, high = {0: (1, 4), 1: (0, 3)}[int(rng.integers(2))]
        quant = "+" if low == 1 else "*"

        def many(
            r: np.random.Generator, chars: str = chars, low: int = low, high: int = high
        ) -> str:
            return "".join(
                chars[int(i)]
                for i in r.integers(0, len(chars), size=int(r.integers(low, high + 1)))
            )

        return cls + quant, many
    if kind == 3:
        m = int(rng.integers(2, 4))
        return f"{cls}{{{m}}}", lambda r: "".join(
            chars[int(i)] for i in r.integers(0, len(chars), size=m)
        )
    words = ["".join(letters[int(i)] for i in rng.integers(0, 5, size=2)) for _ in range(2)]
    return f"({words[0]}|{words[1]})", lambda r: words[int(r.integers(2))]


@register("code/regex-synthesis-v1")
class RegexSynthesis(CodeEnv):
    """Write a regular expression that matches all positive and no negative example strings.

    Task: programming by example for regexes (in the spirit of regex synthesis benchmarks such
    as AlphaRegex): a hidden regex built from literals, character classes, quantifiers and
    alternations generates the positive strings; negatives are one-edit mutations it rejects.

    Answer format: the Python regex, alone or in a fenced block, e.g. ``<answer>a[bc]+d</answer>``;
    it must match each positive string in full (``re.fullmatch``).

    Knobs: `units` (size of the hidden regex, more is harder), `examples` (per side).

    Verification: the pattern is compiled and matched inside the sandbox with a CPU limit, so
    catastrophic backtracking ends as a timeout; only the match results come out, and the
    labels are compared outside. Any regex that separates the examples scores 1.

    Versions: v1, first release.
    """

    Params = RegexParams
    levels = {lv: {"units": min(10, 1 + lv), "examples": min(30, 4 + lv)} for lv in range(1, 11)}
    difficulty_cost = "units"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        units = [_unit(rng) for _ in range(params.units)]
        pattern = "".join(text for text, _ in units)
        compiled = re.compile(pattern)
        positives: list[str] = []
        for _ in range(params.examples * 20):
            text = "".join(sample(rng) for _, sample in units)
            if text not in positives:
                positives.append(text)
            if len(positives) == params.examples:
                break
        negatives: list[str] = []
        for _ in range(params.examples * 50):
            base = positives[int(rng.integers(len(positives)))]
            where = int(rng.integers(len(base) + 1))
            edit = int(rng.integers(3))
            char = "abcdex"[int(rng.integers(6))]
            text = (
                base[:where] + char + base[where:]
                if edit == 0
                else base[:where] + base[where + 1 :]
                if edit == 1
                else base[:where] + char + base[where + 1 :]
            )
            if text not in negatives and not compiled.fullmatch(text):
                negatives.append(text)
            if len(negatives) == params.examples:
                break
        return {"pattern": pattern, "positives": positives, "negatives": negatives}, None

    def render(self, data: dict[str, Any], params: Any) -> str:
        return (
            "Write a Python regular expression that matches every string in the first list in "
            "full (re.fullmatch) and none of the strings in the second list.\n\n"
            f"Match: {json.dumps(data['positives'])}\nDo not match: {json.dumps(data['negatives'])}"
            f"\n\nAnswer with the pattern only, e.g. a[bc]+d. {ANSWER_FORMAT}"
        )

    def reference_answer(self, task: Task) -> str:
        return task.data["pattern"]

    def check(self, task: Task, answer: str) -> Verdict:
        text = answer.strip()
        if text.startswith("```"):
            try:
                text = extract_code(text, "regex").strip()
            except AnswerFormatError as exc:
                return Verdict.fail("unparsable", f"The answer is not usable: {exc}.")
        if not text or "\n" in text or len(text) > MAX_PATTERN:
            return Verdict.fail(
                "unparsable", f"Give one regex on one line, at most {MAX_PATTERN} characters."
            )
        strings = task.data["positives"] + task.data["negatives"]
        result = default_sandbox().run(
            MATCHER,
            files={"examples.json": json.dumps({"pattern": text, "strings": strings})},
            limits=MATCH_LIMITS,
        )
        if not result.ok:
            if "re.error" in result.stderr or "PatternError" in result.stderr:
                return Verdict.fail("unparsable", "The pattern does not compile.")
            return run_failure(result.verdict, result.detail)
        try:
            matched = json.loads(result.stdout)
        except ValueError:
            return Verdict.fail("invalid", "The matcher gave no result.")
        wanted = [True] * len(task.data["positives"]) + [False] * len(task.data["negatives"])
        if matched == wanted:
            return Verdict.right()
        wrong = sum(a != b for a, b in zip(matched, wanted, strict=False))
        return Verdict.fail(
            "wrong", f"The pattern misclassifies {wrong} of {len(wanted)} examples."
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"units": params.units, "pattern_chars": len(data["pattern"])}

    def wrong_answers(self, task: Task) -> list[str]:
        return ["<answer>.*</answer>", "<answer>(a+)+$</answer>"]
