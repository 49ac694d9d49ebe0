"""The environment id grammar, `<domain>/<name>-v<N>`, parsed in exactly this one place."""

from __future__ import annotations

import re
from typing import NamedTuple

from palaestra.errors import InvalidEnvIdError

_ID = re.compile(
    r"^(?P<domain>[a-z][a-z0-9]*)/(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)-v(?P<version>[1-9][0-9]*)$"
)


class EnvId(NamedTuple):
    domain: str
    name: str
    version: int

    def __str__(self) -> str:
        return f"{self.domain}/{self.name}-v{self.version}"


def parse_env_id(env_id: str) -> EnvId:
    """Splits `sat/ksat-v1` into (`sat`, `ksat`, 1); raises InvalidEnvIdError otherwise."""
    match = _ID.match(env_id) if isinstance(env_id, str) else None
    if match is None:
        raise InvalidEnvIdError(
            f"bad environment id {env_id!r}: ids look like '<domain>/<name>-v<N>', "
            "lowercase with hyphens, for example 'sat/ksat-v1'"
        )
    return EnvId(match["domain"], match["name"], int(match["version"]))
