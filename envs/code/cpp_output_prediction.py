"""Output prediction for generated C++ programs."""

from __future__ import annotations

from palaestra.envs.code._list_output import ListOutputEnv
from palaestra.registry import register


@register("code/cpp-output-prediction-v1")
class CppOutputPrediction(ListOutputEnv):
    """Predict the line a generated C++ program prints.

    Task: CRUXEval-style output prediction in C++: a program builds an integer list and
    applies generated steps (filters, affine maps, sorting, de-duplication, prefix sums,
    neighbour differences, windows, clamping), then prints the list.

    Answer format: the printed numbers separated by spaces, e.g. ``<answer>3 -1 4</answer>``,
    or ``(empty line)``.

    Knobs: `steps` (program length) and `length` (list length); more is harder.

    Verification: the expected output comes from running the program's Python twin (the same
    steps with identical semantics) in the sandbox; tests compile and run samples of both
    languages and compare. Compared token by token.

    Versions: v1, first release.
    """

    language = "cpp"
