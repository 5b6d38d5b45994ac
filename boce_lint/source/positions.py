"""What a parsed file is: its data, the position of every value, the problem that stops it, and
the limits on a document -- shared by the Python composer (composer.py), its C accelerator and
every reader of positions, without a YAML library: a check that parses no file (its results
all cached) imports none."""

from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any, NamedTuple

MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000  # values produced by expanding aliases (*anker), per document
MAX_VALUES = 200_000  # values (scalars, lists, objects) per document; a large contract has ~1 000


class Position(NamedTuple):
    """1-based line and column of a value, and of the key that holds it (a tuple: millions are
    made per run, by the composer or the accelerator)."""

    line: int
    column: int
    key_line: int
    key_column: int


@dataclass
class ParseProblem(Exception):
    """A file that cannot be turned into data; ``code`` picks the loader rule that reports it."""

    code: str
    message: str
    message_en: str
    line: int = 1
    column: int = 1


class PackedPositions(Mapping[str, Position]):
    """The positions of a document as the C accelerator packs them: one byte string, a record
    per value (four int32 numbers, the pointer's length in UTF-8 bytes as an int32, then the
    pointer), in the order of a dict of them. Most documents are never asked a position (they
    have no finding), and one with findings is asked a few: :meth:`find` looks one up in C by an
    index of the records (made at the first lookup), without making the others. The dict is
    made only when it is walked (:meth:`table`)."""

    __slots__ = ("_index", "_table", "packed")

    def __init__(self, packed: bytes) -> None:
        self.packed = packed
        self._index: bytes | None = None
        self._table: dict[str, Position] | None = None

    def find(self, pointer: str) -> Position | None:
        """The position at ``pointer``, or None."""
        native = _accelerator()
        if self._table is not None or native is None:
            return self.table().get(pointer)
        if self._index is None:
            self._index = native.position_index(self.packed)
        try:
            found: Position | None = native.find_position(self.packed, self._index, pointer,
                                                          Position)
        except UnicodeEncodeError:  # (no UTF-8 for it: no file holds such a pointer)
            return None
        return found

    def table(self) -> dict[str, Position]:
        """The positions as a dict, made once."""
        if self._table is None:
            self._table = unpack(self.packed)
        return self._table

    @property
    def unpacked(self) -> bool:
        return self._table is not None

    def __getitem__(self, pointer: str) -> Position:
        found = self.find(pointer) if isinstance(pointer, str) else None
        if found is None:
            raise KeyError(pointer)
        return found

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str) and self.find(pointer) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.table())

    def __len__(self) -> int:
        return len(self.table())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedPositions):
            other = other.table()
        return self.table() == other

    __hash__ = None  # type: ignore[assignment]  # (a mapping)

    def __repr__(self) -> str:
        return repr(self.table())


_RECORD = struct.Struct("=5i")


@cache
def _accelerator() -> ModuleType | None:
    from boce_lint.source.yamlsource import _native

    return _native()


def unpack(packed: bytes) -> dict[str, Position]:
    """The packed positions as a dict: in C when the accelerator is there, else here."""
    native = _accelerator()
    if native is not None:
        table: dict[str, Position] = native.positions(packed, Position)
        return table
    return unpack_python(packed)


def unpack_python(packed: bytes) -> dict[str, Position]:
    """What the accelerator's ``positions`` does (for a document pickled by a process that had
    it, and for the test that compares the two)."""
    table = {}
    at, size, record = 0, len(packed), _RECORD.size
    while at < size:
        line, column, key_line, key_column, length = _RECORD.unpack_from(packed, at)
        at += record
        table[packed[at:at + length].decode("utf-8")] = Position(line, column, key_line,
                                                                 key_column)
        at += length
    return table


Positions = dict[str, Position] | PackedPositions  # what a parse gives, what a Document keeps


def positions_table(positions: Positions) -> dict[str, Position]:
    """The positions as a dict (unpacked, if they were packed)."""
    return positions if isinstance(positions, dict) else positions.table()


@dataclass
class ParsedFile:
    """Data and positions; the hints say what no text value in it can be (the C accelerator
    notes them while composing, for free; the Python composer leaves them "maybe"), so that the
    loader skips a walk that would find nothing."""

    data: Any
    positions: Positions = field(default_factory=dict)
    maybe_dutch: bool = True  # some text may be a Dutch yes/no or amount (dutch._candidate)
    maybe_far_date: bool = True  # some text may be a date dates.implausible names


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
