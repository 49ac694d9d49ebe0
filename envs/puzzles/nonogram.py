"""Nonogram: shade a grid so each row and column shows its runs of shaded cells."""

from __future__ import annotations

from functools import cache
from typing import Any

from palaestra.envs.puzzles._common import UNIQUE, format_example
from palaestra.envs.puzzles._lines import Clue, LineParams, LinePuzzle
from palaestra.registry import register


@register("puzzles/nonogram-v1")
class Nonogram(LinePuzzle):
    """Nonogram: shade cells so that every row and column shows the runs its clue lists.

    Task: the picture-logic puzzle of Non Ishida and Tetsuya Nishio (1987; also griddlers or
    paint by numbers). Each row and column clue lists, in order, the lengths of the runs of
    consecutive shaded cells in that line, with at least one empty cell between runs; 0
    means the line is empty. Generation: a random picture (each cell shaded with probability
    `density`) and its clues; while MiniSat finds a second picture with the same clues, a
    cell where the two differ is given (it is printed with the clues); the given cells are
    then pruned back to a minimal set while MiniSat proves uniqueness.

    Answer format: the grid inside <answer></answer>, one row per line, ``#`` for a shaded
    cell and ``.`` for an empty one, separated by spaces.

    Knobs: `size` (3..15; larger is harder) and `density` (nearer 0.5 is harder). Levels go
    from 4x4 to 15x15.

    Verification: by the rules: each line's runs must equal its clue and the given cells
    must hold. A line clue is encoded for MiniSat as a choice among the placements of its
    runs. `task.meta["cost"]` records the cells, the given cells and MiniSat's effort.

    Versions: v1, first release.
    """

    levels = {
        1: {"size": 4, "density": 0.6},
        2: {"size": 5, "density": 0.6},
        3: {"size": 6, "density": 0.55},
        4: {"size": 7, "density": 0.55},
        5: {"size": 8, "density": 0.55},
        6: {"size": 10, "density": 0.55},
        7: {"size": 11, "density": 0.5},
        8: {"size": 12, "density": 0.5},
        9: {"size": 13, "density": 0.5},
        10: {"size": 15, "density": 0.5},
    }

    @staticmethod
    def line_clue(bits: tuple[bool, ...]) -> Clue:
        runs, length = [], 0
        for bit in (*bits, False):
            if bit:
                length += 1
            elif length:
                runs.append(length)
                length = 0
        return runs

    def patterns(self, n: int, clue: Clue) -> list[tuple[bool, ...]]:
        return _placements(n, tuple(clue))

    def render(self, data: dict[str, Any], params: LineParams) -> str:
        n = data["size"]

        def shown(clue: list[int] | None) -> str:
            return "?" if clue is None else " ".join(map(str, clue or [0]))

        rows = "\n".join(f"row {i + 1}: {shown(clue)}" for i, clue in enumerate(data["rows"]))
        cols = "\n".join(f"column {i + 1}: {shown(clue)}" for i, clue in enumerate(data["cols"]))
        return (
            f"Solve this {n}x{n} nonogram. Shade cells of the grid so that each row and each "
            "column matches its clue: the clue lists, in order (left to right, top to bottom), "
            "the lengths of the runs of consecutive shaded cells in that line, with at least "
            f"one empty cell between runs; 0 means no shaded cell. {UNIQUE}\n\n"
            f"Row clues:\n{rows}\n\nColumn clues:\n{cols}\n{self.givens_text(data)}\n"
            "Give the grid inside <answer></answer>: one row per line, `#` for a shaded cell "
            "and `.` for an empty one, separated by single spaces. "
            + format_example("# # .\n. . #")
        )


@cache
def _placements(n: int, runs: tuple[int, ...]) -> list[tuple[bool, ...]]:
    """Every line of length n whose runs are `runs`, by placing the first run at each offset."""
    if not runs:
        return [(False,) * n]
    first, rest = runs[0], runs[1:]
    tail = sum(rest) + len(rest)  # the room the later runs need, each after a gap
    lines = []
    for start in range(n - tail - first + 1):
        head = (False,) * start + (True,) * first
        if rest:
            lines += [(*head, False, *line) for line in _placements(n - start - first - 1, rest)]
        else:
            lines.append(head + (False,) * (n - start - first))
    return lines
