"""Hostile and broken input: what boce-lint promises (README, "What boce-lint promises").

Contract repositories come from many hands. These tests feed boce-lint what a careless or
malicious hand could commit — alias bombs, absurd nesting, huge files, object-constructing
tags, duplicate keys, foreign encodings, symlinks and pipes, control characters in contract
text, rule files that try to escape or run forever — and check that it never crashes, hangs,
exhausts memory or lets data become markup or terminal codes, and that it says where the
problem is. Determinism and "never writes what it checks" are tested here as well.

The random (property-based) side of the same promises is in ``test_properties.py``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from ruletools import compile_text

from boce_lint.cli import cli
from boce_lint.dsl import compiler as dsl_compiler
from boce_lint.dsl import runtime as dsl_runtime
from boce_lint.dsl.builtins import BUILTINS
from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.parser import parse_rules
from boce_lint.rulebook.engine import evaluate
from boce_lint.run.pipeline import load_repository
from boce_lint.source.files import discover
from boce_lint.source.loader import load_file
from boce_lint.source.yamlsource import MAX_ALIAS_NODES, MAX_DEPTH, MAX_VALUES, ParseProblem, parse

ROOT = Path(__file__).resolve().parents[1]
BOCE = ROOT / "fixtures" / "boce"
AS_OF = ["--as-of", "2023-01-01"]
HEADER = "soort: bijlage\nversie: 2\nid: bijlage-gevaar\ntype: overig\n"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def no_crash(result) -> None:
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"boce-lint crashed: {result.exception!r}")


def loaded(path: Path) -> list[tuple[str, int, int]]:
    findings = load_file(path, path.name).findings
    return [(f.rule_id, f.line, f.column) for f in findings]


# ============================================================== YAML hazards, in a subprocess
# Each hazard is loaded in a child process, so that a crash of the YAML library (a C stack
# overflow is a segmentation fault, not an exception) fails the test instead of the test run.
# The child counts the parser events read (the limits must act as the events arrive, not after
# the whole file is read: a count, the same on any machine, where a time would depend on the
# load) and measures memory twice: the Python heap (tracemalloc) and the resident set (which
# also sees libyaml's own allocations).
PROBE = r"""
import json, resource, sys, tracemalloc
from pathlib import Path
from boce_lint.source import composer
from boce_lint.source.loader import load_file

events = 0
read_event = composer.Loader.get_event


def counting_get_event(self):
    global events
    events += 1
    return read_event(self)


composer.Loader.get_event = counting_get_event
out = {}
for name in sys.argv[1:]:
    path = Path(name)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    events = 0
    findings = load_file(path, path.name).findings
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    read, heap = events, None
    if read < 10_000:  # tracemalloc slows Python down several times: only where that is cheap
        tracemalloc.start()
        load_file(path, path.name)
        heap = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    out[path.name] = {"events": read, "heap": heap, "rss": rss_growth * scale,
                      "findings": [[f.rule_id, f.line, f.column, f.message] for f in findings]}
