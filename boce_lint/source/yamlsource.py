"""Parse one YAML or JSON file safely into plain data plus the position of every value.

PyYAML's C parser (libyaml) turns the text into a stream of events; we compose those events
into JSON-like data ourselves, one event at a time and without recursion, so that we can refuse
unsafe tags, report duplicate keys, remember where each value stands (keyed by JSON pointer) and
stop *as soon as* a document is nested too deeply, holds too many values or expands too many
aliases. PyYAML's own composer would first build the whole node tree: it recurses in C (a file
of 100 000 ``[`` crashes the process) and libyaml slows down quadratically with the nesting
depth, so the limits must act while parsing, not after.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from boce_lint.source.messages import syntax_message

try:  # the C parser is an order of magnitude faster; fall back when PyYAML lacks libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000  # values produced by expanding aliases (*anker), per document
MAX_VALUES = 200_000  # values (scalars, lists, objects) per document; a large contract has ~1 000

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()


@lru_cache(maxsize=4096)
def _implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged scalar (keys and short values repeat: resolve each once)."""
    return str(_resolver.resolve(yaml.ScalarNode, value, implicit))  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class Position:
    """1-based line and column of a value, and of the key that holds it."""

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


def _too_deep(line: int, column: int) -> ParseProblem:
    return ParseProblem("too-deep", f"Het document is dieper genest dan {MAX_DEPTH} niveaus.",
                        f"The document is nested deeper than {MAX_DEPTH} levels.", line, column)


def _unsafe_tag(tag: str, line: int, column: int) -> ParseProblem:
    return ParseProblem("unsafe-tag", f"De YAML-tag '{tag}' wordt niet toegestaan.",
                        f"The YAML tag '{tag}' is not allowed.", line, column)


def _key_not_text(line: int, column: int) -> ParseProblem:
    return ParseProblem("syntax", "Een sleutel moet tekst zijn.", "A key must be text.",
                        line, column)


