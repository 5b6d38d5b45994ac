"""What held when: the as-of date, the lifecycle of a document and the years it was in force
(catalogue principles 2–4), as a user sees them in the findings of ``check``."""

from __future__ import annotations

import datetime as dt
import json
import marshal
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.run.pipeline import load_repository
from boce_lint.source import datedwalk, schemafacts, timeline
from boce_lint.source.datedwalk import LATE, may_hold
from boce_lint.source.model import Document, Repository
from boce_lint.source.timeline import _PHASES, CONCEPT, as_of, is_concept, phase, years_in_force

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


def test_the_quick_look_for_later_dates_changes_nothing(tmp_path, monkeypatch):
    """``as_of`` asks first whether any date a document holds lies after the as-of date and
    whether a version carries content (``_quick_for``, comparing ISO texts); the view is the
    one of parsing and comparing each date."""
    repo = write(tmp_path / "repo", {"ro.yaml": FRAMEWORK + """\
versies:
  - {nummer: "1", datum: 2019-06-01, ingangsdatum: 2019-07-01, inhoud: {titel: Een}}
  - {nummer: "2", datum: 2023-06-01, ondertekeningen: [{partij: Emmen, datum: 2023-06-02}]}
opzeggingen:
  - {partij: Coevorden, datum: 2024-01-05}
""", "r2021.yaml": report(2021, "2022-03-01")})
    loaded = load_repository([repo]).repository
    days = ("2019-01-01", "2022-01-01", "2022-03-01", "2023-06-01", "2024-01-05", "2025-01-01")
    views = [as_of(loaded, dt.date.fromisoformat(day)) for day in days]
    monkeypatch.setattr(timeline, "_quick_for", lambda kind: None)  # the slow walk for all
    for day, (quick, quick_counts) in zip(days, views, strict=True):
        slow, slow_counts = as_of(loaded, dt.date.fromisoformat(day))
        assert quick_counts == slow_counts, day
        assert [(d.id, d.data, d.moved) for d in quick.documents] == \
            [(d.id, d.data, d.moved) for d in slow.documents], day


def test_the_quick_look_reads_dates_as_date_of_does():
    on, iso = dt.date(2022, 3, 1), "2022-03-01"
    quick_overleg = timeline._quick_for("overleg")  # born on its 'datum'
    assert quick_overleg is not None
    for value, late in [("2022-03-01", False), ("2022-03-02", True), ("2021-12-31", False),
                        (dt.date(2023, 1, 1), True), ("20230101", True), ("[datum]", False),
                        ("2022-02-30", False), (None, False), (20230101, False),
                        ("2022-04-31", True), ("2022-W10", True), ("2022-W08", True)]:
        # (a text that is no date, or an earlier week, but later as text: looked at)
        assert quick_overleg({"datum": value}, iso, on) == (LATE if late else 0), value
    quick_agreement = timeline._quick_for("raamovereenkomst")  # a signature of a version
    assert quick_agreement is not None
    signed = {"versies": [{"datum": "2020-01-01", "ondertekeningen": [{"datum": "2022-03-02"}]}]}
    assert quick_agreement(signed, iso, on) == LATE
    assert quick_agreement(signed, "2022-03-02", on) == 0
    signed["versies"][0]["inhoud"] = {"titel": "Een"}  # content of a version: laid over
    assert quick_agreement(signed, "2022-03-02", on) == datedwalk.VERSIONED


def test_the_quick_look_asks_only_what_the_schema_allows():
    """A document that passed its schema holds no field of another kind's records: the quick
    look of a sub-agreement does not ask for notices of termination (``opzeggingen``), which
    only a framework agreement has; a document that failed its schema is walked everywhere."""
    assert may_hold("raamovereenkomst", ["opzeggingen", "*", "datum"])
    assert not may_hold("deelovereenkomst", ["opzeggingen", "*", "datum"])
    assert may_hold("deelovereenkomst", ["versiebeheer", "*", "ondertekeningen", "*", "datum"])
    quick = timeline._quick_for("deelovereenkomst")
    assert quick is not None and quick({"opzeggingen": [{"datum": "2030-01-01"}]},
                                       "2022-03-01", dt.date(2022, 3, 1)) == 0
    assert timeline._quick_for("onbekend") is None
    data = {"soort": "deelovereenkomst", "opzeggingen": [{"datum": "2030-01-01"}]}
    failed = Document(kind="deelovereenkomst", id="do", file="do.yaml", data=data,
                      positions={}, valid=False)
    repository = Repository(root=".")
    repository.add(failed)
    view, counts = as_of(repository, dt.date(2022, 3, 1))
    assert view.documents[0].data["opzeggingen"] == [] and counts.records == 1


def _forget_the_schema_facts() -> None:
    schemafacts.facts.cache_clear()
    schemafacts._every_kind.cache_clear()
    schemafacts.schema_key.cache_clear()
    timeline._quick_for.cache_clear()


