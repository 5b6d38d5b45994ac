"""Compile where a rule's values come from: the documents of a kind, the items of a list, the
leaves of a document, and paths through fields and references (checked against the schemas).

Every path remembers its document and JSON pointer (``Bound``), so a finding can point at the
line of the value it is about.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from boce_lint.dsl import ast
from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.runtime import Env, Fn, NotJudged, no_records_for_concept
from boce_lint.dsl.types import ANY, T, fields_at, type_of
from boce_lint.dsl.values import MISSING, Bound, to_date
from boce_lint.source.schemas import KIND_NAMES, field_mark, field_schema, kind_mark
from boce_lint.source.timeline import index_of, is_concept
from boce_lint.source.yamlsource import escape_pointer_token

Compiled = tuple[Fn, T]
Items = Callable[[Env], Iterator[Bound]]
Getter = Callable[[Env], Bound]


@dataclass
class Var:
    type: T
    role: str  # subject | local | let | year


Scope = dict[str, Var]


class AccessCompiler:
    """Compiles where values come from: documents of a kind, list items, paths and references.
    The expression handlers (``compile_<NodeType>``) are added by ExpressionCompiler."""

    def __init__(self, source: str, file: str) -> None:
        self.text, self.file = source, file
        self.errors: list[RuleFileError] = []

    def error(self, node: ast.Node | ast.Rule, message: str, line: int | None = None,
              column: int | None = None) -> None:
        self.errors.append(RuleFileError(self.file, line or node.line, column or node.column,
                                         message, self.text))

    def expr(self, e: ast.Expr, scope: Scope) -> Compiled:
        handler: Callable[[Any, Scope], Compiled] = getattr(self, "compile_" + type(e).__name__)
        return handler(e, scope)

    def condition(self, e: ast.Expr, scope: Scope) -> Fn:
        fn, typ = self.expr(e, scope)
        if typ.name not in ("waarheid", "onbekend"):
            self.error(e, f"Hier hoort een voorwaarde (waar/onwaar), maar dit is {typ.dutch()}.")
        return fn

    # ---- sources of items
    def source(self, src: ast.Source, scope: Scope) -> tuple[Items, T]:
        if src.collection is None:
            if src.noun not in KIND_NAMES:
                hint = difflib.get_close_matches(src.noun, KIND_NAMES, n=1)
                self.error(src, f"Onbekende documentsoort '{src.noun}'"
                           + (f"; bedoelde u '{hint[0]}'?" if hint else
                              f"; kies uit: {', '.join(KIND_NAMES)}."))
            kind = src.noun
            execution = kind_mark(kind, "x-fase") == "uitvoering"

            def documents(env: Env) -> Iterator[Bound]:
                if execution:  # a concept has no meetings, reports, ... (principle 3)
                    no_records_for_concept(env)
                for document in env.ctx.repository.of_kind(kind):
                    yield Bound(document.data, document, "")
            return documents, (T("object", kind=kind) if kind in KIND_NAMES else ANY)
        if isinstance(src.collection, ast.Call) and src.collection.name == "waarden":
            return self.values_source(src.collection, scope)
        collection = src.collection
        if isinstance(collection, (ast.Var, ast.Field)):
            get, typ, keys = self._path(collection, scope)
            root: ast.Expr = collection
            while isinstance(root, ast.Field):
                root = root.obj
            plain = plain_reader(root.name, keys) if isinstance(root, ast.Var) and \
                keys is not None else None
        else:
            (get, typ), plain = self.path_or_expr(collection, scope), None
        if typ.name not in ("lijst", "onbekend"):
            self.error(collection, f"'in' verwacht een lijst, maar dit is {typ.dutch()}.")

        def elements(env: Env) -> Iterator[Bound]:
            if plain is not None:  # the list is located only when an item is
                value = plain(env)
                within: list[Any] = [lambda: get(env), value]
            else:
                bound = get(env)
                value, within = bound.value, [bound, bound.value]
            if not isinstance(value, list):
                return
            for i, item in enumerate(value):
                yield Bound(item, None, None, within, i)
        return elements, typ.item or ANY

    def values_source(self, call: ast.Call, scope: Scope) -> tuple[Items, T]:
        if len(call.args) != 1:
            self.error(call, "'waarden' neemt één document of object.")
            return (lambda env: iter(())), ANY
        get, _ = self.path_or_expr(call.args[0], scope)

        def leaves(env: Env) -> Iterator[Bound]:
            start = get(env)
            stack = [(start.value, start.pointer)]
            while stack:
                value, pointer = stack.pop()
                env.ctx.tick()
                if isinstance(value, dict):
                    stack.extend((v, f"{pointer}/{escape_pointer_token(k)}")
                                 for k, v in reversed(list(value.items())))
                elif isinstance(value, list):
                    stack.extend((v, f"{pointer}/{index_of(value, i)}")
                                 for i, v in reversed(list(enumerate(value))))
                else:
                    yield Bound(value, start.document, pointer)
        return leaves, ANY

    def _inner_source(self, src: ast.Source, where: ast.Expr | None, scope: Scope
                      ) -> tuple[Items, Scope, Fn | None]:
        items, item_type = self.source(src, scope)
        inner = dict(scope)
        if src.var in scope:
            self.error(src, f"De naam '{src.var}' is al in gebruik in deze regel.")
        inner[src.var] = Var(item_type, "local")
        cond = self.condition(where, inner) if where is not None else None
        return items, inner, cond

    # ---- paths
    def path_or_expr(self, e: ast.Expr, scope: Scope) -> tuple[Getter, T]:
        """A located accessor: paths keep their document and pointer, other values do not."""
        if isinstance(e, (ast.Var, ast.Field)):
            return self.path(e, scope)
        fn, typ = self.expr(e, scope)
        return (lambda env: Bound(fn(env))), typ

    def path(self, e: ast.Var | ast.Field, scope: Scope) -> tuple[Getter, T]:
        get, typ, _ = self._path(e, scope)
        return get, typ

    def _path(self, e: ast.Var | ast.Field, scope: Scope
              ) -> tuple[Getter, T, tuple[str, ...] | None]:
        """The located accessor, the type, and -- when the path is a variable's fields that
        neither follow a reference nor depend on signing -- those field names, so that the
        value can be read with plain dictionary lookups (``plain_reader``)."""
        if isinstance(e, ast.Var):
            get, typ = self._variable(e, scope)
            return get, typ, (() if e.name in scope else None)
        keys: tuple[str, ...] | None = None
        if isinstance(e.obj, (ast.Var, ast.Field)):
            parent, typ, keys = self._path(e.obj, scope)
        else:
            parent, typ = self.path_or_expr(e.obj, scope)
        deref: tuple[str, ...] = ()
        if typ.name == "ref":
            deref = typ.refs
            typ = T("object", kind=typ.refs[0], path=()) if len(typ.refs) == 1 else ANY
        name = e.name
        result_type = self._field_type(e, typ)
        token = escape_pointer_token(name)
        after_signing = self._after_signing(typ, name)
        plain = keys is not None and not deref and not after_signing
        keys = (*keys, name) if plain and keys is not None else None

        def get_field(env: Env) -> Bound:
            bound = parent(env)
            value, document, pointer = bound.value, bound.document, bound.pointer
            if deref:
                target = env.ctx.repository.resolve(value, deref)
                if target is None:
                    return Bound(MISSING, document, pointer)
                value, document, pointer = target.data, target, ""
            if after_signing:  # a concept is judged on content only (catalogue principle 3)
                as_of = env.ctx.as_of
                if is_concept(value, as_of):
                    raise NotJudged(value)
                if document is not None and is_concept(document.data, as_of):
                    raise NotJudged(document.data)
            if isinstance(value, dict) and name in value:
                return Bound(value[name], document, f"{pointer}/{token}")
            return Bound(MISSING, document, f"{pointer}/{token}")
        return get_field, result_type, keys

    def _variable(self, e: ast.Var, scope: Scope) -> tuple[Getter, T]:
        var = scope.get(e.name)
        if var is None:
            hint = difflib.get_close_matches(e.name, list(scope), n=1)
            self.error(e, f"Onbekende naam '{e.name}'"
                       + (f"; bedoelde u '{hint[0]}'?" if hint else "."))
            return (lambda env: Bound(MISSING)), ANY
        name = e.name

        def get_var(env: Env) -> Bound:
            value = env.vars.get(name, MISSING)
            return value if isinstance(value, Bound) else Bound(value)
        return get_var, var.type

    def _after_signing(self, typ: T, name: str) -> bool:
        """Whether the schema marks this field as existing only at or after signing."""
        if typ.name != "object" or not typ.kind:
            return False
        return bool(field_mark(typ.kind, (*typ.path, name), "x-fase") == "ondertekening")

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
               ) -> tuple[Fn, T, tuple[str, Getter] | None]:
        """The path's plain value (dictionary lookups where it can be), its type, and -- when
        it is a field of one of the rule's own subjects, which is where a finding points (not
        quantifier items) -- the text and located accessor to record in the trace; locating
        is done only for a finding."""
        get, typ, keys = self._path(e, scope)
        root: ast.Expr = e
        while isinstance(root, ast.Field):
            root = root.obj
        plain = plain_reader(root.name, keys) if isinstance(root, ast.Var) and \
            keys is not None else (lambda env: get(env).value)
        var = scope.get(root.name) if isinstance(root, ast.Var) else None
        traced = var is not None and var.role == "subject" and isinstance(e, ast.Field)
        return plain, typ, ((_text(e), get) if traced else None)

    def _traced(self, e: ast.Var | ast.Field, scope: Scope, dates: bool = False) -> Compiled:
        """The path's value, recorded in the trace (see ``reader``). With ``dates``, a value of
        a date field is read as a date (one closure: this runs in every step)."""
        plain, typ, traced = self.reader(e, scope)
        as_date = dates and typ.name == "datum"
        if traced is None:
            return ((lambda env: to_date(plain(env))) if as_date else plain), typ
        text, get = traced

        def read(env: Env) -> Any:
            value = plain(env)
            trace = env.ctx.trace
            if trace is not None:
                trace.append((text, get, env))
            return to_date(value) if as_date else value
        return read, typ


def plain_reader(name: str, keys: tuple[str, ...]) -> Fn:
    """Variable ``name``'s value, then field after field (MISSING where one is not there):
    what the located accessor finds, without making a pointer at each step."""
    def var(env: Env) -> Any:
        value = env.vars.get(name, MISSING)
        return value.value if value.__class__ is Bound else value
    if not keys:
        return var
    if len(keys) == 1:
        key = keys[0]

        def field(env: Env) -> Any:
            value = env.vars.get(name, MISSING)
            if value.__class__ is Bound:
                value = value.value
            return value[key] if isinstance(value, dict) and key in value else MISSING
        return field

    def fields(env: Env) -> Any:
        value = env.vars.get(name, MISSING)
        if value.__class__ is Bound:
            value = value.value
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return MISSING
            value = value[key]
        return value
    return fields


def _text(e: ast.Expr) -> str:
    if isinstance(e, ast.Var):
        return e.name
    if isinstance(e, ast.Field):
        return f"{_text(e.obj)}.{e.name}"
    return "?"
