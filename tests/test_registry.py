"""The registry, the id grammar, the public facade and error messages."""

from __future__ import annotations

import importlib
import inspect

import pytest

import palaestra as pa
from palaestra.envs import CATALOG
from palaestra.ids import parse_env_id


def test_facade_exports_exactly_the_public_api() -> None:
    assert sorted(pa.__all__) == sorted(
        [
            "__version__",
            "make",
            "list_envs",
            "register",
            "spec",
            "EnvSpec",
            "Env",
            "Params",
            "Task",
            "Verdict",
            "PalaestraError",
            "UnknownEnvError",
            "InvalidEnvIdError",
            "ConfigError",
            "RegistrationError",
            "MissingExtraError",
            "InputFileError",
            "ExportError",
            "SandboxError",
        ]
    )
    for name in pa.__all__:
        assert getattr(pa, name) is not None


def test_catalog_agrees_with_the_decorators() -> None:
    for env_id, entry_point in CATALOG.items():
        module_name, _, class_name = entry_point.partition(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        assert cls.id == env_id
        assert issubclass(cls, pa.Env)
        assert inspect.getdoc(cls), f"{env_id} has no docstring"


def test_list_envs_has_the_reference_envs_with_levels_and_knobs() -> None:
    specs = {s.id: s for s in pa.list_envs()}
    assert {"sat/ksat-v1", "math/arithmetic-v1", "puzzles/sudoku-v1"} <= set(specs)
    ksat = specs["sat/ksat-v1"]
    assert (ksat.domain, ksat.name, ksat.version) == ("sat", "ksat", 1)
    assert ksat.summary.startswith("Random k-SAT")
    assert set(ksat.knobs) == {"n", "k", "l"} and ksat.knobs["k"]["max"] == 500
    assert min(ksat.levels) == 1 and max(ksat.levels) == 10
    assert [s.id for s in pa.list_envs(domain="sat")] == [
        i for i in sorted(specs) if i.startswith("sat/")
    ]


def test_unknown_domain_lists_the_domains() -> None:
    with pytest.raises(pa.ConfigError, match=r"unknown domain 'chess'; domains are: .*sat"):
        pa.list_envs(domain="chess")


@pytest.mark.parametrize(
    ("env_id", "message"),
    [
        ("sat/ksta-v1", "unknown environment 'sat/ksta-v1'; did you mean sat/ksat-v1"),
        ("sat/ksat-v9", "unknown environment 'sat/ksat-v9'; versions that exist: sat/ksat-v1"),
        (
            "puzzles/sudoku-v2",
            "unknown environment 'puzzles/sudoku-v2'; versions that exist: puzzles/sudoku-v1",
        ),
    ],
)
def test_unknown_ids_suggest_close_ones(env_id: str, message: str) -> None:
    with pytest.raises(pa.UnknownEnvError) as info:
        pa.make(env_id)
    assert str(info.value).startswith(message)


def test_bad_id_grammar_is_explained() -> None:
    with pytest.raises(pa.InvalidEnvIdError, match="ids look like '<domain>/<name>-v<N>'"):
        parse_env_id("SAT/ksat")


def test_bad_knob_names_the_knob_and_range() -> None:
    env = pa.make("sat/ksat-v1")
    with pytest.raises(pa.ConfigError) as info:
        env.generate(0, k=501)
    assert str(info.value).startswith(
        "knob 'k' = 501 is not allowed for sat/ksat-v1: allowed range is 2..500"
    )
    with pytest.raises(
        pa.ConfigError, match="unknown knob 'width' for sat/ksat-v1; its knobs are: n, k, l"
    ):
        env.generate(0, width=3)
    with pytest.raises(
        pa.ConfigError, match="difficulty 11 is not a level of sat/ksat-v1: levels are 1..10"
    ):
        env.generate(0, 11)
    with pytest.raises(pa.ConfigError, match="knob 'k'"):
        pa.make("sat/ksat-v1", k=0)


def test_register_rejects_a_second_class_for_an_id() -> None:
    class Other(pa.Env):
        """Another class."""

    with pytest.raises(pa.RegistrationError, match="already registered"):
        pa.register("sat/ksat-v1")(Other)


def test_make_passes_default_knobs() -> None:
    env = pa.make("sat/ksat-v1", k=12, l=30)
    task = env.generate(0)
    assert task.params == {"n": 3, "k": 12, "l": 30}
    assert env.generate(0, 1).params == {"n": 3, "k": 12, "l": 30}  # defaults beat level presets
