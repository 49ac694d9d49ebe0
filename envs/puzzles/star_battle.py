"""Star battle: place stars so every row, column and region has k, none touching."""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from palaestra.envs.puzzles._common import (
    UNIQUE,
    Encoding,
    UniquePuzzle,
    cell_label,
    changed_cell_answers,
    format_example,
    read_symbols,
    region_cells,
    region_map,
    settle_regions,
    symbol_rows,
)
from palaestra.generators.grids import Cell, grow_regions, neighbours
from palaestra.generators.puzzles_cnf import PuzzleCNF, random_solution
from palaestra.params import Params
from palaestra.records import Task, Verdict
from palaestra.registry import register

REPAIRS = 60  # region edits tried on one layout before a new layout is drawn
STAR_ALIASES = {"★": "*", "☆": "*", "x": ".", "X": ".", "-": ".", "_": "."}


MAX_LAYOUTS = 200  # layouts drawn before giving up (a few suffice in practice)


class StarBattleParams(Params):
    size: int = Field(
        8, ge=4, le=12, description="side of the grid and number of regions; larger is harder"
    )
    stars: int = Field(
        1, ge=1, le=2, description="stars per row, column and region; more is harder"
    )

    @model_validator(mode="after")
    def _room_for_stars(self) -> StarBattleParams:
        if self.stars == 2 and self.size < 8:
            raise ValueError(f"2-star battles need size >= 8, got size={self.size}")
        return self


def first_broken_rule(
    region: list[list[int]], stars: set[Cell], k: int, free: list[int]
) -> str | None:
    """The first broken star-battle rule, in words, or None; `free` regions have no count."""
    n = len(region)
    for r, c in sorted(stars):
        for nr, nc in neighbours(r, c, n, n, diagonal=True):
            if (nr, nc) in stars:
                return f"the stars at {cell_label(r, c)} and {cell_label(nr, nc)} touch"
    for i in range(n):
        if (count := sum((i, c) in stars for c in range(n))) != k:
            return f"row {i + 1} has {count} stars, not {k}"
        if (count := sum((r, i) in stars for r in range(n))) != k:
            return f"column {i + 1} has {count} stars, not {k}"
    for index, cells in enumerate(region_cells(region)):
        if index in free:
            continue
        if (count := sum(tuple(cell) in stars for cell in cells)) != k:
            return f"region {region_map([[index]])} has {count} stars, not {k}"
    return None


