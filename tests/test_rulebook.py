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


def test_severity_follows_the_catalogue():
    """Good practice marked (warning) in the catalogue may not be reported as an error."""
    text = catalogue_text()
    # rows whose whole check is good practice; "x; y (warning)" makes only y a warning
    warning_keys = set(re.findall(r"^\| ((?:[A-Z]+)-[^ |]+) \|[^\n]*\| [^|;\n]*\(warning[^|\n]*\|$",
                                  text, flags=re.M))
    assert "BA-smart" in warning_keys and "OV-mandate-limits" not in warning_keys
    for rule in BOOK.rules:
        if rule.keys and all(k in warning_keys for k in rule.keys):
            assert rule.severity != "error", rule.id


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
