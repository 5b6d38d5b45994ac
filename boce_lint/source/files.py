"""The files of a contract repository: which are checked, found without following links out of
it. Apart from the loader (loader.py), which parses and validates them: a check whose files are
all cached lists them and loads none, and imports none of that.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from array import array
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path
from typing import Any

from boce_lint.source.globs import glob_regex, matches_glob
from boce_lint.source.stats import stat_groups

DEFAULT_INCLUDE = ("**/*.yaml", "**/*.yml", "**/*.json")
DEFAULT_EXCLUDE = ("**/.*/**", "**/.*", "**/node_modules/**")
MAX_FILE_BYTES = 10 * 1024 * 1024


class UsageError(Exception):
    """An invocation that cannot be carried out: one line, exit code 2."""


def discover(root: Path, include: tuple[str, ...] = DEFAULT_INCLUDE,
             exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> list[Path]:
    """Files under ``root`` matching include and not exclude, in a stable order.

    Symlinks are not followed out of the repository, and directory loops cannot occur because
    directories reached through symlinks are not entered. Anything that is not a regular file
    (a named pipe, a socket, a device) is skipped: reading it could block forever. A folder that
    cannot be listed is returned with the files (when files in it could be included), so that
    loading it reports it.
    """
    return [Path(name) for name in _discover(root, include, exclude)[0]]


# A file or folder changed this close to the moment it was recorded may change again within
# the same clock tick unseen: its record is not trusted (the run's cache, its index, Listings).
RACY_NS = 2_000_000_000


class Listings:
    """What the walk took from each folder, kept between runs (in the run's cache): a folder
    whose device, inode, modification and change times are those recorded (and were older than
    :data:`RACY_NS` when recorded) has the same entries, so it is not listed again. Creating,
    removing or renaming an entry changes a folder's modification time; a change of its
    permissions, its change time. Folders holding a symlinked file are never kept (a link's
    target can change without its folder changing).

    When every folder of the last walk was kept, the walk itself is kept too (``walk``: those
    folders in order, their times, the files found): while none of them changed, the next run
    asks the system about each folder and takes the files as they were, without the record of
    each folder (``read_old``, read only when a folder changed) and without a string per file.
    ``frameworks``: per arrangement, the framework agreement found in it with its size and time
    (:mod:`boce_lint.run.plan`), which need not be read again while they are the same."""

    def __init__(self, read_old: Callable[[], dict[str, Any]], walk: Any = None,
                 frameworks: dict[str, Any] | None = None) -> None:
        self._read_old: Callable[[], dict[str, Any]] | None = read_old
        self._old = dict[str, Any]()
        self.new = dict[str, Any]()
        self.now = time.time_ns()
        self.walk, self.walked = walk, list[str]()
        self.frameworks, self.found = frameworks or {}, dict[str, Any]()
        self.kept = False  # whether the last walk held
        # the walk's folders as the system gave them just now, when not all were as recorded:
        # the walk that follows compares each with its record without asking again
        self._asked: tuple[str, bytes] | None = None
        self._times: dict[str, tuple[int, ...]] | None = None

    @property
    def old(self) -> dict[str, Any]:
        if self._read_old is not None:
            self._old, self._read_old = self._read_old(), None
        return self._old

    def unchanged(self) -> list[str] | None:
        """The files of the last walk when none of its folders changed since."""
        if not (isinstance(self.walk, tuple) and len(self.walk) == 3):
            return None
        folders, times, files = self.walk
        if not (isinstance(folders, str) and isinstance(times, bytes) and isinstance(files, str)):
            return None
        now = stat_groups([folders], folders=True)[0]
        if now != times:
            self._asked = (folders, now) if now is not None else None
            return None
        self.kept = True
        return files.split("\0") if files else []

    def took(self, files: list[str]) -> None:
        """After a walk: keep it when each of its folders was kept."""
        self.walk = None
        with contextlib.suppress(OverflowError):
            if self.walked and all(folder in self.new for folder in self.walked):
                times = array("q")
                for folder in self.walked:
                    times.extend(self.new[folder][0])
                self.walk = ("\0".join(self.walked), times.tobytes(), "\0".join(files))

    def recall(self, directory: str) -> tuple[list[str], list[str]] | None:
        self.walked.append(directory)
        kept = self.old.get(directory)
        if kept is None or kept[0] != self._stat(directory):
            return None
        self.new[directory] = kept
        return kept[1], kept[2]

    def _stat(self, directory: str) -> tuple[int, ...] | None:
        """The folder's device, inode, modification and change times (None: it is not there):
        those ``unchanged`` took of the walk's folders, else those of every folder recorded,
        asked at once when the first is recalled."""
        if self._times is None:
            if self._asked is not None:
                folders, packed = self._asked[0].split("\0"), self._asked[1]
            else:  # one group each: a folder that is gone spoils no other
                recorded = list(self.old)
                asked = stat_groups(recorded, folders=True)
                folders = [name for name, a in zip(recorded, asked, strict=True) if a is not None]
                packed = b"".join(a for a in asked if a is not None)
            numbers = array("q")
            numbers.frombytes(packed)
            each = iter(numbers)  # (four numbers a folder)
            self._times = dict(zip(folders, zip(each, each, each, each, strict=True),
                                   strict=True))
        known = self._times.get(directory)
        if known is not None:
            return known
        try:
            info = os.stat(directory)
        except OSError:
            return None
        return info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns

    def remember(self, directory: str, info: os.stat_result | None, files: list[str],
                 folders: list[str]) -> None:
        if info is not None and max(info.st_mtime_ns, info.st_ctime_ns) < \
                self.now - RACY_NS:
            self.new[directory] = ((info.st_dev, info.st_ino, info.st_mtime_ns,
                                    info.st_ctime_ns), files, folders)


def _discover(root: Path, include: tuple[str, ...], exclude: tuple[str, ...],
              listings: Listings | None = None) -> tuple[list[str], bool]:
    """``discover`` as the text of each path (``str(Path(...))``), and whether any file found
    is a symlink.

    The walk is os.walk's (top-down, folders sorted, symlinked folders not entered) written
    with ``os.scandir`` entries, which know whether they are links or files without a system
    call each: 50 000 files are listed in a fraction of a second. No ``Path`` is made per file:
    a file's text is the root's text and its relative path (what ``Path`` would make of it).
    """
    if root.is_file():
        return [str(root)], root.is_symlink()
    real_root = root.resolve()
    found: list[str] = []
    links = False
    base = str(root)
    base = "" if base == "." else base.rstrip("/") + "/"
    # A folder matching the stem of an exclude pattern that ends in "/**" (".git",
    # ".boce-lint-cache", "node_modules") holds nothing to check: it is not listed at all, so
    # such a pattern matches no file the walk finds.
    pruned = glob_regex(tuple(p[:-3] for p in exclude if p.endswith("/**")))
    rest = tuple(p for p in exclude if not p.endswith("/**"))
    names_in, names_out = _name_globs(include), _name_globs(rest)
    on_name = names_in is not None and names_out is not None
    included, excluded = (glob_regex(names_in or ()), glob_regex(names_out or ())) if on_name \
        else (glob_regex(include), glob_regex(exclude))

    if os.sep != "/":
        listings = None  # (a file's text is made from its folder's and its name on POSIX)
    stack = [(os.fspath(root), "")]  # folder, its path relative to root with a trailing "/"
    while stack:
        directory, prefix = stack.pop()
        kept = listings.recall(directory) if listings is not None else None
        if kept is not None:
            found.extend(base + prefix + name for name in kept[0])
            stack.extend((os.path.join(directory, name), prefix + name + "/")
                         for name in reversed(kept[1]))
            continue
        info = None
        if listings is not None:
            with contextlib.suppress(OSError):
                info = os.stat(directory)  # before listing: a change while listing is seen
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=_NAME)
        except FileNotFoundError:
            continue  # removed while walking
        except OSError:
            if _could_hold_data(prefix, include, exclude):
                found.append((base + prefix.rstrip("/") if os.sep == "/" else
                              str(Path(directory))) if prefix else str(root))
            continue
        folders, names, linked = [], [], False
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            relative = prefix + entry.name
            if is_dir:
                if pruned is None or pruned.match(relative) is None:
                    folders.append(entry)
                continue
            matched = entry.name if on_name else relative
            if included is None or included.match(matched) is None or \
                    (excluded is not None and excluded.match(matched) is not None):
                continue
            if entry.is_symlink():
                linked = True  # (also a broken one: its target may appear later)
                try:
                    target = Path(entry.path).resolve(strict=True)
                except (OSError, RuntimeError):
                    continue  # broken link or loop: nothing to read
                if not target.is_relative_to(real_root):
                    continue
                links = True
            try:
                if not entry.is_file():
                    continue  # a named pipe, a socket, a device: reading it could block
            except OSError:
                continue
            found.append(base + relative if os.sep == "/" else str(Path(entry.path)))
            names.append(entry.name)
        folders = [entry for entry in folders if not entry.is_symlink()]
        if listings is not None and not linked:
            listings.remember(directory, info, names, [entry.name for entry in folders])
        stack.extend((entry.path, prefix + entry.name + "/") for entry in reversed(folders))
    return found, links


_NAME = attrgetter("name")


def _name_globs(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """When every pattern says "a file so named in any folder" (``**/`` and a glob without
    ``/`` or ``**``, as the defaults do): those globs, which match a file's name exactly when
    the patterns match its path (a shorter match, once per file of a walk); else None."""
    names = tuple(p[3:] for p in patterns if p.startswith("**/"))
    if len(names) != len(patterns) or any("/" in n or "**" in n for n in names):
        return None
    return names


def _could_hold_data(prefix: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    """Whether a data file directly in the folder ``prefix`` would be checked."""
    return any(matches_glob(prefix + probe, include) and not matches_glob(prefix + probe, exclude)
               for probe in ("_.yaml", "_.yml", "_.json"))


def collect_files(paths: list[Path], include: tuple[str, ...] = DEFAULT_INCLUDE,
                  exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> tuple[Path, list[Path]]:
    """The repository root and every file to load under ``paths``, in path order."""
    root, names = collect_names(paths, include, exclude)
    return root, [Path(name) for name in names]


def collect_names(paths: list[Path], include: tuple[str, ...] = DEFAULT_INCLUDE,
                  exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
                  listings: Listings | None = None) -> tuple[Path, list[str]]:
    """``collect_files`` with each file as text (as ``str(Path(...))`` shows it): a check lists
    10 000s of files and makes a ``Path`` only of those it loads (``listings``: the folders
    listed before, see :class:`Listings`)."""
    for path in paths:
        if not path.exists():
            raise UsageError(f"path does not exist: {path}")
        mode = path.stat().st_mode
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            raise UsageError(f"not a file or folder: {path} (a device, pipe or socket is not "
                             "checked)")
    root = paths[0] if len(paths) == 1 else Path(os.path.commonpath([p.resolve() for p in paths]))
    if listings is None or not all(path.is_dir() for path in paths):
        return root, _collect(paths, include, exclude, listings)  # (a file's path is no walk)
    known = listings.unchanged()
    if known is not None:
        return root, known
    names = _collect(paths, include, exclude, listings)
    listings.took(names)
    return root, names


def _collect(paths: list[Path], include: tuple[str, ...], exclude: tuple[str, ...],
             listings: Listings | None) -> list[str]:
    files: list[str] = []
    links = len(paths) > 1
    for path in paths:
        found, linked = _discover(path, include, exclude, listings)
        files.extend(found)
        links = links or linked
    if not links:  # one folder walked without following links: no file can appear twice
        return _in_path_order(files)
    unique: dict[str, str] = {}
    real_folders: dict[str, str] = {}
    for name in files:  # a symlink to a file already found is the same document, not a twin
        if os.path.islink(name):
            key = os.path.realpath(name)
        else:  # path.resolve(), with each folder resolved once instead of once per file
            folder, base = os.path.split(os.path.abspath(name))
            if folder not in real_folders:
                real_folders[folder] = os.path.realpath(folder)
            key = os.path.join(real_folders[folder], base)
        unique.setdefault(key, name)
    return _in_path_order(list(unique.values()))


def _in_path_order(names: list[str]) -> list[str]:
    """Sorted as ``Path.as_posix()`` sorts them (which on POSIX is the text itself)."""
    return sorted(names) if os.sep == "/" else sorted(names, key=lambda n: Path(n).as_posix())
