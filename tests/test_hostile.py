"""Hostile environments (issue 19): a poisoned cache, unreadable folders, empty input, signals,
output targets that cannot be written, unbounded data and control characters, and someone
else's broken configuration. Each test is a row of the README's "What boce-lint promises".

Runs that could hang (a named pipe, a link to /dev/zero) run in a subprocess with a timeout, so
that a regression fails the test instead of the test run.
"""

from __future__ import annotations

import dataclasses
import hmac
import inspect
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from boce_lint.cli import cli
from boce_lint.findings.finding import Finding, Severity, Subject
from boce_lint.formatters import FORMATS, Report, get_formatter
from boce_lint.run import cache as cache_module
from boce_lint.run import cachefiles
from boce_lint.safetext import (
    MAX_QUOTED,
    MAX_TEXT,
    bounded,
    command_safe_path,
    json_escape_invisible,
    quote,
)

ROOT = Path(__file__).resolve().parents[1]
BOCE = ROOT / "fixtures" / "boce"
AS_OF = ["--as-of", "2023-01-01"]
TITLE = "titel: Deelovereenkomst ICT gemeente Emmen – gemeente Borger-Odoorn 2015"
DEEL = Path("deelovereenkomsten") / "ict-borger-odoorn.yaml"
NO_CACHE = shutil.ignore_patterns(".boce-lint-cache")  # should a run have left one in fixtures/
hmac_new = hmac.new  # (the tests below count its calls)


@pytest.fixture(scope="module", autouse=True)
def user_cache(tmp_path_factory) -> Iterator[Path]:
    """One user cache folder (key, parsed rule files) for the child processes of this module:
    each child parses the rulebook from it instead of from scratch."""
    folder = tmp_path_factory.mktemp("user-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


def run(*args: str, cwd: Path | None = None, timeout: float = 120, **extra) -> \
        subprocess.CompletedProcess[str]:
    """boce-lint in a child process."""
    return subprocess.run([sys.executable, "-m", "boce_lint", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, **extra)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    return lines[0]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(BOCE, target, ignore=NO_CACHE)
    return target


# ====================================================================== poisoned cache
def _entries(repo: Path) -> list[Path]:
    return sorted((repo / ".boce-lint-cache" / "v1").glob("*.pickle"))


def _poison_with(kind: str, entry: Path, outside: Path) -> None:
    entry.unlink()
    if kind == "dev-zero":
        entry.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(entry)
    elif kind == "link-out":
        outside.write_bytes(b"BOCECACHE1\n" + b"\0" * 64)
        entry.symlink_to(outside)
    elif kind == "garbage":
        entry.write_bytes(os.urandom(4096))


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "link-out", "garbage"])
def test_a_poisoned_cache_entry_is_discarded_and_rebuilt(repo: Path, tmp_path: Path, kind: str):
    first = run("check", "repo", *AS_OF, "--format", "json", cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    entries = _entries(repo)
    assert entries
    outside = tmp_path / "outside.bin"
    for entry in entries:
        _poison_with(kind, entry, outside)
    again = run("check", "repo", *AS_OF, "--format", "json", cwd=tmp_path, timeout=60)
    assert (again.returncode, again.stdout, again.stderr) == (1, first.stdout, "")
    for entry in _entries(repo):  # rebuilt as regular files; nothing read through a link
        assert stat.S_ISREG(os.lstat(entry).st_mode), entry
    if kind == "link-out":
        assert outside.read_bytes() == b"BOCECACHE1\n" + b"\0" * 64  # the target untouched


def test_an_oversized_cache_entry_is_not_read(repo: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo.parent / ".user-cache"))
    folder = repo / ".boce-lint-cache"
    cache, problem = cache_module.Cache.open(folder)
    assert cache is not None and problem is None
    cache.write("x", {"payload": "y" * 1000})
    assert cache.read("x") is not None
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 100)
    assert cache.read("x") is None
    assert not any(cache.entries.glob("*.pickle"))  # the bad entry was deleted