def test_the_quick_looks_come_from_the_user_cache_as_they_were_compiled(tmp_path, monkeypatch):
    """The quick look of every kind is one of its schema's facts, kept in the user's cache
    folder (``schemafacts``, whose tests damage the entry): read back it is the code compiled
    now, and none is compiled again."""
    from boce_lint.run import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(cache, "_USER_CACHES", {})
    fresh = {kind: timeline.walk_code_of(kind) for kind in timeline.KIND_NAMES}
    _forget_the_schema_facts()
    try:
        schemafacts.facts("overleg")  # every kind's made (nothing in the cache yet) and stored
        _forget_the_schema_facts()
        with monkeypatch.context() as patch:
            patch.setattr(timeline, "walk_code_of", lambda kind: pytest.fail(f"{kind} compiled"))
            read = {kind: marshal.loads(schemafacts.facts(kind).walk) for kind in fresh}
            quick = timeline._quick_for("overleg")
        assert read == fresh and quick is not None
        assert quick({"datum": "2022-03-02"}, "2022-03-01", dt.date(2022, 3, 1)) == LATE
    finally:
        _forget_the_schema_facts()


def test_without_a_user_cache_a_quick_look_is_compiled_for_its_kind_alone(monkeypatch):
    from boce_lint.run import cache

    monkeypatch.setattr(cache, "user_cache", lambda part: None)
    compiled: list[str] = []
    real = timeline.walk_code_of
    monkeypatch.setattr(timeline, "walk_code_of", lambda kind: compiled.append(kind) or real(kind))
    _forget_the_schema_facts()
    try:
        assert timeline._quick_for("overleg") is not None and compiled == ["overleg"]
    finally:
        _forget_the_schema_facts()


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


# ------------------------------------------------------------ lifecycle in the findings
def mandate(status: str) -> str:
    return f"""\
soort: mandaatbesluit
versie: 1
id: mb-{status}
titel: Mandaat {status}
status: {status}
gemeente: Coevorden
mandaatgever: {{orgaan: college, datum: 2021-03-01}}
"""


def test_a_concept_mandate_decision_is_not_judged_on_consent(tmp_path):
    repo = write(tmp_path / "repo", {"concept.yaml": mandate("concept"),
                                     "vastgesteld.yaml": mandate("vastgesteld")})
    result = check(repo, "2022-01-01", "--select", "LAW-awb-10:4")
    assert found(result, "WET-007") == [("vastgesteld.yaml", "missing-evidence")]


SUB = """\
soort: deelovereenkomst
versie: 1
id: {id}
titel: ICT {id}
status: {status}
gastheergemeente: Emmen
gastgemeenten: [Coevorden]
ingangsdatum: 2019-01-01
werkterrein: ""
versiebeheer:
  - {{nummer: "1.0", datum: 2018-11-01, status: {version},
     ondertekeningen: [{{partij: Emmen, datum: 2018-11-02}}]}}
"""


def test_a_concept_is_judged_on_content_not_on_decisions_or_signatures(tmp_path):
    repo = write(tmp_path / "repo", {
        "concept.yaml": SUB.format(id="concept", status="concept", version="concept"),
        "getekend.yaml": SUB.format(id="getekend", status="ondertekend", version="ondertekend"),
        "conceptversie.yaml": SUB.format(id="conceptversie", status="ondertekend",
                                         version="concept")})
    result = check(repo, "2022-01-01", "--select", "RO-2.4", "--select", "RO-12",
                   "--select", "RO-14.1.a")
    # content (an empty work area) is judged for all three
    assert sorted(found(result, "DO-001")) == [("concept.yaml", "violation"),
                                              ("conceptversie.yaml", "violation"),
                                              ("getekend.yaml", "violation")]
    # who decided (art. 2.4) only once signed
    assert found(result, "RA-031") == [("conceptversie.yaml", "violation"),
                                       ("getekend.yaml", "violation")]
    # signatures of a version (art. 12) only for a version that is not a concept
    assert found(result, "RA-071") == [("getekend.yaml", "violation")]


MEETINGS = """\
soort: deelovereenkomst
versie: 1
id: do-oud
titel: Sociale Zaken (oud)
status: beeindigd
einddatum: 2021-01-01
ingangsdatum: 2015-01-01
overlegstructuur: [{orgaan: contractoverleg, minimaal_per_jaar: 2}]
"""


def meeting(day: str, body: str = "contractoverleg") -> str:
    return f"soort: overleg\nversie: 1\nid: ov-{day}\norgaan: {body}\ndatum: {day}\n"


