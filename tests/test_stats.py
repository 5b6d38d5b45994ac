"""The batched sizes and times of a warm run: the C accelerator's ``stat_groups`` gives what
``os.stat`` gives, number for number, and None where ``os.stat`` fails -- so a warm run takes
the same groups, folders and framework agreements from its records with or without it."""

from __future__ import annotations

import os
from array import array
from pathlib import Path

import pytest

from boce_lint.source import accelerator
from boce_lint.source.stats import stat_groups, stat_groups_python

native = getattr(accelerator.load(), "stat_groups", None)
built = pytest.mark.skipif(native is None, reason="the C accelerator is not built")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Regular files (many: the C code shares them out over two threads), a folder, a link to
    a file and a broken one, and a name that is not UTF-8."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "map"
    folder.mkdir()
    for i in range(600):
        (folder / f"doc-{i:03}.yaml").write_text("x" * i)
        os.utime(folder / f"doc-{i:03}.yaml", ns=(1, 1_500_000_000_123_456_789 + i))
    (tmp_path / "één.yaml").write_text("soort: raamovereenkomst\n")
    os.symlink("map/doc-007.yaml", tmp_path / "link.yaml")
    os.symlink("nowhere.yaml", tmp_path / "broken.yaml")
    try:
        (tmp_path / os.fsdecode(b"caf\xe9.yaml")).write_text("y")
        os.utime(tmp_path / os.fsdecode(b"caf\xe9.yaml"), ns=(1, -1_234_567_891))
    except (OSError, UnicodeError):
        pytest.skip("this file system takes no name that is not UTF-8")
    return tmp_path


def groups() -> list[str]:
    docs = [f"map/doc-{i:03}.yaml" for i in range(600)]
    return ["", "\0".join(docs), "\0".join(docs[:400] + ["missing.yaml"] + docs[400:]),
            "\0".join(docs[:350]), "\0".join(docs[350:]), "link.yaml", "broken.yaml",
            "één.yaml", os.fsdecode(b"caf\xe9.yaml"), "map", "map\0.", "missing.yaml",
            "map/doc-001.yaml\0", "\ud800.yaml", *docs[:5]]


@built
@pytest.mark.parametrize("folders", [False, True])
def test_c_and_python_give_the_same_numbers(tree: Path, folders: bool) -> None:
    assert native is not None
    assert native([], folders) == stat_groups_python([], folders) == []
    asked = groups()
    assert native(asked, folders) == stat_groups_python(asked, folders)


@pytest.mark.parametrize("use", ["native", "python"])
def test_the_numbers_are_those_of_os_stat(tree: Path, use: str) -> None:
    if use == "native" and native is None:
        pytest.skip("the C accelerator is not built")
    batched = native if use == "native" else stat_groups_python
    assert batched is not None
    name = os.fsdecode(b"caf\xe9.yaml")
    files = batched(["", f"link.yaml\0{name}", "map\0broken.yaml", "missing.yaml"], False)
    link, cafe = os.stat("link.yaml"), os.stat(name)
    assert files[0] == b""
    assert files[1] == array("q", [link.st_size, link.st_mtime_ns,
                                   cafe.st_size, cafe.st_mtime_ns]).tobytes()
    assert files[2:] == [None, None]  # a broken link and a missing file: nothing to compare
    here = os.stat(".")
    assert batched(["."], True) == [array(
        "q", [here.st_dev, here.st_ino, here.st_mtime_ns, here.st_ctime_ns]).tobytes()]


def test_the_run_uses_the_accelerator_when_it_is_there(tree: Path) -> None:
    assert stat_groups(["map/doc-003.yaml"]) == stat_groups_python(["map/doc-003.yaml"])
    from boce_lint.source import stats

    assert stats._batched() is (native or stat_groups_python)


def test_a_file_added_after_a_kept_walk_is_found(tmp_path: Path) -> None:
    """A warm run after one that kept the whole walk asks about the walk's folders once and,
    a folder having changed, walks again comparing each folder with its record by those
    numbers: a file added, and then one removed, is seen as by a run without the cache."""
    import shutil
    import subprocess
    import sys
    import time

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "compliant", root,
                    ignore=shutil.ignore_patterns(".boce-lint-cache"))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}

    def check(*extra: str) -> bytes:
        return subprocess.run([sys.executable, "-m", "boce_lint", "check", "repo", "--as-of",
                               "2024-03-01", *extra], cwd=tmp_path, env=env,
                              capture_output=True, timeout=300).stdout

    check()  # makes the cache folder in the root: the root is too new to be kept
    time.sleep(2.1)
    check()  # every folder old enough: the walk is kept
    added = next((root / "overleggen").glob("*/*.yaml")).parent / "extra-overleg.yaml"
    for step in (lambda: added.write_text("soort: [\n"), added.unlink):
        time.sleep(2.1)
        check()  # (the walk kept again)
        step()
        warm = check()
        assert warm == check("--no-cache")
        assert (b"extra-overleg.yaml" in warm) == added.exists()  # a syntax error found
