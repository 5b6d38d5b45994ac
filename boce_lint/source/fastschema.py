"""A fast yes/no schema check: the shipped JSON Schemas compiled once into Python closures.

``jsonschema`` builds an error object per keyword it visits, which makes validating a valid
document cost about a millisecond. Almost every document is valid, so the loader first asks
this compiled predicate; only a document it rejects goes through ``jsonschema`` to produce the
findings. The predicate implements exactly the keywords the shipped schemas use with the same
semantics as ``Draft202012Validator(schema, format_checker=FormatChecker()).is_valid`` (a test
compares the two on every fixture); a schema with any other keyword is not compiled, and then
``jsonschema`` decides alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = {"title", "description", "default", "examples", "$schema", "$id", "$defs",
            "x-verwijzing", "x-type", "x-fase", "$comment"}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


# jsonschema's "date" format check, here so that checking a repository does not import it
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_date(value: str) -> bool:
    try:
        return bool(_DATE.fullmatch(value) and dt.date.fromisoformat(value))
    except ValueError:
        return False


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's ``enum``/``const`` see it: ``True`` is not ``1``."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(i, j) for i, j in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(k in two and equal(v, two[k]) for k, v in one.items())
    return bool(_unbool(one) == _unbool(two))


def _unbool(value: Any) -> Any:
    """A boolean as something no number equals (jsonschema's ``unbool``)."""
    return ("bool", value) if isinstance(value, bool) else value


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: not isinstance(v, bool) and (
        isinstance(v, int) or isinstance(v, float) and v.is_integer()),
}


def _always(answer: bool) -> Check:
    return lambda v: answer


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always(True)
    if len(checks) == 1:
        return checks[0]
    every = tuple(checks)

    def check(v: Any) -> bool:  # a loop, not all() over a generator: a third of the time
        for f in every:  # noqa: SIM110 - see above
            if not f(v):
                return False
        return True
    return check


def _any(options: list[Check]) -> Check:
    if len(options) == 1:
        return options[0]
    first, *others = options
    rest = tuple(others)

    def check(v: Any) -> bool:
        if first(v):
            return True
        for f in rest:  # noqa: SIM110 - a loop, as in _all
            if f(v):
                return True
        return False
    return check


def _enum(options: list[Any]) -> Check:
    if all(isinstance(e, str) for e in options):
        allowed = frozenset(options)
        return lambda v: isinstance(v, str) and v in allowed
    return lambda v: any(equal(e, v) for e in options)


def _const(constant: Any) -> Check:
    return lambda v: bool(equal(v, constant))


def _pattern(pattern: re.Pattern[str]) -> Check:
    return lambda v: not isinstance(v, str) or pattern.search(v) is not None


def _date_format(v: Any) -> bool:
    return not isinstance(v, str) or _is_date(v)


def _bound(bound: float, low: bool) -> Check:
    def check(v: Any) -> bool:
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return True
        return bool(v >= bound if low else v <= bound)
    return check


def _required(names: tuple[str, ...]) -> Check:
    return lambda v: not isinstance(v, dict) or all(k in v for k in names)


def _items(item: Check) -> Check:
    def check(v: Any) -> bool:
        if isinstance(v, list):
            for x in v:
                if not item(x):
                    return False
        return True
    return check


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, target: str) -> Check:
        if not target.startswith("#/$defs/"):
            raise Unsupported(target)
        if target not in self.refs:
            holder: list[Check] = []
            self.refs[target] = lambda v: holder[0](v)  # recursive definitions
            holder.append(self.compile(self.root["$defs"][target.rsplit("/", 1)[-1]]))
        return self.refs[target]

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return _always(True)
        if schema is False:
            return _always(False)
        checks = [self._keyword(key, arg) for key, arg in schema.items()
                  if key not in _IGNORED and key not in ("additionalProperties", "properties")]
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self._object(schema))
        return _all(checks)

    def _keyword(self, key: str, arg: Any) -> Check:
        if key == "type":
            return _any([_TYPES[t] for t in arg]) if isinstance(arg, list) else _TYPES[arg]
        if key == "$ref":
            return self.ref(arg)
        if key == "anyOf":
            return _any([self.compile(s) for s in arg])
        if key == "enum":
            return _enum(arg)
        if key == "const":
            return _const(arg)
        if key == "pattern":
            return _pattern(re.compile(arg))
        if key == "format":
            if arg != "date":
                raise Unsupported(f"format {arg}")
            return _date_format
        if key in ("minimum", "maximum"):
            return _bound(arg, key == "minimum")
        if key == "required":
            return _required(tuple(arg))
        if key == "items":
            return _items(self.compile(arg))
        raise Unsupported(key)

    def _object(self, schema: dict[str, Any]) -> Check:
        properties = {name: self.compile(s) for name, s in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True or extra is False else self.compile(extra)
        closed = extra is False

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for key, value in v.items():
                prop = properties.get(key)
                if prop is not None:
                    if not prop(value):
                        return False
                elif closed or extra_check is not None and not extra_check(value):
                    return False
            return True
        return check


@cache
def valid_check(kind: str) -> Check | None:
    """The compiled predicate for a document kind, or None when its schema cannot be compiled."""
    from boce_lint.source.schemas import schema_for

    schema = schema_for(kind)
    try:
        return _Compiler(schema).compile(schema)
    except (Unsupported, KeyError, re.error):
        return None
