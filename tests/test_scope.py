"""Scope (catalogue principle 6): a guest's own register does not judge the host's duties.

Who bears a duty is stated in the rules (``plicht van gastheergemeente``), not inferred from a
subject alone: the yearly P&C reports of the host's service head (RO-5.5) and the benchmarks
the host carries out (RK-benchmarks) have no party in their subjects.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruletools import checked

from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.parser import parse_rules

ROOT = Path(__file__).parents[1]


def guest_register_without_host_records(tmp_path: Path) -> Path:
    """Coevorden's register (fixtures/coevorden) without the host's P&C reports and
    benchmark reports: those stay with Emmen."""
    folder = tmp_path / "coevorden"
    shutil.copytree(ROOT / "fixtures" / "coevorden", folder)
    for path in [*folder.glob("rapportages/*/pc-rapportage-*.yaml"),
                 *folder.glob("evaluaties/benchmark-*.yaml")]:
        path.unlink()
    return folder


def findings(folder: Path) -> list[tuple[str, str, int]]:
    return checked(folder, "2024-03-01", "RO-5.5", "RK-benchmarks", "S015")


def test_a_guest_register_does_not_judge_the_hosts_duties(tmp_path):
    folder = guest_register_without_host_records(tmp_path)
    assert findings(folder) == [("S015", "raamovereenkomst.yaml", 14),
                                ("S015", "raamovereenkomst.yaml", 14)]


def test_the_whole_arrangement_judges_the_hosts_duties(tmp_path):
    folder = guest_register_without_host_records(tmp_path)
    framework = folder / "raamovereenkomst.yaml"
    framework.write_text(framework.read_text(encoding="utf-8").replace(
        "reikwijdte: [Coevorden]\n", ""), encoding="utf-8")
    found = findings(folder)
    assert ("RAP-001", "raamovereenkomst.yaml", 2) in found  # no P&C report in 2022, 2023
    assert {f[1] for f in found if f[0] == "RAP-010"} == {
        "deelovereenkomsten/ict.yaml", "deelovereenkomsten/inkoop-en-aanbesteding.yaml",
        "deelovereenkomsten/sociale-zaken.yaml"}  # each prescribed benchmark is overdue
    assert not [f for f in found if f[0] == "S015"]


def test_a_duty_of_an_unknown_role_is_a_rule_file_error():
    text = ('regel X-001 x\n  titel "x"\n  bron RO-5.5\n  ernst fout\n'
            '  plicht van stuurgroep\n  voor elke raamovereenkomst r:\n'
            '    vereist aanwezig r.id\n  melding "x"\n')
    with pytest.raises(RuleFileError) as error:
        parse_rules(text, "x.boce")
    assert error.value.line == 5
    assert "gastheergemeente, gastgemeenten, partijen" in str(error.value)
