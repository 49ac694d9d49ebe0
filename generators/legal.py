"""Building blocks of the legal IRAC environments, and `IracEnv`, their shared base class.

A legal task states a closed-world rule system (a fictional statute with numbered sections,
lettered elements, exceptions and definitions), a fact pattern generated from latent element
truth values, and asks for a structured IRAC answer scored by `palaestra.verifiers.irac`.

Generation runs in fixed stages so that counterfactual twins are exact:

1. ``latent(rng, params)``: the case skeleton: the target outcome is drawn first (balanced),
   then element values that produce it, plus anything not tied to one element (statute
   variant, party names).
2. The twin flip: the element to flip is drawn from its own rng whatever the knobs say; with
   ``twin=True`` that one element is flipped (``flip``), nothing else changes.
3. ``realize(parts, case, params)``: concrete details tied to elements (amounts, dates,
   citizenships), each drawn from the named sub-rng of its element (`Parts`), so flipping one
   element re-draws only that element's details.
4. ``narrate(parts, case, params)``: the fact sentences, again per element, plus distractors.
5. ``adjudicate(case, params)``: the deterministic adjudicator -> `IracKey`.

Names, fictional states, dates and money helpers come first; the statute model and the
balanced sampler after; the base class last.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.generators.vocab import nonce_word, person_names, place_names
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.seeding import stable_hash
from palaestra.verifiers.irac import IracKey, render_schema, score_irac

T = TypeVar("T")

# ------------------------------------------------------------------------------------ names
_STATE_ENDINGS = ("ia", "ara", "mont", "land", "ova", "esse", "ico", "ana")
_COMPANY_KINDS = (
    "Holdings, Inc.", "Corp.", "LLC", "Industries, Inc.", "Logistics Co.", "Partners LLP",
    "Manufacturing, Inc.", "Supply Co.", "Systems Corp.", "Foods, Inc.",
)  # fmt: skip


def pick(rng: np.random.Generator, options: Sequence[T]) -> T:
    """One item of `options`, uniformly."""
    return options[int(rng.integers(len(options)))]


def coin(rng: np.random.Generator, p: float = 0.5) -> bool:
    """True with probability `p`."""
    return bool(rng.random() < p)


def people(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct full names ("Maren Toldwick") with distinct first names."""
    firsts = person_names(rng, count)
    return [f"{first} {nonce_word(rng, 2).capitalize()}" for first in firsts]


