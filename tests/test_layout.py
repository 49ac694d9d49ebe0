"""The installed distribution is one import package, and `import palaestra` stays light."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

CONTENT_FOLDERS = ["envs", "verifiers", "generators", "benchmarks", "tools"]


def _run(code: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.strip()


def test_no_top_level_module_for_content_folders(tmp_path: Path) -> None:
    # Run outside the checkout so the repository root is not on sys.path. Another project may
    # own a name (PyPI's `verifiers` does); what matters is that palaestra provides none.
    root = Path(__file__).resolve().parents[1]
    code = (
        "import importlib.util, json; "
        f"names = {CONTENT_FOLDERS!r}; "
        "specs = {n: importlib.util.find_spec(n) for n in names}; "
        "print(json.dumps({n: s.origin if s else None for n, s in specs.items()}))"
    )
    origins = json.loads(_run(code, tmp_path))
    for name, origin in origins.items():
        assert origin is None or not Path(origin).resolve().is_relative_to(root / name), name


def test_content_folders_are_subpackages(tmp_path: Path) -> None:
    code = (
        "import importlib, json; "
        f"names = {CONTENT_FOLDERS!r}; "
        "print(json.dumps([importlib.import_module('palaestra.' + n).__name__ for n in names]))"
    )
    assert json.loads(_run(code, tmp_path)) == [f"palaestra.{n}" for n in CONTENT_FOLDERS]


def test_wheel_holds_only_the_palaestra_package(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("palaestra-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {
        "palaestra",
        wheel.name.split("-py")[0] + ".dist-info",
    }
    assert "palaestra/envs/sat/ksat.py" in names and "palaestra/verifiers/extract.py" in names


def test_import_is_lazy(tmp_path: Path) -> None:
    code = (
        "import sys, palaestra; "
        "heavy = ('numpy', 'pydantic', 'pysat', 'sympy', 'math_verify', 'pyarrow'); "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    assert _run(code, tmp_path) == ""
