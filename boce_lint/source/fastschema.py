"""A fast yes/no schema check: the shipped JSON Schemas compiled once into Python source.

``jsonschema`` builds an error object per keyword it visits, which makes validating a valid
document cost about a millisecond. Almost every document is valid, so the loader first asks
this compiled predicate; only a document it rejects goes through ``jsonschema`` to produce the
findings. The predicate implements exactly the keywords the shipped schemas use with the same
semantics as ``Draft202012Validator(schema, format_checker=FormatChecker()).is_valid`` (a test
compares the two on every fixture); a schema with any other keyword is not compiled, and then
``jsonschema`` decides alone. With the C accelerator the same schema, written as data
(:class:`Program`), is checked in C, about twice as fast; the Python source is then not made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache, partial
from types import CodeType
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = {"title", "description", "default", "examples", "$schema", "$id", "$defs",
            "x-verwijzing", "x-type", "x-fase", "$comment"}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


# jsonschema's "date" format check, here so that checking a repository does not import it
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_date(value: str) -> bool:
    try:
        return bool(_DATE.fullmatch(value) and dt.date.fromisoformat(value))
    except ValueError:
        return False


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's ``enum``/``const`` see it: ``True`` is not ``1``."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(i, j) for i, j in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(k in two and equal(v, two[k]) for k, v in one.items())
    return bool(_unbool(one) == _unbool(two))


def _unbool(value: Any) -> Any:
    """A boolean as something no number equals (jsonschema's ``unbool``)."""
    return ("bool", value) if isinstance(value, bool) else value


# Each keyword as an inline expression over a variable (``{x}``), with jsonschema's meaning:
# a keyword about strings passes any other type, and so on.
_TYPES = {
    "string": "isinstance({x}, str)",
    "object": "isinstance({x}, dict)",
    "array": "isinstance({x}, list)",
    "null": "{x} is None",
    "boolean": "isinstance({x}, bool)",
    "number": "(isinstance({x}, (int, float)) and not isinstance({x}, bool))",
    "integer": "(not isinstance({x}, bool) and (isinstance({x}, int) or "
               "isinstance({x}, float) and {x}.is_integer()))",
}
_STRUCTURE = ("properties", "additionalProperties", "items")  # need a loop: their own function


def _any_equal(options: tuple[Any, ...], v: Any) -> bool:
    return any(equal(e, v) for e in options)


class _Compiler:
    """Writes a schema as Python source: a function per definition, per object and per list,
    every other keyword inline (one call per object instead of one per keyword)."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.constants: dict[str, Any] = {"equal": equal, "_any_equal": _any_equal,
                                          "_is_date": _is_date, "_MISSING": _MISSING}
        self.functions: list[str] = []
        self.refs: dict[str, str] = {}
        self.made = 0  # functions named so far

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name

    def ref(self, target: str) -> str:
        if not target.startswith("#/$defs/"):
            raise Unsupported(target)
        if target not in self.refs:
            name = f"_d{len(self.refs)}"
            self.refs[target] = name  # before compiling: definitions may refer to themselves
            self.function(self.root["$defs"][target.rsplit("/", 1)[-1]], name)
        return self.refs[target]

    def function(self, schema: Any, name: str) -> str:
        """``def name(v)``: whether ``v`` is valid against ``schema``."""
        lines = [f"def {name}(v):"]
        if isinstance(schema, dict) and any(key in schema for key in _STRUCTURE):
            flat = {k: a for k, a in schema.items() if k not in _STRUCTURE}
            lines.append(f"    if not {self.expression(flat, 'v')}:")
            lines.append("        return False")
            if "items" in schema:
                lines += ["    if isinstance(v, list):", "        for x in v:",
                          f"            if not {self.expression(schema['items'], 'x')}:",
                          "                return False"]
            if "properties" in schema or "additionalProperties" in schema:
                lines += self._object(schema)
            lines.append("    return True")
        else:
            lines.append(f"    return {self.expression(schema, 'v')}")
        self.functions.append("\n".join(lines))
        return name

    def _object(self, schema: dict[str, Any]) -> list[str]:
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        lines = ["    if isinstance(v, dict):"]
        for key, sub in properties.items():
            lines += [f"        x = v.get({self.constant(key)}, _MISSING)",
                      f"        if x is not _MISSING and not {self.expression(sub, 'x')}:",
                      "            return False"]
        known = self.constant(frozenset(properties))
        if extra is False:
            lines += [f"        if not v.keys() <= {known}:", "            return False"]
        elif extra is not True:
            lines += ["        for k, x in v.items():",
                      f"            if k not in {known} and not {self.expression(extra, 'x')}:",
                      "                return False"]
        return lines

    def expression(self, schema: Any, x: str) -> str:
        """A Python expression: whether the variable ``x`` is valid against ``schema``."""
        if schema is True or schema == {}:
            return "True"
        if schema is False:
            return "False"
        if any(key in schema for key in _STRUCTURE):
            self.made += 1
            return f"{self.function(schema, f'_n{self.made}')}({x})"
        parts = [self._keyword(key, arg, x) for key, arg in schema.items() if key not in _IGNORED]
        return "(" + " and ".join(parts) + ")" if parts else "True"

    def _keyword(self, key: str, arg: Any, x: str) -> str:
        if key == "type":
            types = arg if isinstance(arg, list) else [arg]
            return "(" + " or ".join(_TYPES[t].format(x=x) for t in types) + ")"
        if key == "$ref":
            return f"{self.ref(arg)}({x})"
        if key == "anyOf":
            return "(" + " or ".join(self.expression(s, x) for s in arg) + ")"
        if key == "enum":
            if all(isinstance(e, str) for e in arg):
                return f"(isinstance({x}, str) and {x} in {self.constant(frozenset(arg))})"
            return f"_any_equal({self.constant(tuple(arg))}, {x})"
        if key == "const":
            return f"equal({x}, {self.constant(arg)})"
        if key == "pattern":
            pattern = self.constant(re.compile(arg))
            return f"(not isinstance({x}, str) or {pattern}.search({x}) is not None)"
        if key == "format":
            if arg != "date":
                raise Unsupported(f"format {arg}")
            return f"(not isinstance({x}, str) or _is_date({x}))"
        if key in ("minimum", "maximum"):
            bound = self.constant(arg)
            return (f"(not isinstance({x}, (int, float)) or isinstance({x}, bool) or "
                    f"{x} {'>=' if key == 'minimum' else '<='} {bound})")
        if key == "required":
            names = " and ".join(f"{self.constant(n)} in {x}" for n in arg) or "True"
            return f"(not isinstance({x}, dict) or ({names}))"
        raise Unsupported(key)


# The operations of a Program (the C accelerator's numbers for them, _fastyaml.c)
(_OP_FALSE, _OP_TYPE, _OP_REF, _OP_ANYOF, _OP_ENUM_TEXT, _OP_ENUM, _OP_CONST, _OP_PATTERN,
 _OP_DATE, _OP_MINIMUM, _OP_MAXIMUM, _OP_REQUIRED, _OP_PROPERTIES, _OP_NO_OTHERS, _OP_OTHERS,
 _OP_ITEMS, _OP_RUNS) = range(17)
_TYPE_BITS = {"string": 1, "object": 2, "array": 4, "null": 8, "boolean": 16, "number": 32,
              "integer": 64}


class Program:
    """A schema as data for the C accelerator's check: a node is a tuple of operations that
    must all hold, each ``(code, argument...)`` meaning what the same keyword means in the
    Python source (:class:`_Compiler`); definitions are nodes in a list, referred to by index
    (a definition may refer to itself)."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.defs: list[tuple[Any, ...]] = []
        self.refs: dict[str, int] = {}

    @classmethod
    def of(cls, kind: str) -> tuple[Any, ...] | None:
        """``(root node, definitions)``, or None when the schema uses a keyword the check does
        not implement (made once per installation: ``schemafacts``)."""
        from boce_lint.source.schemas import schema_for

        program = cls(schema_for(kind))
        try:
            root = program.node(program.root)
        except (Unsupported, KeyError, re.error, RecursionError):
            return None
        return root, program.defs

    def node(self, schema: Any) -> tuple[Any, ...]:
        if schema is True or schema == {}:
            return ()
        if schema is False:
            return ((_OP_FALSE,),)
        ops = [self._op(key, arg) for key, arg in schema.items()
               if key not in _IGNORED and key not in _STRUCTURE]
        if "items" in schema:
            ops.append((_OP_ITEMS, self.node(schema["items"])))
        if "properties" in schema or "additionalProperties" in schema:
            properties = schema.get("properties", {})
            ops.append((_OP_PROPERTIES, tuple((key, self.node(sub))
                                              for key, sub in properties.items())))
            extra = schema.get("additionalProperties", True)
            if extra is False:
                ops.append((_OP_NO_OTHERS, frozenset(properties)))
            elif extra is not True:
                ops.append((_OP_OTHERS, frozenset(properties), self.node(extra)))
        return tuple(ops)

    def _op(self, key: str, arg: Any) -> tuple[Any, ...]:
        if key == "type":
            types = arg if isinstance(arg, list) else [arg]
            return (_OP_TYPE, sum({_TYPE_BITS[t] for t in types}))
        if key == "$ref":
            if not arg.startswith("#/$defs/"):
                raise Unsupported(arg)
            if arg not in self.refs:
                self.refs[arg] = len(self.defs)
                self.defs.append(())  # before compiling: definitions may refer to themselves
                self.defs[self.refs[arg]] = self.node(
                    self.root["$defs"][arg.rsplit("/", 1)[-1]])
            return (_OP_REF, self.refs[arg])
        if key == "anyOf":
            return (_OP_ANYOF, tuple(self.node(s) for s in arg))
        if key == "enum":
            if all(isinstance(e, str) for e in arg):
                return (_OP_ENUM_TEXT, frozenset(arg))
            return (_OP_ENUM, tuple(arg))
        if key == "const":
            return (_OP_CONST, arg)
        if key == "pattern":
            runs = character_runs(arg)
            if runs is not None:  # matched in C, as re.search would
                return (_OP_RUNS, runs)
            return (_OP_PATTERN, re.compile(arg).search)
        if key == "format":
            if arg != "date":
                raise Unsupported(f"format {arg}")
            return (_OP_DATE,)
        if key in ("minimum", "maximum"):
            return (_OP_MINIMUM if key == "minimum" else _OP_MAXIMUM, arg)
        if key == "required":
            return (_OP_REQUIRED, tuple(arg))
        raise Unsupported(key)


_CLASS_CHARACTER = r"\\[!-/:-@\[-`{-~]|[0-9A-Za-z_.]"  # ASCII only (compiled when used)
_QUANTIFIERS = {"": (1, 1), "?": (0, 1), "*": (0, 255), "+": (1, 255)}  # 255: no limit


@cache
def character_runs(pattern: str) -> bytes | None:
    """A pattern that is only runs of characters between ``^`` and ``$`` (each a character or a
    class of ASCII characters and ranges, perhaps followed by ``?``, ``*`` or ``+``), as the
    accelerator matches it: per run the 256 bits of its characters and its least and most
    length (255: no limit). None for any other pattern (``re`` searches it)."""
    if not (pattern.startswith("^") and pattern.endswith("$")) or pattern.endswith("\\$"):
        return None
    body, at, runs = pattern[1:-1], 0, b""
    while at < len(body):
        if body[at] == "[":
            end = body.find("]", at + 1)
            chars = _class_characters(body[at + 1:end]) if end > at else None
            at = end + 1
        else:
            found = re.compile(_CLASS_CHARACTER).match(body, at)
            chars = {found.group()[-1]} if found and found.group() != "." else None
            at = found.end() if found else at
        if not chars or len(runs) >= 8 * 34:
            return None
        quantifier = body[at] if at < len(body) and body[at] in "?*+" else ""
        at += len(quantifier)
        bits = sum(1 << ord(c) for c in chars).to_bytes(32, "little")
        runs += bits + bytes(_QUANTIFIERS[quantifier])
    return runs


def _class_characters(inside: str) -> set[str] | None:
    """The characters of a class ``[...]`` written as ASCII letters, digits, ``_``, ``.``,
    escaped punctuation, ranges of letters or digits and a ``-`` first or last."""
    chars: set[str] = set()
    at = 0
    while at < len(inside):
        if inside[at] == "-" and at in (0, len(inside) - 1):
            chars.add("-")
            at += 1
            continue
        found = re.compile(_CLASS_CHARACTER).match(inside, at)
        if found is None:
            return None
        first = found.group()[-1]
        at = found.end()
        if at + 1 < len(inside) and inside[at] == "-" and found.group()[0] != "\\":
            last = inside[at + 1]
            if not (first.isalnum() and last.isascii() and last.isalnum() and first <= last):
                return None
            chars.update(chr(c) for c in range(ord(first), ord(last) + 1))
            at += 2
        else:
            chars.add(first)
    return chars or None


class _Missing:
    """What ``dict.get`` answers for an absent property (None is a value)."""


_MISSING = _Missing()


@cache
def valid_check(kind: str) -> Check | None:
    """The compiled predicate for a document kind, or None when its schema cannot be compiled:
    with the C accelerator its check of the schema as a :class:`Program` (a test compares the
    two on every fixture and variants of them), else the Python source compiled here."""
    from boce_lint.source.schemafacts import facts
    from boce_lint.source.yamlsource import _native

    native = _native()
    program = facts(kind).program if native is not None else None
    if native is None or program is None:
        return python_check(kind)
    return partial(native.check, (*program, equal, _any_equal, _is_date))


@cache
def python_check(kind: str) -> Check | None:
    """The schema of a kind compiled into Python source (None: it cannot be)."""
    from boce_lint.source.schemas import schema_for

    schema = schema_for(kind)
    compiler = _Compiler(schema)
    namespace = compiler.constants  # names and patterns are never written into the source
    try:
        compiler.function(schema, "_root")
        exec(_compiled("\n\n".join(compiler.functions), kind), namespace)
    except (Unsupported, KeyError, re.error, SyntaxError, RecursionError):
        return None
    check: Check = namespace["_root"]
    return check


def _compiled(source: str, kind: str) -> CodeType:
    """``compile(source)``, kept in the user's cache folder (signed, keyed by the source and
    boce-lint's code, as the compiled rules are): compiling a large schema's check costs up to
    20 ms, reading it back a fraction of one."""
    import hashlib
    import marshal

    from boce_lint.run.cache import user_cache

    store = user_cache("schemas")
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()
    entry = store.read(key) if store is not None else None
    if entry is not None and isinstance(entry.get("code"), bytes):
        with contextlib.suppress(ValueError, EOFError, TypeError):
            code = marshal.loads(entry["code"])
            if isinstance(code, CodeType):
                return code
    code = compile(source, f"<schema {kind}>", "exec")
    if store is not None:
        store.write(key, {"code": marshal.dumps(code)})
    return code
