"""Program synthesis in C++: a stdin/stdout list-processing program from a spec."""

from __future__ import annotations

from palaestra.envs.code._stdio import StdioSynthesisEnv
from palaestra.registry import register


@register("code/cpp-synthesis-v1")
class CppSynthesis(StdioSynthesisEnv):
    """Write a C++ program that reads an integer list and prints it transformed.

    Task: a numbered list of generated list transformations (filters, affine maps, sorting,
    de-duplication, prefix sums, neighbour differences, windows, clamping) that a
    competitive-programming style program must apply to its input (count, then the values).
    Hidden tests come from the reference pipeline run in the sandbox.

    Answer format: one fenced C++ block with the whole program.

    Knobs: `steps` (pipeline length, more is harder), `size` (longest input list).

    Verification: the program (compiled first for C++, with a compile cache) runs in the
    sandbox once per hidden test; outputs are compared token by token outside the sandbox.

    Versions: v1, first release.
    """

    language = "cpp"
