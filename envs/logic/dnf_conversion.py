"""Convert a propositional formula to disjunctive normal form."""

from __future__ import annotations

from palaestra.envs.logic._propositional import NormalFormConversion
from palaestra.registry import register


@register("logic/dnf-conversion-v1")
class DnfConversion(NormalFormConversion):
    """Rewrite a formula as an equivalent formula in disjunctive normal form (DNF).

    Task: a random formula with →, ↔ and ⊕ over a few variables; give any equivalent
    disjunction of terms, a term being a conjunction of literals: the models of the
    formula grouped into cubes, as in two-level logic minimisation (Quine 1952, McCluskey
    1956), though any DNF is accepted, minimal or not.

    Answer format: a DNF over the given variables such as ``(p ∧ ¬q) ∨ (¬p ∧ r)``; ASCII
    ``~ & |`` works too. A single term or a single literal is a DNF.

    Knobs: `variables` and `connectives` of the formula; more of each is harder. The cost
    is truth-table rows times connectives.

    Verification: the answer is parsed by a safe recursive-descent parser (length and
    nesting capped), its shape is checked, and its truth table must equal the formula's;
    any equivalent DNF scores 1.0. No partial credit. The reference answer is a cover by
    prime implicants.

    Versions: v1, first release.
    """

    outer = "or"
    form = "DNF"
    shape = (
        "A DNF is a disjunction (∨) of terms, each term a conjunction (∧) of literals, "
        "a literal being a variable or its negation."
    )
    tags = ("logic", "propositional", "normal-form")
