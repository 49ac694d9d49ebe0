"""Kakurasu: shade cells so each row and column sums the positions of its shaded cells."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import Field

from palaestra.envs.puzzles._common import UNIQUE, format_example
from palaestra.envs.puzzles._lines import Clue, LineParams, LinePuzzle
from palaestra.registry import register


class KakurasuParams(LineParams):
    size: int = Field(6, ge=3, le=10, description="side of the grid; larger is harder")


@register("puzzles/kakurasu-v1")
class Kakurasu(LinePuzzle):
    """Kakurasu: shade cells so each line's clue is the sum of its shaded cells' positions.

    Task: the Japanese "hidden sum" puzzle. In an n x n grid, a shaded cell in column j
    (1-based) counts j toward its row's clue, and a shaded cell in row i counts i toward its
    column's clue; every row and column sum must equal its clue. Generation: a random picture
    (density `density`) and its sums; while MiniSat finds a second shading with the same sums, a
    cell where the two differ is given, and the given cells are then pruned back to a minimal
    set while MiniSat proves uniqueness.

    Answer format: the grid inside <answer></answer>, one row per line, ``#`` for a shaded cell
    and ``.`` for an empty one, separated by spaces.

    Knobs: `size` (3..10; larger is harder) and `density` (nearer 0.5 is harder). Levels go from
    4x4 to 9x9.

    Verification: by the rules: each row and column sum and the given cells. A sum is encoded
    for MiniSat as a choice among the subsets of positions with that sum. `task.meta["cost"]`
    records the cells, the given cells and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = KakurasuParams
    levels = {
        1: {"size": 4, "density": 0.5},
        2: {"size": 5, "density": 0.5},
        3: {"size": 5, "density": 0.4},
        4: {"size": 6, "density": 0.5},
        5: {"size": 6, "density": 0.4},
        6: {"size": 7, "density": 0.5},
        7: {"size": 7, "density": 0.4},
        8: {"size": 8, "density": 0.5},
        9: {"size": 8, "density": 0.4},
        10: {"size": 9, "density": 0.5},
    }

    @staticmethod
    def line_clue(bits: tuple[bool, ...]) -> Clue:
        return sum(position for position, bit in enumerate(bits, start=1) if bit)

    def patterns(self, n: int, clue: Clue) -> list[tuple[bool, ...]]:
        return _subsets(n, clue)

    def render(self, data: dict[str, Any], params: KakurasuParams) -> str:
        n = data["size"]

        def shown(clue: int | None) -> str:
            return "?" if clue is None else str(clue)

        header = "      " + " ".join(f"{c:>2}" for c in range(1, n + 1)) + "   sum"
        lines = [header]
        for r in range(n):
            lines.append(
                f"{r + 1:>3}   " + " ".join(" ." for _ in range(n)) + f"   {shown(data['rows'][r])}"
            )
        lines.append("sum   " + " ".join(f"{shown(v):>2}" for v in data["cols"]))
        return (
            f"Solve this {n}x{n} kakurasu. Shade some cells. A shaded cell in column j counts j "
            "toward the sum of its row, and a shaded cell in row i counts i toward the sum of "
            "its column (positions are numbered from 1 at the top and at the left). Every row "
            "and every column must add up exactly to the sum written at its end. "
            f"{UNIQUE}\n\n" + "\n".join(lines) + f"\n{self.givens_text(data)}\n"
            "Give the grid inside <answer></answer>: one row per line, `#` for a shaded cell "
            "and `.` for an empty one, separated by single spaces. "
            + format_example("# # .\n. . #")
        )


@cache
def _subsets(n: int, total: int) -> list[tuple[bool, ...]]:
    """Every line of length n whose shaded positions (1-based) add up to `total`."""
    if n == 0:
        return [()] if total == 0 else []
    lines = [(*line, False) for line in _subsets(n - 1, total)]
    if total >= n:
        lines += [(*line, True) for line in _subsets(n - 1, total - n)]
    return lines
