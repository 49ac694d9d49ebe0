"""Reading grid answers and checking latin-square and sudoku rules.

`parse_grid` turns a model's text grid into rows of integers; `first_rule_violation` names
the first row, column or box that repeats a value. Both are linear in their input and raise
nothing but `GridParseError` (a parse failure the caller turns into a verdict).
"""

from __future__ import annotations

import re

_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(" \t,|")  # between cells of a row
_RULE_CHARS = frozenset("-+=|:_ \t")  # lines made only of these draw box borders


class GridParseError(ValueError):
    """A text that is not a grid of the expected shape; the message is model feedback."""


def parse_grid(
    text: str, rows: int, cols: int, *, max_value: int, blank: str = ""
) -> list[list[int]]:
    """Reads a grid written one row per line into `rows` lists of `cols` integers.

    Rows are lines, or bracketed groups (``[[1, 2], [3, 4]]``; see `grid_lines`). Cells are
    separated by spaces, tabs, commas or ``|``, or not separated at all when every
    value has one digit (``max_value <= 9``: then ``123 456 789`` is nine cells). Lines made
    only of ``-``, ``+``, ``=``, ``|``, ``:`` and ``_`` (box borders) and empty lines are
    skipped. Each character of `blank` stands for an empty cell and reads as 0. Values are
    not range-checked beyond their number of digits; the caller judges them.
    """
    one_digit = max_value <= 9
    width = len(str(max_value))
    grid: list[list[int]] = []
    for line in grid_lines(text):
        if len(grid) == rows:
            raise GridParseError(f"expected {rows} rows, got more")
        row = _parse_row(line, one_digit, width, blank, len(grid) + 1)
        if len(row) != cols:
            raise GridParseError(f"row {len(grid) + 1} has {len(row)} cells; expected {cols}")
        grid.append(row)
    if len(grid) != rows:
        raise GridParseError(f"expected {rows} rows, got {len(grid)}")
    return grid


_DROP_SEPARATORS = str.maketrans(dict.fromkeys(" \t,|"))
_DROP_DIGITS_AND_SEPARATORS = str.maketrans(dict.fromkeys("0123456789 \t,|"))


def _parse_row(line: str, one_digit: bool, width: int, blank: str, number: int) -> list[int]:
    if one_digit:
        # fast path (C-level translate): a row of digits and separators only; each digit is
        # a cell, exactly as in the loop below
        stripped = line.strip()
        if not stripped.translate(_DROP_DIGITS_AND_SEPARATORS):
            return list(map(int, stripped.translate(_DROP_SEPARATORS)))
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


# ------------------------------------------------------------------ rows, symbols and tokens
_INNER_GROUP = re.compile(r"[\[(]([^\[\]()]*)[\])]")
_OUTSIDE_GROUPS = frozenset(" \t\r\n,;[]()")
_TOKEN_SEPARATORS = re.compile(r"[\s,|;]+")
_QUOTES = "'\"`"


def grid_lines(text: str) -> list[str]:
    """The texts of a grid's rows: each innermost bracketed group when the text uses
    brackets (``[[1, 2], [3, 4]]`` or ``(1 2)(3 4)``), otherwise each line that is neither
    empty nor a border drawn with ``-+=|:_``. Quotes around cells are dropped. Raises
    GridParseError when text stands outside the brackets."""
    if "[" in text or "(" in text:
        groups = _INNER_GROUP.findall(text)
        outside = _INNER_GROUP.sub(" ", text)
        stray = next((ch for ch in outside if ch not in _OUTSIDE_GROUPS), None)
        if stray is not None:
            shown = stray if stray.isprintable() else f"U+{ord(stray):04X}"
            raise GridParseError(f"{shown!r} stands outside the bracketed rows")
        lines = [g for g in groups if g.strip(" \t,")]
    else:
        lines = [
            line
            for line in text.splitlines()
            if line.strip() and not all(ch in _RULE_CHARS for ch in line)
        ]
    return [line.translate({ord(q): " " for q in _QUOTES}) for line in lines]


def parse_symbol_grid(
    text: str, rows: int, cols: int, symbols: str, *, aliases: dict[str, str] | None = None
) -> list[list[str]]:
    """Reads a grid of one-character cells from `symbols` into `rows` lists of `cols` strings.

    Rows as in `grid_lines`; within a row, spaces, tabs, commas and ``|`` between cells are
    optional. `aliases` maps other characters onto symbols (say ``"■": "#"``); any other
    character is an error naming it.
    """
    aliases = aliases or {}
    grid: list[list[str]] = []
    for line in grid_lines(text):
        if len(grid) == rows:
            raise GridParseError(f"expected {rows} rows, got more")
        row = []
        for ch in line:
            if ch in " \t,|":
                continue
            ch = aliases.get(ch, ch)
            if ch not in symbols:
                shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
                allowed = " ".join(symbols)
                raise GridParseError(
                    f"row {len(grid) + 1} contains {shown!r}; cells are one of: {allowed}"
                )
            row.append(ch)
        if len(row) != cols:
            raise GridParseError(f"row {len(grid) + 1} has {len(row)} cells; expected {cols}")
        grid.append(row)
    if len(grid) != rows:
        raise GridParseError(f"expected {rows} rows, got {len(grid)}")
    return grid


def parse_token_grid(
    text: str, rows: int, cols: int, token: re.Pattern[str], what: str = "cell"
) -> list[list[str]]:
    """Reads a grid of cells that are whole tokens (labels, numbers) matching `token`.

    Rows as in `grid_lines`; cells are separated by spaces, tabs, commas, ``|`` or ``;``.
    """
    grid: list[list[str]] = []
    for line in grid_lines(text):
        if len(grid) == rows:
            raise GridParseError(f"expected {rows} rows, got more")
        row = [cell for cell in _TOKEN_SEPARATORS.split(line) if cell]
        if len(row) != cols:
            raise GridParseError(f"row {len(grid) + 1} has {len(row)} cells; expected {cols}")
        for cell in row:
            if not token.fullmatch(cell):
                shown = cell[:12] if cell.isprintable() else ascii(cell[:12])
                raise GridParseError(f"row {len(grid) + 1} has {shown!r}, which is not a {what}")
        grid.append(row)
    if len(grid) != rows:
        raise GridParseError(f"expected {rows} rows, got {len(grid)}")
    return grid
