"""Compile the syntax tree once into Python closures, checking names, fields and types.

Every check a rule author can get wrong is caught here with file, line and column: unknown
document kinds and fields (against the JSON Schemas), type mismatches, undefined names, unknown
obligation keys. Evaluation is bounded: loops only run over the data and over a capped number of
calendar years, there is no recursion, and a step budget stops any rule that runs away.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from boce_lint.dsl import ast
from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.parser import parse_expression
from boce_lint.dsl.values import (
    MISSING,
    UNKNOWN,
    Bound,
    Duration,
    absent,
    add_duration,
    is_empty,
    show,
    to_date,
)
from boce_lint.source.model import Repository
from boce_lint.source.timeline import index_of
from boce_lint.rulebook.placeholders import is_placeholder
from boce_lint.source.schemas import KIND_NAMES, branches, field_schema, schema_for
from boce_lint.source.yamlsource import escape_pointer_token

MAX_YEARS = 200
STEP_BUDGET = 500_000  # per rule and repository: about 2-6 s of the slowest kind of step
# Compiling and evaluating recurse over the syntax tree: bound it so that no rule file can
# exhaust the stack (the rulebook's deepest expression has 12 levels, its longest rule 10
# statements).
MAX_NESTING = 50  # levels in one statement or message expression
MAX_STATEMENTS = 100  # statements and 'voor' binders in one rule
SEVERITIES = {"fout": "error", "waarschuwing": "warning", "info": "info"}


class EvaluationLimit(Exception):
    """A rule used more steps than its budget on one repository."""


# ---------------------------------------------------------------- static types
@dataclass(frozen=True)
class T:
    name: str  # tekst getal datum duur waarheid lijst object ref onbekend
    kind: str | None = None
    path: tuple[str, ...] = ()
    item: T | None = None
    refs: tuple[str, ...] = ()

    def dutch(self) -> str:
        return {"tekst": "een tekst", "getal": "een getal", "datum": "een datum",
                "duur": "een duur", "waarheid": "een waarheidswaarde", "lijst": "een lijst",
                "object": "een object", "ref": "een verwijzing", "onbekend": "een waarde"}[self.name]


TEXT, NUMBER, DATE, DURATION, BOOL, ANY = (T("tekst"), T("getal"), T("datum"), T("duur"),
                                            T("waarheid"), T("onbekend"))


def _type_of(kind: str, path: tuple[str, ...], schema: dict[str, Any]) -> T:
    if "x-verwijzing" in schema:
        return T("ref", refs=tuple(schema["x-verwijzing"]))
    if schema.get("x-type") == "datum":
        return DATE
    kind_of = schema.get("type")
    if kind_of == "array":
        item = field_schema(kind, (*path, "*"))
        return T("lijst", item=_type_of(kind, (*path, "*"), item) if item else ANY)
    if kind_of == "object":
        return T("object", kind=kind, path=path)
    return {"string": TEXT, "number": NUMBER, "integer": NUMBER, "boolean": BOOL}.get(
        kind_of or "", TEXT if "const" in schema or "enum" in schema else ANY)


def _fields_at(kind: str, path: tuple[str, ...]) -> list[str]:
    schema = field_schema(kind, path) if path else schema_for(kind)
    if schema is None:
        return []
    root = schema_for(kind)
    return [name for b in branches(schema, root) for name in b.get("properties", {})]


def _compatible(a: T, b: T) -> bool:
    if ANY in (a, b) or a.name == "onbekend" or b.name == "onbekend":
        return True
    if {a.name, b.name} <= {"tekst", "ref"}:
        return True
    return a.name == b.name


# ---------------------------------------------------------------- runtime context
@dataclass
class Context:
    repository: Repository
    as_of: dt.date
    emit_for: Callable[[CompiledRule], Emit] = lambda rule: (lambda *a: None)
    trace: list[tuple[str, Bound]] | None = None
    steps: int = 0

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > STEP_BUDGET:
            raise EvaluationLimit()


class Env:
    __slots__ = ("vars", "ctx")

    def __init__(self, vars: dict[str, Any], ctx: Context) -> None:
        self.vars = vars
        self.ctx = ctx

    def with_(self, name: str, value: Any) -> Env:
        new = dict(self.vars)
        new[name] = value
        return Env(new, self.ctx)


Fn = Callable[[Env], Any]
Emit = Callable[[str, Env, list[tuple[str, Bound]], ast.Require | None], None]
Step = Callable[[Env, Emit], None]


@dataclass
class Var:
    type: T
    role: str  # subject | local | let | year


# ---------------------------------------------------------------- compiled rule
@dataclass
class CompiledRule:
    node: ast.Rule
    severity: str
    keys: list[str]
    group: str
    body: Step | None = None
    exceptions: list[CompiledRule] = field(default_factory=list)
    # for exceptions: conditions that decide whether the exception takes over, and its steps
    conditions: list[Fn] = field(default_factory=list)
    rest: Step | None = None
    leading_binders: int = 0
    subject_vars: list[str] = field(default_factory=list)
    messages: dict[str, Callable[[Env], str]] = field(default_factory=dict)
    missing_messages: dict[str, Callable[[Env], str]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def name(self) -> str:
        return self.node.name

    def applies_on(self, as_of: dt.date) -> bool:
        start, end = self.node.valid_from, self.node.valid_to
        return (start is None or start <= as_of) and (end is None or as_of <= end)


class Compiler:
    """Compiles the rules of one file; errors are collected, not raised one by one."""

    def __init__(self, source: str, file: str, known_keys: set[str]) -> None:
        self.text, self.file, self.known_keys = source, file, known_keys
        self.errors: list[RuleFileError] = []

    def error(self, node: Any, message: str, line: int | None = None,
              column: int | None = None) -> None:
        self.errors.append(RuleFileError(self.file, line or node.line, column or node.column,
                                         message, self.text))

    # ---- rules
    def compile_rule(self, rule: ast.Rule, group: str) -> CompiledRule:
        for name, label in (("title", "titel"), ("message", "melding")):
            if "nl" not in getattr(rule, name):
                self.error(rule, f"Regel {rule.id} mist '{label}' (in het Nederlands).")
        if not rule.keys:
            self.error(rule, f"Regel {rule.id} noemt geen verplichting: voeg 'bron <sleutel>' toe.")
        for key, line, column in rule.keys:
            if key not in self.known_keys:
                hint = difflib.get_close_matches(key, sorted(self.known_keys), n=1)
                self.error(rule, f"Onbekende verplichting '{key}'"
                           + (f"; bedoelde u '{hint[0]}'?" if hint else "."), line, column)
        if not rule.severity:
            self.error(rule, f"Regel {rule.id} mist 'ernst' (fout, waarschuwing of info).")
        if not any(isinstance(s, ast.Require) for s in rule.statements):
            self.error(rule, f"Regel {rule.id} heeft geen 'vereist' of 'bewijs'.")
        compiled = CompiledRule(rule, SEVERITIES.get(rule.severity, "error"),
                                [k for k, _, _ in rule.keys], group)
        if not self._within_limits(rule):
            return compiled
        scope: dict[str, Var] = {}
        if rule.exception_to:
            self._compile_exception(rule, compiled, scope)
        else:
            compiled.body = self.statements(rule.statements, scope, compiled)
        compiled.leading_binders = _leading(rule.statements, ast.ForEach)
        compiled.subject_vars = [n for n, v in scope.items() if v.role in ("subject", "year")]
        full_scope = self._final_scope(rule.statements)
        for lang, text in rule.message.items():
            compiled.messages[lang] = self.template(text, full_scope, rule, "message", lang)
        for lang, text in rule.missing_message.items():
            compiled.missing_messages[lang] = self.template(text, full_scope, rule,
                                                            "missing_message", lang)
        return compiled

    def _within_limits(self, rule: ast.Rule) -> bool:
        size = 0
        for statement in rule.statements:
            size += len(statement.binders) if isinstance(statement, ast.ForEach) else 1
            if size > MAX_STATEMENTS:
                self.error(statement, f"Regel {rule.id} heeft meer dan {MAX_STATEMENTS} "
                                      "voorwaarden en bindingen; splits haar in kleinere regels.")
                return False
            deep = _too_deep(statement)
            if deep is not None:
                self.error(deep, f"De uitdrukking is dieper genest dan {MAX_NESTING} niveaus; "
                                 "splits haar op met 'laat'.")
                return False
        return True

    def _compile_exception(self, rule: ast.Rule, compiled: CompiledRule,
                           scope: dict[str, Var]) -> None:
        """An exception binds the same subjects as its base rule; its leading 'als' conditions
        decide when it takes over, and the statements after them are checked instead."""
        statements = rule.statements
        binders = _leading(statements, ast.ForEach)
        self.statements(statements[:binders], scope, None)
        whens = _leading(statements[binders:], ast.When)
        if not whens:
            self.error(rule, f"Uitzondering {rule.id} zegt niet wanneer zij geldt: begin na "
                             "'voor ...:' met 'als <voorwaarde>:'.")
        compiled.conditions = [self.condition(s.condition, scope)
                               for s in statements[binders:binders + whens]
                               if isinstance(s, ast.When)]
        compiled.rest = self.statements(statements[binders + whens:], scope, None)
        compiled.leading_binders = binders

    def _final_scope(self, statements: list[Any]) -> dict[str, Var]:
        scope: dict[str, Var] = {}
        errors, self.errors = self.errors, []
        self.statements(statements, scope, None, collect_only=True)
        self.errors = errors  # the same statements were compiled once already; no doubles
        return scope

    def template(self, text: str, scope: dict[str, Var], rule: ast.Rule, clause: str,
                 lang: str) -> Callable[[Env], str]:
        """``"... {d.titel} ..."``: each ``{expr}`` is compiled like any expression."""
        line, column = rule.clause_lines.get(f"{clause}:{lang}", (rule.line, rule.column))
        parts: list[str | Fn] = []
        for i, piece in enumerate(re.split(r"(\{[^{}]*\})", text)):
            if i % 2 == 0:
                parts.append(piece)
                continue
            try:
                expr = parse_expression(piece[1:-1], line, column)
            except Exception:
                self.error(rule, f"Ongeldige uitdrukking '{piece}' in de melding.", line, column)
                continue
            if _too_deep(expr) is not None:
                self.error(rule, f"De uitdrukking in de melding is dieper genest dan {MAX_NESTING} "
                                 "niveaus.", line, column)
                continue
            fn, _ = self.expr(expr, scope, silent_missing=True)
            parts.append(fn)

        def render(env: Env) -> str:
            out = []
            for part in parts:
                if isinstance(part, str):
                    out.append(part)
                else:
                    try:
                        out.append(show(part(env)))
                    except (KeyError, TypeError, ValueError, ArithmeticError):
                        out.append("(onbekend)")
            return "".join(out)

        return render

    # ---- statements
    def statements(self, statements: list[Any], scope: dict[str, Var],
                   rule: CompiledRule | None, collect_only: bool = False) -> Step:
        """Build the chain of steps back to front: each step calls the one after it."""
        compiled: list[Callable[[Step], Step]] = []
        for statement in statements:
            compiled.append(self.statement(statement, scope, collect_only))
        step: Step = lambda env, emit: None  # noqa: E731 - the end of the chain
        for index in range(len(compiled) - 1, -1, -1):
            if rule is not None and index == _leading(statements, ast.ForEach) - 1:
                step = _exception_switch(rule, step)
            step = compiled[index](step)
        return step

    def statement(self, s: Any, scope: dict[str, Var],
                  collect_only: bool) -> Callable[[Step], Step]:
        if isinstance(s, ast.ForEach):
            makers = [self.binder(b, scope) for b in s.binders]

            def wrap(nxt: Step) -> Step:
                for make in reversed(makers):
                    nxt = make(nxt)
                return nxt
            return wrap
        if isinstance(s, ast.When):
            cond = self.condition(s.condition, scope)

            def when(nxt: Step) -> Step:
                def run(env: Env, emit: Emit) -> None:
                    if cond(env) is True:
                        nxt(env, emit)
                return run
            return when
        if isinstance(s, ast.Let):
            fn, typ = self.expr(s.value, scope)
            if s.name in scope:
                self.error(s, f"De naam '{s.name}' is al in gebruik in deze regel.")
            scope[s.name] = Var(typ, "let")
            name = s.name

            def let(nxt: Step) -> Step:
                def run(env: Env, emit: Emit) -> None:
                    nxt(env.with_(name, fn(env)), emit)
                return run
            return let
        cond = self.condition(s.condition, scope)
        node = s

        def require(nxt: Step) -> Step:
            def run(env: Env, emit: Emit) -> None:
                ctx = env.ctx
                ctx.trace = []
                try:
                    verdict = cond(env)
                finally:
                    trace, ctx.trace = ctx.trace, None
                if verdict is True:
                    nxt(env, emit)
                elif verdict is False and not node.evidence_only:
                    emit("violation", env, trace, node)
                else:
                    emit("missing-evidence", env, trace, node)
            return run
        return require

    def binder(self, b: ast.Each | ast.EachYear, scope: dict[str, Var]) -> Callable[[Step], Step]:
        if isinstance(b, ast.EachYear):
            start, ts = self.expr(b.start, scope)
            end, te = self.expr(b.end, scope)
            for typ, node in ((ts, b.start), (te, b.end)):
                if not _compatible(typ, DATE):
                    self.error(node, f"'van ... tot ...' verwacht datums, maar dit is {typ.dutch()}.")
            self._declare(b, b.var, Var(NUMBER, "year"), scope)
            var = b.var

            def years(nxt: Step) -> Step:
                def run(env: Env, emit: Emit) -> None:
                    first, last = to_date(start(env)), to_date(end(env))
                    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
                        emit("missing-evidence", env, [], None)
                        return
                    year = first.year if first <= dt.date(first.year, 1, 1) else first.year + 1
                    for n, y in enumerate(range(year, last.year)):
                        if n >= MAX_YEARS:
                            break
                        if dt.date(y, 12, 31) < last:
                            env.ctx.tick()
                            nxt(env.with_(var, y), emit)
                return run
            return years
        items, item_type = self.source(b.source, scope)
        self._declare(b, b.source.var, Var(item_type, "subject"), scope)
        where = self.condition(b.where, scope) if b.where is not None else None
        var = b.source.var
        subject_kind = b.source.collection is None

        def each(nxt: Step) -> Step:
            def run(env: Env, emit: Emit) -> None:
                for bound in items(env):
                    if subject_kind and bound.document is not None and not bound.document.valid:
                        continue  # a document that failed its schema was reported already
                    env.ctx.tick()
                    inner = env.with_(var, bound)
                    if where is None or where(inner) is True:
                        nxt(inner, emit)
            return run
        return each

    def _declare(self, node: Any, name: str, var: Var, scope: dict[str, Var]) -> None:
        if name in scope:
            self.error(node, f"De naam '{name}' is al in gebruik in deze regel.")
        if name in KIND_NAMES:
            self.error(node, f"'{name}' is een documentsoort; kies een korte naam, bijv. "
                             f"'{name[0]}'.")
        scope[name] = var

    def source(self, src: ast.Source, scope: dict[str, Var]
               ) -> tuple[Callable[[Env], Iterator[Bound]], T]:
        if src.collection is None:
            if src.noun not in KIND_NAMES:
                hint = difflib.get_close_matches(src.noun, KIND_NAMES, n=1)
                self.error(src, f"Onbekende documentsoort '{src.noun}'"
                           + (f"; bedoelde u '{hint[0]}'?" if hint else
                              f"; kies uit: {', '.join(KIND_NAMES)}."))
            kind = src.noun

            def documents(env: Env) -> Iterator[Bound]:
                for document in env.ctx.repository.of_kind(kind):
                    yield Bound(document.data, document, "")
            return documents, (T("object", kind=kind) if kind in KIND_NAMES else ANY)
        if isinstance(src.collection, ast.Call) and src.collection.name == "waarden":
            return self._values_source(src.collection, scope)
        get, typ = self.path_or_expr(src.collection, scope)
        if typ.name not in ("lijst", "onbekend"):
            self.error(src.collection, f"'in' verwacht een lijst, maar dit is {typ.dutch()}.")
        item_type = typ.item or ANY

        def elements(env: Env) -> Iterator[Bound]:
            bound = get(env)
            value = bound.value
            if not isinstance(value, list):
                return
            for i, item in enumerate(value):  # a list cut at the as-of date keeps positions
                yield Bound(item, bound.document, f"{bound.pointer}/{index_of(value, i)}")
        return elements, item_type

    def _values_source(self, call: ast.Call, scope: dict[str, Var]
                       ) -> tuple[Callable[[Env], Iterator[Bound]], T]:
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

    # ---- expressions
    def condition(self, e: ast.Expr, scope: dict[str, Var]) -> Fn:
        fn, typ = self.expr(e, scope)
        if typ.name not in ("waarheid", "onbekend"):
            self.error(e, f"Hier hoort een voorwaarde (waar/onwaar), maar dit is {typ.dutch()}.")
        return fn

    def path_or_expr(self, e: ast.Expr, scope: dict[str, Var]) -> tuple[Callable[[Env], Bound], T]:
        """A located accessor: paths keep their document and pointer, other values do not."""
        if isinstance(e, (ast.Var, ast.Field)):
            return self.path(e, scope)
        fn, typ = self.expr(e, scope)
        return (lambda env: Bound(fn(env))), typ

    def path(self, e: ast.Var | ast.Field, scope: dict[str, Var]
             ) -> tuple[Callable[[Env], Bound], T]:
        if isinstance(e, ast.Var):
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
        parent, typ = self.path_or_expr(e.obj, scope)
        deref: tuple[str, ...] = ()
        if typ.name == "ref":
            deref = typ.refs
            typ = T("object", kind=typ.refs[0], path=()) if len(typ.refs) == 1 else ANY
        name = e.name
        if typ.name == "object" and typ.kind:
            new_path = (*typ.path, name)
            schema = field_schema(typ.kind, new_path)
            if schema is None:
                options = _fields_at(typ.kind, typ.path)
                hint = difflib.get_close_matches(name, options, n=1)
                where = typ.kind + ("." + ".".join(typ.path) if typ.path else "")
                self.error(e, f"Onbekend veld '{name}' in {where}"
                           + (f"; bedoelde u '{hint[0]}'?" if hint else
                              f"; velden: {', '.join(options)}."))
                result_type = ANY
            else:
                result_type = _type_of(typ.kind, new_path, schema)
        elif typ.name == "onbekend":
            result_type = ANY
        else:
            self.error(e, f"'{name}' kan niet gelezen worden uit {typ.dutch()}"
                       + ("; gebruik 'elke ... in' of 'aantal'." if typ.name == "lijst" else "."))
            result_type = ANY
        token = escape_pointer_token(name)

        def get_field(env: Env) -> Bound:
            bound = parent(env)
            value, document, pointer = bound.value, bound.document, bound.pointer
            if deref:
                target = env.ctx.repository.resolve(value, deref)
                if target is None:
                    return Bound(MISSING, document, pointer)
                value, document, pointer = target.data, target, ""
            if isinstance(value, dict) and name in value:
                return Bound(value[name], document, f"{pointer}/{token}")
            return Bound(MISSING, document, f"{pointer}/{token}")
        return get_field, result_type

    def expr(self, e: ast.Expr, scope: dict[str, Var], silent_missing: bool = False
             ) -> tuple[Fn, T]:
        method = getattr(self, "_" + type(e).__name__.lower())
        result: tuple[Fn, T] = method(e, scope)
        return result

    def _var(self, e: ast.Var, scope: dict[str, Var]) -> tuple[Fn, T]:
        return self._field(e, scope)

    def _field(self, e: ast.Var | ast.Field, scope: dict[str, Var]) -> tuple[Fn, T]:
        get, typ = self.path(e, scope)
        traced = _is_subject_path(e, scope)
        text = _text(e)
        as_date = typ.name == "datum"

        def value(env: Env) -> Any:
            bound = get(env)
            if traced and env.ctx.trace is not None:
                env.ctx.trace.append((text, bound))
            v = bound.value
            if as_date:
                return to_date(v)
            return v
        return value, typ

    def _literal(self, e: ast.Literal, scope: dict[str, Var]) -> tuple[Fn, T]:
        v = e.value
        typ = (BOOL if isinstance(v, bool) else DATE if isinstance(v, dt.date)
               else NUMBER if isinstance(v, (int, float)) else TEXT)
        return (lambda env: v), typ

    def _duration(self, e: ast.Duration, scope: dict[str, Var]) -> tuple[Fn, T]:
        amount = e.amount
        d = {"dagen": Duration(days=amount), "weken": Duration(days=amount * 7),
             "maanden": Duration(months=int(amount)),
             "jaren": Duration(months=int(amount * 12))}[e.unit]
        return (lambda env: d), DURATION

    def _asof(self, e: ast.AsOf, scope: dict[str, Var]) -> tuple[Fn, T]:
        return (lambda env: env.ctx.as_of), DATE

    def _listlit(self, e: ast.ListLit, scope: dict[str, Var]) -> tuple[Fn, T]:
        items = [self.expr(i, scope) for i in e.items]
        fns = [f for f, _ in items]
        item_type = items[0][1] if items else ANY
        return (lambda env: [f(env) for f in fns]), T("lijst", item=item_type)

    def _neg(self, e: ast.Neg, scope: dict[str, Var]) -> tuple[Fn, T]:
        fn, typ = self.expr(e.operand, scope)
        if typ.name not in ("getal", "duur", "onbekend"):
            self.error(e, f"Een minteken hoort bij een getal, niet bij {typ.dutch()}.")

        def neg(env: Env) -> Any:
            v = fn(env)
            if isinstance(v, Duration):
                return v.scaled(-1)
            return -v if isinstance(v, (int, float)) and not isinstance(v, bool) else UNKNOWN
        return neg, typ

    def _arith(self, e: ast.Arith, scope: dict[str, Var]) -> tuple[Fn, T]:
        left, lt = self.expr(e.left, scope)
        right, rt = self.expr(e.right, scope)
        op = e.op
        pair = (lt.name, rt.name)
        result: T
        if "onbekend" in pair:
            result = ANY
        elif pair == ("getal", "getal"):
            result = NUMBER
        elif op in "+-" and pair == ("datum", "duur") or op == "+" and pair == ("duur", "datum"):
            result = DATE
        elif op == "-" and pair == ("datum", "datum") or op in "+-" and pair == ("duur", "duur") or op == "*" and set(pair) == {"duur", "getal"}:
            result = DURATION
        elif op == "+" and pair == ("lijst", "lijst"):
            result = T("lijst", item=lt.item if lt.item == rt.item else ANY)
        else:
            self.error(e, f"'{op}' werkt niet op {lt.dutch()} en {rt.dutch()}"
                       + ("; tel een duur op bij een datum, bijv. '+ 3 maanden'."
                          if "datum" in pair else "."))
            result = ANY

        def arith(env: Env) -> Any:
            a, b = left(env), right(env)
            if absent(a) or absent(b):
                return UNKNOWN
            try:
                return _apply_arith(op, a, b)
            except (TypeError, ValueError, ArithmeticError, OverflowError):
                return UNKNOWN
        return arith, result

    def _compare(self, e: ast.Compare, scope: dict[str, Var]) -> tuple[Fn, T]:
        left, lt = self.expr(e.left, scope)
        right, rt = self.expr(e.right, scope)
        if not _compatible(lt, rt):
            self.error(e, f"Deze vergelijking zet {lt.dutch()} tegenover {rt.dutch()}.")
        op = e.op
        compare = _COMPARE[op]

        equality = op in ("=", "!=")

        def cmp(env: Env) -> Any:
            a, b = left(env), right(env)
            if absent(a) or absent(b):
                # A value that is not there is certainly not equal to one that is; only an
                # ordering ("<", ">=") needs both values and is undecided without them.
                if equality and not (absent(a) and absent(b)):
                    return op == "!="
                return UNKNOWN
            if isinstance(a, Duration) and isinstance(b, Duration):
                a, b = a.approx_days(), b.approx_days()
            try:
                return bool(compare(a, b))
            except TypeError:
                return UNKNOWN
        return cmp, BOOL

    def _member(self, e: ast.Member, scope: dict[str, Var]) -> tuple[Fn, T]:
        item, _ = self.expr(e.item, scope)
        collection, ct = self.expr(e.collection, scope)
        if ct.name not in ("lijst", "tekst", "onbekend"):
            self.error(e.collection, f"'in' verwacht een lijst, maar dit is {ct.dutch()}.")
        negated = e.negated

        def member(env: Env) -> Any:
            a, coll = item(env), collection(env)
            if absent(coll):
                return UNKNOWN
            if absent(a):
                return negated
            if isinstance(coll, list):
                coll = [c.value if isinstance(c, Bound) else c for c in coll]
            try:
                found = a in coll
            except TypeError:
                return UNKNOWN
            return (not found) if negated else found
        return member, BOOL

    def _contains(self, e: ast.Contains, scope: dict[str, Var]) -> tuple[Fn, T]:
        text, tt = self.expr(e.text, scope)
        part, _ = self.expr(e.part, scope)

        def contains(env: Env) -> Any:
            a, b = text(env), part(env)
            if absent(a) or absent(b):
                return UNKNOWN
            if isinstance(a, str) and isinstance(b, str):
                return b.casefold() in a.casefold()
            if isinstance(a, list):
                return b in a
            return UNKNOWN
        return contains, BOOL

    def _regex(self, e: ast.Regex, scope: dict[str, Var]) -> tuple[Fn, T]:
        text, _ = self.expr(e.text, scope)
        try:
            pattern = re.compile(e.pattern)
        except re.error as exc:
            self.error(e, f"Ongeldige reguliere expressie: {exc}.")
            pattern = re.compile(r"(?!x)x")
        else:
            if _backtracks_exponentially(e.pattern):
                self.error(e, "Deze reguliere expressie kan eindeloos lang zoeken: een herhaling "
                              "of keuze ('|') staat binnen een herhaling, zoals (a+)+. Herschrijf "
                              "haar, of maak de buitenste herhaling bezittelijk (*+, ++) of de "
                              "groep atomair ((?>...)).")
                pattern = re.compile(r"(?!x)x")

        def match(env: Env) -> Any:
            v = text(env)
            if absent(v):
                return UNKNOWN
            return pattern.search(str(v)[:10_000]) is not None
        return match, BOOL

    def _presence(self, e: ast.Presence, scope: dict[str, Var]) -> tuple[Fn, T]:
        operand = e.operand
        raw: Fn
        if isinstance(operand, (ast.Var, ast.Field)):
            get, _ = self.path(operand, scope)
            text = _text(operand)
            traced = _is_subject_path(operand, scope)

            def read_path(env: Env) -> Any:
                bound = get(env)
                if traced and env.ctx.trace is not None:
                    env.ctx.trace.append((text, bound))
                return bound.value
            raw = read_path
        else:
            raw, _ = self.expr(operand, scope)
        test = e.test

        def presence(env: Env) -> Any:
            v = raw(env)
            if test == "ontbreekt":
                return v is MISSING
            if test == "leeg":
                return v is not MISSING and is_empty(v)
            if test == "invultekst":
                return is_placeholder(v)
            return v is not MISSING and v is not UNKNOWN and not is_empty(v)
        return presence, BOOL

    def _not(self, e: ast.Not, scope: dict[str, Var]) -> tuple[Fn, T]:
        fn = self.condition(e.operand, scope)

        def not_(env: Env) -> Any:
            v = fn(env)
            return UNKNOWN if v is UNKNOWN else not v
        return not_, BOOL

    def _logic(self, e: ast.Logic, scope: dict[str, Var]) -> tuple[Fn, T]:
        left = self.condition(e.left, scope)
        right = self.condition(e.right, scope)
        if e.op == "en":
            def and_(env: Env) -> Any:
                trace = env.ctx.trace
                mark = len(trace) if trace is not None else 0
                a = left(env)
                if a is False:
                    return False
                if a is True and trace is not None:
                    del trace[mark:]  # a part that holds is not where the finding points
                b = right(env)
                if b is False:
                    return False
                return True if a is True and b is True else UNKNOWN
            return and_, BOOL

        def or_(env: Env) -> Any:
            a = left(env)
            if a is True:
                return True
            b = right(env)
            if b is True:
                return True
            return False if a is False and b is False else UNKNOWN
        return or_, BOOL

    def _inner_source(self, src: ast.Source, where: ast.Expr | None, scope: dict[str, Var]
                      ) -> tuple[Callable[[Env], Iterator[Bound]], dict[str, Var], Fn | None]:
        items, item_type = self.source(src, scope)
        inner = dict(scope)
        if src.var in scope:
            self.error(src, f"De naam '{src.var}' is al in gebruik in deze regel.")
        inner[src.var] = Var(item_type, "local")
        cond = self.condition(where, inner) if where is not None else None
        return items, inner, cond

    def _count(self, e: ast.Count, scope: dict[str, Var]) -> tuple[Fn, T]:
        items, inner, cond = self._inner_source(e.source, e.where, scope)
        var = e.source.var

        def count(env: Env) -> Any:
            n = 0
            for bound in items(env):
                env.ctx.tick()
                if cond is None or cond(env.with_(var, bound)) is True:
                    n += 1
            return n
        return count, NUMBER

    def _fold(self, e: ast.Fold, scope: dict[str, Var]) -> tuple[Fn, T]:
        items, inner, cond = self._inner_source(e.source, e.where, scope)
        value, vt = self.expr(e.value, inner)
        if e.op == "som" and vt.name not in ("getal", "duur", "onbekend"):
            self.error(e.value, f"'som' telt getallen op, maar dit is {vt.dutch()}.")
        var, op = e.source.var, e.op

        def fold(env: Env) -> Any:
            values = []
            for bound in items(env):
                env.ctx.tick()
                inner_env = env.with_(var, bound)
                if cond is None or cond(inner_env) is True:
                    v = value(inner_env)
                    if not absent(v) and not isinstance(v, (str, bool)):
                        values.append(v)
            if op == "som":
                return sum(values) if values else 0
            if not values:
                return UNKNOWN
            try:
                return min(values) if op == "minimum" else max(values)
            except TypeError:
                return UNKNOWN
        return fold, (NUMBER if e.op == "som" else vt)

    def _quantifier(self, e: ast.Quantifier, scope: dict[str, Var]) -> tuple[Fn, T]:
        items, inner, _ = self._inner_source(e.source, None, scope)
        cond = self.condition(e.condition, inner)
        var, quantor = e.source.var, e.quantor

        def quantify(env: Env) -> Any:
            unknown = False
            for bound in items(env):
                env.ctx.tick()
                v = cond(env.with_(var, bound))
                if v is UNKNOWN:
                    unknown = True
                elif quantor == "alle" and v is False:
                    return False
                elif quantor != "alle" and v is True:
                    return quantor == "een"
            if unknown:
                return UNKNOWN
            return quantor != "een"
        return quantify, BOOL

    def _call(self, e: ast.Call, scope: dict[str, Var]) -> tuple[Fn, T]:
        spec = _FUNCTIONS.get(e.name)
        if spec is None:
            hint = difflib.get_close_matches(e.name, list(_FUNCTIONS), n=1)
            self.error(e, f"Onbekende functie '{e.name}'"
                       + (f"; bedoelde u '{hint[0]}'?" if hint else
                          f"; beschikbaar: {', '.join(sorted(_FUNCTIONS))}."))
            return (lambda env: UNKNOWN), ANY
        arity, impl, result_of = spec
        if e.name == "waarden":
            items, _ = self._values_source(e, scope)
            return (lambda env: list(items(env))), T("lijst", item=ANY)
        args = [self.expr(a, scope) for a in e.args]
        if arity is not None and len(args) != arity:
            self.error(e, f"'{e.name}' verwacht {arity} argument(en), maar kreeg er {len(args)}.")
        types = [t for _, t in args]
        result_type = result_of(types)
        if isinstance(result_type, str):
            self.error(e, result_type)
            result_type = ANY
        fns = [f for f, _ in args]

        def call(env: Env) -> Any:
            values = [f(env) for f in fns]
            try:
                return impl(*values)
            except (TypeError, ValueError, ArithmeticError, OverflowError):
                return UNKNOWN
        return call, result_type


# ---------------------------------------------------------------- helpers
def _backtracks_exponentially(pattern: str) -> bool:
    """A repetition or alternation inside a backtracking repetition, as in ``(a+)+`` or
    ``(a|ab)*``: Python's regex engine can take exponential time on such a pattern and cannot
    be interrupted, so the step budget would not stop it."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    stack: list[tuple[Any, bool]] = [(_parser.parse(pattern), False)]
    while stack:
        items, inside = stack.pop()
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                if inside and av[0] != av[1]:  # a choice of how often, inside a repetition
                    return True
                stack.append((av[2], inside or av[1] > 1))
            elif op is c.BRANCH:
                if inside:
                    return True
                stack.extend((branch, inside) for branch in av[1])
            elif op is c.SUBPATTERN:
                stack.append((av[3], inside))
            elif op in (c.ASSERT, c.ASSERT_NOT):
                stack.append((av[1], inside))
            elif op is c.GROUPREF_EXISTS:
                stack.extend((branch, inside) for branch in av[1:] if branch is not None)
            # POSSESSIVE_REPEAT and ATOMIC_GROUP never backtrack into what they matched
    return False


