"""Random propositional formulas, meaning-preserving rewrites and planted Horn rule bases.

Formulas use the JSON shape of `palaestra.verifiers.logic` (a variable name, or an operator
list such as ``["imp", "p", ["not", "q"]]``), so generator and checker share one semantics.
`rewrite` applies laws of propositional logic (De Morgan, contraposition, distribution, ...)
and keeps the meaning; `mutate` applies a plausible slip (a swapped connective, a dropped
negation, a converse) that usually changes it. `horn_instance` plants a derivation of a
queried atom inside a rule base padded with distractor rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from palaestra.verifiers.logic import Formula, op_of, parts, truth_mask, variable_masks

# No t or f: the parser reads T and F as constants.
VARIABLE_NAMES = ("p", "q", "r", "s", "u", "v", "w", "x", "y", "z", "a", "b", "c", "d", "g", "h")
CONNECTIVES = ("and", "or", "imp", "iff", "xor")


def pick(rng: np.random.Generator, items: Any) -> Any:
    return items[int(rng.integers(len(items)))]


def negate(formula: Formula) -> Formula:
    """¬formula, cancelling a double negation."""
    return formula[1] if op_of(formula) == "not" else ["not", formula]


def random_formula(
    rng: np.random.Generator,
    variables: list[str],
    connectives: int,
    ops: tuple[str, ...] = CONNECTIVES,
    negation: float = 0.3,
) -> Formula:
    """A random formula with exactly `connectives` binary connectives drawn from `ops`, in
    a random tree shape (the split between left and right is uniform). Leaves are
    variables, each negated with probability `negation`; a compound part is negated with
    half that probability. Two equal sides (p ∧ p) are redrawn a few times."""
    if connectives <= 0:
        var = pick(rng, variables)
        return ["not", var] if rng.random() < negation else var
    left_count = int(rng.integers(0, connectives))
    left = random_formula(rng, variables, left_count, ops, negation)
    right = left
    for _ in range(5):
        right = random_formula(rng, variables, connectives - 1 - left_count, ops, negation)
        if right != left:
            break
    node = [pick(rng, ops), left, right]
    return ["not", node] if rng.random() < negation / 2 else node


def connective_count(formula: Formula) -> int:
    """Binary (and n-ary) connectives in a formula: an n-ary ∧ counts n - 1."""
    items = parts(formula)
    own = max(len(items) - 1, 0) if op_of(formula) not in ("not", "exactly") else 0
    return own + sum(connective_count(p) for p in items)


# ------------------------------------------------------------------- rewriting laws
def _sound(formula: Formula, rng: np.random.Generator) -> Formula | None:
    """One law applied at the root, or None when none applies."""
    op = op_of(formula)
    items = parts(formula)
    options: list[Formula] = []
    if op == "not":
        inner = items[0]
        inner_op = op_of(inner)
        if inner_op in ("and", "or"):  # De Morgan
            dual = "or" if inner_op == "and" else "and"
            options.append([dual, *(negate(p) for p in parts(inner))])
        if inner_op == "imp":
            options.append(["and", parts(inner)[0], negate(parts(inner)[1])])
        if inner_op in ("iff", "xor"):
            flip = "xor" if inner_op == "iff" else "iff"
            options.append([flip, *parts(inner)])
    if op in ("and", "or"):
        shuffled = [items[int(i)] for i in rng.permutation(len(items))]
        if shuffled != items:
            options.append([op, *shuffled])
        dual = "or" if op == "and" else "and"
        options.append(["not", [dual, *(negate(p) for p in items)]])
        for index, item in enumerate(items):  # distribution over one part
            if op_of(item) == dual and len(items) == 2:
                other = items[1 - index]
                options.append([dual, *([op, other, q] for q in parts(item))])
    if op == "imp":
        a, b = items
        options += [["or", negate(a), b], ["imp", negate(b), negate(a)]]
    if op == "iff":
        a, b = items
        options += [["and", ["imp", a, b], ["imp", b, a]], ["iff", negate(a), negate(b)]]
        options.append(["iff", b, a])
    if op == "xor":
        a, b = items
        options += [["or", ["and", a, negate(b)], ["and", negate(a), b]], ["not", ["iff", a, b]]]
    return pick(rng, options) if options else None


def _slip(formula: Formula, rng: np.random.Generator, variables: list[str]) -> Formula | None:
    """One plausible mistake at the root, or None."""
    op = op_of(formula)
    items = parts(formula)
    options: list[Formula] = []
    if op == "var":
        others = [v for v in variables if v != formula]
        options += [["not", formula], *([pick(rng, others)] if others else [])]
    if op == "not":
        options.append(items[0])
        inner = items[0]
        if op_of(inner) in ("and", "or"):  # De Morgan without switching the connective
            options.append([op_of(inner), *(negate(p) for p in parts(inner))])
    if op in ("and", "or"):
        options.append(["or" if op == "and" else "and", *items])
    if op == "imp":
        a, b = items
        options += [["imp", b, a], ["imp", negate(a), negate(b)], ["or", a, negate(b)]]
    if op in ("iff", "xor"):
        options.append(["xor" if op == "iff" else "iff", *items])
        options.append(["imp", *items])
    return pick(rng, options) if options else None


def _positions(formula: Formula, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    found = [path]
    if isinstance(formula, list) and op_of(formula) not in ("top", "bot", "exactly"):
        for index, part in enumerate(formula[1:], start=1):
            found += _positions(part, (*path, index))
    return found


def _replace(formula: Formula, path: tuple[int, ...], new: Formula) -> Formula:
    if not path:
        return new
    copy = list(formula)
    copy[path[0]] = _replace(formula[path[0]], path[1:], new)
    return copy


def _at(formula: Formula, path: tuple[int, ...]) -> Formula:
    for index in path:
        formula = formula[index]
    return formula


def _apply_somewhere(formula: Formula, rng: np.random.Generator, law: Any) -> Formula:
    spots = _positions(formula)
    for index in rng.permutation(len(spots)):
        path = spots[int(index)]
        new = law(_at(formula, path))
        if new is not None:
            return _replace(formula, path, new)
    return formula


def rewrite(formula: Formula, rng: np.random.Generator, steps: int) -> Formula:
    """`formula` after `steps` laws of logic applied at random places: same meaning."""
    for _ in range(steps):
        formula = _apply_somewhere(formula, rng, lambda f: _sound(f, rng))
    return formula


def mutate(formula: Formula, rng: np.random.Generator, variables: list[str]) -> Formula:
    """`formula` with one plausible slip at a random place (the meaning usually changes)."""
    return _apply_somewhere(formula, rng, lambda f: _slip(f, rng, variables))


# ------------------------------------------------------------------------ Horn rules
@dataclass
class HornInstance:
    """A rule base: `rules` as (premises, conclusion) over atoms 0..n-1, the `facts`, the
    `query` atom and the rules of the planted derivation (`proof`)."""

    rules: list[tuple[list[int], int]]
    facts: list[int]
    query: int
    proof: list[int]


def closure(facts: list[int], rules: list[tuple[list[int], int]], use: Any = None) -> set[int]:
    """The atoms forward chaining derives from `facts` with the rules whose indices are in
    `use` (all rules when None)."""
    known = set(facts)
    active = range(len(rules)) if use is None else sorted(use)
    changed = True
    while changed:
        changed = False
        for index in active:
            premises, conclusion = rules[index]
            if conclusion not in known and all(p in known for p in premises):
                known.add(conclusion)
                changed = True
    return known


def horn_instance(
    rng: np.random.Generator, atoms: int, depth: int, distractors: int, max_premises: int = 2
) -> HornInstance:
    """A derivation of the query `depth` rules deep, each rule taking up to `max_premises`
    premises from earlier atoms or fresh facts, and `distractors` extra rules: some chain
    from atoms that are never derived, some conclude atoms the proof does not need."""
    order = [int(a) for a in rng.permutation(atoms)]
    facts = [order.pop(), order.pop()]
    derived: list[int] = []
    rules: list[tuple[list[int], int]] = []
    for _ in range(depth):
        if not order:
            break
        head = order.pop()
        wanted = int(rng.integers(1, max_premises + 1))
        pool = derived[-2:] + facts if derived else list(facts)
        premises = [derived[-1]] if derived else [pick(rng, facts)]
        while len(premises) < wanted:
            candidate = pick(rng, pool)
            if candidate in premises:
                if order and rng.random() < 0.5:
                    fact = order.pop()  # a new fact widens the proof
                    facts.append(fact)
                    premises.append(fact)
                else:
                    break
            else:
                premises.append(candidate)
        rules.append((sorted(premises), head))
        derived.append(head)
    query = derived[-1]
    proof = list(range(len(rules)))
    unknown = order or [a for a in range(atoms) if a not in facts and a not in derived]
    everything = list(range(atoms))
    for _ in range(distractors):
        head = pick(rng, everything)
        count = int(rng.integers(1, max_premises + 1))
        premises = {pick(rng, everything) for _ in range(count)}
        if unknown and rng.random() < 0.6:
            premises.add(pick(rng, unknown))  # blocked: needs an atom nothing derives
        premises.discard(head)
        if premises and (sorted(premises), head) not in rules:
            rules.append((sorted(premises), head))
    shuffle = [int(i) for i in rng.permutation(len(rules))]
    new_index = {old: new for new, old in enumerate(shuffle)}
    return HornInstance(
        rules=[rules[old] for old in shuffle],
        facts=sorted(facts),
        query=query,
        proof=sorted(new_index[i] for i in proof),
    )


def minimal_proof(
    facts: list[int], rules: list[tuple[list[int], int]], query: int, start: list[int]
) -> list[int]:
    """A subset of the rules `start` (which derive `query`) from which no rule can be left
    out: each is dropped in turn when the rest still derive the query."""
    kept = list(start)
    for index in list(kept):
        trial = [i for i in kept if i != index]
        if query in closure(facts, rules, trial):
            kept = trial
    return kept


# ------------------------------------------------------------ decision instances
def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def narrowing_premises(
    rng: np.random.Generator, variables: list[str], connectives: int, max_models: int = 2
) -> tuple[list[Formula], int]:
    """Random premises with `connectives` connectives each, added one at a time (a premise
    that would leave no model is skipped) until at most `max_models` rows of the truth
    table satisfy them all; returns the premises and that set of rows as a mask."""
    _, full = variable_masks(variables)
    premises: list[Formula] = []
    models = full
    for _ in range(60):
        if _popcount(models) <= max_models and len(premises) >= 2:
            break
        premise = random_formula(rng, variables, connectives)
        narrowed = models & truth_mask(premise, variables)
        if narrowed and narrowed != models:
            premises.append(premise)
            models = narrowed
    return premises, models


def conclusion_with_label(
    rng: np.random.Generator, variables: list[str], connectives: int, models: int, entailed: bool
) -> Formula | None:
    """A random formula with `connectives` connectives that is true on every row of
    `models` (when `entailed`) or false on at least one of them, and not a constant; None
    after bounded tries."""
    _, full = variable_masks(variables)
    for _ in range(400):
        candidate = random_formula(rng, variables, connectives)
        mask = truth_mask(candidate, variables)
        if mask in (0, full):
            continue
        if ((models & ~mask) == 0) == entailed:
            return candidate
    return None


def threshold_conjunction(
    rng: np.random.Generator, variables: list[str], connectives: int, satisfiable: bool
) -> list[Formula]:
    """Random conjuncts with `connectives` connectives each, drawn until together they have
    no model; the list up to that point (unsatisfiable) or one short of it (satisfiable),
    so the number of conjuncts says nothing about the answer."""
    _, models = variable_masks(variables)
    conjuncts: list[Formula] = []
    for _ in range(1000):
        if not models:
            break
        conjunct = random_formula(rng, variables, connectives)
        mask = truth_mask(conjunct, variables)
        if mask == 0:
            continue
        conjuncts.append(conjunct)
        models &= mask
    return conjuncts[:-1] if satisfiable else conjuncts


# ------------------------------------------------------------------ normal forms
def prime_cover(mask: int, n: int) -> list[dict[int, bool]]:
    """A small set of cubes ({variable index: value}) whose union is exactly the rows of
    `mask` (rows as in `palaestra.verifiers.logic.variable_masks`): the prime implicants
    of Quine and McCluskey, then a greedy cover of the rows."""
    rows = [r for r in range(1 << n) if mask >> r & 1]
    if not rows:
        return []
    # A cube is (care bits, values); merging two cubes that differ in one cared bit.
    current = {((1 << n) - 1, r) for r in rows}
    primes: set[tuple[int, int]] = set()
    while current:
        merged: set[tuple[int, int]] = set()
        used: set[tuple[int, int]] = set()
        for care, value in current:
            for bit in range(n):
                if care >> bit & 1 and not value >> bit & 1:
                    partner = (care, value | 1 << bit)
                    if partner in current:
                        merged.add((care & ~(1 << bit), value))
                        used.update({(care, value), partner})
        primes |= current - used
        current = merged
    uncovered = set(rows)
    chosen: list[tuple[int, int]] = []
    ordered = sorted(primes)
    while uncovered:
        best = max(ordered, key=lambda c: sum(1 for r in uncovered if r & c[0] == c[1]))
        chosen.append(best)
        uncovered = {r for r in uncovered if r & best[0] != best[1]}
    # Row bit n-1-i belongs to variable i.
    return [
        {n - 1 - bit: bool(value >> bit & 1) for bit in range(n) if care >> bit & 1}
        for care, value in chosen
    ]


def entailment_instance(
    rng: np.random.Generator, variables: list[str], connectives: int, entailed: bool
) -> tuple[list[Formula], int, Formula]:
    """Premises (narrowed to at most two models, given as a mask) and a conclusion that
    they entail or not, as asked; bounded rejection."""
    for _ in range(200):
        premises, models = narrowing_premises(rng, variables, connectives)
        conclusion = conclusion_with_label(rng, variables, connectives, models, entailed)
        if conclusion is not None:
            return premises, models, conclusion
    raise RuntimeError("no premises and conclusion with the asked label")
