"""The environment registry: data first, modules imported only when an env is used.

Built-in environments are listed by id and `"module:Class"` in `palaestra/envs/__init__.py`
(CATALOG); the module defines the class under `@register(id)`. Third-party packages declare
modules in the `palaestra.envs` entry-point group; those modules use the same decorator.
"""

from __future__ import annotations

import difflib
import importlib
import logging
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, TypeVar

from palaestra.errors import ConfigError, RegistrationError, UnknownEnvError
from palaestra.ids import parse_env_id

if TYPE_CHECKING:
    from palaestra.env import Env

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "palaestra.envs"
E = TypeVar("E", bound="type[Env]")


@dataclass
class EnvSpec:
    """What the registry knows about one environment. Fields that need the class load it."""

    id: str
    entry_point: str
    domain: str = field(init=False)
    name: str = field(init=False)
    version: int = field(init=False)
    _cls: type[Env] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.domain, self.name, self.version = parse_env_id(self.id)

    def load(self) -> type[Env]:
        if self._cls is None:
            module_name, _, attr = self.entry_point.partition(":")
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:
                raise RegistrationError(
                    f"{self.id} could not be loaded from {module_name}: {exc}"
                ) from exc
            cls = getattr(module, attr, None)
            if cls is None or getattr(cls, "id", None) != self.id:
                raise RegistrationError(
                    f"{self.entry_point} does not define a class registered as {self.id}"
                )
            self._cls = cls
        return self._cls

    @property
    def summary(self) -> str:
        doc = (self.load().__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""

    @property
    def levels(self) -> dict[int, dict[str, Any]]:
        return dict(self.load().levels)

    @property
    def knobs(self) -> dict[str, dict[str, Any]]:
        return self.load().Params.schema_summary()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "domain": self.domain,
            "version": self.version,
            "summary": self.summary,
            "levels": {str(k): v for k, v in self.levels.items()},
            "knobs": self.knobs,
        }


_registry: dict[str, EnvSpec] = {}
_plugins_loaded = False
_catalog_loaded = False


def _ensure_catalog() -> None:
    global _catalog_loaded
    if _catalog_loaded:
        return
    _catalog_loaded = True
    from palaestra.envs import CATALOG

    for env_id, entry_point in CATALOG.items():
        _registry.setdefault(env_id, EnvSpec(env_id, entry_point))


def _ensure_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            importlib.import_module(ep.value.partition(":")[0])
        except Exception as exc:  # a broken plugin must not break the built-ins
            log.warning("palaestra plugin %s could not be loaded: %s", ep.name, exc)


def register(env_id: str, entry_point: str | None = None) -> Any:
    """Registers an environment.

    As a decorator, ``@register("domain/name-v1")`` on an `Env` subclass registers that class.
    As a call with an entry point, ``register(id, "module:Class")`` registers lazily.
    """
    parse_env_id(env_id)
    _ensure_catalog()
    if entry_point is not None:
        existing = _registry.get(env_id)
        if existing is not None and existing.entry_point != entry_point:
            raise RegistrationError(f"{env_id} is already registered to {existing.entry_point}")
        _registry[env_id] = EnvSpec(env_id, entry_point)
        return _registry[env_id]

    def decorate(cls: E) -> E:
        from palaestra.env import Env

        if not (isinstance(cls, type) and issubclass(cls, Env)):
            raise RegistrationError(f"@register({env_id!r}) must decorate an Env subclass")
        target = f"{cls.__module__}:{cls.__qualname__}"
        existing = _registry.get(env_id)
        if existing is not None and existing.entry_point != target:
            raise RegistrationError(
                f"{env_id} is already registered to {existing.entry_point}; "
                f"bump the version of {target} or pick another name"
            )
        cls.id = env_id
        spec = existing or EnvSpec(env_id, target)
        spec._cls = cls
        _registry[env_id] = spec
        return cls

    return decorate


def unregister(env_id: str) -> None:
    """Removes an environment (for tests that register throwaway environments)."""
    _registry.pop(env_id, None)


def spec(env_id: str) -> EnvSpec:
    """The spec of a registered id; unknown ids raise UnknownEnvError with suggestions."""
    _ensure_catalog()
    if env_id not in _registry:
        _ensure_plugins()
    found = _registry.get(env_id)
    if found is not None:
        return found
    raise UnknownEnvError(f"unknown environment {env_id!r}{_suggest(str(env_id))}")


def _suggest(env_id: str) -> str:
    """Other versions of the same env first, then ids that are spelled alike."""
    base = env_id.rpartition("-v")[0] if "-v" in env_id else env_id
    versions = sorted(s.id for s in _registry.values() if s.id.rpartition("-v")[0] == base)
    if versions:
        return f"; versions that exist: {', '.join(versions)}"
    close = difflib.get_close_matches(env_id, list(_registry), n=3, cutoff=0.5)
    if close:
        return f"; did you mean {' or '.join(close)}?"
    return "; run `palaestra list` to see the registered environments"


def make(env_id: str, **defaults: Any) -> Env:
    """Creates the environment `env_id` (``<domain>/<name>-v<N>``) with default knobs."""
    return spec(env_id).load()(**defaults)


def list_envs(domain: str | None = None) -> list[EnvSpec]:
    """All registered environments, sorted by id, optionally of one domain."""
    _ensure_catalog()
    _ensure_plugins()
    specs = sorted(_registry.values(), key=lambda s: s.id)
    if domain is not None:
        domains = sorted({s.domain for s in specs})
        if domain not in domains:
            raise ConfigError(f"unknown domain {domain!r}; domains are: {', '.join(domains)}")
        specs = [s for s in specs if s.domain == domain]
    return specs
