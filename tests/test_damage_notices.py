"""RO-7.1 reads the damage notice as a record: to whom it went and which incident it rests on,
not only its dates (fixtures/principles holds one notice, from Coevorden to Emmen)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruletools import checked

ROOT = Path(__file__).parents[1]
NOTICE = "    geadresseerde: Emmen\n"


def damage_findings(tmp_path: Path, old: str, new: str) -> list[tuple[str, str, int]]:
    folder = tmp_path / "principles"
    shutil.copytree(ROOT / "fixtures" / "principles", folder)
    register = folder / "incidentenregister.yaml"
    text = register.read_text(encoding="utf-8")
    assert old in text
    register.write_text(text.replace(old, new, 1), encoding="utf-8")
    return checked(folder, "2024-03-01", "RO-7.1")


def test_a_notice_to_the_other_party_passes(tmp_path):
    assert damage_findings(tmp_path, NOTICE, NOTICE) == []


@pytest.mark.parametrize("addressee", ["Coevorden", "Hoogeveen"])
def test_a_notice_to_the_injured_party_or_a_non_party_is_a_violation(tmp_path, addressee):
    found = damage_findings(tmp_path, NOTICE, f"    geadresseerde: {addressee}\n")
    assert found == [("INC-011", "incidentenregister.yaml", 45)]  # at the addressee


def test_a_notice_without_addressee_is_missing_evidence_at_the_notice(tmp_path):
    assert damage_findings(tmp_path, NOTICE, "") == [("INC-011", "incidentenregister.yaml", 43)]


def test_a_notice_naming_an_unregistered_incident(tmp_path):
    found = damage_findings(tmp_path, NOTICE, NOTICE + "    incident: INC-2099-01\n")
    assert found == [("INC-012", "incidentenregister.yaml", 46)]
    assert damage_findings(tmp_path / "b", NOTICE, NOTICE + "    incident: INC-2022-01\n") == []
