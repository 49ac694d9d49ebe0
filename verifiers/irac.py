"""IRAC answers for the legal environments: read a JSON object, score it against a key.

An answer is one JSON object with four fields::

    {"issue": "diversity", "rule": ["1", "3"],
     "application": {"1a": true, "1b": false, "amount": 80000},
     "conclusion": "no jurisdiction"}

- ``issue``: the id of the question presented, chosen from the ids the prompt enumerates.
- ``rule``: the ids of every section whose conditions are met on the facts (a list; may be
  empty). Each environment's prompt says so in the same words.
- ``application``: every element id of the prompt -> true/false ("yes"/"no" also read), and
  every quantity the prompt asks for -> its value (integers; exact fractions "p/q"; ISO dates
  "YYYY-MM-DD"; labels).
- ``conclusion``: a label, an integer, a fraction, an ISO date or a list of ids, as the
  prompt says (`IracKey.conclusion_kind`).

Scoring (the partial-credit scheme every legal env documents by reference):

- conclusion exactly right: 0.5;
- reasoning: 0.5 x f x (0.8 + 0.1 [issue right] + 0.1 [rule set right]), where f is the share
  of element labels and quantities that are right. Every element and quantity of the key is one
  item; a missing or repeated id is a wrong item, and every id the key does not know counts as
  one more wrong item, so listing extra ids never helps.

So a conclusion without elements scores at most 0.5, a right conclusion from a wrong element
scores below 1, and `correct` (score 1.0) needs the conclusion, every element label, every
quantity, the issue and the rule set to be right. A text that is not a JSON object gets the
``unparsable`` verdict. Parsing is tolerant of layout only: code fences, prose around the one
object and trailing commas are accepted; a second object, duplicate keys or NaN are not.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from palaestra.records import Verdict
from palaestra.verifiers.parsing import AnswerFormatError

ConclusionKind = Literal["label", "int", "fraction", "date", "set"]
KINDS: tuple[str, ...] = ("label", "int", "fraction", "date", "set")
FIELDS = ("issue", "rule", "application", "conclusion")

CONCLUSION_SHARE = 0.5
ISSUE_SHARE = 0.1  # of the reasoning half, scaled by the element share f
RULE_SHARE = 0.1
MAX_DIGITS = 15

_ID_NOISE = re.compile(r"section|sec\.|[\s§().\[\]_\-:'\"]")
_LABEL_NOISE = re.compile(r"[\s_\-.'\"]+")
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
_INT_TEXT = re.compile(r"[+-]?\$?\d{1,3}(?:,\d{3})+|[+-]?\$?\d+")
_FRACTION_TEXT = re.compile(r"([+-]?\d+)\s*/\s*(\d+)")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


class IracFormatError(AnswerFormatError):
    """An answer that is not a readable IRAC object; the message is model feedback."""


def norm_id(text: str) -> str:
    """The comparable form of an element, section or quantity id: ``§ 1(a)`` -> ``1a``."""
    return _ID_NOISE.sub("", text.lower())


def norm_label(text: str) -> str:
    """The comparable form of a label: case, spaces, hyphens and underscores do not matter."""
    return _LABEL_NOISE.sub(" ", text.lower()).strip()


@dataclass(frozen=True)
class IracKey:
    """The right IRAC answer of one task.

    Attributes:
        issue: the id of the issue presented.
        rules: the ids of the sections whose conditions are met.
        elements: element id -> truth value; every element the prompt lists.
        quantities: quantity name -> exact value (int, "p/q", "YYYY-MM-DD" or a label).
        conclusion: the outcome: a label, an int, "p/q", "YYYY-MM-DD" or (kind "set") a tuple
            of ids.
        conclusion_kind: how the conclusion is read and compared.
    """

    issue: str
    rules: frozenset[str]
    elements: dict[str, bool]
    conclusion: str | int | tuple[str, ...]
    conclusion_kind: ConclusionKind = "label"
    quantities: dict[str, int | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.conclusion_kind not in KINDS:
            raise ValueError(f"conclusion_kind must be one of {KINDS}")
        if not self.elements and not self.quantities:
            raise ValueError("an IRAC key needs at least one element or quantity")
        if self.conclusion_kind == "set":
            object.__setattr__(self, "conclusion", tuple(sorted(self.conclusion)))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-only dict (for ``task.data``)."""
        return {
            "issue": self.issue,
            "rules": sorted(self.rules, key=_id_order),
            "elements": dict(self.elements),
            "quantities": dict(self.quantities),
            "conclusion": self._conclusion_json(),
            "conclusion_kind": self.conclusion_kind,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IracKey:
        conclusion = data["conclusion"]
        return cls(
            issue=data["issue"],
            rules=frozenset(data["rules"]),
            elements=dict(data["elements"]),
            quantities=dict(data.get("quantities", {})),
            conclusion=tuple(conclusion) if isinstance(conclusion, list) else conclusion,
            conclusion_kind=data.get("conclusion_kind", "label"),
        )

    def answer_object(self) -> dict[str, Any]:
        """The answer as the JSON object a model should give."""
        return {
            "issue": self.issue,
            "rule": sorted(self.rules, key=_id_order),
            "application": {**self.elements, **self.quantities},
            "conclusion": self._conclusion_json(),
        }

    def _conclusion_json(self) -> str | int | list[str]:
        if isinstance(self.conclusion, tuple):
            return list(self.conclusion)
        return self.conclusion

    def answer_text(self) -> str:
        """The canonical answer text (compact JSON), as it goes inside the answer block."""
        return json.dumps(self.answer_object(), ensure_ascii=False)


def _id_order(text: str) -> tuple[int, str]:
    digits = re.match(r"\d+", text)
    return (int(digits[0]) if digits else 10**9, text)


def render_schema(example: IracKey) -> str:
    """The answer-format paragraph of a legal prompt, with a filled example of another case."""
    return (
        "Answer with one JSON object with exactly these fields:\n"
        '- "issue": the id of the issue presented, one of the issue ids listed above;\n'
        '- "rule": a list of the ids of every section whose conditions are met on these facts '
        "(an empty list if none is met);\n"
        '- "application": an object giving every element id listed above true or false, and '
        "every quantity asked for its exact value;\n"
        '- "conclusion": the outcome, in the form the question asks for.\n'
        "Example of the shape, for a different case under a different statute:\n"
        f"{example.answer_text()}"
    )


# ---------------------------------------------------------------------------------- parsing
def parse_irac(text: str) -> dict[str, Any]:
    """The IRAC object in `text`; IracFormatError with feedback when there is none."""
    body = _FENCE.sub("", text.strip())
    start, end = body.find("{"), body.rfind("}")
    if start == -1 or end < start:
        raise IracFormatError("give one JSON object with issue, rule, application, conclusion")
    try:
        value = json.loads(
            _drop_trailing_commas(body[start : end + 1]),
            object_pairs_hook=_unique_pairs,
            parse_constant=_reject_constant,
        )
    except IracFormatError:
        raise
    except (ValueError, RecursionError) as exc:
        raise IracFormatError(f"the answer is not valid JSON ({_short(exc)})") from None
    if not isinstance(value, dict) or not any(name in value for name in FIELDS):
        raise IracFormatError("give one JSON object with issue, rule, application, conclusion")
    return value


def _drop_trailing_commas(text: str) -> str:
    """Removes a comma that directly precedes `}` or `]` outside strings (linear scan)."""
    out: list[str] = []
    in_string = escaped = False
    pending_comma: int | None = None
    for char in text:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char in "}]" and pending_comma is not None:
            out[pending_comma] = ""
        if not char.isspace():
            pending_comma = len(out) if char == "," else None
        if char == '"':
            in_string = True
        out.append(char)
    return "".join(out)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise IracFormatError(f"the key {name[:40]!r} appears twice in one object")
        result[name] = value
    return result


def _reject_constant(name: str) -> Any:
    raise IracFormatError(f"{name} is not a JSON value")


def _short(exc: BaseException) -> str:
    return str(exc)[:80] or type(exc).__name__


# ------------------------------------------------------------------------------ comparison
def read_bool(value: Any) -> bool | None:
    """true/false, or the strings "true", "false", "yes", "no"; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"true": True, "yes": True, "false": False, "no": False}.get(value.strip().lower())
    return None


def read_int(value: Any) -> int | None:
    """An integer from a JSON int, an integral float, or digits with `$` and thousands commas."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if len(str(abs(value))) <= MAX_DIGITS else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 10**MAX_DIGITS else None
    if isinstance(value, str):
        text = value.strip().removesuffix(".00")
        if len(text) <= MAX_DIGITS + 6 and _INT_TEXT.fullmatch(text):
            return int(text.replace(",", "").replace("$", ""))
    return None


def read_fraction(value: Any) -> Fraction | None:
    """An exact fraction from an int or a string "p/q" (or an integer string)."""
    whole = read_int(value)
    if whole is not None:
        return Fraction(whole)
    if isinstance(value, str) and len(value) <= 2 * MAX_DIGITS + 4:
        match = _FRACTION_TEXT.fullmatch(value.strip())
        if match and int(match[2]) != 0:
            return Fraction(int(match[1]), int(match[2]))
    return None


def read_date(value: Any) -> dt.date | None:
    """A date from an ISO string YYYY-MM-DD."""
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _same_value(expected: Any, given: Any) -> bool:
    """Exact comparison of one quantity, the reading chosen by the expected value's form."""
    if isinstance(expected, bool):
        return read_bool(given) == expected
    if isinstance(expected, int):
        return read_int(given) == expected
    if isinstance(expected, str):
        if _DATE_TEXT.fullmatch(expected):
            return read_date(given) == dt.date.fromisoformat(expected)
        if _FRACTION_TEXT.fullmatch(expected):
            return read_fraction(given) == read_fraction(expected)
        return isinstance(given, str) and norm_label(given) == norm_label(expected)
    return False


def _same_conclusion(key: IracKey, given: Any) -> bool:
    expected = key.conclusion
    kind = key.conclusion_kind
    if kind == "set":
        if isinstance(given, str):
            given = [part for part in re.split(r"[,;]", given) if part.strip()]
        if not isinstance(given, list) or not all(isinstance(g, str) for g in given):
            return False
        ids = [norm_id(g) for g in given]
        return len(ids) == len(set(ids)) and set(ids) == {norm_id(e) for e in expected}
    if kind == "int":
        return read_int(given) == expected
    if kind == "fraction":
        return read_fraction(given) == read_fraction(expected)
    if kind == "date":
        return read_date(given) == read_date(expected)
    return isinstance(given, str) and norm_label(given) == norm_label(str(expected))


def _rule_ids(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [part for part in re.split(r"[,;]", value) if part.strip()]
    if isinstance(value, int | str) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        return None
    ids = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int | str):
            return None
        ids.append(norm_id(str(item)))
    return ids


@dataclass
class ItemTally:
    """How the application object's items compare with the key."""

    right: int = 0
    total: int = 0
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def tally_items(key: IracKey, application: Any) -> ItemTally:
    """Compares every element and quantity; unknown ids count as extra wrong items."""
    expected: dict[str, tuple[str, Any]] = {}
    for name, value in {**key.elements, **key.quantities}.items():
        expected[norm_id(name)] = (name, value)
    tally = ItemTally(total=len(expected))
    given: dict[str, Any] = {}
    if isinstance(application, dict):
        for name, value in application.items():
            normal = norm_id(name)
            if normal not in expected:
                tally.unknown.append(name[:30])
            elif normal in given:  # "1a" and "1(a)" both given: a repeated item is wrong
                given[normal] = _REPEATED
            else:
                given[normal] = value
    for normal, (name, value) in expected.items():
        if normal not in given:
            tally.missing.append(name)
        elif given[normal] is not _REPEATED and _same_value(value, given[normal]):
            tally.right += 1
        else:
            tally.wrong.append(name)
    tally.total += len(tally.unknown)
    return tally


_REPEATED = object()


def score_irac(text: str, key: IracKey) -> Verdict:
    """Scores the text of an answer block against `key` by the scheme in the module doc."""
    try:
        answer = parse_irac(text)
    except IracFormatError as exc:
        return Verdict.fail("unparsable", f"The answer could not be read: {exc}.")
    conclusion_right = "conclusion" in answer and _same_conclusion(key, answer["conclusion"])
    issue = answer.get("issue")
    issue_right = isinstance(issue, str) and norm_id(issue) == norm_id(key.issue)
    rules = _rule_ids(answer.get("rule", answer.get("rules")))
    rules_right = (
        rules is not None
        and len(rules) == len(set(rules))
        and set(rules) == {norm_id(r) for r in key.rules}
    )
    tally = tally_items(key, answer.get("application"))
    reasoning = tally.share * (1 - ISSUE_SHARE - RULE_SHARE)
    reasoning += tally.share * (ISSUE_SHARE * issue_right + RULE_SHARE * rules_right)
    score = CONCLUSION_SHARE * conclusion_right + (1 - CONCLUSION_SHARE) * reasoning
    everything = conclusion_right and issue_right and rules_right and tally.right == tally.total
    if everything:
        return Verdict.right()
    score = min(round(score, 6), 0.99)
    return Verdict.fail(
        "partial" if score > 0 else "wrong",
        _feedback(conclusion_right, issue_right, rules_right, tally),
        score=score,
    )


def _feedback(conclusion: bool, issue: bool, rules: bool, tally: ItemTally) -> str:
    parts = [f"The conclusion is {'right' if conclusion else 'wrong'}."]
    parts.append(f"{tally.right} of {tally.total} application items are right.")
    if tally.missing:
        parts.append(f"Missing ids: {', '.join(tally.missing[:8])}.")
    if tally.unknown:
        parts.append(f"Unknown ids: {', '.join(tally.unknown[:8])}.")
    if not issue:
        parts.append("The issue is not the one presented.")
    if not rules:
        parts.append("The rule list is not the set of sections whose conditions are met.")
    return " ".join(parts)
