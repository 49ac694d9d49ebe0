"""Boolean circuit evaluation: the values of a circuit's outputs on given inputs."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.logic._common import ExactEnv, ask, block, ladder
from palaestra.generators.cnf import GATES
from palaestra.params import Params
from palaestra.records import Task
from palaestra.registry import register
from palaestra.verifiers.logic import parse_assignment_text
from palaestra.verifiers.sat import gate_value


class CircuitParams(Params):
    inputs: int = Field(3, ge=2, le=16, description="input wires; more is harder")
    gates: int = Field(4, ge=2, le=60, description="gates; more is harder")
    outputs: int = Field(2, ge=1, le=8, description="gates whose values are asked; more is harder")

    @model_validator(mode="after")
    def _fits(self) -> CircuitParams:
        if self.outputs > self.gates:
            raise ValueError(f"outputs={self.outputs} cannot exceed gates={self.gates}")
        return self


@register("logic/circuit-eval-v1")
class CircuitEval(ExactEnv):
    """Evaluate a boolean circuit of AND, OR, XOR, NAND, NOR and NOT gates.

    Task: input wires x1..xn with given values and gates g1..gm, each reading inputs or
    earlier gates (a random DAG, deeper gates preferring recent signals); give the values
    of the asked gates. The circuit value problem, the canonical P-complete problem
    (Ladner 1975). Several outputs are asked at once so a guess rarely scores.

    Answer format: every asked gate with its value, e.g. ``g5=1, g7=0``.

    Knobs: `inputs`, `gates` and `outputs`; more of each is harder. The cost is the
    number of gates.

    Verification: exact comparison of every asked value, computed with the gate
    semantics of `palaestra.verifiers.sat`. No partial credit.

    Versions: v1, first release.
    """

    Params = CircuitParams
    levels = ladder(
        inputs=[2, 3, 3, 4, 4, 5, 6, 6, 8, 10],
        gates=[3, 4, 6, 8, 10, 13, 16, 20, 26, 34],
        outputs=[2, 2, 2, 3, 3, 3, 4, 4, 5, 6],
    )
    difficulty_cost = "gates"
    tags = ("logic", "circuit", "simulation")
    wrong_feedback = "At least one gate value is wrong."

    def sample(self, rng: np.random.Generator, params: CircuitParams) -> tuple[dict[str, Any], str]:
        n = params.inputs
        values = [bool(v) for v in rng.integers(0, 2, size=n)]
        gates: list[list[Any]] = []
        for index in range(params.gates):
            op = GATES[int(rng.integers(len(GATES)))]
            signals = n + index  # signals 0..n-1 are inputs, then gates
            recent = range(max(0, signals - 4), signals)
            pool = sorted({*recent, *(int(i) for i in rng.integers(0, signals, size=2))})
            count = 1 if op == "NOT" else 2
            chosen = sorted(int(s) for s in rng.choice(pool, size=count, replace=False))
            gates.append([op, chosen])
            values.append(bool(gate_value(op, [values[s] for s in chosen])))
        earlier = rng.choice(params.gates - 1, size=params.outputs - 1, replace=False)
        asked = sorted({*(int(i) for i in earlier), params.gates - 1})  # the last is asked
        data = {"inputs": [int(v) for v in values[:n]], "gates": gates, "asked": asked}
        answer = ", ".join(f"g{i + 1}={int(values[n + i])}" for i in asked)
        return data, answer

    def render(self, data: dict[str, Any], params: CircuitParams) -> str:
        n = len(data["inputs"])

        def signal(s: int) -> str:
            return f"x{s + 1}" if s < n else f"g{s - n + 1}"

        inputs = ", ".join(f"x{i + 1}={v}" for i, v in enumerate(data["inputs"]))
        gates = "\n".join(
            f"g{i + 1} = {op}({', '.join(signal(s) for s in args)})"
            for i, (op, args) in enumerate(data["gates"])
        )
        asked = ", ".join(f"g{i + 1}" for i in data["asked"])
        body = (
            "A boolean circuit (1 = true, 0 = false; NAND and NOR are the negated AND and OR, "
            f"XOR is exclusive or).\n\nInputs: {inputs}\n\nGates:\n{gates}\n\nWhat are the "
            f"values of {asked}?"
        )
        form = ", ".join(f"g{i + 1}=<0 or 1>" for i in data["asked"])
        return ask(body, f"Give each asked gate with its value, in the form {form}.")

    def cost(self, data: dict[str, Any], params: Any) -> dict[str, Any]:
        return {"gates": len(data["gates"]), "asked": len(data["asked"])}

    def normalize(self, text: str, task: Task) -> str:
        names = [f"g{i + 1}" for i in task.data["asked"]]
        values = parse_assignment_text(text, names)
        return ", ".join(f"{name}={int(values[name])}" for name in names)

    def wrong_answers(self, task: Task) -> list[str]:
        answer = task.answer or ""
        flipped = answer[:-1] + ("0" if answer.endswith("1") else "1")
        wrong = [block(flipped)]
        return [*wrong, block(answer.rsplit(",", 1)[0])] if "," in answer else wrong
