"""Convert a propositional formula to conjunctive normal form."""

from __future__ import annotations

from palaestra.envs.logic._propositional import NormalFormConversion
from palaestra.registry import register


@register("logic/cnf-conversion-v1")
class CnfConversion(NormalFormConversion):
    """Rewrite a formula as an equivalent formula in conjunctive normal form (CNF).

    Task: a random formula with →, ↔ and ⊕ over a few variables; give any equivalent
    conjunction of clauses, a clause being a disjunction of literals (the textbook
    conversion that precedes resolution and SAT solving; cf. Tseitin 1968 for the
    equisatisfiable variant, which is not accepted here: no new variables).

    Answer format: a CNF over the given variables such as ``(p ∨ ¬q) ∧ (¬p ∨ r)``; ASCII
    ``~ & |`` works too. A single clause or a single literal is a CNF.

    Knobs: `variables` and `connectives` of the formula; more of each is harder. The cost
    is truth-table rows times connectives.

    Verification: the answer is parsed by a safe recursive-descent parser (length and
    nesting capped), its shape is checked, and its truth table must equal the formula's;
    any equivalent CNF scores 1.0. No partial credit. The reference answer is a small CNF
    from Quine-McCluskey prime implicates.

    Versions: v1, first release.
    """

    outer = "and"
    form = "CNF"
    shape = (
        "A CNF is a conjunction (∧) of clauses, each clause a disjunction (∨) of literals, "
        "a literal being a variable or its negation."
    )
    tags = ("logic", "propositional", "normal-form")
