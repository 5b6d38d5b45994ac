"""What keeps ``boce-lint`` quick to start: a check imports only what it uses, and a run with
neither a cache nor a second process pickles nothing. Structural tests, never timed (the
benchmarks measure the time: ``benchmarks/run.py``, start-up)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from boce_lint.config import LoadedConfig, Settings
from boce_lint.formatters.text import _expand_tabs, cells
from boce_lint.run.check import build_rulebook, run_check

ROOT = Path(__file__).parents[1]
# Libraries of other commands (report, agenda, server, upgrade, schema, colour output) and of the
# slow paths (explaining a schema error, forking workers): a plain check needs none of them.
NOT_FOR_CHECK = ("jsonschema", "pydantic", "rich", "jinja2", "matplotlib", "pygls", "icalendar",
                 "ruamel", "multiprocessing")

PROBE = """
import json, sys
from boce_lint.launch import main
out, sys.argv = sys.argv[1], ["boce-lint", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
with open(out, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""
# The rule language's parser, syntax tree and compiler: a warm start loads the compiled
# rulebook from the cache (generated code and plain metadata) and needs none of them.
# The functions' typed records (builtins.py) and the types are the type checker's: generated
# code calls the functions themselves (functions.py).
COMPILING = ("lark", "boce_lint.dsl.ast", "boce_lint.dsl.parser", "boce_lint.dsl.compiler",
             "boce_lint.dsl.expressions", "boce_lint.dsl.access", "boce_lint.dsl.builtins",
             "boce_lint.dsl.types")
# Nor, then, these of the standard library (which Lark and the compiler use): for wording a
# mistake, writing a file and 'upgrade --diff'.
STANDARD_NOT_FOR_CHECK = ("difflib", "tempfile", "shutil")
# What running a rule's generated code needs: a warm check whose findings all come from the
# repository's cache runs no rule (the code of the rules is read when one first runs).
RUNNING = ("boce_lint.rulebook.engine", "boce_lint.dsl.support", "boce_lint.dsl.codegen",
           "boce_lint.dsl.functions")
# What loading a file needs (the loader, PyYAML, the composers): such a check lists the files
# and loads none (the accelerator it may import: its batched stat lists them, source/stats.py).
PARSING = ("boce_lint.source.loader", "yaml", "boce_lint.source.composer",
           "boce_lint.source.scalars", "boce_lint.source.schemafacts")


def imported_by(tmp_path: Path, *args: str) -> set[str]:
    """The top-level packages a fresh ``boce-lint ARGS`` process has imported when it ends."""
    return {name.split(".")[0] for name in modules_of(tmp_path, *args)}


def modules_of(tmp_path: Path, *args: str) -> set[str]:
    """Every module a fresh ``boce-lint ARGS`` process has imported when it ends."""
    out = tmp_path / "modules.json"
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    environment.pop("FORCE_COLOR", None)
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], cwd=ROOT,
                          env=environment, capture_output=True, timeout=300)
    assert out.exists(), done.stderr.decode()
    return set(json.loads(out.read_text()))


@pytest.mark.parametrize("cache", [["--no-cache"], ["--cache-dir", "{tmp}/cache"]])
def test_check_imports_only_what_it_uses(tmp_path: Path, cache: list[str]) -> None:
    cache = [arg.replace("{tmp}", str(tmp_path)) for arg in cache]
    # the first run compiles the rulebook; the next loads it from the user cache, also with
    # --no-cache (the repository's cache of findings)
    for warm in (False, True):
        modules = modules_of(tmp_path, "check", "fixtures/boce", "--format", "text",
                             "--as-of", "2023-01-01", *cache)
        loaded = {name.split(".")[0] for name in modules}
        assert "boce_lint.run.pipeline" in modules  # the probe saw the check run
        assert not loaded & set(NOT_FOR_CHECK), sorted(loaded & set(NOT_FOR_CHECK))
        if warm and "--cache-dir" in cache:  # every finding from the repository's cache
            assert not modules & {*RUNNING, *PARSING}, sorted(modules & {*RUNNING, *PARSING})
        else:
            # the files parsed (with the accelerator, PyYAML is not imported: test_scalars.py)
            assert set(RUNNING) <= modules and "boce_lint.source.loader" in modules
        if warm:  # the compiled rulebook came from the user cache
            assert not modules & {*COMPILING, *STANDARD_NOT_FOR_CHECK}, \
                sorted(modules & {*COMPILING, *STANDARD_NOT_FOR_CHECK})
        else:
            assert set(COMPILING) <= modules


def test_version_imports_nothing_of_the_command_line(tmp_path: Path) -> None:
    loaded = imported_by(tmp_path, "--version")
    assert "boce_lint" in loaded
    assert not loaded & {"click", "yaml", "lark", *NOT_FOR_CHECK}


