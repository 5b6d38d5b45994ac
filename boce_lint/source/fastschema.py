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

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from jsonschema._format import is_date as _jsonschema_is_date
from jsonschema._utils import equal

Check = Callable[[Any], bool]

_IGNORED = {"title", "description", "default", "examples", "$schema", "$id", "$defs",
            "x-verwijzing", "x-type", "$comment"}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


def _is_date(value: str) -> bool:
    try:
        return bool(_jsonschema_is_date(value))
    except ValueError:
        return False


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
            return lambda v: True
        if schema is False:
            return lambda v: False
        checks: list[Check] = []
        for key, arg in schema.items():
            if key in _IGNORED or key in ("additionalProperties", "properties"):
                continue
            if key == "type":
                if isinstance(arg, list):
                    options = [_TYPES[t] for t in arg]
                    checks.append(lambda v, o=options: any(f(v) for f in o))
                else:
                    checks.append(_TYPES[arg])
            elif key == "$ref":
                checks.append(self.ref(arg))
            elif key == "anyOf":
                options = [self.compile(s) for s in arg]
                checks.append(lambda v, o=options: any(f(v) for f in o))
            elif key == "enum":
                if all(isinstance(e, str) for e in arg):
                    allowed = frozenset(arg)
                    checks.append(lambda v, a=allowed: isinstance(v, str) and v in a)
                else:
                    checks.append(lambda v, a=arg: any(equal(e, v) for e in a))
            elif key == "const":
                checks.append(lambda v, c=arg: equal(v, c))
            elif key == "pattern":
                search = re.compile(arg).search
                checks.append(lambda v, s=search: not isinstance(v, str) or s(v) is not None)
            elif key == "format":
                if arg != "date":
                    raise Unsupported(f"format {arg}")
                checks.append(lambda v: not isinstance(v, str) or _is_date(v))
            elif key in ("minimum", "maximum"):
                bound, low = arg, key == "minimum"
                checks.append(lambda v, b=bound, lo=low: not (
                    isinstance(v, (int, float)) and not isinstance(v, bool))
                    or (v >= b if lo else v <= b))
            elif key == "required":
                names = tuple(arg)
                checks.append(lambda v, n=names: not isinstance(v, dict)
                              or all(k in v for k in n))
            elif key == "items":
                item = self.compile(arg)
                checks.append(lambda v, i=item: not isinstance(v, list) or all(i(x) for x in v))
            else:
                raise Unsupported(key)
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self._object(schema))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return lambda v, c=tuple(checks): all(f(v) for f in c)

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