@pytest.mark.parametrize("others_may_write", [False, True])
def test_a_text_blob_is_used_only_as_signed(repo: Path, monkeypatch, others_may_write: bool):
    """The run's text is mapped and its signature not worked out again only while its file is
    the very file the signed index vouches for, which only this user can change; any other is
    read into memory and checked there; a changed byte is a miss either way."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo.parent / ".user-cache"))
    cache, problem = cache_module.Cache.open(repo / ".boce-lint-cache")
    assert cache is not None and problem is None
    text = b"Gevonden: 1 fout\n" * 1000
    identity = cache.write_bytes("text:x", text)
    assert identity is not None
    blob = cache._path("text:x")
    if others_may_write:
        blob.chmod(0o666)
        identity = cachefiles.identity(os.stat(blob))  # as if written so: vouched all the same
    signed: list[object] = []
    monkeypatch.setattr(cache_module.hmac, "new", lambda *a, **k: signed.append(a) or hmac_new(
        *a, **k))
    found = cache.read_bytes("text:x")  # nothing vouches for it: read and signed
    assert found is not None and bytes(found) == text and type(found.obj) is bytes
    assert len(signed) == 1
    found = cache.read_bytes("text:x", identity)
    assert found is not None and bytes(found) == text
    mapped = not others_may_write and hasattr(os, "geteuid")
    assert type(found.obj).__name__ == ("mmap" if mapped else "bytes")
    assert len(signed) == (1 if mapped else 2)
    data = bytearray(blob.read_bytes())
    data[-3] ^= 1
    blob.write_bytes(bytes(data) + b"\n")  # in place (a longer file: the clock may not move)
    assert cache.read_bytes("text:x", identity) is None
    assert not blob.exists()  # the bad blob was deleted


def test_a_copied_text_blob_is_checked_by_its_signature(repo: Path, tmp_path: Path, monkeypatch):
    """A copy (a committed or restored cache folder) is another file: the identity kept for
    the original does not vouch for it, its signature does (or does not)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo.parent / ".user-cache"))
    cache, _ = cache_module.Cache.open(repo / ".boce-lint-cache")
    assert cache is not None
    identity = cache.write_bytes("text:y", b"tekst\n" * 100)
    assert identity is not None
    original = cache._path("text:y")
    copy = tmp_path / "copy"
    shutil.copy2(original, copy)  # while the original exists: another inode
    os.replace(copy, original)  # the same bytes and times, another file
    signed: list[object] = []
    monkeypatch.setattr(cache_module.hmac, "new", lambda *a, **k: signed.append(a) or hmac_new(
        *a, **k))
    found = cache.read_bytes("text:y", identity)
    assert found is not None and bytes(found) == b"tekst\n" * 100 and len(signed) == 1
    data = bytearray(original.read_bytes())
    data[-2] ^= 1
    copy.write_bytes(bytes(data) + b"\n")  # (it may take the first file's inode: longer)
    os.replace(copy, original)
    assert cache.read_bytes("text:y", identity) is None


def test_a_text_blob_that_cannot_be_mapped_is_read(repo: Path, monkeypatch):
    """A file system that cannot map a file (some FUSE or 9p mounts) gets the text read."""
    import mmap

    monkeypatch.setenv("XDG_CACHE_HOME", str(repo.parent / ".user-cache"))
    cache, _ = cache_module.Cache.open(repo / ".boce-lint-cache")
    assert cache is not None
    identity = cache.write_bytes("text:z", b"tekst\n" * 100)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(19, "No such device")

    monkeypatch.setattr(mmap, "mmap", refuse)
    found = cache.read_bytes("text:z", identity)
    assert found is not None and bytes(found) == b"tekst\n" * 100
    assert cache._path("text:z").exists()


