"""libyaml events to plain data and the position of every value, with the limits acting at once.

PyYAML's C parser (libyaml) turns the text into a stream of events; we compose those events
into JSON-like data ourselves, one event at a time and without recursion, so that we can refuse
unsafe tags, report duplicate keys, remember where each value stands (keyed by JSON pointer) and
stop *as soon as* a document is nested too deeply, holds too many values or expands too many
aliases. PyYAML's own composer would first build the whole node tree: it recurses in C (a file
of 100 000 ``[`` crashes the process) and libyaml slows down quadratically with the nesting
depth, so the limits must act while parsing, not after.

The optional C accelerator (``_fastyaml.c``) does the same event for event, without PyYAML; both
call :func:`problems.problem` for every problem and :func:`scalars.scalar_value` for a scalar
(the accelerator only for one it cannot decide at a glance), so the wording and the YAML typing
rules live in one place.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import yaml

from boce_lint.source.positions import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_VALUES,
    ParsedFile,
    ParseProblem,
    Position,
    escape_pointer_token,
)
from boce_lint.source.problems import problem
from boce_lint.source.scalars import scalar_value

try:  # the C parser is an order of magnitude faster; fall back when PyYAML lacks libyaml
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_VALUES", "Composer", "Loader", "ParseProblem",
           "ParsedFile", "Position", "compose_pure", "escape_pointer_token"]

_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


@dataclass
class _Open:
    """A list or object whose end event has not come yet."""

    value: Any
    is_map: bool
    pointer: str
    anchor: str | None
    first: int  # index into Composer.order where this value's positions start
    key: str | None = None  # for objects: the key whose value comes next
    key_line: int = 0
    key_column: int = 0
    height: int = 0  # levels of nesting below this value


@dataclass
class _Anchor:
    """What an alias (*anker) stands for: the value, its positions, its size and height."""

    value: Any
    entries: list[tuple[str, Position]]  # pointer relative to the anchored value → position
    height: int
    collection: bool
    raw: str | None = None  # a scalar's text, for aliases used as keys


def _where(mark: Any) -> tuple[int, int]:
    return mark.line, mark.column


class Composer:
    """Events to data and positions, with every limit checked as the events arrive."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.positions: dict[str, Position] = {}
        self.order: list[tuple[str, Position]] = []  # positions inside anchored values
        self.recording = 0  # anchored values open now
        self.anchors: dict[str, _Anchor] = {}
        self.anchor_marks: dict[str, tuple[int, int]] = {}
        self.values = 0
        self.alias_values = 0

    def single_document(self) -> ParsedFile:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise problem("no-document")
        loader.get_event()  # document start
        root_mark = loader.peek_event().start_mark
        data = self.compose()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise problem("another-document", _where(root_mark), _where(event.start_mark))
        return ParsedFile(data, self.positions)

    def _put(self, pointer: str, position: Position) -> None:
        self.positions[pointer] = position
        if self.recording:
            self.order.append((pointer, position))

    def compose(self) -> Any:
        get_event = self.loader.get_event
        stack: list[_Open] = []
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                done = stack.pop()
                value, height = done.value, done.height
                if done.anchor is not None:
                    self.recording -= 1
                    self.anchors[done.anchor] = _Anchor(
                        value, [(p[len(done.pointer):], pos) for p, pos in self.order[done.first:]],
                        height, True)
                    if not self.recording:
                        self.order.clear()
            else:
                parent = stack[-1] if stack else None
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if parent is None:
                    pointer, key_line, key_column = "", line, column
                elif not parent.is_map:
                    pointer = f"{parent.pointer}/{len(parent.value)}"
                    key_line, key_column = line, column
                elif parent.key is None:
                    self._key(event, parent, line, column)
                    continue
                else:
                    pointer = f"{parent.pointer}/{escape_pointer_token(parent.key)}"
                    key_line, key_column = parent.key_line, parent.key_column
                depth = len(stack)
                if depth > MAX_DEPTH:
                    raise problem("too-deep", line, column)
                self.values += 1
                if self.values > MAX_VALUES:
                    self._count(0, line, column)
                if kind is yaml.AliasEvent:
                    value, height = self._alias(event, pointer, key_line, key_column, depth)
                else:
                    anchor = event.anchor
                    if anchor is not None:
                        self._mark_anchor(anchor, event.start_mark)
                    position = Position(line, column, key_line, key_column)
                    if kind is yaml.ScalarEvent:
                        value = scalar_value(event.tag, event.value, event.implicit, line, column)
                        height = 0
                        self._put(pointer, position)
                        if anchor is not None:
                            self.anchors[anchor] = _Anchor(value, [("", position)], 0, False,
                                                           event.value)
                    else:
                        is_map = kind is yaml.MappingStartEvent
                        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                            raise problem("unsafe-tag", event.tag, line, column)
                        if anchor is not None:
                            self.recording += 1
                        stack.append(_Open({} if is_map else [], is_map, pointer, anchor,
                                           len(self.order)))
                        self._put(pointer, position)
                        continue
            if not stack:
                return value
            parent = stack[-1]
            if height >= parent.height:
                parent.height = height + 1
            if parent.is_map:
                parent.value[parent.key] = value
                parent.key = None
            else:
                parent.value.append(value)

    def _count(self, n: int, line: int, column: int) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise problem("too-many-values", line, column)

    def _mark_anchor(self, anchor: str, mark: Any) -> None:
        if anchor in self.anchor_marks:
            raise problem("duplicate-anchor", self.anchor_marks[anchor], _where(mark))
        self.anchor_marks[anchor] = _where(mark)

    def _unknown_alias(self, event: Any) -> Exception:
        return problem("unknown-alias", event.anchor in self.anchor_marks, event.anchor,
                       _where(event.start_mark))

    def _alias(self, event: Any, pointer: str, key_line: int, key_column: int,
               depth: int) -> tuple[Any, int]:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise self._unknown_alias(event)
        if depth + anchor.height > MAX_DEPTH:
            raise problem("too-deep", line, column)
        size = len(anchor.entries)
        if anchor.collection:
            # "Billion laughs": each alias may stand for a large value; count what it expands
            # to before expanding it, so that a bomb is refused at once.
            self.alias_values += size
            if self.alias_values > MAX_ALIAS_NODES:
                raise problem("alias-limit", line, column)
        self._count(size - 1, line, column)
        top = anchor.entries[0][1]
        self._put(pointer, Position(top.line, top.column, key_line, key_column))
        for relative, position in anchor.entries[1:]:
            self._put(pointer + relative, position)
        value = copy.deepcopy(anchor.value) if anchor.collection else anchor.value
        return value, anchor.height

    def _key(self, event: Any, parent: _Open, kline: int, kcol: int) -> None:
        if isinstance(event, yaml.AliasEvent):
            anchor = self.anchors.get(event.anchor or "")
            if anchor is None:
                raise self._unknown_alias(event)
            if anchor.raw is None:
                raise problem("key-not-text", kline, kcol)
            name = anchor.raw
        elif not isinstance(event, yaml.ScalarEvent):
            raise problem("key-not-text", kline, kcol)
        else:  # refuses unsafe tags and merge keys; keys such as 2015 or ja stay text
            value = scalar_value(event.tag, event.value, event.implicit, kline, kcol, True)
            name = event.value
            if event.anchor is not None:
                self._mark_anchor(event.anchor, event.start_mark)
                position = Position(kline, kcol, kline, kcol)
                self.anchors[event.anchor] = _Anchor(value, [("", position)], 0, False,
                                                     event.value)
        if name in parent.value:
            first = self.positions[f"{parent.pointer}/{escape_pointer_token(name)}"]
            raise problem("duplicate-key", name, first.key_line, kline, kcol)
        parent.key, parent.key_line, parent.key_column = name, kline, kcol


def compose_pure(text: str) -> ParsedFile:
    """Compose with the loader's events in Python (PyYAML's libyaml parser when it has one)."""
    loader = Loader(text)
    try:
        return Composer(loader).single_document()
    finally:
        loader.dispose()
