"""libyaml events to plain data and the position of every value, with the limits acting at once.

PyYAML's C parser (libyaml) turns the text into a stream of events; we compose those events
into JSON-like data ourselves, one event at a time and without recursion, so that we can refuse
unsafe tags, report duplicate keys, remember where each value stands (keyed by JSON pointer) and
stop *as soon as* a document is nested too deeply, holds too many values or expands too many
aliases. PyYAML's own composer would first build the whole node tree: it recurses in C (a file
of 100 000 ``[`` crashes the process) and libyaml slows down quadratically with the nesting
depth, so the limits must act while parsing, not after.

The optional C accelerator (``_fastyaml.c``) does the same event for event; it calls back into
:func:`problem` for every problem and into :func:`scalar_value` for every scalar it cannot
decide at a glance, so the wording and the YAML typing rules live here only.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from boce_lint.source.messages import TYPES
from boce_lint.source.positions import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_VALUES,
    ParsedFile,
    ParseProblem,
    Position,
    escape_pointer_token,
)

try:  # the C parser is an order of magnitude faster; fall back when PyYAML lacks libyaml
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_VALUES", "Composer", "Loader", "ParseProblem",
           "ParsedFile", "Position", "compose_pure", "escape_pointer_token", "problem",
           "scalar_value"]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()


def _mark(where: tuple[int, int] | None) -> yaml.Mark | None:
    """A PyYAML mark (0-based line and column) for errors the composer raises itself."""
    return None if where is None else yaml.Mark("<unicode string>", 0, where[0], where[1],
                                                None, 0)


def problem(kind: str, *args: Any) -> Exception:
    """The exception for one kind of problem, the same for the composer and the accelerator:
    a ParseProblem, or the PyYAML error that parse() words for the reader."""
    if kind in ("too-deep", "too-many-values", "alias-limit", "key-not-text", "merge-key",
                "not-finite"):
        line, column = args
        return ParseProblem(kind if kind in ("too-deep", "too-many-values", "alias-limit")
                            else "unsafe-tag" if kind == "merge-key" else "syntax",
                            *_WORDS[kind], line, column)
    if kind == "unsafe-tag":
        tag, line, column = args
        return ParseProblem("unsafe-tag", f"De YAML-tag '{tag}' wordt niet toegestaan.",
                            f"The YAML tag '{tag}' is not allowed.", line, column)
    if kind == "bad-scalar":
        tag, text, line, column = args
        shown = text if len(text) <= 40 else text[:37] + "..."
        kind = {"int": "integer", "float": "number", "bool": "boolean"}[tag.rsplit(":", 1)[1]]
        return ParseProblem(
            "syntax", f"YAML leest de waarde '{shown}' als {TYPES['nl'][kind]}, maar dat is ze "
            "niet; zet haar tussen aanhalingstekens als het tekst is.",
            f"YAML reads the value '{shown}' as {TYPES['en'][kind]}, but it is not one; put it "
            "in quotes if it is text.", line, column)
    if kind == "duplicate-key":
        name, first_line, line, column = args
        return ParseProblem(
            "duplicate-key",
            f"Sleutel '{name}' staat dubbel in dit object (eerder op regel {first_line}); "
            "alleen één waarde kan gelden.",
            f"Key '{name}' appears twice in this mapping (first on line {first_line}); only one "
            "value can apply.", line, column)
    if kind == "no-document":
        return ParseProblem("empty", "Het bestand bevat geen document.",
                            "The file holds no document.")
    if kind == "duplicate-anchor":
        first, second = args
        return yaml.composer.ComposerError("found duplicate anchor; first occurrence",
                                           _mark(first), "second occurrence", _mark(second))
    if kind == "unknown-alias":
        known, anchor, where = args
        return yaml.composer.ComposerError(
            None, None, f"found {'recursive' if known else 'undefined'} alias {anchor!r}",
            _mark(where))
    if kind == "another-document":
        root, where = args
        return yaml.composer.ComposerError("expected a single document in the stream",
                                           _mark(root), "but found another document",
                                           _mark(where))
    if kind == "reader":
        offset, character, reason = args
        return yaml.reader.ReaderError("<unicode string>", offset, character, "?", reason)
    if kind in ("scanner", "parser"):
        context, context_mark, problem_text, problem_mark = args
        error = yaml.scanner.ScannerError if kind == "scanner" else yaml.parser.ParserError
        return error(context, _mark(context_mark), problem_text, _mark(problem_mark))
    raise ValueError(f"unknown problem {kind!r}")  # pragma: no cover - a programming error


_WORDS = {
    "too-deep": (f"Het document is dieper genest dan {MAX_DEPTH} niveaus.",
                 f"The document is nested deeper than {MAX_DEPTH} levels."),
    "too-many-values": (
        f"Het document bevat meer dan {MAX_VALUES} waarden; splits het in kleinere bestanden.",
        f"The document holds more than {MAX_VALUES} values; split it into smaller files."),
    "alias-limit": ("Het document gebruikt te veel aliassen (*anker); schrijf de waarden uit.",
                    "The document expands too many aliases (*anchor); write the values out."),
    "key-not-text": ("Een sleutel moet tekst zijn.", "A key must be text."),
    "merge-key": ("Samenvoegsleutels ('<<') worden niet ondersteund; schrijf de velden uit.",
                  "Merge keys ('<<') are not supported; write the fields out."),
    "not-finite": ("Getallen als .nan en .inf zijn niet toegestaan.",
                   "Numbers such as .nan and .inf are not allowed."),
}


@lru_cache(maxsize=4096)
def _implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged scalar (keys and short values repeat: resolve each once)."""
    return str(_resolver.resolve(yaml.ScalarNode, value, implicit))  # type: ignore[no-untyped-call]


def scalar_value(tag: str | None, text: str, implicit: tuple[bool, bool], line: int,
                 column: int, is_key: bool = False) -> Any:
    """A scalar's value by YAML 1.1's rules; unsafe tags, merge keys and .nan/.inf refused."""
    if tag is None or tag == "!":
        tag = _implicit_tag(text, implicit) if len(text) <= 64 else \
            str(_resolver.resolve(yaml.ScalarNode, text, implicit))  # type: ignore[no-untyped-call]
    if is_key and tag == _MERGE:
        raise problem("merge-key", line, column)
    if tag not in _SCALAR_TAGS:
        raise problem("unsafe-tag", tag, line, column)
    if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
        return text  # dates stay ISO text; the rule engine reads them as dates
    if tag == "tag:yaml.org,2002:null":
        return None
    node = yaml.ScalarNode(tag, text)
    try:  # explicit tags (!!int abc) and PyYAML's loose patterns (0b_, 5 000 digits) can fail
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        value = _constructor.construct_yaml_float(node)
    except (ValueError, KeyError):
        raise problem("bad-scalar", tag, text, line, column) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise problem("not-finite", line, column)
    return value


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
