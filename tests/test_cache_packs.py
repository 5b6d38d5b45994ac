"""A cold run over many arrangements writes their cache entries as one pack: later runs read
them from it, and a damaged pack is a miss, never wrong output. Nothing here is timed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from boce_lint.run.cache import CACHE_DIR_NAME, PACK_AFTER

ROOT = Path(__file__).parents[1]
ARRANGEMENTS = PACK_AFTER + 2


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    environment.pop("NO_COLOR", None)
    return environment


@pytest.fixture
def land(tmp_path: Path) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_corpus import generate
    finally:
        sys.path.pop(0)
    corpus = tmp_path / "land"
    generate(corpus, documents=20 * ARRANGEMENTS, municipalities=ARRANGEMENTS)
    assert len([p for p in corpus.iterdir() if p.is_dir()]) == ARRANGEMENTS
    return corpus


def check(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "boce_lint", "check", "land", "--as-of",
                           "2024-03-01", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=300)


def test_many_entries_go_into_one_pack_that_later_runs_read(land: Path, env: dict[str, str]):
    cwd = land.parent
    entries = land / CACHE_DIR_NAME / "v1"
    fresh = {output: check(cwd, env, "--format", output, "--no-cache").stdout
             for output in ("text", "json")}
    cold = check(cwd, env, "--format", "json")
    assert (cold.stdout, cold.stderr) == (fresh["json"], b"")
    packs = sorted(entries.glob("*.pack"))
    assert len(packs) == 1
    # one file for every arrangement's entry; besides it only the run's own entries: the
    # folders listed, the last walk and the table of packs
    assert len(list(entries.glob("*.pickle"))) <= 3
    # the next runs take every arrangement's findings from the pack: no entry is written
    for output in ("json", "text", "text"):
        assert check(cwd, env, "--format", output).stdout == fresh[output]
    assert sorted(entries.glob("*.pack")) == packs
    # a damaged pack: its entries are misses, the output stays the same
    data = bytearray(packs[0].read_bytes())
    for at in range(100, len(data), len(data) // 50):
        data[at] ^= 1
    packs[0].write_bytes(bytes(data))
    again = check(cwd, env, "--format", "json")
    assert (again.stdout, again.stderr) == (fresh["json"], b"")
    anew = sorted(entries.glob("*.pack"))  # written anew, the damaged one deleted
    assert len(anew) == 1 and anew != packs
    # after one file changed: a few entries are written one file each, read before the pack
    meeting = next(land.glob("*/overleggen/**/*.yaml"))
    meeting.write_text(meeting.read_text(encoding="utf-8") + "onbekend_veld: 1\n",
                       encoding="utf-8")
    for output in ("text", "json", "json", "text"):
        changed = check(cwd, env, "--format", output)
        assert changed.stdout == check(cwd, env, "--format", output, "--no-cache").stdout
        assert changed.stdout != fresh[output]
    # the changed arrangement's own entry is read before the pack's older one: a further run
    # checks nothing again and writes nothing
    expected = check(cwd, env, "--format", "json", "--no-cache").stdout
    written = {p.name: p.stat().st_ino for p in entries.iterdir()}
    assert check(cwd, env, "--format", "json").stdout == expected
    assert {p.name: p.stat().st_ino for p in entries.iterdir()} == written


def test_a_text_run_keeps_no_findings_for_other_outputs(land: Path, env: dict[str, str]):
    """Text alone keeps each arrangement's part in the run's index, and its entries hold no
    findings: a run with another output checks again, and prints what a fresh run prints."""
    cwd = land.parent
    assert check(cwd, env).stdout == check(cwd, env, "--no-cache").stdout
    packs = sorted((land / CACHE_DIR_NAME / "v1").glob("*.pack"))
    assert len(packs) == 1
    for _ in range(2):
        assert check(cwd, env, "--format", "json").stdout == \
            check(cwd, env, "--format", "json", "--no-cache").stdout
    assert sorted((land / CACHE_DIR_NAME / "v1").glob("*.pack")) != packs  # checked again


def test_a_pack_that_is_gone_is_a_miss(land: Path, env: dict[str, str]):
    cwd = land.parent
    expected = check(cwd, env, "--format", "json", "--no-cache").stdout
    assert check(cwd, env, "--format", "json").stdout == expected
    packs = list((land / CACHE_DIR_NAME / "v1").glob("*.pack"))
    assert packs
    for pack in packs:
        pack.unlink()
    again = check(cwd, env, "--format", "json")
    assert (again.stdout, again.stderr) == (expected, b"")
