"""Held-out eval suites: versioned TOML manifests naming envs, levels and counts.

A suite file (``benchmarks/suites/<name>.toml``) looks like::

    name = "core-v1"
    description = "Every registered environment at levels 1, 4, 7 and 10."

    [[entries]]
    envs = ["*"]            # env ids or glob patterns over the registry ("sat/*")
    levels = [1, 4, 7, 10]  # or: knobs = {n = 3, k = 5, l = 5} with a label
    count = 5               # tasks per env and level (or per knob setting)
    group = "core"          # optional: a name for reports

Every task of a suite comes from the ``eval`` split, whose random streams are disjoint from
``train`` by construction (the split is part of every task's rng seed). Each (suite, env, level
or label, group) entry draws from its own stream, whose base seed is a stable hash of those
names, so adding environments or entries to a suite never changes the tasks of the others; a
pattern like ``"*"`` resolves against the registry at export time and the manifest records the
ids it matched. Bump the suite's name (``-v2``) when its entries change.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from palaestra.errors import ConfigError, InputFileError
from palaestra.seeding import stable_hash

if TYPE_CHECKING:
    from palaestra.env import Env
    from palaestra.pipeline import Segment

SUITES_DIR = Path(__file__).resolve().parent
_SEED_SPACE = 2**63
_ENTRY_KEYS = {"env", "envs", "levels", "knobs", "count", "label", "group"}


@dataclass(frozen=True)
class SuiteEntry:
    """One line of a suite: envs (ids or patterns) at some levels or one knob setting."""

    envs: tuple[str, ...]
    count: int
    levels: tuple[int, ...] = ()
    knobs: dict[str, Any] = field(default_factory=dict)
    label: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Suite:
    """A held-out eval suite; `plan()` gives what `generate_to_file` writes."""

    name: str
    description: str
    entries: tuple[SuiteEntry, ...]
    source: str = ""

    def segments(self) -> list[Segment]:
        """One segment per (env, level) or (env, knob setting), env after env."""
        from palaestra.pipeline import Segment

        registered = _registered_ids()
        per_env: dict[str, list[Segment]] = {}
        for entry in self.entries:
            matched = _resolve(entry.envs, registered, self.name)
            for env_id in matched:
                group = entry.group
                if entry.levels:
                    for level in entry.levels:
                        label = f"L{level}"
                        seed = self.seed_for(env_id, label, group)
                        per_env.setdefault(env_id, []).append(
                            Segment(env_id, entry.count, seed, level, "eval", {}, label, group)
                        )
                else:
                    label = entry.label or _knob_label(entry.knobs)
                    seed = self.seed_for(env_id, label, group)
                    per_env.setdefault(env_id, []).append(
                        Segment(env_id, entry.count, seed, None, "eval", entry.knobs, label, group)
                    )
        return [segment for env_id in sorted(per_env) for segment in per_env[env_id]]

    def seed_for(self, env_id: str, label: str, group: str | None) -> int:
        """The base seed of one entry's stream: a stable hash of what names it."""
        return stable_hash("eval-suite", self.name, env_id, label, group or "") % _SEED_SPACE

    def plan(self) -> SuitePlan:
        return SuitePlan(self, tuple(self.segments()))


@dataclass(frozen=True)
class SuitePlan:
    """A suite resolved against the registry: the segments `generate_to_file` writes."""

    suite: Suite
    resolved: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(segment.n for segment in self.resolved)

    def segments(self) -> list[Segment]:
        return list(self.resolved)

    def plan(self) -> list[tuple[type[Env], list[int] | None]]:
        from palaestra.pipeline import plan_segments

        seen: set[tuple[str, str | None, str | None]] = set()
        for segment in self.resolved:
            key = (segment.env_id, segment.label, segment.group)
            if key in seen:
                raise ConfigError(
                    f"suite {self.suite.name} lists {segment.env_id} at {segment.label} twice in "
                    f"group {segment.group!r}; give each setting once or use another group"
                )
            seen.add(key)
        return plan_segments(self.resolved)

    def describe(self) -> dict[str, Any]:
        from palaestra import __version__

        return {
            "suite": self.suite.name,
            "description": self.suite.description,
            "envs": sorted({segment.env_id for segment in self.resolved}),
            "split": "eval",
            "palaestra_version": __version__,
        }


def list_suites() -> list[str]:
    """The names of the suites shipped with palaestra."""
    return sorted(path.stem for path in SUITES_DIR.glob("*.toml"))


def load_suite(name_or_path: str | Path) -> Suite:
    """A shipped suite by name (``core-v1``) or a suite TOML file by path.

    Raises:
        ConfigError: an unknown suite name or a malformed suite.
        InputFileError: a suite file that cannot be read.
    """
    path = Path(name_or_path)
    if path.suffix != ".toml" and not path.exists():
        path = SUITES_DIR / f"{name_or_path}.toml"
        if not path.exists():
            raise ConfigError(
                f"unknown suite {str(name_or_path)!r}; shipped suites: {', '.join(list_suites())}"
                "; or give the path of a suite .toml file"
            )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(f"{path}: not valid TOML ({exc})") from None
    return parse_suite(raw, str(path))


def parse_suite(raw: dict[str, Any], source: str = "<suite>") -> Suite:
    """Validates the contents of a suite file."""
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError(f'{source}: a suite needs a name, e.g. name = "core-v1"')
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: a suite needs at least one [[entries]] table")
    parsed = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source} entry {number}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a table")
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            raise ConfigError(
                f"{where}: unknown key {unknown[0]!r}; keys are {sorted(_ENTRY_KEYS)}"
            )
        envs = entry.get("envs", [entry["env"]] if "env" in entry else None)
        if isinstance(envs, str):
            envs = [envs]
        if not envs or not all(isinstance(e, str) for e in envs):
            raise ConfigError(f'{where}: give env = "<id>" or envs = [ids or patterns]')
        count = entry.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ConfigError(f"{where}: count must be a positive integer, got {count!r}")
        levels = entry.get("levels", [])
        knobs = entry.get("knobs", {})
        if bool(levels) == bool(knobs):
            raise ConfigError(f"{where}: give either levels = [...] or knobs = {{...}}")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in levels):
            raise ConfigError(f"{where}: levels must be integers, got {levels!r}")
        if not isinstance(knobs, dict):
            raise ConfigError(f"{where}: knobs must be a table, got {knobs!r}")
        parsed.append(
            SuiteEntry(
                tuple(envs),
                count,
                tuple(levels),
                dict(knobs),
                entry.get("label"),
                entry.get("group"),
            )
        )
    return Suite(name, str(raw.get("description", "")), tuple(parsed), source)


def _registered_ids() -> list[str]:
    from palaestra.registry import list_envs

    return [spec.id for spec in list_envs()]


def _resolve(patterns: tuple[str, ...], registered: list[str], suite: str) -> list[str]:
    """Env ids and glob patterns -> registered ids (ids are checked, so typos fail loudly)."""
    from palaestra.registry import spec

    matched: list[str] = []
    for pattern in patterns:
        if any(char in pattern for char in "*?["):
            found = [env_id for env_id in registered if fnmatch.fnmatchcase(env_id, pattern)]
            if not found:
                raise ConfigError(f"suite {suite}: no registered environment matches {pattern!r}")
        else:
            found = [spec(pattern).id]
        matched.extend(env_id for env_id in found if env_id not in matched)
    return matched


def _knob_label(knobs: dict[str, Any]) -> str:
    return ",".join(f"{name}={value}" for name, value in knobs.items())