def test_a_cache_folder_that_is_a_link_is_not_used(repo: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".boce-lint-cache").symlink_to(elsewhere)
    done = run("check", "repo", *AS_OF, "--format", "concise", cwd=tmp_path)
    assert done.returncode == 1
    assert "symbolic link" in done.stderr and "without the cache" in done.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_planted_marker_link_does_not_redirect_a_write(repo: Path, tmp_path: Path):
    folder = repo / ".boce-lint-cache"
    folder.mkdir()
    target = tmp_path / "created-through-a-link"
    (folder / ".gitignore").symlink_to(target)  # dangling: writing it would create the target
    done = run("check", "repo", *AS_OF, "--format", "concise", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert not target.exists()


@pytest.mark.parametrize("value, allowed", [
    ("cache", True), ("sub/../cache", True), ("../elsewhere", False), ("/tmp/boce-cache", False),
])
def test_a_repository_configuration_keeps_the_cache_inside(repo: Path, tmp_path: Path,
                                                          value: str, allowed: bool):
    (repo / "boce-lint.toml").write_text(f'cache-dir = "{value}"\n', encoding="utf-8")
    done = run("check", "repo", *AS_OF, "--format", "concise", cwd=tmp_path)
    if allowed:
        assert done.returncode == 1, done.stderr
        assert (repo / "cache" / "v1").is_dir()
    else:
        assert done.returncode == 2
        line = one_error_line(done.stderr)
        assert "boce-lint.toml" in line and "cache-dir" in line and "--cache-dir" in line
        assert not (tmp_path / "elsewhere").exists()


def test_the_command_line_and_the_user_cache_may_point_anywhere(repo, tmp_path, user_cache):
    user_cache = user_cache / "boce-lint" / "repos"
    (repo / "boce-lint.toml").write_text(f'cache-dir = "{user_cache}"\n', encoding="utf-8")
    done = run("check", "repo", *AS_OF, "--format", "concise", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert (user_cache / "v1").is_dir()
    elsewhere = tmp_path / "elsewhere"
    done = run("check", "repo", *AS_OF, "--format", "concise", "--cache-dir", str(elsewhere),
               cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert (elsewhere / "v1").is_dir()


# ==================================================================== unreadable paths
def _unprivileged() -> list[str]:
    """A command prefix under which file permissions apply: as root, without the capabilities
    that let root read anything (chmod 000 would not stop it otherwise)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _check_unprivileged(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*_unprivileged(), sys.executable, "-m", "boce_lint", "check", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)


@pytest.fixture
def half_a_year_unreadable(repo: Path):
    """Two of 2022's four steering-group meetings in a folder nobody may list."""
    hidden = repo / "overleggen" / "2022" / "extra"
    hidden.mkdir()
    for name in ("stuurgroep-2022-09-15.yaml", "stuurgroep-2022-12-08.yaml"):
        (repo / "overleggen" / "2022" / name).rename(hidden / name)
    hidden.chmod(0)
    yield hidden
    if hidden.exists():
        hidden.chmod(0o755)


def _gov002(findings: list[dict]) -> dict[str, str]:
    return {re.search(r"in (\d{4})", f["message"]).group(1): f["outcome"]
            for f in findings if f["rule_id"] == "GOV-002"}


def test_an_unreadable_folder_is_a_finding_and_no_violation(repo, half_a_year_unreadable,
                                                            tmp_path):
    done = _check_unprivileged(tmp_path, "repo", *AS_OF, "--no-cache", "--format", "json")
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    folder = [f for f in findings if f["rule_id"] == "S014"]
    assert [(f["file"], f["line"], f["rule_name"]) for f in folder] == [
        ("repo/overleggen/2022/extra", 1, "unreadable-folder")]
    assert "Permission denied" in folder[0]["message"]
    # Without the two hidden meetings, 2022 would be "the steering group met twice": the rule
    # looked for meetings, which the folder may hold, so it cannot decide.
    years = _gov002(findings)
    assert years["2022"] == "missing-evidence"
    assert set(years.values()) == {"missing-evidence"}
    decided = next(f for f in findings if f["rule_id"] == "GOV-002" and "2022" in f["message"])
    assert "'repo/overleggen/2022/extra' kon niet gelezen worden" in decided["message"]
    # a rule about a document that was read still reports its violations
    assert any(f["rule_id"] == "RK-001" and f["outcome"] == "violation" for f in findings)


def test_an_unlistable_folder_in_process(repo, half_a_year_unreadable, tmp_path, monkeypatch):
    """The same without permissions that apply: listing the folder fails as it would (works as
    root and on any system; ``check`` runs in this process)."""
    half_a_year_unreadable.chmod(0o755)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).resolve() == half_a_year_unreadable.resolve():
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "repo", *AS_OF, "--no-cache", "--isolated", "--format", "json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule_id"], f["file"]) for f in findings if f["rule_id"] == "S014"] == [
        ("S014", "repo/overleggen/2022/extra")]
    assert _gov002(findings)["2022"] == "missing-evidence"


