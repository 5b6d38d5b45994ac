"""The result cache in ``.boce-lint-cache/``: safe to delete, ignored when corrupt or foreign.

One entry per checked repository (per arrangement in a national run). It holds, per file, the
content hash with the parse and validation result (data, positions, structural findings,
inline waivers), and the findings of the rules for the whole repository under a key made of
every file's hash, the rulebook, the as-of date, the selected rules and the code itself. A
re-check after one file changed parses only that file and evaluates only its repository. For
text output the run's index keeps each repository's rendered part (:mod:`boce_lint.run.index`),
the text itself as raw bytes, signed with their name like every entry and never unpickled.

Entries are pickles. A pickle can construct any object, so a cache folder that someone else
wrote (for instance one committed into a contract repository) must never be unpickled: every
entry carries an HMAC-SHA256 under a secret key kept in the user's own cache folder
(``$XDG_CACHE_HOME/boce-lint/key``, else ``~/.cache/boce-lint/key``), and an entry whose
signature does not match is ignored like a corrupt one.

The cache folder is the only thing boce-lint writes; the checked files are only read.

A cache folder can also be committed, copied or tampered with on a shared machine, so it is
read as hostile: the folder and its ``v1`` folder must be real folders (not symlinks), an entry
is opened with ``O_NOFOLLOW`` and ``O_NONBLOCK`` and read only when ``fstat`` says it is a
regular file of at most :data:`MAX_ENTRY_BYTES` (a link to ``/dev/zero`` or a named pipe would
otherwise be read forever or block), and everything is created with ``O_EXCL``/``O_NOFOLLOW``
under a random name, so that a planted link cannot redirect a write. An entry that fails any
check is deleted and rebuilt by the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import pickle
import stat
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boce_lint.dsl.compiled import CompiledRule

CACHE_DIR_NAME = ".boce-lint-cache"
FORMAT = 1
_MAGIC = b"BOCECACHE1\n"
_RAW_MAGIC = b"BOCERAW1\n"  # bytes that are never unpickled (the text of a run's output)
MAX_ENTRY_BYTES = 1 << 30  # an entry holds every file of a repository; a corpus is split up
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


@cache
def code_stamp() -> str:
    """Version plus the size and mtime of every module: an edited checkout invalidates too."""
    from boce_lint import __version__

    package = Path(__file__).resolve().parents[1]  # the whole boce_lint package
    found: list[str] = []

    def walk(folder: str, prefix: str) -> None:  # os.scandir: a fifth of pathlib's rglob
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith((".py", ".json", ".lark", ".boce", ".yaml")):
                    info = entry.stat()
                    found.append(f"{prefix}{entry.name}|{info.st_size}|{info.st_mtime_ns}")

    walk(str(package), "")
    found.sort()
    digest = hashlib.sha256(f"{__version__}|{FORMAT}|{sys.version_info[:2]}".encode())
    digest.update("\n".join(found).encode())
    return digest.hexdigest()


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def user_cache_base() -> Path:
    """The user's own cache folder: ``$XDG_CACHE_HOME``, else ``~/.cache``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"))


def _key_file() -> Path:
    return user_cache_base() / "boce-lint" / "key"


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link) of at most ``limit`` bytes."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


def _create(path: Path, data: bytes, mode: int = 0o644) -> None:
    """A new file (never through a link, never over an existing one)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _new_file(folder: Path, prefix: str = "", suffix: str = "") -> tuple[int, str]:
    """A new file of a random name in ``folder``, open for writing, as ``tempfile.mkstemp``
    makes it (without importing tempfile, shutil and the compression modules at every start)."""
    while True:
        path = os.path.join(folder, f"{prefix}{os.urandom(8).hex()}{suffix}")
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW |
                           getattr(os, "O_CLOEXEC", 0), 0o600), path
        except FileExistsError:
            continue


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def user_cache(part: str) -> Cache | None:
    """A signed store in the user's own cache folder (for the parsed rule files), or None."""
    if part not in _USER_CACHES:
        _USER_CACHES[part], _ = Cache.open(_key_file().parent / part)
    return _USER_CACHES[part]


_USER_CACHES: dict[str, Cache | None] = {}


def _secret() -> bytes:
    path = _key_file()
    key = read_regular(path, 4096)
    if key is not None and len(key) >= 32:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # short, unreadable, a link or a pipe: replaced
    _create(path, key, 0o600)
    return key


