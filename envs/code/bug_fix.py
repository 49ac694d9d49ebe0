"""Fix the injected bug in a function: one failing test is shown, hidden tests decide."""

from __future__ import annotations

from typing import Any

import numpy as np

from palaestra.envs.code._common import CodeEnv, call_reference, check_function, code_format
from palaestra.envs.code._repair import REPAIR_LEVELS, RepairParams, body_lines, reference_task
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.tools.sandbox import values_equal

MUTATIONS = (
    ("<=", "<"),
    (" < ", " <= "),
    (">=", ">"),
    (" > ", " >= "),
    ("+ 1", "- 1"),
    ("- 1", "+ 1"),
    ("max(", "min("),
    ("min(", "max("),
    ("==", "!="),
    ("!=", "=="),
    (" and ", " or "),
    ("[::-1]", ""),
    ("range(1, ", "range(0, "),
    ("+= ", "-= "),
    ("[0]", "[-1]"),
    ("% ", "// "),
    ("reverse=True", "reverse=False"),
    ("1 - ", ""),
    ("return False", "return True"),
)


def inject_bug(rng: np.random.Generator, source: str) -> str | None:
    """The source with one operator or constant changed in the function body, or None."""
    lines = source.split("\n")
    sites = [(i, old, new) for i in body_lines(source) for old, new in MUTATIONS if old in lines[i]]
    if not sites:
        return None
    index, old, new = sites[int(rng.integers(len(sites)))]
    lines[index] = lines[index].replace(old, new, 1)
    return "\n".join(lines)


@register("code/bug-fix-v1")
class BugFix(CodeEnv):
    """Repair a Python function with one injected bug; one failing test is shown.

    Task: program repair in the style of QuixBugs and SWE-style unit-test repair: a generated
    spec, its reference implementation with one operator or constant mutated, and one test the
    buggy version fails (its input, expected value and actual outcome). Mutants are kept only
    when some hidden test catches them.

    Answer format: one fenced Python block with the corrected function.

    Knobs: `families` (which task families are drawn), `steps` (pipeline length) and `size`
    (hidden test size); more is harder.

    Verification: the function runs on every hidden test in the sandbox and its return values
    are compared outside.

    Versions: v1, first release.
    """

    Params = RepairParams
    levels = REPAIR_LEVELS
    difficulty_cost = "size"

    def sample(self, rng: np.random.Generator, params: Any) -> tuple[dict[str, Any], None]:
        for _ in range(30):
            data = reference_task(rng, params)
            buggy = inject_bug(rng, data["reference"])
            if buggy is None:
                continue
            outcomes = call_reference(buggy, data["function"], data["inputs"])
            failing = [
                i
                for i, (o, e) in enumerate(zip(outcomes, data["expected"], strict=True))
                if o[0] != "ok" or not values_equal(o[1], e)
            ]
            if failing:
                shown = failing[-1]
                got = outcomes[shown]
                data["buggy"] = buggy
                data["shown"] = [
                    data["inputs"][shown],
                    data["expected"][shown],
                    f"returns {got[1]!r}" if got[0] == "ok" else f"raises {got[1]}",
                ]
                return data, None
        raise RuntimeError("no catchable bug found")  # does not happen in practice

    def render(self, data: dict[str, Any], params: Any) -> str:
        args, expected, got = data["shown"]
        call = ", ".join(repr(a) for a in args)
        return (
            f"This function should do the following: {data['spec']}\n\n"
            f"```python\n{data['buggy'].rstrip()}\n```\n\nIt has one bug. For example, "
            f"{data['function']}({call}) should return {expected!r} but {got}.\n"
            "Fix it; hidden tests decide.\n" + code_format("python", "the corrected function")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        return check_function(task, answer)

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"size": params.size, "tests": len(data["inputs"]), "family": data["family"]}

    def wrong_answers(self, task: Task) -> list[str]:
        return [f"<answer>\n```python\n{task.data['buggy']}\n```\n</answer>"]
