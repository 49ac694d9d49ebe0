"""Planted instances of classic combinatorial problems: set systems, numbers, items, jobs.

Each generator hides a solution in the instance it returns (a cover, a subset, a grouping,
a schedule, a housing of pigeons), so that a certificate is known without search; the
environments prove optima separately where they ask for one. Items are numbered from 1 in
what the generators return, as they are shown to a model.
"""

from __future__ import annotations

from math import comb

import numpy as np


def composition(rng: np.random.Generator, total: int, parts: int, minimum: int = 1) -> list[int]:
    """`total` split into `parts` random integers, each at least `minimum`.

    Cut points are drawn without replacement over the slack, so every composition of the
    slack into `parts` non-negative pieces is equally likely.
    """
    slack = total - parts * minimum
    if parts < 1 or slack < 0:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {minimum}")
    cuts = np.sort(rng.choice(slack + parts - 1, parts - 1, replace=False))
    pieces = np.diff(np.concatenate([[-1], cuts, [slack + parts - 1]])) - 1
    return [int(p) + minimum for p in pieces]


def planted_exact_cover(
    rng: np.random.Generator, universe: int, block: int, distractors: int
) -> tuple[list[list[int]], list[int]]:
    """Subsets of 1..universe among which some are a partition of it (the planted cover).

    The planted blocks hold 1..`block` elements each. Half of the distractors are a planted
    block with one element swapped, added or removed, so that near-misses abound; the rest
    are random sets of planted-block sizes. Returns (sets shuffled, 1-based indices of the
    planted cover, sorted). Sets are sorted and pairwise different.
    """
    elements = [int(e) + 1 for e in rng.permutation(universe)]
    blocks, position = [], 0
    while position < universe:
        size = int(rng.integers(1, block + 1))
        blocks.append(sorted(elements[position : position + size]))
        position += size
    seen = {tuple(b) for b in blocks}
    extra: list[list[int]] = []
    for attempt in range(20 * distractors):
        if len(extra) == distractors:
            break
        base = set(blocks[int(rng.integers(len(blocks)))])
        if attempt % 2:
            outside = [e for e in range(1, universe + 1) if e not in base]
            if outside:
                base.add(outside[int(rng.integers(len(outside)))])
            if len(base) > 2 and rng.integers(2):
                base.discard(sorted(base)[int(rng.integers(len(base)))])
        else:
            size = max(1, min(universe, int(rng.integers(1, block + 2))))
            base = {int(e) + 1 for e in rng.choice(universe, size, replace=False)}
        candidate = tuple(sorted(base))
        if candidate not in seen:
            seen.add(candidate)
            extra.append(list(candidate))
    sets = blocks + extra
    order = rng.permutation(len(sets))
    shuffled = [sets[int(i)] for i in order]
    planted = sorted(int(np.flatnonzero(order == i)[0]) + 1 for i in range(len(blocks)))
    return shuffled, planted


def covering_sets(
    rng: np.random.Generator, universe: int, n_sets: int, size: int
) -> list[list[int]]:
    """`n_sets` distinct random subsets of 1..universe of about `size` elements whose union is
    the whole universe (an element left out is added to a random set)."""
    if comb(universe, size) < n_sets:
        raise ValueError(f"there are fewer than {n_sets} subsets of {size} of {universe} elements")
    sets: list[set[int]] = []
    seen: set[tuple[int, ...]] = set()
    while len(sets) < n_sets:
        chosen = {int(e) + 1 for e in rng.choice(universe, size, replace=False)}
        if tuple(sorted(chosen)) not in seen:
            seen.add(tuple(sorted(chosen)))
            sets.append(chosen)
    covered = set().union(*sets)
    for element in range(1, universe + 1):
        if element not in covered:
            sets[int(rng.integers(n_sets))].add(element)
    return [sorted(s) for s in sets]


