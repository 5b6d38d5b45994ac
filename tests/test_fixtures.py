"""The example repositories: their expected findings are checked in and asserted exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from boce_lint.cli import cli

ROOT = Path(__file__).parents[1]
CASES = {"boce": "2023-01-01", "compliant": "2024-03-01", "principles": "2024-03-01",
         "coevorden": "2024-03-01"}
# What the rekenkamer Borger-Odoorn found in 2023 (seed 000) and must be visible in fixtures/boce.
REKENKAMER_GAPS = ["RK-measurable-goals", "RK-benchmarks", "RK-consultation-held",
                   "RK-key-persons", "RK-council-information", "RK-information-need",
                   "RK-evaluation", "RO-2.2", "RK-uniform-reporting"]


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