def test_an_ended_document_is_judged_for_the_years_it_was_in_force(tmp_path):
    repo = write(tmp_path / "repo", {
        "do.yaml": MEETINGS,
        "2019.yaml": meeting("2019-05-01"),  # one of two: a violation in 2019
        "2020a.yaml": meeting("2020-03-01"), "2020b.yaml": meeting("2020-09-01"),
        "2021.yaml": meeting("2021-05-01", "stuurgroep"),  # ended: 2021 is not judged
    })
    result = check(repo, "2022-06-01", "--select", "RK-consultation-held")
    years = sorted((re.search(r"\b20\d\d\b", f["message"]).group(), f["outcome"])
                   for f in json.loads(result.output)["findings"] if f["rule_id"] == "GOV-004")
    # judged from 2018 (four years back) until it ended on 1 January 2021
    assert years == [("2018", "missing-evidence"), ("2019", "violation")]


def test_a_year_without_any_record_is_missing_evidence_for_council_information(tmp_path):
    framework = FRAMEWORK + """\
partijen:
  - {gemeente: Emmen, rol: gastheergemeente}
  - {gemeente: Coevorden, rol: gastgemeente}
  - {gemeente: Borger-Odoorn, rol: gastgemeente}
"""
    council = """\
soort: raadsinformatie
versie: 1
id: ri-co-2021
gemeente: Coevorden
datum: 2021-11-10
type: begroting
"""
    repo = write(tmp_path / "repo", {"ro.yaml": framework, "ri.yaml": council})
    result = check(repo, "2022-06-01", "--select", "LAW-gw-169")
    found_years = sorted((int(re.search(r"\b20\d\d\b", f["message"]).group()),
                          f["evidence"].get("g"), f["outcome"])
                         for f in json.loads(result.output)["findings"]
                         if f["rule_id"] == "WET-001")
    # no council document of a council in a year is missing evidence, never a violation
    assert found_years == [(2020, "Borger-Odoorn", "missing-evidence"),
                           (2020, "Coevorden", "missing-evidence"),
                           (2021, "Borger-Odoorn", "missing-evidence")]


# ------------------------------------------------------------------------------- versions
VERSIONED = """\
soort: deelovereenkomst
versie: 1
id: do-ict
titel: ICT
status: ondertekend
ingangsdatum: 2015-01-01
werkterrein: Automatisering.
dienstverlening:
  - {naam: Werkplekbeheer, omschrijving: Beheer van de werkplekken.}
versiebeheer:
  - {nummer: "1.0", datum: 2014-12-01, status: ondertekend}
  - nummer: "2.0"
    datum: 2019-11-20
    ingangsdatum: 2020-01-01
    status: ondertekend
    wijziging: Informatiebeveiliging toegevoegd.
    inhoud:
      dienstverlening:
        - {naam: Werkplekbeheer, omschrijving: Beheer van de werkplekken.}
        - {naam: Informatiebeveiliging}
      werkterrein: ""
"""


def delivered(year: int) -> str:
    return f"""\
soort: rapportage
versie: 1
id: rap-{year}
type: pc-rapportage
datum: {year + 1}-02-01
periode: {{van: {year}-01-01, tot: {year}-12-31}}
onderdelen:
  - deelovereenkomst: do-ict
    geleverde_diensten: [Informatiebeveiliging]
"""


def test_a_report_is_compared_with_the_version_in_force_in_its_period(tmp_path):
    repo = write(tmp_path / "repo", {"ro.yaml": FRAMEWORK, "do.yaml": VERSIONED,
                                     "r2019.yaml": delivered(2019),
                                     "r2020.yaml": delivered(2020)})
    result = check(repo, "2021-06-01", "--select", "RK-tasks-covered")
    # in 2019 the service was not yet agreed (version 2.0 holds from 2020)
    assert [(Path(f["file"]).name, f["outcome"]) for f in json.loads(result.output)["findings"]
            if "RK-tasks-covered" in f["keys"]] == [("r2019.yaml", "violation")]


def test_rules_see_the_version_in_force_on_the_as_of_date(tmp_path):
    repo = write(tmp_path / "repo", {"do.yaml": VERSIONED})
    loaded = load_repository([repo])
    before, _ = as_of(loaded.repository, dt.date(2019, 12, 31))
    after, _ = as_of(loaded.repository, dt.date(2020, 1, 1))
    assert [s["naam"] for s in before.by_id["do-ict"].data["dienstverlening"]] == \
        ["Werkplekbeheer"]
    document = after.by_id["do-ict"]
    assert [s["naam"] for s in document.data["dienstverlening"]] == \
        ["Werkplekbeheer", "Informatiebeveiliging"]
    # a finding on the second service points at the version that added it
    position, exact = document.position("/dienstverlening/1")
    assert exact and position.line == 20