@dataclass
class ParsedFile:
    data: Any
    positions: dict[str, Position] = field(default_factory=dict)


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def decode(raw: bytes) -> str:
    """UTF-8 (a byte-order mark is accepted); anything else is a problem at its exact place."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise ParseProblem(
            "encoding",
            f"Het bestand is geen geldige UTF-8-tekst (byte 0x{byte}); sla het op als UTF-8.",
            f"The file is not valid UTF-8 text (byte 0x{byte}); save it as UTF-8.",
            line, column,
        ) from None


def parse(text: str, *, is_json: bool = False) -> ParsedFile:
    """Parse a single YAML (or JSON) document into data and positions."""
    if not text.strip():
        raise ParseProblem("empty", "Het bestand is leeg.", "The file is empty.")
    if is_json:
        _check_json(text)
        # JSON allows tabs as whitespace where YAML does not; raw tabs cannot occur inside
        # JSON strings, so replacing them one for one keeps every column.
        text = text.replace("\t", " ")
    loader = None
    try:
        loader = _Loader(text)
        return _Composer(loader).single_document()
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_TOO_DEEP and exc.problem_mark is not None:
            _too_deep_before(text, exc.problem_mark.line, exc.problem_mark.column)
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "syntaxfout").strip()
        context = (exc.context or "").strip()
        where = ""
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            where = f" ({context}, begonnen op regel {exc.context_mark.line + 1})"
        elif context:
            where = f" ({context})"
        lines = text.splitlines()
        explained = syntax_message(problem, lines[mark.line] if mark and
                                   mark.line < len(lines) else "")
        if explained is not None:  # a common mistake: say what it is and how to write it
            start = exc.context_mark.line + 1 if exc.context_mark is not None else 0
            also = (f" (zie ook regel {start})", f" (see also line {start})") \
                if context.startswith("while parsing") and start and mark is not None and \
                start != mark.line + 1 else ("", "")  # where the list or block began
            raise ParseProblem(
                "syntax", f"YAML-syntaxfout: {explained[0]}{also[0]}.",
                f"YAML syntax error: {explained[1]}{also[1]}.", (mark.line + 1) if mark else 1,
                (mark.column + 1) if mark else 1) from None
        raise ParseProblem(
            "syntax",
            f"YAML-syntaxfout: {problem}{where}.",
            f"YAML syntax error: {problem}{where.replace('begonnen op regel', 'started on line')}.",
            (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at a byte offset
        line, column = _line_column(text, exc.position)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        raise ParseProblem(
            "syntax", f"Het bestand bevat een teken dat YAML niet toestaat ({code}), zoals een "
            "stuurteken; verwijder het.",
            f"The file holds a character YAML does not allow ({code}), such as a control "
            "character; remove it.", line, column) from None
    except yaml.YAMLError as exc:
        raise ParseProblem("syntax", f"YAML-fout: {exc}", f"YAML error: {exc}") from None
    except UnicodeError:  # text that cannot be UTF-8 (lone surrogates): not from a file
        raise ParseProblem("encoding", "De tekst is geen geldige Unicode.",
                           "The text is not valid Unicode.") from None
    except RecursionError:  # pragma: no cover - the composer does not recurse
        raise ParseProblem("too-deep", "Het document is te diep genest.",
                           "The document is nested too deeply.") from None
    finally:
        if loader is not None:
            loader.dispose()


_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"  # libyaml >= 0.2.6, at 1 000 levels


def _too_deep_before(text: str, line: int, column: int) -> None:
    """Raise the too-deep problem of a document that libyaml refused for its own nesting limit.

    libyaml's scanner reads up to 1 024 characters ahead of the events it hands over, so its
    limit (1 000 levels since libyaml 0.2.6) can stop a document before the composer sees the
    first value past MAX_DEPTH. Every level libyaml counted lies in the text before its error,
    so composing just that text finds the same place (and the same finding) an older libyaml or
    the pure-Python parser would."""
    starts = [0] + [m.end() for m in _YAML_LINE_BREAK.finditer(text)]
    end = starts[line] + column if line < len(starts) else len(text)
    loader = _Loader(text[:end])
    try:
        _Composer(loader).single_document()
    except ParseProblem as problem:
        if problem.code == "too-deep":
            raise
    except yaml.YAMLError:
        pass  # the cut text ends in the middle of a value: not the problem to report
    finally:
        loader.dispose()
    raise ParseProblem(  # pragma: no cover - libyaml's limit lies far beyond MAX_DEPTH
        "too-deep", f"Het document is dieper genest dan {MAX_DEPTH} niveaus.",
        f"The document is nested deeper than {MAX_DEPTH} levels.", line + 1, column + 1)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a reader error's offset into ``text``: libyaml
    counts UTF-8 bytes, PyYAML's own reader characters."""
    if _Loader.__name__.startswith("C"):
        before = text.encode("utf-8", "surrogatepass")[: max(0, offset)].decode("utf-8", "ignore")
    else:  # pragma: no cover - depends on the PyYAML build
        before = text[: max(0, offset)]
    breaks = list(_YAML_LINE_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(before) - line_start + 1


_JSON_MESSAGES = {
    "Expecting property name enclosed in double quotes":
        "verwacht een veldnaam tussen dubbele aanhalingstekens (staat er een komma te veel?)",
    "Expecting value": "verwacht een waarde (staat er een komma te veel, of ontbreekt er iets?)",
    "Expecting ',' delimiter": "verwacht een komma tussen twee elementen",
    "Expecting ':' delimiter": "verwacht een dubbele punt na de veldnaam",
    "Extra data": "er staat nog tekst na het einde van het document",
    "Unterminated string starting at": "een tekst wordt niet afgesloten met een aanhalingsteken",
    "Invalid control character at": "ongeldig stuurteken in een tekst",
}


def _check_json(text: str) -> None:
    """A .json file must be JSON: YAML would quietly accept comments or trailing commas."""
    import json

    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        dutch = _JSON_MESSAGES.get(exc.msg, exc.msg)
        raise ParseProblem("syntax", f"JSON-syntaxfout: {dutch}.", f"JSON syntax error: {exc.msg}.",
                           exc.lineno, exc.colno) from None
    except RecursionError:
        pass  # too deep for json: the composer stops at the exact place where it is too deep


@dataclass
class _Open:
    """A list or object whose end event has not come yet."""

    value: Any
    is_map: bool
    pointer: str
    anchor: str | None
    first: int  # index into _Composer.order where this value's positions start
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


class _Composer:
    """Events to data and positions, with every limit checked as the events arrive."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.positions: dict[str, Position] = {}
        self.order: list[tuple[str, Position]] = []  # positions inside anchored values
        self.recording = 0  # anchored values open now
        self.anchors: dict[str, _Anchor] = {}
        self.anchor_marks: dict[str, Any] = {}
        self.values = 0
        self.alias_values = 0

    def single_document(self) -> ParsedFile:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise ParseProblem("empty", "Het bestand bevat geen document.",
                               "The file holds no document.")
        loader.get_event()  # document start
        root_mark = loader.peek_event().start_mark
        data = self.compose()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", root_mark,
                "but found another document", event.start_mark)
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
                    raise _too_deep(line, column)
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
                        tag = self._tag(event, yaml.ScalarNode)
                        value, height = self._scalar(tag, event.value, line, column), 0
                        self._put(pointer, position)
                        if anchor is not None:
                            self.anchors[anchor] = _Anchor(value, [("", position)], 0, False,
                                                           event.value)
                    else:
                        is_map = kind is yaml.MappingStartEvent
                        tag = self._tag(event, yaml.MappingNode if is_map else yaml.SequenceNode)
                        self._check_tag(tag, _MAP if is_map else _SEQ, line, column)
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
            raise ParseProblem(
                "too-many-values",
                f"Het document bevat meer dan {MAX_VALUES} waarden; splits het in kleinere "
                "bestanden.",
                f"The document holds more than {MAX_VALUES} values; split it into smaller files.",
                line, column)

    def _mark_anchor(self, anchor: str, mark: Any) -> None:
        if anchor in self.anchor_marks:
            raise yaml.composer.ComposerError("found duplicate anchor; first occurrence",
                                              self.anchor_marks[anchor], "second occurrence", mark)
        self.anchor_marks[anchor] = mark

    def _unknown_alias(self, event: Any) -> yaml.composer.ComposerError:
        what = "recursive" if event.anchor in self.anchor_marks else "undefined"
        return yaml.composer.ComposerError(None, None, f"found {what} alias {event.anchor!r}",
                                           event.start_mark)

    def _tag(self, event: Any, kind: type) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if kind is not yaml.ScalarNode:
                return str(self.loader.resolve(kind, None, event.implicit))
            value = event.value
            if len(value) <= 64:
                return _implicit_tag(value, event.implicit)
            return str(self.loader.resolve(kind, value, event.implicit))
        return str(tag)

    def _alias(self, event: Any, pointer: str, key_line: int, key_column: int,
               depth: int) -> tuple[Any, int]:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise self._unknown_alias(event)
        if depth + anchor.height > MAX_DEPTH:
            raise _too_deep(line, column)
        size = len(anchor.entries)
        if anchor.collection:
            # "Billion laughs": each alias may stand for a large value; count what it expands
            # to before expanding it, so that a bomb is refused at once.
            self.alias_values += size
            if self.alias_values > MAX_ALIAS_NODES:
                raise ParseProblem(
                    "alias-limit",
                    "Het document gebruikt te veel aliassen (*anker); schrijf de waarden uit.",
                    "The document expands too many aliases (*anchor); write the values out.",
                    line, column)
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
                raise _key_not_text(kline, kcol)
            name = anchor.raw
        elif not isinstance(event, yaml.ScalarEvent):
            raise _key_not_text(kline, kcol)
        else:
            tag = self._tag(event, yaml.ScalarNode)
            if tag == "tag:yaml.org,2002:merge":
                raise ParseProblem(
                    "unsafe-tag", "Samenvoegsleutels ('<<') worden niet ondersteund; schrijf de "
                    "velden uit.", "Merge keys ('<<') are not supported; write the fields out.",
                    kline, kcol)
            self._scalar(tag, event.value, kline, kcol)  # refuses unsafe tags on keys too
            name = event.value  # keys such as 2015 or ja stay text
            if event.anchor is not None:
                self._mark_anchor(event.anchor, event.start_mark)
                position = Position(kline, kcol, kline, kcol)
                self.anchors[event.anchor] = _Anchor(
                    self._scalar(tag, event.value, kline, kcol), [("", position)], 0, False,
                    event.value)
        if name in parent.value:
            first = self.positions[f"{parent.pointer}/{escape_pointer_token(name)}"]
            raise ParseProblem(
                "duplicate-key",
                f"Sleutel '{name}' staat dubbel in dit object (eerder op regel "
                f"{first.key_line}); alleen één waarde kan gelden.",
                f"Key '{name}' appears twice in this mapping (first on line "
                f"{first.key_line}); only one value can apply.", kline, kcol)
        parent.key, parent.key_line, parent.key_column = name, kline, kcol

    @staticmethod
    def _check_tag(tag: str, expected: str, line: int, column: int) -> None:
        if tag != expected:
            raise _unsafe_tag(tag, line, column)

    @staticmethod
    def _scalar(tag: str, text: str, line: int, column: int) -> Any:
        if tag not in _SCALAR_TAGS:
            raise _unsafe_tag(tag, line, column)
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            return text  # dates stay ISO text; the rule engine reads them as dates
        if tag == "tag:yaml.org,2002:null":
            return None
        node = yaml.ScalarNode(tag, text)
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        value = _constructor.construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseProblem("syntax", "Getallen als .nan en .inf zijn niet toegestaan.",
                               "Numbers such as .nan and .inf are not allowed.", line, column)
        return value
