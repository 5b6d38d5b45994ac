"""The published JSON Schemas: valid Draft 2020-12, up to date, and documented in two languages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from boce_lint.cli import cli
from boce_lint.resources import schemas_dir
from boce_lint.source.kinds import KINDS
from boce_lint.source.schemas import KIND_NAMES, generate

STALE = ("the shipped schema is stale; run `python -m boce_lint.source.schemas` and commit the "
         "result")


def schema_output(kind: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_kind_names_match_the_models():
    assert set(KIND_NAMES) == set(KINDS)
    assert len(KIND_NAMES) == len(set(KIND_NAMES)) == 13


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_cli_schema_is_valid_draft_2020_12(kind):
    schema = schema_output(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == kind
    assert schema["properties"]["soort"]["const"] == kind
    assert {"soort", "versie", "id"} <= set(schema["required"])


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_shipped_schema_is_fresh(kind):
    path = schemas_dir() / f"{kind}.schema.json"
    assert path.is_file(), f"{path.name} is missing; {STALE}"
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert shipped == generate(kind), f"{path.name}: {STALE}"
    assert schema_output(kind) == shipped  # the CLI prints the shipped file


def test_no_schema_for_a_kind_that_does_not_exist():
    shipped = {p.name for p in schemas_dir().glob("*.schema.json")}
    assert shipped == {f"{kind}.schema.json" for kind in KIND_NAMES}, STALE


def _properties(node: Any, where: str) -> Iterator[tuple[str, str, Any]]:
    """Every (place, property name, property schema) anywhere in a schema."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, sub in properties.items():
                yield where, name, sub
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_every_property_is_described_in_dutch_and_english(kind):
    schema = generate(kind)
    places = {where for where, _, _ in _properties(schema, "#")}
    # the walk reaches the root and every $defs entry that has properties
    assert "#" in places
    assert {f"#/$defs/{name}" for name, d in schema.get("$defs", {}).items()
            if "properties" in d} <= places
    problems = []
    for where, name, sub in _properties(schema, "#"):
        description = sub.get("description", "") if isinstance(sub, dict) else ""
        dutch, marker, english = description.partition("EN:")
        if not (marker and dutch.strip() and english.strip()):
            problems.append(f"{where}/properties/{name}: {description!r}")
    assert problems == [], "properties without a Dutch text and an 'EN:' part:\n" + "\n".join(
        problems)


def test_schema_without_kind_lists_the_kinds():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.output.splitlines() == list(KIND_NAMES)


def test_schema_of_an_unknown_kind_is_a_usage_error():
    result = CliRunner().invoke(cli, ["schema", "deelovereenkomstt"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "unknown kind 'deelovereenkomstt'" in result.output
    assert "deelovereenkomst" in result.output.replace("deelovereenkomstt", "")


def test_kind_index_is_fresh():
    """Adding a kind is one registration in ``kinds.KINDS``; regenerating writes the index."""
    assert list(KIND_NAMES) == list(KINDS), STALE
