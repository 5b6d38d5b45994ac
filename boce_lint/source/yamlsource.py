"""Parse one YAML or JSON file safely into plain data plus the position of every value.

The composing (events to data, positions and limits) is in composer.py, or in its optional C
accelerator (_fastyaml.c, see accelerator.py); here are what both share: the text checks before
it (encoding, empty file, JSON) and the wording of libyaml's syntax errors after it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from boce_lint.source.messages import syntax_message
from boce_lint.source.positions import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_VALUES,
    PackedPositions,
    ParsedFile,
    ParseProblem,
    Position,
    escape_pointer_token,
)

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_VALUES", "ParseProblem", "ParsedFile", "Position",
           "decode", "escape_pointer_token", "parse"]


@cache
def _native() -> ModuleType | None:
    """The C accelerator, loaded at the first parse (a check whose files are all cached
    imports neither it nor PyYAML)."""
    from boce_lint.source import accelerator

    return accelerator.load()


def compose_native(text: str, utf8: bytes | None = None) -> ParsedFile:
    """Compose with the C accelerator (only when accelerator.load() found it), from the text's
    UTF-8 when the caller has it (the file's bytes: not encoded again); its positions stay
    packed until one is asked."""
    from boce_lint.source.problems import problem
    from boce_lint.source.scalars import scalar_value

    native = _native()
    assert native is not None
    data, packed, hints = native.compose(text if utf8 is None else utf8, MAX_DEPTH, MAX_VALUES,
                                         MAX_ALIAS_NODES, scalar_value, problem)
    return ParsedFile(data, PackedPositions(packed), bool(hints & _HINT_DUTCH),
                      bool(hints & _HINT_FAR_DATE))


_HINT_DUTCH, _HINT_FAR_DATE = 1, 2  # the accelerator's hint bits (_fastyaml.c)


def compose_pure(text: str) -> ParsedFile:
    from boce_lint.source import composer

    return composer.compose_pure(text)


def utf8_body(raw: bytes) -> bytes:
    """The bytes of a file without its UTF-8 byte-order mark, if it has one."""
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def decode(raw: bytes) -> str:
    """UTF-8 (a byte-order mark is accepted); anything else is a problem at its exact place."""
    raw = utf8_body(raw)
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


def parse(text: str, *, is_json: bool = False, native: bool | None = None,
          utf8: bytes | None = None) -> ParsedFile:
    """Parse a single YAML (or JSON) document into data and positions: with the C accelerator
    when it is there (``native`` None) or asked for (True), else in Python; the same result.
    ``utf8`` is the text as UTF-8 when the caller has it (``utf8_body`` of the file's bytes)."""
    if not text or text.isspace():  # (no stripped copy of a large file)
        raise ParseProblem("empty", "Het bestand is leeg.", "The file is empty.")
    if is_json:
        _check_json(text)
        # JSON allows tabs as whitespace where YAML does not; raw tabs cannot occur inside
        # JSON strings, so replacing them one for one keeps every column.
        text = text.replace("\t", " ")
        utf8 = None
    compose = compose_native if (_native() is not None if native is None else native) \
        else compose_pure
    try:
        return compose_native(text, utf8) if compose is compose_native else compose(text)
    except ParseProblem:
        raise
    except UnicodeError:  # text that cannot be UTF-8 (lone surrogates): not from a file
        raise ParseProblem("encoding", "De tekst is geen geldige Unicode.",
                           "The text is not valid Unicode.") from None
    except RecursionError:  # pragma: no cover - the composer does not recurse
        raise ParseProblem("too-deep", "Het document is te diep genest.",
                           "The document is nested too deeply.") from None
    except Exception as exc:  # PyYAML's errors: PyYAML is imported once one is made
        yaml = sys.modules.get("yaml")
        if yaml is None or not isinstance(exc, yaml.YAMLError):
            raise
        raise _yaml_problem(exc, text, compose) from None


def _yaml_problem(exc: Any, text: str, compose: Callable[[str], ParsedFile]) -> ParseProblem:
    """A PyYAML error (libyaml's, or one the composer made) in the project's words."""
    import yaml

    from boce_lint.source.composer import Loader

    if isinstance(exc, yaml.MarkedYAMLError):
        if exc.problem == _LIBYAML_TOO_DEEP and exc.problem_mark is not None:
            _too_deep_before(text, exc.problem_mark.line, exc.problem_mark.column, compose)
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
            return ParseProblem(
                "syntax", f"YAML-syntaxfout: {explained[0]}{also[0]}.",
                f"YAML syntax error: {explained[1]}{also[1]}.", (mark.line + 1) if mark else 1,
                (mark.column + 1) if mark else 1)
        return ParseProblem(
            "syntax",
            f"YAML-syntaxfout: {problem}{where}.",
            f"YAML syntax error: {problem}{where.replace('begonnen op regel', 'started on line')}.",
            (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
        )
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, at a byte
        line, column = _line_column(text, exc.position, compose is compose_native or
                                    Loader.__name__.startswith("C"))
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        return ParseProblem(
            "syntax", f"Het bestand bevat een teken dat YAML niet toestaat ({code}), zoals een "
            "stuurteken; verwijder het.",
            f"The file holds a character YAML does not allow ({code}), such as a control "
            "character; remove it.", line, column)
    return ParseProblem("syntax", f"YAML-fout: {exc}", f"YAML error: {exc}")


_YAML_LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"  # (compiled by re for an error only)
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"  # libyaml >= 0.2.6, at 1 000 levels


def _too_deep_before(text: str, line: int, column: int,
                     compose: Callable[[str], ParsedFile] = compose_pure) -> None:
    """Raise the too-deep problem of a document that libyaml refused for its own nesting limit.

    libyaml's scanner reads up to 1 024 characters ahead of the events it hands over, so its
    limit (1 000 levels since libyaml 0.2.6) can stop a document before the composer sees the
    first value past MAX_DEPTH. Every level libyaml counted lies in the text before its error,
    so composing just that text finds the same place (and the same finding) an older libyaml or
    the pure-Python parser would."""
    import yaml

    starts = [0] + [m.end() for m in re.finditer(_YAML_LINE_BREAK, text)]
    end = starts[line] + column if line < len(starts) else len(text)
    try:
        compose(text[:end])
    except ParseProblem as cut:
        if cut.code == "too-deep":
            raise
    except yaml.YAMLError:
        pass  # the cut text ends in the middle of a value: not the problem to report
    raise ParseProblem(  # pragma: no cover - libyaml's limit lies far beyond MAX_DEPTH
        "too-deep", f"Het document is dieper genest dan {MAX_DEPTH} niveaus.",
        f"The document is nested deeper than {MAX_DEPTH} levels.", line + 1, column + 1)


def _line_column(text: str, offset: int, in_bytes: bool) -> tuple[int, int]:
    """1-based line and column (in characters) of a reader error's offset into ``text``: libyaml
    counts UTF-8 bytes, PyYAML's own reader characters."""
    if in_bytes:
        before = text.encode("utf-8", "surrogatepass")[: max(0, offset)].decode("utf-8", "ignore")
    else:  # pragma: no cover - depends on the PyYAML build
        before = text[: max(0, offset)]
    breaks = list(re.finditer(_YAML_LINE_BREAK, before))
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
