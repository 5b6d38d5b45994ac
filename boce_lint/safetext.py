"""Data from contract files made safe for the output, whatever a file holds.

Three hazards, one function each:

* **Size.** A value quoted in a message is shortened to :data:`MAX_QUOTED` characters with an
  ellipsis and its full length (``…(8.000.000 tekens)``), so an 8 MB title cannot make hundreds
  of megabytes of output: every format prints what the finding holds, and the finding holds the
  short form (``quote``; ``Finding`` applies ``bounded`` to its texts as a last line of defence).
* **Lines.** A line-oriented format (text, concise, github, junit) promises one logical line per
  finding (line breaks in data are folded, ``formatters._common.one_line``, or escaped, as
  GitHub's ``%0A``), and a path that could start a line as a CI workflow command (``::error``,
  ``::add-mask::``, ``##[``) is written as ``./path`` (``command_safe_path``).
* **Invisible characters in JSON.** ``json.dumps(ensure_ascii=False)`` escapes only C0; DEL, C1,
  the bidirectional overrides and U+2028/U+2029 stay raw, which terminals, editors and
  JavaScript line readers act on. ``json_escape_invisible`` escapes them in serialized JSON (they
  can only stand inside strings there, so a plain replacement is exact).
"""

from __future__ import annotations

import re
from typing import Any

MAX_QUOTED = 200  # characters of a data value quoted in a message
MAX_TEXT = 2_000  # characters of any one text of a finding (message, evidence value, id)

_UNITS = {"nl": "tekens", "en": "characters"}


def _count(number: int, lang: str) -> str:
    grouped = f"{number:,}"
    return grouped.replace(",", ".") if lang == "nl" else grouped


def quote(text: str, lang: str = "nl", limit: int = MAX_QUOTED) -> str:
    """``text`` itself when short, else its start, an ellipsis and its full length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…({_count(len(text), lang)} {_UNITS.get(lang, _UNITS['nl'])})"


def bounded(value: object, lang: str = "nl", limit: int = MAX_TEXT) -> object:
    """Every string in a JSON-like value quoted (``quote``); other values unchanged. The value
    itself when nothing in it is too long: a check bounds the texts of thousands of findings,
    nearly every one fits, and checking is cheaper than copying."""
    if _fits(value, limit):
        return value
    if isinstance(value, str):
        return quote(value, lang, limit)
    if isinstance(value, list):
        return [bounded(item, lang, limit) for item in value]
    if isinstance(value, dict):
        return {quote(key, lang, limit) if isinstance(key, str) else key:
                bounded(item, lang, limit) for key, item in value.items()}
    return value


def _fits(value: Any, limit: int) -> bool:
    """Whether ``bounded`` would give ``value`` back as it is: no text too long, in plain lists
    and objects (other lists and objects it copies)."""
    kind = value.__class__
    if kind is str:
        return len(value) <= limit
    if kind in _PLAIN:
        return True
    if kind is dict:
        for key, item in value.items():
            if key.__class__ is str:
                if len(key) > limit:
                    return False
            elif isinstance(key, str) and len(key) > limit:
                return False
            kind = item.__class__
            if kind is str:
                if len(item) > limit:
                    return False
            elif kind not in _PLAIN and not _fits(item, limit):
                return False
        return True
    if kind is list:
        for item in value:
            kind = item.__class__
            if kind is str:
                if len(item) > limit:
                    return False
            elif kind not in _PLAIN and not _fits(item, limit):
                return False
        return True
    if isinstance(value, str):
        return len(value) <= limit
    return not isinstance(value, (list, dict))


_PLAIN = frozenset((int, float, bool, type(None)))  # values ``bounded`` leaves alone


_COMMAND_START = re.compile(r"\s*(?:::|##\[|##vso\[)")


def command_safe_path(path: str) -> str:
    """A path that cannot start a line read as a CI workflow command: ``./`` before it if it
    begins with white space, ``::`` or ``##[`` (GitHub trims white space before ``::``)."""
    return "./" + path if _COMMAND_START.match(path) else path


_INVISIBLE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]")


def json_escape_invisible(serialized: str) -> str:
    """Serialized JSON with DEL, C1, bidirectional controls and line separators as ``\\uXXXX``."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", serialized)
