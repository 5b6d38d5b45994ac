"""Reports due per P&C period (art. 5.5, RAP-013): the host's P&C calendar names each report
with the months it covers and its due date; the agenda lists every period's report on that
date, done once a P&C report covers the period, overdue otherwise, and the check reports a
missing one the day after. A report counts by the period it covers, not by a count per year."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from boce_lint.cli import cli

ROOT = Path(__file__).parents[1]
COMPLIANT = ROOT / "fixtures" / "compliant"
HALF_YEAR = "Halfjaarrapportage BOCE-dienstverlening"
YEARLY = "Jaarrapportage BOCE-dienstverlening"

# a report on the first quarter of 2024: the repository holds reports on 2024, so a missing
# half-year report is a violation, not missing evidence (catalogue principle 4)
QUARTER = """\
soort: rapportage
versie: 2
id: rap-kwartaal-2024-q1
titel: Kwartaalrapportage ICT 2024-Q1
type: kwartaalrapportage
periode: {van: 2024-01-01, tot: 2024-03-31}
datum: 2024-04-12
"""


def half_year(tot: str, datum: str) -> str:
    """The compliant fixture's half-year report on 2023, moved to 2024."""
    text = (COMPLIANT / "rapportages" / "2023" / "pc-rapportage-2023-h1.yaml").read_text(
        encoding="utf-8")
    old_period = "  van: 2023-01-01\n  tot: 2023-06-30\ndatum: 2023-08-25"
    assert old_period in text
    return text.replace("id: rap-pc-2023-h1", "id: rap-pc-2024-h1").replace(
        old_period, f"  van: 2024-01-01\n  tot: {tot}\ndatum: {datum}").replace(
        f"{HALF_YEAR} 2023", f"{HALF_YEAR} 2024")


