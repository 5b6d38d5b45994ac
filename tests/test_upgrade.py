"""``boce-lint upgrade``: version-1 files to format 2, keeping comments, order and layout."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from boce_lint.cli import cli

OLD = """\
# Raamovereenkomst BOCE — bijgehouden door de contractbeheerder
soort: raamovereenkomst
versie: 1   # formaat
id: ro
titel: "Raamovereenkomst"
ingangsdatum: 2010-01-01
partijen:
    - gemeente: Emmen        # gastheer
      rol: gastheergemeente
betalingstermijn: per-kwartaal-achteraf
"""
NEW = OLD.replace("versie: 1   # formaat", "versie: 2   # formaat").replace(
    "betalingstermijn: per-kwartaal-achteraf",
    "betalingstermijn: {periode: kwartaal, moment: achteraf}")


def run(*args: str):
    return CliRunner().invoke(cli, ["upgrade", *args])


def test_upgrade_rewrites_in_place_keeping_comments_order_and_layout(tmp_path):
    (tmp_path / "ro.yaml").write_text(OLD, encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 0 and "1 bestand(en) omgezet" in result.output
    assert (tmp_path / "ro.yaml").read_text(encoding="utf-8") == NEW
    again = run(str(tmp_path), "--check")  # nothing left to do
    assert again.exit_code == 0 and again.output == ""


def test_check_and_diff_write_nothing(tmp_path):
    (tmp_path / "ro.yaml").write_text(OLD, encoding="utf-8")
    checked = run(str(tmp_path), "--check")
    assert checked.exit_code == 1 and "ro.yaml: formaat 1" in checked.output
    shown = run(str(tmp_path), "--diff")
    assert shown.exit_code == 1
    assert "-versie: 1   # formaat\n+versie: 2   # formaat\n" in shown.output
    assert (tmp_path / "ro.yaml").read_text(encoding="utf-8") == OLD


def test_nothing_is_written_when_a_file_does_not_load(tmp_path):
    (tmp_path / "ro.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "kapot.yaml").write_text("soort: overleg\nversie: 1\nid: [x\n", encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 1 and "kapot.yaml:" in result.output
    assert (tmp_path / "ro.yaml").read_text(encoding="utf-8") == OLD


def test_a_version_1_repository_still_loads_with_one_notice(tmp_path, monkeypatch):
    (tmp_path / "ro.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "ov.yaml").write_text("soort: overleg\nversie: 1\nid: ov\norgaan: stuurgroep\n"
                                      "datum: 2020-01-01\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", ".", "--isolated", "--select", "S",
                                      "--format", "concise", "--as-of", "2020-06-01"])
    assert result.output.splitlines() == [
        "ov.yaml:2:9: S016 2 bestanden gebruiken nog bestandsformaat 1 (dit is de eerste); ze "
        "worden gelezen, maar 'boce-lint upgrade' zet ze om naar formaat 2 met behoud van "
        "opmerkingen en opmaak."]
    assert Path("ro.yaml").read_text(encoding="utf-8") == OLD  # check never writes


def test_payment_terms_of_version_1_are_read_as_period_and_timing(tmp_path, monkeypatch):
    (tmp_path / "ro.yaml").write_text(OLD.replace("per-kwartaal-achteraf", "per-maand"),
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", ".", "--isolated", "--select", "RO-8.2",
                                      "--format", "concise", "--as-of", "2020-06-01"])
    assert "RA-060" in result.output and "periode: maand, moment: (onbekend)" in result.output


# Odd but valid layout: 3-space mappings, a sequence indented 5, comments spaced unevenly,
# quotes of both kinds, a flow mapping, a trailing space and CRLF line ends. Only the lines
# with the values that change may differ, and only in those values.
ODD = (
    "soort:   deelovereenkomst        #  kind\r\n"
    "versie:    1 #formaat\r\n"
    "id: 'do-ict'\r\n"
    "titel: \"ICT  # geen commentaar\"   \r\n"
    "vergoeding:\r\n"
    "   bedrag: 12000     # per jaar\r\n"
    "   betalingstermijn: 'per-kwartaal-achteraf'      # art. 8.2\r\n"
    "   indexering: {methode: CBS,   moment: 1 januari}\r\n"
    "verantwoordelijken:\r\n"
    "     -   partij: Emmen\r\n"
    "         naam: A. de Vries\r\n"
    "# slot\r\n"
)


def changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def test_upgrade_keeps_every_byte_that_does_not_change(tmp_path):
    path = tmp_path / "ict.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ODD.encode("utf-8"))
    assert run(str(tmp_path)).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert changed_lines(ODD, raw[3:].decode("utf-8")) == [
        ("versie:    1 #formaat\r\n", "versie:    2 #formaat\r\n"),
        ("   betalingstermijn: 'per-kwartaal-achteraf'      # art. 8.2\r\n",
         "   betalingstermijn: {periode: kwartaal, moment: achteraf}      # art. 8.2\r\n")]


def test_upgrade_of_json_keeps_its_layout(tmp_path):
    old = ('{\n\t"soort" :  "raamovereenkomst",\n   "versie": 1,\n'
           '   "id": "ro", "partijen": [ {"gemeente": "Emmen", "rol": "gastheergemeente"} ],\n'
           '   "betalingstermijn":"per-maand-vooraf"\n}')
    (tmp_path / "ro.json").write_text(old, encoding="utf-8")
    assert run(str(tmp_path)).exit_code == 0
    new = (tmp_path / "ro.json").read_text(encoding="utf-8")
    assert changed_lines(old, new) == [
        ('   "versie": 1,\n', '   "versie": 2,\n'),
        ('   "betalingstermijn":"per-maand-vooraf"\n',
         '   "betalingstermijn":{"periode": "maand", "moment": "vooraf"}\n')]
