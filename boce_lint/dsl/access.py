"""Compile where a rule's values come from: the documents of a kind, the items of a list, the
leaves of a document, and paths through fields and references (checked against the schemas).

Every path can be located (its document and JSON pointer, ``Bound``), so a finding can point
at the line of the value it is about; reads use plain dictionary lookups where they can and
locate only for a finding. The code is Python source (codegen.py) over the environment ``env``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from boce_lint.dsl import ast
from boce_lint.dsl.codegen import Program
from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.types import ANY, T, fields_at, type_of
from boce_lint.source.schemas import KIND_NAMES, field_mark, field_schema, kind_mark

Code = str  # a Python expression over ``env``
Steps = tuple[tuple[str, tuple[str, ...], bool], ...]  # a path's fields (``read_path``)
Compiled = tuple[Code, T]
R = TypeVar("R")


@dataclass
class Var:
    type: T
    role: str  # subject | local | let | year


Scope = dict[str, Var]


class AccessCompiler:
    """Compiles where values come from: documents of a kind, list items, paths and references.
    The expression handlers (``compile_<NodeType>``) are added by ExpressionCompiler."""

    # untraced code binds the items of loops as locals (localloops.py) and reads paths through
    # references plainly (``_dereferenced``), and a requirement that locates nothing is
    # decided once, untraced (compiler.py); a test compiles the rules without any of these too
    # and demands the same findings
    local_loops = True

    def __init__(self, source: str, file: str) -> None:
        self.text, self.file = source, file
        self.errors: list[RuleFileError] = []
        self.program = Program("", file, 1)  # replaced for each rule (compile_rule)
        self._getters: dict[str, str] = {}
        # compiling the untraced form of a condition (``untraced``): reads inline, no trace
        self.fast = False
        # in that form, the item variables of a loop bound as Python locals (expressions.py),
        # and those of them that hold a document's data: a dict (settle.py)
        self.locals: dict[str, str] = {}
        self.dicts: set[str] = set()
        # the reads compiled so far that record a trace entry (``traced``): a condition that
        # records none locates nothing when it fails (compiler.py ``statement_Require``)
        self.trace_points = 0
        # compiling a text (wording.py): made after the rule read what it read, so no trace
        self.in_text = False

    def error(self, node: ast.Node | ast.Rule, message: str, line: int | None = None,
              column: int | None = None) -> None:
        self.errors.append(RuleFileError(self.file, line or node.line, column or node.column,
                                         message, self.text))

    def checked_only(self, check: Callable[[], R]) -> R:
        """A compile step run for its type checks and errors only: the functions it wrote into
        the rule's module are taken out again (the untraced form is what runs)."""
        mark = self.mark()
        try:
            return check()
        finally:
            self.restore(mark)

    def mark(self) -> tuple[Any, dict[str, str]]:
        """Where the rule's module and its locating functions stand, to drop what an attempt
        added (``restore``): both, or a getter could name a function taken out again."""
        return self.program.mark(), dict(self._getters)

    def restore(self, mark: tuple[Any, dict[str, str]]) -> None:
        self.program.restore(mark[0])
        self._getters = mark[1]

    def expr(self, e: ast.Expr, scope: Scope) -> Compiled:
        handler: Callable[[Any, Scope], Compiled] = getattr(self, "compile_" + type(e).__name__)
        return handler(e, scope)

    def condition(self, e: ast.Expr, scope: Scope) -> Code:
        code, typ = self.expr(e, scope)
        if typ.name not in ("waarheid", "onbekend"):
            self.error(e, f"Hier hoort een voorwaarde (waar/onwaar), maar dit is {typ.dutch()}.")
        return code

    def untraced(self, e: ast.Expr, scope: Scope) -> Code:
        """The condition as one Python expression that records no trace: what a requirement
        evaluates first. Only when it does not hold is the traced form evaluated, to say where
        the finding points (the same value: reading has no side effects but the step count,
        which the requirement restores). Compiled a second time, so its errors are dropped."""
        errors, self.errors, self.fast = self.errors, [], True
        try:
            return self.condition(e, scope)
        finally:
            self.errors, self.fast = errors, False

    def temp(self) -> str:
        """A fresh local name for an assignment expression in inline code."""
        return self.program.name("_t")

    def getter(self, bound: Code, line: int) -> str:
        """A function that locates a path (for the trace: run only for a finding)."""
        found = self._getters.get(bound)
        if found is None:
            found = self._getters[bound] = self.program.function(
                "get", "env", [f"return {bound}"], line)
        return found

    # ---- sources of items
    def source(self, src: ast.Source, scope: Scope) -> Compiled:
        """An expression for the items (``Bound``) of a source, and their type."""
        if src.collection is None:
            if src.noun not in KIND_NAMES:
                hint = difflib.get_close_matches(src.noun, KIND_NAMES, n=1)
                self.error(src, f"Onbekende documentsoort '{src.noun}'"
                           + (f"; bedoelde u '{hint[0]}'?" if hint else
                              f"; kies uit: {', '.join(KIND_NAMES)}."))
            kind = src.noun
            execution = kind_mark(kind, "x-fase") == "uitvoering"
            return (f"documents(env, {kind!r}, {execution})",
                    T("object", kind=kind) if kind in KIND_NAMES else ANY)
        if isinstance(src.collection, ast.Call) and src.collection.name == "waarden":
            return self.values_source(src.collection, scope)
        collection = src.collection
        if isinstance(collection, (ast.Var, ast.Field)):
            get, typ, keys, _ = self._path(collection, scope)
            root: ast.Expr = collection
            while isinstance(root, ast.Field):
                root = root.obj
            if isinstance(root, ast.Var) and keys is not None:
                items = (f"elements(env, {self.plain_reader(root.name, keys, scope)}, "
                         f"{self.getter(get, collection.line)})")
            else:
                items = f"located_elements({get})"
        else:
            get, typ = self.path_or_expr(collection, scope)
            items = f"located_elements({get})"
        if typ.name not in ("lijst", "onbekend"):
            self.error(collection, f"'in' verwacht een lijst, maar dit is {typ.dutch()}.")
        return items, typ.item or ANY

    def values_source(self, call: ast.Call, scope: Scope) -> Compiled:
        if len(call.args) != 1:
            self.error(call, "'waarden' neemt één document of object.")
            return "iter(())", ANY
        get, _ = self.path_or_expr(call.args[0], scope)
        return f"leaves(env, {get})", ANY

    def _inner_source(self, src: ast.Source, scope: Scope) -> tuple[Code, Scope]:
        """The items of a loop's source, and the scope with its item variable."""
        items, item_type = self.source(src, scope)
        inner = dict(scope)
        if src.var in scope:
            self.error(src, f"De naam '{src.var}' is al in gebruik in deze regel.")
        inner[src.var] = Var(item_type, "local")
        return items, inner

    # ---- paths
    def path_or_expr(self, e: ast.Expr, scope: Scope) -> Compiled:
        """A located value (``Bound``): paths keep their document and pointer, other values
        do not."""
        if isinstance(e, (ast.Var, ast.Field)):
            return self.path(e, scope)
        code, typ = self.expr(e, scope)
        return f"Bound({code})", typ

    def path(self, e: ast.Var | ast.Field, scope: Scope) -> Compiled:
        get, typ, _, _ = self._path(e, scope)
        return get, typ

    def _path(self, e: ast.Var | ast.Field, scope: Scope
              ) -> tuple[Code, T, tuple[str, ...] | None, Steps | None]:
        """The located value, the type, and -- when the path is a variable's fields that
        neither follow a reference nor depend on signing -- those field names, so that the
        value can be read with plain dictionary lookups (``plain_reader``); and when it is a
        variable's fields at all, each field's name, the kinds its reference follows and
        whether it depends on signing (``read_path``)."""
        if isinstance(e, ast.Var):
            get, typ = self._variable(e, scope)
            return get, typ, (() if e.name in scope else None), (() if e.name in scope else None)
        keys: tuple[str, ...] | None = None
        steps: Steps | None = None
        if isinstance(e.obj, (ast.Var, ast.Field)):
            parent, typ, keys, steps = self._path(e.obj, scope)
        else:
            parent, typ = self.path_or_expr(e.obj, scope)
        deref: tuple[str, ...] = ()
        if typ.name == "ref":
            deref = typ.refs
            typ = T("object", kind=typ.refs[0], path=()) if len(typ.refs) == 1 else ANY
        name = e.name
        result_type = self._field_type(e, typ)
        after_signing = self._after_signing(typ, name)
        plain = keys is not None and not deref and not after_signing
        keys = (*keys, name) if plain and keys is not None else None
        code = f"field(env, {parent}, {name!r}, {deref!r}, {after_signing})"
        return code, result_type, keys, \
            ((*steps, (name, deref, after_signing)) if steps is not None else None)

    def _variable(self, e: ast.Var, scope: Scope) -> Compiled:
        var = scope.get(e.name)
        if var is None:
            hint = difflib.get_close_matches(e.name, list(scope), n=1)
            self.error(e, f"Onbekende naam '{e.name}'"
                       + (f"; bedoelde u '{hint[0]}'?" if hint else "."))
            return "Bound(MISSING)", ANY
        return f"var_bound(env, {e.name!r})", var.type

    def _after_signing(self, typ: T, name: str) -> bool:
        """Whether the schema marks this field as existing only at or after signing."""
        if typ.name != "object" or not typ.kind:
            return False
        return bool(field_mark(typ.kind, (*typ.path, name), "x-fase") == "ondertekening")
    def plain_reader(self, name: str, keys: tuple[str, ...], scope: Scope) -> Code:
        """``plain_reader``; in untraced code inline: a subject or item is always bound as a
        ``Bound``, and each field is one dictionary lookup."""
        var = scope.get(name)
        if not self.fast or var is None:
            return plain_reader(name, keys)
        if var.role in ("let", "year"):  # bound by then, to a plain value
            value = f"env.vars[{name!r}]"
        else:
            value = self.locals.get(name) or f"env.vars[{name!r}].value"
        if not keys:
            return value
        last = f".get({keys[-1]!r}, MISSING)"
        if value in self.dicts:  # a document's data: its first field is one lookup
            if len(keys) == 1:
                return value + last
            t = self.temp()
            tests = [_is_dict(f"({t} := {value}.get({keys[0]!r}, MISSING))", t)]
            keys = keys[1:]
        elif len(keys) == 1 and value.isidentifier():  # (a local: read twice, no temp)
            return f"({value}{last} if {_is_dict(value, value)} else MISSING)"
        else:
            t = self.temp()
            tests = [_is_dict(f"({t} := {value})", t)]
        tests += [_is_dict(f"({t} := {t}.get({key!r}, MISSING))", t) for key in keys[:-1]]
        return f"({t}{last} if {' and '.join(tests)} else MISSING)"

    def _field_type(self, e: ast.Field, typ: T) -> T:
        """The type of ``e`` read from a value of type ``typ``; an unknown field is an error."""
        name = e.name
        if typ.name == "onbekend":
            return ANY
        if typ.name != "object" or not typ.kind:
            self.error(e, f"'{name}' kan niet gelezen worden uit {typ.dutch()}"
                       + ("; gebruik 'elke ... in' of 'aantal'." if typ.name == "lijst" else "."))
            return ANY
        new_path = (*typ.path, name)
        schema = field_schema(typ.kind, new_path)
        if schema is not None:
            return type_of(typ.kind, new_path, schema)
        options = fields_at(typ.kind, typ.path)
        hint = difflib.get_close_matches(name, options, n=1)
        where = typ.kind + ("." + ".".join(typ.path) if typ.path else "")
        self.error(e, f"Onbekend veld '{name}' in {where}"
                   + (f"; bedoelde u '{hint[0]}'?" if hint else f"; velden: {', '.join(options)}."))
        return ANY

    def reader(self, e: ast.Var | ast.Field, scope: Scope
               ) -> tuple[Code, T, tuple[str, str] | None]:
        """The path's plain value (dictionary lookups where it can be), its type, and -- when
        it is a field of one of the rule's own subjects, which is where a finding points (not
        quantifier items) -- the text and the function that locates it, to record in the
        trace; locating is done only for a finding."""
        get, typ, keys, steps = self._path(e, scope)
        root: ast.Expr = e
        while isinstance(root, ast.Field):
            root = root.obj
        if isinstance(root, ast.Var) and keys is not None:
            plain = self.plain_reader(root.name, keys, scope)
        elif isinstance(root, ast.Var) and steps and root.name not in self.locals:
            plain = f"read_path(env, {root.name!r}, {steps!r})"  # (a local is not in env)
        else:
            plain = (self.fast and self.local_loops and self._dereferenced(e, scope)) \
                or f"{get}.value"
        var = scope.get(root.name) if isinstance(root, ast.Var) else None
        traced = var is not None and var.role == "subject" and isinstance(e, ast.Field) and \
            not self.in_text  # (a message is made for a finding: nothing is traced then)
        return plain, typ, ((_text(e), self.getter(get, e.line)) if traced else None)

    def _dereferenced(self, e: ast.Var | ast.Field, scope: Scope) -> Code | None:
        """In untraced code, a path through references or of a computed value read plainly:
        each reference followed to its document's data (``deref_field``), with no ``Bound`` on
        the way; None when a field on it exists only once signed (reading it may pass a
        concept over)."""
        obj = e.obj if isinstance(e, ast.Field) else None
        if obj is None:
            return None
        parent: Code | None
        if isinstance(obj, (ast.Var, ast.Field)):
            _, typ, keys, _ = self._path(obj, scope)
            root: ast.Expr = obj
            while isinstance(root, ast.Field):
                root = root.obj
            parent = self.plain_reader(root.name, keys, scope) \
                if isinstance(root, ast.Var) and keys is not None \
                else self._dereferenced(obj, scope)
        else:  # a field of a computed value (``versie_op(d, j).dienstverlening``)
            parent, typ = self.expr(obj, scope)
        if parent is None:
            return None
        if typ.name == "ref":
            kind = T("object", kind=typ.refs[0], path=()) if len(typ.refs) == 1 else ANY
            if self._after_signing(kind, e.name):
                return None
            return f"deref_field(env, {parent}, {typ.refs!r}, {e.name!r})"
        if self._after_signing(typ, e.name):
            return None
        t = self.temp()
        return f"({t} if isinstance(({t} := {parent}), dict) and ({t} := {t}.get({e.name!r}, " \
               "MISSING)) is not MISSING else MISSING)"

    def _traced(self, e: ast.Var | ast.Field, scope: Scope, dates: bool = False) -> Compiled:
        """The path's value, recorded in the trace (see ``reader``). With ``dates``, a value of
        a date field is read as a date."""
        plain, typ, traced = self.reader(e, scope)
        if traced is not None and not self.fast:
            plain = f"traced(env, {plain}, {traced[0]!r}, {traced[1]})"
            self.trace_points += 1
        return (f"to_date({plain})" if dates and typ.name == "datum" else plain), typ


def _is_dict(value: Code, name: str) -> Code:
    """Whether ``value`` (then in ``name``) is a dict: its class first, most are plain dicts."""
    return f"({value}.__class__ is dict or isinstance({name}, dict))"


def plain_reader(name: str, keys: tuple[str, ...]) -> Code:
    """Variable ``name``'s value, then field after field (MISSING where one is not there):
    what the located accessor finds, without making a pointer at each step."""
    if not keys:
        return f"plain(env.vars, {name!r})"
    if len(keys) == 1:
        return f"plain1(env.vars, {name!r}, {keys[0]!r})"
    return f"plain_n(env.vars, {name!r}, {keys!r})"


def _text(e: ast.Expr) -> str:
    if isinstance(e, ast.Var):
        return e.name
    if isinstance(e, ast.Field):
        return f"{_text(e.obj)}.{e.name}"
    return "?"
