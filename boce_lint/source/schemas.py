"""The published JSON Schemas (Draft 2020-12), one per document kind, and walking them.

The schemas are generated from the pydantic models registered in ``boce_lint.source.kinds.KINDS``
and shipped as JSON in ``schemas/``, with ``kinds.json`` listing the kinds in registration order,
so that checking a repository never has to build pydantic models.
``python -m boce_lint.source.schemas`` regenerates them; a test fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from boce_lint.resources import schemas_dir

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://boce-lint.example/schemas/"

INDEX = "kinds.json"


def _shipped_kinds() -> tuple[str, ...]:
    names = json.loads((schemas_dir() / INDEX).read_text(encoding="utf-8"))
    return tuple(str(name) for name in names)


KIND_NAMES = _shipped_kinds()  # the document kinds, as ``KINDS`` registers them


def generate(kind: str) -> dict[str, Any]:
    """Build the schema of one kind from its pydantic model."""
    from boce_lint.source.kinds import KINDS

    model = KINDS[kind]
    body = model.model_json_schema()
    doc = (model.__doc__ or "").strip()
    return {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        "title": kind,
        "description": doc or f"Een document van de soort '{kind}'.\n\nEN: A '{kind}' document.",
        **{k: v for k, v in body.items() if k not in ("title", "description")},
    }


@cache
def schema_for(kind: str) -> dict[str, Any]:
    path = schemas_dir() / f"{kind}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def write_all(target: Path) -> list[Path]:
    from boce_lint.source.kinds import KINDS

    target.mkdir(parents=True, exist_ok=True)
    index = target / INDEX
    index.write_text(json.dumps(list(KINDS), indent=2) + "\n", encoding="utf-8")
    written = [index]
    for kind in KINDS:
        path = target / f"{kind}.schema.json"
        path.write_text(json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = root["$defs"][name]
    return schema


def branches(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a (possibly nullable) schema, with ``$ref`` resolved."""
    schema = _resolve(schema, root)
    if "anyOf" in schema and "type" not in schema:
        return [b for alt in schema["anyOf"] for b in branches(alt, root)
                if b.get("type") != "null"]
    return [schema]


def field_schema(kind: str, path: tuple[str, ...]) -> dict[str, Any] | None:
    """The schema at a field path (``"*"`` steps into list items), or None when no such field."""
    root = schema_for(kind)
    current: list[dict[str, Any]] = [root]
    for step in path:
        found: list[dict[str, Any]] = []
        for schema in current:
            for branch in branches(schema, root):
                if step == "*" and branch.get("type") == "array":
                    found.extend(branches(branch.get("items", {}), root))
                elif step != "*" and step in branch.get("properties", {}):
                    found.extend(branches(branch["properties"][step], root))
                elif step != "*" and isinstance(branch.get("additionalProperties"), dict):
                    found.extend(branches(branch["additionalProperties"], root))
        if not found:
            return None
        current = found
    return current[0]


def kind_mark(kind: str, mark: str) -> Any:
    """A mark (an ``x-`` key) written on a whole kind, e.g. ``x-fase: uitvoering``."""
    return schema_for(kind).get(mark) if kind in KIND_NAMES else None


def field_mark(kind: str, path: tuple[str, ...], mark: str) -> Any:
    """A mark (an ``x-`` key) written on the field itself, before its type is resolved."""
    if not path:
        return None
    root = schema_for(kind)
    parent = field_schema(kind, path[:-1]) if len(path) > 1 else root
    for branch in branches(parent, root) if parent is not None else []:
        prop = branch.get("properties", {}).get(path[-1])
        if isinstance(prop, dict) and mark in prop:
            return prop[mark]
    return None


def reference_paths(kind: str) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """Every field path of a kind that holds a reference, with the kinds it may point to."""
    root = schema_for(kind)

    def walk(schema: dict[str, Any], path: tuple[str, ...], depth: int) -> Iterator[Any]:
        if depth > 12:
            return
        for branch in branches(schema, root):
            if "x-verwijzing" in branch:
                yield path, branch["x-verwijzing"]
            for name, sub in branch.get("properties", {}).items():
                yield from walk(sub, (*path, name), depth + 1)
            if branch.get("type") == "array" and "items" in branch:
                yield from walk(branch["items"], (*path, "*"), depth + 1)

    yield from walk(root, (), 0)


if __name__ == "__main__":  # regenerate the shipped schemas
    for written in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else schemas_dir()):
        print(written)
