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
