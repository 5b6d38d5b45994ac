"""Property-based tests: whatever a contract repository, rule file or configuration holds,
boce-lint answers with findings or with one clear error — never with a traceback.

* The loader gets arbitrary bytes (random, YAML-shaped token soup, mutated documents; also
  through ``boce-lint check``) and arbitrary YAML-shaped structures for each of the 13 kinds,
  with and without a valid header.
  It never raises; every finding has a line and column inside the file, and a finding about a
  document that parsed points at a position the parser recorded (a value or its key).
* The rule language gets arbitrary text, token sequences and randomly built rules: parsing and
  compiling raise nothing but ``RuleFileError`` with a line and column, and a rule that
  compiles evaluates on real and garbage repositories without raising.
* The configuration gets arbitrary TOML-ish text: ``ConfigError`` naming the file on one line,
  or a configuration; through the command line exit 2 with one line, or a successful run.

Every property runs twice: quickly in the default test run, and with many examples in the
``slow`` run (``pytest -m slow``), which runs ``BOCE_HYPOTHESIS_EXAMPLES`` examples in total
(default 100 000), shared out over the properties by ``SHARES``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from boce_lint.cli import cli
from boce_lint.config import ConfigError, load_config
from boce_lint.dsl import runtime as dsl_runtime
from boce_lint.dsl.compiler import Compiler
from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.parser import parse_rules
from boce_lint.findings.finding import Finding
from boce_lint.findings.structure import STRUCTURE_CHECKS
from boce_lint.rulebook.engine import evaluate
from boce_lint.rulebook.rulebook import Rulebook, _link, load_registry
from boce_lint.run.pipeline import load_repository
from boce_lint.source.loader import assemble, load_file
from boce_lint.source.model import Repository
from boce_lint.source.schemas import KIND_NAMES, schema_for
from boce_lint.source.yamlsource import ParseProblem, parse

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------------------ settings
TOTAL = int(os.environ.get("BOCE_HYPOTHESIS_EXAMPLES", "100000"))
SHARES = {  # relative share of the slow run's examples; cheap properties get more
    "bytes": 20, "token_soup": 15, "mutated": 10, "structures": 18, "structures_json": 5,
    "bytes_cli": 1, "rule_text": 8, "rule_tokens": 8, "rule_built": 9, "config_load": 5,
    "config_cli": 1,
}
COMMON: dict[str, Any] = {"deadline": None, "suppress_health_check": list(HealthCheck),
                          "print_blob": True}


def slow_examples(name: str) -> int:
    return max(1, TOTAL * SHARES[name] // sum(SHARES.values()))


# Hypothesis keeps every example of one run in memory until the run ends (its engine caches
# up to 10 000 results with all their choices, and its tree of tried choices grows without
# bound): about 50 kB per example of the YAML-shaped structures, released when the run ends.
# So the slow run is cut into runs of at most SLOW_CHUNK examples, each with fresh random
# choices; memory stays bounded (~100 MB) whatever BOCE_HYPOTHESIS_EXAMPLES is.
SLOW_CHUNK = 2000


def twice(name: str, quick: int, *strategies: Any) -> Callable[[Callable], tuple]:
    """The property as a quick test (``quick`` examples) and as a slow one (its share, run in
    chunks of at most SLOW_CHUNK examples)."""
    def decorate(prop: Callable) -> tuple:
        fast_test = settings(max_examples=quick, **COMMON)(given(*strategies)(prop))
        total = slow_examples(name)
        chunks = [SLOW_CHUNK] * (total // SLOW_CHUNK) + [total % SLOW_CHUNK] * bool(
            total % SLOW_CHUNK)
        runs = [settings(max_examples=n, **COMMON)(given(*strategies)(prop)) for n in chunks]

        @pytest.mark.slow
        def slow_test() -> None:
            for run in runs:
                run()
        return fast_test, slow_test
    return decorate


def test_the_slow_run_has_at_least_100_000_examples():
    if "BOCE_HYPOTHESIS_EXAMPLES" not in os.environ:
        assert sum(slow_examples(name) for name in SHARES) >= 99_990  # rounding down per share


# ------------------------------------------------------------------------------ positions
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
CHECK_IDS = {check.id for check in STRUCTURE_CHECKS.values()}


def _extent(raw: bytes) -> tuple[int, int]:
    """(lines, widest line) under every way of counting lines that a reporter may use."""
    text = raw.decode("utf-8", "replace")
    splits = [text.split("\n"), text.splitlines() or [""], _YAML_BREAK.split(text)]
    return max(map(len, splits)), max(len(line) for split in splits for line in split)


def assert_inside(raw: bytes, findings: list[Finding]) -> None:
    lines, width = _extent(raw)
    for f in findings:
        assert f.rule_id in CHECK_IDS, f
        assert 1 <= f.line <= lines + 1, (f.line, lines, f.message)
        assert 1 <= f.column <= width + 1, (f.column, width, f.message)


def load_bytes(raw: bytes, suffix: str) -> tuple[Any, list[Finding]]:
    """One file through the loader as ``check`` loads it: parse, validate, inline waivers,
    then indexing and references in a repository of its own."""
    loaded = load_file(Path("x" + suffix), "x" + suffix, raw)
    return loaded.document, assemble(".", [loaded]).findings


# ------------------------------------------------------------------------------ loader: bytes
TOKENS = [b"soort: ", b"versie: 2", b"id: x", b"\n", b"  ", b"- ", b": ", b"[", b"]", b"{", b"}",
          b", ", b"&a ", b"*a", b"&b ", b"*b", b"!!python/object:os.system ", b"!!str ", b"!x ",
          b"<<: ", b"? ", b"|", b">-", b"'", b'"', b"\\", b"#", b" # boce-lint: negeer S001",
          b' reden="x" eigenaar="y"', b"---\n", b"...\n", b"%YAML 1.1\n", b"%TAG ! !x\n",
          b"\t", b"\r", b"\r\n", b"\x00", b"\x1b[2J", b"\x85", b"\xe2\x80\xa8", b"\xef\xbb\xbf",
          b"\xff", b"\xc3", b"\xe9", b"2015-02-30", b".nan", b"0x1F", b"1_000", b"1:30", b"~",
          b"ja", b"deelovereenkomst", b"overleg", b"bijlage", b"kpis", b"datum", b"1e400",
          b'"\\x9b\\e"', b"-" * 3, b"'\n'", b"{a: 1, a: 2}", b"\xf0\x9f\x98\x80"]

SEEDS = [
    b"soort: overleg\nversie: 2\nid: ov-1\norgaan: stuurgroep\ndatum: 2015-03-12\n"
    b"agenda:\n  - onderwerp: Jaarrapportage\n    deelovereenkomst: do-1\n",
    b"soort: deelovereenkomst\nversie: 2\nid: do-1\nterreinen: [sociale-zaken]\n"
    b"kpis:\n  - {id: doorlooptijd, streefwaarde: 8, eenheid: weken}\n",
    b'{"soort": "bijlage", "versie": 2, "id": "b", "type": "afbakening",\n'
    b' "vastgesteld": {"orgaan": "stuurgroep", "datum": "2015-03-12"}}\n',
]


@st.composite
def mutated(draw: Any) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=3))
        if action == "insert":
            data[at:at] = piece
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        else:
            data[at:at + len(piece)] = piece
    return bytes(data)


SUFFIXES = st.sampled_from([".yaml", ".json"])


def _loader_never_fails(raw: bytes, suffix: str) -> None:
    _, findings = load_bytes(raw, suffix)
    assert_inside(raw, findings)


test_loader_bytes, test_loader_bytes_slow = twice(
    "bytes", 150, st.binary(max_size=600), SUFFIXES)(_loader_never_fails)
test_loader_token_soup, test_loader_token_soup_slow = twice(
    "token_soup", 150, st.lists(st.sampled_from(TOKENS), max_size=80).map(b"".join),
    SUFFIXES)(_loader_never_fails)
test_loader_mutated, test_loader_mutated_slow = twice(
    "mutated", 100, mutated(), SUFFIXES)(_loader_never_fails)


_CONCISE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<rule>[SW]\d{3}) ")


def _command_line_never_fails(raw: bytes, suffix: str) -> None:
    """The same through ``boce-lint check``: findings in concise form, each inside the file."""
    folder = _scratch() / "bytes"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / f"x{suffix}").write_bytes(raw)
    result = CliRunner().invoke(cli, ["check", str(folder), "--isolated", "--no-cache",
                                      "--select", "S", "--select", "W", "--format", "concise"])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1) and not result.stderr, result.output
    lines, width = _extent(raw)
    for line in result.stdout.splitlines():
        match = _CONCISE.match(line)
        assert match and match["file"].endswith(f"x{suffix}"), line
        assert 1 <= int(match["line"]) <= lines + 1 and 1 <= int(match["column"]) <= width + 1


test_command_line_bytes, test_command_line_bytes_slow = twice(
    "bytes_cli", 8, st.one_of(st.binary(max_size=300), mutated()), SUFFIXES)(
    _command_line_never_fails)


# ------------------------------------------------------------------------------ loader: shapes
def _property_names(schema: Any, found: set[str]) -> set[str]:
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            found.add(name)
            _property_names(sub, found)
        for key, sub in schema.items():
            if key != "properties":
                _property_names(sub, found)
    elif isinstance(schema, list):
        for sub in schema:
            _property_names(sub, found)
    return found


FIELD_NAMES = sorted(set().union(*(_property_names(schema_for(k), set()) for k in KIND_NAMES)))
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10 ** 6), 10 ** 20),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
    st.dates().map(str),
    st.sampled_from(["2015-02-30", "[invoegen]", "[datum]", "ja", "nee", "Emmen", "Coevorden",
                     "do-1", "ov-1", "stuurgroep", "gemeenteraad", "sociale-zaken", "", " ",
                     "<script>", "\x1b[2J"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS, inner, max_size=5), max_leaves=30)


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(KIND_NAMES))
    header = draw(st.sampled_from(["valid", "valid", "valid", "none", "random"]))
    body = draw(st.dictionaries(KEYS, VALUES, max_size=10))
    if header == "valid":
        return {"soort": kind, "versie": 2, "id": draw(st.sampled_from(["do-1", "x", "ov-1"])),
                **{k: v for k, v in body.items() if k not in ("soort", "versie", "id")}}
    if header == "random":
        return {"soort": draw(SCALARS), "versie": draw(SCALARS), "id": draw(SCALARS), **body}
    return body


def _coordinates(text: str) -> set[tuple[int, int]] | None:
    try:
        positions = parse(text).positions
    except ParseProblem:
        return None
    return {(p.line, p.column) for p in positions.values()} | {
        (p.key_line, p.key_column) for p in positions.values()}


def _structure_never_fails(data: dict[str, Any], flow: bool, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)
    raw = text.encode("utf-8")
    _, findings = load_bytes(raw, ".yaml")
    assert_inside(raw, findings)
    places = _coordinates(text)
    if places is None:
        # PyYAML's emitter is not always right: with allow_unicode it writes a NEL (U+0085)
        # raw into a quoted key, which YAML then folds into a space. A text that PyYAML itself
        # does not read back as the structure is a case for the emitter, not for boce-lint.
        if yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) != data:
            reject()
        raise AssertionError("yaml.safe_dump wrote what boce-lint cannot read")
    for f in findings:
        assert (f.line, f.column) in places, (f.rule_id, f.line, f.column, f.message)


def _json_structure_never_fails(data: dict[str, Any], indent: Any) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    raw = text.encode("utf-8")
    _, findings = load_bytes(raw, ".json")
    assert_inside(raw, findings)
    places = _coordinates(text.replace("\t", " "))
    if places is not None:  # valid JSON that YAML 1.1 reads differently is reported, not lost
        for f in findings:
            assert (f.line, f.column) in places, (f.rule_id, f.line, f.column, f.message)


test_loader_structures, test_loader_structures_slow = twice(
    "structures", 100, documents(), st.booleans(), st.booleans())(_structure_never_fails)
test_loader_json_structures, test_loader_json_structures_slow = twice(
    "structures_json", 40, documents(), st.sampled_from([None, 2, "\t"]))(
    _json_structure_never_fails)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_every_kind_with_a_valid_header_is_a_document(kind):
    _, findings = load_bytes(f"soort: {kind}\nversie: 2\nid: x\n".encode(), ".yaml")
    assert all(f.rule_id == "S007" for f in findings)  # required fields, if any


# ------------------------------------------------------------------------------ rule language
def _parse_only_rule_file_errors(text: str) -> None:
    try:
        parse_rules(text, "x.boce")
    except RuleFileError as error:
        assert error.file == "x.boce"
        assert 1 <= error.line <= len(text.splitlines()) + 1 and error.column >= 1
        assert error.render().startswith(f"x.boce:{error.line}:{error.column}: ")


def compile_only(text: str) -> tuple[Rulebook, list[RuleFileError]]:
    """Parse and compile like ``load_rulebook``: errors are raised (syntax) or collected."""
    registry = load_registry()
    book = Rulebook(registry=registry)
    compiler = Compiler(text, "x.boce", set(registry))
    for rule in parse_rules(text, "x.boce"):
        book.rules.append(compiler.compile_rule(rule, "x"))
    return book, compiler.errors + _link(book)


RULE_TOKENS = [
    "regel", "T-001", "T-002", "a-b", "titel", "\"x\"", "\"{d.id} {n}\"", "\"{(((\"", "en",
    "bron", "RO-4.2", "RK-1", "ernst", "fout", "info", "voor", "elke", "elk", "volledig",
    "kalenderjaar", "van", "tot", "deelovereenkomst", "overleg", "kpi", "d", "k", "o", "n", ":",
    ",", "vereist", "bewijs", "aanwezig", "ontbreekt", "leeg", "invultekst", "d.x", "d.kpis",
    "d.titel", "d.ingangsdatum", "=", "!=", "<", ">=", "(", ")", "[", "]", "aantal", "som",
    "minimum", "over", "alle", "een", "geen", "voldoet", "aan", "waarvoor", "of", "niet",
    "bevat", "past", "bij", "\"(a+)+\"", "\"[\"", "melding", "geen-bewijs", "voorbeeld", "goed",
    "\"\"\"\nsoort: x\n\"\"\"", "\"\"\"a\"\"\"", "laat", "als", "in", "3", "2.5", "-", "+", "*",
    "/", "jaar", "jaren", "maanden", "peildatum", "waar", "onwaar", "2020-01-01", "2020-02-30",
    "open", "__import__", "eval", "lengte", "max", "veld", "waarden", "datum", "geldig",
    "vanaf", "label", "uitzondering", "op", "uitleg", "advies", "#", "\n", "\"\\\"",
]


def _tokens_only_rule_file_errors(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        _, errors = compile_only(text)
    except RuleFileError as error:
        assert 1 <= error.line <= len(text.splitlines()) + 1 and error.column >= 1
    else:
        for error in errors:
            assert error.line >= 1 and error.column >= 1, error.headline()


test_rule_text, test_rule_text_slow = twice(
    "rule_text", 100, st.text(max_size=300))(_parse_only_rule_file_errors)
test_rule_tokens, test_rule_tokens_slow = twice(
    "rule_tokens", 100, st.lists(st.sampled_from(RULE_TOKENS), max_size=40))(
    _tokens_only_rule_file_errors)

# Randomly built rules, typed by construction so that many compile and evaluation is exercised.
TYPED_ATOMS = {
    "getal": ["3", "0", "-1", "2.5", "d.vergoeding.bedrag", "lengte(d.kpis)", "lengte(d.titel)",
              "jaar(d.ingangsdatum)", "jaar(peildatum)", "aantal kpi q in d.kpis",
              "aantal overleg o2 waarvoor aanwezig o2.datum",
              "som q.streefwaarde over kpi q in d.kpis", "max(1, d.vergoeding.bedrag)"],
    "tekst": ["d.titel", "d.werkterrein", "d.status", "d.id", '"x"', '""', "d.gastheergemeente",
              "kleine_letters(d.titel)"],
    "datum": ["d.ingangsdatum", "peildatum", "2020-01-01", "d.raamovereenkomst.ingangsdatum",
              "datum(2020, 13, 45)", "datum(jaar(peildatum), 1, 1)",
              "min(d.ingangsdatum, peildatum)", "maximum o2.datum over overleg o2"],
    "duur": ["3 maanden", "1 jaar", "14 dagen", "0 dagen"],
    "lijst": ["d.kpis", "d.gastgemeenten", "[1, 2]", "[]", '["Emmen"]', 'veld(d.kpis, "id")',
              "d.raamovereenkomst.partijen"],
}


@cache  # strategies are built once: building them per draw is slow
def typed(kind: str, depth: int, quotes: bool = True) -> st.SearchStrategy[str]:
    """An expression of the rule language's type ``kind`` (getal tekst datum duur lijst
    waarheid); without quotes it fits in a message template ("... {expr} ...")."""
    def sub(k: str) -> st.SearchStrategy[str]:
        return typed(k, depth - 1, quotes).map(lambda e: f"({e})")

    if kind == "waarheid":
        atoms = ["waar", "onwaar", "aanwezig d.titel", "ontbreekt d.werkterrein", "leeg d.kpis",
                 "invultekst d.titel", "aanwezig d.raamovereenkomst"]
    else:
        atoms = TYPED_ATOMS[kind]
    atom = st.sampled_from([a for a in atoms if quotes or '"' not in a])
    if depth <= 0:
        return atom
    joins: list[st.SearchStrategy[str]] = [atom]
    if kind == "getal":
        joins += [st.builds("{} {} {}".format, sub("getal"), st.sampled_from("+-*/"),
                            sub("getal")), sub("getal").map("- {}".format)]
    elif kind == "datum":
        joins += [st.builds("{} {} {}".format, sub("datum"), st.sampled_from("+-"), sub("duur"))]
    elif kind == "duur":
        joins += [st.builds("{} - {}".format, sub("datum"), sub("datum")),
                  st.builds("{} * {}".format, sub("duur"), sub("getal"))]
    elif kind == "waarheid":
        compare = st.sampled_from(["=", "!=", "<", "<=", ">", ">="])
        joins += [st.builds("{0} {1} {2}".format, sub(k), compare, sub(k))
                  for k in ("getal", "datum", "duur", "tekst")]
        joins += [sub("waarheid").map("niet {}".format),
                  st.builds("{} {} {}".format, sub("waarheid"), st.sampled_from(["en", "of"]),
                            sub("waarheid")),
                  st.builds("{} bevat {}".format, sub("tekst"), sub("tekst")),
                  st.builds("{} in {}".format, sub("tekst"), sub("lijst")),
                  st.builds("{} niet in {}".format, sub("getal"), sub("lijst")),
                  sub("tekst").map("aanwezig {}".format)]
        if quotes:
            joins += [sub("tekst").map('{} past bij "^[A-Z][a-z]*"'.format),
                      sub("waarheid").map("alle kpi q in d.kpis voldoet aan {}".format),
                      sub("waarheid").map("een overleg o2 voldoet aan {}".format),
                      st.just("geen kpi q in d.kpis voldoet aan (q.streefwaarde > 3)")]
    return st.one_of(*joins)


@st.composite
def built_rules(draw: Any) -> str:
    subject = draw(st.sampled_from([
        "voor elke deelovereenkomst d:",
        "voor elke deelovereenkomst d waarvoor aanwezig d.kpis:",
        "voor elke deelovereenkomst d, elke kpi k in d.kpis:",
        "voor elke deelovereenkomst d, elk volledig kalenderjaar j van d.ingangsdatum tot "
        "peildatum:"]))
    n_kind = draw(st.sampled_from(["getal", "tekst", "datum", "duur", "lijst"]))
    lines = [subject, f"laat n = {draw(typed(n_kind, 1))}"]
    for _ in range(draw(st.integers(1, 3))):
        keyword = draw(st.sampled_from(["vereist", "bewijs", "als"]))
        condition = draw(typed("waarheid", 3))
        lines.append(f"{keyword} {condition}" + (":" if keyword == "als" else ""))
    lines.append(f"vereist {draw(typed('waarheid', 3))}")
    body = "\n".join("  " + line for line in lines)
    shown = draw(st.sampled_from(["getal", "tekst", "datum", "lijst"]))
    return (f'regel T-001 gebouwd\n  titel "t"\n  bron RO-4.2\n  ernst fout\n'
            f'  melding "{{d.id}}: {{n}} {{{draw(typed(shown, 1, quotes=False))}}}"\n{body}\n')


@cache
def repositories() -> list[Repository]:
    """The compliant fixture, and a repository of schema-invalid documents of every kind."""
    compliant = load_repository([ROOT / "fixtures" / "compliant"]).repository
    rng = random.Random(7)
    garbage = []
    pool: list[Any] = [None, True, 0, -3, 1e300, "", "x", "2020-02-30", "[invoegen]", [], {},
                       [None], {"id": 1}, ["do-1", 3], {"x": {"y": []}}]
    for n, kind in enumerate(KIND_NAMES * 2):
        data = {"soort": kind, "versie": 2, "id": f"g-{n}",
                **{name: rng.choice(pool) for name in rng.sample(FIELD_NAMES, 12)}}
        text = yaml.safe_dump(data, sort_keys=False)
        garbage.append(load_file(Path("x.yaml"), "x.yaml", text.encode()))
    return [compliant, assemble("<rommel>", garbage).repository]


COMPILED = {"yes": 0, "no": 0}


def _built_rules_compile_and_evaluate(text: str) -> None:
    try:
        book, errors = compile_only(text)
    except RuleFileError as error:
        raise AssertionError(f"built rule does not parse: {error.render()}\n{text}") from None
    for error in errors:
        assert error.line >= 1 and error.column >= 1, error.headline()
    COMPILED["no" if errors else "yes"] += 1
    if errors:
        return
    budget = dsl_runtime.STEP_BUDGET
    dsl_runtime.STEP_BUDGET = 20_000  # a smaller budget: more examples, and it is reached too
    try:
        for repository in repositories():
            for as_of in (dt.date(2024, 1, 1), dt.date(1900, 1, 1)):
                for finding in evaluate(book, repository, as_of):
                    assert finding.line >= 1 and finding.column >= 1
    finally:
        dsl_runtime.STEP_BUDGET = budget


_rule_built_fast, test_rule_built_slow = twice(
    "rule_built", 60, built_rules())(_built_rules_compile_and_evaluate)


def test_rule_built():
    COMPILED.update(yes=0, no=0)
    _rule_built_fast()
    # the generator must get past the compiler often enough to exercise evaluation
    assert COMPILED["yes"] >= 10, COMPILED


# ------------------------------------------------------------------------------ configuration
CONFIG_KEYS = ["select", "ignore", "fail-on", "exit-zero", "outcome", "as-of", "lang", "format",
               "statistics", "quiet", "jobs", "include", "exclude", "statutory", "baseline",
               "severity", "per-file-ignores", "waivers", "rules", "output", "onbekend", "cache",
               "cache-dir"]
TOML_STRINGS = st.sampled_from(['"error"', '"warning"', '"never"', '"json"', '"sarif"', '"en"',
                                '"2024-01-01"', '"2024-02-30"', '"S001"', '"DO-"', '"**"',
                                '"[z-a]"', '""', '"\\u001b[2J"', "'x\ny'", '"""a\nb"""'])
TOML_VALUES = st.recursive(
    st.one_of(TOML_STRINGS, st.sampled_from(["true", "false", "0", "1", "2", "-1", "1e400",
                                             "nan", "2024-01-01", "12:00:00", "0x10"]),
              st.integers().map(str), st.text(max_size=6).map(json.dumps)),
    lambda inner: st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    | st.lists(st.tuples(st.sampled_from(['rule', 'justification', 'owner', 'expires', 'files',
                                          '"**"', 'S001', 'x']), inner), max_size=4).map(
        lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in kv) + "}"),
    max_leaves=6)


USABLE = {  # values each key accepts: most generated configurations should work
    "select": ['["S"]', '["S001", "DO-"]', "[]"], "ignore": ['["RK-"]', "[]"],
    "fail-on": ['"error"', '"warning"', '"never"'], "exit-zero": ["true", "false"],
    "outcome": ['"violation"', '"all"'], "as-of": ['"2024-01-01"', '"2015-06-30"'],
    "lang": ['"nl"', '"en"'], "format": ['"json"', '"sarif"', '"markdown"', '"junit"'],
    "statistics": ["true"], "quiet": ["true", "false"], "jobs": ["1", "2"],
    "include": ['["**/*.yaml"]'], "exclude": ['["x/**"]'], "statutory": ["false", "true"],
    "severity": ['{S007 = "warning"}'], "per-file-ignores": ['{"*.yaml" = ["S007"]}'],
    "waivers": ['[{rule = "S007", justification = "j", owner = "o"}]',
                '[{rule = "S006", justification = "j", owner = "o", expires = "2020-01-01"}]'],
}


@st.composite
def config_texts(draw: Any) -> str:
    lines = []
    keys = draw(st.lists(st.sampled_from(CONFIG_KEYS), unique=True, max_size=6))
    for key in keys:
        if key in USABLE and draw(st.integers(0, 19)) < 17:
            lines.append(f"{key} = {draw(st.sampled_from(USABLE[key]))}")
        else:
            lines.append(f"{key} = {draw(TOML_VALUES)}")
    if draw(st.integers(0, 4)) == 0:  # now and then something that is not a key = value
        lines.insert(draw(st.integers(0, len(lines))), draw(st.one_of(
            st.sampled_from(["[[waivers]]", "[severity]", "[tool]", "[x.y]", "[[rules]]"]),
            st.text(max_size=30))))
    return "\n".join(lines) + "\n"


def _config_error_names_the_file(text: str, name: str) -> None:
    folder = _scratch()
    path = folder / name
    path.write_text(("[tool.boce-lint]\n" if name == "pyproject.toml" else "") + text,
                    encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path, [])
    except ConfigError as error:
        message = str(error)
        assert "\n" not in message and message.startswith(str(path)), message


_SCRATCH: list[Path] = []


def _scratch() -> Path:
    """A folder for files the properties write (hypothesis runs many examples per test
    function, so pytest's tmp_path, one per test, does not fit)."""
    if not _SCRATCH:
        import tempfile

        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="boce-props-")))
    return _SCRATCH[0]


