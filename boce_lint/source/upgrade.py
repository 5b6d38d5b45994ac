"""From file format 1 to 2: one set of changes, used twice.

The loader applies :func:`upgrade_data` in memory, so a version-1 repository still loads (with
one ``info`` saying it can be upgraded). ``boce-lint upgrade`` applies the same changes to the
files themselves by replacing only the values that change, where they stand (found by the
loader's positions), so every other byte — comments and the spaces before them, indentation,
quotes, JSON layout, line ends, a byte-order mark — stays as it was; the result is parsed again
and must hold the upgraded data. A value written in a way the patch does not recognise falls
back to ruamel.yaml's round trip (YAML) or a re-dump (JSON). It is the one command that writes
to checked files, and it writes nothing when a file it would change does not load.

What changed in format 2:

* ``versie: 1`` becomes ``versie: 2``;
* ``betalingstermijn`` (framework agreement, and a sub-agreement's ``vergoeding``) said period
  and timing in one word (``per-kwartaal-achteraf``); it is now an object with ``periode``
  (maand, kwartaal, jaar) and ``moment`` (vooraf, achteraf), so that art. 8.2's "per kwartaal
  achteraf" can be checked part by part and a timing left open is visible.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT_VERSION = 2
_PERIODS = {"maand": "maand", "kwartaal": "kwartaal", "jaar": "jaar"}


def _payment(old: str) -> dict[str, str] | None:
    """``per-kwartaal-achteraf`` → ``{periode: kwartaal, moment: achteraf}``."""
    parts = old.split("-")
    if len(parts) < 2 or parts[0] != "per" or parts[1] not in _PERIODS:
        return None
    new = {"periode": _PERIODS[parts[1]]}
    if len(parts) == 3 and parts[2] in ("vooraf", "achteraf"):
        new["moment"] = parts[2]
    elif len(parts) != 2:
        return None
    return new


def changes(data: Any) -> list[tuple[str, Any]] | None:
    """What format 2 changes in one version-1 document: (JSON pointer, new value) pairs; None
    when the document is not version 1."""
    if not isinstance(data, dict) or data.get("versie") != 1 or isinstance(data.get("versie"),
                                                                            bool):
        return None
    found: list[tuple[str, Any]] = [("/versie", FORMAT_VERSION)]
    holders = [("", data)]
    if isinstance(data.get("vergoeding"), dict):
        holders.append(("/vergoeding", data["vergoeding"]))
    for pointer, holder in holders:
        old = holder.get("betalingstermijn")
        new = _payment(old) if isinstance(old, str) else None
        if new is not None:
            found.append((f"{pointer}/betalingstermijn", new))
    return found


def upgrade_data(data: Any, mapping: Callable[[dict[str, str]], Any] = dict) -> bool:
    """Change one version-1 document into version 2, in place; False if it was not version 1.

    ``mapping`` makes the new objects (a ruamel mapping keeps the file's layout)."""
    found = changes(data)
    if found is None:
        return False
    for pointer, new in found:
        *path, key = pointer[1:].split("/")
        holder = data
        for step in path:
            holder = holder[step]
        holder[key] = mapping(new) if isinstance(new, dict) else new
    return True


# ----------------------------------------------------------------------------- the command
@dataclass
class Upgrade:
    """The outcome of upgrading files: what would change, and what stops the writing."""

    changed: dict[Path, tuple[str, str]] = field(default_factory=dict)  # path → (old, new)
    problems: list[str] = field(default_factory=list)  # files that do not load


def plan_upgrade(files: list[Path], shown: Callable[[Path], str]) -> Upgrade:
    """Read every file and work out its version-2 text; nothing is written here."""
    from boce_lint.source.loader import load_file

    result = Upgrade()
    for path in files:
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            result.problems.append(f"{shown(path)}: {error}")
            continue
        if not _version_one(text):
            continue
        loaded = load_file(path, shown(path))
        broken = [f for f in loaded.findings if f.rule_id in _UNLOADABLE]
        if loaded.document is None or broken:
            first = broken[0] if broken else None
            where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first \
                else f"{shown(path)}: kan niet geladen worden"
            result.problems.append(where)
            continue
        is_json = path.suffix.lower() == ".json"
        try:
            new = _patch(text, is_json)
            if new is None:  # a value written in a way the patch does not know: re-dump
                new = _upgrade_json(text) if is_json else _upgrade_yaml(text)
        except Exception as error:  # a YAML construct the round-trip editor cannot keep
            result.problems.append(f"{shown(path)}: {type(error).__name__}: {error}")
            continue
        if new is not None and new != text:
            bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # kept as it was
            result.changed[path] = (text, bom + new)
    return result


# parse problems: the file is not a document at all (a schema finding does not stop it)
_UNLOADABLE = {"S001", "S002", "S003", "S004", "S005", "S006", "S010", "S011", "S013"}


def _version_one(text: str) -> bool:
    return "versie" in text and ("1" in text)


def _patch(text: str, is_json: bool) -> str | None:
    """The version-2 text made by replacing only the values that change, where they stand,
    so every other byte (indentation, spacing before comments, quotes) stays as it was.
    None when a value is written in a way this does not recognise; the result is parsed
    again and must hold exactly the upgraded data, else None too."""
    from boce_lint.source.yamlsource import parse

    parsed = parse(text, is_json=is_json)
    found = changes(parsed.data)
    if found is None:
        return None
    lines = text.splitlines(keepends=True)
    spots = []
    for pointer, new in found:
        position = parsed.positions.get(pointer)
        if position is None:
            return None
        spots.append((position.line - 1, position.column - 1, new))
    for line_no, start, new in sorted(spots, key=lambda spot: spot[:2], reverse=True):
        line = lines[line_no]
        end = _scalar_end(line, start)
        if end is None:
            return None
        written = json.dumps(new, ensure_ascii=False) if is_json else _flow(new)
        lines[line_no] = line[:start] + written + line[end:]
    patched = "".join(lines)
    expected = parsed.data  # its positions are used; the data becomes what upgrading makes
    upgrade_data(expected)
    return patched if parse(patched, is_json=is_json).data == expected else None


def _scalar_end(line: str, start: int) -> int | None:
    """Where the scalar that starts at ``start`` ends: a quoted one at its closing quote, a
    plain one before a comment, a flow separator or the end of the line."""
    if start >= len(line):
        return None
    quote = line[start]
    if quote in "'\"":
        i = start + 1
        while i < len(line):
            if quote == '"' and line[i] == "\\":
                i += 2
                continue
            if line[i] == quote:
                if quote == "'" and line[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return None
    match = re.compile(r"[^\s,\]\}#]+").match(line, start)
    return match.end() if match else None


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _DateText(str):
    """A date written in the file, kept as written."""


def _upgrade_yaml(text: str) -> str | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()  # round trip: comments, order, quotes and flow style are kept
    yaml.preserve_quotes = True
    # dates stay the text they were ("2015-02-30" is the loader's to report, not a crash)
    yaml.constructor.add_constructor(_TIMESTAMP, lambda loader, node: _DateText(node.value))
    yaml.representer.add_representer(
        _DateText, lambda dumper, value: dumper.represent_scalar(_TIMESTAMP, str(value)))
    yaml.width = 4096
    yaml.explicit_start = text.lstrip().startswith("---")
    indent = _indentation(text)
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    data = yaml.load(text)

    def flow(items: dict[str, str]) -> Any:
        mapping = CommentedMap(items)
        mapping.fa.set_flow_style()
        return mapping

    if not upgrade_data(data, flow):
        return None
    out = io.StringIO()
    yaml.dump(data, out)
    new = out.getvalue()
    return new.replace("\n", "\r\n") if "\r\n" in text else new


_KEY_LINE = re.compile(r"^( *)[A-Za-z_][A-Za-z0-9_-]*:[ \t]*(#.*)?$")


def _indentation(text: str) -> tuple[int, int, int]:
    """The mapping and sequence indentation the file uses, so that a dump keeps it: read from
    the first key that opens a block mapping, and the first that opens a block sequence."""
    mapping = sequence = offset = None
    lines = text.splitlines()
    for line, nxt in zip(lines, lines[1:], strict=False):
        match = _KEY_LINE.match(line)
        if match is None or not nxt.strip():
            continue
        depth, inner = len(match.group(1)), len(nxt) - len(nxt.lstrip(" "))
        if nxt.lstrip().startswith("- ") and sequence is None and inner >= depth:
            offset = inner - depth
            sequence = offset + 2
        elif not nxt.lstrip().startswith(("-", "#")) and mapping is None and inner > depth:
            mapping = inner - depth
        if mapping is not None and sequence is not None:
            break
    return mapping or 2, sequence or 2, offset or 0


def _upgrade_json(text: str) -> str | None:
    data = json.loads(text)
    if not upgrade_data(data):
        return None
    indent = 2
    for line in text.splitlines()[1:2]:
        indent = len(line) - len(line.lstrip()) or 2
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


def diff(upgrade: Upgrade, shown: Callable[[Path], str]) -> Iterator[str]:
    import difflib  # only for 'upgrade --diff' (check imports this module for upgrade_data)

    for path, (old, new) in upgrade.changed.items():
        name = shown(path)
        yield from difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True), f"a/{name}", f"b/{name}")


