"""The built-in rulebook: every obligation covered, every rule cited and its examples run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.rulebook.examples import run_examples
from boce_lint.rulebook.rulebook import load_rulebook
from boce_lint.rulebook.ruledocs import render

ROOT = Path(__file__).parents[1]
CATALOGUE = ROOT.parent / "shared" / "obligations.md"
BOOK = load_rulebook()


def catalogue_text() -> str:
    if not CATALOGUE.is_file():
        pytest.skip("../shared/obligations.md is not beside the repository")
    return CATALOGUE.read_text(encoding="utf-8")


def catalogue_keys() -> list[str]:
    return re.findall(r"^\| ((?:RO|VA|GM|RB|RK|BA|OV|LAW)-[^ |]+) \|", catalogue_text(),
                      flags=re.M)


def test_registry_matches_the_catalogue():
    assert list(BOOK.registry) == catalogue_keys()


def test_every_key_has_a_rule():
    covered = {k for r in BOOK.rules for k in r.keys}
    assert [k for k in catalogue_keys() if k not in covered] == []


def test_coverage_command_exits_zero_and_lists_every_key():
    result = CliRunner().invoke(cli, ["rules", "--coverage", "--format", "json"])
    assert result.exit_code == 0, result.output
    table = json.loads(result.output)
    assert set(table) == set(BOOK.registry) and all(table.values())


def test_every_rule_cites_a_key_and_has_both_examples():
    for rule in BOOK.rules:
        assert rule.keys, rule.id
        verdicts = {e.failing for e in rule.node.examples}
        assert verdicts == {True, False}, f"{rule.id} needs a failing and a passing example"


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_rule_examples(rule):
    results = run_examples(BOOK, [rule])
    assert results and all(r.passed for r in results), [
        (r.example.line, r.detail) for r in results if not r.passed]


def test_statutory_pack_holds_only_law_keys_and_can_be_switched_off():
    law = [r for r in BOOK.rules if r.group == "wet"]
    assert law and all(k.startswith("LAW-") for r in law for k in r.keys)
    without = load_rulebook(exclude_groups=("wet",))
    assert not [r for r in without.rules if r.group == "wet"]


RANK = {"info": 0, "warning": 1, "error": 2}
DUTCH = {"fout": "error", "waarschuwing": "warning", "info": "info"}


def catalogue_kinds() -> dict[str, str]:
    """The 'kind' column of the catalogue (version 2), per key."""
    if not CATALOGUE.is_file():
        pytest.skip("../shared/obligations.md is not beside the repository")
    return dict(re.findall(r"^\| ((?:RO|VA|GM|RB|RK|BA|OV|LAW)-[^ |]+) \| ([^|]*?) \|",
                           CATALOGUE.read_text(encoding="utf-8"), flags=re.M))


def severities_of(kind: str, kinds: dict[str, str]) -> set[str]:
    """Principle 1: plicht -> error, aanbeveling -> warning, bevoegdheid -> info at most,
    afgeleid -> as the entry says (error where it says so, else warning)."""
    text = kind.lower()
    if text.startswith("see "):
        return severities_of(kinds[kind.split()[1]], kinds)
    allowed = set()
    if "plicht" in text:
        allowed.add("error")
    if "afgeleid" in text:
        allowed |= {"warning", "error"} if "error" in text or "(" not in text else {"warning"}
    if "aanbeveling" in text:
        allowed.add("warning")
    if "bevoegdheid" in text:
        allowed.add("info")
    assert allowed, f"unknown kind {kind!r}"
    return allowed


def test_severity_follows_the_catalogue():
    """No rule is more severe than its keys' kinds allow; a rule below its kind's severity
    says in its uitleg that it is the tool's derived reading ('afgeleid')."""
    kinds = catalogue_kinds()
    assert kinds["RO-6.6"] == "bevoegdheid" and kinds["BA-smart"] == "aanbeveling"
    assert severities_of(kinds["OV-mandate-limits"], kinds) == {"error"}
    problems = []
    for rule in BOOK.rules:
        allowed = set().union(*(severities_of(kinds[k], kinds) for k in rule.keys))
        highest = max(allowed, key=RANK.__getitem__)
        if RANK[rule.severity] > RANK[highest]:
            problems.append(f"{rule.id}: {rule.severity}, but {rule.keys} allow {highest}")
        elif rule.severity not in allowed and rule.severity != "info" \
                and "afgeleid" not in rule.node.rationale.get("nl", "").lower():
            problems.append(f"{rule.id}: {rule.severity} below {sorted(allowed)} without "
                            "saying it is a derived reading")
    assert problems == [], "\n".join(problems)