class Cache:
    """Read and write entries under ``directory``; every failure reads as a miss."""

    def __init__(self, directory: Path, key: bytes) -> None:
        self.directory = directory
        self.key = key
        self.entries = directory / f"v{FORMAT}"

    @classmethod
    def open(cls, directory: Path) -> tuple[Cache | None, str | None]:
        """The cache, or None and the reason (to warn about once) when it cannot be written."""
        try:
            key = _secret()
        except OSError as error:
            return None, f"no key for the cache in {_key_file().parent}: {error.strerror or error}"
        try:
            entries = directory / f"v{FORMAT}"
            for folder in (directory, entries):  # checked before anything is made inside
                if os.path.lexists(folder) and not _real_folder(folder):
                    return None, f"the cache folder {folder} is a symbolic link or not a folder"
                folder.mkdir(parents=True, exist_ok=True)
            for name, text in ((".gitignore", "# made by boce-lint\n*\n"),
                               ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                                                "# boce-lint cache; safe to delete\n")):
                marker = directory / name
                if not os.path.lexists(marker):
                    _create(marker, text.encode("utf-8"))
            descriptor, probe = _new_file(entries, prefix=".probe-")
            os.close(descriptor)
            os.unlink(probe)
        except OSError as error:
            return None, f"cannot write the cache folder {directory}: {error.strerror or error}"
        return cls(directory, key), None

    def _path(self, name: str) -> Path:
        return self.entries / (hashlib.sha256(name.encode("utf-8")).hexdigest()[:32] + ".pickle")

    def read(self, name: str) -> dict[str, Any] | None:
        """The entry, or None; an entry that is not what this cache wrote is deleted."""
        path = self._path(name)
        if not os.path.lexists(path):
            return None
        entry = self._load(path, name)
        if entry is None:
            self.remove(name)
        return entry

    def _load(self, path: Path, name: str) -> dict[str, Any] | None:
        blob = read_regular(path, MAX_ENTRY_BYTES)
        if blob is None or not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 32:
            return None
        signature, body = blob[len(_MAGIC):len(_MAGIC) + 32], blob[len(_MAGIC) + 32:]
        if not hmac.compare_digest(signature, hmac.digest(self.key, body, "sha256")):
            return None
        try:
            entry = pickle.loads(body)
        except Exception:
            return None
        if not isinstance(entry, dict) or entry.get("name") != name or \
                entry.get("stamp") != code_stamp():
            return None
        return entry

    def write(self, name: str, entry: dict[str, Any]) -> None:
        entry = {**entry, "name": name, "stamp": code_stamp()}
        try:
            body = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, RecursionError):
            return  # the cache is an optimisation; the run goes on without it
        self._put(name, _MAGIC + hmac.digest(self.key, body, "sha256") + body)

    def read_bytes(self, name: str) -> memoryview | None:
        """The bytes written by ``write_bytes`` under ``name``, or None (and the file deleted)
        when they are not there or not what this cache wrote under that name."""
        path = self._path(name)
        blob = read_regular(path, MAX_ENTRY_BYTES)
        if blob is not None and blob.startswith(_RAW_MAGIC):
            start = len(_RAW_MAGIC) + 32
            signature = hmac.new(self.key, name.encode("utf-8") + b"\0", "sha256")
            signature.update(memoryview(blob)[start:])
            if hmac.compare_digest(blob[len(_RAW_MAGIC):start], signature.digest()):
                return memoryview(blob)[start:]  # not copied
        if os.path.lexists(path):
            self.remove(name)
        return None

    def write_bytes(self, name: str, data: bytes) -> bool:
        """Raw bytes (text that needs no unpickling), signed with their name; whether written."""
        signature = hmac.new(self.key, name.encode("utf-8") + b"\0", "sha256")
        signature.update(data)
        return self._put(name, b"".join((_RAW_MAGIC, signature.digest(), data)))

    def remove(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self._path(name))  # removes a link itself, never its target

    def _put(self, name: str, data: bytes) -> bool:
        try:
            descriptor, temporary = _new_file(self.entries, suffix=".tmp")
        except OSError:
            return False
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, self._path(name))  # whole or not at all, even when interrupted
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if not isinstance(error, OSError):
                raise
            return False
        return True


# ----------------------------------------------------------------------------------- keys
def rulebook_stamp(rule_dirs: list[Path], statutory: bool) -> str:
    from boce_lint.resources import rules_dir

    digest = hashlib.sha256(f"statutory={statutory}".encode())
    for directory in [rules_dir(), *rule_dirs]:
        digest.update(f"|dir:{directory}".encode())
        candidates = sorted(directory.glob("*.boce")) + [directory / "bronnen.yaml"]
        for path in candidates:
            try:
                digest.update(f"|{path.name}|".encode() + path.read_bytes())
            except OSError:
                digest.update(f"|{path.name}|-".encode())
    return digest.hexdigest()


def job_stamp(rules: str, as_of: dt.date, enabled: list[CompiledRule]) -> str:
    material = json.dumps([code_stamp(), rules, as_of.isoformat(), [r.id for r in enabled]])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def cache_folder(paths: list[Path], configured: str | None, base: Path) -> Path:
    """``--cache-dir`` (relative to the configuration's folder), else under the checked root."""
    if configured:
        folder = Path(configured)
        return folder if folder.is_absolute() else base / folder
    if len(paths) == 1:
        root = paths[0] if paths[0].is_dir() else paths[0].parent
    else:
        root = Path(os.path.commonpath([p.resolve() for p in paths]))
        root = root if root.is_dir() else root.parent
    return root / CACHE_DIR_NAME
