"""Loaded documents and the one index of them by kind and id."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from boce_lint.source.positions import PackedPositions, Position, Positions


@dataclass
class Document:
    """One contract document: its data (JSON-like), where each value stands, and its identity."""

    kind: str
    id: str
    file: str
    data: dict[str, Any]
    positions: Positions  # packed by the C accelerator until one is asked
    valid: bool = True  # False when its root failed the schema: indexed, no rule's subject
    pruned: frozenset[str] = frozenset()  # pointers of values taken out for failing the schema
    format: int = 2  # the file format it was written in (1 is upgraded in memory when loaded)
    # fields whose value a version supplied: top-level key → where that value stands in the file
    moved: dict[str, str] = field(default_factory=dict)

    def position(self, pointer: str) -> tuple[Position, bool]:
        """Where ``pointer`` stands; for a missing value, the nearest parent that exists.

        The flag tells whether the value itself was found.
        """
        if self.moved:
            key, _, rest = pointer[1:].partition("/")
            if key in self.moved:
                pointer = self.moved[key] + ("/" + rest if rest else "")
        positions = self.positions
        find = positions.get if isinstance(positions, dict) else positions.find
        probe = pointer
        while (found := find(probe)) is None:
            if not probe:
                return Position(1, 1, 1, 1), False
            probe = probe.rsplit("/", 1)[0]
        return found, probe == pointer

    # Pickled (to and from --jobs workers) with its positions as one tuple of pointers and one
    # array of their numbers: a Position pickled on its own costs a class reference and a call
    # each, and a document has hundreds. Positions still packed by the accelerator go as they are.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        positions = state.pop("positions")
        if isinstance(positions, PackedPositions) and not positions.unpacked:
            state["packed"] = positions.packed
        else:
            state["packed"] = (tuple(positions), array("i", chain.from_iterable(
                positions.values())))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        packed = state.pop("packed")
        if isinstance(packed, bytes):
            state["positions"] = PackedPositions(packed)
        else:
            pointers, numbers = packed
            items = iter(numbers)
            state["positions"] = dict(zip(pointers, map(
                tuple.__new__, repeat(Position), zip(items, items, items, items, strict=True)),
                strict=True))
        self.__dict__.update(state)

    def typed(self) -> Any:
        """The document as its pydantic model (for Python callers; rules read ``data``)."""
        from boce_lint.source.kinds import KINDS

        return KINDS[self.kind].model_validate(self.data)


@dataclass
class Repository:
    """All documents of one contract repository, indexed by kind and by id."""

    root: str
    documents: list[Document] = field(default_factory=list)
    by_id: dict[str, Document] = field(default_factory=dict)
    by_kind: dict[str, list[Document]] = field(default_factory=dict)
    # Paths boce-lint could not read (a folder without permission, a file too large), each with
    # the kinds of document it may hold: the repository may lack documents of those kinds.
    unseen: dict[str, frozenset[str]] = field(default_factory=dict)

    def add(self, document: Document) -> None:
        self.documents.append(document)
        self.by_id.setdefault(document.id, document)
        self.by_kind.setdefault(document.kind, []).append(document)

    def resolve(self, ref: Any, kinds: list[str] | tuple[str, ...] = ()) -> Document | None:
        """The document a reference points to, if it exists and is of an expected kind."""
        target = self.by_id.get(ref) if isinstance(ref, str) else None
        if target is None or (kinds and target.kind not in kinds):
            return None
        return target

    def of_kind(self, kind: str) -> list[Document]:
        return self.by_kind.get(kind, [])
