"""Where the chunks of a generation or verification run execute.

A backend maps a picklable function over chunks of work and yields the results in submission
order, with a bounded number in flight, so that the output never depends on which backend ran
it or on how many workers it had:

- ``local``: a process pool on this machine (`palaestra.backends.local`), the default;
- ``ray``: Ray tasks (`palaestra.backends.ray`), on the cluster named by ``RAY_ADDRESS`` or a
  local Ray started for the run. Ray is an optional extra: ``pip install 'palaestra[ray]'``.

Chunks are ranges of stream positions (seeds are derived from positions, so a chunk is small to
ship), and results come back already serialized (Arrow IPC or JSON lines), so the driver only
writes bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from palaestra.backends.local import ChunkError, LocalBackend
from palaestra.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")

BACKENDS = ("local", "ray")

__all__ = ["BACKENDS", "Backend", "ChunkError", "LocalBackend", "open_backend"]


class Backend(Protocol):
    """Runs `fn` over items, yielding results in order; `close` releases what it started."""

    name: str

    @property
    def workers(self) -> int:
        """How many chunks can run at once (sizes the chunks)."""
        ...

    def map(self, fn: Callable[[T], R], items: Iterable[T], count: int) -> Iterator[R]:
        """`map(fn, items)` in order; `count` is the number of items (sizes the pool)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Backend: ...

    def __exit__(self, *exc: object) -> None: ...


def open_backend(name: str = "local", workers: int | None = None) -> Backend:
    """The backend called `name` (use it as a context manager).

    Args:
        name: ``local`` or ``ray``.
        workers: local processes; for ``ray``, the CPUs of a Ray started here (ignored when
            connecting to a running cluster through ``RAY_ADDRESS``). Default: every CPU.
    """
    if name == "local":
        return LocalBackend(workers)
    if name == "ray":
        from palaestra.backends.ray import RayBackend

        return RayBackend(workers)
    raise ConfigError(f"backend must be one of {', '.join(BACKENDS)}, got {name!r}")