def test_registry_states_each_kind_and_its_severities():
    kinds = catalogue_kinds()
    for key, entry in BOOK.registry.items():
        assert entry["soort"] == kinds[key], key
        assert {DUTCH[s] for s in entry["ernst"]} == severities_of(kinds[key], kinds), key


def test_renamed_key_still_selects_its_rules():
    from boce_lint.rulebook.selection import is_selected

    rule = next(r for r in BOOK.rules if "LAW-aw-2.24-a" in r.keys)
    assert is_selected(rule.id, rule.name, rule.keys, ["LAW-aw-2.24a"], [])
    assert not is_selected(rule.id, rule.name, rule.keys, [], ["LAW-aw-2.24a"])


def test_rule_reference_is_fresh():
    doc = ROOT / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == render(BOOK), \
        "docs/rules.md is stale: run python -m boce_lint.rulebook.ruledocs"


def test_explain_shows_source_quote_and_examples():
    rule = BOOK.rules[0]
    result = CliRunner().invoke(cli, ["explain", rule.id])
    assert result.exit_code == 0
    citation = BOOK.citation(rule.keys[0])
    assert citation.quote[:40] in result.output
    assert "Fout voorbeeld" in result.output and "Goed voorbeeld" in result.output


def test_explain_unknown_rule_is_a_usage_error():
    result = CliRunner().invoke(cli, ["explain", "XX-999"])
    assert result.exit_code == 2


def test_explain_and_reference_show_kind_and_validity():
    result = CliRunner().invoke(cli, ["explain", "GM-013"])
    assert "geldig: … tot 2019-12-31" in result.output
    assert "soort: plicht / aanbeveling" in result.output
    always = CliRunner().invoke(cli, ["explain", "DO-001"])
    assert "geldig: altijd" in always.output and "soort: plicht (ernst: fout)" in always.output
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "kind: RB-kpi: plicht (Sociale Zaken / Werk en Inkomen), aanbeveling elsewhere · " \
           "valid: from 2015-01-01" in doc


def test_time_bound_rules_follow_their_sources():
    bounds = {r.id: (r.node.valid_from, r.node.valid_to) for r in BOOK.rules}
    assert str(bounds["GM-013"][1]) == "2019-12-31" and str(bounds["GM-018"][0]) == "2020-01-01"
    assert str(bounds["DA-005"][0]) == str(bounds["DA-006"][0]) == "2015-01-01"
    assert str(bounds["RAAD-004"][0]) == str(bounds["RAAD-008"][0]) == "2023-04-11"


def test_rules_of_a_dated_source_do_not_apply_before_it():
    """Principle 2: a rule whose every key comes from a dated source (bronnen.yaml
    'geldig_vanaf') carries 'geldig vanaf' no earlier than that date."""
    import datetime as dt

    problems = []
    for rule in BOOK.rules:
        starts = [BOOK.registry[k].get("geldig_vanaf") for k in rule.keys]
        if rule.keys and all(starts):
            start = min(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
                        for d in starts)
            if rule.valid_from is None or rule.valid_from < start:
                problems.append(f"{rule.id}: valid from {rule.valid_from}, source from {start}")
    assert problems == []
    assert str(BOOK.registry["RK-information-need"]["geldig_vanaf"]) == "2023-04-11"


