"""Checking certificates of combinatorial problems: covers, groupings, schedules, queens.

Parsers read 1-based item numbers and raise only `AnswerFormatError`; checkers take parsed
answers and return a sentence naming the first broken rule, or None when the certificate
holds, in time linear (or n log n) in the instance and the answer. `knapsack_best`, the
exact dynamic programme that proves knapsack optima, runs at generation only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from palaestra.verifiers.parsing import AnswerFormatError, parse_int_list


def parse_index_set(text: str, count: int, what: str) -> list[int]:
    """Distinct item numbers in 1..count, at least one."""
    items = parse_int_list(text, low=1, high=count, unique=True, what=what)
    if not items:
        raise AnswerFormatError(f"no {what} numbers given")
    return items


def parse_labels(text: str, count: int, low: int, high: int, what: str) -> list[int]:
    """One label in low..high for each of `count` items, in item order."""
    return parse_int_list(text, low=low, high=high, length=count, what=what)


def cover_problem(
    universe: int, sets: Sequence[Sequence[int]], chosen: Sequence[int], *, exact: bool
) -> str | None:
    """Whether the 1-based `chosen` sets cover 1..universe (exactly once each when `exact`)."""
    times = [0] * (universe + 1)
    for index in chosen:
        for element in sets[index - 1]:
            times[element] += 1
            if exact and times[element] > 1:
                return f"element {element} is covered more than once"
    missing = [e for e in range(1, universe + 1) if times[e] == 0]
    if missing:
        return f"element {missing[0]} is not covered"
    return None


def unhit_set(family: Sequence[Sequence[int]], chosen: Sequence[int]) -> int | None:
    """The 1-based number of the first set of `family` sharing no element with `chosen`."""
    picked = set(chosen)
    for number, members in enumerate(family, start=1):
        if picked.isdisjoint(members):
            return number
    return None


def group_totals(numbers: Sequence[int], labels: Sequence[int]) -> dict[int, int]:
    """The sum of the numbers in each group, by label."""
    totals: dict[int, int] = {}
    for number, label in zip(numbers, labels, strict=True):
        totals[label] = totals.get(label, 0) + number
    return totals


def knapsack_best(
    weights: Sequence[int], values: Sequence[int], capacity: int
) -> tuple[int, list[int]]:
    """The best total value within `capacity` and one best choice (1-based item numbers),
    by the exact 0/1 dynamic programme over capacities (Bellman 1957), vectorised per item.
    Time and memory are O(items x capacity)."""
    best = np.zeros(capacity + 1, dtype=np.int64)
    took = np.zeros((len(weights), capacity + 1), dtype=bool)
    for index, (weight, value) in enumerate(zip(weights, values, strict=True)):
        if weight <= capacity:
            candidate = best[:-weight] + value if weight else best + value
            better = candidate > best[weight:]
            took[index, weight:] = better
            best[weight:] = np.where(better, candidate, best[weight:])
    chosen, room = [], capacity
    for index in range(len(weights) - 1, -1, -1):
        if took[index, room]:
            chosen.append(index + 1)
            room -= weights[index]
    return int(best[capacity]), sorted(chosen)


def schedule_problem(
    jobs: Sequence[Sequence[int]], starts: Sequence[int], machines: int
) -> str | None:
    """Whether start times fit each job's (release, deadline, duration) window and never run
    more than `machines` jobs at once (for intervals that suffices: an interval graph's
    colouring number is its largest clique, so machines can always be assigned)."""
    events: list[tuple[int, int]] = []
    for number, ((release, deadline, duration), start) in enumerate(
        zip(jobs, starts, strict=True), start=1
    ):
        if start < release:
            return f"job {number} starts at {start}, before its release time {release}"
        if start + duration > deadline:
            return f"job {number} ends at {start + duration}, after its deadline {deadline}"
        events += [(start, 1), (start + duration, -1)]
    running = 0
    for time, change in sorted(events):  # at equal times ends (-1) sort before starts
        running += change
        if running > machines:
            return f"more than {machines} jobs run at time {time}"
    return None


def queens_conflict(columns: Sequence[int]) -> str | None:
    """Whether queens at (row i + 1, columns[i]) attack each other: the first pair, or None."""
    seen_columns: dict[int, int] = {}
    seen_diagonals: dict[int, int] = {}
    seen_anti: dict[int, int] = {}
    for row, column in enumerate(columns, start=1):
        for table, key in (
            (seen_columns, column),
            (seen_diagonals, row - column),
            (seen_anti, row + column),
        ):
            if key in table:
                return f"the queens in rows {table[key]} and {row} attack each other"
            table[key] = row
    return None


def completion_problem(grid: Sequence[Sequence[int]], clues: Sequence[Sequence[int]]) -> str | None:
    """Whether a filled n x n `grid` keeps every clue (0 = empty) and uses only 1..n; the first
    cell that does not, or None. Row and column rules are checked separately."""
    n = len(clues)
    for r, (row, clue_row) in enumerate(zip(grid, clues, strict=True), start=1):
        for c, (value, clue) in enumerate(zip(row, clue_row, strict=True), start=1):
            if not 1 <= value <= n:
                shown = "empty" if value == 0 else str(value)
                return f"the cell in row {r}, column {c} is {shown}; use 1..{n}"
            if clue and value != clue:
                return f"the cell in row {r}, column {c} is given as {clue}, not {value}"
    return None