def planted_subset(rng: np.random.Generator, count: int, bits: int) -> tuple[list[int], list[int]]:
    """`count` distinct numbers below 2**bits and a planted subset of about half of them
    (never none and never all). Returns (numbers, 1-based indices of the subset)."""
    numbers = [int(v) + 1 for v in rng.choice(2**bits - 1, count, replace=False)]
    size = int(rng.integers(max(1, count // 3), max(2, (2 * count) // 3) + 1))
    size = min(size, count - 1)
    chosen = sorted(int(i) + 1 for i in rng.choice(count, size, replace=False))
    return numbers, chosen


def planted_grouping(
    rng: np.random.Generator, counts: list[int], sums: list[int], minimum: int = 1
) -> tuple[list[int], list[int]]:
    """Numbers in groups: group g has `counts[g]` numbers adding up to `sums[g]`, each at
    least `minimum`. Returns (numbers shuffled, the 1-based group of each number)."""
    numbers: list[int] = []
    labels: list[int] = []
    for group, (count, total) in enumerate(zip(counts, sums, strict=True), start=1):
        numbers += composition(rng, total, count, minimum)
        labels += [group] * count
    order = rng.permutation(len(numbers))
    return [numbers[int(i)] for i in order], [labels[int(i)] for i in order]


def knapsack_items(
    rng: np.random.Generator, count: int, max_weight: int
) -> tuple[list[int], list[int], int]:
    """Pisinger's weakly correlated knapsack items: weight w uniform in 1..max_weight, value
    within w ± max_weight/10 (at least 1); capacity half the total weight. Correlated values
    make greedy by ratio misleading. Returns (weights, values, capacity)."""
    weights = rng.integers(1, max_weight + 1, size=count)
    spread = max(1, max_weight // 10)
    values = np.maximum(1, weights + rng.integers(-spread, spread + 1, size=count))
    return weights.tolist(), values.tolist(), int(weights.sum()) // 2


def planted_schedule(
    rng: np.random.Generator, jobs: int, machines: int, max_duration: int, slack: int
) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Jobs on identical machines with release times and deadlines around a hidden schedule.

    Each machine runs its share of jobs back to back with gaps of 0..2; a job's window opens
    0..`slack` before its planted start (not before 0) and closes 0..`slack` after its
    planted end. Returns ([(release, deadline, duration)] shuffled, planted start times).
    """
    planned: list[tuple[int, int]] = []  # (start, duration)
    share = composition(rng, jobs, machines, 0) if jobs >= machines else [1] * jobs
    for count in share:
        clock = int(rng.integers(0, 3))
        for _ in range(count):
            duration = int(rng.integers(1, max_duration + 1))
            planned.append((clock, duration))
            clock += duration + int(rng.integers(0, 3))
    windows, starts = [], []
    for index in rng.permutation(len(planned)):
        start, duration = planned[int(index)]
        release = max(0, start - int(rng.integers(0, slack + 1)))
        deadline = start + duration + int(rng.integers(0, slack + 1))
        windows.append((release, deadline, duration))
        starts.append(start)
    return windows, starts


def hall_instance(
    rng: np.random.Generator, pigeons: int, tight: int, extra: int, housable: bool
) -> tuple[list[list[int]], list[int] | None]:
    """Pigeons 1..n with allowed holes among n holes, built around a tight group.

    `tight` pigeons may only use a set T of holes: |T| = tight when `housable`, else
    tight - 1, which makes the instance unhousable by Hall's theorem. The others are housed
    injectively outside T and then get up to `extra` more random allowed holes anywhere,
    so degrees alone do not give the group away; a hole nobody lists goes to one of them
    (with no one outside the group, a NO instance is the classic pigeonhole formula).
    Returns (sorted allowed holes per pigeon, a planted housing (hole per pigeon) when
    housable, else None).
    """
    holes = [int(h) + 1 for h in rng.permutation(pigeons)]
    size_t = tight if housable else tight - 1
    tight_holes, free_holes = holes[:size_t], holes[size_t:]
    order = [int(p) for p in rng.permutation(pigeons)]
    group, others = order[:tight], order[tight:]
    allowed: list[set[int]] = [set() for _ in range(pigeons)]
    housing = [0] * pigeons
    for position, pigeon in enumerate(group):
        if housable:
            housing[pigeon] = tight_holes[position]
            allowed[pigeon].add(tight_holes[position])
        reach = min(size_t, 2 + extra)
        allowed[pigeon].update(int(h) for h in rng.choice(tight_holes, reach, replace=False))
    for position, pigeon in enumerate(others):
        housing[pigeon] = free_holes[position]
        allowed[pigeon].add(free_holes[position])
        more = int(rng.integers(1, extra + 2))
        allowed[pigeon].update(int(h) + 1 for h in rng.choice(pigeons, more, replace=False))
    # A hole nobody may use would give the answer away by counting.
    listed = set().union(*allowed)
    for hole in free_holes if others else []:
        if hole not in listed:
            allowed[others[int(rng.integers(len(others)))]].add(hole)
    return [sorted(a) for a in allowed], housing if housable else None
