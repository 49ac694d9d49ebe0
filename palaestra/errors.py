"""The one error hierarchy of palaestra. Messages say what is wrong, what exists and what to do."""

from __future__ import annotations


class PalaestraError(Exception):
    """Base class of every error palaestra raises on purpose."""


class UnknownEnvError(PalaestraError, KeyError):
    """An environment id that is not registered (the message suggests close ids)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class InvalidEnvIdError(PalaestraError, ValueError):
    """An environment id that does not follow `<domain>/<name>-v<N>`."""


class ConfigError(PalaestraError, ValueError):
    """A knob, difficulty level or option with a value outside what is allowed."""


class RegistrationError(PalaestraError):
    """An environment registered twice, or with a bad entry point."""


class MissingExtraError(PalaestraError, ImportError):
    """A feature needs an optional dependency; the message names the extra to install."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional dependency {module!r}; "
            f"install it with: pip install 'palaestra[{extra}]'"
        )


class InputFileError(PalaestraError):
    """A file given on the command line that is missing, unreadable or malformed."""


class ExportError(PalaestraError):
    """An export that cannot be written (bad format, bad path, inconsistent resume)."""


class SandboxError(PalaestraError):
    """The code sandbox could not run a program."""