@pytest.fixture(scope="module", autouse=True)
def _remove_scratch():
    yield
    import shutil

    while _SCRATCH:
        shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


test_config_load, test_config_load_slow = twice(
    "config_load", 150, st.one_of(config_texts(), st.text(max_size=200)),
    st.sampled_from(["boce-lint.toml", "pyproject.toml"]))(_config_error_names_the_file)

REPOSITORY = {"a.yaml": "soort: overleg\nversie: 2\nid: ov-1\norgaan: stuurgroep\n"
                        "datum: 2015-03-12\n"}


def _config_through_the_command_line(text: str) -> None:
    folder = _scratch() / "repo"
    folder.mkdir(exist_ok=True)
    for name, body in REPOSITORY.items():
        (folder / name).write_text(body, encoding="utf-8")
    config = folder / "boce-lint.toml"
    config.write_text(text, encoding="utf-8", errors="surrogatepass")
    # --no-cache: a random cache-dir must not make the test write anywhere
    result = CliRunner().invoke(cli, ["check", str(folder), "--no-cache", "--format", "concise",
                                      "--as-of", "2024-01-01"])
    assert "Traceback" not in result.output and "internal error" not in result.output, \
        result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert str(config) in lines[0] or lines[0].startswith("boce-lint: error: "), lines[0]
    else:
        assert result.exit_code in (0, 1), result.output