def test_a_finding_on_a_field_a_version_supplied_points_into_that_version(tmp_path):
    repo = write(tmp_path / "repo", {"do.yaml": VERSIONED})
    early = check(repo, "2019-06-01", "--select", "RO-14.1.a")
    late = check(repo, "2021-06-01", "--select", "RO-14.1.a")
    assert json.loads(early.output)["findings"] == []  # version 1.0 named the work area
    lines = [(Path(f["file"]).name, f["line"]) for f in json.loads(late.output)["findings"]]
    assert lines == [("do.yaml", 21)]  # version 2.0 emptied it, on line 21


# ---------------------------------------------------------------------------------- scope
def test_a_guest_scoped_repository_does_not_judge_the_other_parties(tmp_path):
    framework = FRAMEWORK + """\
reikwijdte: [Coevorden]
partijen:
  - {gemeente: Emmen, rol: gastheergemeente}
  - {gemeente: Coevorden, rol: gastgemeente}
  - {gemeente: Borger-Odoorn, rol: gastgemeente}
"""
    council = "soort: raadsinformatie\nversie: 1\nid: ri\ngemeente: Coevorden\n" \
              "datum: 2021-11-10\ntype: begroting\n"
    repo = write(tmp_path / "repo", {"ro.yaml": framework, "ri.yaml": council})
    result = check(repo, "2022-06-01", "--select", "LAW-gw-169", "--select", "S015")
    findings = json.loads(result.output)["findings"]
    judged = [(f["evidence"].get("g"), f["outcome"]) for f in findings
              if f["rule_id"] == "WET-001"]
    assert judged == [("Coevorden", "missing-evidence")]  # 2020; Borger-Odoorn is not judged
    notices = [(f["line"], f["severity"], f["message"]) for f in findings
               if f["rule_id"] == "S015"]
    assert [n[:2] for n in notices] == [(6, "info"), (6, "info")]
    assert sorted(n[2].split(" zijn")[0] for n in notices) == [
        "De plichten van Borger-Odoorn", "De plichten van Emmen"]


def test_an_ended_document_is_judged_on_content_while_it_was_in_force(tmp_path):
    repo = write(tmp_path / "repo", {"do.yaml": """\
soort: deelovereenkomst
versie: 2
id: do-oud
titel: Oud
status: beeindigd
ingangsdatum: 2015-01-01
einddatum: 2021-01-01
werkterrein: ""
"""})
    assert found(check(repo, "2020-06-01", "--select", "RO-14.1.a"), "DO-001") == [
        ("do.yaml", "violation")]  # in force then: judged
    assert found(check(repo, "2022-01-01", "--select", "RO-14.1.a"), "DO-001") == []


def test_a_party_that_joined_later_is_no_party_before_its_joining_date(tmp_path):
    """RA-070 (art. 12.1): the joining party signs the version that adds it and later ones;
    before its toetredingsdatum it is not a party at all (principle 2)."""
    repo = write(tmp_path / "repo", {"ro.yaml": """\
soort: raamovereenkomst
versie: 2
id: ro
titel: Raam
status: ondertekend
ingangsdatum: 2010-01-01
partijen:
  - {gemeente: Emmen, rol: gastheergemeente}
  - {gemeente: Borger-Odoorn, rol: gastgemeente}
  - {gemeente: Coevorden, rol: gastgemeente, toetredingsdatum: 2012-01-01}
versies:
  - nummer: "1.0"
    datum: 2009-12-01
    ondertekeningen:
      - {partij: Emmen, datum: 2009-12-01}
      - {partij: Borger-Odoorn, datum: 2009-12-01}
  - nummer: "2.0"
    datum: 2012-01-01
    ondertekeningen:
      - {partij: Emmen, datum: 2011-12-20}
      - {partij: Borger-Odoorn, datum: 2011-12-20}
"""})
    late = check(repo, "2013-01-01", "--select", "RO-12")
    assert [(f["line"], f["evidence"].get("g")) for f in json.loads(late.output)["findings"]
            if f["rule_id"] == "RA-070"] == [(17, "Coevorden")]  # version 2.0, not 1.0
    view, _ = as_of(load_repository([repo]).repository, dt.date(2011, 6, 1))
    assert [p["gemeente"] for p in view.by_id["ro"].data["partijen"]] == [
        "Emmen", "Borger-Odoorn"]  # Coevorden was no party yet


def test_is_concept_is_phase_concept() -> None:
    """The quick test rules ask of every value they bind answers as the phase does."""
    on = dt.date(2024, 1, 1)
    values: list[object] = [None, "concept", 3, [], {}, {"status": ["concept"]}, {"status": 1}]
    for status in [*_PHASES, "onbekend"]:
        values += [{"status": status}, {"status": status, "einddatum": dt.date(2025, 1, 1)},
                   {"status": status, "einddatum": dt.date(2020, 1, 1)}]
    for value in values:
        assert is_concept(value, on) == (phase(value, on) == CONCEPT), value
