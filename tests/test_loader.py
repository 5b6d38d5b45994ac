"""The loader as a user meets it: findings at exact places, and a repository that still loads.

The golden cases live in ``fixtures/invalid/<case>/``: each folder is one small repository with
an ``expected.txt`` holding the exact concise output of ``boce-lint check`` run from the project
root. When a deliberate change alters a message, update that file by hand after reading the new
output: the line and column must still point at the offending token.

These tests are about the loader, so every command here runs with an empty rulebook: the
findings of the rules (and the state of the rule files) are tested elsewhere.
"""

from __future__ import annotations

import os
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.run.pipeline import load_repository
from boce_lint.source.files import discover
from boce_lint.source.kinds import KINDS
from boce_lint.source.schemas import KIND_NAMES
from boce_lint.source.yamlsource import ParseProblem, Position, decode, parse

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir()) if INVALID.is_dir() else []

# Known bugs in boce_lint whose exact symptom is recognised here, so the case is reported as an
# expected failure while the bug lasts and is checked in full as soon as it is fixed.


def write(path: Path, text: str, *, newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = textwrap.dedent(text).lstrip("\n")
    path.write_bytes(body.replace("\n", newline).encode("utf-8"))
    return path


def run_check(*args: str):
    """``boce-lint check`` showing only the loader's structural findings (S…), one per line."""
    return CliRunner().invoke(cli, ["check", "--format", "concise", "--isolated",
                                    "--select", "S", *args])


def assert_no_crash(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"boce-lint crashed: {result.exception!r}")


# --- golden cases ------------------------------------------------------------------------------

def test_every_invalid_case_has_an_expected_output():
    assert len(CASES) >= 15, f"fixtures/invalid/ should hold the golden cases, found {CASES}"
    for case in CASES:
        expected = INVALID / case / "expected.txt"
        assert expected.is_file(), f"{case} has no expected.txt"
        lines = expected.read_text(encoding="utf-8").splitlines()
        assert lines, f"{case}/expected.txt is empty"
        for line in lines:  # every finding names a file of its own case, with line and column
            shown, line_no, column, rest = line.split(":", 3)
            assert shown.startswith(f"fixtures/invalid/{case}/"), line
            assert (ROOT / shown).is_file() and int(line_no) >= 1 and int(column) >= 1, line
            assert rest.startswith(" S0"), line


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_output(case, monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in findings are relative to the working directory
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8")
    result = run_check(f"fixtures/invalid/{case}")
    assert_no_crash(result)
    assert result.exit_code == 1, result.output
    assert result.output == expected


def test_unsafe_tag_is_not_executed(monkeypatch, capfd):
    monkeypatch.chdir(ROOT)
    run_check("fixtures/invalid/unsafe-tag")
    assert "hi" not in capfd.readouterr().out.split()


# --- every kind loads --------------------------------------------------------------------------

VALID = {
    "raamovereenkomst": """
        soort: raamovereenkomst
        versie: 2
        id: ro-boce
        titel: Raamovereenkomst BOCE
        status: ondertekend
        partijen:
          - gemeente: Emmen
            rol: gastheergemeente
          - gemeente: Coevorden
            rol: gastgemeente
            raadsbesluit: {orgaan: gemeenteraad, datum: 2009-06-25}
        samenwerkingsterreinen:
          - code: sociale-zaken
            naam: Uitvoering Wet werk en bijstand
        ingangsdatum: 2010-01-01
        looptijd: onbepaalde-tijd
        evaluatie: {termijn_jaren: 4}
        """,
    "deelovereenkomst": """
        soort: deelovereenkomst
        versie: 2
        id: do-wwb
        terreinen: [sociale-zaken]
        gastheergemeente: Emmen
        gastgemeenten: [Coevorden]
        ingangsdatum: 2010-01-01
        werkterrein: Uitvoering Wet werk en bijstand
        vergoeding:
          bedrag: 125000.50
          indexering: {methode: CBS-prijsindex, moment: 1 januari}
        kpis:
          - id: doorlooptijd
            streefwaarde: 8
            eenheid: weken
            richting: maximaal
        """,
    "verordening": """
        soort: verordening
        versie: 2
        id: va-coevorden
        gemeente: Coevorden
        inwerkingtreding: 2010-01-01
        terreinen: [sociale-zaken]
        """,
    "mandaatbesluit": """
        soort: mandaatbesluit
        versie: 2
        id: mb-coevorden
        mandaatgever: {orgaan: college, datum: 2010-01-12}
        schriftelijk: true
        bevoegdheden:
          - omschrijving: Besluiten op aanvragen om bijstand
            soort: besluit
        """,
    "overleg": """
        soort: overleg
        versie: 2
        id: ov-stuurgroep-2015-1
        orgaan: stuurgroep
        datum: 2015-03-12
        besluiten: [Jaarrapportage vastgesteld]
        """,
    "rapportage": """
        soort: rapportage
        versie: 2
        id: rap-2015-q1
        type: kwartaalrapportage
        periode: {van: 2015-01-01, tot: 2015-03-31}
        """,
    "incidentenregister": """
        soort: incidentenregister
        versie: 2
        id: register
        beheerder: Emmen
        incidenten:
          - id: inc-1
            datum: 2015-02-01
            status: hersteld
        """,
    "raadsinformatie": """
        soort: raadsinformatie
        versie: 2
        id: ri-begroting-2016
        gemeente: Coevorden
        datum: 2015-11-05
        type: begroting
        jaar: 2016
        """,
    "informatiebehoefte": """
        soort: informatiebehoefte
        versie: 2
        id: ib-coevorden
        gemeente: Coevorden
        wensen:
          - onderwerp: kwaliteit
            frequentie: jaarlijks
        """,
    "evaluatie": """
        soort: evaluatie
        versie: 2
        id: ev-2014
        type: evaluatie
        datum: 2014-06-30
        """,
    "detacheringsovereenkomst": """
        soort: detacheringsovereenkomst
        versie: 2
        id: det-1
        uitlener: Coevorden
        inlener: Emmen
        ingangsdatum: 2010-01-01
        einddatum: 2010-06-30
        reden_door_alle_partijen: true
        """,
    "beleidsagenda": """
        soort: beleidsagenda
        versie: 2
        id: agenda-2019
        themas:
          - naam: Dienstverlening
            budget_uren: 400
        """,
    "bijlage": """
        soort: bijlage
        versie: 2
        id: bijlage-afbakening
        type: afbakening
        inbreng:
          activa: Servers en licenties
        """,
}


def test_every_kind_has_a_valid_example():
    assert set(VALID) == set(KIND_NAMES)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_each_kind_loads_and_indexes(kind, tmp_path):
    write(tmp_path / f"{kind}.yaml", VALID[kind])
    result = load_repository([tmp_path])
    assert result.findings == []
    (document,) = result.repository.documents
    doc_id = document.data["id"]
    assert document.kind == kind and document.id == doc_id and document.valid
    assert result.repository.by_id[doc_id] is document
    assert result.repository.of_kind(kind) == [document]
    model = document.typed()
    assert isinstance(model, KINDS[kind])
    assert model.id == doc_id and model.soort == kind


def test_all_kinds_together_check_clean(tmp_path, monkeypatch):
    for kind, text in VALID.items():
        write(tmp_path / "repo" / f"{kind}.yaml", text)
    monkeypatch.chdir(tmp_path)
    result = run_check("repo")
    assert_no_crash(result)
    assert (result.exit_code, result.output) == (0, "")


# --- positions ---------------------------------------------------------------------------------

POSITIONS_YAML = """\
soort: bijlage
versie: 2
id: bijlage-posities
type: afbakening
gemeenten: [Emmen, "Coevorden", Borger-Odoorn]
vastgesteld:
  orgaan: stuurgroep
  datum: 2015-03-12
onderdelen:
  - naam: activa
    items:
      - servers
      -   licenties
  - naam: personeel
toelichting: |
  Eerste regel.
  Tweede regel.
inbreng:
  activa/processen: ingebracht
  personeel~tijdelijk: achtergelaten
  "a~/b": beide
"""


@pytest.fixture(scope="module")
def positions():
    return parse(POSITIONS_YAML).positions


@pytest.mark.parametrize("pointer, expected", [
    ("", Position(1, 1, 1, 1)),
    ("/soort", Position(1, 8, 1, 1)),
    ("/id", Position(3, 5, 3, 1)),
    # flow-style list elements (a quoted one starts at its quote)
    ("/gemeenten", Position(5, 12, 5, 1)),
    ("/gemeenten/0", Position(5, 13, 5, 13)),
    ("/gemeenten/1", Position(5, 20, 5, 20)),
    ("/gemeenten/2", Position(5, 33, 5, 33)),
    # values in a map inside a map
    ("/vastgesteld", Position(7, 3, 6, 1)),
    ("/vastgesteld/datum", Position(8, 10, 8, 3)),
    # values in a list inside a map, and a list inside that
    ("/onderdelen/0", Position(10, 5, 10, 5)),
    ("/onderdelen/0/naam", Position(10, 11, 10, 5)),
    ("/onderdelen/0/items/1", Position(13, 11, 13, 11)),
    ("/onderdelen/1/naam", Position(14, 11, 14, 5)),
    # a block scalar stands where its indicator is
    ("/toelichting", Position(15, 14, 15, 1)),
    # keys with '/' and '~' are escaped in the pointer (RFC 6901)
    ("/inbreng/activa~1processen", Position(19, 21, 19, 3)),
    ("/inbreng/personeel~0tijdelijk", Position(20, 24, 20, 3)),
    ("/inbreng/a~0~1b", Position(21, 11, 21, 3)),
])
def test_yaml_value_positions(positions, pointer, expected):
    assert positions[pointer] == expected


def test_yaml_data_matches_positions():
    parsed = parse(POSITIONS_YAML)
    assert parsed.data["toelichting"] == "Eerste regel.\nTweede regel.\n"
    assert parsed.data["inbreng"] == {"activa/processen": "ingebracht",
                                      "personeel~tijdelijk": "achtergelaten", "a~/b": "beide"}
    assert parsed.data["vastgesteld"]["datum"] == "2015-03-12"  # dates stay ISO text
    assert "/inbreng/activa/processen" not in parsed.positions


JSON_TEXT = (
    '{\n'
    '  "soort": "bijlage",\n'
    '  "versie": 2,\n'
    '  "id": "bijlage-json",\n'
    '  "type": "afbakening",\n'
    '  "inbreng": {\n'
    '    "activa": "Servers",\n'
    '\t"a/b": ["x", {"c": true}]\n'
    '  }\n'
    '}\n'
)


VALID_JSON = (
    '{\n'
    '  "soort": "bijlage",\n'
    '  "versie": 2,\n'
    '  "id": "bijlage-json",\n'
    '  "type": "afbakening",\n'
    '  "vastgesteld": {"orgaan": "stuurgroep", "datum": "2015-03-12"}\n'
    '}\n'
)


@pytest.mark.parametrize("pointer, expected", [
    ("", Position(1, 1, 1, 1)),
    ("/versie", Position(3, 13, 3, 3)),
    ("/inbreng", Position(6, 14, 6, 3)),
    ("/inbreng/activa", Position(7, 15, 7, 5)),
    # a tab counts as one column, as in the editor's column count
    ("/inbreng/a~1b", Position(8, 9, 8, 2)),
    ("/inbreng/a~1b/1", Position(8, 15, 8, 15)),
    ("/inbreng/a~1b/1/c", Position(8, 21, 8, 16)),
])
def test_json_value_positions(pointer, expected):
    assert parse(JSON_TEXT, is_json=True).positions[pointer] == expected


def test_positions_through_the_loader(tmp_path):
    write(tmp_path / "bijlage.json", VALID_JSON)
    write(tmp_path / "overleg.yaml", """
        soort: overleg
        versie: 2
        id: ov-1
        orgaan: stuurgroep
        datum: 2015-03-12
        agenda:
          - onderwerp: Jaarrapportage
            deelovereenkomst: bijlage-json
        """)
    result = load_repository([tmp_path])
    overleg = result.repository.by_id["ov-1"]
    assert overleg.position("/agenda/0/deelovereenkomst") == (Position(8, 23, 8, 5), True)
    # a value that is absent answers with the nearest parent that exists
    assert overleg.position("/agenda/0/niet-aanwezig") == (Position(7, 5, 7, 5), False)
    assert overleg.position("/bestaat/niet") == (Position(1, 1, 1, 1), False)
    bijlage = result.repository.by_id["bijlage-json"]
    assert bijlage.position("/vastgesteld/datum") == (Position(6, 52, 6, 43), True)
    # the reference to a bijlage where a deelovereenkomst belongs is reported on that value
    (finding,) = result.findings
    assert (finding.rule_id, finding.line, finding.column) == ("S009", 8, 23)
    assert finding.file.endswith("overleg.yaml")


# --- references --------------------------------------------------------------------------------

@pytest.fixture()
def referencing_repo(tmp_path):
    write(tmp_path / "mandaat.yaml", """
        soort: mandaatbesluit
        versie: 2
        id: mb-coevorden
        """)
    write(tmp_path / "overleg.yaml", """
        soort: overleg
        versie: 2
        id: ov-1
        orgaan: stuurgroep
        datum: 2015-03-12
        """)
    write(tmp_path / "do.yaml", """
        soort: deelovereenkomst
        versie: 2
        id: do-wwb
        mandaten:
          - omschrijving: Bijstand
            besluit: mb-coevorden
          - omschrijving: Verkeerd
            besluit: ov-1
          - omschrijving: Weg
            besluit:   mb-bestaat-niet
        stuurgroepadvies: ov-1
        """)
    return load_repository([tmp_path])


def test_resolve_right_kind_wrong_kind_missing(referencing_repo):
    repository = referencing_repo.repository
    mandaat = repository.by_id["mb-coevorden"]
    assert repository.resolve("mb-coevorden", ["mandaatbesluit"]) is mandaat
    assert repository.resolve("mb-coevorden", ("overleg", "mandaatbesluit")) is mandaat
    assert repository.resolve("mb-coevorden") is mandaat  # no kinds: any kind will do
    assert repository.resolve("ov-1", ["mandaatbesluit"]) is None
    assert repository.resolve("mb-bestaat-niet", ["mandaatbesluit"]) is None
    assert repository.resolve("mb-bestaat-niet") is None
    assert repository.resolve(None) is None and repository.resolve(12) is None


def test_dangling_references_reported_at_the_value(referencing_repo):
    findings = sorted(referencing_repo.findings, key=lambda f: f.sort_key())
    assert [(f.rule_id, f.line, f.column, f.subject.pointer) for f in findings] == [
        ("S009", 8, 14, "/mandaten/1/besluit"),
        ("S009", 10, 16, "/mandaten/2/besluit"),
    ]
    wrong_kind, missing = findings
    assert "'ov-1' verwijst naar een overleg" in wrong_kind.message
    assert "mandaatbesluit" in wrong_kind.message
    assert "'mb-bestaat-niet'" in missing.message and "bestaand document" in missing.message
    assert wrong_kind.message_en and missing.message_en
    assert all(f.subject.document_id == "do-wwb" for f in findings)


# --- robustness --------------------------------------------------------------------------------

def test_broken_file_does_not_stop_the_rest(tmp_path):
    write(tmp_path / "a-broken.yaml", "soort: overleg\nversie: [1\n")
    write(tmp_path / "b-valid.yaml", VALID["evaluatie"])
    (tmp_path / "c-latin1.yaml").write_bytes(b"soort: bijlage\ntitel: caf\xe9\n")
    write(tmp_path / "d-valid.yaml", VALID["mandaatbesluit"])
    result = load_repository([tmp_path])
    assert sorted(result.repository.by_id) == ["ev-2014", "mb-coevorden"]
    assert sorted((Path(f.file).name, f.rule_id) for f in result.findings) == [
        ("a-broken.yaml", "S001"), ("c-latin1.yaml", "S002")]


def test_missing_path_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_check("bestaat-niet")
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "path does not exist: bestaat-niet" in lines[0]
    assert "Traceback" not in result.output


def test_missing_path_next_to_an_existing_one(tmp_path, monkeypatch):
    write(tmp_path / "repo" / "a.yaml", VALID["overleg"])
    monkeypatch.chdir(tmp_path)
    result = run_check("repo", "weg")
    assert result.exit_code == 2
    assert "path does not exist: weg" in result.output
    assert "Traceback" not in result.output


def test_valid_file_in_the_current_folder_exits_zero(tmp_path, monkeypatch):
    write(tmp_path / "a.yaml", VALID["overleg"])
    monkeypatch.chdir(tmp_path)
    result = run_check()  # no path: the current folder
    assert_no_crash(result)
    assert (result.exit_code, result.output) == (0, "")


# --- discovery ---------------------------------------------------------------------------------

def _relative(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_discovery_default_globs(tmp_path):
    for name in ("a.yaml", "b.yml", "c.json", "sub/deeper/d.yaml", "notes.txt", "e.YAML",
                 ".hidden.yaml", ".git/config.yaml", "sub/.cache/x.yaml",
                 "node_modules/pkg/p.json", "sub/node_modules/q.yaml"):
        write(tmp_path / name, "x: 1\n")
    assert _relative(discover(tmp_path), tmp_path) == [
        "a.yaml", "b.yml", "c.json", "sub/deeper/d.yaml"]


def test_discovery_custom_include_and_exclude(tmp_path):
    for name in ("contracten/a.yaml", "contracten/concept/b.yaml", "contracten/c.json",
                 "archief/d.yaml", "e.yaml"):
        write(tmp_path / name, "x: 1\n")
    found = discover(tmp_path, include=("contracten/**/*.yaml",), exclude=("**/concept/**",))
    assert _relative(found, tmp_path) == ["contracten/a.yaml"]
    found = discover(tmp_path, include=("*.yaml", "archief/*.yaml"), exclude=())
    assert _relative(found, tmp_path) == ["e.yaml", "archief/d.yaml"]


def test_a_single_file_path_is_checked(tmp_path):
    file = write(tmp_path / "los.yaml", VALID["overleg"])
    assert discover(file) == [file]
    assert list(load_repository([file]).repository.by_id) == ["ov-stuurgroep-2015-1"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_to_a_file_outside_is_not_followed(tmp_path):
    outside = write(tmp_path / "buiten" / "geheim.yaml", VALID["evaluatie"])
    repo = tmp_path / "repo"
    write(repo / "a.yaml", VALID["overleg"])
    os.symlink(outside, repo / "link.yaml")
    os.symlink(tmp_path / "buiten", repo / "map-link")
    assert _relative(discover(repo), repo) == ["a.yaml"]
    result = load_repository([repo])
    assert "ev-2014" not in result.repository.by_id
    assert result.findings == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_do_not_hang(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "sub" / "a.yaml", VALID["overleg"])
    os.symlink(repo, repo / "sub" / "terug")  # a directory loop
    os.symlink(repo / "x.yaml", repo / "y.yaml")  # a file loop
    os.symlink(repo / "y.yaml", repo / "x.yaml")
    os.symlink(repo / "weg.yaml", repo / "kapot.yaml")  # a broken link
    outcome: dict[str, object] = {}

    def run() -> None:
        outcome["files"] = discover(repo)
        outcome["result"] = load_repository([repo])

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "discovery hangs on a symlink loop"
    assert _relative(outcome["files"], repo) == ["sub/a.yaml"]
    assert outcome["result"].findings == []


# --- encodings and line endings ----------------------------------------------------------------

def test_byte_order_mark_is_accepted(tmp_path):
    text = textwrap.dedent(VALID["overleg"]).lstrip("\n")
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = load_repository([tmp_path])
    assert result.findings == []
    document = result.repository.by_id["ov-stuurgroep-2015-1"]
    assert document.data["soort"] == "overleg"  # the mark is not part of the first key
    assert document.position("/soort")[0] == Position(1, 8, 1, 1)


def test_byte_order_mark_in_json(tmp_path):
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + VALID_JSON.encode("utf-8"))
    result = load_repository([tmp_path])
    assert result.findings == []
    document = result.repository.by_id["bijlage-json"]
    assert document.position("/soort")[0] == Position(2, 12, 2, 3)
    assert document.position("/versie")[0] == Position(3, 13, 3, 3)


def test_crlf_keeps_line_numbers(tmp_path, monkeypatch):
    write(tmp_path / "repo" / "do.yaml", """
        soort: deelovereenkomst
        versie: 2
        id: do-wwb
        toelichting: |
          Eerste regel.
          Tweede regel.
        kpis:
          - id: doorlooptijd
            streefwaard: 8
        ingangsdatum: 2015-13-45
        """, newline="\r\n")
    (tmp_path / "repo" / "latin1.yaml").write_bytes(
        b"soort: overleg\r\nversie: 2\r\nid: ov-1\r\norgaan: caf\xe9\r\n")
    monkeypatch.chdir(tmp_path)
    result = run_check("repo")
    assert_no_crash(result)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "repo/do.yaml:9:5: S007 Onbekend veld 'streefwaard'; bedoelde u 'streefwaarde'?",
        "repo/do.yaml:10:15: S007 '2015-13-45' is geen bestaande datum voor 'ingangsdatum': "
        "maand 13 bestaat niet.",
        "repo/latin1.yaml:4:12: S002 Het bestand is geen geldige UTF-8-tekst (byte 0xe9); "
        "sla het op als UTF-8.",
    ]
    parsed = parse(decode((tmp_path / "repo" / "do.yaml").read_bytes()))
    assert parsed.data["toelichting"] == "Eerste regel.\nTweede regel.\n"


def _encoding_problem(raw: bytes) -> ParseProblem:
    with pytest.raises(ParseProblem) as info:
        decode(raw)
    return info.value


def test_non_utf8_position_and_byte():
    problem = _encoding_problem(b"soort: overleg\nid: ov-1\ntitel: caf\xe9\n")
    assert (problem.code, problem.line, problem.column) == ("encoding", 3, 11)
    assert "0xe9" in problem.message


def test_non_utf8_column_counts_characters():
    problem = _encoding_problem("titel: Coördinatie caf".encode() + b"\xe9\n")
    assert (problem.line, problem.column) == (1, 23)


def test_non_utf8_after_byte_order_mark():
    problem = _encoding_problem(b"\xef\xbb\xbfsoort: overleg\nid: caf\xe9\n")
    assert (problem.line, problem.column) == (2, 8)
    assert "0xe9" in problem.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_inside_the_repository_is_not_a_duplicate_of_itself(tmp_path, monkeypatch):
    write(tmp_path / "repo" / "a.yaml", VALID["overleg"])
    os.symlink("a.yaml", tmp_path / "repo" / "b.yaml")
    monkeypatch.chdir(tmp_path)
    result = run_check("repo")
    assert_no_crash(result)
    for line in result.output.splitlines():
        shown = line.split(":", 1)[0]
        assert f"gebruikt in {shown};" not in line, line


def test_every_unknown_key_in_one_object_is_reported(tmp_path):
    write(tmp_path / "a.yaml",
          VALID["overleg"].rstrip() + "\n        verslg: x\n        besluitn: [a]\n")
    result = load_repository([tmp_path])
    assert [(f.rule_id, f.line, f.column) for f in result.findings] == [
        ("S007", 7, 1), ("S007", 8, 1)]