test_config_cli, test_config_cli_slow = twice(
    "config_cli", 8, config_texts())(_config_through_the_command_line)


@pytest.mark.parametrize("text", ['rules = ["weg", "weg"]\n', "[tool]\nboce-lint = 3\n"])
def test_found_regressions_in_the_configuration(text):
    """Examples the properties found: a configured rule folder that does not exist gave one
    line per folder, naming only the folder (now: one line naming the configuration)."""
    _config_through_the_command_line(text)


def test_pyproject_with_a_tool_that_is_no_table(tmp_path):
    """``tool = 1`` in pyproject.toml crashed the search for the configuration."""
    for name, body in REPOSITORY.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("tool = 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--no-cache", "--format",
                                      "concise", "--as-of", "2024-01-01"])
    assert result.exit_code == 0 and "internal error" not in result.output, result.output
    try:
        load_config(tmp_path / "pyproject.toml", [])
    except ConfigError as error:
        assert str(error) == f"{tmp_path / 'pyproject.toml'}: [tool.boce-lint] must be a table"
    else:
        raise AssertionError("a pyproject.toml without a [tool.boce-lint] table is no config")


def test_config_properties_cover_both_outcomes():
    """The generator makes both usable and unusable configurations."""
    outcomes = set()
    for text in ["jobs = 2\n", "jobs = 0\n", 'format = "json"\nlang = "en"\n', "x = \n"]:
        path = _scratch() / "boce-lint.toml"
        path.write_text(text, encoding="utf-8")
        try:
            load_config(path, [])
            outcomes.add("ok")
        except ConfigError:
            outcomes.add("error")
    assert outcomes == {"ok", "error"}


def test_rule_file_with_random_garbage_through_the_command_line(tmp_path, monkeypatch):
    """``boce-lint test-rules DIR`` with a broken rule file: exit 2, the place, no traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mijn").mkdir()
    rng = random.Random(3)
    for _ in range(5):
        text = " ".join(rng.choice(RULE_TOKENS) for _ in range(30))
        (tmp_path / "mijn" / "kapot.boce").write_text("regel MY-001 kapot\n" + text,
                                                      encoding="utf-8")
        result = CliRunner().invoke(cli, ["test-rules", "mijn"])
        assert "Traceback" not in result.output and "internal error" not in result.output
        if result.exit_code == 2:
            assert re.match(r"mijn/kapot\.boce:\d+:\d+: ", result.output), result.output
        else:  # rare: the garbage is a valid rule; its examples pass or fail
            assert result.exit_code in (0, 1)
