"""Which repositories a run checks: one, or for a national corpus one per arrangement.

When ``check`` gets one folder with no data files of its own whose every immediate subfolder
holds a framework agreement (a file whose top-level ``soort`` is ``raamovereenkomst``), each
subfolder is checked as its own repository: the findings are exactly those of checking each
subfolder alone, and rules that compare documents of one arrangement stay linear in the size of
the corpus instead of quadratic.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from boce_lint.paths import display_paths
from boce_lint.source.files import Listings, collect_names

_FRAMEWORK = re.compile(
    rb"""(?m)^(?:soort[ \t]*:[ \t]*["']?raamovereenkomst["']?[ \t]*(?:#.*)?\r?$"""
    rb"""|[ \t]*\{?[ \t]*"soort"[ \t]*:[ \t]*"raamovereenkomst")""")


@dataclass
class Group:
    """The files of one repository (as ``str(Path(...))`` shows each: a ``Path`` is made only
    of a file that is loaded), and its root as the user would name it."""

    root: Path
    files: list[str]
    real: str | None = None  # ``str(root.resolve())`` when known without asking the system

    @cached_property
    def shown(self) -> list[str]:
        """The files as findings show them (made once, for the run and for the group)."""
        return display_paths(self.files)


def plan(paths: list[Path], include: tuple[str, ...], exclude: tuple[str, ...],
         listings: Listings | None = None) -> list[Group]:
    """One group per arrangement of a national corpus, else one group for everything."""
    root, ordered = collect_names(paths, include, exclude, listings)
    if len(paths) == 1 and paths[0].is_dir():
        split = arrangements(paths[0], ordered)
        if split is not None:
            return split
    return [Group(root, ordered)]


def arrangements(root: Path, files: list[str]) -> list[Group] | None:
    """Split ``files`` by immediate subfolder of ``root`` if each holds a framework agreement."""
    groups: dict[str, list[str]] = {}
    unreadable: dict[str, list[str]] = {}  # a subfolder that cannot be listed: its own group
    prefix = "" if str(root) == "." else str(root).rstrip("/") + "/"
    start = len(prefix)
    for path in files:  # relative_to without a PurePath per file
        if os.sep == "/" and path.startswith(prefix):
            cut = path.find("/", start)
            first, nested = (path[start:cut], True) if cut >= 0 else (path[start:], False)
        else:
            parts = Path(path).relative_to(root).parts
            first, nested = parts[0], len(parts) > 1
        if not nested and os.path.isdir(path):
            unreadable[first] = [path]
            continue
        if not nested:
            return None  # a data file of the root itself: one repository
        groups.setdefault(first, []).append(path)
    if len(groups) + len(unreadable) < 2:
        return None
    for members in groups.values():
        if not _holds_framework(members):
            return None
    groups.update(unreadable)
    real = os.path.realpath(root)  # the walk entered no linked folder: each lies right in it
    return [Group(root / name, members, os.path.join(real, name))
            for name, members in sorted(groups.items())]


def _holds_framework(members: list[str]) -> bool:
    """Whether one of the files is a framework agreement. It usually stands in the folder
    itself and is named so: those are read first, most often the only one read."""
    named = {p for p in members if "raamovereenkomst" in p and
             "raamovereenkomst" in os.path.basename(p)}
    for candidates in ([p for p in members if p in named], [p for p in members if p not in named]):
        candidates.sort(key=lambda p: p.count(os.sep))
        if any(_is_framework(p) for p in candidates):
            return True
    return False


def _is_framework(path: str | Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return _FRAMEWORK.search(head) is not None


def add_unsaved(groups: list[Group], overlay: Mapping[str, bytes]) -> None:
    """Unsaved files not on disk yet join the group whose root they lie under."""
    for name in overlay:
        for group in groups:
            root = os.path.abspath(group.root)
            if not name.startswith(root.rstrip(os.sep) + os.sep):
                continue
            if not any(os.path.abspath(p) == name for p in group.files):
                group.files.append(str(group.root / os.path.relpath(name, root)))
                group.files.sort(key=lambda p: Path(p).as_posix())
                group.__dict__.pop("shown", None)  # made again for the files as they are now
            break
