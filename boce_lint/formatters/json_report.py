"""One JSON document: version, as-of date, every finding (waived ones with their waiver), counts.

Data is written unchanged (JSON escapes it); this is the format to feed other programs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from boce_lint.safetext import json_escape_invisible

from . import Report
from ._common import finding_json, summarize


def document(report: Report) -> dict[str, Any]:
    paths: dict[str, str] = {}
    return {
        "version": report.tool_version,
        "as_of": report.as_of.isoformat(),
        "findings": [finding_json(f, report.root, paths) for f in report.findings],
        "summary": summarize(report.findings).as_dict(),
        "set_aside": dict(report.set_aside),
    }


def render(report: Report) -> str:
    return json_escape_invisible(dumps_indented(document(report))) + "\n"


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte, but faster.

    With ``indent`` the standard library falls back to its pure-Python generator encoder; this
    writes the same text directly. Anything but plain JSON data goes to ``json.dumps``.
    """
    try:
        parts: list[str] = []
        _encode(value, "\n", parts.append)
        return "".join(parts)
    except _NotPlain:
        return json.dumps(value, indent=2, ensure_ascii=False)


class _NotPlain(Exception):
    pass


_string = json.encoder.encode_basestring
_INFINITY = float("inf")


# The exact types whose text is one call (anything else, subclasses too, goes through _encode).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _string, int: int.__repr__, bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null"}


def _encode(value: Any, newline: str, out: Any) -> None:
    if isinstance(value, str):
        out(_string(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (_INFINITY, -_INFINITY):
            raise _NotPlain
        out(float.__repr__(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            scalar = _SCALARS.get(type(item))
            if scalar is not None:  # (most items: written at once, without a call)
                out(separator + scalar(item))
            else:
                out(separator)
                _encode(item, inner, out)
            separator = "," + inner
        out(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _NotPlain
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                out(separator + _string(key) + ": " + scalar(item))
            else:
                out(separator + _string(key) + ": ")
                _encode(item, inner, out)
            separator = "," + inner
        out(newline + "}")
    else:
        raise _NotPlain