def companies(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct company names ("Brelkor Holdings, Inc.")."""
    stems = person_names(rng, count)
    return [f"{stem} {pick(rng, _COMPANY_KINDS)}" for stem in stems]


def states(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct fictional state names ("Vorania"), starting with distinct letters."""
    out: list[str] = []
    for _ in range(count * 50):
        if len(out) == count:
            break
        name = (nonce_word(rng, 2) + pick(rng, _STATE_ENDINGS)).capitalize()
        if name[0] not in {n[0] for n in out}:
            out.append(name)
    if len(out) < count:
        raise RuntimeError(f"could not draw {count} distinct state names")
    return out


def towns(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct made-up town names."""
    return place_names(rng, count)


# ------------------------------------------------------------------------- dates and money
def random_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    """A uniformly drawn date in [start, end]."""
    return start + dt.timedelta(days=int(rng.integers((end - start).days + 1)))


def long_date(day: dt.date) -> str:
    """``March 3, 2021``."""
    return f"{calendar.month_name[day.month]} {day.day}, {day.year}"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; a day missing in the target month becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved by whole years (February 29 becomes February 28)."""
    return add_months(day, 12 * years)


def is_business_day(day: dt.date, holidays: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def roll_forward(day: dt.date, holidays: set[dt.date]) -> tuple[dt.date, int]:
    """The first business day on or after `day`, and the number of days rolled over."""
    rolled = 0
    while not is_business_day(day, holidays):
        day += dt.timedelta(days=1)
        rolled += 1
    return day, rolled


def dollars(amount: int) -> str:
    """Whole dollars with thousands separators: ``$75,000``."""
    return f"${amount:,}"


def near_threshold(
    rng: np.random.Generator, threshold: int, above: bool, closeness: int, *, step: int = 1
) -> int:
    """An amount on the chosen side of `threshold` ("above" means strictly greater).

    `closeness` 1..10: the largest distance from the threshold shrinks from half the
    threshold (1) to about 1% of it (10), so high closeness asks for careful comparison.
    The result is a multiple of `step`.
    """
    widest = max(step, threshold // 2)
    narrowest = max(step, threshold // 100)
    reach = int(widest - (widest - narrowest) * (closeness - 1) / 9)
    gap = step * int(rng.integers(1, max(1, reach // step) + 1))
    value = threshold + gap if above else threshold - gap + step
    # "not above" includes the threshold itself, which is the closest case of all.
    return max(step, value if above else min(value, threshold))


def split_amount(rng: np.random.Generator, total: int, count: int, step: int = 1) -> list[int]:
    """`total` split into `count` positive multiples of `step` (`total` a multiple of `step`)."""
    units = total // step
    if count <= 1 or units < count:
        return [total] if count <= 1 else [step] * (count - 1) + [total - step * (count - 1)]
    cuts = sorted(int(c) for c in rng.choice(np.arange(1, units), size=count - 1, replace=False))
    edges = [0, *cuts, units]
    return [step * (b - a) for a, b in itertools.pairwise(edges)]


# ------------------------------------------------------------------------------- statutes
@dataclass(frozen=True)
class Element:
    """One lettered element of a section; its id is the section number and the letter."""

    id: str
    text: str


@dataclass(frozen=True)
class Section:
    """A numbered section: a lead sentence, lettered elements joined by all/any, a tail.

    A section "holds" (its conditions are met) when all (mode "all"), any (mode "any") or
    more than half (mode "most") of its elements are true; a section without elements (a
    definition) never holds.
    """

    number: int
    title: str
    lead: str
    elements: tuple[Element, ...] = ()
    mode: Literal["all", "any", "most"] = "all"
    tail: str = ""

    @property
    def id(self) -> str:
        return str(self.number)

    def holds(self, values: dict[str, bool]) -> bool:
        if not self.elements:
            return False
        truths = [values[e.id] for e in self.elements]
        if self.mode == "most":
            return 2 * sum(truths) > len(truths)
        return all(truths) if self.mode == "all" else any(truths)

    def render(self) -> str:
        lines = [f"§ {self.number}. {self.title}. {self.lead}".rstrip()]
        last = len(self.elements) - 1
        for index, element in enumerate(self.elements):
            end = "." if index == last else ";"
            if index == last - 1:
                end += " or" if self.mode == "any" else " and"
            lines.append(f"  ({element.id.lstrip('0123456789')}) {element.text}{end}")
        if self.tail:
            lines.append(f"  {self.tail}")
        return "\n".join(lines)


def section(
    number: int,
    title: str,
    lead: str,
    elements: Sequence[str] = (),
    *,
    mode: Literal["all", "any", "most"] = "all",
    tail: str = "",
) -> Section:
    """A section whose elements get ids ``<number>a``, ``<number>b``, ... in order."""
    items = tuple(Element(f"{number}{chr(ord('a') + i)}", text) for i, text in enumerate(elements))
    return Section(number, title, lead, items, mode, tail)


def render_statute(title: str, sections: Sequence[Section]) -> str:
    """A statute: its title, then each section with its lettered elements."""
    return "\n".join([title, *(s.render() for s in sections)])


def element_ids(sections: Sequence[Section]) -> list[str]:
    return [e.id for s in sections for e in s.elements]


def met_sections(sections: Sequence[Section], values: dict[str, bool]) -> frozenset[str]:
    """The ids of the sections whose conditions are met: the `rule` field of an IRAC key."""
    return frozenset(s.id for s in sections if s.holds(values))


# ----------------------------------------------------------------- balanced sampling, parts
def balanced(
    rng: np.random.Generator,
    outcomes: Sequence[T],
    draw: Callable[[], dict[str, bool]],
    decide: Callable[[dict[str, bool]], T],
    tries: int = 400,
) -> tuple[T, dict[str, bool]]:
    """Draws the target outcome first, then element values producing it (bounded rejection).

    Returns (outcome, values). Raises RuntimeError when `tries` draws never reach the target,
    which means `draw` cannot produce that outcome often enough: a generator bug.
    """
    target = pick(rng, list(outcomes))
    for _ in range(tries):
        values = draw()
        if decide(values) == target:
            return target, values
    raise RuntimeError(f"no element values with outcome {target!r} in {tries} draws")


def random_values(rng: np.random.Generator, ids: Sequence[str], p: float = 0.5) -> dict[str, bool]:
    """Independent truth values, each true with probability `p`."""
    return {i: coin(rng, p) for i in ids}


class Parts:
    """Named sub-rngs derived from one seed: ``parts["1a"]`` is the stream of element 1a.

    A name's stream does not depend on which other names are used or in what order, so
    re-drawing one element's details leaves every other element's details unchanged.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self._seed = int(rng.integers(2**62))
        self._streams: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        if name not in self._streams:
            sequence = np.random.SeedSequence(stable_hash("legal-part", self._seed, name))
            self._streams[name] = np.random.default_rng(sequence)
        return self._streams[name]


# -------------------------------------------------------------------------- distractors
_DISTRACTORS = (
    "{a} wore a grey suit at the first meeting with {b}.",
    "{a} once served on the board of a local library.",
    "{b}'s old files are stored in a warehouse in {town}.",
    "The weather in {town} was unusually cold that month.",
    "{a} and {b} had exchanged holiday cards for several years.",
    "{b}'s letterhead shows a blue logo.",
    "{a} drives a ten-year-old pickup truck.",
    "A local newspaper in {town} printed a short story about {b}.",
    "{a} had read about the dispute in a trade magazine.",
    "{b}'s bank changed its opening hours the previous spring.",
    "{a} has two children and a dog.",
    "Several witnesses described the meeting room as crowded.",
    "{b}'s cousin lives in {town}.",
    "{a} prefers to communicate by telephone rather than email.",
    "Neither side's lawyer had handled a case in this court before.",
    "{a} once took a cooking class in {town}.",
)


def distractor_facts(
    rng: np.random.Generator,
    count: int,
    a: str,
    b: str,
    town: str,
    extra: Sequence[str] = (),
) -> list[str]:
    """`count` distinct facts that bear on no element (templates with {a}, {b}, {town})."""
    pool = list(_DISTRACTORS) + list(extra)
    count = min(count, len(pool))
    picks = rng.choice(len(pool), size=count, replace=False)
    return [pool[int(i)].format(a=a, b=b, town=town) for i in picks]


def mix(rng: np.random.Generator, facts: list[str], distractors: list[str]) -> list[str]:
    """Distractors inserted at random positions, the relevant facts kept in order."""
    out = list(facts)
    for fact in distractors:
        out.insert(int(rng.integers(len(out) + 1)), fact)
    return out


def with_distractors(
    parts: Parts, facts: list[str], count: int, a: str, b: str, town: str
) -> list[str]:
    """`facts` with `count` distractors mixed in: the usual last step of ``narrate``.

    The distractors are drawn from ``parts["noise"]``, their positions from ``parts["order"]``.
    """
    return mix(parts["order"], facts, distractor_facts(parts["noise"], count, a, b, town))


# ------------------------------------------------------------------------------ the base
class IracParams(Params):
    """Knobs every legal environment has."""

    twin: bool = Field(
        False,
        description="counterfactual twin: the same case with exactly one element flipped "
        "(neither harder nor easier)",
    )
    distractors: int = Field(
        1, ge=0, le=12, description="irrelevant facts mixed into the fact pattern; more is harder"
    )


def closeness_knob(what: str) -> Any:
    """The `closeness` knob (1..10, higher is harder) of the envs that draw values near a line.

    `what` completes "how near ..." in its description ("the amount lies to the threshold");
    the env narrows its draws as the value grows (see `near_threshold`).
    """
    return Field(1, ge=1, le=10, description=f"how near {what}; higher is harder")


LEVELS = range(1, 11)  # the difficulty levels; as a `ladder` column: a knob equal to the level


def ladder(**columns: Sequence[Any]) -> dict[int, dict[str, Any]]:
    """A level table (`Env.levels`) from one column of ten values per knob, levels 1..10.

    ``ladder(rules=(2, 3, ...), distractors=(0, 0, ...))`` is
    ``{1: {"rules": 2, "distractors": 0}, 2: {"rules": 3, "distractors": 0}, ...}``.
    """
    for name, column in columns.items():
        if len(column) != 10:
            raise ValueError(f"level column {name!r} has {len(column)} values; expected 10")
    return {level: {name: col[level - 1] for name, col in columns.items()} for level in LEVELS}


class IracEnv(Env):
    """Base of the legal IRAC environments: staged generation, prompt, IRAC scoring.

    Subclasses set `issues` (issue id -> description; the prompt lists them all), `example`
    (a fixed IracKey of a different fictional case, shown as the answer shape) and implement
    the stage hooks `latent`, `realize` (optional), `narrate`, `statute`, `question` and
    `adjudicate`. `quantities` names the quantities the application must give (name ->
    description). Scoring is `palaestra.verifiers.irac.score_irac`; see its module doc for the
    partial credit. Level tables are written with `ladder`, a closeness knob with
    `closeness_knob`, and `narrate` usually ends with `with_distractors`.
    """

    issues: ClassVar[dict[str, str]] = {}
    example: ClassVar[IracKey]
    difficulty_cost = "work"
    tags: ClassVar[tuple[str, ...]] = ("legal", "irac")

    # ------------------------------------------------------------------------- hooks
    def latent(self, rng: np.random.Generator, params: Any) -> dict[str, Any]:
        """The case skeleton; must contain "elements": {element id: bool}."""
        raise NotImplementedError

    def consistent(self, case: dict[str, Any], values: dict[str, bool]) -> bool:
        """Whether element values can hold together in the facts of `case` (default: always)."""
        return True

    def flippable(self, case: dict[str, Any]) -> list[str]:
        """The elements a twin may flip: those whose flip leaves the values consistent."""
        values = case["elements"]
        return [e for e in sorted(values) if self.consistent(case, {**values, e: not values[e]})]

    def flip(self, case: dict[str, Any], element: str, params: Any) -> dict[str, Any]:
        """The same case with `element` negated."""
        values = dict(case["elements"])
        values[element] = not values[element]
        return {**case, "elements": values}

    def realize(self, parts: Parts, case: dict[str, Any], params: Any) -> dict[str, Any]:
        """Adds details tied to elements (amounts, dates), each drawn from ``parts[id]``."""
        return case

    def narrate(self, parts: Parts, case: dict[str, Any], params: Any) -> list[str]:
        """The fact sentences, distractors included."""
        raise NotImplementedError

    def statute(self, case: dict[str, Any], params: Any) -> tuple[str, list[Section]]:
        """(title, sections) of the rule system this case is decided under."""
        raise NotImplementedError

    def question(self, case: dict[str, Any], params: Any) -> str:
        """The question, including the conclusion's form (labels to choose from, units)."""
        raise NotImplementedError

    def quantities(self, case: dict[str, Any], params: Any) -> dict[str, str]:
        """Quantity name -> description, for the quantities the application must give."""
        return {}

    def adjudicate(self, case: dict[str, Any], params: Any) -> IracKey:
        raise NotImplementedError

    def case_cost(self, case: dict[str, Any], key: IracKey) -> dict[str, int]:
        """Extra cost measures: "chain" (rule-chain depth), "steps" (arithmetic steps), and
        "work" where the default (elements + quantities + facts + chain + steps) varies too
        much between cases of one level to be monotone in the level."""
        return {}

    # ---------------------------------------------------------------- template methods
    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], str]:
        case_rng, flip_rng, detail_rng, fact_rng = rng.spawn(4)
        case = self.latent(case_rng, params)
        candidates = self.flippable(case)
        # With nothing flippable (every element derived from others) a twin is the case itself.
        twin_element = pick(flip_rng, candidates) if candidates else None
        if params.twin and twin_element is not None:
            case = self.flip(case, twin_element, params)
        case = self.realize(Parts(detail_rng), case, params)
        facts = self.narrate(Parts(fact_rng), case, params)
        key = self.adjudicate(case, params)
        data = {
            "case": case,
            "facts": facts,
            "key": key.to_dict(),
            "twin_element": twin_element,
        }
        return data, key.answer_text()

    def render(self, data: dict[str, Any], params: Any) -> str:
        case = data["case"]
        title, sections = self.statute(case, params)
        ids = element_ids(sections)
        issue_lines = "\n".join(f"- {i}: {text}" for i, text in self.issues.items())
        lines = [
            "Apply the rules below exactly as written; they are the only law that applies. "
            "Use no outside legal knowledge. Anything the facts do not state did not happen.",
            "",
            render_statute(title, sections),
            "",
            "Facts:",
            " ".join(data["facts"]),
            "",
            f"Question: {self.question(case, params)}",
            "",
            f"Issue ids:\n{issue_lines}",
            f"Element ids (id 1a means § 1(a)): {', '.join(ids)}.",
        ]
        asked = self.quantities(case, params)
        if asked:
            wanted = "; ".join(f'"{name}": {text}' for name, text in asked.items())
            lines.append(f"Quantities to give in the application: {wanted}.")
        lines += ["", render_schema(self.example), ANSWER_FORMAT]
        return "\n".join(lines)

    def check(self, task: Task, answer: str) -> Verdict:
        return score_irac(answer, IracKey.from_dict(task.data["key"]))

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        key = IracKey.from_dict(data["key"])
        extra = self.case_cost(data["case"], key)
        chain, steps = extra.get("chain", 1), extra.get("steps", 0)
        elements, quantities, facts = len(key.elements), len(key.quantities), len(data["facts"])
        return {
            "elements": elements,
            "quantities": quantities,
            "facts": facts,
            "chain": chain,
            "steps": steps,
            "work": elements + quantities + facts + chain + steps,
            **extra,
        }

    def wrong_answers(self, task: Task) -> list[str]:
        """The conclusion alone; the right answer with one element label flipped."""
        key = IracKey.from_dict(task.data["key"])
        right = key.answer_object()
        conclusion_only = {"conclusion": right["conclusion"]}
        outputs = [conclusion_only]
        if key.elements:
            first = next(iter(key.elements))
            application = {**right["application"], first: not key.elements[first]}
            outputs.append({**right, "application": application})
        return [f"<answer>{json.dumps(o)}</answer>" for o in outputs]
