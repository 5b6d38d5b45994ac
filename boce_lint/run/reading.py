"""Reading a group's files: each file's size, time, bytes and content hash, read once; a hash
recorded by the cache or the run's index is trusted while the file's size and time hold and the
time lies before the moment they were recorded (``RACY_NS``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boce_lint.source.files import MAX_FILE_BYTES, RACY_NS

if TYPE_CHECKING:
    from boce_lint.source.loader import LoadedFile


@dataclass
class FileState:
    """One file of a group on its way through the cache and the loader."""

    path: str
    shown: str
    stat: tuple[int, int] | None = None  # size and modification time, when readable
    hash: str = ""  # content hash, or why there is none ("unreadable:2", "too-large:...")
    raw: bytes | None = None
    loaded: LoadedFile | None = None



def hash_files(files: list[FileState], recorded: dict[str, Any], written: int,
                overlay: Mapping[str, bytes], hashing: bool = True) -> None:
    """Each file's size, time and content hash (``hashing``), reading what must be read: a
    hash ``recorded`` at the moment ``written`` stands while the file's size and time do and
    that time lies ``RACY_NS`` before it."""
    from boce_lint.run.cache import content_hash

    trusted_before = written - RACY_NS
    for state in files:
        unsaved = overlay.get(os.path.abspath(state.path)) if overlay else None
        if unsaved is not None:  # an editor's text: without a size and time, never cached
            state.raw, state.hash = unsaved, content_hash(unsaved) if hashing else ""
            continue
        if state.shown not in recorded and _read_at_once(state, hashing):
            continue  # nothing recorded could spare the read
        try:
            info = os.stat(state.path)
        except OSError as error:
            state.hash = f"unreadable:{error.errno}"
            continue
        if info.st_size > MAX_FILE_BYTES:
            state.hash = f"too-large:{info.st_size}"
            continue
        state.stat = (info.st_size, info.st_mtime_ns)
        known = recorded.get(state.shown)
        if isinstance(known, tuple) and len(known) == 2 and known[1] == state.stat and \
                state.stat[1] < trusted_before:
            state.hash = known[0]
            continue
        _read(state, hashing)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | \
    getattr(os, "O_CLOEXEC", 0)


def _read_at_once(state: FileState, hashing: bool) -> bool:
    """A file's size, time and text from one open (its ``fstat``, not a ``stat`` of the path
    first), for a file with nothing recorded that could spare the read. False, with nothing
    changed, for anything but a regular file: the usual way reads (or refuses) it then."""
    from boce_lint.run.cache import content_hash

    try:
        descriptor = os.open(state.path, _OPEN_FLAGS)
    except OSError:
        return False
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return False
        if info.st_size > MAX_FILE_BYTES:
            state.hash = f"too-large:{info.st_size}"
            return True
        chunks = []  # to the end, as read_bytes() reads: the file may have grown since
        while chunk := os.read(descriptor, info.st_size + 1):
            chunks.append(chunk)
            if len(chunk) <= info.st_size:
                break  # a short read of a regular file is its end: no second read to see it
    except OSError:
        return False
    finally:
        os.close(descriptor)
    state.stat, state.raw = (info.st_size, info.st_mtime_ns), b"".join(chunks)
    state.hash = content_hash(state.raw) if hashing else ""
    return True


def _read(state: FileState, hashing: bool = True) -> None:
    from boce_lint.run.cache import content_hash

    try:
        with open(state.path, "rb") as handle:
            state.raw = handle.read()
    except OSError as error:
        state.hash, state.stat = f"unreadable:{error.errno}", None
        return
    state.hash = content_hash(state.raw) if hashing else ""


def read_missing(files: list[FileState]) -> None:
    for state in files:
        if state.loaded is None and state.stat is not None and state.raw is None:
            _read(state)  # a damaged entry may have been trusted by its size and time
