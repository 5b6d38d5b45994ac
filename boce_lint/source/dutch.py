"""What a Dutch contract manager writes, read as meant: ``ja``/``nee`` where the schema asks for
yes or no, and a decimal comma (``12,50``, ``1.450,00``) where it asks for an amount.

Only fields whose schema type is boolean or number are touched, so a title "ja" stays text.
A date that does not exist ("2021-02-30") is named as such by :func:`impossible_date`.

Each kind's schema is turned once into a plan of just the fields where something can be
converted (:func:`make_plan`, kept by ``schemafacts``), so a document is not walked whole: a
few fields per kind are looked at. The plan converts what a walk along the schema, value by
value, converts (the test keeps that walk as its reference), under the same condition: only
when some text value anywhere in the document could be a Dutch yes/no or amount
(:func:`_has_candidate`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from boce_lint.source.schemafacts import facts
from boce_lint.source.schemas import branches, schema_for

_YES_NO = {"ja": True, "nee": False}
# (patterns compiled by re when first used: most checks read no Dutch value)
_DECIMAL_COMMA = r"^\s*(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*$"
_ISO_DATE = r"^(\d{4})-(\d{2})-(\d{2})$"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def read_dutch(kind: str, data: Any) -> None:
    """Turn Dutch yes/no and decimal-comma amounts into booleans and numbers, in place."""
    plan = facts(kind).dutch
    changes: list[tuple[Any, Any, Any]] = []  # (container, key or index, new value)
    _follow(plan, data, changes)
    if not changes:
        return  # nearly every document
    if not any(_candidate(container[key]) for container, key, _ in changes) and \
            not _has_candidate(data):
        return  # only long values convert (the walk would not have started)
    done: set[tuple[int, Any]] = set()
    for container, key, value in changes:  # one value under two branches: the first converts
        if (id(container), key) not in done:
            done.add((id(container), key))
            container[key] = value


# A plan: per branch of a schema, the fields (or list items) where a value may be converted,
# each with the types of its schema and the plan below it (None when nothing lies there).
Types = frozenset[str]
Node = tuple[tuple[str, Any], ...]


def make_plan(kind: str) -> Node:
    """The fields of a kind where a Dutch value can be converted (made once per installation:
    ``schemafacts``). Every shipped schema can be planned (a test asserts it): none refers to
    itself or lists a field's types."""
    root = schema_for(kind)
    return _node(root, root, set())


def _node(schema: dict[str, Any], root: dict[str, Any], visiting: set[int]) -> Node:
    if id(schema) in visiting:
        raise ValueError("a schema that refers to itself has no finite plan")
    visiting = visiting | {id(schema)}
    steps: list[tuple[str, Any]] = []
    for branch in branches(schema, root):
        if "properties" in branch:
            fields = {}
            for key, sub in branch["properties"].items():
                entry = _entry(sub, root, visiting)
                if entry is not None:
                    fields[key] = entry
            if fields:
                steps.append(("properties", fields))
        if branch.get("type") == "array" and "items" in branch:
            entry = _entry(branch["items"], root, visiting)
            if entry is not None:
                steps.append(("items", entry))
    return tuple(steps)


def _entry(sub: dict[str, Any], root: dict[str, Any],
           visiting: set[int]) -> tuple[Types, Node] | None:
    types = frozenset(_types(sub, root)) & {"boolean", "number", "integer"}
    below = _node(sub, root, visiting)
    return (types, below) if types or below else None


def _follow(node: Node, value: Any, changes: list[tuple[Any, Any, Any]]) -> None:
    """Note the conversions the walk would make in ``value`` (and below it)."""
    for step, what in node:
        if step == "properties":
            if not isinstance(value, dict):
                continue
            for key, (types, below) in what.items():
                if key not in value:
                    continue
                item = value[key]
                if types and isinstance(item, str):
                    converted = _converted(item, types)
                    if converted is not item:
                        changes.append((value, key, converted))
                if below:
                    _follow(below, item, changes)
        elif isinstance(value, list):
            types, below = what
            for i, item in enumerate(value):
                if types and isinstance(item, str):
                    converted = _converted(item, types)
                    if converted is not item:
                        changes.append((value, i, converted))
                if below:
                    _follow(below, item, changes)


def _candidate(text: str) -> bool:
    if len(text) > 20:
        return False
    if text.strip().casefold() in _YES_NO:
        return True
    return ("," in text or "." in text) and re.match(_DECIMAL_COMMA, text) is not None


def _has_candidate(data: Any) -> bool:
    """Whether any text value could be a Dutch yes/no or amount (a cheap scan, no schema)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and _candidate(value):
            return True
    return False


def _types(schema: dict[str, Any], root: dict[str, Any]) -> set[Any]:
    return {b.get("type") for b in branches(schema, root)} | {
        alt.get("type") for b in branches(schema, root) for alt in b.get("anyOf", [])}


def _converted(value: str, types: set[Any] | Types) -> Any:
    """``value`` read as the boolean or number the ``types`` ask for, or ``value`` itself."""
    if "boolean" in types and value.strip().casefold() in _YES_NO:
        return _YES_NO[value.strip().casefold()]
    if types & {"number", "integer"}:
        match = re.match(_DECIMAL_COMMA, value)
        if match and ("," in value or "." in value):
            sign, whole, fraction = match.groups()
            number = float(f"{sign}{whole.replace('.', '')}.{fraction or '0'}")
            if "integer" in types and "number" not in types:
                return int(number) if number.is_integer() else value
            return number
    return value


def impossible_date(value: Any) -> tuple[str, str] | None:
    """For text shaped like a date that does not exist: why, in Dutch and English."""
    match = re.match(_ISO_DATE, value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        dt.date(year, month, day)
        return None
    except ValueError:
        pass
    if not 1 <= month <= 12:
        return (f"maand {month} bestaat niet", f"month {month} does not exist")
    return (f"{day} {MONTHS[month - 1]} {year} bestaat niet",
            f"{MONTHS_EN[month - 1]} {day}, {year} does not exist")
