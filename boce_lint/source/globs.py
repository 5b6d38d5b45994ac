"""Git-style file globs, shared by discovery, per-file ignores and waivers."""

from __future__ import annotations

import re
from functools import cache


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Git-style globs: ``**/`` spans zero or more folders, ``*`` stays within one."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


@cache
def _any_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for several globs: a walk of 50 000 files matches each once, not per glob."""
    return re.compile("|".join(f"(?:{_glob_regex(p).pattern})" for p in patterns))


def matches_glob(relative: str, patterns: tuple[str, ...] | list[str]) -> bool:
    if len(patterns) == 1:
        return _glob_regex(patterns[0]).match(relative) is not None
    return bool(patterns) and _any_regex(tuple(patterns)).match(relative) is not None


def glob_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching what ``matches_glob`` matches (None for no patterns), for a caller
    that matches many paths against the same globs."""
    if not patterns:
        return None
    return _glob_regex(patterns[0]) if len(patterns) == 1 else _any_regex(patterns)