print(json.dumps(out))
"""
MB = 1024 * 1024


def probe(*paths: Path, pure: bool = False) -> dict[str, dict]:
    """Load ``paths`` in a child process: with the C accelerator when it is built, or with the
    Python composer (``pure``), whose events the child counts."""
    env = {**os.environ, "BOCE_LINT_PURE_YAML": "1" if pure else ""}
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, paths)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env=env)
    assert done.returncode == 0, f"the loader crashed ({done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = [HEADER.rstrip("\n"), "inbreng:", f"  a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels + 1):
        lines.append(f"  a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module", params=["pure", "native"])
def hazards(tmp_path_factory, request) -> dict[str, dict]:
    """Every YAML hazard written once and loaded in one child process, by each composer (the
    events are counted for the Python one: the C accelerator reads the same events)."""
    folder = tmp_path_factory.mktemp("hazards")
    deep = 10_000
    files = {
        # "billion laughs": 9 levels of 9 aliases, 9^9 values once expanded
        "bomb.yaml": billion_laughs(),
        # the same, 1000 wide: each alias stands for a million values after two levels
        "wide-bomb.yaml": billion_laughs(levels=4, width=1000),
        # 10 000 levels, flow style, in a list and in a map
        "flow-list.yaml": HEADER + "inbreng: " + "[" * deep + "]" * deep + "\n",
        "flow-map.yaml": "{a: " * deep + "1" + "}" * deep + "\n",
        # 10 000 levels, block style: compact nested lists on one line ...
        "block-list.yaml": "- " * deep + "x\n",
        # ... and a block mapping indented one more space per level (3 000 levels: 4.5 MB; at
        # 10 000 levels the file would be 50 MB and refused for its size)
        "block-map.yaml": "".join(" " * i + "k:\n" for i in range(3000)),
        "deep.json": "[" * deep + "]" * deep,
        # 1 000 000 levels (2 MB): PyYAML's own composer overflows the C stack on this
        "flow-million.yaml": "[" * 1_000_000,
        # 300 000 values in one list (600 kB)
        "many-values.yaml": "x: [" + "0," * 300_000 + "0]\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return probe(*(folder / name for name in files), pure=request.param == "pure")


def only_finding(result: dict) -> tuple[str, int, int, str]:
    (finding,) = result["findings"]
    return tuple(finding)  # type: ignore[return-value]


def test_billion_laughs_refused_small(hazards):
    for name in ("bomb.yaml", "wide-bomb.yaml"):
        result = hazards[name]
        rule, line, column, message = only_finding(result)
        assert rule == "S011" and "te veel aliassen" in message
        assert result["heap"] < 100 * MB and result["rss"] < 100 * MB, result
    # The place is the alias whose expansion goes over the limit. In the 9 x 9 bomb a0..a3
    # stand for 10, 91, 820 and 7 381 values; expanding a1..a3 costs 90 + 819 + 7 380 = 8 289,
    # so the first '*a3' (in a4) is the one that goes over 10 000.
    lines = billion_laughs().splitlines()
    _, line, column, _ = only_finding(hazards["bomb.yaml"])
    assert lines[line - 1].startswith("  a4: &a4 [*a3") and column == len("  a4: &a4 [") + 1


def test_alias_limit_counts_every_value_an_alias_stands_for():
    # 99 aliases of a list of 99 values: 99 x 100 = 9 900 values, under the limit ...
    assert len(parse(billion_laughs(levels=1, width=99)).data["inbreng"]["a1"]) == 99
    # ... 100 x 101 = 10 100 is over it
    with pytest.raises(ParseProblem) as info:
        parse(billion_laughs(levels=1, width=100))
    assert info.value.code == "alias-limit"


@pytest.mark.parametrize("name, line, column", [
    # the first value deeper than MAX_DEPTH (64) levels: root is level 0
    ("flow-list.yaml", 5, len("inbreng: ") + MAX_DEPTH + 1),
    ("flow-map.yaml", 1, 4 * (MAX_DEPTH + 1) + 1),
    ("block-list.yaml", 1, 2 * (MAX_DEPTH + 1) + 1),
    ("block-map.yaml", MAX_DEPTH + 2, MAX_DEPTH + 2),
    ("deep.json", 1, MAX_DEPTH + 2),
    ("flow-million.yaml", 1, MAX_DEPTH + 2),
])
def test_deep_nesting_is_reported_where_it_gets_too_deep(hazards, name, line, column):
    result = hazards[name]
    rule, got_line, got_column, message = only_finding(result)
    assert (rule, got_line, got_column) == ("S011", line, column), message
    assert f"dieper genest dan {MAX_DEPTH} niveaus" in message
    # stopped at the first level too deep (twice where libyaml's own limit stopped it first)
    assert result["events"] <= 2 * (MAX_DEPTH + 20), result["events"]
    assert result["heap"] < 100 * MB and result["rss"] < 100 * MB, result


@pytest.mark.parametrize("text, limit_at, line, column", [
    ("[" * 2000, (0, 500), 1, MAX_DEPTH + 2),
    ("a: é\r\ncafé: " + "[" * 2000, (1, 500), 2, len("café: ") + MAX_DEPTH + 1),
])
def test_libyamls_own_nesting_limit_is_the_same_finding(text, limit_at, line, column):
    """libyaml 0.2.6 stops at 1 000 levels, while its scanner reads ahead of the events; the
    finding must not depend on the libyaml build: the same S011 at the first level past 64."""
    from boce_lint.source import yamlsource

    with pytest.raises(ParseProblem) as info:
        yamlsource._too_deep_before(text, *limit_at)  # as if libyaml had stopped there
    assert (info.value.code, info.value.line, info.value.column) == ("too-deep", line, column)
    with pytest.raises(ParseProblem) as info:
        parse(text)  # whichever libyaml this is
    assert (info.value.code, info.value.line, info.value.column) == ("too-deep", line, column)


def test_too_many_values_is_reported(hazards):
    result = hazards["many-values.yaml"]
    rule, line, column, message = only_finding(result)
    assert rule == "S011" and line == 1
    # values are counted from the top: the object, the list, then its items
    assert column == len("x: [") + 1 + 2 * (MAX_VALUES - 2)
    assert f"meer dan {MAX_VALUES} waarden" in message
    assert result["events"] <= MAX_VALUES + 10 and result["rss"] < 150 * MB, result


def test_parse_does_not_use_the_recursive_composer(monkeypatch):
    """PyYAML's composer recurses (in C: a crash, not an exception) and builds the whole tree
    before any limit could act; parse() composes the event stream itself."""
    def refuse(*args, **kwargs):
        raise AssertionError("yaml.compose must not be used")

    monkeypatch.setattr(yaml, "compose", refuse)
    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        monkeypatch.setattr(loader, "get_single_node", refuse)
    assert parse(HEADER).data["id"] == "bijlage-gevaar"


# ============================================================== size
def test_a_100_mb_file_is_not_read(tmp_path, monkeypatch):
    big = tmp_path / "groot.yaml"
    with big.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(100 * MB)
    reads: list[Path] = []
    original = Path.read_bytes

    def spy(self):
        reads.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    assert loaded(big) == [("S010", 1, 1)]
    monkeypatch.chdir(tmp_path)
    for fmt in ("concise", "text"):  # text shows the offending line: not of this file
        result = invoke("check", ".", "--isolated", "--no-cache", "--select", "S", "--format",
                        fmt)
        no_crash(result)
        assert "S010" in result.output and "Het bestand is 100 MB" in result.output
    assert not [path for path in reads if path.name == "groot.yaml"]


# ============================================================== duplicate keys
@pytest.mark.parametrize("text, line, column", [
    ("soort: overleg\nversie: 2\nid: a\nsoort: bijlage\n", 4, 1),
    ("soort: overleg\nversie: 2\nid: a\nagenda: [{onderwerp: x, onderwerp: y}]\n", 4, 25),
    ("soort: overleg\nversie: 2\nid: a\n'id': b\n", 4, 1),  # quoted and plain are one key
    ('{"soort": "overleg", "versie": 2, "id": "a", "id": "b"}\n', 1, 46),
    ("soort: overleg\nversie: 2\n1: a\n\"1\": b\n", 4, 1),  # 1 and "1": both the key "1"
    ("soort: overleg\nversie: 2\nid: &k a\n? *k\n: b\na: c\n", 6, 1),
])
def test_duplicate_keys_are_reported_never_last_one_wins(tmp_path, text, line, column):
    path = tmp_path / ("a.json" if text.startswith("{") else "a.yaml")
    path.write_text(text, encoding="utf-8")
    assert loaded(path) == [("S003", line, column)]
    assert load_repository([tmp_path]).repository.documents == []  # no value is picked


# ============================================================== tags
@pytest.mark.parametrize("snippet", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/object:builtins.object {{}}",
    "!!python/module:os",
    "!!binary aGFsbG8=",
    "!!set {{a: null}}",
    "!!omap [{{a: 1}}]",
    "!eigen 12",
    "!<tag:example.com,2024:x> 1",
])
def test_tags_that_construct_objects_are_refused(tmp_path, snippet):
    marker = tmp_path / "uitgevoerd"
    path = tmp_path / "a.yaml"
    path.write_text(HEADER + "inbreng:\n  x: " + snippet.format(marker=marker) + "\n",
                    encoding="utf-8")
    assert loaded(path) == [("S004", 6, 6)]
    assert not marker.exists()


def test_tag_directives_and_merge_keys_are_refused(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("%TAG !py! tag:yaml.org,2002:python/\n---\n" + HEADER
                    + "x: !py!object/apply:os.system ['true']\n", encoding="utf-8")
    assert loaded(path) == [("S004", 7, 4)]
    path.write_text(HEADER + "basis: &b {orgaan: x}\ninbreng:\n  <<: *b\n", encoding="utf-8")
    assert loaded(path) == [("S004", 7, 3)]


# ============================================================== encodings and characters
@pytest.mark.parametrize("raw, rule, line, column", [
    ("soort: overleg\n".encode("utf-16"), "S002", 1, 1),  # UTF-16 with its byte-order mark
    ("soort: overleg\n".encode("utf-32"), "S002", 1, 1),
    # UTF-16 without a mark is valid UTF-8 full of NUL characters, which YAML refuses
    ("soort: overleg\n".encode("utf-16-le"), "S001", 1, 2),
    (b"soort: overleg\nid: caf\xe9\n", "S002", 2, 8),  # Latin-1
    (b"soort: overleg\nid: \xc0\x80\n", "S002", 2, 5),  # an overlong NUL
    (b"soort: overleg\nid: \xed\xa0\x80\n", "S002", 2, 5),  # an encoded surrogate
    (b"\xef\xbb\xbfsoort: overleg\nid: \x80\n", "S002", 2, 5),  # after a byte-order mark
])
def test_non_utf8_is_reported_at_its_byte(tmp_path, raw, rule, line, column):
    path = tmp_path / "a.yaml"
    path.write_bytes(raw)
    assert loaded(path) == [(rule, line, column)]


@pytest.mark.parametrize("raw, line, column", [
    (b"soort: overleg\nid: a\x00b\n", 2, 6),
    (b"soort: overleg\nid: \xc3\xa9\x1b[2J\n", 2, 6),  # column counts characters, not bytes
    (b"soort: overleg\r\nid: a\x07\n", 2, 6),
])
def test_control_characters_are_reported_at_their_place(tmp_path, raw, line, column):
    path = tmp_path / "a.yaml"
    path.write_bytes(raw)
    findings = load_file(path, "a.yaml").findings
    [finding] = findings
    assert (finding.rule_id, finding.line, finding.column) == ("S001", line, column)
    assert "\n" not in finding.message and "<unicode string>" not in finding.message


def test_byte_order_mark_then_valid_yaml_and_json(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
    (tmp_path / "b.json").write_bytes(
        b'\xef\xbb\xbf{"soort": "bijlage", "versie": 2, "id": "b", "type": "overig"}')
    result = load_repository([tmp_path])
    assert result.findings == [] and sorted(result.repository.by_id) == ["b", "bijlage-gevaar"]


# ============================================================== symlinks and special files
@pytest.mark.skipif(not hasattr(os, "symlink") or not hasattr(os, "mkfifo"),
                    reason="needs symlinks and named pipes")
def test_links_out_loops_and_pipes_through_the_command_line(tmp_path):
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.yaml").write_text(HEADER.replace("bijlage-gevaar", "geheim"))
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "a.yaml").write_text(HEADER)
    os.symlink(outside / "geheim.yaml", repo / "link.yaml")  # a file outside
    os.symlink(outside, repo / "map")  # a folder outside
    os.symlink("/dev/zero", repo / "nul.yaml")  # endless data, outside
    os.symlink(repo, repo / "sub" / "terug")  # a folder loop
    os.symlink(repo / "x.yaml", repo / "y.yaml")  # a file loop
    os.symlink(repo / "y.yaml", repo / "x.yaml")
    os.mkfifo(repo / "pijp.yaml")  # reading a named pipe blocks until someone writes
    assert [p.name for p in discover(repo)] == ["a.yaml"]
    done = subprocess.run(
        [sys.executable, "-m", "boce_lint", "check", str(repo), "--isolated", "--no-cache",
         "--format", "json", "--select", "S"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["findings"] == []
    assert "geheim" not in done.stdout


# ============================================================== output safety, end to end
HOSTILE = "<script>alert(1)</script> ]]> \x1b[2J | \r x\x00y\x07z\x08 \x9b31m"
HOSTILE_YAML = '"<script>alert(1)</script> ]]> \\e[2J | \\r x\\0y\\az\\b \\x9b31m"'
HOSTILE_FILE = "gevaar <script>|]]>\x1b[2J\r.yaml"
# what a terminal could act on: C0 but the newline, DEL and C1 (\x9b is the 8-bit CSI)
CONTROL_EXCEPT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
C0_EXCEPT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f]")

HOSTILE_RULE = textwrap.dedent('''\
    regel MY-001 gevaarlijke-tekst
      titel "Gevaarlijke tekst"
      bron RO-4.2
      ernst fout
      voor elke overleg o:
        vereist o.verslag = "nooit"
      melding "Overleg {o.id}: {o.verslag}"
    ''')


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory) -> dict[str, str]:
    """Every output format of one check whose messages, evidence and file name carry HTML,
    CDATA ends, terminal escapes, carriage returns, table pipes, NUL and other C0 characters."""
    base = tmp_path_factory.mktemp("hostile")
    repo, rules = base / "repo", base / "regels"
    repo.mkdir()
    rules.mkdir()
    (rules / "gevaar.boce").write_text(HOSTILE_RULE, encoding="utf-8")
    (repo / HOSTILE_FILE).write_text(
        f"soort: overleg\nversie: 2\nid: ov-gevaar\norgaan: stuurgroep\ndatum: 2022-01-01\n"
        f"verslag: {HOSTILE_YAML}\n", encoding="utf-8")
    (repo / "soort.yaml").write_text(f"soort: {HOSTILE_YAML}\nversie: 2\nid: x\n",
                                     encoding="utf-8")
    formats = ("concise", "json", "json-lines", "sarif", "junit", "github", "gitlab", "markdown")
    cwd = os.getcwd()
    os.chdir(base)
    try:  # one run: text on standard output, every other format to a file
        result = invoke("check", "repo", "--isolated", "--no-cache", "--rules", str(rules),
                        "--select", "MY-001", "--select", "S", *AS_OF, "--format", "text",
                        *(f"--output={name}=out.{name}" for name in formats))
    finally:
        os.chdir(cwd)
    no_crash(result)
    assert result.exit_code == 1, result.output
    outputs = {name: (base / f"out.{name}").read_text(encoding="utf-8") for name in formats}
    outputs["text"] = result.stdout
    return outputs


def test_the_hostile_data_really_is_in_the_findings(hostile_outputs):
    findings = json.loads(hostile_outputs["json"])["findings"]
    assert {f["rule_id"] for f in findings} == {"MY-001", "S006"}
    mine = next(f for f in findings if f["rule_id"] == "MY-001")
    assert mine["file"] == f"repo/{HOSTILE_FILE}"
    assert HOSTILE in mine["message"] and mine["evidence"]["o.verslag"] == HOSTILE
    assert HOSTILE in next(f for f in findings if f["rule_id"] == "S006")["message"]


@pytest.mark.parametrize("name", ["text", "concise", "github", "markdown", "junit"])
def test_no_control_characters_reach_the_output(hostile_outputs, name):
    out = hostile_outputs[name]
    assert not CONTROL_EXCEPT_NEWLINE.search(out), repr(CONTROL_EXCEPT_NEWLINE.findall(out))


@pytest.mark.parametrize("name", ["json", "json-lines", "sarif", "gitlab"])
def test_json_formats_escape_every_c0_character(hostile_outputs, name):
    # JSON escapes C0 (ESC becomes \u001b); it passes DEL and C1 through, as data for programs
    out = hostile_outputs[name]
    assert not C0_EXCEPT_NEWLINE.search(out), repr(C0_EXCEPT_NEWLINE.findall(out))


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab"])
def test_json_formats_parse_and_keep_the_data(hostile_outputs, name):
    text = json.dumps(json.loads(hostile_outputs[name]), ensure_ascii=False)
    assert json.dumps(HOSTILE, ensure_ascii=False)[1:-1] in text  # unchanged, JSON-escaped


def test_json_lines_is_one_object_per_line(hostile_outputs):
    lines = hostile_outputs["json-lines"].split("\n")
    assert lines[-1] == ""
    assert all(json.loads(line)["rule_id"] for line in lines[:-1])


def test_junit_is_xml_without_markup_from_data(hostile_outputs):
    suite = ET.fromstring(hostile_outputs["junit"])
    assert suite.find(".//script") is None
    assert "<script>" not in hostile_outputs["junit"]
    failures = [f.get("message") for f in suite.iter("failure")]
    assert any("<script>alert(1)</script> ]]>" in (m or "") for m in failures)


def test_markdown_escapes_html_and_tables(hostile_outputs):
    out = hostile_outputs["markdown"]
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "]]>" not in out
    for line in out.splitlines():
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) in (3, 5, 7), line


def test_terminal_formats_print_the_text_harmlessly(hostile_outputs):
    for name in ("text", "concise"):
        out = hostile_outputs[name]
        assert "<script>alert(1)</script> ]]>" in out  # text stays readable, ...
        assert "\x1b" not in out and "\r" not in out  # ... terminal codes are gone
    concise = hostile_outputs["concise"].splitlines()
    assert len(concise) == 2  # a carriage return in data does not start a line of its own


# ============================================================== rule files are not code
def test_the_language_has_no_file_command_or_import_construct():
    grammar = (ROOT / "grammar" / "boce.lark").read_text(encoding="utf-8")
    grammar = re.sub(r"//[^\n]*", "", grammar)
    keywords = set(re.findall(r'"([a-z][a-z_-]*)"', grammar))
    assert keywords == {
        "regel", "en", "fout", "goed", "waarschuwing", "info", "titel", "bron", "ernst",
        "uitleg", "advies", "melding", "geen-bewijs", "geldig", "vanaf", "tot", "label", "feit",
        "uitzondering", "op", "voorbeeld", "voor", "als", "laat", "vereist", "bewijs", "in",
        "elke", "elk", "volledig", "kalenderjaar", "van", "aantal", "som", "minimum", "maximum",
        "over", "alle", "een", "geen", "voldoet", "aan", "waarvoor", "of", "niet", "bevat",
        "past", "bij", "aanwezig", "ontbreekt", "leeg", "invultekst", "peildatum", "waar",
        "onwaar", "dag", "dagen", "week", "weken", "maand", "maanden", "jaar", "jaren",
        "werking",  # 'in werking van d': the years a document was in force (no outside access)
        "termijn", "taak", "door",  # a date and two texts for the agenda: no effect outside
        "plicht",  # 'plicht van ROLE': a role word from a fixed list, for the scope only
    }, "a new keyword: check that it cannot reach files, commands or modules, then add it here"


def test_the_functions_are_pure():
    assert set(BUILTINS) == {
        "jaar", "datum", "lengte", "max", "min", "kleine_letters", "veld", "waarden",
        "in_werking", "versie_op",
        "partij_op"}  # reads one field of the party it is given
    dangerous = {"open", "exec", "eval", "compile", "__import__", "import_module", "system",
                 "popen", "run", "getattr", "setattr", "globals", "locals", "vars", "input",
                 "breakpoint", "os", "sys", "subprocess", "io", "pathlib", "shutil", "importlib"}
    for name, builtin in BUILTINS.items():
        for code in _code_objects(builtin.implementation):
            assert not dangerous & set(code.co_names), (name, dangerous & set(code.co_names))


def _code_objects(fn) -> list:
    fn = getattr(fn, "__wrapped__", fn)
    if not hasattr(fn, "__code__"):
        return []  # a builtin such as min or max
    found, todo = [], [fn.__code__]
    for cell in fn.__closure__ or ():
        if callable(cell.cell_contents):
            todo += [c for c in _code_objects(cell.cell_contents)]
    while todo:
        code = todo.pop()
        found.append(code)
        todo += [c for c in code.co_consts if hasattr(c, "co_names")]
    return found


@pytest.mark.parametrize("call", ['open("/etc/passwd")', '__import__("os")', 'eval("1")',
                                  'exec("1")', 'system("ls")'])
def test_escapes_are_unknown_functions(call):
    _, errors = compile_text(
        'regel T-001 a-b\n  titel "t"\n  bron RO-4.2\n  ernst fout\n  melding "m"\n'
        f'  voor elke deelovereenkomst d:\n  vereist {call} = 1\n')
    assert len(errors) == 1 and "Onbekende functie" in errors[0].message
    assert (errors[0].line, errors[0].column) == (7, 11)


@pytest.mark.parametrize("text, line, column", [
    ("import os\n", 1, 1),
    ("regel T-001 a-b\n  vereist os.system(\"x\")\n", 2, 20),
    ("regel T-001 a-b\n  vereist d.werkterrein.__class__.__init__(1)\n", 2, 43),
])
def test_import_and_method_call_syntax_does_not_parse(text, line, column):
    with pytest.raises(RuleFileError) as info:
        parse_rules(text, "x.boce")
    assert (info.value.line, info.value.column) == (line, column)


def test_python_attributes_are_unknown_fields():
    _, errors = compile_text('regel T-001 a-b\n  titel "t"\n  bron RO-4.2\n  ernst fout\n'
                             '  melding "m"\n  voor elke deelovereenkomst d:\n'
                             '  vereist aanwezig d.__class__\n')
    assert [e.message.split(";")[0] for e in errors] == [
        "Onbekend veld '__class__' in deelovereenkomst"]


DEEP_RULES = {
    "sum": " + ".join(["1"] * 3000) + " = 3",
    "not": "niet " * 3000 + "waar",
    "minus": "- " * 3000 + "1 = 1",
    "list": "[" * 3000 + "]" * 3000 + " = 1",
    "and": " en ".join(["waar"] * 3000),
    "field": "d" + ".werkterrein" * 3000 + " = 1",
    "call": "max(" * 3000 + "1" + ")" * 3000 + " = 1",
}


@pytest.mark.parametrize("kind", sorted(DEEP_RULES))
def test_absurdly_deep_rules_are_errors_with_a_place(kind):
    _, errors = compile_text(
        'regel T-001 a-b\n  titel "t"\n  bron RO-4.2\n  ernst fout\n  melding "m"\n'
        f'  voor elke deelovereenkomst d:\n  vereist {DEEP_RULES[kind]}\n')
    assert len(errors) == 1 and "dieper genest" in errors[0].message
    assert errors[0].line == 7 and errors[0].column >= 11


def test_too_many_statements_is_an_error():
    statements = "".join("  vereist waar\n" for _ in range(dsl_compiler.MAX_STATEMENTS + 1))
    _, errors = compile_text('regel T-001 a-b\n  titel "t"\n  bron RO-4.2\n  ernst fout\n'
                             '  melding "m"\n' + statements)
    [error] = errors
    assert error.message.startswith(
        f"Regel T-001 heeft meer dan {dsl_compiler.MAX_STATEMENTS} voorwaarden en bindingen")
    assert (error.line, error.column) == (6 + dsl_compiler.MAX_STATEMENTS, 3)


def test_too_deep_message_expression_is_an_error():
    _, errors = compile_text('regel T-001 a-b\n  titel "t"\n  bron RO-4.2\n  ernst fout\n'
                             '  melding "m {' + "niet " * 100 + 'waar}"\n  vereist waar\n')
    [error] = errors
    assert "De uitdrukking in de melding is dieper genest" in error.message
    assert (error.line, error.column) == (5, 3)


def test_deep_rule_file_through_the_command_line_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mijn").mkdir()
    (tmp_path / "mijn" / "diep.boce").write_text(
        'regel MY-001 diep\n  titel "t"\n  bron RO-4.2\n  ernst fout\n  melding "m"\n'
        f'  voor elke deelovereenkomst d:\n  vereist {DEEP_RULES["and"]}\n')
    result = invoke("test-rules", "mijn")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.output.startswith("mijn/diep.boce:7:")


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)*b", "(\\\\w+\\\\s?)*$", "(a*){2,}"])
def test_regular_expressions_that_backtrack_exponentially_are_refused(pattern):
    _, errors = compile_text(
        'regel T-001 a-b\n  titel "t"\n  bron RO-4.2\n  ernst fout\n  melding "m"\n'
        f'  voor elke deelovereenkomst d:\n  vereist d.werkterrein past bij "{pattern}"\n')
    assert len(errors) == 1 and "eindeloos lang" in errors[0].message
    assert (errors[0].line, errors[0].column) == (7, 11)


def test_a_runaway_rule_is_stopped_by_its_step_budget(tmp_path, monkeypatch):
    """Nested counting over every meeting for every meeting: 4 million steps wanted."""
    for i in range(2000):
        (tmp_path / f"ov-{i:04d}.yaml").write_text(
            f"soort: overleg\nversie: 2\nid: ov-{i}\norgaan: stuurgroep\n"
            f"datum: 2020-01-{i % 28 + 1:02d}\n", encoding="utf-8")
    book, errors = compile_text(textwrap.dedent('''\
        regel MY-001 traag
          titel "Traag"
          bron RO-4.2
          ernst fout
          voor elke overleg o:
            laat n = aantal overleg p waarvoor p.orgaan = o.orgaan en p.datum >= o.datum
            vereist n < 0
          melding "{o.id}: {n}"
        '''), "mijn/traag.boce")
    assert not errors
    repository = load_repository([tmp_path]).repository
    counted: list[int] = []
    tick = dsl_runtime.Context.tick

    def counting_tick(self, n: int = 1) -> None:
        try:
            tick(self, n)
        except dsl_runtime.EvaluationLimit:
            counted.append(self.steps)
            raise

    monkeypatch.setattr(dsl_runtime.Context, "tick", counting_tick)
    findings = evaluate(book, repository, dt_date(2024, 1, 1))
    # stopped at the first step past the budget (steps, not seconds: the same on any machine)
    [steps] = counted
    assert dsl_runtime.STEP_BUDGET < steps <= dsl_runtime.STEP_BUDGET + 2000
    stopped = findings[-1]
    assert stopped.rule_id == "MY-001" and "afgebroken" in stopped.message
    assert (stopped.file, stopped.line, stopped.column) == ("mijn/traag.boce", 1, 1)
    assert len(findings) < 2000  # stopped before it was done


def dt_date(*args):
    import datetime

    return datetime.date(*args)


# ============================================================== determinism
@pytest.fixture(scope="module")
def boce_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("det") / "boce"
    shutil.copytree(BOCE, target, ignore=shutil.ignore_patterns(".boce-lint-cache"))
    return target


def run_in(folder: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = invoke("check", "boce", "--isolated", *AS_OF, *args)
    finally:
        os.chdir(cwd)
    no_crash(result)
    return result


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_same_input_same_bytes_across_runs_and_jobs(boce_copy, fmt):
    outputs = [run_in(boce_copy.parent, "--no-cache", "--format", fmt, *jobs).stdout_bytes
               for jobs in ([], ["--jobs", "1"], ["--jobs", "2"])]
    assert outputs[0] and all(out == outputs[0] for out in outputs[1:])


def test_same_bytes_across_hash_seeds(boce_copy):
    """Set and dict iteration order may change with PYTHONHASHSEED; the output may not."""
    outputs = set()
    for seed in ("1", "4242"):
        done = subprocess.run(
            [sys.executable, "-m", "boce_lint", "check", "boce", "--isolated", "--no-cache",
             *AS_OF, "--format", "json"], capture_output=True, cwd=boce_copy.parent, timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 1, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_findings_are_in_the_documented_order(boce_copy):
    findings = json.loads(run_in(boce_copy.parent, "--no-cache", "--format", "json").stdout)[
        "findings"]
    keys = [(f["file"], f["line"], f["column"], f["rule_id"], f["message"]) for f in findings]
    assert len(keys) > 50 and keys == sorted(keys)


# ============================================================== boce-lint only reads
def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns,
                                               stat.S_IMODE(p.stat().st_mode))
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_check_never_writes_the_files_it_checks(tmp_path):
    repo = tmp_path / "boce"
    shutil.copytree(BOCE, repo)
    before = snapshot(repo)
    for args in (["--no-cache"], [], [], ["--jobs", "2"]):  # without cache, cold, warm
        result = run_in(tmp_path, "--format", "text", *args)
        assert result.exit_code == 1
        after = snapshot(repo)
        assert {k: v for k, v in after.items() if k in before} == before
        if args == ["--no-cache"]:
            assert set(after) == set(before), "nothing is written without the cache"
        # the cache is the only thing boce-lint may add, and only in its own folder
        assert all(k.startswith(".boce-lint-cache/") for k in set(after) - set(before))


def test_a_read_only_repository_checks_the_same(tmp_path):
    repo = tmp_path / "boce"
    shutil.copytree(BOCE, repo)
    expected = run_in(tmp_path, "--no-cache", "--format", "json").stdout
    folders = [p for p in repo.rglob("*") if p.is_dir()] + [repo]
    files = [p for p in repo.rglob("*") if p.is_file()]
    try:
        for path in files:
            path.chmod(0o444)
        for path in folders:
            path.chmod(0o555)
        for args in (["--no-cache"], []):  # with the cache: it cannot be written, and warns
            result = run_in(tmp_path, "--format", "json", *args)
            assert result.exit_code == 1
            assert result.stdout == expected
    finally:
        for path in folders:
            path.chmod(0o755)
        for path in files:
            path.chmod(0o644)


# ============================================================== the loader's contract
def test_every_position_limit_is_a_module_constant():
    """The numbers quoted in the README come from the code."""
    from boce_lint.source import loader

    assert (MAX_DEPTH, MAX_ALIAS_NODES, MAX_VALUES) == (64, 10_000, 200_000)
    assert loader.MAX_FILE_BYTES == 10 * MB
    assert dsl_runtime.STEP_BUDGET == 500_000
    assert (dsl_compiler.MAX_NESTING, dsl_compiler.MAX_STATEMENTS) == (50, 100)
    assert dataclasses.is_dataclass(ParseProblem)


def test_loading_in_a_thread_cannot_hang_on_a_pipe(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    os.mkfifo(tmp_path / "pijp.yaml")
    (tmp_path / "a.yaml").write_text(HEADER)
    outcome: dict = {}
    worker = threading.Thread(target=lambda: outcome.update(r=load_repository([tmp_path])),
                              daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "loading blocks on a named pipe"
    assert list(outcome["r"].repository.by_id) == ["bijlage-gevaar"]
