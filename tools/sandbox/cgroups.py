"""Per-slot cgroups for memory and process limits: cgroup v2 where it offers both
controllers, v1 (memory and pids hierarchies) as the fallback.

The host creates one cgroup per worker slot under its own cgroup, named
``palaestra-sandbox-<pid>-<slot>``, and hands the worker the paths of the files it needs; the
worker opens them before its mount tree hides /sys. Groups left behind by a process that died
are removed the next time a sandbox starts.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from typing import Any

ROOT = Path("/sys/fs/cgroup")
PREFIX = "palaestra-sandbox-"
_NAME = re.compile(rf"^{PREFIX}(\d+)-\d+$")


def _own_path(controller: str | None) -> str:
    """This process's cgroup path for a v1 controller, or the v2 path for None."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if (controller is None and controllers == "") or (
            controller is not None and controller in controllers.split(",")
        ):
            return path
    raise OSError(f"no {controller or 'v2'} entry in /proc/self/cgroup")


def _v2_root() -> Path | None:
    for candidate in (ROOT, ROOT / "unified"):
        if (candidate / "cgroup.controllers").exists():
            return candidate
    return None


def _v2_parent() -> Path | None:
    root = _v2_root()
    if root is None:
        return None
    parent = root / _own_path(None).lstrip("/")
    available = (parent / "cgroup.controllers").read_text().split()
    if not {"memory", "pids"} <= set(available):
        return None
    enabled = (parent / "cgroup.subtree_control").read_text().split()
    if not {"memory", "pids"} <= set(enabled):
        # Fails where processes live in `parent` itself (the no-internal-process rule).
        (parent / "cgroup.subtree_control").write_text("+memory +pids")
    return parent


def _v1_parents() -> dict[str, Path] | None:
    parents = {}
    for controller in ("memory", "pids"):
        mount = ROOT / controller
        if not (mount / "cgroup.procs").exists():
            return None
        parents[controller] = mount / _own_path(controller).lstrip("/")
    return parents


def sweep_stale() -> None:
    """Removes sandbox cgroups whose creating process no longer exists."""
    folders = []
    root = _v2_root()
    if root is not None:
        with contextlib.suppress(OSError):
            folders.append(root / _own_path(None).lstrip("/"))
    for controller in ("memory", "pids"):
        with contextlib.suppress(OSError):
            folders.append(ROOT / controller / _own_path(controller).lstrip("/"))
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                match = _NAME.match(entry.name)
                if match and not Path(f"/proc/{match.group(1)}").exists():
                    with contextlib.suppress(OSError):
                        entry.rmdir()


class SlotCgroup:
    """The cgroup(s) of one worker slot; `spec` is what the worker needs to use them."""

    def __init__(self, slot: int) -> None:
        name = f"{PREFIX}{os.getpid()}-{slot}"
        self.folders: list[Path] = []
        parent = _v2_parent()
        if parent is not None:
            folder = parent / name
            folder.mkdir(exist_ok=True)
            self.folders.append(folder)
            with contextlib.suppress(OSError):
                (folder / "memory.swap.max").write_text("0")
            files = {
                "procs": folder / "cgroup.procs",
                "memory_limit": folder / "memory.max",
                "memory_peak": folder / "memory.peak",
                "oom": folder / "memory.events",
                "pids_max": folder / "pids.max",
            }
            self.spec: dict[str, Any] = {"version": 2, "files": files}
        else:
            parents = _v1_parents()
            if parents is None:
                raise OSError("neither cgroup v2 (memory, pids) nor v1 memory and pids")
            for parent in parents.values():
                folder = parent / name
                folder.mkdir(exist_ok=True)
                self.folders.append(folder)
            memory, pids = (parents[c] / name for c in ("memory", "pids"))
            files = {
                "procs_memory": memory / "cgroup.procs",
                "procs_pids": pids / "cgroup.procs",
                "memory_limit": memory / "memory.limit_in_bytes",
                "memory_peak": memory / "memory.max_usage_in_bytes",
                "oom": memory / "memory.oom_control",
                "pids_max": pids / "pids.max",
            }
            self.spec = {"version": 1, "files": files}
        self.spec["files"] = {k: str(v) for k, v in files.items() if v.exists()}

    def remove(self) -> None:
        """Removes the cgroups once their processes are gone (waits up to a second)."""
        for folder in self.folders:
            for _ in range(100):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)