def _too_deep(node: ast.Node) -> ast.Node | None:
    """The first node nested deeper than MAX_NESTING below ``node`` (found without recursion)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_NESTING:
            return current
        for item in dataclasses.fields(current):
            value = getattr(current, item.name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, ast.Node):
                    stack.append((child, depth + 1))
    return None


def _leading(statements: list[Any], kind: type) -> int:
    n = 0
    for s in statements:
        if not isinstance(s, kind):
            break
        n += 1
    return n


def _exception_switch(rule: CompiledRule, base_rest: Step) -> Step:
    """After the base rule's subjects are bound, let an applicable exception take over."""

    def switch(env: Env, emit: Emit) -> None:
        for exc in rule.exceptions:
            if exc.rest is not None and exc.applies_on(env.ctx.as_of) and \
                    all(c(env) is True for c in exc.conditions):
                exc.rest(env, env.ctx.emit_for(exc))
                return
        base_rest(env, emit)
    return switch


def _is_subject_path(e: ast.Expr, scope: dict[str, Var]) -> bool:
    """Only fields of the rule's own subjects say where a finding is, not quantifier items."""
    root = e
    while isinstance(root, ast.Field):
        root = root.obj
    var = scope.get(root.name) if isinstance(root, ast.Var) else None
    return var is not None and var.role == "subject" and isinstance(e, ast.Field)


