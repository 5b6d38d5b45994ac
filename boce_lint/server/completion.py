"""Which field the cursor is in, read from the YAML text around it (which may not parse yet),
and so which document ids may be completed there."""

from __future__ import annotations

import re

from boce_lint.source.model import Repository
from boce_lint.source.schemas import KIND_NAMES, reference_paths

_KEY = re.compile(r"""([^\s:#'"\-][^:#]*?|"[^"]*"|'[^']*'):(?:\s|$)""")
_KIND = re.compile(r"""^soort\s*:\s*["']?([\w-]+)""", re.MULTILINE)


def _split(line: str) -> tuple[int, bool, str | None]:
    """Indentation, whether the line is a list item ('- '), and the key it starts, if any."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    dash = stripped == "-" or stripped.startswith("- ")
    content = stripped[2:].lstrip(" ") if dash else stripped
    match = _KEY.match(content)
    key = match.group(1).strip("\"'") if match else None
    return indent, dash, key


def field_path(lines: list[str], row: int, column: int) -> tuple[str, ...] | None:
    """The path of keys ("*" for a list item) of the value being typed at ``row``/``column``,
    as in :func:`boce_lint.source.schemas.reference_paths`; None outside a value."""
    if not 0 <= row < len(lines):
        return None
    before = lines[row][:column]
    indent, dash, key = _split(before)
    content = before.lstrip(" ")[2:] if dash else before.lstrip(" ")
    if key is not None and not re.search(r":\s", content + " "):
        return None
    if key is not None and len(content) <= len(key) + 1 and not content.endswith(": "):
        return None  # still typing the key itself
    if key is None and not dash:
        return None
    path: list[str] = (["*", key] if key is not None else ["*"]) if dash else [key]  # type: ignore[list-item]
    limit = indent
    dash_at: int | None = indent if dash else None
    for line in reversed(lines[:row]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        line_indent, line_dash, line_key = _split(line)
        if line_indent > limit or (line_indent == limit and not (
                dash_at == limit and not line_dash and line_key is not None)):
            continue
        if line_dash:
            if line_key is not None and line_indent + 2 < limit:
                path[:0] = ["*", line_key]  # inside the value of the item's first key
            else:
                path[:0] = ["*"]
            dash_at = line_indent
        else:
            if line_key is None:
                return None
            path[:0] = [line_key]
            dash_at = None
        limit = line_indent
        if limit == 0 and dash_at is None:
            break
    return tuple(path)


def kind_of(text: str) -> str | None:
    match = _KIND.search(text)
    return match.group(1) if match and match.group(1) in KIND_NAMES else None


def expected_kinds(text: str, row: int, column: int) -> list[str]:
    """The kinds of document a reference at the cursor may point to (empty: no reference)."""
    kind = kind_of(text)
    if kind is None:
        return []
    path = field_path(text.splitlines() or [""], row, column)
    if path is None:
        return []
    for fields, kinds in reference_paths(kind):
        if tuple(fields) == path:
            return list(kinds)
    return []


def candidates(repository: Repository, kinds: list[str], own_id: str | None = None
               ) -> list[tuple[str, str, str]]:
    """(id, kind, title) of every document of those kinds, but the one being edited."""
    found = []
    for kind in kinds:
        for document in repository.of_kind(kind):
            if document.id == own_id or document.id.startswith("<"):
                continue
            title = next((document.data[k] for k in ("titel", "naam", "onderwerp")
                          if isinstance(document.data.get(k), str)), "")
            found.append((document.id, kind, title))
    return sorted(found)
