"""The run's index: what a warm run with text output needs, in one small entry, the text apart.

A text-output run (``pipeline.Finish``) keeps per group (arrangement) one small item: its files
with their size and modification time, its cache key and where its part of the output lies.
The parts themselves lie in text blobs: cache entries of raw UTF-8, signed like every entry.
A warm run reads the index, asks the system for each file's size and time, and takes every
group whose files are exactly as recorded straight from it (no hashing, no key, no unpickling of
findings), its text sliced from a blob. It writes the parts of the groups it checked again as
one new blob and the index anew, both small; when most bytes of the blobs are no longer used
they are written again as one, so an unchanged run reads one index and one blob.

Anything missing, damaged or foreign reads as a miss: the group is then taken from its cache
entry or checked again, and the output is the same byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from array import array
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from boce_lint.source.files import RACY_NS, Listings
from boce_lint.source.stats import stat_groups

if TYPE_CHECKING:
    from pathlib import Path

    from boce_lint.run.cache import Cache
    from boce_lint.run.cachefiles import Identity
    from boce_lint.run.pieces import Piece

MAX_BLOBS = 6  # more blobs than this are written again as one


def index_name(roots: Iterable[str]) -> str:
    """The index of a run over groups with these roots from the working folder (which, with
    a file's path, makes the name findings show: items are kept by paths)."""
    material = "\0".join((os.getcwd(), *roots))
    return "index:" + hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()


def packed_stats(stats: Iterable[tuple[int, int] | None]) -> bytes | None:
    """Sizes and modification times as one comparable string (None if one is unknown)."""
    numbers = array("q")
    for stat in stats:
        if stat is None:
            return None
        numbers.extend(stat)
    return numbers.tobytes()


def make_item(key: str, written: int, finish: str, paths: list[str], hashes: list[str],
              stats: list[tuple[int, int] | None], set_aside: Any, piece: Piece) -> dict[str, Any]:
    """A group's item (``written``: a moment before its files' sizes and times were taken)."""
    return {"key": key, "finish": finish, "paths": "\0".join(paths), "hashes": "\0".join(hashes),
            **_stamped(written, hashes, stats), "set_aside": set_aside, "order": piece.order,
            "tally": piece.tally, "piece": piece}


def restamped(item: dict[str, Any], written: int,
              stats: list[tuple[int, int] | None]) -> dict[str, Any]:
    """The item with the sizes and times its files have now, taken just after ``written``,
    when they are not those recorded (touched, checked out again: their content is the same)
    or were too new then, so that the next run takes the group by them alone again."""
    packed = packed_stats(stats)
    if packed is None or (packed == item["stats"] and item.get("fresh")):
        return item
    return {**item, **_stamped(written, item["hashes"].split("\0"), stats)}


def _stamped(written: int, hashes: list[str],
             stats: list[tuple[int, int] | None]) -> dict[str, Any]:
    """``fresh``: every file was read and hashed, and changed well before ``written``, so equal
    sizes and times mean equal content."""
    packed = packed_stats(stats)
    fresh = packed is not None and all(not h.startswith(("unreadable:", "too-large:"))
                                       for h in hashes) and \
        all(stat is not None and stat[1] < written - RACY_NS for stat in stats)
    return {"written": written, "stats": packed, "fresh": fresh}


def recorded(item: dict[str, Any], shown: list[str]) -> dict[str, tuple[str, tuple[int, int]]]:
    """The files of an item of these files (``Index.item``) as the cache entry records them:
    shown name → (hash, (size, time))."""
    hashes = item["hashes"].split("\0")
    if item["stats"] is None or not item["paths"]:
        return {}
    numbers = array("q")
    numbers.frombytes(item["stats"])
    return {name: (digest, (numbers[2 * i], numbers[2 * i + 1]))
            for i, (name, digest) in enumerate(zip(shown, hashes, strict=True))}


class Index:
    """The index of one run: the items read, the blobs read when first needed."""

    def __init__(self, cache: Cache, name: str, finish: str) -> None:
        self.cache, self.name, self.finish = cache, name, finish
        self.items: dict[str, dict[str, Any]] = {}
        self.blobs: dict[str, int] = {}  # blob → its size, as the index records them
        self.vouched: dict[str, Identity] = {}  # blob → the identity of its file (read_bytes)
        self._read: dict[str, memoryview | None] = {}

    @classmethod
    def read(cls, cache: Cache, name: str, finish: str) -> Index:
        index = cls(cache, name, finish)
        stored = cache.read(name)
        if stored is not None and isinstance(stored.get("groups"), dict) and \
                isinstance(stored.get("blobs"), dict):
            index.items, index.blobs = stored["groups"], stored["blobs"]
            vouched = stored.get("vouched")
            index.vouched = vouched if isinstance(vouched, dict) else {}
        return index

    def item(self, name: str, paths: list[str]) -> dict[str, Any] | None:
        """The group's item when it was made for these files and this text output."""
        item = self.items.get(name)
        if not isinstance(item, dict) or item.get("finish") != self.finish or \
                item.get("paths") != "\0".join(paths):
            return None
        return item

    def unchanged(self, groups: list[tuple[str, list[str]]]) -> dict[int, Piece]:
        """Per group (name, files) by place, its part when each of its files has the recorded
        size and time: the system is asked about the files of all groups at once."""
        fresh = [(at, item) for at, item in enumerate(self.item(name, paths)
                                                      for name, paths in groups)
                 if item is not None and item.get("fresh")]
        parts: dict[int, Piece] = {}
        now = stat_groups([item["paths"] for _, item in fresh])
        for (at, item), stats in zip(fresh, now, strict=True):
            if stats == item["stats"]:
                piece = self.piece(item)
                if piece is not None:
                    parts[at] = piece
        return parts

    def piece(self, item: dict[str, Any]) -> Piece | None:
        """The item's part of the output, its text read from its blob (None if that fails)."""
        from boce_lint.run.pieces import Piece

        blob, start, middle, end = item["text"]
        data = self._blob(blob)
        if data is None or end > len(data):
            return None
        # the files' blocks stay bytes when they are valid UTF-8 (``pieces.join`` copies them)
        view = data[start:middle]
        files = view if item.get("clean") else str(view, "utf-8", "surrogateescape")
        waived = str(data[middle:end], "utf-8", "surrogateescape")
        return Piece(item["order"], files, waived, item["tally"])

    def _blob(self, blob: str) -> memoryview | None:
        if blob not in self._read:
            data = self.cache.read_bytes(blob, self.vouched.get(blob)) \
                if blob in self.blobs else None
            self._read[blob] = data if data is not None and len(data) == self.blobs[blob] \
                else None
        return self._read[blob]

    def write(self, items: dict[str, dict[str, Any]]) -> None:
        """The index of this run: ``items`` that hold a ``piece`` were made now (their text goes
        to one new blob), the others were taken from this index. Blobs that no item uses any
        more are deleted; when most of the blobs' bytes are unused, all go to one new blob."""
        used: dict[str, int] = {}
        for item in items.values():
            if "piece" not in item:
                blob, start, _, end = item["text"]
                used[blob] = used.get(blob, 0) + end - start
        new = [item for item in items.values() if "piece" in item]
        if not new and items.keys() == self.items.keys() and \
                all(item is self.items[name] for name, item in items.items()):
            return  # nothing changed
        # equal tally keys as one object, which pickle writes once and reads back as one: those
        # of the items taken from this index are so already (read from one pickle)
        tallies = {key: key for item in items.values() if "piece" not in item
                   for key in item["tally"]}
        if len(used) >= MAX_BLOBS or 2 * sum(used.values()) < sum(self.blobs.get(b, 0)
                                                                  for b in used):
            new, tallies = list(items.values()), {}  # all again, as one blob
        for item in new:
            item["tally"] = {tallies.setdefault(key, key): n for key, n in item["tally"].items()}
        chunks: list[bytes | memoryview] = []
        blob, size = f"text:{self.name}:{os.urandom(8).hex()}", 0
        for item in new:
            if "piece" in item:
                piece = item.pop("piece")
                try:  # ``clean``: valid Unicode, its UTF-8 can go to the output as it is
                    (files, item["clean"]), (waived, _) = _utf8(piece.files), _utf8(piece.waived)
                except UnicodeEncodeError:  # a lone surrogate that no file name holds
                    return
            else:
                data = self._blob(item["text"][0])
                assert data is not None  # read for this run's output
                _, start, middle, end = item["text"]
                files, waived = data[start:middle], data[middle:end]
            chunks += [files, waived]
            item["text"] = (blob, size, size + len(files), size + len(files) + len(waived))
            size = item["text"][3]
        blobs = {b: self.blobs[b] for b in used if any(
            item["text"][0] == b for item in items.values())}
        vouched = {b: self.vouched[b] for b in blobs if b in self.vouched}
        if new:
            identity = self.cache.write_bytes(blob, *chunks)
            if identity is None:
                return
            blobs[blob], vouched[blob] = size, identity
        self.cache.write(self.name, {"groups": items, "blobs": blobs, "vouched": vouched})
        for old in self.blobs.keys() - blobs.keys():
            with contextlib.suppress(OSError):
                self.cache.remove(old)



def _utf8(text: str | bytes | memoryview) -> tuple[bytes | memoryview, bool]:
    """The text as UTF-8, and whether it was valid Unicode (else with its undecodable bytes
    of file names restored)."""
    if not isinstance(text, str):
        return text, True
    try:
        return text.encode("utf-8"), True
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape"), False


class Listed:
    """The folders a run over ``paths`` listed (``files.Listings``), kept in the cache: the
    last walk and the framework agreements found in one entry, read by every run, and the
    record of each folder in another, read only when one of the walk's folders changed."""

    def __init__(self, cache: Cache, paths: list[Path], include: tuple[str, ...],
                 exclude: tuple[str, ...]) -> None:
        import json

        material = json.dumps([os.getcwd(), [str(p) for p in paths], include, exclude])
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()
        self.cache, self.name, self.walk_name = cache, "listing:" + digest, "walk:" + digest
        self.stored = cache.read(self.walk_name) or {}
        frameworks = self.stored.get("frameworks")
        self.listings = Listings(self._folders, self.stored.get("walk"),
                                 frameworks if isinstance(frameworks, dict) else None)

    def _folders(self) -> dict[str, Any]:
        stored = self.cache.read(self.name)
        folders = stored.get("folders") if stored is not None else None
        return folders if isinstance(folders, dict) else {}

    def write(self) -> None:
        listings = self.listings
        if not listings.kept and listings.new != listings.old:
            self.cache.write(self.name, {"folders": listings.new})
        if (listings.walk, listings.found) != (self.stored.get("walk"),
                                               self.stored.get("frameworks")):
            self.cache.write(self.walk_name, {"walk": listings.walk,
                                              "frameworks": listings.found})
