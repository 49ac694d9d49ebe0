"""Circuit-SAT: inputs that make a generated boolean circuit output 1."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from palaestra.env import ANSWER_FORMAT, Env
from palaestra.envs.sat._common import assignment_format, block, failing_constants, invalid
from palaestra.generators.cnf import circuit_clauses, random_assignment, random_circuit
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register
from palaestra.verifiers.parsing import AnswerFormatError
from palaestra.verifiers.sat import effort, evaluate_circuit, format_assignment, parse_assignment


class CircuitSatParams(Params):
    inputs: int = Field(6, ge=2, le=40, description="input variables; more is harder")
    gates_per_check: int = Field(
        3, ge=1, le=20, description="gates in each sub-circuit; more is harder"
    )
    checks: int = Field(
        3, ge=1, le=12, description="sub-circuits joined by AND at the output; more is harder"
    )


@register("sat/circuit-sat-v1")
class CircuitSat(Env):
    """Circuit-SAT: find inputs for which a generated boolean circuit outputs 1.

    Task: a circuit of AND, OR, XOR, NAND, NOR and NOT gates given gate by gate, each gate
    reading inputs or earlier gates, and the last gate the output. It is built from
    `checks` random sub-circuits, each made true by a hidden planted input (a NOT is put on
    top of one that is false) and redrawn when it accepts more than half of random inputs,
    joined by a chain of AND gates, so a satisfying input exists and a random one works
    with chance about 2**-checks or less. Circuit satisfiability is the problem Cook's
    theorem reduces everything else to; solvers take it through the Tseitin encoding
    (Tseitin 1968).

    Answer format: every input once as a signed integer (``i`` means xi = 1, ``-i`` means
    xi = 0), e.g. ``<answer>1 -2 3</answer>``.

    Knobs: `inputs`, `gates_per_check` and `checks` (all: more is harder). Levels go from
    3 inputs and 2 checks of 2 gates to 20 inputs and 7 checks of 6 gates.

    Verification: the circuit is evaluated on the given inputs; any input that makes the
    output 1 scores 1.0. `task.meta["cost"]` records the number of gates and MiniSat's
    effort on the Tseitin encoding.

    Versions: v1, first release.
    """

    Params = CircuitSatParams
    levels = {
        1: {"inputs": 3, "gates_per_check": 2, "checks": 2},
        2: {"inputs": 4, "gates_per_check": 2, "checks": 3},
        3: {"inputs": 5, "gates_per_check": 3, "checks": 3},
        4: {"inputs": 6, "gates_per_check": 3, "checks": 4},
        5: {"inputs": 8, "gates_per_check": 4, "checks": 4},
        6: {"inputs": 10, "gates_per_check": 4, "checks": 5},
        7: {"inputs": 12, "gates_per_check": 5, "checks": 5},
        8: {"inputs": 14, "gates_per_check": 5, "checks": 6},
        9: {"inputs": 17, "gates_per_check": 6, "checks": 6},
        10: {"inputs": 20, "gates_per_check": 6, "checks": 7},
    }
    difficulty_cost = "gates"
    tags = ("sat", "circuit", "certificate")

    def sample(
        self, rng: np.random.Generator, params: CircuitSatParams
    ) -> tuple[dict[str, Any], None]:
        planted = random_assignment(rng, params.inputs)
        gates = random_circuit(rng, params.inputs, params.gates_per_check, params.checks, planted)
        data = {"inputs": params.inputs, "gates": [[op, args] for op, args in gates]}
        return {**data, "planted": planted}, None

    def render(self, data: dict[str, Any], params: CircuitSatParams) -> str:
        n = data["inputs"]

        def signal(number: int) -> str:
            return f"x{number}" if number <= n else f"g{number - n}"

        lines = [
            f"g{i} = {op} {', '.join(signal(a) for a in args)}"
            if op == "NOT"
            else f"g{i} = {signal(args[0])} {op} {signal(args[1])}"
            for i, (op, args) in enumerate(data["gates"], start=1)
        ]
        return (
            f"A boolean circuit has inputs x1..x{n}, each 0 or 1, and these gates, computed "
            "in order (NAND and NOR are the negations of AND and OR; XOR is 1 when exactly one "
            "input is 1):\n\n" + "\n".join(lines) + "\n\n"
            f"The output is g{len(lines)}. Find inputs that make the output 1. "
            f"{assignment_format('input', binary=True)} {ANSWER_FORMAT}"
        )

    def cost(self, data: dict[str, Any], params: CircuitSatParams) -> dict[str, Any]:
        gates = data["gates"]
        clauses = circuit_clauses(params.inputs, gates)
        return {
            "gates": len(gates),
            "inputs": params.inputs,
            **effort(clauses, params.inputs + len(gates)),
        }

    def check(self, task: Task, answer: str) -> Verdict:
        try:
            values = parse_assignment(answer, task.data["inputs"])
        except AnswerFormatError as exc:
            return invalid(exc, "input assignment")
        if not evaluate_circuit(task.data["inputs"], task.data["gates"], values):
            return Verdict.fail("wrong", "The circuit outputs 0 on these inputs.")
        return Verdict.right()

    def reference_answer(self, task: Task) -> str:
        return format_assignment(task.data["planted"])

    def wrong_answers(self, task: Task) -> list[str]:
        n, gates = task.data["inputs"], task.data["gates"]
        return [
            block(format_assignment(task.data["planted"][:-1])),
            *failing_constants(n, lambda values: not evaluate_circuit(n, gates, values)),
        ]
