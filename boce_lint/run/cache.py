"""The result cache in ``.boce-lint-cache/``: safe to delete, ignored when corrupt or foreign.

One entry per checked repository (per arrangement in a national run). It holds each file's
content hash, size and time, and the findings of the rules for the whole repository under a key
made of every file's hash, the rulebook, the as-of date, the selected rules and the code itself.
A re-check after one file changed loads and evaluates only its repository. For text output the
run's index keeps each repository's rendered part (:mod:`boce_lint.run.index`), the text itself
as raw bytes, signed with their name like every entry and never unpickled; a run whose only
output is text keeps no findings (another output checks again).

A run that writes many entries (a cold check of a corpus: one per arrangement) writes them
into one file, a pack, and a table of packs says where each lies: making a file costs more than
writing its bytes (on some systems as much as pickling the findings in it), so one file instead
of hundreds. A few entries (a warm run) are written one file each, as before; an entry's own file
is read before the packs, and a pack no name points to is deleted. Only the process that opened
the cache packs: with ``--jobs`` each worker writes its arrangements' entries one file each.

Entries are pickles. A pickle can construct any object, so a cache folder that someone else
wrote (for instance one committed into a contract repository) must never be unpickled: every
entry carries an HMAC-SHA256 under a secret key kept in the user's own cache folder
(``$XDG_CACHE_HOME/boce-lint/key``, else ``~/.cache/boce-lint/key``), and an entry whose
signature does not match is ignored like a corrupt one. The run's text (raw bytes, tens of MB)
is signed too, and the signed index keeps the identity of the file written (``read_bytes``):
while the file is that very file, which only this user can change, it is not signed again.

The cache folder is the only thing boce-lint writes; the checked files are only read.

A cache folder can also be committed, copied or tampered with on a shared machine, so it is
read as hostile (:mod:`boce_lint.run.cachefiles`): the folder and its ``v1`` folder must be real
folders (not symlinks), an entry is opened with ``O_NOFOLLOW`` and ``O_NONBLOCK`` and read only
when ``fstat`` says it is a regular file of at most :data:`MAX_ENTRY_BYTES` (a link to
``/dev/zero`` or a named pipe would otherwise be read forever or block), and everything is
created with ``O_EXCL``/``O_NOFOLLOW`` under a random name, so that a planted link cannot
redirect a write. An entry that fails any check is deleted and rebuilt by the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import pickle
import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from boce_lint.run.cachefiles import (
    Identity,
    create,
    identity,
    new_file,
    read_range,
    read_regular,
    read_vouched,
    real_folder,
)

if TYPE_CHECKING:
    from boce_lint.dsl.compiled import CompiledRule

CACHE_DIR_NAME = ".boce-lint-cache"
FORMAT = 1
_MAGIC = b"BOCECACHE1\n"
_RAW_MAGIC = b"BOCERAW1\n"  # bytes that are never unpickled (the text of a run's output)
MAX_ENTRY_BYTES = 1 << 30  # an entry holds every file of a repository; a corpus is split up
PACK_AFTER = 8  # a run that writes more entries than this (with ``add``) writes them as a pack
_PACKS = "packs"  # the name of the table of packs: entry name → (pack, start, length)


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
    digest = hashlib.sha256(f"{__version__}|{FORMAT}|{sys.implementation.cache_tag}".encode())
    digest.update("\n".join(found).encode())
    return digest.hexdigest()


def content_hash(raw: bytes) -> str:
    """A file's content as the cache knows it: SHA-256 (with the processor's SHA instructions,
    which most have, twice as fast as BLAKE2b; every file of a cold run is hashed)."""
    return hashlib.sha256(raw).hexdigest()


def user_cache_base() -> Path:
    """The user's own cache folder: ``$XDG_CACHE_HOME``, else ``~/.cache``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"))


def _key_file() -> Path:
    return user_cache_base() / "boce-lint" / "key"


_PACK_NAME = re.compile(r"pack-[0-9a-f]{16}\.pack")


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
    create(path, key, 0o600)
    return key