def test_the_same_folder_readable_gives_the_violations(repo, half_a_year_unreadable, tmp_path):
    half_a_year_unreadable.chmod(0o755)
    shutil.rmtree(half_a_year_unreadable)  # the meetings really are missing now
    done = _check_unprivileged(tmp_path, "repo", *AS_OF, "--no-cache", "--format", "json")
    findings = json.loads(done.stdout)["findings"]
    assert not [f for f in findings if f["rule_id"] == "S014"]
    assert _gov002(findings)["2022"] == "violation"


def test_an_unreadable_file_is_a_finding_and_no_violation(repo: Path, tmp_path: Path):
    meeting = repo / "overleggen" / "2022" / "stuurgroep-2022-09-15.yaml"
    meeting.chmod(0)
    try:
        done = _check_unprivileged(tmp_path, "repo", *AS_OF, "--no-cache", "--format", "json")
    finally:
        meeting.chmod(0o644)
    findings = json.loads(done.stdout)["findings"]
    assert [(f["rule_id"], f["file"]) for f in findings if f["rule_id"] == "S013"] == [
        ("S013", "repo/overleggen/2022/stuurgroep-2022-09-15.yaml")]
    assert _gov002(findings)["2022"] == "missing-evidence"


def test_an_unreadable_arrangement_of_a_corpus_is_its_own_finding(tmp_path: Path):
    corpus = tmp_path / "corpus"
    for name in ("a", "b", "c"):
        shutil.copytree(BOCE, corpus / name, ignore=NO_CACHE)
    (corpus / "b").chmod(0)
    try:
        done = _check_unprivileged(tmp_path, "corpus", *AS_OF, "--no-cache", "--format",
                                   "json", "--select", "S014", "--select", "GOV-002")
    finally:
        (corpus / "b").chmod(0o755)
    findings = json.loads(done.stdout)["findings"]
    assert [f["file"] for f in findings if f["rule_id"] == "S014"] == ["corpus/b"]
    # a and c are checked as arrangements of their own: b's absence changes nothing there
    alone = _check_unprivileged(tmp_path, "corpus/a", *AS_OF, "--no-cache", "--format", "json",
                                "--select", "GOV-002")
    assert _gov002([f for f in findings if f["file"].startswith("corpus/a/")]) == \
        _gov002(json.loads(alone.stdout)["findings"])