def write(upgrade: Upgrade) -> None:
    """Write every upgraded file; only called when no file had a problem."""
    for path, (_, new) in upgrade.changed.items():
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(new)


def run_upgrade(path: Path, check_only: bool, show_diff: bool,
                echo: Callable[..., Any]) -> int:
    """``boce-lint upgrade``: the exit code (0 done or nothing to do, 1 files need it or do
    not load); nothing is written on ``--check``/``--diff`` or when a file does not load."""
    from boce_lint.paths import display_path
    from boce_lint.source.files import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, collect_files

    _, files = collect_files([path], DEFAULT_INCLUDE, DEFAULT_EXCLUDE)
    planned = plan_upgrade(files, display_path)
    if planned.problems:
        for problem in planned.problems:
            echo(problem, err=True)
        echo(f"boce-lint: niets omgezet: {len(planned.problems)} bestand(en) laden niet; "
             "herstel ze eerst (nothing written).", err=True)
        return 1
    if show_diff:
        echo("".join(diff(planned, display_path)), nl=False)
    if check_only or show_diff:
        if check_only:
            for changed in planned.changed:
                echo(f"{display_path(changed)}: formaat 1, om te zetten naar formaat 2")
        return 1 if planned.changed else 0
    write(planned)
    echo(f"{len(planned.changed)} bestand(en) omgezet naar formaat 2.")
    return 0
