"""The vendored files match their manifest, and every file the dashboard serves is
package data (so a non-editable install has it too)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from entrypoints.web import vendor_assets

WEB = Path(vendor_assets.__file__).parent
PYPROJECT = WEB.parents[1] / "pyproject.toml"


def test_vendored_files_match_the_manifest_and_carry_licences() -> None:
    assert vendor_assets.main(["--check"]) == 0
    assert vendor_assets.problems() == []


def test_a_changed_vendored_file_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "vendor"
    shutil.copytree(vendor_assets.VENDOR, copy)
    changed = copy / "uplot@1.6.32" / "uPlot.min.css"
    changed.write_text("/* not the package's */")
    monkeypatch.setattr(vendor_assets, "VENDOR", copy)
    monkeypatch.setattr(vendor_assets, "MANIFEST", copy / "manifest.json")
    assert vendor_assets.problems() == [f"{changed} is missing or differs from the manifest"]


def test_every_template_and_static_file_is_package_data() -> None:
    package_data = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["package-data"]
    patterns = package_data["entrypoints.web"]
    served = [
        p.relative_to(WEB).as_posix()
        for p in WEB.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert served
    packaged = {p.relative_to(WEB).as_posix() for pattern in patterns for p in WEB.glob(pattern)}
    assert sorted(set(served) - packaged) == []
