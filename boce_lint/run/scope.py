"""Check one draft in the context of its repository, as ruff and ESLint do.

A sub-agreement refers to the framework agreement, a report to its sub-agreement: checked on its
own, a single file or subfolder would be full of false "reference points nowhere" findings. So
when ``check`` is given a file or a subfolder, it finds the repository root — the nearest folder
upwards with a boce-lint configuration or a framework agreement — loads the whole repository and
reports the findings of the named paths only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from boce_lint.config import find_config
from boce_lint.run.plan import _is_framework

_DATA_SUFFIXES = (".yaml", ".yml", ".json")


def holds_framework(folder: Path) -> bool:
    """Whether a data file directly in ``folder`` is a framework agreement (raamovereenkomst).

    Only regular files are opened, never through a link: reading a named pipe would block."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith(_DATA_SUFFIXES)
                     and not e.name.startswith(".") and e.is_file(follow_symlinks=False)]
    except OSError:
        return False
    names.sort(key=lambda n: "raamovereenkomst" not in n)
    return any(_is_framework(folder / name) for name in names)


def _has_config(folder: Path) -> bool:
    found = find_config(folder)
    return found is not None and found.parent == folder.resolve()


def _is_root(folder: Path) -> bool:
    return holds_framework(folder) or _has_config(folder)


def _complete(folder: Path) -> bool:
    """A folder that is a repository itself, or a corpus with one repository per subfolder."""
    if holds_framework(folder):
        return True
    try:
        with os.scandir(folder) as entries:
            return any(e.is_dir(follow_symlinks=False) and not e.name.startswith(".")
                       and holds_framework(Path(e.path)) for e in entries)
    except OSError:
        return False


def repository_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that is a contract repository's root, if any."""
    start = Path(os.path.abspath(path))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if _is_root(folder):
            return folder
    return None


@dataclass(frozen=True)
class Scope:
    """The repository to load, and the paths whose findings are reported (None: all)."""

    load: list[Path]
    named: tuple[str, ...] | None = None

    def contains(self, file: str) -> bool:
        if self.named is None:
            return True
        absolute = os.path.abspath(file)
        return any(absolute == named or absolute.startswith(named.rstrip(os.sep) + os.sep)
                   for named in self.named)


def scope_for(paths: list[Path]) -> Scope:
    """Load the repository the named paths belong to; report only on those paths.

    A folder that is itself a repository (or a corpus of them) is checked as given; so are
    paths outside any repository, and paths of different repositories.
    """
    if all(p.is_dir() and _complete(p) for p in paths):
        return Scope(list(paths))
    roots = {repository_root(p) for p in paths}
    if len(roots) != 1 or None in roots:
        return Scope(list(paths))
    root = roots.pop()
    assert root is not None
    named = tuple(os.path.abspath(p) for p in paths)
    if any(n == str(root) for n in named):
        return Scope([root])
    return Scope([_shown_root(root)], named)


def _shown_root(root: Path) -> Path:
    """The root as a path relative to the working directory when it lies below it, so that
    file names in findings read as they would when the root itself is checked."""
    try:
        relative = root.relative_to(Path.cwd())
    except ValueError:
        return root
    return relative if relative.parts else Path(".")