# ======================================================================== empty input
@pytest.mark.parametrize("contents", [[], ["LEESMIJ.txt"], [".verborgen.yaml"]])
@pytest.mark.parametrize("command", ["check", "report"])
def test_no_contract_documents_is_exit_2(tmp_path: Path, contents: list[str], command: str):
    folder = tmp_path / "leeg"
    folder.mkdir()
    for name in contents:
        (folder / name).write_text("soort: raamovereenkomst\n", encoding="utf-8")
    done = run(command, "leeg", cwd=tmp_path)
    assert done.returncode == 2
    assert "geen contractdocumenten gevonden in leeg" in one_error_line(done.stderr)
    assert done.stdout == ""


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_pipe_as_the_path_is_refused(tmp_path: Path, special: str):
    if special == "fifo":
        os.mkfifo(tmp_path / "pijp.yaml")
        special = "pijp.yaml"
    done = run("check", special, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert f"not a file or folder: {special}" in one_error_line(done.stderr)


# ============================================================================ signals
HOOK = textwrap.dedent('''\
    """Test hook (tests/test_hostile.py): pause a run at a known point and say so."""
    import os, pathlib, time

    READY = pathlib.Path(os.environ["BOCE_TEST_READY"])
    WHERE = os.environ["BOCE_TEST_PAUSE"]

    def pause():
        READY.write_text("ready")
        time.sleep(120)

    if WHERE == "analysis":  # after the cache was written, before any output
        import boce_lint.run.pipeline as pipeline
        real_analyse = pipeline.analyse

        def analyse(*args, **kwargs):
            result = real_analyse(*args, **kwargs)
            pause()
            return result
        pipeline.analyse = analyse
    elif WHERE == "output":  # an output file written to its temporary name, not yet renamed
        real_fchmod = os.fchmod

        def fchmod(fd, mode):
            real_fchmod(fd, mode)
            pause()
        os.fchmod = fchmod
    ''')


def _interrupt(tmp_path: Path, where: str, signum: int) -> subprocess.CompletedProcess[str]:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    ready = tmp_path / f"ready-{where}"
    environment = {**os.environ,
                   "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]),
                   "BOCE_TEST_READY": str(ready), "BOCE_TEST_PAUSE": where}
    child = subprocess.Popen(
        [sys.executable, "-m", "boce_lint", "check", "repo", *AS_OF, "--format", "concise",
         "--output", "sarif=out.sarif", "--output", "json=out.json"],
        cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the run never reached the pause"
        time.sleep(0.05)
    child.send_signal(signum)
    stdout, stderr = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


@pytest.mark.parametrize("where, signum, code, name", [
    ("analysis", signal.SIGINT, 130, "SIGINT"), ("output", signal.SIGINT, 130, "SIGINT"),
    ("output", signal.SIGTERM, 143, "SIGTERM")])
def test_a_signal_exits_cleanly_and_leaves_nothing_half_written(repo, tmp_path, signum, code,
                                                               name, where):
    done = _interrupt(tmp_path, where, signum)
    assert done.returncode == code, done.stderr
    assert one_error_line(done.stderr) == f"boce-lint: interrupted ({name})"
    assert "Aborted" not in done.stderr
    assert not (tmp_path / "out.sarif").exists() and not (tmp_path / "out.json").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []
    # the cache is consistent: no temporary files, and a run from it equals a run without
    assert not list((repo / ".boce-lint-cache").rglob("*.tmp"))
    cached = run("check", "repo", *AS_OF, "--format", "json", cwd=tmp_path)
    fresh = run("check", "repo", *AS_OF, "--format", "json", "--no-cache", cwd=tmp_path)
    assert (cached.returncode, cached.stdout) == (fresh.returncode, fresh.stdout)


# ===================================================================== output targets
def test_an_output_folder_that_does_not_exist_stops_before_the_check(repo: Path, tmp_path):
    done = run("check", "repo", "--output", "sarif=/nonexistent/dir/x.sarif", cwd=tmp_path)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == ("boce-lint: error: kan niet schrijven naar "
                                           "/nonexistent/dir/x.sarif: de map /nonexistent/dir "
                                           "bestaat niet")
    assert done.stdout == ""  # refused before checking
    assert not (repo / ".boce-lint-cache").exists()


@pytest.mark.parametrize("args", [
    ["check", "repo", "--output", "sarif=map"],
    ["check", "repo", "--write-baseline", "nergens/baseline.json"],
    ["report", "repo", "-o", "nergens/rapport.html"],
])
def test_every_output_target_is_checked_first(repo: Path, tmp_path: Path, args: list[str]):
    (tmp_path / "map").mkdir()
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert "kan niet schrijven naar" in one_error_line(done.stderr)
    assert not (repo / ".boce-lint-cache").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_write_error_names_the_path(repo: Path, tmp_path: Path):
    done = run("check", "repo", *AS_OF, "-q", "--output", "sarif=/dev/full", cwd=tmp_path)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == ("boce-lint: error: kan niet schrijven naar /dev/full: "
                                           "No space left on device")
    done = run("report", "repo", *AS_OF, "-o", "/dev/full", "--lang", "en", "--format",
               "markdown", cwd=tmp_path)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == ("boce-lint: error: cannot write to /dev/full: "
                                           "No space left on device")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "boce_lint", "check", "repo", *AS_OF],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120,
                              cwd=tmp_path)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == ("boce-lint: error: kan niet schrijven naar "
                                           "standaarduitvoer: No space left on device")