@register("puzzles/star-battle-v1")
class StarBattle(UniquePuzzle):
    """Star battle: put k stars in every row, column and region, no two stars touching.

    Task: the puzzle of Hans Eendebak (2003), popular with k = 1 as "Queens". An n x n grid
    is cut into n regions; place stars so that each row, each column and each region holds
    exactly k of them and no two stars touch, not even diagonally. Generation: MiniSat
    places stars by the row, column and touching rules (random phases); the stars are
    grouped k by k, each group joined by a short path, and regions grow from those seeds by
    random steps. While MiniSat finds a second solution, a cell holding one of its extra
    stars moves into a neighbouring region, which breaks that solution's counts and keeps
    the planted one (after `REPAIRS` moves a new layout is drawn).

    Answer format: the grid inside <answer></answer>, one row per line, ``*`` for a star
    and ``.`` for an empty cell, separated by spaces.

    Knobs: `size` (4..12; larger is harder) and `stars` (1 or 2; more is harder; 2 needs
    size >= 8). Levels go from 5x5 with one star to 11x11 with two.

    Verification: by the rules: counts per row, column and region, and no touching stars.
    `task.meta["cost"]` records the stars to place, the layouts drawn and MiniSat's effort.

    Versions: v1, first release.
    """

    Params = StarBattleParams
    levels = {
        1: {"size": 5, "stars": 1},
        2: {"size": 6, "stars": 1},
        3: {"size": 7, "stars": 1},
        4: {"size": 8, "stars": 1},
        5: {"size": 9, "stars": 1},
        6: {"size": 10, "stars": 1},
        7: {"size": 8, "stars": 2},
        8: {"size": 9, "stars": 2},
        9: {"size": 10, "stars": 2},
        10: {"size": 11, "stars": 2},
    }
    difficulty_cost = "stars_total"

    def sample(
        self, rng: np.random.Generator, params: StarBattleParams
    ) -> tuple[dict[str, Any], str]:
        n, k = params.size, params.stars
        for layouts in range(1, MAX_LAYOUTS + 1):
            cnf, cells = _board_rules(n, k)
            planted = random_solution(rng, cnf, cells)
            if planted is None:  # pragma: no cover - the validator keeps sizes solvable
                raise ValueError(f"no {n}x{n} grid holds {k} stars per line")
            stars = [(i // n, i % n) for i, lit in enumerate(planted) if lit > 0]
            seeds = _seeds(rng, stars, k, n)
            if seeds is None:
                continue
            region = grow_regions(rng, n, n, seeds)
            if settle_regions(rng, cnf, cells, planted, region, k, REPAIRS):
                data = {"stars": k, "region": region}
                if self.encode(data).second_solution(planted) is None:  # the proof itself
                    data["layouts"] = layouts
                    return data, _stars_text(n, set(stars))

        raise ValueError(f"no unique puzzle in {MAX_LAYOUTS} layouts; try other knobs")

    def encode(self, data: dict[str, Any]) -> Encoding:
        region, k = data["region"], data["stars"]
        n = len(region)
        cnf, cells = _board_rules(n, k)
        clues = []
        for index, members in enumerate(region_cells(region)):
            if index in data.get("free", []):
                continue
            clue = cnf.fresh()
            cnf.exactly([cells[r * n + c] for r, c in members], k, guard=clue)
            clues.append(clue)

        def decode(solution: list[int]) -> str:
            return _stars_text(n, {(i // n, i % n) for i, lit in enumerate(solution) if lit > 0})

        return Encoding(cnf, cells, clues, decode)

    def drop_clue(self, data: dict[str, Any], index: int) -> dict[str, Any]:
        """Frees the `index`-th counted region from its count (clues are the counted
        regions in id order; freed ones are listed in ``data["free"]``)."""
        counted = [i for i in range(len(data["region"])) if i not in data.get("free", [])]
        return {**data, "free": sorted([*data.get("free", []), counted[index]])}

    def size_cost(self, data: dict[str, Any]) -> dict[str, Any]:
        n = len(data["region"])
        return {"stars_total": n * data["stars"], "size": n, "layouts_drawn": data["layouts"]}

    def render(self, data: dict[str, Any], params: StarBattleParams) -> str:
        n, k = len(data["region"]), data["stars"]
        star_word = "star" if k == 1 else f"{k} stars"
        return (
            f"Solve this {n}x{n} star battle. The grid is divided into {n} regions (cells with "
            f"the same letter). Place stars so that every row, every column and every region "
            f"contains exactly {star_word}, and no two stars touch each other, not even "
            f"diagonally. {UNIQUE}\n\n{region_map(data['region'])}\n\n"
            "Give the grid inside <answer></answer>: one row per line, `*` for a star and `.` "
            "for an empty cell, separated by single spaces. " + format_example("* . .\n. . *")
        )

    def check(self, task: Task, answer: str) -> Verdict:
        region, k = task.data["region"], task.data["stars"]
        n = len(region)
        grid = read_symbols(
            answer, n, n, "*.", f"Write {n} lines of {n} symbols * or .", STAR_ALIASES
        )
        if isinstance(grid, Verdict):
            return grid
        stars = {(r, c) for r in range(n) for c in range(n) if grid[r][c] == "*"}
        broken = first_broken_rule(region, stars, k, task.data.get("free", []))
        if broken is not None:
            return Verdict.fail("wrong", f"Not a solution: {broken}.")
        return Verdict.right()

    def wrong_answers(self, task: Task) -> list[str]:
        return changed_cell_answers(task.answer or "", {"*": ".", ".": "*"})


def _board_rules(n: int, k: int) -> tuple[PuzzleCNF, list[int]]:
    """k stars per row and column, none touching; variable cells[r * n + c] is a star."""
    cnf = PuzzleCNF()
    cells = [cnf.var("star", r, c) for r in range(n) for c in range(n)]
    for i in range(n):
        cnf.exactly([cells[i * n + c] for c in range(n)], k)
        cnf.exactly([cells[r * n + i] for r in range(n)], k)
    for r in range(n):
        for c in range(n):
            for nr, nc in neighbours(r, c, n, n, diagonal=True):
                if (nr, nc) > (r, c):
                    cnf.add([-cells[r * n + c], -cells[nr * n + nc]])
    return cnf, cells


def _seeds(rng: np.random.Generator, stars: list[Cell], k: int, n: int) -> list[list[Cell]] | None:
    """Region seeds: the stars in groups of k (each star with its nearest free partners),
    each group joined by a shortest path that avoids other stars and seeds; None when a
    path is blocked."""
    free = [stars[int(i)] for i in rng.permutation(len(stars))]
    taken: set[Cell] = set()
    seeds = []
    while free:
        first = free.pop()
        group = [first]
        for _ in range(k - 1):
            partner = min(free, key=lambda s: abs(s[0] - first[0]) + abs(s[1] - first[1]))
            free.remove(partner)
            group.append(partner)
        seed = {first}
        for target in group[1:]:
            blocked = (set(stars) | taken) - set(group)
            path = _path(first, target, blocked, n)
            if path is None:
                return None
            seed |= set(path)
        taken |= seed
        seeds.append(sorted(seed))
    return seeds


def _path(start: Cell, goal: Cell, blocked: set[Cell], n: int) -> list[Cell] | None:
    """A shortest orthogonal path from start to goal avoiding `blocked` (BFS)."""
    parent: dict[Cell, Cell | None] = {start: None}
    queue = deque([start])
    while queue:
        cell = queue.popleft()
        if cell == goal:
            path = []
            while cell is not None:
                path.append(cell)
                cell = parent[cell]
            return path
        for nxt in neighbours(*cell, n, n):
            if nxt not in parent and nxt not in blocked:
                parent[nxt] = cell
                queue.append(nxt)
    return None


def _stars_text(n: int, stars: set[Cell]) -> str:
    return symbol_rows([["*" if (r, c) in stars else "." for c in range(n)] for r in range(n)])
