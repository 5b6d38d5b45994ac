"""Template placeholders left in a draft: '[invoegen]', '[datum]', 'PM', 'TODO', 'N.N.'."""

from __future__ import annotations

import re

# One pattern, shared by the JSON Schemas (a placeholder is allowed where a date or amount is
# expected, so that the placeholder rule reports it rather than a type error) and the engine.
PLACEHOLDER_PATTERN = (
    r"\[[^\[\]\n]{1,40}\]|(^|[^A-Za-z])PM([^A-Za-z]|$)|TODO|N\.\s?N\.|[Ii]n te vullen"
)
_PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)


def is_placeholder(value: object) -> bool:
    """True when a text still contains template filler instead of content."""
    return isinstance(value, str) and _PLACEHOLDER.search(value) is not None
