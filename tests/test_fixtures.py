"""The example repositories: their expected findings are checked in and asserted exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from boce_lint.cli import cli

ROOT = Path(__file__).parents[1]
CASES = {"boce": "2023-01-01", "compliant": "2024-03-01", "bijlage3": "2010-06-01",
         "principles": "2024-03-01", "coevorden": "2024-03-01"}
# What the rekenkamer Borger-Odoorn found in 2023 (seed 000) and must be visible in fixtures/boce.
REKENKAMER_GAPS = ["RK-measurable-goals", "RK-benchmarks", "RK-consultation-held",
                   "RK-key-persons", "RK-council-information",
                   "RK-evaluation", "RO-2.2", "RK-uniform-reporting"]
# RK-information-need is the report's recommendation (April 2023): it applies from that date on,
# so fixtures/boce (checked at 2023-01-01) does not show it, and a later as-of date does.


def check(name: str, *extra: str):
    return CliRunner().invoke(cli, ["check", f"fixtures/{name}", "--as-of", CASES[name],
                                    "--isolated", *extra])


@pytest.mark.parametrize("name", CASES)
def test_expected_findings(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = check(name, "--format", "concise")
    expected = (ROOT / "fixtures" / name / "expected-findings.txt").read_text(encoding="utf-8")
    actual = "".join(line + "\n" for line in result.output.splitlines())
    assert actual == expected, "regenerate with: boce-lint check fixtures/NAME --as-of DATE " \
                               "--isolated --format concise > fixtures/NAME/expected-findings.txt"


def test_compliant_repository_is_clean(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = check("compliant", "--format", "concise")
    assert result.output == "" and result.exit_code == 0


def test_boce_shows_every_rekenkamer_gap(monkeypatch):
    import json

    monkeypatch.chdir(ROOT)
    result = check("boce", "--format", "json")
    findings = json.loads(result.output)["findings"]
    cited = {k for f in findings for k in f["keys"]}
    assert [gap for gap in REKENKAMER_GAPS if gap not in cited] == []
    assert result.exit_code == 1


def test_inkoop_domain_without_sub_agreement_is_reported(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = check("boce", "--format", "concise", "--select", "RO-2.2")
    assert re.search(r"raamovereenkomst\.yaml:\d+:\d+: \S+ .*[Ii]nkoop", result.output)


def test_the_2023_recommendation_applies_from_the_report_date(monkeypatch):
    monkeypatch.chdir(ROOT)
    before = CliRunner().invoke(cli, ["check", "fixtures/boce", "--as-of", "2023-01-01",
                                      "--isolated", "--format", "concise", "--select", "RAAD-004"])
    after = CliRunner().invoke(cli, ["check", "fixtures/boce", "--as-of", "2023-06-01",
                                     "--isolated", "--format", "concise", "--select", "RAAD-004"])
    assert before.output == ""
    assert "RAAD-004 De raad van Borger-Odoorn heeft geen informatiebehoefte" in after.output


PLACES = """\
# yaml-language-server: $schema=../schemas/deelovereenkomst.schema.json
soort: deelovereenkomst
versie: 1
id: do-ict
titel: ICT Coevorden
status: ondertekend
gastheergemeente: Emmen
gastgemeenten: [Coevorden]
dienstverlening:
  - naam: Werkplekbeheer
vergoeding:
  bedrag: 815000
  berekening: Vast bedrag per jaar.
werkprocessen:
  - naam: Incidentafhandeling
    wettelijke_eisen: [AVG art. 32]
verantwoordelijken:
  - {partij: Emmen, naam: A. Jansen}
"""


def test_findings_point_at_the_value_or_its_parent_key(tmp_path, monkeypatch):
    """Principle 8: a missing value at the key where it belongs, never line 1."""
    import json

    (tmp_path / "do.yaml").write_text(PLACES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", ".", "--isolated", "--as-of", "2024-01-01",
                                      "--format", "json", "--select", "DO-"])
    lines = {(f["rule_id"], f["line"]) for f in json.loads(result.output)["findings"]}
    assert ("DO-011", 10) in lines        # the service without a description
    assert ("DO-012", 15) in lines        # the process without quality norms
    assert ("DO-008", 18) in lines        # Coevorden's officer is missing: at the officers
    assert {line for rule, line in lines if rule == "DO-003"} == {11}  # at vergoeding
    messages = [f["message"] for f in json.loads(result.output)["findings"]]
    assert any("noemt de indexeringsmethode niet" in m for m in messages)
    assert any("Werkproces 'Incidentafhandeling'" in m and "kwaliteitsnormen" in m
               for m in messages)


@pytest.mark.parametrize("name", CASES)
def test_no_finding_points_at_line_one(name, monkeypatch):
    import json

    monkeypatch.chdir(ROOT)
    findings = json.loads(check(name, "--format", "json").output)["findings"]
    assert [f["rule_id"] for f in findings if f["line"] == 1 and f["file"].endswith(".yaml")] == []


def test_bijlage3_to_the_letter_has_no_error_and_no_warning(monkeypatch):
    """A repository written exactly as Bijlage 3 prescribes, in its first year: only missing
    evidence, and the README explains every rule that reports it."""
    import json

    monkeypatch.chdir(ROOT)
    result = check("bijlage3", "--format", "json")
    data = json.loads(result.output)
    assert data["summary"]["errors"] == data["summary"]["warnings"] == 0
    assert data["summary"]["missing_evidence"] == len(data["findings"]) > 0
    assert result.exit_code == 0
    readme = (ROOT / "fixtures" / "bijlage3" / "README.md").read_text(encoding="utf-8")
    explained = set(re.findall(r"[A-Z]+-\d{3}", readme))
    unexplained = {f["rule_id"] for f in data["findings"]} - explained
    assert unexplained == set()
