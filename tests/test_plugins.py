"""Third-party environments register through the `palaestra.envs` entry-point group."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import palaestra as pa
from palaestra import registry


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).parent / "plugins"))
    entry = EntryPoint(name="toy", value="toy_plugin", group=registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        registry, "entry_points", lambda group: [entry] if group == entry.group else []
    )
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    yield
    registry.unregister("toyplugin/parity-v1")
    sys.modules.pop("toy_plugin", None)


def test_plugin_env_is_found_by_make_and_list(plugin: None) -> None:
    env = pa.make("toyplugin/parity-v1")
    task = env.generate(3)
    assert env.verify(task, env.solve(task)).correct
    assert "toyplugin/parity-v1" in [s.id for s in pa.list_envs()]


def test_a_broken_plugin_does_not_break_the_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = EntryPoint(name="broken", value="no_such_module_xyz", group=registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "entry_points", lambda group: [entry])
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    assert "sat/ksat-v1" in [s.id for s in pa.list_envs()]
