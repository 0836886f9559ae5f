"""A plain (non-editable) install carries the shipped article and templates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_installs_and_builds_from_an_empty_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheels.glob("exporter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "exporter/_data/content/peru-military-drug-trafficking.md" in names
    assert "exporter/_data/templates/audiences.yaml" in names
    assert "exporter/_data/templates/executive/deck.pptx" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-m", "exporter", "build", "-a", "public"],
                            cwd=empty, env=environment, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    written = [empty / line for line in result.stdout.splitlines()]
    assert len(written) == 2 and all(path.is_file() for path in written)
    located = subprocess.run([sys.executable, "-c", "import exporter; print(exporter.__file__)"],
                             cwd=empty, env=environment, capture_output=True, text=True,
                             check=True).stdout
    assert located.startswith(str(target))
