"""The worker process behind `palaestra.verifiers.deadline`.

Run as ``python -m palaestra.verifiers._worker [--memory-mb N] MODULE...``: imports MODULEs,
reports ready, then answers requests ``(target, args, kwargs)`` with ``("ok", value)`` or
``("error", "ExceptionType: message")`` until stdin closes. Messages are length-prefixed
pickles on stdin/stdout; anything else the code prints to stdout goes to stderr instead, so it
cannot corrupt the stream.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO

_HEADER = struct.Struct("!I")
_MAX_DETAIL = 500


def _read_exact(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def _receive(stream: BinaryIO) -> Any:
    header = _read_exact(stream, _HEADER.size)
    if header is None:
        return None
    body = _read_exact(stream, _HEADER.unpack(header)[0])
    return None if body is None else pickle.loads(body)


def _send(stream: BinaryIO, message: Any) -> None:
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an unpicklable return value is the target's error
        data = pickle.dumps(("error", f"the result could not be pickled: {exc}"[:_MAX_DETAIL]))
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _limit_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # not every platform allows it; the parent's deadline still applies


def _exit_when_orphaned() -> None:
    """Ends the worker when its parent dies, even if a computation is still running."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def _resolve(target: str, cache: dict[str, Callable[..., Any]]) -> Callable[..., Any]:
    function = cache.get(target)
    if function is None:
        module_name, _, attribute = target.partition(":")
        function = getattr(importlib.import_module(module_name), attribute)
        cache[target] = function
    return function


def main(argv: list[str]) -> int:
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    protocol_in = sys.stdin.buffer
    # Ctrl-C in a terminal reaches the whole process group; the parent decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_when_orphaned()

    memory_mb = 0
    if len(argv) >= 2 and argv[0] == "--memory-mb":
        memory_mb = int(argv[1])
        argv = argv[2:]
    try:
        for module in argv:
            importlib.import_module(module)
    except BaseException:
        _send(protocol_out, ("failed", traceback.format_exc(limit=5)[-2000:]))
        return 1
    _limit_memory(memory_mb)
    _send(protocol_out, ("ready", os.getpid()))

    cache: dict[str, Callable[..., Any]] = {}
    while True:
        request = _receive(protocol_in)
        if request is None:
            return 0
        target, args, kwargs = request
        try:
            reply = ("ok", _resolve(target, cache)(*args, **kwargs))
        except Exception as exc:
            detail = ""
            with contextlib.suppress(Exception):
                detail = str(exc)[:_MAX_DETAIL]
            reply = ("error", f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__)
        _send(protocol_out, reply)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
