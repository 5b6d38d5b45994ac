"""What held when: the as-of date, the lifecycle of a document and the years it was in force
(catalogue principles 2–4), as a user sees them in the findings of ``check``."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.source.loader import load_repository
from boce_lint.source.timeline import as_of, phase, years_in_force

FRAMEWORK = """\
soort: raamovereenkomst
versie: 1
id: ro
status: ondertekend
ingangsdatum: 2020-01-01
"""


def report(year: int, dated: str, kind: str = "pc-rapportage") -> str:
    return f"""\
soort: rapportage
versie: 1
id: rap-{kind}-{year}
type: {kind}
datum: {dated}
periode: {{van: {year}-01-01, tot: {year}-12-31}}
opsteller_orgaan: diensthoofd
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def check(folder: Path, date: str, *extra: str):
    return CliRunner().invoke(cli, ["check", str(folder), "--as-of", date, "--isolated",
                                    "--format", "json", *extra])


def found(result, rule: str) -> list[tuple[str, str]]:
    """File and outcome of a rule's findings (where in the file is issue 13's concern)."""
    data = json.loads(result.output)
    return [(Path(f["file"]).name, f["outcome"]) for f in data["findings"]
            if f["rule_id"] == rule]


# ------------------------------------------------------------------------------- peildatum
def test_a_report_dated_after_the_as_of_date_does_not_exist_yet(tmp_path):
    repo = write(tmp_path / "repo", {"raamovereenkomst.yaml": FRAMEWORK,
                                     "r2020.yaml": report(2020, "2021-03-01"),
                                     "r2021.yaml": report(2021, "2022-03-01")})
    early = check(repo, "2022-02-01", "--select", "RAP-001")
    late = check(repo, "2022-06-01", "--select", "RAP-001")
    # on 1 February 2022 the report on 2021 was not written: no record of 2021 at all
    assert found(early, "RAP-001") == [("raamovereenkomst.yaml", "missing-evidence")]
    assert json.loads(early.output)["set_aside"] == {"documents": 1, "records": 0}
    assert found(late, "RAP-001") == []
    assert json.loads(late.output)["set_aside"] == {"documents": 0, "records": 0}


def test_statistics_say_what_was_set_aside(tmp_path):
    repo = write(tmp_path / "repo", {"raamovereenkomst.yaml": FRAMEWORK,
                                     "r2021.yaml": report(2021, "2022-03-01")})
    result = CliRunner().invoke(cli, ["check", str(repo), "--as-of", "2022-02-01", "--isolated",
                                      "--statistics", "--select", "RAP-001"])
    assert "Na de peildatum 2022-02-01 (niet getoetst): 1 documenten, 0 onderdelen" in \
        result.output


def test_records_inside_a_document_after_the_as_of_date_are_left_out(tmp_path):
    repo = write(tmp_path / "repo", {"ro.yaml": FRAMEWORK + """\
versies:
  - {nummer: "1", datum: 2019-06-01}
  - {nummer: "2", datum: 2023-06-01, ondertekeningen: [{partij: Emmen, datum: 2023-06-02}]}
opzeggingen:
  - {partij: Coevorden, datum: 2024-01-05}
"""})
    loaded = load_repository([repo])
    view, counts = as_of(loaded.repository, dt.date(2022, 1, 1))
    data = view.by_id["ro"].data
    assert [v["nummer"] for v in data["versies"]] == ["1"] and data["opzeggingen"] == []
    assert (counts.documents, counts.records) == (0, 2)
    assert loaded.repository.by_id["ro"].data["opzeggingen"]  # the loaded data is not changed


def test_a_list_cut_at_the_as_of_date_keeps_positions(tmp_path):
    """A finding on the third version still points at the third version's line."""
    repo = write(tmp_path / "repo", {"ro.yaml": FRAMEWORK + """\
versies:
  - {nummer: "1", datum: 2025-06-01}
  - {nummer: "2", datum: 2019-06-01}
"""})
    loaded = load_repository([repo])
    view, _ = as_of(loaded.repository, dt.date(2022, 1, 1))
    versions = view.by_id["ro"].data["versies"]
    assert [v["nummer"] for v in versions] == ["2"] and versions.origin == [1]


# ------------------------------------------------------------------------------- lifecycle
def test_phase_on_a_date():
    assert phase({"status": "concept"}, dt.date(2022, 1, 1)) == "concept"
    assert phase({"status": "ter-ondertekening"}, dt.date(2022, 1, 1)) == "concept"
    assert phase({"status": "vastgesteld"}, dt.date(2022, 1, 1)) == "in-force"
    ended = {"status": "beeindigd", "einddatum": "2021-01-01"}
    assert phase(ended, dt.date(2022, 1, 1)) == "ended"
    assert phase(ended, dt.date(2020, 6, 1)) == "in-force"  # it still held then


def test_complete_calendar_years_in_force():
    day = dt.date(2023, 3, 1)
    assert years_in_force({"status": "ondertekend", "ingangsdatum": "2020-01-01"}, day) == \
        [2020, 2021, 2022]
    assert years_in_force({"status": "ondertekend", "ingangsdatum": "2020-01-02"}, day) == \
        [2021, 2022]
    assert years_in_force({"status": "concept", "ingangsdatum": "2020-01-01"}, day) == []
    ended = {"status": "beeindigd", "ingangsdatum": "2015-01-01", "einddatum": "2018-01-01"}
    assert years_in_force(ended, day) == [2015, 2016, 2017]
    assert years_in_force({"status": "beeindigd", "ingangsdatum": "2015-01-01"}, day) is None
    assert years_in_force({"status": "ondertekend", "ingangsdatum": "2010-01-01"}, day,
                          since=dt.date(2019, 1, 1)) == [2019, 2020, 2021, 2022]
