"""Regular expressions as JSON trees, rendered in the usual syntax and matched in linear
time by simulating Thompson's NFA (no backtracking, so no catastrophic cases).

A regex is ``["lit", "a"]``, ``["cls", "abc"]`` (one of the letters), ``["cat", r, s, ...]``,
``["alt", r, s, ...]``, ``["star", r]``, ``["plus", r]`` or ``["opt", r]``. Regexes are only
ever generated, never read from model text; model text is only a string to match, and
`matches` costs O(len(text) * size(regex)).
"""

from __future__ import annotations

from typing import Any

Regex = list[Any]

_PRECEDENCE = {"alt": 0, "cat": 1, "star": 2, "plus": 2, "opt": 2, "lit": 3, "cls": 3}


def render(regex: Regex) -> str:
    kind = regex[0]
    if kind == "lit":
        return regex[1]
    if kind == "cls":
        return f"[{regex[1]}]"
    if kind in ("star", "plus", "opt"):
        inner = regex[1]
        text = render(inner)
        if _PRECEDENCE[inner[0]] < 3:
            text = f"({text})"
        return text + {"star": "*", "plus": "+", "opt": "?"}[kind]
    parts = []
    for part in regex[1:]:
        text = render(part)
        if _PRECEDENCE[part[0]] < _PRECEDENCE[kind]:
            text = f"({text})"
        parts.append(text)
    return ("|" if kind == "alt" else "").join(parts)


def size(regex: Regex) -> int:
    if regex[0] in ("lit", "cls"):
        return 1
    return 1 + sum(size(part) for part in regex[1:])


class _NFA:
    """Thompson's construction: states with letter edges (sets) and epsilon edges."""

    def __init__(self, regex: Regex) -> None:
        self.letters: list[tuple[frozenset[str], int] | None] = []
        self.empty: list[list[int]] = []
        self.start = self._state()
        self.accept = self._state()
        self._build(regex, self.start, self.accept)

    def _state(self) -> int:
        self.letters.append(None)
        self.empty.append([])
        return len(self.empty) - 1

    def _build(self, regex: Regex, start: int, end: int) -> None:
        kind = regex[0]
        if kind in ("lit", "cls"):
            self.letters[start] = (frozenset(regex[1]), end)
        elif kind == "cat":
            current = start
            for part in regex[1:-1]:
                following = self._state()
                self._build(part, current, following)
                current = following
            self._build(regex[-1], current, end)
        elif kind == "alt":
            for part in regex[1:]:
                entry, leave = self._state(), self._state()
                self.empty[start].append(entry)
                self._build(part, entry, leave)
                self.empty[leave].append(end)
        else:
            entry, leave = self._state(), self._state()
            self.empty[start].append(entry)
            self._build(regex[1], entry, leave)
            self.empty[leave].append(end)
            if kind in ("star", "opt"):
                self.empty[start].append(end)
            if kind in ("star", "plus"):
                self.empty[leave].append(entry)

    def closure(self, states: set[int]) -> set[int]:
        stack = list(states)
        seen = set(states)
        while stack:
            for target in self.empty[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen

    def matches(self, text: str) -> bool:
        current = self.closure({self.start})
        for char in text:
            following = set()
            for state in current:
                edge = self.letters[state]
                if edge is not None and char in edge[0]:
                    following.add(edge[1])
            if not following:
                return False
            current = self.closure(following)
        return self.accept in current


def matches(regex: Regex, text: str) -> bool:
    """Whether the whole of `text` matches `regex` (linear in len(text))."""
    return _NFA(regex).matches(text)


def compile_regex(regex: Regex) -> _NFA:
    """The automaton, for matching many strings against one regex."""
    return _NFA(regex)
