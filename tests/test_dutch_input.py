"""What a Dutch contract manager writes: ja/nee, decimal commas, dates that do not exist."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.run.pipeline import load_repository

SUB = """\
soort: deelovereenkomst
versie: 2
id: do
titel: ja
beleidsruimte: ja
vergoeding:
  bedrag: 1.450.000,50
  prijzen:
    - product: Uitkering
      prijs: 12,50
kpis:
  - {id: k, streefwaarde: "95,5"}
"""


def test_ja_nee_and_decimal_commas_are_read_where_the_schema_asks_for_them(tmp_path):
    (tmp_path / "do.yaml").write_text(SUB, encoding="utf-8")
    loaded = load_repository([tmp_path])
    assert [f.message for f in loaded.findings] == []
    data = loaded.repository.by_id["do"].data
    assert data["beleidsruimte"] is True and data["titel"] == "ja"  # text stays text
    assert data["vergoeding"]["bedrag"] == 1450000.5
    assert data["vergoeding"]["prijzen"][0]["prijs"] == 12.5
    assert data["kpis"][0]["streefwaarde"] == 95.5


def test_nee_is_false_and_nonsense_stays_a_schema_finding(tmp_path):
    (tmp_path / "do.yaml").write_text(
        "soort: deelovereenkomst\nversie: 2\nid: do\nbeleidsruimte: Nee\n"
        "vergoeding: {bedrag: twaalf}\n", encoding="utf-8")
    loaded = load_repository([tmp_path])
    assert loaded.repository.by_id["do"].data["beleidsruimte"] is False
    assert [(f.rule_id, f.line) for f in loaded.findings] == [("S007", 5)]


def test_a_date_that_does_not_exist_is_named(tmp_path, monkeypatch):
    (tmp_path / "do.yaml").write_text(textwrap.dedent("""\
        soort: deelovereenkomst
        versie: 2
        id: do
        ingangsdatum: 2021-02-30
        einddatum: 2021-13-01
        """), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", ".", "--isolated", "--select", "S007",
                                      "--format", "concise"])
    assert result.output.splitlines() == [
        "do.yaml:4:15: S007 '2021-02-30' is geen bestaande datum voor 'ingangsdatum': "
        "30 februari 2021 bestaat niet.",
        "do.yaml:5:12: S007 '2021-13-01' is geen bestaande datum voor 'einddatum': "
        "maand 13 bestaat niet."]
    assert Path("do.yaml").read_text(encoding="utf-8").count("2021") == 2  # nothing written
