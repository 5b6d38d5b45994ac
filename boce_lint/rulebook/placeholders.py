"""Template placeholders left in a draft — exactly the template's own tokens (catalogue
principle 7): ``[invoegen]``, ``[datum]``, ``[ingangsdatum]``, ``[naam]``, ``[bedrag]`` (also with
a hint, ``[invoegen: gastgemeente]``, as the ``init`` templates write them), ``[…]``/``[...]``,
``PM`` as a whole value or followed by "in te vullen", ``TODO``, ``XXX``, and ``N.N.`` as a name.

Ordinary text is never a placeholder: a bracketed citation (``art. 43 [Participatiewet]``),
"2 PM", "is digitaal in te vullen".
"""

from __future__ import annotations

import re

# One pattern, shared by the JSON Schemas (a placeholder is allowed where a date or amount is
# expected, so that the placeholder rule reports it rather than a type error) and the engine.
# It is searched, so a token inside a sentence ("d.d. [invoegen]") counts; it is written in the
# subset of regular expressions that JSON Schema ('pattern', ECMA-262) shares with Python.
PLACEHOLDER_PATTERN = (
    r"\[(?:invoegen|datum|ingangsdatum|naam|bedrag)(?::[^\[\]\n]{0,80})?\]"
    r"|\[(?:…|\.\.\.)\]"
    r"|^\s*PM\s*$|(?:^\s*|[^0-9\s]\s+)PM\s*[,:;.-]?\s*[Ii]n te vullen"
    r"|(?:^|[^0-9A-Za-z])(?:TODO|XXX)(?:[^0-9A-Za-z]|$)"
    r"|^\s*N\.\s?N\.\s*$"
)
_PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)


def is_placeholder(value: object) -> bool:
    """True when a text still contains a template token instead of content."""
    return isinstance(value, str) and may_hold_placeholder(value) \
        and _PLACEHOLDER.search(value) is not None


# What every match contains (may_hold_placeholder; the accelerator looks for these in C).
PLACEHOLDER_MARKERS = ("[", "PM", "TODO", "XXX", "N.")


def may_hold_placeholder(text: str) -> bool:
    """False when ``text`` certainly holds no placeholder.

    Every match contains one of these, one for each alternative of the pattern: "[" (the
    bracketed tokens), "PM" (both PM alternatives), "TODO" or "XXX", "N." (N.N.). Nearly every
    text has none of them, and testing for them is many times faster than the search, which
    tries every alternative at every position (tests/test_placeholders.py checks the two
    against each other). None of them holds a line break, so texts joined by line breaks may
    hold one only when one of the texts may."""
    return "[" in text or "PM" in text or "TODO" in text or "XXX" in text or "N." in text