def test_the_rulebook_loads_from_signed_cache_entries_and_a_damaged_one_is_ignored(
        tmp_path, monkeypatch):
    """One entry for the whole rulebook (metadata and registry), one for its code, and one per
    rule file (its compiled rules). A warm load reads the first alone, neither parses nor
    compiles, and reads the code when a rule first runs; a damaged entry is compiled again
    (that file only) and stored again, and without its code entry a rule still runs."""
    import datetime as dt

    from boce_lint.dsl import compiler as compiler_module
    from boce_lint.rulebook import rulebook as module
    from boce_lint.rulebook.engine import evaluate
    from boce_lint.run import cache
    from boce_lint.run.pipeline import load_repository

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(cache, "_USER_CACHES", {})
    first = load_rulebook()
    folder = tmp_path / "boce-lint" / "rulebook"
    entries = sorted(folder.rglob("*.pickle"))
    files = len({r.file for r in first.rules})
    assert len(entries) == files + 2

    def no_parsing(text: str, shown: str) -> list:
        raise AssertionError(f"{shown} parsed again")

    compiled: list[str] = []
    original = compiler_module.Compiler.compile_rule

    def counting(self, rule, group):  # type: ignore[no-untyped-def]
        compiled.append(rule.id)
        return original(self, rule, group)

    read: list[str] = []
    reading, reading_bytes = cache.Cache.read, cache.Cache.read_bytes

    def recording(self, name):  # type: ignore[no-untyped-def]
        read.append(name)
        return reading(self, name)

    def recording_bytes(self, name):  # type: ignore[no-untyped-def]
        read.append(name)
        return reading_bytes(self, name)

    repository = load_repository([Path(__file__).parents[1] / "fixtures" / "boce"]).repository
    expected = evaluate(first, repository, dt.date(2023, 1, 1))
    with monkeypatch.context() as patch:  # a hit reads one entry, and the code when it runs
        patch.setattr(module, "_parse_rules_cached", no_parsing)
        patch.setattr(cache.Cache, "read", recording)
        patch.setattr(cache.Cache, "read_bytes", recording_bytes)
        again = load_rulebook()
        assert len(read) == 1
        assert [(r.id, r.severity, r.keys) for r in again.rules] == \
            [(r.id, r.severity, r.keys) for r in first.rules]
        assert evaluate(again, repository, dt.date(2023, 1, 1)) == expected
        assert read == [read[0], read[0] + module.CODE]
        fresh = load_rulebook(cache=False)  # (the examples: kept as rows, made when asked)
        assert [r.examples for r in again.rules] == [r.examples for r in fresh.rules]
        assert sum(len(r.examples) for r in again.rules) > 100
    whole, code = (cache.Cache(folder, b"")._path(name) for name in read)
    entry = next(e for e in entries if e not in (whole, code))
    blob = entry.read_bytes()
    for damaged in (entry, whole):
        damaged.write_bytes(damaged.read_bytes()[:-40] + bytes(40))  # the signature fails
    with monkeypatch.context() as patch:
        patch.setattr(compiler_module.Compiler, "compile_rule", counting)
        rebuilt = load_rulebook()  # the damaged entry is not used: that file is compiled
    assert [r.id for r in rebuilt.rules] == [r.id for r in first.rules]
    assert compiled and len({r.file for r in rebuilt.rules if r.id in compiled}) == 1
    assert entry.read_bytes() != blob[:-40] + bytes(40)

    code.unlink()  # the code is compiled again when a rule runs
    assert evaluate(load_rulebook(), repository, dt.date(2023, 1, 1)) == expected
    assert code.exists()


def test_rules_from_the_cache_of_compiled_code_find_the_same_and_errors_still_say_where(
        tmp_path, monkeypatch):
    """The cached rulebook (generated code and metadata, no syntax trees) judges exactly as the
    freshly compiled one; a mistake in a user rule file is reported at file:line:col with the
    cache on, and such a rulebook is never stored."""
    import datetime as dt

    from boce_lint.rulebook.engine import evaluate
    from boce_lint.rulebook.rulebook import RulebookError
    from boce_lint.run import cache
    from boce_lint.run.pipeline import load_repository

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache, "_USER_CACHES", {})
    fresh = load_rulebook(cache=False)
    load_rulebook()  # stores the entry
    cached = load_rulebook()
    assert all(rule.syntax is not None and callable(rule.syntax) for rule in cached.rules)
    repository = load_repository([Path(__file__).parents[1] / "fixtures" / "boce"]).repository
    for as_of in (dt.date(2019, 6, 1), dt.date(2023, 1, 1)):
        expected = [f.model_dump() if hasattr(f, "model_dump") else f
                    for f in evaluate(fresh, repository, as_of)]
        assert [f.model_dump() if hasattr(f, "model_dump") else f
                for f in evaluate(cached, repository, as_of)] == expected
        assert len(expected) > 10

    rules = tmp_path / "regels"
    rules.mkdir()
    (rules / "eigen.boce").write_text(
        "regel X-001 eigen\n  titel \"t\"\n  melding \"m\"\n  bron RO-14.1.a\n  ernst fout\n"
        "  voor elke deelovereenkomst d:\n    vereist aanwezig d.werkterein\n", encoding="utf-8")
    entries = set((tmp_path / "xdg").rglob("*.pickle"))
    for _ in range(2):
        with pytest.raises(RulebookError) as error:
            load_rulebook((rules,))
        assert "eigen.boce:7:24: Onbekend veld 'werkterein'" in error.value.render()
    assert {e for e in (tmp_path / "xdg").rglob("*.pickle") if "rulebook" in e.parts} == \
        {e for e in entries if "rulebook" in e.parts}