def _text(e: ast.Expr) -> str:
    if isinstance(e, ast.Var):
        return e.name
    if isinstance(e, ast.Field):
        return f"{_text(e.obj)}.{e.name}"
    return "?"


def _apply_arith(op: str, a: Any, b: Any) -> Any:
    if isinstance(a, list) and isinstance(b, list) and op == "+":
        return a + b
    if isinstance(a, dt.date) and isinstance(b, Duration):
        return add_duration(a, b, 1 if op == "+" else -1)
    if isinstance(a, Duration) and isinstance(b, dt.date):
        return add_duration(b, a)
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return Duration(days=(a - b).days)
    if isinstance(a, Duration) and isinstance(b, Duration):
        sign = 1 if op == "+" else -1
        return Duration(a.months + sign * b.months, a.days + sign * b.days)
    if isinstance(a, Duration) and isinstance(b, (int, float)):
        return a.scaled(b)
    if isinstance(b, Duration) and isinstance(a, (int, float)):
        return b.scaled(a)
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) \
            or not isinstance(b, (int, float)):
        return UNKNOWN
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b if b else UNKNOWN


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _same(types: list[T]) -> T | str:
    known = [t for t in types if t.name != "onbekend"]
    if known and any(not _compatible(known[0], t) for t in known):
        return "De argumenten zijn niet van één soort (bijv. datum en getal door elkaar)."
    return known[0] if known else ANY