def test_an_output_file_is_replaced_whole_with_its_permissions(repo: Path, tmp_path: Path):
    target = tmp_path / "out.json"
    target.write_text("oud", encoding="utf-8")
    target.chmod(0o640)
    done = run("check", "repo", *AS_OF, "-q", "--output", "json=out.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["findings"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


# ==================================================================== unbounded output
@pytest.fixture(scope="module")
def huge_title(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("huge")
    shutil.copytree(BOCE, base / "repo", ignore=NO_CACHE)
    document = base / "repo" / DEEL
    text = document.read_text(encoding="utf-8")
    assert TITLE in text
    document.write_text(text.replace(TITLE, "titel: " + "A" * 8_000_000), encoding="utf-8")
    return base


def test_an_8_mb_title_gives_bounded_output_in_every_format(huge_title: Path):
    outputs = [f"--output={name}=out.{name}" for name in FORMATS if name != "text"]
    done = run("check", "repo", *AS_OF, "--no-cache", *outputs, cwd=huge_title, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    sizes = {"text": len(done.stdout.encode())}
    sizes.update({name: (huge_title / f"out.{name}").stat().st_size
                  for name in FORMATS if name != "text"})
    for name, size in sizes.items():  # 420 MB of JSON and 210 MB of text before
        assert size < 2_000_000, (name, size)
    assert "…(8.000.000 tekens)" in done.stdout
    findings = json.loads((huge_title / "out.json").read_text(encoding="utf-8"))["findings"]
    quoted = [f for f in findings if "…(8.000.000 tekens)" in f["message"]]
    assert quoted and all("…(8,000,000 characters)" in f["message_en"] for f in quoted)
    assert all(len(f["message"]) < 1000 for f in findings)


def test_an_8_mb_title_gives_a_bounded_report(huge_title: Path):
    for output_format, name in (("html", "rapport.html"), ("markdown", "rapport.md")):
        done = run("report", "repo", *AS_OF, "--format", output_format, "-o", name,
                   cwd=huge_title, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        size = (huge_title / name).stat().st_size
        assert size < 3_000_000, (output_format, size)  # 488 MB of HTML before


@given(st.text(max_size=600), st.sampled_from(["nl", "en"]))
@settings(max_examples=200, deadline=None)
def test_quote_keeps_short_values_and_bounds_long_ones(value: str, lang: str):
    quoted = quote(value, lang)
    if len(value) <= MAX_QUOTED:
        assert quoted == value
    else:
        assert quoted.startswith(value[:MAX_QUOTED] + "…(")
        assert len(quoted) < MAX_QUOTED + 40
        assert f"{len(value):,}".replace(",", "." if lang == "nl" else ",") in quoted


# A text just over MAX_TEXT, made of a few drawn characters (a drawn text of 2 001 characters
# overruns the data buffer of Hypothesis 6.100, the lowest version allowed).
_LONG = st.builds(lambda piece, extra: (piece * 2_001)[:2_001 + extra],
                  st.text(min_size=1, max_size=3), st.integers(0, 2))
_JSONLIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | _LONG,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(max_size=5) | _LONG | st.integers(), inner, max_size=3), max_leaves=8)


@given(st.text(max_size=30) | _LONG, _JSONLIKE, _JSONLIKE)
@settings(max_examples=150, deadline=None)
def test_a_finding_holds_its_texts_bounded(message: str, evidence: object, pointer: object):
    """What a finding keeps is what ``bounded`` makes of it, whether it checked or copied."""
    finding = Finding(rule_id="R", rule_name="r", severity=Severity.ERROR, message=message,
                      message_en=message, file="f.yaml", evidence={"waarde": evidence},
                      subject=Subject(pointer=pointer))  # type: ignore[arg-type]
    assert finding.message == finding.message_en == bounded(message)
    assert finding.evidence == bounded({"waarde": evidence})
    assert finding.subject.pointer == bounded(pointer)
    assert all(len(text) <= MAX_TEXT + 40 for text in _texts(finding.evidence))


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


def test_a_finding_takes_its_fields_with_their_defaults():
    """Finding's and Subject's written-out ``__init__`` take every field, by name, with its
    default."""
    for record in (Finding, Subject):
        parameters = inspect.signature(record).parameters
        assert list(parameters) == [f.name for f in dataclasses.fields(record)]
    assert Subject() == Subject(None, None, None, "")
    assert Subject("d", "k", "p", "/x") == Subject(document_id="d", kind="k", party="p",
                                                   pointer="/x")
    finding = Finding(rule_id="R", rule_name="r", severity=Severity.ERROR, message="m",
                      file="f.yaml")
    for f in dataclasses.fields(Finding):
        if f.default is not dataclasses.MISSING:
            assert getattr(finding, f.name) == f.default, f.name
        elif f.default_factory is not dataclasses.MISSING:
            assert getattr(finding, f.name) == f.default_factory(), f.name
    assert Finding(rule_id="R", rule_name="r", severity=Severity.ERROR, message="m",
                   file="f.yaml").evidence is not finding.evidence  # not one shared object


# ================================================================ control characters
LINE_FORMATS = ("text", "concise", "github", "junit")
INJECTION = "titel\n::error file=x.yaml::pwned\r\n  ::add-mask::geheim\u2028##[warning]x\x85::x"
INVISIBLE = re.compile("[\x7f-\x9f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def _command_lines(text: str) -> list[str]:
    """Lines a GitHub runner would read as a workflow command (it trims leading spaces)."""
    return [line for line in text.splitlines() if line.lstrip().startswith(("::", "##["))]


def _report(messages: list[str], file: str = "repo/a.yaml") -> Report:
    import datetime as dt

    findings = [Finding(rule_id="DO-001", rule_name="x", severity=Severity.ERROR, message=m,
                        message_en=m, file=file, line=i + 1) for i, m in enumerate(messages)]
    return Report(findings=findings, rules={}, tool_version="t", as_of=dt.date(2023, 1, 1))


@given(st.lists(st.text(alphabet=st.sampled_from(list("ab :#[]\n\r\x0b\x0c\x85\u2028\u2029 \t")),
                        max_size=40), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_one_finding_is_one_line_and_never_a_workflow_command(messages: list[str]):
    report = _report(messages)
    for name in ("concise", "github"):
        lines = get_formatter(name)(report).splitlines()
        assert len(lines) == len(messages), (name, lines)
        if name == "github":
            assert all(re.match(r"::error file=[^:]*,line=\d+,col=\d+,title=", line)
                       for line in lines)
        else:
            assert _command_lines("\n".join(lines)) == []
    text = get_formatter("text")(report)
    assert _command_lines(text) == []
    assert sum(1 for line in text.splitlines() if re.match(r"  \d+:1 ", line)) == len(messages)


@pytest.mark.parametrize("name", ["::add-mask::geheim.yaml", " ::error::x.yaml",
                                  "##[warning]x.yaml"])
def test_a_file_name_cannot_start_a_workflow_command(name: str):
    report = _report(["bericht"], file=name)
    for output_format in LINE_FORMATS:
        out = get_formatter(output_format)(report)
        commands = _command_lines(out)
        if output_format == "github":
            assert len(commands) == 1 and commands[0].startswith("::error file=")
        else:
            assert commands == [], (output_format, out)
    assert command_safe_path(name) == "./" + name


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> dict[str, str]:
    """Every format of a check whose sub-agreement title carries line breaks that read as
    workflow commands, C1 controls, DEL and bidirectional overrides."""
    base = tmp_path_factory.mktemp("injected")
    shutil.copytree(BOCE, base / "repo", ignore=NO_CACHE)
    document = base / "repo" / DEEL
    title = json.dumps("ICT " + INJECTION + " \x9b31m \x7f \u202egnp.exe \u2066x\u2069")
    document.write_text(document.read_text(encoding="utf-8").replace(TITLE, "titel: " + title),
                        encoding="utf-8")
    outputs = [f"--output={name}=out.{name}" for name in FORMATS if name != "text"]
    done = run("check", "repo", *AS_OF, "--no-cache", *outputs, cwd=base)
    assert done.returncode == 1, done.stderr
    result = {name: (base / f"out.{name}").read_text(encoding="utf-8")
              for name in FORMATS if name != "text"}
    result["text"] = done.stdout
    result["base"] = str(base)
    return result


@pytest.mark.parametrize("name", LINE_FORMATS)
def test_line_formats_print_no_workflow_command_from_data(injected, name):
    commands = _command_lines(injected[name])
    if name == "github":  # its own lines, one per finding, and no other
        findings = json.loads(injected["json"])["findings"]
        assert len(commands) == len(injected[name].splitlines()) == len(findings)
        assert all(re.match(r"::(error|warning|notice) file=", line) for line in commands)
    else:
        assert commands == []
    assert "pwned" in injected[name]  # the data is there, on the finding's own line


@pytest.mark.parametrize("name", ["json", "json-lines", "sarif", "gitlab"])
def test_json_formats_escape_invisible_characters(injected, name):
    out = injected[name]
    assert not INVISIBLE.search(out), INVISIBLE.findall(out)
    assert "\\u202e" in out and "\\u2028" in out and "\\u009b" in out
    parsed = [json.loads(line) for line in out.splitlines()] if name == "json-lines" \
        else json.loads(out)
    assert "\u202egnp.exe" in json.dumps(parsed, ensure_ascii=False)  # the data, unchanged


def test_json_escape_is_exact():
    value = {"a\u2028": ["\x7f\x85\u202e\u2066", "gewoon"]}
    text = json_escape_invisible(json.dumps(value, ensure_ascii=False))
    assert not INVISIBLE.search(text) and json.loads(text) == value


def test_a_report_with_control_characters_in_a_chart_label(tmp_path: Path):
    shutil.copytree(BOCE, tmp_path / "repo", ignore=NO_CACHE)
    document = tmp_path / "repo" / DEEL
    document.write_text(document.read_text(encoding="utf-8").replace(
        TITLE, 'titel: "ICT \\e[31m rood \\a bel \\x01 \\u202e \\x9b x"'), encoding="utf-8")
    done = run("report", "repo", *AS_OF, "-o", "rapport.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert one_error_line(done.stderr) == "boce-lint: report written to rapport.html"
    page = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "<svg" in page and "\x1b" not in page and "\x07" not in page


# ============================================================ unrelated configuration
BROKEN = "[project\nname = 'iets anders'\n"


def test_a_broken_pyproject_of_another_tool_does_not_stop_the_check(repo: Path, tmp_path):
    (repo / "pyproject.toml").write_text(BROKEN, encoding="utf-8")
    done = run("check", "repo", *AS_OF, "--format", "concise", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "" and done.stdout


@pytest.mark.parametrize("table", ["[tool.boce-lint]\nfail-on = \n",
                                   "[tool.\"boce-lint\"\nfail-on = 'error'\n"])
def test_a_broken_pyproject_with_our_table_is_an_error_with_its_line(repo, tmp_path, table):
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n" + table, encoding="utf-8")
    done = run("check", "repo", *AS_OF, "--format", "concise", cwd=tmp_path)
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert "pyproject.toml: invalid TOML" in line and re.search(r"line \d+", line)
