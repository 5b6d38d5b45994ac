"""The C accelerator and the Python composer give the same data, positions and problems.

Both run on the same texts — every fixture, the invalid fixtures, mutants of them, and hostile
inputs (deep nesting, alias bombs, duplicate keys and anchors, control characters, tabs, huge
scalars, odd tags and numbers) — in a child process, so that a crash in C fails the test rather
than the test run. Results are compared by their repr: a 1 that became True, 1.0 that became
1 or -0.0 that became 0.0 would differ.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import boce_lint
from boce_lint.source import accelerator

ROOT = Path(__file__).resolve().parents[1]


def child(args: list[str], pure: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run Python with the boce_lint this test imported (after ``pip install .`` that is the
    installed one, with its compiled accelerator, not the source tree beside the tests)."""
    package_parent = str(Path(boce_lint.__file__).resolve().parents[1])
    env = {**os.environ, accelerator.PURE_ENV: pure,
           "PYTHONPATH": os.pathsep.join([package_parent, os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          cwd=ROOT / "tests", env=env, **kwargs)

built = pytest.mark.skipif(accelerator.load() is None,
                           reason="the C accelerator is not built (no compiler or libyaml headers "
                                  "at install time)")


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="only CI promises a compiler")
def test_ci_builds_the_accelerator():
    """.ci/run installs the compiler and the libyaml headers: there the comparisons below must
    run, not be skipped."""
    assert accelerator.load() is not None, version("0")


def version(pure: str) -> str:
    done = child(["-m", "boce_lint", "--version"], pure, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_version_says_which_composer_is_used():
    switched_off = version("1")
    assert switched_off.splitlines()[1] == \
        f"YAML: Python composer (C accelerator switched off by {accelerator.PURE_ENV}=1)"
    default = version("").splitlines()[1]
    if accelerator.load() is None:
        assert default == "YAML: Python composer (C accelerator not built)"
    else:
        assert default.startswith("YAML: C accelerator (libyaml 0.")


@built
def test_switched_off_means_the_python_composer(monkeypatch):
    monkeypatch.setenv(accelerator.PURE_ENV, "1")
    assert accelerator.load() is None
    monkeypatch.setenv(accelerator.PURE_ENV, "0")
    assert accelerator.load() is not None

STALE = r"""
import sys, types
from boce_lint.source import accelerator
stale = types.ModuleType("boce_lint.source._fastyaml")  # as built from older source
stale.compose = lambda *args: (None, None)  # (an older result: two values, no hints)
sys.modules["boce_lint.source._fastyaml"] = stale
from boce_lint.cli import main
sys.argv = ["boce-lint", *sys.argv[1:]]
main()
"""


def test_an_accelerator_built_from_other_source_is_not_used(tmp_path):
    """An editable install keeps the module built before a ``git pull``: its functions may take
    or give other things than this code expects, so it is not used (the Python composer is,
    and ``--version`` says why) instead of failing in the middle of a check."""
    said = child(["-c", STALE, "--version"], "")
    assert said.returncode == 0, said.stderr
    assert said.stdout.splitlines()[1] == "YAML: Python composer (C accelerator built from " \
        "other source; reinstall boce-lint to rebuild it)"
    checked = child(["-c", STALE, "check", str(ROOT / "fixtures" / "boce"), "--as-of",
                     "2023-01-01", "--no-cache", "--format", "json"], "")
    expected = child(["-m", "boce_lint", "check", str(ROOT / "fixtures" / "boce"), "--as-of",
                      "2023-01-01", "--no-cache", "--format", "json"], "1")
    assert checked.returncode == expected.returncode == 1, checked.stderr
    assert checked.stdout == expected.stdout and json.loads(checked.stdout)["findings"]


COMPARE = r"""
import json, sys
from boce_lint.source import accelerator
from boce_lint.source.yamlsource import ParseProblem, parse

assert accelerator.load() is not None, "the child imports a boce_lint without the accelerator"

def outcome(text, native, utf8=None):
    try:
        parsed = parse(text, native=native, is_json=is_json, utf8=utf8)
        return repr((parsed.data, parsed.positions))
    except ParseProblem as problem:
        return repr((problem.code, problem.message, problem.message_en, problem.line,
                     problem.column))
    except Exception as exc:  # compared too: the same exception either way
        return f"{type(exc).__name__}: {exc}"

texts = json.loads(sys.stdin.read())
report = {"compared": 0, "problems": 0, "differ": []}
for name, text in texts:
    is_json = name.endswith(".json")
    pure, native = outcome(text, False), outcome(text, True)
    try:  # the loader hands the accelerator the file's bytes: the same as its text
        from_bytes = outcome(text, True, text.encode("utf-8"))
    except UnicodeEncodeError:  # (a lone surrogate: not from a file)
        from_bytes = native
    report["compared"] += 1
    if from_bytes != native:
        report["differ"].append([name + " (from bytes)", native[:300], from_bytes[:300]])
    report["problems"] += not pure.startswith("({") and not pure.startswith("([")
    if pure != native:
        report["differ"].append([name, pure[:300], native[:300]])
print(json.dumps(report))
"""


def compare(texts: list[tuple[str, str]]) -> dict:
    done = child(["-c", COMPARE], "", input=json.dumps(texts), timeout=600)
    assert done.returncode == 0, f"crashed ({done.returncode}): {done.stderr[-2000:]}"
    report = json.loads(done.stdout)
    assert report["differ"] == [], report["differ"][:5]
    return report


def fixture_texts() -> list[tuple[str, str]]:
    paths = sorted(p for p in (ROOT / "fixtures").rglob("*")
                   if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    return [(str(p.relative_to(ROOT)), p.read_bytes().decode("utf-8", "surrogateescape"))
            for p in paths]


@built
def test_every_fixture_gives_the_same_result():
    texts = fixture_texts()
    report = compare(texts)
    assert report["compared"] == len(texts) > 300
    assert report["problems"] > 10  # the invalid fixtures: syntax, duplicate keys, tags ...


PIECES = [":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b", "!!int ", "!!str ",
          "!!python/object ", "! ", "? ", "<<: ", "\t", "'", '"', "#", "\x00", "\x85", "\u2028",
          "é", "~", "---\n", "...\n", "\n", "  ", "0x_", "1_0", "0o7", ".inf", "1.5e+3", "yes",
          "Null", "2024-02-30", "12:30:00", "\\u00e9", "\ufeff", "%TAG ! tag:x,2000:\n", "|\n",
          ">-\n", "\ud800", "=", "-.5", "+1", "0b1_0", "1:20.5", "9" * 30]


def mutants(texts: list[tuple[str, str]], count: int, seed: int) -> list[tuple[str, str]]:
    """Texts with one to three random edits each: a piece inserted, a span deleted or a line
    duplicated, moved or re-indented (deterministic for a seed)."""
    rng = random.Random(seed)
    out = []
    for number in range(count):
        name, text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            edit = rng.randrange(5)
            if edit == 0:
                text = text[:at] + rng.choice(PIECES) + text[at:]
            elif edit == 1:
                text = text[:at] + text[at + rng.randint(1, 20):]
            else:
                lines = text.split("\n")
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                if edit == 2:
                    lines.insert(j, lines[i])
                elif edit == 3:
                    lines.insert(j, lines.pop(i))
                else:
                    lines[i] = " " * rng.randint(0, 3) + lines[i].lstrip(" ")
                text = "\n".join(lines)
        out.append((f"{name}~mutant{number}", text))
    return out


@built
def test_mutated_fixtures_give_the_same_result():
    texts = [t for t in fixture_texts() if not t[0].endswith(".json")]
    report = compare(mutants(texts, 1500, seed=16))
    assert report["compared"] == 1500
    assert 300 < report["problems"] < 1400  # both kinds are well represented


@built
def test_random_token_soup_gives_the_same_result():
    rng = random.Random(1616)
    words = [*PIECES, "a", "b", "key", "1", "0", "-1", "3.0", "x y", "'q'", '"d"', "null", "on"]
    texts = [(f"soup{n}", "".join(rng.choice(words) for _ in range(rng.randint(1, 40))))
             for n in range(3000)]
    compare(texts)


@built
def test_packed_positions_unpack_the_same_in_python():
    """The accelerator's positions stay packed until one is asked; unpacked in Python (a
    document pickled by a process that had the accelerator) they are the same dict, in the
    same order, as its own unpacking gives, and each position found by its index is that of
    the dict."""
    from boce_lint.source.positions import PackedPositions, unpack_python
    from boce_lint.source.yamlsource import ParseProblem, parse

    unpacked = 0
    for name, text in fixture_texts():
        try:
            positions = parse(text, native=True, is_json=name.endswith(".json")).positions
        except ParseProblem:
            continue
        assert isinstance(positions, PackedPositions) and not positions.unpacked
        fresh = PackedPositions(positions.packed)  # looked up by its index, not unpacked
        assert [fresh.find(p) for p in [*positions.table(), "/nergens", "/0/x"]] == \
            [*positions.table().values(), None, None] and not fresh.unpacked, name
        in_python = unpack_python(positions.packed)
        assert list(in_python.items()) == list(positions.table().items()), name
        unpacked += 1
    assert unpacked > 300


def _python_leaf_steps(value):
    from boce_lint.dsl.support import _walk_steps
    from boce_lint.rulebook.placeholders import may_hold_placeholder

    texts: list[str] = []
    steps = _walk_steps(value, texts)
    return steps, may_hold_placeholder("\n".join(texts))


@built
def test_the_leaf_walk_in_c_counts_as_python_does():
    """A loop over every leaf that only asks "no placeholder" is counted, not run: the
    accelerator counts its steps and looks for the placeholder markers in C, with the result
    of the Python walk, on every fixture and on generated data."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from boce_lint.rulebook.placeholders import PLACEHOLDER_MARKERS
    from boce_lint.source.timeline import Versioned
    from boce_lint.source.yamlsource import ParseProblem, _native, parse

    native = _native()
    walked = 0
    for name, text in fixture_texts():
        try:
            data = parse(text, is_json=name.endswith(".json")).data
        except ParseProblem:
            continue
        if isinstance(data, (dict, list)):
            assert native.leaf_steps(data, PLACEHOLDER_MARKERS) == _python_leaf_steps(data), name
            walked += 1
    assert walked > 300
    texts = st.lists(st.sampled_from([*PIECES, "PM", "N.N.", "TODO", "[invoegen]", "é[",
                                      "\u2003XXX", "P", "N"]), max_size=6).map("".join)
    leaves = st.one_of(texts, st.integers(), st.booleans(), st.none(), st.floats())
    trees = st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=3), inner, max_size=5),
        st.builds(lambda d: Versioned(d, {}, {}), st.dictionaries(st.text(max_size=3), inner,
                                                                   max_size=4))), max_leaves=30)

    @settings(max_examples=600, deadline=None)
    @given(st.one_of(st.lists(trees, max_size=4), st.dictionaries(st.text(max_size=3), trees)))
    def same(value):
        assert native.leaf_steps(value, PLACEHOLDER_MARKERS) == _python_leaf_steps(value)

    same()

    class Own(list):  # a list that iterates its own way: Python walks it
        def __iter__(self):
            return iter([])

    assert native.leaf_steps([Own(["TODO"])], PLACEHOLDER_MARKERS) is None


def billion_laughs(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "flow-list": "x: " + "[" * 5000 + "]" * 5000 + "\n",
    "flow-map": "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "block-list": "- " * 3000 + "x\n",
    "block-map": "".join(" " * i + "k:\n" for i in range(200)),
    "just-under": "[" * 64 + "]" * 64,
    "just-over": "[" * 65 + "]" * 65,
    "deep.json": "[" * 3000 + "]" * 3000,
    "unclosed": "[" * 100_000,
    "bomb": billion_laughs(9, 9),
    "wide-bomb": billion_laughs(4, 1000),
    "under-alias-limit": billion_laughs(1, 99),
    "over-alias-limit": billion_laughs(1, 100),
    "deep-alias": "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*a" + "]" * 30 + "\n",
    "fits-alias": "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 22 + "*a" + "]" * 22 + "\n",
    "nested-anchors": "a: &a {b: &b [1, {c: 3}], d: 2}\ne: *b\nf: *a\ng: [*a, *b, &h {i: *a}]\n"
                      "j: *h\n",
    "recursive-alias": "a: &a [*a]\n",
    "undefined-alias": "a: *nope\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\n",
    "anchored-key": "&k key: 1\nother: *k\n*k : 2\n",
    "alias-key-collection": "a: &c [1]\n*c : 2\n",
    "duplicate-key": "a: 1\nb: 2\na: 3\n",
    "duplicate-key-typed": "1: a\n'1': b\n",
    "duplicate-via-alias": "&n naam: 1\n*n : 2\n",
    "duplicate-nested": "a:\n  b: {c: 1, c: 2}\n",
    "escaped-pointer": "a/b: {c~d: [1, {'': 2}]}\nx: &p {a/b: 1}\ny: *p\n",
    "many-values": "x: [" + "0," * 200_100 + "0]\n",
    "huge-scalar": "x: " + "y" * 2_000_000 + "\n",
    "huge-int": "x: " + "7" * 5000 + "\n",
    "long-int": "x: 1234567890123456789012\n",
    "ints": "[0, -0, +7, 007, 0x1F, 0b101, 1_000, 1:30, 999999999999999999, -999999999999999999]",
    "floats": "[1., -0.0, 1.5e+3, 1.5E-3, .5, 1_0.5, 1:30.5, 6.8523015e+5, .inf, .NaN]",
    "inf": "x: -.Inf\n",
    "nan-key": ".nan: 1\n",
    "bools-nulls": "[yes, No, ON, off, TRUE, false, y, n, ~, null, Null, NULL, '', nil]",
    "dates": "[2024-02-30, 2024-1-1, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 Z]",
    "tags": "a: !!str 12\nb: !!int '12'\nc: !!float '1'\nd: !!bool 'yes'\ne: !!null ''\n",
    "bad-tags": "a: !!int abc\n",
    "empty-tagged": "a: !!int ''\nb: !!float '-'\nc: !!bool ''\n",  # a finding, not a crash
    "python-tag": "a: !!python/object:os.system ls\n",
    "local-tag": "a: !mine x\n",
    "non-specific": "a: ! 12\nb: ! 'yes'\nc: ! \"yes\\n\"\n",
    "tagged-map": "a: !!map {b: 1}\nc: !!seq [1]\nd: !!seq {e: 1}\n",
    "tag-directive": "%TAG !e! tag:yaml.org,2002:\n---\na: !e!int 5\n",
    "merge": "base: &b {a: 1}\nx:\n  <<: *b\n",
    "value-tag": "x: =\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "only-comment": "# niets\n",
    "document-end": "a: 1\n...\n",
    "tab-indent": "a:\n\tb: 1\n",
    "tab-value": "a:\t1\nb: 'x\ty'\n",
    "tabs.json": '{\t"a":\t[1,\t2]}',
    "json-comment.json": '{"a": 1, // c\n}',
    "control": "a: b\x07c\n",
    "nul": "a: \x00\n",
    "surrogate": "a: \ud800\n",
    "bom": "\ufeffa: 1\n",
    "crlf": "a: 1\r\nb:\r\n  - c\r\n",
    "nel-ls": "a: 1\x85b: 2\u2028c: 3\n",
    "unicode-keys": "café: {naïve: [ü, 😀]}\n'😀/~': 1\n",
    "colon-in-title": "titel: Gemeente: Emmen\n",
    "unclosed-quote": "a: 'abc\nb: 1\n",
    "complex-key": "? [a, b]\n: 1\n",
    "null-key": "~: 1\n",
    "empty-key": ": 1\n",
    "flow-in-block": "a: [1, {b: 2}, [3]]\n",
    "scalar-root": "just text\n",
    "list-root": "- 1\n- 2\n",
}


@built
def test_hostile_inputs_give_the_same_result():
    texts = [(name + ("" if name.endswith(".json") else ".yaml"), text)
             for name, text in HOSTILE.items()]
    report = compare(texts)
    assert report["compared"] == len(HOSTILE)


@built
def test_check_output_is_byte_identical_with_and_without_the_accelerator():
    def check(pure: str) -> subprocess.CompletedProcess[str]:
        return child(["-m", "boce_lint", "check", str(ROOT / "fixtures" / "boce"), "--as-of",
                      "2023-01-01", "--format", "json", "--no-cache", "--isolated"], pure,
                     timeout=300)

    native, pure = check(""), check("1")
    assert native.returncode == pure.returncode == 1, native.stderr[-2000:]
    assert native.stdout == pure.stdout and native.stdout.count('"rule_id"') > 50


HINTS = r"""
import json, sys
from boce_lint.source import accelerator
from boce_lint.source.dates import implausible
from boce_lint.source.dutch import _candidate
from boce_lint.source.yamlsource import ParseProblem, parse

assert accelerator.load() is not None, "the child imports a boce_lint without the accelerator"

def texts_in(value):
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            yield value

report = {"parsed": 0, "no_dutch": 0, "no_far_date": 0, "dutch": 0, "far_dates": 0, "wrong": []}
for name, text in json.loads(sys.stdin.read()):
    try:
        parsed = parse(text, native=True, is_json=name.endswith(".json"))
    except ParseProblem:
        continue
    report["parsed"] += 1
    values = list(texts_in(parsed.data))
    dutch = any(_candidate(v) for v in values)
    far = any(implausible(v) is not None for v in values)
    report["no_dutch"] += not parsed.maybe_dutch
    report["dutch"] += dutch
    report["far_dates"] += far
    report["no_far_date"] += not parsed.maybe_far_date
    if dutch and not parsed.maybe_dutch or far and not parsed.maybe_far_date or \
            parsed.maybe_dutch != dutch:  # the Dutch hint is exact, the date hint may say maybe
        report["wrong"].append([name, text[:300], parsed.maybe_dutch, parsed.maybe_far_date])
print(json.dumps(report))
"""


@built
def test_the_accelerators_hints_never_hide_a_dutch_value_or_a_far_date():
    """The loader skips reading Dutch values and looking for implausible dates when the
    accelerator saw no text value that could be one; it must never miss one (what the loader
    then finds: test_dutch_input.py and test_contract_manager.py, with the accelerator)."""
    rng = random.Random(1617)
    pieces = [*"0123456789.,- jaJAneNE\t\n\x0b\x1c\xa0\u2003\u0661\uff14x", "ja", "nee", "NEE",
              "1.234", ",50", "2205-", "1899-", "2100-", "2101-", "1900-", "\u0661\u0669\u0669-"]
    short = [(f"short{n}.json", json.dumps({"v": "".join(rng.choice(pieces) for _ in
                                                         range(rng.randint(0, 8)))}))
             for n in range(20_000)]
    found = ["2205-01-01", "1850-12-31", "0001-01-01", "2101-02-28", "ja", " NEE\n", "1.450,00",
             "-7,5", "12.500"]  # each a value the loader must see
    short += [(f"found{n}.yaml", f"a: [x, {{b: '{value}'}}]\n") for n, value in enumerate(found)]
    texts = [t for t in fixture_texts() if not t[0].endswith(".json")]
    every = [*fixture_texts(), *mutants(texts, 500, seed=17), *short,
             *((name, text) for name, text in HOSTILE.items() if "bomb" not in name)]
    done = child(["-c", HINTS], "", input=json.dumps(every), timeout=600)
    assert done.returncode == 0, f"crashed ({done.returncode}): {done.stderr[-2000:]}"
    report = json.loads(done.stdout)
    assert report["wrong"] == [], report["wrong"][:5]
    assert report["parsed"] > 20_000
    assert report["no_dutch"] > 10_000 and report["no_far_date"] > 10_000  # the hints help
    assert report["far_dates"] >= 4 and report["dutch"] > 200

