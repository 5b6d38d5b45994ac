"""The release files: an sdist and a wheel that build, pass ``twine check`` and work installed.

No package index carries boce-lint; the README's CI recipes install a release file (or a tag
from the organisation's git host), so these files must be complete on their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from boce_lint import __version__
from boce_lint.source import accelerator

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
    [wheel] = dist.glob("*.whl")
    assert files == [wheel.name, f"boce_lint-{__version__}.tar.gz"], files
    # with the YAML accelerator compiled in, the wheel is for this platform; else pure Python
    compiled = [n for n in zipfile.ZipFile(wheel).namelist() if "_fastyaml" in n]
    tag = wheel.name.removeprefix(f"boce_lint-{__version__}-").removesuffix(".whl")
    if compiled:
        assert compiled == [f"boce_lint/source/_fastyaml{sysconfig.get_config_var('EXT_SUFFIX')}"]
        assert tag.startswith(f"cp{sys.version_info[0]}{sys.version_info[1]}-"), tag
    else:
        assert tag == "py3-none-any"
    if accelerator.load() is not None:  # this machine can compile it: the wheel must carry it
        assert compiled, "the accelerator was not compiled into the wheel"
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


def test_without_a_compiler_the_wheel_is_pure_python(tmp_path: Path) -> None:
    """No compiler or no libyaml headers (here: a compiler that fails) is one line of the build
    and a pure-Python wheel that works, with ``--version`` saying so."""
    out = tmp_path / "dist"
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                           str(out), str(ROOT)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CC": "false"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "boce-lint: YAML accelerator not built (" in done.stdout + done.stderr
    [wheel] = out.glob("*.whl")
    assert wheel.name == f"boce_lint-{__version__}-py3-none-any.whl"
    assert not [n for n in zipfile.ZipFile(wheel).namelist() if "_fastyaml" in n]
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=120)
    shown = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, "
                            f"{str(target)!r}); from boce_lint.cli import main; main()",
                            "--version"], capture_output=True, text=True, cwd=tmp_path,
                           timeout=120)
    assert shown.stdout.splitlines()[1:] == ["YAML: Python composer (C accelerator not built)"]
