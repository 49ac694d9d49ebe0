"""The Ray backend: chunks run as Ray tasks and come back in submission order.

Connects to the cluster named by ``RAY_ADDRESS`` when it is set (start one with
``ray start --head`` and ``ray start --address HEAD:6379`` on the other nodes; every node needs
palaestra installed), and otherwise starts a local Ray for the run with `workers` CPUs, no
dashboard and no worker logs on the console. A Ray that this process already initialised is
reused and left running. Ray is imported here only, when the backend is chosen.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from palaestra.backends.local import (
    IN_FLIGHT_PER_WORKER,
    ChunkError,
    default_workers,
    raise_chunk_error,
)
from palaestra.errors import PalaestraError

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "pip install 'palaestra[ray]'"


def import_ray() -> Any:
    """The `ray` module, or a `PalaestraError` that says how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise PalaestraError(
            f"the ray backend needs Ray, which is not installed ({exc}); install it with "
            f"{INSTALL_HINT}, or use --backend local"
        ) from None
    return ray


class RayBackend:
    """Ray tasks over chunks, at most a few per cluster CPU in flight, results in order.

    Args:
        workers: CPUs of the local Ray started when ``RAY_ADDRESS`` is not set and no Ray is
            initialised yet (default: every CPU here).
    """

    name = "ray"

    def __init__(self, workers: int | None = None) -> None:
        ray = import_ray()
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            address = os.environ.get("RAY_ADDRESS")
            options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
            try:
                if address:
                    ray.init(address=address, **options)
                else:
                    cpus = default_workers() if workers is None else max(1, workers)
                    ray.init(num_cpus=cpus, include_dashboard=False, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"the Ray cluster at RAY_ADDRESS={address}" if address else "a local Ray"
                raise PalaestraError(f"cannot start or reach {where}: {exc}") from None
            self._started = True
        self._workers = max(1, int(ray.cluster_resources().get("CPU", 1)))

    @property
    def workers(self) -> int:
        return self._workers

    def map(self, fn: Callable[[T], R], items: Iterable[T], count: int) -> Iterator[R]:
        ray = self._ray
        remote = ray.remote(num_cpus=1)(fn)
        pending: deque[Any] = deque()
        source = iter(items)
        try:
            for item in islice(source, self._workers * IN_FLIGHT_PER_WORKER):
                pending.append(remote.remote(item))
            while pending:
                result = self._get(pending.popleft())
                for item in islice(source, 1):
                    pending.append(remote.remote(item))
                yield result
        finally:
            for ref in pending:  # an error or Ctrl-C: stop what is still queued
                ray.cancel(ref, force=True)

    def _get(self, ref: Any) -> Any:
        ray = self._ray
        try:
            return ray.get(ref)
        except ray.exceptions.RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, ChunkError):
                raise_chunk_error(cause)
            raise PalaestraError(f"a Ray task failed: {cause or exc}") from None
        except ray.exceptions.RayError as exc:
            raise PalaestraError(
                f"a Ray worker or node failed ({type(exc).__name__}: {exc}); rerun with --resume "
                "to continue from the last committed batch"
            ) from None

    def close(self) -> None:
        """Shuts down the local Ray this backend started (a reused one keeps running)."""
        if self._started:
            self._ray.shutdown()
            self._started = False

    def __enter__(self) -> RayBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