def _expect(kind: T, result: T, name: str) -> Callable[[list[T]], T | str]:
    def check(types: list[T]) -> T | str:
        for t in types:
            if not _compatible(t, kind):
                return f"'{name}' verwacht {kind.dutch()}, maar kreeg {t.dutch()}."
        return result
    return check


def _year(d: Any) -> Any:
    return d.year if isinstance(d, dt.date) else UNKNOWN


def _make_date(y: Any, m: Any, d: Any) -> Any:
    return dt.date(int(y), int(m), int(d))


def _length(v: Any) -> Any:
    return len(v) if isinstance(v, (list, str, dict)) else UNKNOWN


def _extreme(pick: Callable[..., Any]) -> Callable[..., Any]:
    def impl(*values: Any) -> Any:
        present = [v for v in values if not absent(v)]
        return pick(present) if present else UNKNOWN
    return impl


def _lower(v: Any) -> Any:
    return v.casefold() if isinstance(v, str) else UNKNOWN


def _ids(v: Any) -> Any:
    return [item for item in v if isinstance(item, str)] if isinstance(v, list) else UNKNOWN


def _field_values(v: Any, name: Any) -> Any:
    """``veld(d.kpis, "id")``: that field of every item of a list."""
    if not isinstance(v, list):
        return UNKNOWN
    items = [i.value if isinstance(i, Bound) else i for i in v]
    return [i.get(name) for i in items if isinstance(i, dict) and name in i]


_FUNCTIONS: dict[str, tuple[int | None, Callable[..., Any], Callable[[list[T]], T | str]]] = {
    "jaar": (1, _year, _expect(DATE, NUMBER, "jaar")),
    "datum": (3, _make_date, _expect(NUMBER, DATE, "datum")),
    "lengte": (1, _length, lambda types: NUMBER),
    "max": (None, _extreme(max), _same),
    "min": (None, _extreme(min), _same),
    "kleine_letters": (1, _lower, _expect(TEXT, TEXT, "kleine_letters")),
    "veld": (2, _field_values, lambda types: T("lijst", item=ANY)),
    "waarden": (1, lambda v: v, lambda types: T("lijst", item=ANY)),
}
