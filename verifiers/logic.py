"""Propositional formulas: a safe parser for model text, rendering, exact semantics.

A formula is JSON: a variable name (``"p"``), ``["top"]`` / ``["bot"]``, or an operator list
``["not", f]``, ``["and", f, g, ...]``, ``["or", f, g, ...]``, ``["imp", f, g]``,
``["iff", f, g]``, ``["xor", f, g]`` or ``["exactly", k, f, g, ...]`` (exactly k of the
parts are true). Generators build these lists; `parse_formula` reads model text into the same
shape with a hand-written recursive-descent parser (never `eval`) whose input length, token
count and nesting depth are capped, so any string is read or rejected in linear time.

Semantics are exact: `truth_mask` evaluates a formula over all 2**n assignments at once, one
bit per row, with Python integers as bit vectors (n <= MAX_TABLE_VARS), which decides
validity, equivalence and entailment by comparing masks. `encode` gives Tseitin clauses for
python-sat, which the puzzle generators use to prove that a solution is unique.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from palaestra.verifiers.parsing import AnswerFormatError

Formula = Any  # str | list: see the module docstring
MAX_TABLE_VARS = 16
MAX_FORMULA_CHARS = 20_000
MAX_TOKENS = 8_000
MAX_DEPTH = 60

BINARY = ("imp", "iff", "xor")
SYMBOLS = {"not": "¬", "and": "∧", "or": "∨", "imp": "→", "iff": "↔", "xor": "⊕"}
ASCII = {"not": "~", "and": "&", "or": "|", "imp": "->", "iff": "<->", "xor": "^"}

# Spellings the parser accepts for each operator (case-insensitive words).
_OPERATOR_TOKENS = {
    "¬": "not", "~": "not", "!": "not", "not": "not", "-": "not",
    "∧": "and", "&": "and", "&&": "and", "/\\": "and", "and": "and", "*": "and",
    "∨": "or", "|": "or", "||": "or", "\\/": "or", "or": "or", "+": "or",
    "→": "imp", "->": "imp", "=>": "imp", "implies": "imp", "⇒": "imp",
    "↔": "iff", "<->": "iff", "<=>": "iff", "iff": "iff", "⇔": "iff",
    "⊕": "xor", "^": "xor", "xor": "xor",
    "⊤": "top", "true": "top", "T": "top", "1": "top",
    "⊥": "bot", "false": "bot", "F": "bot", "0": "bot",
    "(": "(", ")": ")", "[": "(", "]": ")",
}  # fmt: skip
_TOKEN = re.compile(r"\s*(<->|<=>|->|=>|&&|\|\||/\\|\\/|[A-Za-z_][A-Za-z0-9_]*|\S)")


# ----------------------------------------------------------------------------- parsing
def _tokens(text: str) -> list[str]:
    if len(text) > MAX_FORMULA_CHARS:
        raise AnswerFormatError(f"the formula is longer than {MAX_FORMULA_CHARS} characters")
    tokens: list[str] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:  # only trailing white space is left
            break
        tokens.append(match[1])
        position = match.end()
        if len(tokens) > MAX_TOKENS:
            raise AnswerFormatError(f"the formula has more than {MAX_TOKENS} symbols")
    return tokens


class _Parser:
    """Precedence, loosest first: ↔, → (right-associative), ⊕, ∨, ∧, ¬."""

    def __init__(self, tokens: list[str], variables: Sequence[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.variables = {v.lower(): v for v in variables}
        self.depth = 0

    def peek(self) -> str | None:
        if self.at >= len(self.tokens):
            return None
        token = self.tokens[self.at]
        if token in self.variables or token.lower() in self.variables:
            return "var"
        kind = _OPERATOR_TOKENS.get(token) or _OPERATOR_TOKENS.get(token.lower())
        return kind or "?"

    def take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def descend(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise AnswerFormatError(f"the formula nests deeper than {MAX_DEPTH} levels")

    def formula(self) -> Formula:
        self.descend()
        left = self.implication()
        while self.peek() == "iff":
            self.take()
            left = ["iff", left, self.implication()]
        self.depth -= 1
        return left

    def implication(self) -> Formula:
        self.descend()
        left = self.chain("xor", self.disjunction)
        if self.peek() == "imp":
            self.take()
            left = ["imp", left, self.implication()]
        self.depth -= 1
        return left

    def disjunction(self) -> Formula:
        return self.chain("or", self.conjunction)

    def conjunction(self) -> Formula:
        return self.chain("and", self.unary)

    def chain(self, op: str, part: Callable[[], Formula]) -> Formula:
        items = [part()]
        while self.peek() == op:
            self.take()
            items.append(part())
        if len(items) == 1:
            return items[0]
        if op == "xor":  # left-associative binary operator
            result = items[0]
            for item in items[1:]:
                result = ["xor", result, item]
            return result
        return [op, *items]

    def unary(self) -> Formula:
        kind = self.peek()
        if kind == "not":
            self.take()
            self.descend()
            inner = self.unary()
            self.depth -= 1
            return ["not", inner]
        if kind == "(":
            self.take()
            inner = self.formula()
            if self.peek() != ")":
                raise AnswerFormatError("a parenthesis is not closed")
            self.take()
            return inner
        if kind == "var":
            token = self.take()
            return self.variables.get(token.lower(), token)
        if kind in ("top", "bot"):
            self.take()
            return [kind]
        if kind is None:
            raise AnswerFormatError("the formula ends too early")
        token = self.tokens[self.at]
        known = ", ".join(sorted(self.variables.values()))
        raise AnswerFormatError(
            f"unexpected symbol {token[:20]!r}; the variables are {known} and the operators "
            "¬ ∧ ∨ → ↔ ⊕ (or ~ & | -> <-> ^)"
        )


def parse_formula(text: str, variables: Sequence[str]) -> Formula:
    """Reads a propositional formula over `variables` (case-insensitive) from model text.

    Operators: ¬ ~ ! not; ∧ & && and; ∨ | || or; → -> => implies; ↔ <-> <=> iff; ⊕ ^ xor;
    constants ⊤ T true 1 and ⊥ F false 0; parentheses or brackets. Raises
    AnswerFormatError on anything else, including unknown variable names.
    """
    tokens = _tokens(text)
    if not tokens:
        raise AnswerFormatError("no formula given")
    parser = _Parser(tokens, variables)
    result = parser.formula()
    if parser.at != len(tokens):
        raise AnswerFormatError(f"unexpected {tokens[parser.at][:20]!r} after a complete formula")
    return result


# --------------------------------------------------------------------------- structure
def op_of(formula: Formula) -> str:
    return "var" if isinstance(formula, str) else formula[0]


def parts(formula: Formula) -> list[Formula]:
    if isinstance(formula, str) or formula[0] in ("top", "bot"):
        return []
    return list(formula[2:]) if formula[0] == "exactly" else list(formula[1:])


def size(formula: Formula) -> int:
    """The number of nodes (variables, constants and operators)."""
    return 1 + sum(size(p) for p in parts(formula))


def depth(formula: Formula) -> int:
    return 1 + max((depth(p) for p in parts(formula)), default=0)


def variables_of(formula: Formula) -> set[str]:
    if isinstance(formula, str):
        return {formula}
    found: set[str] = set()
    for part in parts(formula):
        found |= variables_of(part)
    return found


def is_literal(formula: Formula) -> bool:
    return isinstance(formula, str) or (formula[0] == "not" and isinstance(formula[1], str))


def is_normal_form(formula: Formula, outer: str) -> bool:
    """Whether `formula` is in CNF (``outer="and"``) or DNF (``outer="or"``): a flat
    `outer` of flat inner clauses of literals; a single clause or literal counts, and so does
    a lone constant."""
    inner = "or" if outer == "and" else "and"
    if op_of(formula) in ("top", "bot"):
        return True
    groups = parts(formula) if op_of(formula) == outer else [formula]
    for group in groups:
        literals = parts(group) if op_of(group) == inner else [group]
        if not all(is_literal(lit) for lit in literals):
            return False
    return True


# ---------------------------------------------------------------------------- rendering
def render(formula: Formula, symbols: dict[str, str] = SYMBOLS, top: bool = True) -> str:
    """Infix text; compound parts of a binary operator are parenthesised (except a chain of
    the same associative operator), so the reading never depends on precedence."""
    op = op_of(formula)
    if op == "var":
        return formula
    if op in ("top", "bot"):
        return "⊤" if op == "top" else "⊥"
    if op == "not":
        inner = render(formula[1], symbols, top=False)
        wrap = not is_literal(formula[1]) and op_of(formula[1]) != "not"
        return symbols["not"] + (f"({inner})" if wrap else inner)
    if op == "exactly":
        items = ", ".join(render(p, symbols) for p in parts(formula))
        return f"exactly {formula[1]} of ({items})"
    pieces = []
    for part in parts(formula):
        text = render(part, symbols, top=False)
        child = op_of(part)
        flat = child == op and op in ("and", "or")
        needs = child in ("and", "or", *BINARY) and not flat
        pieces.append(f"({text})" if needs else text)
    return f" {symbols[op]} ".join(pieces)


def render_ascii(formula: Formula) -> str:
    return render(formula, ASCII)


# ---------------------------------------------------------------------------- semantics
def evaluate(formula: Formula, values: dict[str, bool]) -> bool:
    """The truth value of `formula` under `values` (every variable must have one)."""
    op = op_of(formula)
    if op == "var":
        return bool(values[formula])
    if op in ("top", "bot"):
        return op == "top"
    items = [evaluate(p, values) for p in parts(formula)]
    if op == "not":
        return not items[0]
    if op == "and":
        return all(items)
    if op == "or":
        return any(items)
    if op == "imp":
        return (not items[0]) or items[1]
    if op == "iff":
        return items[0] == items[1]
    if op == "xor":
        return items[0] != items[1]
    if op == "exactly":
        return sum(items) == formula[1]
    raise ValueError(f"unknown operator {op!r}")


def variable_masks(variables: Sequence[str]) -> tuple[dict[str, int], int]:
    """Bit vectors of the variables over the 2**n rows of a truth table, and the all-ones
    mask. Row r gives the i-th variable the value of bit n-1-i of r, so rows run from all
    false (row 0) to all true, the first variable changing slowest."""
    masks, full = _variable_masks(tuple(variables))
    return dict(masks), full


@functools.lru_cache(maxsize=256)
def _variable_masks(variables: tuple[str, ...]) -> tuple[dict[str, int], int]:
    """`variable_masks`, memoised; the dict is shared, so callers here never mutate it."""
    n = len(variables)
    if n > MAX_TABLE_VARS:
        raise ValueError(f"truth tables stop at {MAX_TABLE_VARS} variables, got {n}")
    rows = 1 << n
    masks = {}
    for index, name in enumerate(variables):
        half = 1 << (n - 1 - index)  # rows per block of equal value
        mask, length = ((1 << half) - 1) << half, 2 * half
        while length < rows:
            mask |= mask << length
            length *= 2
        masks[name] = mask
    return masks, (1 << rows) - 1


def truth_mask(formula: Formula, variables: Sequence[str]) -> int:
    """The rows (bits) of the truth table over `variables` where `formula` is true."""
    masks, full = _variable_masks(tuple(variables))
    return _mask(formula, masks, full)


def _mask(formula: Formula, masks: dict[str, int], full: int) -> int:
    if isinstance(formula, str):
        return masks[formula]
    op = formula[0]
    # fast path for the common shapes: negation and binary connectives
    if op == "not":
        return full ^ _mask(formula[1], masks, full)
    if len(formula) == 3 and op in ("and", "or", "imp", "iff", "xor"):
        a = _mask(formula[1], masks, full)
        b = _mask(formula[2], masks, full)
        if op == "and":
            return a & b
        if op == "or":
            return a | b
        if op == "imp":
            return (full ^ a) | b
        if op == "iff":
            return full ^ (a ^ b)
        return a ^ b
    if op in ("top", "bot"):
        return full if op == "top" else 0
    items = [_mask(p, masks, full) for p in parts(formula)]
    if op == "not":
        return full ^ items[0]
    if op == "and":
        result = full
        for item in items:
            result &= item
        return result
    if op == "or":
        result = 0
        for item in items:
            result |= item
        return result
    if op == "imp":
        return (full ^ items[0]) | items[1]
    if op == "iff":
        return full ^ (items[0] ^ items[1])
    if op == "xor":
        return items[0] ^ items[1]
    if op == "exactly":
        counts = [full]  # counts[j]: rows where exactly j parts so far are true
        for item in items:
            shifted = [0, *[c & item for c in counts]]
            kept = [c & (full ^ item) for c in counts] + [0]
            counts = [a | b for a, b in zip(shifted, kept, strict=True)]
        return counts[formula[1]] if formula[1] < len(counts) else 0
    raise ValueError(f"unknown operator {op!r}")


def row_values(row: int, variables: Sequence[str]) -> dict[str, bool]:
    """The assignment of truth-table row `row` (see `variable_masks`)."""
    n = len(variables)
    return {name: bool(row >> (n - 1 - i) & 1) for i, name in enumerate(variables)}


def first_row(mask: int) -> int | None:
    """The lowest row set in `mask`, or None."""
    return (mask & -mask).bit_length() - 1 if mask else None


# ------------------------------------------------------------------------ assignments
_ASSIGN_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|:|->|is)\s*([A-Za-z0-9]+)")
_TRUTH_WORDS = {"t": True, "true": True, "1": True, "f": False, "false": False, "0": False}


def parse_assignment_text(text: str, variables: Sequence[str]) -> dict[str, bool]:
    """Reads ``p=T, q=F`` (also ``p: true``, ``p=1``, or JSON ``{"p": true}``) into values
    for exactly `variables`: a missing, repeated or unknown variable is an error."""
    known = {v.lower(): v for v in variables}
    cleaned = text.replace('"', " ").replace("'", " ")
    values: dict[str, bool] = {}
    for name, value in _ASSIGN_PAIR.findall(cleaned):
        var = known.get(name.lower())
        if var is None:
            raise AnswerFormatError(f"{name[:20]!r} is not one of the variables")
        if var in values:
            raise AnswerFormatError(f"{var} is given more than once")
        truth = _TRUTH_WORDS.get(value.lower())
        if truth is None:
            raise AnswerFormatError(f"{var} needs the value T or F, not {value[:10]!r}")
        values[var] = truth
    leftover = _ASSIGN_PAIR.sub(" ", cleaned)
    if re.search(r"[A-Za-z0-9]", leftover):
        raise AnswerFormatError("write the assignment as pairs like p=T, q=F")
    missing = [v for v in variables if v not in values]
    if missing:
        raise AnswerFormatError(f"every variable needs a value; missing: {', '.join(missing)}")
    return values


def format_assignment_text(values: dict[str, bool], variables: Iterable[str]) -> str:
    return ", ".join(f"{v}={'T' if values[v] else 'F'}" for v in variables)


# ------------------------------------------------------------------------ Tseitin (SAT)
def encode(formula: Formula, cnf: Any, atom: Callable[[str], int]) -> int:
    """A literal equivalent to `formula` in `cnf` (a `generators.puzzles_cnf.PuzzleCNF`),
    adding Tseitin definitions; `atom` maps a variable name to its literal."""
    op = op_of(formula)
    if op == "var":
        return atom(formula)
    if op in ("top", "bot"):
        lit = cnf.fresh()
        cnf.add([lit] if op == "top" else [-lit])
        return lit
    if op == "not":
        return -encode(formula[1], cnf, atom)
    lits = [encode(p, cnf, atom) for p in parts(formula)]
    out = cnf.fresh()
    if op == "and":
        cnf.add_all([[-out, lit] for lit in lits])
        cnf.add([out, *(-lit for lit in lits)])
    elif op == "or":
        cnf.add_all([[out, -lit] for lit in lits])
        cnf.add([-out, *lits])
    elif op == "imp":
        a, b = lits
        cnf.add_all([[-out, -a, b], [out, a], [out, -b]])
    elif op in ("iff", "xor"):
        a, b = lits
        b = b if op == "iff" else -b
        cnf.add_all([[-out, -a, b], [-out, a, -b], [out, a, b], [out, -a, -b]])
    elif op == "exactly":
        k = formula[1]
        cnf.exactly(lits, k, guard=out)
        low, high = cnf.fresh(), cnf.fresh()  # not exactly k: fewer, or more
        cnf.add([out, low, high])
        cnf.at_most(lits, k - 1, guard=low)
        cnf.at_least(lits, k + 1, guard=high)
    else:
        raise ValueError(f"unknown operator {op!r}")
    return out


# -------------------------------------------------------------------- labelled names
_LABEL_TEXT_ALLOWED = re.compile(r"^[\sA-Za-z:=,;{}\"'\-\[\]()\.]*$")
_FILLERS = {"is", "a", "an", "the"}


def parse_name_labels(
    text: str, names: Sequence[str], labels: dict[str, str], what: str = "label"
) -> dict[str, str]:
    """Reads ``Name: label`` pairs (also ``Name is a label``, ``Name=label`` or JSON
    ``{"Name": "label"}``) for exactly `names`; `labels` maps accepted words (lowercase) to
    canonical labels. A missing, repeated or unknown name, or an unknown word, is an error."""
    if not _LABEL_TEXT_ALLOWED.match(text):
        raise AnswerFormatError(f"write pairs like {names[0]}: {next(iter(labels.values()))}")
    known = {n.lower(): n for n in names}
    result: dict[str, str] = {}
    current: str | None = None
    for word in re.findall(r"[A-Za-z]+", text):
        lowered = word.lower()
        if lowered in known:
            if current is not None:
                raise AnswerFormatError(f"{current} has no {what}")
            current = known[lowered]
            if current in result:
                raise AnswerFormatError(f"{current} is given more than once")
        elif lowered in labels:
            if current is None:
                raise AnswerFormatError(f"the {what} {word!r} does not follow a name")
            result[current] = labels[lowered]
            current = None
        elif lowered not in _FILLERS:
            raise AnswerFormatError(f"{word[:20]!r} is neither a name nor a {what}")
    if current is not None:
        raise AnswerFormatError(f"{current} has no {what}")
    missing = [n for n in names if n not in result]
    if missing:
        raise AnswerFormatError(f"every name needs a {what}; missing: {', '.join(missing)}")
    return result


def parse_name_sequence(text: str, names: Sequence[str]) -> list[str]:
    """Every one of `names` exactly once, in order, separated by commas, spaces, arrows or
    lines (a JSON list reads the same); unknown words are an error."""
    if not _LABEL_TEXT_ALLOWED.match(text.replace(">", " ").replace("<", " ")):
        raise AnswerFormatError(f"write the names in order, like {', '.join(names[:2])}")
    known = {n.lower(): n for n in names}
    order: list[str] = []
    for word in re.findall(r"[A-Za-z]+", text):
        name = known.get(word.lower())
        if name is None:
            raise AnswerFormatError(f"{word[:20]!r} is not one of the names")
        if name in order:
            raise AnswerFormatError(f"{name} appears more than once")
        order.append(name)
    if len(order) != len(names):
        missing = [n for n in names if n not in order]
        raise AnswerFormatError(f"every name must appear once; missing: {', '.join(missing)}")
    return order


def parse_one_name(text: str, names: Sequence[str]) -> str:
    """Exactly one of `names` (a trailing full stop or quotes are fine)."""
    words = re.findall(r"[A-Za-z]+", text)
    known = {n.lower(): n for n in names}
    if len(words) != 1 or words[0].lower() not in known:
        raise AnswerFormatError("give exactly one of the names")
    if re.search(r"[^\sA-Za-z.\"']", text):
        raise AnswerFormatError("give exactly one of the names")
    return known[words[0].lower()]


# ------------------------------------------------------------------ syllogistic
# A categorical statement is (form, subject, predicate) over term indices; forms are
# A "all S are P", E "no S is P", I "some S are P", O "some S are not P".
def categorical_entails(
    terms: int, premises: Sequence[Sequence[Any]], conclusion: Sequence[Any]
) -> tuple[bool, dict[str, int]]:
    """Whether the premises entail the conclusion when every term is non-empty
    (Aristotelian existential import), decided by MiniSat over the 2**terms Venn regions
    (a region is non-empty or not); also returns the solver's effort."""
    from pysat.solvers import Solver

    regions = list(range(1 << terms))

    def var(region: int) -> int:
        return region + 1

    def inside(region: int, term: int, positive: bool = True) -> bool:
        return bool(region >> term & 1) == positive

    def clauses(statement: Sequence[Any], negated: bool) -> list[list[int]]:
        form, s, p = statement
        if negated:
            form = {"A": "O", "O": "A", "E": "I", "I": "E"}[form]
        if form == "A":  # S ∧ ¬P regions are empty
            return [[-var(r)] for r in regions if inside(r, s) and inside(r, p, False)]
        if form == "E":
            return [[-var(r)] for r in regions if inside(r, s) and inside(r, p)]
        if form == "I":
            return [[var(r) for r in regions if inside(r, s) and inside(r, p)]]
        return [[var(r) for r in regions if inside(r, s) and inside(r, p, False)]]

    formula = [[var(r) for r in regions if inside(r, t)] for t in range(terms)]
    for premise in premises:
        formula += clauses(premise, negated=False)
    formula += clauses(conclusion, negated=True)
    with Solver(name="minisat22", bootstrap_with=formula) as solver:
        countermodel = solver.solve()
        stats = solver.accum_stats()
    return not countermodel, {k: int(stats.get(k, 0)) for k in ("decisions", "conflicts")}
