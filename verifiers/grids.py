"""Reading grid answers and checking latin-square and sudoku rules.

`parse_grid` turns a model's text grid into rows of integers; `first_rule_violation` names
the first row, column or box that repeats a value. Both are linear in their input and raise
nothing but `GridParseError` (a parse failure the caller turns into a verdict).
"""

from __future__ import annotations

_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(" \t,|")  # between cells of a row
_RULE_CHARS = frozenset("-+=|:_ \t")  # lines made only of these draw box borders


class GridParseError(ValueError):
    """A text that is not a grid of the expected shape; the message is model feedback."""


def parse_grid(
    text: str, rows: int, cols: int, *, max_value: int, blank: str = ""
) -> list[list[int]]:
    """Reads a grid written one row per line into `rows` lists of `cols` integers.

    Cells are separated by spaces, tabs, commas or ``|``, or not separated at all when every
    value has one digit (``max_value <= 9``: then ``123 456 789`` is nine cells). Lines made
    only of ``-``, ``+``, ``=``, ``|``, ``:`` and ``_`` (box borders) and empty lines are
    skipped. Each character of `blank` stands for an empty cell and reads as 0. Values are
    not range-checked beyond their number of digits; the caller judges them.
    """
    one_digit = max_value <= 9
    width = len(str(max_value))
    grid: list[list[int]] = []
    for line in text.splitlines():
        if not line.strip() or all(ch in _RULE_CHARS for ch in line):
            continue
        if len(grid) == rows:
            raise GridParseError(f"expected {rows} rows, got more")
        row = _parse_row(line, one_digit, width, blank, len(grid) + 1)
        if len(row) != cols:
            raise GridParseError(f"row {len(grid) + 1} has {len(row)} cells; expected {cols}")
        grid.append(row)
    if len(grid) != rows:
        raise GridParseError(f"expected {rows} rows, got {len(grid)}")
    return grid


def _parse_row(line: str, one_digit: bool, width: int, blank: str, number: int) -> list[int]:
    cells: list[int] = []
    token = ""
    for ch in line.strip() + " ":
        if ch in _DIGITS:
            if one_digit:
                cells.append(int(ch))
            elif len(token) < width:
                token += ch
            else:
                raise GridParseError(f"row {number} holds a number longer than {width} digits")
        elif ch in _SEPARATORS or ch in blank:
            if token:
                cells.append(int(token))
                token = ""
            if ch in blank:
                cells.append(0)
        else:
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise GridParseError(f"row {number} contains {shown!r}, which is not a digit")
    return cells


def first_rule_violation(
    grid: list[list[int]], box_rows: int | None = None, box_cols: int | None = None
) -> str | None:
    """Names the first row, column or box (when box dimensions are given) that repeats a value.

    `grid` is n x n with values already known to be in 1..n. Returns None when every row,
    column and box holds distinct values, which for such a grid means each holds 1..n once.
    """
    n = len(grid)
    for r in range(n):
        repeated = _repeated([grid[r][c] for c in range(n)])
        if repeated is not None:
            return f"row {r + 1} contains {repeated} more than once"
    for c in range(n):
        repeated = _repeated([grid[r][c] for r in range(n)])
        if repeated is not None:
            return f"column {c + 1} contains {repeated} more than once"
    if not box_rows or not box_cols:
        return None
    for top in range(0, n, box_rows):
        for left in range(0, n, box_cols):
            cells = [grid[top + dr][left + dc] for dr in range(box_rows) for dc in range(box_cols)]
            repeated = _repeated(cells)
            if repeated is not None:
                return (
                    f"the box of rows {top + 1}-{top + box_rows} and columns "
                    f"{left + 1}-{left + box_cols} contains {repeated} more than once"
                )
    return None


def _repeated(values: list[int]) -> int | None:
    seen: set[int] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def format_grid(grid: list[list[int]], blank: str = ".") -> str:
    """Rows on lines, cells separated by single spaces, 0 written as `blank`."""
    return "\n".join(" ".join(str(v) if v else blank for v in row) for row in grid)