@pytest.fixture
def repo(tmp_path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(COMPLIANT, copy)
    (copy / "rapportages" / "2024").mkdir()
    (copy / "rapportages" / "2024" / "kwartaal-2024-q1.yaml").write_text(QUARTER,
                                                                        encoding="utf-8")
    return copy


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def pc_duties(path: Path, as_of: str) -> dict[str, dict]:
    code, out = run("agenda", str(path), "--as-of", as_of, "--from", "2023-01-01",
                    "--until", "2025-03-01", "--format", "json")
    assert code == 0
    return {d["date"]: d for d in json.loads(out)["duties"] if d["source"] == "RAP-013"}


def findings(path: Path, as_of: str) -> list[str]:
    _, out = run("check", str(path), "--as-of", as_of, "--isolated", "--format", "concise",
                 "--select", "RAP-013")
    return [line.split(str(path) + "/")[-1] for line in out.splitlines()
            if line.startswith(str(path))]


def test_the_agenda_lists_the_report_of_every_pc_period_with_its_due_date(repo):
    duties = pc_duties(repo, "2024-09-15")
    assert {day: d["status"] for day, d in duties.items()} == {
        "2023-02-28": "done",  # the yearly report on 2022
        "2023-08-31": "done",  # the half-year report on 2023
        "2024-02-28": "done",  # the yearly report on 2023, dated 2024-02-09
        "2024-08-31": "overdue",  # no report covers January to June 2024
        "2025-02-28": "open",  # the yearly report on 2024
    }
    half = duties["2024-08-31"]
    assert half["task"]["nl"] == (f"{HALF_YEAR} over 2024-01-01 t/m 2024-06-30 aan de "
                                  "gemeentesecretaris van Emmen (art. 5.5).")
    assert half["task"]["en"].startswith(f"{HALF_YEAR} covering 2024-01-01 to 2024-06-30")
    assert half["who"]["nl"] == "het diensthoofd van de gastheergemeente"
    assert [k["key"] for k in half["keys"]] == ["RO-5.5"]
    assert half["file"].endswith("raamovereenkomst.yaml")
    yearly = duties["2025-02-28"]
    assert "over 2024-01-01 t/m 2024-12-31" in yearly["task"]["nl"] and YEARLY in yearly[
        "task"]["nl"]
    assert yearly["line"] == half["line"] + 5  # each at its own moment in the P&C calendar

    _, text = run("agenda", str(repo), "--as-of", "2024-09-15", "--from", "2023-01-01",
                  "--until", "2025-03-01")
    lines = text.splitlines()
    august = lines.index("augustus 2024")
    assert f"2024-08-31  te laat  {HALF_YEAR} over 2024-01-01 t/m" in lines[august + 3]
    assert any(line.startswith(f"  2025-02-28  open    {YEARLY} over 2024-01-01 t/m")
               for line in lines)


def test_the_calendar_has_one_event_per_pc_period_on_its_due_date(repo, tmp_path):
    target = tmp_path / "agenda.ics"
    code, _ = run("agenda", str(repo), "--as-of", "2024-09-15", "--from", "2023-01-01",
                  "--until", "2025-03-01", "--format", "ics", "-o", str(target))
    assert code == 0
    duties = pc_duties(repo, "2024-09-15")
    events = {str(e["UID"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    for day, duty in duties.items():
        event = events[duty["uid"]]
        assert event.decoded("DTSTART") == dt.date.fromisoformat(day)
        assert duty["task"]["nl"] in str(event["SUMMARY"])
        assert "RO-5.5" in str(event["DESCRIPTION"]) and "art. 5.5" in str(event["DESCRIPTION"])
        assert bool(event.walk("VALARM")) == (duty["status"] == "open")


def test_the_check_reports_the_missing_report_the_day_after_its_due_date(repo):
    assert findings(repo, "2024-08-31") == []
    [missing] = findings(repo, "2024-09-01")
    assert missing.startswith("raamovereenkomst.yaml:") and " RAP-013 " in missing
    assert "2024-01-01 t/m 2024-06-30" in missing and HALF_YEAR in missing
    _, out = run("check", str(repo), "--as-of", "2024-09-01", "--isolated", "--format", "json",
                 "--select", "RAP-013")
    [finding] = json.loads(out)["findings"]
    assert (finding["outcome"], finding["severity"]) == ("violation", "error")
    assert finding["subject"]["pointer"] == "/planning_en_control/0/rapportagemomenten/0"


def test_a_report_covering_the_period_makes_it_done_even_when_late(repo):
    (repo / "rapportages" / "2024" / "pc-rapportage-2024-h1.yaml").write_text(
        half_year("2024-06-30", "2024-09-10"), encoding="utf-8")
    assert pc_duties(repo, "2024-09-15")["2024-08-31"]["status"] == "done"
    assert findings(repo, "2024-09-15") == []
    # on the day after the due date the late report does not exist yet (principle 2)
    assert len(findings(repo, "2024-09-01")) == 1


def test_a_report_whose_period_runs_past_the_due_date_is_not_the_one_due(repo):
    """The yearly report covers January to June too, but it cannot be the half-year report that
    was due in August: matching is by the period covered, not by a count per year (RAP-001)."""
    (repo / "rapportages" / "2024" / "pc-rapportage-2024-h1.yaml").write_text(
        half_year("2024-12-31", "2024-09-10"), encoding="utf-8")
    [missing] = findings(repo, "2024-09-15")
    assert "2024-01-01 t/m 2024-06-30" in missing
    assert pc_duties(repo, "2024-09-15")["2024-08-31"]["status"] == "overdue"


def test_a_pc_report_without_period_is_missing_evidence_not_a_violation(repo):
    text = half_year("2024-06-30", "2024-08-20").replace(
        "periode:\n  van: 2024-01-01\n  tot: 2024-06-30\n", "")
    assert "periode" not in text.split("onderdelen")[0]
    (repo / "rapportages" / "2024" / "pc-rapportage-2024-h1.yaml").write_text(text,
                                                                           encoding="utf-8")
    _, out = run("check", str(repo), "--as-of", "2024-09-15", "--isolated", "--format", "json",
                 "--select", "RAP-013")
    data = json.loads(out)
    [finding] = data["findings"]
    assert (finding["rule_id"], finding["outcome"]) == ("RAP-013", "missing-evidence")
    assert finding["evidence"]["zonder_periode"] == 1
