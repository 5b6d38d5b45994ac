"""The release files: an sdist and a wheel that build, pass ``twine check`` and work installed.

No package index carries boce-lint; the README's CI recipes install a release file (or a tag
from the organisation's git host), so these files must be complete on their own.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from boce_lint import __version__

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: build with the hatchling of the test environment, without an index
    done = subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation",
                           "--outdir", str(out), str(ROOT)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out


def test_sdist_and_wheel_pass_twine_check(dist: Path) -> None:
    files = sorted(p.name for p in dist.iterdir())
    assert files == [f"boce_lint-{__version__}-py3-none-any.whl",
                     f"boce_lint-{__version__}.tar.gz"], files
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                           *map(str, dist.iterdir())], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_the_installed_wheel_checks_a_repository(dist: Path, tmp_path: Path) -> None:
    """The wheel alone (rules, grammar, schemas, templates inside) runs a check outside the
    source tree, with the same findings as the source tree gives."""
    [wheel] = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("boce_lint/_data/grammar/boce.lark", "boce_lint/_data/rules/bronnen.yaml",
                   "boce_lint/schemas/raamovereenkomst.schema.json",
                   "boce_lint/templates/boce-lint.toml"):
        assert needed in names, needed
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=120)
    args = ["-m", "boce_lint", "check", str(ROOT / "fixtures" / "boce"), "--isolated",
            "--no-cache", "--as-of", "2023-01-01", "--format", "concise"]
    installed = subprocess.run([sys.executable, "-I", "-c",
                                f"import sys; sys.path.insert(0, {str(target)!r}); "
                                "import boce_lint; "
                                f"assert boce_lint.__file__.startswith({str(target)!r}); "
                                "import runpy; sys.argv = ['boce-lint', *sys.argv[1:]]; "
                                "runpy.run_module('boce_lint', run_name='__main__')",
                                *args[2:]], capture_output=True, text=True, cwd=tmp_path,
                               timeout=300)
    source = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert installed.returncode == source.returncode == 1, installed.stderr[-2000:]
    assert installed.stdout == source.stdout and installed.stdout.count("\n") > 50