def test_rule_code_keeps_the_line_of_every_instruction_and_no_columns():
    """Compiled rule code carries line numbers without columns (a third of the cached code was
    columns): every instruction of every function of every rule is on the line the plain
    compilation gives it, and the location tables are a fraction of the size."""
    import sys
    from types import CodeType

    from boce_lint.dsl.codegen import compile_source

    def functions(code: CodeType) -> list[CodeType]:
        return [code] + [f for c in code.co_consts if isinstance(c, CodeType)
                         for f in functions(c)]

    plain_size = lines_only_size = 0
    for rule in load_rulebook(cache=False).rules:
        source = rule.source
        plain = compile(source, "<rule>", "exec", dont_inherit=True)
        fewer = compile_source(source, "<rule>")
        for before, after in zip(functions(plain), functions(fewer), strict=True):
            assert before.co_code == after.co_code and before.co_name == after.co_name
            assert [p[0] for p in before.co_positions()] == [p[0] for p in after.co_positions()]
            plain_size += len(before.co_linetable)
            lines_only_size += len(after.co_linetable)
            if (3, 11) <= sys.version_info[:2] <= (3, 13):
                assert all(p[2] is None for p in after.co_positions())
    if (3, 11) <= sys.version_info[:2] <= (3, 13):
        assert lines_only_size * 4 < plain_size


def test_a_module_leaves_out_the_functions_nothing_calls():
    from boce_lint.dsl.codegen import Program

    program = Program("X-1", "x.boce", 1)
    unused = program.function("get", "env", ["return 1"], 2)
    helper = program.function("get", "env", ["return 2"], 3)
    step = program.function("step", "env, emit", [f"return {helper}(env)"], 4)
    pattern = program.const(re.compile("a+"))
    source = program.source([step])
    assert f"def {step}(" in source and f"def {helper}(" in source and pattern in source
    assert f"def {unused}(" not in source
    assert f"def {unused}(" in program.source()  # (without roots: the whole module)
    assert all(f"def {name}(" not in "".join(program.source(["nothing"]))
               for name in (step, helper, unused))


def test_the_rulebook_code_entry_holds_every_module_and_only_them():
    """The whole rulebook's code is one marshalled entry (equal names and constants written
    once); what it gives back is the modules that went in, and anything else is no entry."""
    import marshal

    from boce_lint.dsl.codegen import dump_modules, load_modules

    codes = [rule.module_code() for rule in load_rulebook(cache=False).rules[:30]] + [None]
    blob = dump_modules(codes)
    assert load_modules(memoryview(blob), len(codes)) == codes
    assert len(blob) < len(marshal.dumps(tuple(codes)))
    assert load_modules(blob, len(codes) + 1) is None
    assert load_modules(blob[:-10], len(codes)) is None
    assert load_modules(marshal.dumps(("not", "code")), 2) is None
    assert load_modules(None, len(codes)) is None


def test_user_rule_files_are_read_as_text_with_the_cache_on(tmp_path, monkeypatch):
    """A rule file with Windows line ends compiles as with Unix ones, from the cache too (the
    whole rulebook's key is its files' bytes, decoded only to compile); one that is not UTF-8
    is an error at that file, every time."""
    from boce_lint.rulebook.rulebook import RulebookError
    from boce_lint.run import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache, "_USER_CACHES", {})
    rule = ("regel X-001 eigen\n  titel \"t\"\n  melding \"m\"\n  bron RO-14.1.a\n  ernst fout\n"
            "  voor elke deelovereenkomst d:\n    vereist aanwezig d.werkterrein\n")
    unix, windows = tmp_path / "unix", tmp_path / "windows"
    for folder, text in ((unix, rule), (windows, rule.replace("\n", "\r\n"))):
        folder.mkdir()
        (folder / "eigen.boce").write_bytes(text.encode("utf-8"))
    expected = [(r.id, r.line, r.column, r.keys) for r in load_rulebook((unix,)).rules]
    for _ in range(2):  # compiled, then from the cache
        found = load_rulebook((windows,))
        assert [(r.id, r.line, r.column, r.keys) for r in found.rules] == expected
        assert found.get("X-001").node.line == 1
    (windows / "eigen.boce").write_bytes(b"regel X-001 \xff\n")
    for _ in range(2):
        with pytest.raises(RulebookError) as error:
            load_rulebook((windows,))
        assert "eigen.boce:1:1" in error.value.render()
        assert "kan het bestand niet lezen" in error.value.render()
