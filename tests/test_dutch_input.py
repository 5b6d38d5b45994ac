"""What a Dutch contract manager writes: ja/nee, decimal commas, dates that do not exist."""

from __future__ import annotations

import copy
import random
import textwrap
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.run.pipeline import load_repository
from boce_lint.source import dutch
from boce_lint.source.schemas import KIND_NAMES, branches, schema_for
from boce_lint.source.yamlsource import parse

ROOT = Path(__file__).parents[1]

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


def test_the_plan_converts_what_the_walk_along_the_schema_converts():
    """read_dutch follows a plan of each kind's convertible fields; the walk along the whole
    schema is the definition. Dutch values (short, long, padded) put anywhere in every fixture
    document must come out the same both ways."""
    words = ["ja", "Nee", " JA ", "nee" + " " * 25, "12,50", "1.450,00", "-7,0", "1.000",
             "1.450.000,50" + " " * 12, "3.5", "x"]
    rng = random.Random(16)
    compared = converted = 0
    for path in sorted((ROOT / "fixtures").rglob("*.yaml")):
        try:
            data = parse(path.read_text(encoding="utf-8")).data
        except Exception:
            continue  # the fixtures of broken files
        if not isinstance(data, dict) or data.get("soort") not in KIND_NAMES:
            continue
        dutch.make_plan(data["soort"])  # every shipped schema can be planned (else it raises)
        for trial in range(4):
            planned = copy.deepcopy(data)
            spots = _places(planned)
            for _ in range(trial * 5):
                container, key = rng.choice(spots)
                if key != "soort" and not isinstance(container[key], (dict, list)):
                    container[key] = rng.choice(words)
            walked = copy.deepcopy(planned)
            before = repr(planned)
            dutch.read_dutch(data["soort"], planned)
            if dutch._has_candidate(walked):
                walk(data["soort"], walked)
            assert repr(planned) == repr(walked), path
            compared += 1
            converted += repr(planned) != before
    assert compared > 100 and converted > 20


def _places(value: object) -> list[tuple[object, object]]:
    """Every (container, key or index) in ``value``."""
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    return [place for key, item in list(items) for place in [(value, key), *_places(item)]]


def walk(kind: str, data: Any) -> None:
    """The reference: convert along the schema, value by value (what the plan must do)."""
    root = schema_for(kind)
    stack: list[tuple[Any, dict[str, Any]]] = [(data, root)]
    while stack:
        value, schema = stack.pop()
        for branch in branches(schema, root):
            if isinstance(value, dict) and "properties" in branch:
                for key, item in value.items():
                    sub = branch["properties"].get(key)
                    if sub is None:
                        continue
                    converted = convert(item, sub, root)
                    if converted is not item:
                        value[key] = converted
                    stack.append((value[key], sub))
            elif isinstance(value, list) and branch.get("type") == "array" and "items" in branch:
                for i, item in enumerate(value):
                    converted = convert(item, branch["items"], root)
                    if converted is not item:
                        value[i] = converted
                    stack.append((value[i], branch["items"]))


def convert(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    if not isinstance(value, str):
        return value
    return dutch._converted(value, dutch._types(schema, root))
