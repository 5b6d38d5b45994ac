"""The ten core rules of benchmark (e) give the same findings, file by file, in boce-lint, in
plain Python (benchmarks/rules_python.py) and in Spectral (benchmarks/spectral/), on the
fixtures' sub-agreements with each of the gaps the rules look for. The benchmark corpus
exercises only some of them, so agreement there says little about the rest.

The Spectral half runs ``spectral lint`` as a user would and is skipped unless Spectral is
installed in benchmarks/spectral (``benchmarks/run.py`` installs it with npm)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from boce_lint.rulebook.engine import evaluate
from boce_lint.rulebook.rulebook import load_rulebook
from boce_lint.source.loader import load_file
from boce_lint.source.model import Repository

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2024, 3, 1)
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import rules_python
    import spectral_run
finally:
    sys.path.pop(0)


def _drop(*path: str | int) -> Any:
    def change(d: dict[str, Any]) -> None:
        node: Any = d
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return change


def _set(key: str, value: Any) -> Any:
    def change(d: dict[str, Any]) -> None:
        d[key] = value
    return change


def _kpis(field: str, value: Any) -> Any:
    def change(d: dict[str, Any]) -> None:
        for kpi in d["kpis"]:
            kpi[field] = value
    return change


def _ended(end: str) -> Any:
    def change(d: dict[str, Any]) -> None:
        d.update(status="beeindigd", einddatum=dt.date.fromisoformat(end), werkterrein="")
    return change


GAPS = {
    "werkterrein": _drop("werkterrein"), "werkterrein-spaces": _set("werkterrein", "   "),
    "dienstverlening": _drop("dienstverlening"), "no-services": _set("dienstverlening", []),
    "vergoeding": _drop("vergoeding"), "berekening": _drop("vergoeding", "berekening"),
    "indexering": _drop("vergoeding", "indexering"),
    "moment": _drop("vergoeding", "indexering", "moment"),
    "werkprocessen": _drop("werkprocessen"), "leveringsvoorwaarden": _drop("leveringsvoorwaarden"),
    "mandaten": _drop("mandaten"), "no-mandates": _set("mandaten", []),
    "verantwoordelijken": _drop("verantwoordelijken"), "one-responsible": lambda d: d.update(
        verantwoordelijken=d["verantwoordelijken"][:1]),
    "gastgemeenten": _drop("gastgemeenten"), "rapportage": _drop("rapportage"),
    "ontvanger": _drop("rapportage", "ontvanger"), "kpis": _drop("kpis"),
    "streefwaarde": _kpis("streefwaarde", None), "eenheid": _kpis("eenheid", " "),
    "social-title": lambda d: d.update(titel="Sociale Zaken Werk en Inkomen", kpis=[]),
    "ended-before": _ended("2023-12-31"), "ended-after": _ended("2024-06-30"),
}


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("variants")
    written = []
    for base in sorted(ROOT.glob("fixtures/*/deelovereenkomsten/*.yaml")):
        data = yaml.safe_load(base.read_text(encoding="utf-8"))
        for name, change in {"as-is": lambda d: None, **GAPS}.items():
            variant = copy.deepcopy(data)
            try:
                change(variant)
            except (KeyError, IndexError, TypeError):
                continue  # the fixture has no such part
            variant["id"] = f"{variant.get('id', base.stem)}-{name}"
            path = folder / f"{base.parent.parent.name}-{base.stem}-{name}.yaml"
            path.write_text(yaml.safe_dump(variant, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
            written.append(path)
    return written


def _python(documents: dict[str, Any]) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for file, data in documents.items():
        for rule, n in rules_python.check(data, AS_OF).items():
            found[file, rule] += n
    return found


@pytest.fixture(scope="module")
def boce(variants: list[Path]) -> tuple[Counter[tuple[str, str]], dict[str, Any]]:
    """boce-lint's findings per (file, rule), as benchmark (e) evaluates them, and the data."""
    repository = Repository(root=str(variants[0].parent))
    documents = {}
    for path in variants:
        document = load_file(path, path.as_posix()).document
        if document is not None and document.valid and document.kind == "deelovereenkomst":
            repository.add(document)
            documents[path.as_posix()] = document.data
    book = load_rulebook()
    rules = [book.get(rule_id) for rule_id in rules_python.RULES]
    found = Counter((Path(f.file).as_posix(), f.rule_id)
                    for f in evaluate(book, repository, AS_OF, rules))
    return found, documents


def test_the_variants_exercise_every_rule(boce: Any) -> None:
    found, documents = boce
    assert len(documents) >= 60
    assert {rule for _, rule in found} == set(rules_python.RULES)


def test_plain_python_agrees_with_boce_lint(boce: Any) -> None:
    found, documents = boce
    assert _python(documents) == found


def test_spectral_agrees_with_boce_lint(boce: Any) -> None:
    if not spectral_run.CLI.exists():
        pytest.skip("Spectral is not installed in benchmarks/spectral (benchmarks/run.py does)")
    found, documents = boce
    files = [Path(f) for f in documents]
    run = subprocess.run(["node", str(spectral_run.CLI), "lint", "-r", ".spectral.yaml",
                          "-f", "json", "--quiet", *map(str, files)], cwd=spectral_run.SPECTRAL,
                         capture_output=True, text=True, check=False)
    results = json.loads(run.stdout)
    spectral = Counter((Path(r["source"]).as_posix(), r["code"]) for r in results)
    assert spectral == found
