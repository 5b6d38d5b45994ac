"""Output files: checked before a check runs, written whole or not at all.

A check of a national corpus takes minutes; an output path that cannot be written should say so
before that, not after (``check_target``). A file is written to a temporary file in its own
folder and renamed over the target (``write_output``), so an interrupted or failed write never
leaves a partial report for CI to pick up. A target that is not a regular file (``/dev/stdout``,
a pipe, ``/dev/full``) is written directly: renaming over a device would replace it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

_CANNOT = {"nl": "kan niet schrijven naar {path}: {reason}",
           "en": "cannot write to {path}: {reason}"}
_REASONS = {
    "no-folder": {"nl": "de map {folder} bestaat niet", "en": "the folder {folder} does not exist"},
    "not-folder": {"nl": "{folder} is geen map", "en": "{folder} is not a folder"},
    "read-only": {"nl": "de map {folder} is niet schrijfbaar",
                  "en": "the folder {folder} is not writable"},
    "is-folder": {"nl": "dat is een map", "en": "it is a folder"},
}


class OutputError(Exception):
    """An output that cannot be written: one line naming the path, exit code 2."""


def _error(path: Path, reason: str, lang: str) -> OutputError:
    return OutputError(_CANNOT.get(lang, _CANNOT["nl"]).format(path=path, reason=reason))


def _reason(name: str, lang: str, **values: object) -> str:
    texts = _REASONS[name]
    return texts.get(lang, texts["nl"]).format(**values)


def check_target(path: Path, lang: str = "nl", folder_ok: bool = False) -> None:
    """Raise :class:`OutputError` unless ``path`` can be written: its folder exists and is
    writable, and it is not a folder itself (``folder_ok``: or it is a writable folder, for the
    pages of a report on a corpus)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _error(path, error.strerror or str(error), lang) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        if not folder_ok:
            raise _error(path, _reason("is-folder", lang), lang)
        folder = path
    if info is not None and not stat.S_ISREG(info.st_mode) and folder != path:
        return  # a device or a pipe: written directly; a write error is reported then
    if not folder.exists():
        raise _error(path, _reason("no-folder", lang, folder=folder), lang)
    if not folder.is_dir():
        raise _error(path, _reason("not-folder", lang, folder=folder), lang)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _error(path, _reason("read-only", lang, folder=folder), lang)


def write_stdout(text: str, lang: str = "nl") -> None:
    """Standard output; a failed write (a full disk, ``> /dev/full``) raises OutputError, and
    what is still buffered goes nowhere (no second error when Python exits)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as error:
        raise _stdout_failed(error, lang) from None


def _stdout_failed(error: OSError, lang: str) -> OutputError:
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    where = "standaarduitvoer" if lang == "nl" else "standard output"
    return _error(Path(where), error.strerror or str(error), lang)


def write_stdout_bytes(parts: Sequence[bytes | memoryview], lang: str = "nl") -> None:
    """UTF-8 text (ending in a newline), its parts in order, to standard output: copied as it
    is when the stream writes UTF-8 with plain newlines, else written as text (what
    ``write_stdout`` would do). The parts are not joined first: a national run's text is tens
    of MB, and a joined copy costs more than writing it."""
    import codecs

    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    try:
        utf8 = codecs.lookup(stream.encoding or "").name == "utf-8"
    except LookupError:
        utf8 = False
    if buffer is None or not utf8 or os.linesep != "\n":
        write_stdout(b"".join(parts).decode("utf-8"), lang)
        return
    try:
        stream.flush()
        for part in parts:  # (not writelines: a stream may count what passes through write)
            buffer.write(part)
        buffer.flush()
    except OSError as error:
        raise _stdout_failed(error, lang) from None


def make_folder(folder: Path, lang: str = "nl") -> None:
    """Create ``folder`` (and its parents) for output files, or raise OutputError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _error(folder, error.strerror or str(error), lang) from None


def write_output(path: Path, text: str, lang: str = "nl") -> None:
    """Write ``text`` to ``path`` whole (temporary file and rename) or raise OutputError."""
    data = text.encode("utf-8")
    try:
        info: os.stat_result | None = os.stat(path)
    except OSError:
        info = None
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(path, "wb") as handle:  # a device or a pipe
                handle.write(data)
            return
        _replace(path, data, None if info is None else stat.S_IMODE(info.st_mode))
    except OSError as error:
        raise _error(path, error.strerror or str(error), lang) from None


def _replace(path: Path, data: bytes, mode: int | None) -> None:
    import tempfile  # here: standard output (the usual case) needs none of it

    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if mode is None:  # a new file gets the permissions the user's umask gives
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.fchmod(handle.fileno(), mode)
        os.replace(temporary, path)
    except BaseException:  # also an interrupt: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def use_color(choice: str) -> bool:
    """``--color``: always, never, or auto — NO_COLOR (no-color.org) switches it off, FORCE_COLOR
    (force-color.org) on, and otherwise standard output must be a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
