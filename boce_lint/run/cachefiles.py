"""The files of a cache folder, which may be someone else's (committed, copied, shared): read
without following a link or blocking on a pipe, written whole under a new name.

Every read opens with ``O_NOFOLLOW`` and ``O_NONBLOCK`` and goes on only when ``fstat`` says
it is a regular file of at most the given size (a link to ``/dev/zero`` or a named pipe would
otherwise be read forever or block). Every write creates a new file with ``O_EXCL`` under a
random name, never through a link, and renames it into place.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import mmap

READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)

Identity = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns


def identity(info: os.stat_result) -> Identity:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def only_mine(info: os.stat_result) -> bool:
    """Whether only this user may change the file: it is theirs, and neither its group nor
    others may write it (as boce-lint makes every file of the cache)."""
    return info.st_uid == getattr(os, "geteuid", lambda: -1)() and \
        not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link) of at most ``limit`` bytes."""
    data = read_vouched(path, limit, None)[0]
    return data if isinstance(data, bytes) else None


def read_vouched(path: Path, limit: int, vouched: Identity | None) -> \
        tuple[bytes | mmap.mmap | None, bool]:
    """``read_regular``, and whether the file is still the very file ``vouched`` names (its
    identity when it was written, kept in a signed entry) and only this user's: that one is
    mapped rather than read (a run's text is tens of MB, and reading it into fresh memory costs
    as much as signing it). Any other file is read into memory and its signature checked there:
    what is verified is then what is used, whoever can write the file."""
    try:
        descriptor = os.open(path, READ_FLAGS)
    except OSError:
        return None, False
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None, False
        if vouched is not None and info.st_size and identity(info) == tuple(vouched) and \
                only_mine(info):
            import mmap

            try:  # (only this user could truncate it while mapped: SIGBUS)
                return mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ), True
            except (OSError, ValueError):
                pass  # a file system that cannot map it: read
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None, False
    finally:
        os.close(descriptor)
    return (data, False) if len(data) <= limit else (None, False)


def read_range(path: Path, start: int, length: int) -> bytes | None:
    """``length`` bytes at ``start`` of ``path`` when it is a regular file (not a link) that
    holds them."""
    try:
        descriptor = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or start + length > info.st_size:
            return None
        data = os.pread(descriptor, length, start)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return data if len(data) == length else None


def create(path: Path, data: bytes, mode: int = 0o644) -> None:
    """A new file (never through a link, never over an existing one)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def new_file(folder: Path, prefix: str = "", suffix: str = "") -> tuple[int, str]:
    """A new file of a random name in ``folder``, open for writing, as ``tempfile.mkstemp``
    makes it (without importing tempfile, shutil and the compression modules at every start)."""
    while True:
        path = os.path.join(folder, f"{prefix}{os.urandom(8).hex()}{suffix}")
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW |
                           getattr(os, "O_CLOEXEC", 0), 0o600), path
        except FileExistsError:
            continue


def real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