class Cache:
    """Read and write entries under ``directory``; every failure reads as a miss."""

    def __init__(self, directory: Path, key: bytes) -> None:
        self.directory = directory
        self.key = key
        self.entries = directory / f"v{FORMAT}"
        self._owner = os.getpid()  # a forked worker's copy writes each entry itself
        self._held: list[tuple[str, tuple[bytes, ...]]] = []  # entries ``add`` holds back
        self._pack: tuple[BinaryIO, str] | None = None  # this run's pack: open, and its name
        self._packed: dict[str, tuple[int, int]] = {}  # what it holds: name → (start, length)
        self._table: dict[str, tuple[str, int, int]] | None = None  # read when first needed

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
                if os.path.lexists(folder) and not real_folder(folder):
                    return None, f"the cache folder {folder} is a symbolic link or not a folder"
                folder.mkdir(parents=True, exist_ok=True)
            for name, text in ((".gitignore", "# made by boce-lint\n*\n"),
                               ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                                                "# boce-lint cache; safe to delete\n")):
                marker = directory / name
                if not os.path.lexists(marker):
                    create(marker, text.encode("utf-8"))
            descriptor, probe = new_file(entries, prefix=".probe-")
            os.close(descriptor)
            os.unlink(probe)
        except OSError as error:
            return None, f"cannot write the cache folder {directory}: {error.strerror or error}"
        return cls(directory, key), None

    def _path(self, name: str) -> Path:
        return self.entries / (hashlib.sha256(name.encode("utf-8")).hexdigest()[:32] + ".pickle")

    def read(self, name: str) -> dict[str, Any] | None:
        """The entry (from its own file, else from a pack), or None; an entry that is not what
        this cache wrote is deleted (from a pack: forgotten)."""
        path = self._path(name)
        if not os.path.lexists(path):
            return self._read_packed(name)
        entry = self._verified(read_regular(path, MAX_ENTRY_BYTES), name)
        if entry is None:
            self.remove(name)
        return entry

    def _verified(self, blob: bytes | None, name: str) -> dict[str, Any] | None:
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
        signed = self._signed(name, entry)
        if signed is not None:
            self._put(name, *signed)

    def _signed(self, name: str, entry: dict[str, Any]) -> tuple[bytes, bytes, bytes] | None:
        """The entry as written: its parts (joined they are the file; not joined, a copy)."""
        entry = {**entry, "name": name, "stamp": code_stamp()}
        try:
            body = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, RecursionError):
            return None  # the cache is an optimisation; the run goes on without it
        return _MAGIC, hmac.digest(self.key, body, "sha256"), body

    # ------------------------------------------------------------------------------ packs
    def add(self, name: str, entry: dict[str, Any]) -> None:
        """``write``, held back until ``close``: more than ``PACK_AFTER`` entries go into one
        file (streamed there as they come: nothing grows in memory)."""
        signed = self._signed(name, entry)
        if signed is None:
            return
        if os.getpid() != self._owner:  # a worker's copy of the cache is never closed
            self._put(name, *signed)
            return
        self._held.append((name, signed))
        if len(self._held) > PACK_AFTER or self._pack is not None:
            self._to_pack()

    def _to_pack(self) -> None:
        held, self._held = self._held, []
        try:
            if self._pack is None:
                descriptor, path = new_file(self.entries, prefix="pack-", suffix=".pack")
                self._pack = os.fdopen(descriptor, "wb"), os.path.basename(path)
            handle = self._pack[0]
            for name, signed in held:
                start = handle.tell()
                for part in signed:
                    handle.write(part)
                self._packed[name] = (start, handle.tell() - start)
        except OSError:  # (a full disk): no pack this run
            self._drop_pack()

    def _drop_pack(self) -> None:
        if self._pack is not None:
            handle, pack = self._pack
            with contextlib.suppress(OSError):
                handle.close()
            with contextlib.suppress(OSError):
                os.unlink(self.entries / pack)
        self._pack, self._packed, self._held = None, {}, []

    def close(self) -> None:
        """Write what ``add`` held back: a few entries one file each, more as this run's pack,
        with the table of packs pointing at it (and deleting the packs no name points to)."""
        if self._pack is None:
            held, self._held = self._held, []
            for name, signed in held:
                self._put(name, *signed)
            return
        self._to_pack()
        if self._pack is None:
            return
        handle, pack = self._pack
        packed, self._pack, self._packed = self._packed, None, {}
        try:
            handle.close()
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(self.entries / pack)
            return
        table = dict(self._packs())
        table.update((name, (pack, start, length)) for name, (start, length) in packed.items())
        self.write(_PACKS, {"packs": table})
        self._table = table
        for name in packed:  # an entry's own file is read first: that of an older result
            self.remove(name)
        used = {where[0] for where in table.values()}
        with contextlib.suppress(OSError), os.scandir(self.entries) as found:
            for item in found:
                if item.name.startswith("pack-") and item.name.endswith(".pack") and \
                        item.name not in used:
                    with contextlib.suppress(OSError):
                        os.unlink(item.path)

    def _packs(self) -> dict[str, tuple[str, int, int]]:
        """The table of packs (read once)."""
        if self._table is None:
            self._table = {}
            if os.path.lexists(self._path(_PACKS)):
                stored = self.read(_PACKS)
                table = stored.get("packs") if stored is not None else None
                if isinstance(table, dict):
                    self._table = table
        return self._table

    def _read_packed(self, name: str) -> dict[str, Any] | None:
        if name == _PACKS:
            return None
        where = self._packs().get(name)
        if not (isinstance(where, tuple) and len(where) == 3):
            return None
        pack, start, length = where
        entry = None
        if isinstance(pack, str) and _PACK_NAME.fullmatch(pack) and isinstance(start, int) \
                and isinstance(length, int) and start >= 0 and 0 < length <= MAX_ENTRY_BYTES:
            entry = self._verified(read_range(self.entries / pack, start, length), name)
        if entry is None:
            del self._packs()[name]  # forgotten (for this run)
        return entry

    def read_bytes(self, name: str, vouched: Identity | None = None) -> memoryview | None:
        """The bytes written by ``write_bytes`` under ``name``, or None (and the file deleted)
        when they are not there or not what this cache wrote under that name.

        ``vouched``: the identity ``write_bytes`` gave, kept in a signed entry. When the file
        is still that very file, and only this user can change it, its signature is not worked
        out again (a run's text is tens of MB): a copied or replaced file is another file, and
        writing to it changes its size or ``st_ctime``, which no one can set back -- though
        within the clock's granularity (a few milliseconds, on some file systems a second) a
        write by this user may leave both as they were. Only this user could, and this user
        holds the key anyway."""
        path = self._path(name)
        blob, trusted = read_vouched(path, MAX_ENTRY_BYTES, vouched)
        start = len(_RAW_MAGIC) + 32
        if blob is not None and len(blob) >= start and blob[:len(_RAW_MAGIC)] == _RAW_MAGIC:
            if trusted:
                return memoryview(blob)[start:]
            signature = hmac.new(self.key, name.encode("utf-8") + b"\0", "sha256")
            signature.update(memoryview(blob)[start:])
            if hmac.compare_digest(blob[len(_RAW_MAGIC):start], signature.digest()):
                return memoryview(blob)[start:]  # not copied
        if os.path.lexists(path):
            self.remove(name)
        return None

    def write_bytes(self, name: str, *parts: bytes | memoryview) -> Identity | None:
        """Raw bytes (text that needs no unpickling; its parts in order, not joined: a run's
        text is tens of MB), signed with their name; the identity of the file written (for
        ``read_bytes``), or None when it could not be written."""
        signature = hmac.new(self.key, name.encode("utf-8") + b"\0", "sha256")
        for part in parts:
            signature.update(part)
        return self._put(name, _RAW_MAGIC, signature.digest(), *parts)

    def remove(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self._path(name))  # removes a link itself, never its target

    def _put(self, name: str, *data: bytes | memoryview) -> Identity | None:
        """Write an entry whole, under a new file's name renamed into place; the identity of
        that file once renamed (asked of the file itself, not of the name, which someone else
        could have pointed elsewhere since), or None when it could not be written."""
        try:
            descriptor, temporary = new_file(self.entries, suffix=".tmp")
        except OSError:
            return None
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for part in data:
                    handle.write(part)
                handle.flush()
                os.replace(temporary, self._path(name))  # whole or not at all, even interrupted
                return identity(os.fstat(descriptor))
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if not isinstance(error, OSError):
                raise
            return None


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
