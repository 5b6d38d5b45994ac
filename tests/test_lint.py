"""The code stays typed and linted: ``mypy --strict`` and ``ruff`` (the project's configuration)
report nothing. Skipped where the tools are not installed (they are in the ``test`` extra)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_ruff_reports_nothing() -> None:
    run = subprocess.run([_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_reports_nothing() -> None:
    run = subprocess.run([_tool("mypy"), "--strict", "boce_lint"], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr



def test_no_module_is_over_500_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "boce_lint").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, long
