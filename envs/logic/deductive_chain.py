"""Forward chaining over a generated rule base: derive the query and name the rules used,
or show a closed set of facts that leaves it out."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import Env
from palaestra.envs.logic._common import ask, block, coin, ladder, retry, unparsable
from palaestra.generators.logic import closure, horn_instance, minimal_proof
from palaestra.generators.vocab import nonce_words, person_names
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError, parse_keyword

_RULE_ID = re.compile(r"r(\d{1,4})", re.IGNORECASE)


class ChainParams(Params):
    depth: int = Field(
        2, ge=1, le=12, description="rules in the planted derivation; more is harder"
    )
    distractors: int = Field(
        2, ge=0, le=40, description="rules not on the derivation; more is harder"
    )
    atoms: int = Field(8, ge=4, le=60, description="properties in play; more is harder")


@register("logic/deductive-chain-v1")
class DeductiveChain(Env):
    """Decide whether a queried fact follows from facts and if-then rules; prove either way.

    Task: a named subject, some properties it has, and numbered rules "R3: if it is A and
    B, then it is C". Does forward chaining derive the queried property? Rule bases are
    generated around a planted derivation, with distractor rules (some blocked by a
    property nothing derives); for half the tasks one fact the derivation needs is left
    out, so the query no longer follows. In the style of ProofWriter / RuleTaker (Clark et
    al. 2020), with generated vocabulary and proofs as certificates.

    Answer format: ``YES: R2, R5, R7`` with the rules of a derivation, none of them
    superfluous; or ``NO: a, b, c`` with a set of properties that contains every fact, is
    closed under every rule (whenever a rule's conditions are in the set, so is its
    conclusion) and leaves out the query. The derived facts, for instance, form such a set.

    Knobs: `depth` of the planted derivation, `distractors` and `atoms`; more of each is
    harder. The cost is the number of rules.

    Verification: YES scores when forward chaining with the listed rules only derives the
    query and dropping any single listed rule breaks that (a minimal proof; any minimal
    proof counts). NO scores when the listed set is a model of the rules and facts that
    makes the query false. So neither side can be guessed. Labels are drawn first with
    equal odds.

    Versions: v1, first release.
    """

    Params = ChainParams
    levels = ladder(
        depth=[1, 2, 2, 3, 3, 4, 5, 6, 7, 8],
        distractors=[2, 2, 3, 4, 5, 6, 8, 10, 12, 16],
        atoms=[6, 7, 8, 9, 10, 12, 14, 16, 18, 22],
    )
    difficulty_cost = "rules"
    tags = ("logic", "deduction", "decision", "certificate")

    def sample(self, rng: np.random.Generator, params: ChainParams) -> tuple[dict[str, Any], None]:
        derivable = coin(rng)

        def draw() -> Any:
            inst = horn_instance(rng, params.atoms, params.depth, params.distractors)
            facts = list(inst.facts)
            if not derivable:
                needed = [
                    f
                    for f in facts
                    if inst.query not in closure([g for g in facts if g != f], inst.rules)
                ]
                if not needed:
                    return None
                facts.remove(needed[int(rng.integers(len(needed)))])
            if (inst.query in closure(facts, inst.rules)) != derivable:
                return None
            return inst, facts

        inst, facts = retry(draw)
        words = nonce_words(rng, params.atoms)
        data = {
            "subject": person_names(rng, 1)[0],
            "properties": words,
            "rules": [[premises, head] for premises, head in inst.rules],
            "facts": facts,
            "query": inst.query,
            "label": derivable,
            "proof": minimal_proof(facts, inst.rules, inst.query, inst.proof) if derivable else [],
        }
        return data, None

    def render(self, data: dict[str, Any], params: ChainParams) -> str:
        words, who = data["properties"], data["subject"]
        facts = " ".join(f"{who} is {words[f]}." for f in data["facts"])
        rules = "\n".join(
            f"R{i}: If something is {' and '.join(words[p] for p in premises)}, "
            f"then it is {words[head]}."
            for i, (premises, head) in enumerate(data["rules"], start=1)
        )
        body = (
            f"Facts: {facts}\n\nRules:\n{rules}\n\nUsing only these facts and rules, can you "
            f"conclude that {who} is {words[data['query']]}?"
        )
        return ask(
            body,
            "If yes, answer YES followed by the rules of a derivation, with no rule that could "
            "be left out, in the form YES: R<i>, R<j>, ... If no, answer NO followed by the "
            "properties of a set that contains every fact, contains the conclusion of every "
            f"rule whose conditions it contains, and does not contain {words[data['query']]}, "
            "in the form NO: <property>, <property>, ...",
        )

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {
            "rules": len(data["rules"]),
            "facts": len(data["facts"]),
            "proof": len(data["proof"]),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        data = task.data
        rules = [(premises, head) for premises, head in data["rules"]]
        try:
            word, rest = parse_keyword(answer, {"yes": "yes", "no": "no"})
            if word == "yes":
                used = self._rule_ids(rest, len(rules))
            else:
                model = self._properties(rest, data["properties"])
        except AnswerFormatError as exc:
            return unparsable(exc)
        if (word == "yes") != data["label"]:
            return Verdict.fail("wrong", f"{word.upper()} is not the right verdict.")
        if word == "yes":
            if data["query"] not in closure(data["facts"], rules, used):
                return Verdict.fail("wrong", "Those rules do not derive the conclusion.")
            for rule in used:
                if data["query"] in closure(data["facts"], rules, used - {rule}):
                    return Verdict.fail(
                        "wrong", f"R{rule + 1} is not needed: the proof must be minimal."
                    )
            return Verdict.right()
        missing = [f for f in data["facts"] if f not in model]
        if missing:
            return Verdict.fail("wrong", "The set must contain every fact.")
        for index, (premises, head) in enumerate(rules, start=1):
            if all(p in model for p in premises) and head not in model:
                return Verdict.fail("wrong", f"The set is not closed under R{index}.")
        if data["query"] in model:
            return Verdict.fail("wrong", "The set must leave out the queried property.")
        return Verdict.right()

    @staticmethod
    def _rule_ids(text: str, count: int) -> set[int]:
        if re.search(r"[^\sRr0-9,;.\[\]]", text):
            raise AnswerFormatError("list rule ids like R2, R5")
        ids = [int(m) for m in _RULE_ID.findall(text)]
        if not ids or re.search(r"\d", _RULE_ID.sub(" ", text)):
            raise AnswerFormatError("list rule ids like R2, R5")
        if len(set(ids)) != len(ids):
            raise AnswerFormatError("a rule is listed twice")
        if any(not 1 <= i <= count for i in ids):
            raise AnswerFormatError(f"rules are numbered R1 to R{count}")
        return {i - 1 for i in ids}

    @staticmethod
    def _properties(text: str, words: list[str]) -> set[int]:
        index = {w: i for i, w in enumerate(words)}
        tokens = re.findall(r"[A-Za-z]+", text)
        if re.search(r"[^\sA-Za-z,;.\[\]{}\"']", text):
            raise AnswerFormatError("list properties separated by commas")
        unknown = [t for t in tokens if t.lower() not in index]
        if unknown:
            raise AnswerFormatError(f"{unknown[0][:20]!r} is not one of the properties")
        return {index[t.lower()] for t in tokens}

    def reference_answer(self, task: Task) -> str:
        data = task.data
        if data["label"]:
            return "YES: " + ", ".join(f"R{i + 1}" for i in sorted(data["proof"]))
        rules = [(p, h) for p, h in data["rules"]]
        derived = sorted(closure(data["facts"], rules))
        return "NO: " + ", ".join(data["properties"][a] for a in derived)

    def wrong_answers(self, task: Task) -> list[str]:
        everything = ", ".join(f"R{i}" for i in range(1, len(task.data["rules"]) + 1))
        every_word = ", ".join(task.data["properties"])
        wrong = [block("YES"), block("NO"), block(f"NO: {every_word}")]
        if task.data["label"]:
            return [*wrong, block("NO: " + task.data["properties"][task.data["facts"][0]])]
        return [*wrong, block(f"YES: {everything}")]
