"""Categorical syllogisms and sorites over generated terms: does the conclusion follow?"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.envs.logic._common import ExactEnv, ask, block, coin, ladder, retry
from palaestra.generators.vocab import nonce_words
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.logic import categorical_entails
from palaestra.verifiers.parsing import AnswerFormatError

FORMS = ("A", "E", "I", "O")


def statement_text(statement: list[Any], terms: list[str]) -> str:
    form, s, p = statement
    subject, predicate = terms[s], terms[p]
    return {
        "A": f"All {subject} are {predicate}.",
        "E": f"No {subject} are {predicate}.",
        "I": f"Some {subject} are {predicate}.",
        "O": f"Some {subject} are not {predicate}.",
    }[form]


def plural(word: str) -> str:
    return word + ("es" if word.endswith(("s", "x", "sh", "ch", "th")) else "s")


class SyllogismParams(Params):
    premises: int = Field(2, ge=2, le=7, description="premises in the chain; more is harder")


@register("logic/syllogism-v1")
class Syllogism(ExactEnv):
    """Decide whether a categorical conclusion follows from a chain of premises.

    Task: premises of the four Aristotelian forms (All/No/Some/Some-not S are P) linking
    generated terms in a chain, and a conclusion about the first and last terms; every
    term is stated to have members (existential import, so all 24 traditional valid
    moods hold). Two premises make a classical syllogism, more make a sorites (Lewis
    Carroll's *Symbolic Logic*, 1896). Nonsense terms keep belief bias out (cf. the
    content effects of Evans et al. 1983).

    Answer format: ``YES`` or ``NO``.

    Knobs: `premises` (more is harder). The cost is the number of Venn regions the
    premises speak about (2**terms).

    Verification: MiniSat decides entailment over the Venn regions (premises and the
    denied conclusion unsatisfiable); exact comparison. Labels are drawn first with equal
    odds; the measured balance is reported in the release note.

    Versions: v1, first release.
    """

    Params = SyllogismParams
    levels = ladder(premises=[2, 2, 2, 3, 3, 4, 4, 5, 6, 7])
    difficulty_cost = "regions"
    tags = ("logic", "syllogism", "decision")
    wrong_feedback = "That is not the right verdict."

    def sample(
        self, rng: np.random.Generator, params: SyllogismParams
    ) -> tuple[dict[str, Any], str]:
        follows = coin(rng)
        n = params.premises + 1

        def statement(a: int, b: int, favour_all: bool) -> list[Any]:
            weights = [0.55, 0.15, 0.15, 0.15] if favour_all else [0.25] * 4
            form = FORMS[int(rng.choice(4, p=weights))]
            pair = [a, b] if rng.random() < 0.5 or (form == "A" and favour_all) else [b, a]
            return [form, *pair]

        def draw() -> Any:
            # A chain T0 - T1 - ... - Tn-1, shown in a random order.
            premises = [statement(i, i + 1, follows) for i in range(n - 1)]
            conclusion = statement(0, n - 1, False)
            if categorical_entails(n, premises, conclusion)[0] != follows:
                return None
            return premises, conclusion

        premises, conclusion = retry(draw, 2000)
        order = [premises[int(i)] for i in rng.permutation(len(premises))]
        terms = [plural(w) for w in nonce_words(rng, n)]
        data = {"terms": terms, "premises": order, "conclusion": conclusion}
        return data, "YES" if follows else "NO"

    def render(self, data: dict[str, Any], params: SyllogismParams) -> str:
        terms = data["terms"]
        premises = "\n".join(statement_text(p, terms) for p in data["premises"])
        body = (
            f"Assume that there is at least one of each of these: {', '.join(terms)}.\n\n"
            f"Premises:\n{premises}\n\nConclusion: {statement_text(data['conclusion'], terms)}"
            "\n\nDoes the conclusion necessarily follow from the premises?"
        )
        return ask(body, "Answer YES or NO.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        n = len(data["terms"])
        _, stats = categorical_entails(n, data["premises"], data["conclusion"])
        return {"regions": 1 << n, "premises": len(data["premises"]), **stats}

    def normalize(self, text: str, task: Task) -> str:
        word = text.strip().strip(".!").upper()
        if word not in ("YES", "NO"):
            raise AnswerFormatError("answer YES or NO, nothing else")
        return word

    def wrong_answers(self, task: Task) -> list[str]:
        return [block("NO" if task.answer == "YES" else "YES"), block("YES or NO")]