def test_the_heavy_libraries_load_when_the_invocation_needs_them(tmp_path: Path) -> None:
    broken = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "boce", broken)
    framework = broken / "raamovereenkomst.yaml"
    framework.write_text(framework.read_text(encoding="utf-8").replace(
        "versie: 2", "versie: 2\nonbekend_veld: 1", 1), encoding="utf-8")
    loaded = imported_by(tmp_path, "check", str(broken), "--no-cache", "--color", "always")
    assert {"jsonschema", "rich"} <= loaded  # a schema error explained; colour printed by rich


# ------------------------------------------------------------------------------- pickling
@pytest.mark.parametrize("arrangements", [1, 2])
def test_no_pickling_without_cache_and_second_process(tmp_path: Path, arrangements: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """One repository, and a corpus of two arrangements (checked one by one): in one process
    and without a cache, nothing is pickled — not the files, not the findings."""
    target = tmp_path / "corpus"
    for index in range(arrangements):
        shutil.copytree(ROOT / "fixtures" / "boce",
                        target / f"a{index}" if arrangements > 1 else target)
    settings_ = Settings(cache=False, jobs=1, as_of="2023-01-01")
    config = LoadedConfig(settings=settings_, path=None)
    book = build_rulebook(settings_, config)  # the rulebook (and its own cache) before
    expected = run_check([target], settings_, config, book=book, keep_repository=False).findings
    calls: list[str] = []
    for name in ("dumps", "loads", "dump", "load"):
        monkeypatch.setattr(pickle, name, lambda *a, name=name, **k: calls.append(name))
    result = run_check([target], settings_, config, book=book, keep_repository=False)
    assert result.findings == expected and len(expected) > arrangements
    pieces = run_check([target], settings_, config, book=book, keep_repository=False,
                       text_pieces=True).pieces  # the text output made per arrangement
    assert pieces is not None and len(pieces) == arrangements
    assert calls == []


@pytest.mark.parametrize("path, as_of, code", [("boce", "2023-01-01", 1),
                                                 ("compliant", "2024-03-01", 0)])
def test_the_command_leaves_without_teardown_yet_flushed(tmp_path: Path, path: str, as_of: str,
                                                          code: int) -> None:
    """``python -m boce_lint`` (and the installed script) ends with ``os._exit``: the same
    output, whole, and the same exit code as leaving the normal way (``launch.main``)."""
    args = ["check", f"fixtures/{path}", "--as-of", as_of, "--no-cache", "--isolated"]
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    normal = subprocess.run([sys.executable, "-c", "import sys; from boce_lint.launch import "
                             "main; sys.argv[1:] = sys.argv[2:]; main()", "-", *args], cwd=ROOT,
                            env=environment, capture_output=True, timeout=300)
    hard = subprocess.run([sys.executable, "-c", HARD_EXIT, *args], cwd=ROOT, env=environment,
                          capture_output=True, timeout=300)
    assert (hard.returncode, hard.stdout) == (code, normal.stdout)
    assert hard.stderr == normal.stderr + f"os._exit({code})".encode()  # it did end so
    assert normal.returncode == code and len(hard.stdout) > (8192 if code else 0)


# ``python -m boce_lint ARGS`` saying on standard error that it ends with ``os._exit``
HARD_EXIT = """
import os, runpy, sys
hard_exit = os._exit
def said(code):
    os.write(2, f"os._exit({code})".encode())
    hard_exit(code)
os._exit = said
sys.argv = ["boce-lint", *sys.argv[1:]]
runpy.run_module("boce_lint", run_name="__main__")
"""


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_closed_stream_leaves_the_normal_way(closed: str) -> None:
    """With ``>&-`` or ``2>&-`` there is no stream to flush: the exit code is the one the
    command gives (a usage error here), not an error of the exit itself."""
    done = subprocess.run([sys.executable, "-m", "boce_lint", "check", "no-such-folder"],
                          cwd=ROOT, timeout=300, **{closed: subprocess.DEVNULL},
                          preexec_fn=lambda: os.close(1 if closed == "stdout" else 2))
    assert done.returncode == 2


def test_the_command_leaves_the_normal_way_when_something_waits_for_the_exit() -> None:
    """A function registered with ``atexit`` (coverage's, say) still runs."""
    done = subprocess.run([sys.executable, "-c", "import atexit, sys; atexit.register(print, "
                           "'tot ziens'); from boce_lint.launch import command; sys.argv[1:] = "
                           "['rules']; command()"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0 and done.stdout.endswith("tot ziens\n"), done.stderr


# ------------------------------------------------------------------ text width without rich
TEXTS = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x3ff), st.sampled_from("\t中文é\u0301😀 ")),
    max_size=30)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cells_and_tabs_as_rich_counts_them(text: str) -> None:
    assert cells(text) == cell_len(text)
    expanded = Text(text)
    expanded.expand_tabs(8)
    assert _expand_tabs(text) == expanded.plain
