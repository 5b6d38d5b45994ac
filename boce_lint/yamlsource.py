"""Parse one YAML or JSON file safely into plain data plus the position of every value.

PyYAML's C composer builds a node tree (no Python objects are constructed from tags); we turn
that tree into JSON-like data ourselves so that we can refuse unsafe tags, limit alias
expansion and nesting depth, report duplicate keys, and remember where each value stands
(keyed by JSON pointer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C composer is an order of magnitude faster; fall back when PyYAML lacks libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_constructor = yaml.constructor.SafeConstructor()


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
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "syntaxfout").strip()
        context = (exc.context or "").strip()
        where = ""
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            where = f" ({context}, begonnen op regel {exc.context_mark.line + 1})"
        elif context:
            where = f" ({context})"
        raise ParseProblem(
            "syntax",
            f"YAML-syntaxfout: {problem}{where}.",
            f"YAML syntax error: {problem}{where.replace('begonnen op regel', 'started on line')}.",
            (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
        ) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position too
        line = getattr(exc, "line", 0) + 1 if hasattr(exc, "line") else 1
        column = getattr(exc, "column", 0) + 1 if hasattr(exc, "column") else 1
        raise ParseProblem("syntax", f"YAML-fout: {exc}", f"YAML error: {exc}", line, column) \
            from None
    except RecursionError:
        raise ParseProblem("too-deep", "Het document is te diep genest.",
                           "The document is nested too deeply.") from None
    if node is None:
        raise ParseProblem("empty", "Het bestand bevat geen document.", "The file holds no document.")
    converter = _Converter()
    data = converter.convert(node, "", None, 0)
    return ParsedFile(data, converter.positions)


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
        raise ParseProblem("too-deep", "Het document is te diep genest.",
                           "The document is nested too deeply.") from None


class _Converter:
    def __init__(self) -> None:
        self.positions: dict[str, Position] = {}
        self.seen: set[int] = set()
        self.alias_nodes = 0

    def convert(self, node: yaml.Node, pointer: str, key: yaml.Node | None, depth: int) -> Any:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if depth > MAX_DEPTH:
            raise ParseProblem(
                "too-deep", f"Het document is dieper genest dan {MAX_DEPTH} niveaus.",
                f"The document is nested deeper than {MAX_DEPTH} levels.", line, column)
        if id(node) in self.seen:
            # An alias: the same node again. Count what it expands to, so that
            # "billion laughs" documents are refused long before they fill memory.
            self.alias_nodes += 1
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise ParseProblem(
                    "alias-limit",
                    "Het document gebruikt te veel aliassen (*anker); schrijf de waarden uit.",
                    "The document expands too many aliases (*anchor); write the values out.",
                    line, column)
        elif isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.seen.add(id(node))
        key_line, key_column = (
            (key.start_mark.line + 1, key.start_mark.column + 1) if key is not None else (line, column)
        )
        self.positions[pointer] = Position(line, column, key_line, key_column)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line, column)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ, line, column)
            return [self.convert(item, f"{pointer}/{i}", None, depth + 1)
                    for i, item in enumerate(node.value)]
        self._check_tag(node, _MAP, line, column)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise ParseProblem("syntax", "Een sleutel moet tekst zijn.",
                                   "A key must be text.", kline, kcol)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ParseProblem(
                    "unsafe-tag", "Samenvoegsleutels ('<<') worden niet ondersteund; schrijf de "
                    "velden uit.", "Merge keys ('<<') are not supported; write the fields out.",
                    kline, kcol)
            self._scalar(key_node, kline, kcol)  # refuses unsafe tags on keys too
            name = key_node.value  # keys such as 2015 or ja stay text
            if name in result:
                first = self.positions[f"{pointer}/{escape_pointer_token(name)}"]
                raise ParseProblem(
                    "duplicate-key",
                    f"Sleutel '{name}' staat dubbel in dit object (eerder op regel "
                    f"{first.key_line}); alleen één waarde kan gelden.",
                    f"Key '{name}' appears twice in this mapping (first on line "
                    f"{first.key_line}); only one value can apply.", kline, kcol)
            result[name] = self.convert(
                value_node, f"{pointer}/{escape_pointer_token(name)}", key_node, depth + 1)
        return result

    @staticmethod
    def _check_tag(node: yaml.Node, expected: str, line: int, column: int) -> None:
        if node.tag != expected:
            raise ParseProblem(
                "unsafe-tag", f"De YAML-tag '{node.tag}' wordt niet toegestaan.",
                f"The YAML tag '{node.tag}' is not allowed.", line, column)

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise ParseProblem(
                "unsafe-tag", f"De YAML-tag '{tag}' wordt niet toegestaan.",
                f"The YAML tag '{tag}' is not allowed.", line, column)
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay ISO text; the rule engine reads them as dates
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        value = _constructor.construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseProblem("syntax", "Getallen als .nan en .inf zijn niet toegestaan.",
                               "Numbers such as .nan and .inf are not allowed.", line, column)
        return value
