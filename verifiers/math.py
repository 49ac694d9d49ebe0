"""Math answer equivalence that a maths teacher would accept, safe to call from any thread.

    from palaestra.verifiers.math import check, compare
    check("1/2", "... so the answer is \\boxed{0.5}")      # Verdict(score=1.0, reason='ok')
    check("\\{-2, 3\\}", "<answer>x = 3 or x = -2</answer>", kind="set").correct   # True
    compare("1/3", "0.333")          # MathResult(equal=False, status='ok', ...): exact
    compare("2x+2", "2(x+1)")        # equal=True, decided by sympy in a worker process

`check(gold, output)` is the reward entry point: it reads the last ``<answer>`` block (or the
last ``\\boxed{}``) of a whole model response and returns a `Verdict`. `compare(gold, answer)`
does the same for an already extracted answer and returns a `MathResult`; environments call it
from their `check` and turn the result into a Verdict with `verdict`.

How an answer is compared:
1. Text, in-process and in linear time (`normalise`): math delimiters and ``\\boxed{}`` are
   stripped, unicode minus and comparison signs become ASCII, ``\\mathrm{i}`` becomes ``i``,
   thousands separators go, exact decimals become fractions (so 0.333 is 333/1000, never 1/3),
   ``no solution`` becomes the empty set; a ``%`` sign or a unit is refused unless the caller
   allows it (``percent=True``, ``units=True``), in which case it is dropped.
2. Exact path, in-process: when the gold and the answer are both plain rationals (``kind`` is
   ``auto``, ``number``, ``expression`` or ``rational``) they are compared with `Fraction`.
   ``kind="rational"`` accepts nothing else, so an expression (even the question restated)
   is unparsable. ``kind="text"`` compares normalised strings (digits in a base, dates).
3. Everything else runs in a worker process of `palaestra.verifiers.deadline` under a
   per-call deadline (math-verify's own timeouts use signal.alarm, main thread only): the
   text is parsed into an *unevaluated* sympy tree, by the worker's own recursive-descent
   parser for the common subset (scalars, lists, tuples, sets, ``x = v``, matrices: about
   100 times faster than ANTLR) or else by math-verify's LaTeX parser, a
   guard refuses numbers too large to evaluate (power towers, huge factorials) before any
   arithmetic, and `palaestra.verifiers._math_worker` compares the structures (sets, tuples,
   intervals and inequalities, matrices, equations) and the scalars inside them: exactly for
   rationals, otherwise by evaluation at several points to 50 digits (expressions equal up to
   algebra are equal), with the ``form`` the environment requires (expanded, factored,
   reduced, simplest radical).

Never accepted: a list of candidates for one answer, some of the values of a multi-value
answer (status ``partial``), a false equation whose right side is the answer (``7 = 3`` for
3), an answer holding an unevaluated derivative, integral, limit, sum or matrix operation (the
question restated), an answer that equals the gold only by containing it as a proper subterm
(``3 + 0``, ``x \\cdot x / x``), and numbers too large to evaluate.

`compare` and `check` never raise on model text and never wait on one answer much past the
deadline. Gold answers are trusted (written by an environment); bad options raise ValueError.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Literal, NamedTuple, TypedDict, Unpack

from palaestra.records import Verdict
from palaestra.verifiers.deadline import run_with_deadline
from palaestra.verifiers.extract import extract_answer, extract_boxed, printable

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 2_000
MAX_DIGITS = 4_000  # below Python's int() limit of 4,300 digits
DEFAULT_TIMEOUT_S = 5.0
WORKER_MODULE = "palaestra.verifiers._math_worker"
_TARGET = f"{WORKER_MODULE}:compare"

MathStatus = Literal["ok", "partial", "unparsable", "timeout", "error"]
Kind = Literal[
    "auto",
    "rational",
    "number",
    "expression",
    "set",
    "tuple",
    "interval",
    "matrix",
    "equation",
    "antiderivative",
    "text",
]
Form = Literal["any", "expanded", "factored", "reduced", "radical", "rectangular"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
FORMS: tuple[str, ...] = Form.__args__  # type: ignore[attr-defined]


class MathResult(NamedTuple):
    """The outcome of one comparison.

    Attributes:
        equal: whether the answer equals the reference; None when it could not be decided.
        status: ``ok`` (compared), ``partial`` (compared and not equal: the answer gives only
            some of the values of a multi-value reference), ``unparsable`` (the answer is
            empty, too long, not readable as math or not of the required kind or form),
            ``timeout`` (the comparison ran past its deadline) or ``error`` (the reference
            could not be read or no worker could start: a bug or a broken install, logged,
            never the model's fault).
        detail: a short explanation, safe to show to the model (it never quotes the gold).
    """

    equal: bool | None
    status: MathStatus
    detail: str


class Choices(TypedDict, total=False):
    """The keyword options of `compare` and `check`; see `compare` for each."""

    kind: Kind
    form: Form
    tolerance: float
    abs_tolerance: float
    units: bool
    percent: bool
    variable: str
    forbid: tuple[str, ...]


@dataclass(frozen=True)
class Options:
    """What counts as equal for one environment (the validated `Choices`)."""

    kind: str = "auto"
    form: str = "any"
    tolerance: float = 0.0
    abs_tolerance: float = 0.0
    units: bool = False
    percent: bool = False
    variable: str = "x"
    forbid: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.form not in FORMS:
            raise ValueError(f"form must be one of {', '.join(FORMS)}, got {self.form!r}")
        if not (0 <= float(self.tolerance) < 1 and float(self.abs_tolerance) >= 0):
            raise ValueError("tolerance must be in [0, 1) and abs_tolerance non-negative")
        if not re.fullmatch(r"[A-Za-z]", self.variable):
            raise ValueError(f"variable must be one letter, got {self.variable!r}")


# ------------------------------------------------------------------ text normalisation
_DECIMAL = r"(?:\d+(?:\.\d*)?|\.\d+)"
_SIGNED = rf"[+-]?\s*{_DECIMAL}"
_PLAIN = re.compile(rf"(?P<sign>[+-]?)\s*(?P<num>{_DECIMAL})(?:\s*/\s*(?P<den>{_DECIMAL}))?")
_FRAC = re.compile(
    r"(?P<sign>[+-]?)\s*\\[dt]?frac\s*"
    rf"(?:\{{\s*(?P<num>{_SIGNED})\s*\}}|(?P<num1>\d))\s*"
    rf"(?:\{{\s*(?P<den>{_SIGNED})\s*\}}|(?P<den1>\d))"
)
_WRAPPERS = (
    re.compile(r"\$\$(.*)\$\$", re.DOTALL),
    re.compile(r"\$(.*)\$", re.DOTALL),
    re.compile(r"\\\((.*)\\\)", re.DOTALL),
    re.compile(r"\\\[(.*)\\\]", re.DOTALL),
    re.compile(r"\\boxed\s*\{(.*)\}", re.DOTALL),
    re.compile(r"\((.*)\)", re.DOTALL),
)
_ASSIGNMENT = re.compile(r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*=\s*(.*)", re.DOTALL)
_ASCII = str.maketrans(
    {
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u2013": "-",
        "\u2264": "\\le ",
        "\u2265": "\\ge ",
        "\u2260": "\\ne ",
        "\u00d7": "\\times ",
        "\u00b7": "\\cdot ",
        "\u22c5": "\\cdot ",
        "\u221e": "\\infty ",
        "\u03c0": "\\pi ",
        "\u221a": "\\sqrt",
        "\u00b1": "\\pm ",
        "\u222a": "\\cup ",
        "\u2205": "\\emptyset ",
        "\u00b0": "^\\circ",
        "\u2009": "",
        "\u202f": "",
        "\u00a0": " ",
    }
)
_IMAGINARY = re.compile(r"\\(?:mathrm|text|operatorname|mathit)\s*\{\s*i\s*\}|\\imath\b")
_ANGLE = re.compile(r"\\[lr]angle\b")
_LATEX_SEPARATOR = re.compile(r"(?<=\d)(?:\\,|\{,\}|\\!|\\;|\\ )(?=\d{3}(?!\d))")
_COMMA_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SCIENTIFIC = re.compile(r"(?<![\w.\\])(\d+(?:\.\d+)?)[eE]([+-]?\d{1,4})(?![\w.])")
_DECIMAL_LITERAL = re.compile(r"(?<![\w.\\])(\d*)\.(\d+)(?![\d.])")
_EMPTY = re.compile(
    r"(?:\\text\s*\{\s*)?(?:no\s+(?:real\s+)?solutions?|none|no\s+roots?|\\varnothing|\\O)"
    r"(?:\s*\})?\.?",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\\?%")
# LaTeX commands the parser evaluates on sight: in an answer they restate the question.
_EVALUATING = re.compile(
    r"\\(?:det|binom|dbinom|tbinom|choose|gcd|lcm|operatorname\s*\{\s*(?:det|rank|tr|gcd|lcm)\s*\})"
)
_PLAIN_FUNCTION = re.compile(
    r"(?<![A-Za-z\\])(arcsin|arccos|arctan|asin|acos|atan|sinh|cosh|tanh|sin|cos|tan|cot|sec|csc"
    r"|ln|log|exp|sqrt|abs|Abs|pi)(?![A-Za-z])"
)
_LATEX_NAME = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "log": "ln", "Abs": "abs"}
_UNIT_WORD = re.compile(
    r"\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{\s*([^{}]*?)\s*\}|\^\s*\{?\\circ\}?"
)
_UNIT_TOKEN = re.compile(r"[A-Za-z]{1,12}(?:\^?[23])?(?:/[A-Za-z]{1,12}(?:\^?[23])?)?\.?")
_CONNECTIVES = {"or", "and", ",", "", "i"}
_CONNECTIVE = re.compile(r"(?<![\\A-Za-z])\b(or|and)\b(?![A-Za-z])")
_TEXT_GROUP = re.compile(r"(\\text\s*\{[^{}]*\})")
# Words outside LaTeX commands: three or more mean prose (a restated question, an essay),
# which no maths parser should be asked to read.
_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{4,}")
MAX_WORDS = 2
_WORD_CHARS = re.compile(r"[A-Za-z]")


class Normalised(NamedTuple):
    """An answer's text after `normalise`: `text` for the parser, `decimal` when the answer
    was written with decimal digits (such an answer is never numerically rounded into an
    irrational), or `problem` (feedback) when the text is refused."""

    text: str
    decimal: bool = False
    problem: str | None = None


def _unwrap(text: str, *, assignment: bool = True) -> str:
    """Strips math delimiters and \\boxed{} (nested, a few levels) and one ``x =`` prefix."""
    assigned = not assignment
    for _ in range(8):  # a bound: each round must remove something
        before = text
        for pattern in _WRAPPERS:
            match = pattern.fullmatch(text)
            if match and (pattern.pattern != r"\((.*)\)" or _plain_group(match.group(1))):
                text = match.group(1).strip()
        match = None if assigned else _ASSIGNMENT.fullmatch(text)
        if match:
            text = match.group(1).strip()
            assigned = True
        if text == before:
            break
    return text


def _plain_group(text: str) -> bool:
    """Whether ``(text)`` is one parenthesised value, not ``(1, 2)`` or ``(1, 2) \\cup (3, 4)``."""
    if "," in text:
        return False
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def _exact_decimal(match: re.Match[str]) -> str:
    whole, fraction = match.group(1) or "0", match.group(2)
    if len(whole) + len(fraction) > MAX_DIGITS:
        return match.group(0)  # left for the size guard to refuse
    return f"{{\\frac{{{int(whole + fraction)}}}{{{10 ** len(fraction)}}}}}"


def _scientific(match: re.Match[str]) -> str:
    return f"{{{match.group(1)}\\cdot 10^{{{int(match.group(2))}}}}}"


def _strip_units(text: str, allow: bool) -> tuple[str, str | None]:
    """Drops unit words (``\\text{cm}``, ``^\\circ``, trailing ``km/h``) where allowed; where
    not, a unit is a problem. Connectives (``\\text{ or }``) stay."""
    found = False

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        word = match.group(1)
        if word is not None:
            if word.strip().lower() in _CONNECTIVES or not _WORD_CHARS.search(word):
                return match.group(0)
            if len(_WORD_CHARS.findall(word)) == 1 and len(word.strip()) == 1:
                return word  # \mathrm{x}: a variable in roman type, not a unit
        found = True
        return " "

    stripped = _UNIT_WORD.sub(replace, text).replace("\\$", " ")
    if allow and stripped.count("$") == 1:  # a dollar sign, not a math delimiter
        stripped = stripped.replace("$", " ")
    if allow:
        return _drop_trailing_words(stripped), None
    if found:
        return text, "give the answer without units or words"
    return text, None


def surface(text: str, options: Options | None = None, *, trusted: bool = False) -> Normalised:
    """The answer without delimiters, \\boxed{}, separators and (where allowed) units and
    percent signs; `problem` says why it is refused. Linear in the length of `text`."""
    options = options or Options()
    text = text.translate(_ASCII).strip()
    if "\\boxed" in text or "\\fbox" in text:
        text = extract_boxed(text) or text
    text = _unwrap(text, assignment=False)
    text = _IMAGINARY.sub("i", text)
    text = _ANGLE.sub(lambda m: "(" if m.group(0) == "\\langle" else ")", text)
    if _EMPTY.fullmatch(text):
        return Normalised("\\emptyset")
    text, problem = (text, None) if trusted else _strip_units(text, options.units)
    if problem:
        return Normalised(text, problem=problem)
    if not trusted and len(_WORD.findall(text)) > MAX_WORDS:
        return Normalised(text, problem="give only the mathematical answer, without words")
    if _PERCENT.search(text):
        if not (options.percent and _PERCENT.search(text.rstrip()[-2:])):
            return Normalised(text, problem="give a number, not a percentage")
        text = _PERCENT.sub("", text).strip()
    text = "".join(  # a bare "or" / "and" lists values; \text{ or } already does
        part if part.startswith("\\text") else _CONNECTIVE.sub(r"\\text{ \1 }", part)
        for part in _TEXT_GROUP.split(text)
    )
    text = _LATEX_SEPARATOR.sub("", text)
    if _COMMA_NUMBER.fullmatch(text):
        text = text.replace(",", "")
    return Normalised(text)


def plain_to_latex(text: str) -> str:
    """Plain-text maths as written by programs (``sqrt(5)/2``, ``exp(x)*sin(2*x)``,
    ``2*x**2``, ``log(2)`` for the natural log, ``I`` for i) as LaTeX the parser reads.

    Only text without backslashes is rewritten; one pass with a stack, so linear time.
    """
    if "\\" in text or not _WORD_CHARS.search(text):
        return text.replace("**", "^")
    text = re.sub(r"(?<![A-Za-z])I(?![A-Za-z])", "i", text.replace("**", "^"))
    text = _PLAIN_FUNCTION.sub(lambda m: "\\" + _LATEX_NAME.get(m.group(1), m.group(1)), text)
    out: list[str] = []
    closers: list[str] = []
    index = 0
    while index < len(text):
        for name, opener, closer in (("\\sqrt", "{", "}"), ("\\abs", "\\left|", "\\right|")):
            if text.startswith(name + "(", index):
                out.append(name.replace("\\abs", "") + opener)
                closers.append(closer)
                index += len(name) + 1
                break
        else:
            char = text[index]
            if char == "(":
                closers.append(")")
            elif char == ")" and closers:
                char = closers.pop()
            out.append(char)
            index += 1
    return "".join(out)


def _drop_trailing_words(text: str) -> str:
    """``12 km/h`` -> ``12``: trailing unit-like tokens after a number or expression (a lone
    letter stays when it is all there is, as in ``x``)."""
    tokens = text.split()
    keep = len(tokens)
    while keep > 1 and _UNIT_TOKEN.fullmatch(tokens[keep - 1]):
        keep -= 1
    if keep == len(tokens) or tokens[keep - 1][-1] not in "0123456789})":
        return text.strip()
    return " ".join(tokens[:keep])


def _expand_plus_minus(text: str) -> str:
    """One ``\\pm`` anywhere becomes the list of its two values (the parser reads ``\\pm``
    only at the top level): ``x = \\frac{3 \\pm \\sqrt{5}}{2}`` becomes
    ``x = \\frac{3 + \\sqrt{5}}{2}, x = \\frac{3 - \\sqrt{5}}{2}``."""
    if text.count("\\pm") != 1 or "," in text or "\\mp" in text:
        return text
    name, equals, body = text.rpartition("=")
    prefix = f"{name}{equals}" if equals and "=" not in name else ""
    body = body if prefix else text
    return ", ".join(prefix + body.replace("\\pm", sign) for sign in ("+", "-"))


def normalise(text: str, options: Options | None = None, *, trusted: bool = False) -> Normalised:
    """The parser-ready form of an answer (or of a gold answer, with `trusted`): `surface`,
    then scientific notation and exact decimals rewritten as fractions. Linear time."""
    options = options or Options()
    normal = surface(text, options, trusted=trusted)
    if normal.problem:
        return normal
    text = _SCIENTIFIC.sub(_scientific, plain_to_latex(normal.text))
    text = _expand_plus_minus(text)
    decimal = bool(_DECIMAL_LITERAL.search(text))
    text = _DECIMAL_LITERAL.sub(_exact_decimal, text)
    if options.kind == "tuple":
        text = text.replace(";", ",")
    return Normalised(text, decimal)


# ------------------------------------------------------------------ the exact rational path
def _decimal(text: str) -> Fraction | None:
    """An exact Fraction of an optionally signed decimal literal (digits bounded)."""
    text = "".join(text.split())
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    whole, _, fraction = text.partition(".")
    digits = whole + fraction
    if not digits or len(digits) > MAX_DIGITS:
        return None
    return Fraction(sign * int(digits), 10 ** len(fraction))


def parse_rational(text: str) -> Fraction | None:
    """The exact value of a plain rational literal, or None if `text` is anything else.

    Accepted: an optional sign, then an integer, a decimal, ``a/b`` or ``\\frac{a}{b}``
    (``\\dfrac``, ``\\tfrac``, ``\\frac12``), possibly inside ``$...$``, ``\\(...\\)``,
    ``\\[...\\]``, ``\\boxed{}`` or parentheses, possibly after ``x =``. Unicode minus signs
    count as ``-``. Expressions (``3+4*2``), thousands separators, exponents and zero
    denominators give None. Work is linear in the length and numbers over `MAX_DIGITS`
    digits give None, so no input is slow.
    """
    if not isinstance(text, str) or len(text) > 4 * MAX_DIGITS:
        return None
    body = _unwrap(text.translate(_ASCII).strip())
    match = _PLAIN.fullmatch(body)
    if match:
        numerator_text, denominator_text = match["num"], match["den"]
    else:
        match = _FRAC.fullmatch(body)
        if not match:
            return None
        numerator_text = match["num"] or match["num1"]
        denominator_text = match["den"] or match["den1"]
    numerator = _decimal(numerator_text)
    denominator = Fraction(1) if denominator_text is None else _decimal(denominator_text)
    if numerator is None or denominator is None or denominator == 0:
        return None
    value = numerator / denominator
    return -value if match["sign"] == "-" else value


def _read_rational(text: str, options: Options) -> Fraction | None:
    """`parse_rational` after `surface` (separators, and percent signs and units where the
    options allow them)."""
    value = parse_rational(text)
    if value is not None:
        return value
    normal = surface(text, options)
    return None if normal.problem else parse_rational(normal.text)


def _within(gold: Fraction, value: Fraction, options: Options) -> bool:
    if not (options.tolerance or options.abs_tolerance):
        return gold == value
    allowed = max(Fraction(options.abs_tolerance), Fraction(options.tolerance) * abs(gold))
    return abs(gold - value) <= allowed


_TEXT_NOISE = re.compile(r"\\(?:text|mathrm|textrm|mbox)\s*\{([^{}]*)\}|[\s$]")


def _text_key(text: str) -> str:
    return _TEXT_NOISE.sub(lambda m: m.group(1) or "", _unwrap(text)).casefold().rstrip(".")


# ------------------------------------------------------------------ the public checks
def compare(
    gold: str,
    answer: str | None,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    **choices: Unpack[Choices],
) -> MathResult:
    """Compares an extracted answer with the reference answer `gold`.

    Args:
        gold: the reference answer in LaTeX or plain text (trusted: written by an env).
        answer: the model's extracted answer text, or None when there was none.
        timeout_s: the deadline for the worker step (the in-process paths need none).
        kind: what the answer is. ``auto`` follows the gold's shape. ``rational``: one
            plain rational literal (integer, exact decimal, fraction), nothing else.
            ``number``: a constant (no variables), e.g. ``2\\sqrt{2}``. ``expression``: may
            contain variables. ``set``: unordered values (``{-2, 3}``, ``x=3 or x=-2``,
            ``\\pm``). ``tuple``: ordered values (``(1, 2)``; a gold ``x=1, y=2`` also
            accepts the values in that order). ``interval``: a subset of the reals as
            intervals, unions or inequalities. ``matrix``: a matrix or vector.
            ``equation``: an equation equal to the gold up to a non-zero factor (a line).
            ``antiderivative``: equal to the gold up to an additive constant in `variable`
            (checked by differentiating the difference). ``text``: the same string after
            removing spaces, ``\\text{}`` and case (digits in a base, weekday names).
        form: a form the answer must have besides its value: ``expanded`` (a sum of
            monomials), ``factored`` (a product of irreducible factors over Q; for an
            integer, of primes), ``reduced`` (a fraction in lowest terms), ``radical``
            (simplest radical form: rational times n-th-power-free radicands, rational
            denominator), ``rectangular`` (a complex number written a + bi with rational a
            and b).
        tolerance, abs_tolerance: numeric answers within this relative / absolute error of
            the gold count as equal (default exact).
        units: unit words (``5 \\text{cm}``, ``60^\\circ``, ``12 km/h``) are dropped;
            otherwise an answer with units is unparsable.
        percent: a trailing ``%`` is dropped (the gold is a number of percent); otherwise
            an answer with ``%`` is unparsable.
        variable: the variable of an antiderivative.
        forbid: names of sympy functions the answer must not contain (``("sin", "cos")``
            where the question asks to evaluate a trigonometric value).

    Returns:
        A `MathResult`; never raises on any `answer`.

    Raises:
        ValueError: a bad option or a non-positive `timeout_s` (a caller's bug).
    """
    if not (isinstance(timeout_s, int | float) and timeout_s > 0):
        raise ValueError(f"timeout_s must be a positive number of seconds, got {timeout_s!r}")
    options = Options(**choices)
    kind = options.kind
    if answer is None:
        return MathResult(None, "unparsable", "there is no answer")
    if not isinstance(answer, str):
        return MathResult(None, "unparsable", "the answer is not text")
    text = answer.strip()
    if not text:
        return MathResult(None, "unparsable", "the answer is empty")
    if len(text) > MAX_ANSWER_CHARS:
        return MathResult(
            None,
            "unparsable",
            f"the answer is {len(text)} characters long; at most {MAX_ANSWER_CHARS} are read",
        )
    if not isinstance(gold, str) or not gold.strip():
        log.error("math check called with an empty or non-text reference answer: %r", gold)
        return MathResult(None, "error", "the reference answer is missing")

    if kind == "text":
        return MathResult(_text_key(gold) == _text_key(text), "ok", "text comparison")
    if kind in ("auto", "number", "expression", "rational"):
        gold_value = None if "=" in gold else parse_rational(gold)
        if gold_value is not None:
            answer_value = _read_rational(text, options)
            if answer_value is not None:
                equal = _within(gold_value, answer_value, options)
                return MathResult(equal, "ok", "exact rational comparison")
            if kind == "rational":
                problem = surface(text, options).problem
                return MathResult(
                    None, "unparsable", problem or "give one number: an integer or a fraction"
                )
        elif kind == "rational":
            log.error("kind='rational' with a reference that is not a rational: %r", gold[:200])
            return MathResult(None, "error", "the reference answer is not a rational number")

    gold_text = normalise(gold, options, trusted=True)
    normal = normalise(text, options)
    if normal.problem:
        return MathResult(None, "unparsable", normal.problem)
    operation = _EVALUATING.search(normal.text)
    if operation and not _EVALUATING.search(gold_text.text):
        return MathResult(
            False, "ok", f"the answer still contains {operation.group(0)}; evaluate it"
        )
    try:
        outcome = run_with_deadline(
            _TARGET,
            (gold_text.text, normal.text, asdict(options), normal.decimal),
            timeout_s=timeout_s,
            preload=(WORKER_MODULE,),
        )
    except Exception as exc:
        log.error("the math checker could not run: %s", exc)
        return MathResult(None, "error", "the checker could not run")
    if outcome.status == "ok":
        equal, status, detail = outcome.value
        if status == "error":
            log.error("the math worker could not read the reference answer %r", gold[:200])
        return MathResult(equal, status, detail)
    if outcome.status == "timeout":
        return MathResult(None, "timeout", f"checking took longer than {timeout_s:g} s")
    # The parser raising or its process dying on an input is a property of that input.
    log.debug("the math worker failed on an answer: %s %s", outcome.status, outcome.detail)
    return MathResult(None, "unparsable", "the answer could not be compared")


def verdict(result: MathResult, extracted: str | None = None) -> Verdict:
    """The `Verdict` of a `MathResult`: right, wrong, partial, unparsable, timeout or invalid."""
    if result.status == "ok" and result.equal:
        return Verdict.right(extracted)
    if result.status == "ok":
        detail = result.detail if result.detail.startswith("the answer") else ""
        feedback = f"That is not the right answer{': ' + detail if detail else ''}."
        return Verdict.fail("wrong", feedback, extracted)
    if result.status == "partial":
        return Verdict.fail("partial", f"Incomplete: {result.detail}.", extracted)
    if result.status == "timeout":
        return Verdict.fail("timeout", "The answer took too long to check; simplify it.", extracted)
    if result.status == "unparsable":
        feedback = f"The answer could not be read: {result.detail}."
        return Verdict.fail("unparsable", feedback, extracted)
    return Verdict.fail("invalid", "The answer could not be checked.", extracted)


def check(
    gold: str,
    output: str | None,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    **choices: Unpack[Choices],
) -> Verdict:
    """The reward entry point: scores a whole model response against the reference `gold`.

    The last ``<answer>...</answer>`` block of `output` is read, or else its last
    ``\\boxed{}``; the options are those of `compare`. Safe from any thread or process;
    never raises on `output`.
    """
    answer = extract_answer(output, allow_boxed=True)
    if answer is None:
        return Verdict.fail(
            "no_answer", "No final answer found; put it inside <answer></answer> or \\boxed{}."
        )
    result = compare(gold, answer, timeout_s=timeout_s, **choices)
    return verdict(result, printable(answer))
