"""Knobs: a pydantic model per environment, bounded, with errors that name the allowed range."""

from __future__ import annotations

from typing import Any

import annotated_types
from pydantic import BaseModel, ConfigDict, ValidationError

from palaestra.errors import ConfigError


class Params(BaseModel):
    """Base class of every environment's knobs.

    Subclasses declare fields with ``Field(default, ge=..., le=..., description=...)``; the
    description says which direction is harder. Cross-knob rules go in a model validator that
    raises ValueError with a sentence a user can act on.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def bounds(cls, name: str) -> tuple[Any, Any]:
        """The (low, high) inclusive bounds of a knob; None where unbounded."""
        low = high = None
        for item in cls.model_fields[name].metadata:
            if isinstance(item, annotated_types.Ge):
                low = item.ge
            elif isinstance(item, annotated_types.Gt):
                low = item.gt
            elif isinstance(item, annotated_types.Le):
                high = item.le
            elif isinstance(item, annotated_types.Lt):
                high = item.lt
        return low, high

    @classmethod
    def schema_summary(cls) -> dict[str, dict[str, Any]]:
        """Knob name -> type, default, bounds and description (for `list`, `show` and docs)."""
        out: dict[str, dict[str, Any]] = {}
        for name, field in cls.model_fields.items():
            low, high = cls.bounds(name)
            annotation = field.annotation
            out[name] = {
                "type": getattr(annotation, "__name__", str(annotation)),
                "default": field.default,
                "min": low,
                "max": high,
                "description": field.description or "",
            }
        return out

    @classmethod
    def build(cls, env_id: str, values: dict[str, Any]) -> Params:
        """Validates knob values, turning pydantic's errors into one ConfigError sentence."""
        unknown = sorted(set(values) - set(cls.model_fields))
        if unknown:
            known = ", ".join(cls.model_fields) or "(none)"
            raise ConfigError(f"unknown knob {unknown[0]!r} for {env_id}; its knobs are: {known}")
        try:
            return cls(**values)
        except ValidationError as exc:
            raise ConfigError(_describe(cls, env_id, exc)) from None


def _describe(cls: type[Params], env_id: str, exc: ValidationError) -> str:
    error = exc.errors()[0]
    loc = error.get("loc") or ()
    if loc and loc[0] in cls.model_fields:
        name = str(loc[0])
        low, high = cls.bounds(name)
        allowed = (
            f"{low}..{high}" if low is not None or high is not None else "see `palaestra show`"
        )
        return (
            f"knob {name!r} = {error.get('input')!r} is not allowed for {env_id}: "
            f"allowed range is {allowed} ({error['msg']})"
        )
    message = str(error.get("msg", exc)).removeprefix("Value error, ")
    return f"invalid knobs for {env_id}: {message}"
