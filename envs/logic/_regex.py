"""Knobs and wording shared by the regular-expression environments."""

from __future__ import annotations

from pydantic import Field

from palaestra.envs.logic._common import ladder
from palaestra.params import Params

ALPHABETS = ("ab", "abc", "abcd")
SYNTAX = (
    "Regex syntax: letters match themselves, [ab] matches one of the letters, | is "
    "alternation, * means zero or more, + one or more, ? zero or one, and parentheses "
    "group. A string matches when the whole string does (not just a part of it)."
)


class RegexParams(Params):
    letters: int = Field(2, ge=2, le=4, description="alphabet size; more is harder")
    operators: int = Field(3, ge=1, le=20, description="operators in the regex; more is harder")


REGEX_LEVELS = ladder(
    letters=[2, 2, 3, 3, 3, 3, 4, 4, 4, 4], operators=[3, 4, 4, 5, 6, 7, 8, 9, 11, 13]
)
