"""A party that joined later (``partijen[].toetredingsdatum``) bears no duty for the time before
it joined: its meetings, reports and council information are judged from the first complete
calendar year it was a party (catalogue principle 4), its attendance from the joining date.

The scenario: ``fixtures/compliant`` (no findings) with Coevorden's part of one year removed —
its attendance at the stuurgroep and the colleges, its council documents, its report to its own
college. That year is judged when Coevorden was a party then, and not when it joined later.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from ruletools import checked

ROOT = Path(__file__).parents[1]
AS_OF = "2024-03-01"


def arrangement(tmp_path: Path, joined: str | None) -> Path:
    folder = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "compliant", folder)
    if joined is not None:
        framework = folder / "raamovereenkomst.yaml"
        text = framework.read_text(encoding="utf-8")
        party = "  - gemeente: Coevorden\n    rol: gastgemeente\n"
        assert party in text
        framework.write_text(text.replace(
            party, party + f"    toetredingsdatum: {joined}\n", 1), encoding="utf-8")
    return folder


def without_coevorden_in(folder: Path, year: int) -> None:
    """Coevorden's part of ``year``: attendance, council documents, report to its college."""
    for path in folder.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("datum"), dt.date) \
                or data["datum"].year != year:
            continue
        kind = data.get("soort")
        if kind == "overleg" and data.get("orgaan") in ("stuurgroep", "colleges"):
            data["aanwezigen"] = [a for a in data["aanwezigen"] if a.get("gemeente") != "Coevorden"]
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
        elif (kind == "raadsinformatie" and data.get("gemeente") == "Coevorden") or (
                kind == "rapportage" and data.get("type") == "rapportage-aan-eigen-college"
                and data["opsteller"]["gemeente"] == "Coevorden"):
            path.unlink()


def findings(folder: Path) -> list[tuple[str, str, int]]:
    return checked(folder, AS_OF)


def year_findings(year: int) -> list[tuple[str, str, int]]:
    """What a year without Coevorden's part gives when Coevorden was a party all that year."""
    return sorted([
        ("GOV-001", "raamovereenkomst.yaml", 2), ("GOV-002", "raamovereenkomst.yaml", 2),
        ("GM-017", "raamovereenkomst.yaml", 34), ("WET-001", "raamovereenkomst.yaml", 34),
        ("RAAD-009", "deelovereenkomsten/ict.yaml", 2),
        ("RAAD-009", "deelovereenkomsten/inkoop-en-aanbesteding.yaml", 2),
        ("RAAD-009", "deelovereenkomsten/sociale-zaken.yaml", 2),
        *([("RAAD-005", "informatiebehoeften/coevorden.yaml", line) for line in (17, 19, 21)]
          if year == 2023 else []),
    ])


def test_a_year_before_the_party_joined_is_not_judged(tmp_path):
    folder = arrangement(tmp_path, joined="2023-01-01")
    without_coevorden_in(folder, 2022)
    assert findings(folder) == []


def test_the_same_year_is_judged_for_a_party_from_the_start(tmp_path):
    folder = arrangement(tmp_path, joined=None)
    without_coevorden_in(folder, 2022)
    assert findings(folder) == year_findings(2022)


def test_a_party_that_joined_on_1_january_is_judged_for_that_year(tmp_path):
    folder = arrangement(tmp_path, joined="2023-01-01")
    without_coevorden_in(folder, 2023)
    assert findings(folder) == year_findings(2023)


def test_joining_in_the_middle_of_a_year_leaves_that_year_out(tmp_path):
    """Not a whole year a party: its yearly duties start the year after. Its attendance counts
    from the joining date: the stuurgroep met twice after 1 July 2023 without Coevorden, so
    only two of the four meetings count; the colleges met in June, before it joined."""
    folder = arrangement(tmp_path, joined="2023-07-01")
    without_coevorden_in(folder, 2023)
    assert findings(folder) == [("GOV-002", "raamovereenkomst.yaml", 2)]


def test_an_unknown_joining_date_judges_nothing_it_decides(tmp_path):
    """A placeholder says a party joined, not when: no year and no meeting of it is judged,
    and the placeholder itself is reported where it stands."""
    folder = arrangement(tmp_path, joined="'[datum]'")
    without_coevorden_in(folder, 2023)
    assert findings(folder) == [("RA-010", "raamovereenkomst.yaml", 36)]


def recipients_and_councils_without_coevorden(folder: Path) -> None:
    """The stuurgroep's report of 8 December 2022 and the policy agenda (adopted 24 March
    2022) leave Coevorden out."""
    report = folder / "rapportages" / "2022" / "jaarrapportage-stuurgroep-2022.yaml"
    agenda = folder / "beleidsagenda.yaml"
    for path, old, new in (
            (report, "gemeenten: [Borger-Odoorn, Coevorden, Emmen]",
             "gemeenten: [Borger-Odoorn, Emmen]"),
            (agenda, "raden_gevraagd: [Borger-Odoorn, Coevorden, Emmen]",
             "raden_gevraagd: [Borger-Odoorn, Emmen]")):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_report_and_an_agenda_before_joining_need_not_reach_the_party(tmp_path):
    folder = arrangement(tmp_path, joined="2023-01-01")
    recipients_and_councils_without_coevorden(folder)
    assert findings(folder) == []


def test_a_report_and_an_agenda_after_joining_must_reach_the_party(tmp_path):
    folder = arrangement(tmp_path, joined="2022-01-01")
    recipients_and_councils_without_coevorden(folder)
    assert [f[:2] for f in findings(folder)] == [
        ("BA-008", "raamovereenkomst.yaml"),  # at the party the agenda left out
        ("RAP-011", "rapportages/2022/jaarrapportage-stuurgroep-2022.yaml")]
