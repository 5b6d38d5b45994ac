"""The static types of the rule language, read from the JSON Schemas of the document kinds.

The compiler uses them to report a wrong field or a date compared with a number at the rule's
line, before any repository is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boce_lint.source.schemas import branches, field_schema, schema_for

_DUTCH = {"tekst": "een tekst", "getal": "een getal", "datum": "een datum", "duur": "een duur",
          "waarheid": "een waarheidswaarde", "lijst": "een lijst", "object": "een object",
          "ref": "een verwijzing", "onbekend": "een waarde"}


@dataclass(frozen=True)
class T:
    """A type: its name, and for objects the kind and path, for lists the item type, for
    references the kinds referred to."""

    name: str  # tekst getal datum duur waarheid lijst object ref onbekend
    kind: str | None = None
    path: tuple[str, ...] = ()
    item: T | None = None
    refs: tuple[str, ...] = ()

    def dutch(self) -> str:
        return _DUTCH[self.name]


TEXT, NUMBER, DATE, DURATION, BOOL, ANY = (T("tekst"), T("getal"), T("datum"), T("duur"),
                                            T("waarheid"), T("onbekend"))


def type_of(kind: str, path: tuple[str, ...], schema: dict[str, Any]) -> T:
    """The type of the field at ``path`` in a document of ``kind``, given its schema."""
    if "x-verwijzing" in schema:
        return T("ref", refs=tuple(schema["x-verwijzing"]))
    if schema.get("x-type") == "datum":
        return DATE
    kind_of = schema.get("type")
    if kind_of == "array":
        item = field_schema(kind, (*path, "*"))
        return T("lijst", item=type_of(kind, (*path, "*"), item) if item else ANY)
    if kind_of == "object":
        return T("object", kind=kind, path=path)
    simple = {"string": TEXT, "number": NUMBER, "integer": NUMBER, "boolean": BOOL}
    return simple.get(kind_of or "", TEXT if "const" in schema or "enum" in schema else ANY)


def fields_at(kind: str, path: tuple[str, ...]) -> list[str]:
    """The field names allowed at ``path`` (for 'bedoelde u ...?' hints)."""
    schema = field_schema(kind, path) if path else schema_for(kind)
    if schema is None:
        return []
    root = schema_for(kind)
    return [name for b in branches(schema, root) for name in b.get("properties", {})]


def compatible(a: T, b: T) -> bool:
    """Whether two values can meet in a comparison or a function argument."""
    if ANY in (a, b) or a.name == "onbekend" or b.name == "onbekend":
        return True
    if {a.name, b.name} <= {"tekst", "ref"}:
        return True
    return a.name == b.name
