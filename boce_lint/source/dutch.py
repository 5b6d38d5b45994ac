"""What a Dutch contract manager writes, read as meant: ``ja``/``nee`` where the schema asks for
yes or no, and a decimal comma (``12,50``, ``1.450,00``) where it asks for an amount.

Only fields whose schema type is boolean or number are touched, so a title "ja" stays text.
A date that does not exist ("2021-02-30") is named as such by :func:`impossible_date`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from boce_lint.source.schemas import branches, schema_for

_YES_NO = {"ja": True, "nee": False}
_DECIMAL_COMMA = re.compile(r"^\s*(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def read_dutch(kind: str, data: Any) -> None:
    """Turn Dutch yes/no and decimal-comma amounts into booleans and numbers, in place."""
    if not _has_candidate(data):
        return  # nearly every document: no schema walk needed
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
                    converted = _convert(item, sub, root)
                    if converted is not item:
                        value[key] = converted
                    stack.append((value[key], sub))
            elif isinstance(value, list) and branch.get("type") == "array" and "items" in branch:
                for i, item in enumerate(value):
                    converted = _convert(item, branch["items"], root)
                    if converted is not item:
                        value[i] = converted
                    stack.append((value[i], branch["items"]))


def _candidate(text: str) -> bool:
    if len(text) > 20:
        return False
    if text.strip().casefold() in _YES_NO:
        return True
    return ("," in text or "." in text) and _DECIMAL_COMMA.match(text) is not None


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


def _convert(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    if not isinstance(value, str):
        return value
    types = {b.get("type") for b in branches(schema, root)} | {
        alt.get("type") for b in branches(schema, root) for alt in b.get("anyOf", [])}
    if "boolean" in types and value.strip().casefold() in _YES_NO:
        return _YES_NO[value.strip().casefold()]
    if types & {"number", "integer"}:
        match = _DECIMAL_COMMA.match(value)
        if match and ("," in value or "." in value):
            sign, whole, fraction = match.groups()
            number = float(f"{sign}{whole.replace('.', '')}.{fraction or '0'}")
            if "integer" in types and "number" not in types:
                return int(number) if number.is_integer() else value
            return number
    return value


def impossible_date(value: Any) -> tuple[str, str] | None:
    """For text shaped like a date that does not exist: why, in Dutch and English."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
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
