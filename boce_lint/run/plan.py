"""Which repositories a run checks: one, or for a national corpus one per arrangement.

When ``check`` gets one folder with no data files of its own whose every immediate subfolder
holds a framework agreement (a file whose top-level ``soort`` is ``raamovereenkomst``), each
subfolder is checked as its own repository: the findings are exactly those of checking each
subfolder alone, and rules that compare documents of one arrangement stay linear in the size of
the corpus instead of quadratic.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from boce_lint.paths import display_paths
from boce_lint.source.files import RACY_NS, Listings, collect_names
from boce_lint.source.stats import stat_groups

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
        split = arrangements(paths[0], ordered, listings)
        if split is not None:
            return split
    return [Group(root, ordered)]


def arrangements(root: Path, files: list[str], listings: Listings | None = None) -> \
        list[Group] | None:
    """Split ``files`` by immediate subfolder of ``root`` if each holds a framework agreement
    (``listings``: the one found in each the last time, with its size and time)."""
    groups: dict[str, list[str]] = {}
    unreadable: dict[str, list[str]] = {}  # a subfolder that cannot be listed: its own group
    prefix = "" if str(root) == "." else str(root).rstrip("/") + "/"
    start, at = len(prefix), 0
    while at < len(files):  # relative_to without a PurePath per file
        path, cut = files[at], -1
        if os.sep == "/" and path.startswith(prefix):
            cut = path.find("/", start)
            first, nested = (path[start:cut], True) if cut >= 0 else (path[start:], False)
        else:
            parts = Path(path).relative_to(root).parts
            first, nested = parts[0], len(parts) > 1
        if not nested and os.path.isdir(path):
            unreadable[first] = [path]
            at += 1
            continue
        if not nested:
            return None  # a data file of the root itself: one repository
        # the files are sorted: those of this subfolder ("first/...") follow, up to "first0"
        end = bisect.bisect_left(files, path[:cut] + "0", at + 1) if cut >= 0 else at + 1
        groups.setdefault(first, []).extend(files[at:end])
        at = end
    if len(groups) + len(unreadable) < 2:
        return None
    kept = _kept_frameworks(groups, listings)
    for name, members in groups.items():
        if not _holds_framework(members, name, listings, kept.get(name)):
            return None
    groups.update(unreadable)
    real = os.path.realpath(root)  # the walk entered no linked folder: each lies right in it
    return [Group(root / name, members, os.path.join(real, name))
            for name, members in sorted(groups.items())]


def _kept_frameworks(groups: dict[str, list[str]], listings: Listings | None) -> \
        dict[str, tuple[str, int, int]]:
    """The framework agreements found the last time (per arrangement: its path, size and
    time) that still have that size and time (the system asked about all of them at once)."""
    known = {name: found for name, found in (listings.frameworks if listings else {}).items()
             if isinstance(found, tuple) and len(found) == 3 and found[0] in groups.get(name, ())}
    now = stat_groups([found[0] for found in known.values()])
    return {name: found for (name, found), stats in zip(known.items(), now, strict=True)
            if stats is not None and tuple(memoryview(stats).cast("q")) == found[1:]}


def _holds_framework(members: list[str], name: str = "", listings: Listings | None = None,
                     kept: tuple[str, int, int] | None = None) -> bool:
    """Whether one of the files is a framework agreement. It usually stands in the folder
    itself and is named so: those are read first, most often the only one read; the one found
    the last time (``kept``: it has the size and time it had then) is not read again."""
    if listings is not None and kept is not None:
        listings.found[name] = kept
        return True
    named = {p for p in members if "raamovereenkomst" in p and
             "raamovereenkomst" in os.path.basename(p)}
    for candidates in ([p for p in members if p in named], [p for p in members if p not in named]):
        candidates.sort(key=lambda p: p.count(os.sep))
        for path in candidates:
            found = _framework_stat(path)
            if found is not None:
                if listings is not None and found[1] < listings.now - RACY_NS:
                    listings.found[name] = (path, *found)
                return True
    return False


def _is_framework(path: str | Path) -> bool:
    return _framework_stat(path) is not None


def _framework_stat(path: str | Path) -> tuple[int, int] | None:
    """The size and time of a framework agreement (None for anything else)."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())  # before reading: a change while reading is seen
            head = handle.read(65536)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns) if _FRAMEWORK.search(head) is not None else None


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
