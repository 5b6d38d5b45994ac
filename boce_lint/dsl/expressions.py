"""Compile expressions into closures, checking names and types.

``expr`` (access.py) dispatches on the node's class: ``compile_<NodeType>`` handles it (a test
checks that every expression node has its handler). Each handler returns the closure and the
static type of its value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from boce_lint.dsl import ast
from boce_lint.dsl.access import AccessCompiler, Compiled, Scope
from boce_lint.dsl.builtins import BUILTINS
from boce_lint.dsl.regexsafety import backtracks_exponentially
from boce_lint.dsl.runtime import (
    COMPARE,
    STEP_BUDGET,
    Env,
    EvaluationLimit,
    Fn,
    NotJudged,
    apply_arith,
    concerns_outer,
)
from boce_lint.dsl.types import (
    ANY,
    BOOL,
    DATE,
    DURATION,
    NUMBER,
    TEXT,
    T,
    compatible,
)
from boce_lint.dsl.values import MISSING, UNKNOWN, Bound, Duration, absent, is_empty
from boce_lint.rulebook.placeholders import is_placeholder

_NEVER = re.compile(r"(?!x)x")  # a pattern that never matches, after a refused one


class ExpressionCompiler(AccessCompiler):
    """Compiles the expressions of one rule file; errors are collected, not raised."""

    # ---- expression handlers, one per node type
    def compile_Var(self, e: ast.Var, scope: Scope) -> Compiled:
        return self.compile_Field(e, scope)

    def compile_Field(self, e: ast.Var | ast.Field, scope: Scope) -> Compiled:
        return self._traced(e, scope, dates=True)

    def compile_Literal(self, e: ast.Literal, scope: Scope) -> Compiled:
        v = e.value
        typ = (BOOL if isinstance(v, bool) else DATE if isinstance(v, dt.date)
               else NUMBER if isinstance(v, (int, float)) else TEXT)
        return (lambda env: v), typ

    def compile_Duration(self, e: ast.Duration, scope: Scope) -> Compiled:
        amount = e.amount
        d = {"dagen": Duration(days=amount), "weken": Duration(days=amount * 7),
             "maanden": Duration(months=int(amount)),
             "jaren": Duration(months=int(amount * 12))}[e.unit]
        return (lambda env: d), DURATION

    def compile_AsOf(self, e: ast.AsOf, scope: Scope) -> Compiled:
        return (lambda env: env.ctx.as_of), DATE

    def compile_ListLit(self, e: ast.ListLit, scope: Scope) -> Compiled:
        items = [self.expr(i, scope) for i in e.items]
        fns = [f for f, _ in items]
        item_type = items[0][1] if items else ANY
        return (lambda env: [f(env) for f in fns]), T("lijst", item=item_type)

    def compile_Neg(self, e: ast.Neg, scope: Scope) -> Compiled:
        fn, typ = self.expr(e.operand, scope)
        if typ.name not in ("getal", "duur", "onbekend"):
            self.error(e, f"Een minteken hoort bij een getal, niet bij {typ.dutch()}.")

        def neg(env: Env) -> Any:
            v = fn(env)
            if isinstance(v, Duration):
                return v.scaled(-1)
            return -v if isinstance(v, (int, float)) and not isinstance(v, bool) else UNKNOWN
        return neg, typ

    def compile_Arith(self, e: ast.Arith, scope: Scope) -> Compiled:
        left, lt = self.expr(e.left, scope)
        right, rt = self.expr(e.right, scope)
        op = e.op
        result = _arith_type(op, lt, rt)
        if result is None:
            self.error(e, f"'{op}' werkt niet op {lt.dutch()} en {rt.dutch()}"
                       + ("; tel een duur op bij een datum, bijv. '+ 3 maanden'."
                          if "datum" in (lt.name, rt.name) else "."))
            result = ANY

        def arith(env: Env) -> Any:
            a, b = left(env), right(env)
            if absent(a) or absent(b):
                return UNKNOWN
            try:
                return apply_arith(op, a, b)
            except (TypeError, ValueError, ArithmeticError, OverflowError):
                return UNKNOWN
        return arith, result

    def compile_Compare(self, e: ast.Compare, scope: Scope) -> Compiled:
        left, lt = self.expr(e.left, scope)
        right, rt = self.expr(e.right, scope)
        if not compatible(lt, rt):
            self.error(e, f"Deze vergelijking zet {lt.dutch()} tegenover {rt.dutch()}.")
        op = e.op
        compare = COMPARE[op]
        equality = op in ("=", "!=")
        if equality and isinstance(e.right, ast.Literal):
            return _equals_constant(left, e.right.value, op == "!="), BOOL

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

    def compile_Member(self, e: ast.Member, scope: Scope) -> Compiled:
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

    def compile_Contains(self, e: ast.Contains, scope: Scope) -> Compiled:
        text, _ = self.expr(e.text, scope)
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

    def compile_Regex(self, e: ast.Regex, scope: Scope) -> Compiled:
        text, _ = self.expr(e.text, scope)
        try:
            pattern = re.compile(e.pattern)
        except re.error as exc:
            self.error(e, f"Ongeldige reguliere expressie: {exc}.")
            pattern = _NEVER
        else:
            if backtracks_exponentially(e.pattern):
                self.error(e, "Deze reguliere expressie kan eindeloos lang zoeken: een herhaling "
                              "of keuze ('|') staat binnen een herhaling, zoals (a+)+. Herschrijf "
                              "haar, of maak de buitenste herhaling bezittelijk (*+, ++) of de "
                              "groep atomair ((?>...)).")
                pattern = _NEVER

        def match(env: Env) -> Any:
            v = text(env)
            if absent(v):
                return UNKNOWN
            return pattern.search(str(v)[:10_000]) is not None
        return match, BOOL

    def compile_Presence(self, e: ast.Presence, scope: Scope) -> Compiled:
        operand = e.operand
        if e.test == "aanwezig" and isinstance(operand, (ast.Var, ast.Field)):
            return self._present(operand, scope), BOOL
        raw = self._traced(operand, scope)[0] if isinstance(operand, (ast.Var, ast.Field)) \
            else self.expr(operand, scope)[0]
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

    def _present(self, operand: ast.Var | ast.Field, scope: Scope) -> Fn:
        """``aanwezig PATH``, the most common condition, as one step: the read, its trace entry
        and the test (``is_empty``) inline."""
        plain, _, traced = self.reader(operand, scope)
        text, get = traced if traced is not None else ("", None)

        def present(env: Env) -> Any:
            v = plain(env)
            if get is not None:
                trace = env.ctx.trace
                if trace is not None:
                    trace.append((text, get, env))
            if v is MISSING or v is UNKNOWN or v is None:
                return False
            if isinstance(v, str):
                return bool(v.strip())
            if isinstance(v, (list, dict)):
                return bool(v)
            return True
        return present

    def compile_Not(self, e: ast.Not, scope: Scope) -> Compiled:
        fn = self.condition(e.operand, scope)

        def not_(env: Env) -> Any:
            v = fn(env)
            return UNKNOWN if v is UNKNOWN else not v
        return not_, BOOL

    def compile_Logic(self, e: ast.Logic, scope: Scope) -> Compiled:
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

    def compile_Count(self, e: ast.Count, scope: Scope) -> Compiled:
        items, _, cond = self._inner_source(e.source, e.where, scope)
        var = e.source.var

        def count(env: Env) -> Any:
            n = 0
            ctx, outer = env.ctx, env.vars
            for bound in items(env):
                ctx.tick()
                try:
                    if cond is None or cond(Env({**outer, var: bound}, ctx)) is True:
                        n += 1
                except NotJudged as error:
                    if concerns_outer(error, env):
                        raise
            return n
        return count, NUMBER

    def compile_Fold(self, e: ast.Fold, scope: Scope) -> Compiled:
        items, inner, cond = self._inner_source(e.source, e.where, scope)
        value, vt = self.expr(e.value, inner)
        if e.op == "som" and vt.name not in ("getal", "duur", "onbekend"):
            self.error(e.value, f"'som' telt getallen op, maar dit is {vt.dutch()}.")
        var, op = e.source.var, e.op

        def fold(env: Env) -> Any:
            values = []
            ctx, outer = env.ctx, env.vars
            for bound in items(env):
                ctx.tick()
                inner_env = Env({**outer, var: bound}, ctx)
                try:
                    if cond is None or cond(inner_env) is True:
                        v = value(inner_env)
                        if not absent(v) and not isinstance(v, (str, bool)):
                            values.append(v)
                except NotJudged as error:
                    if concerns_outer(error, env):
                        raise
            if op == "som":
                return sum(values) if values else 0
            if not values:
                return UNKNOWN
            try:
                return min(values) if op == "minimum" else max(values)
            except TypeError:
                return UNKNOWN
        return fold, (NUMBER if e.op == "som" else vt)

    def compile_Quantifier(self, e: ast.Quantifier, scope: Scope) -> Compiled:
        items, inner, _ = self._inner_source(e.source, None, scope)
        cond = self.condition(e.condition, inner)
        var, quantor = e.source.var, e.quantor

        def quantify(env: Env) -> Any:
            unknown = False
            ctx, outer = env.ctx, env.vars
            for bound in items(env):
                ctx.steps += 1
                if ctx.steps > STEP_BUDGET:
                    raise EvaluationLimit()
                try:
                    v = cond(Env({**outer, var: bound}, ctx))
                except NotJudged as error:
                    if concerns_outer(error, env):
                        raise
                    continue  # a concept item is not judged on what it cannot have yet
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

    def compile_Call(self, e: ast.Call, scope: Scope) -> Compiled:
        builtin = BUILTINS.get(e.name)
        if builtin is None:
            hint = difflib.get_close_matches(e.name, list(BUILTINS), n=1)
            self.error(e, f"Onbekende functie '{e.name}'"
                       + (f"; bedoelde u '{hint[0]}'?" if hint else
                          f"; beschikbaar: {', '.join(sorted(BUILTINS))}."))
            return (lambda env: UNKNOWN), ANY
        if e.name == "waarden":  # its items keep their locations, so it is a source of items
            items, _ = self.values_source(e, scope)
            return (lambda env: list(items(env))), T("lijst", item=ANY)
        args = [self.expr(a, scope) for a in e.args]
        if builtin.arity is not None and len(args) != builtin.arity:
            self.error(e, f"'{e.name}' verwacht {builtin.arity} argument(en), maar kreeg er "
                          f"{len(args)}.")
        result_type = builtin.result([t for _, t in args])
        if isinstance(result_type, str):
            self.error(e, result_type)
            result_type = ANY
        fns = [f for f, _ in args]
        if builtin.takes_document and args and args[0][1].name == "ref":
            fns[0] = _following(fns[0], args[0][1].refs)
        impl = builtin.implementation

        def call(env: Env) -> Any:
            values = [f(env) for f in fns]
            try:
                return impl(*values)
            except (TypeError, ValueError, ArithmeticError, OverflowError):
                return UNKNOWN
        return call, result_type


def _equals_constant(left: Fn, constant: Any, negated: bool) -> Fn:
    """``x = "tekst"``, ``x != 3``: the general comparison with the literal side (never absent,
    never a duration) read once, when compiling."""
    def equals(env: Env) -> Any:
        a = left(env)
        if a is MISSING or a is UNKNOWN or a is None:
            return negated  # certainly not equal to a value that is there
        try:
            return bool(a != constant) if negated else bool(a == constant)
        except TypeError:
            return UNKNOWN
    return equals


def _arith_type(op: str, lt: T, rt: T) -> T | None:
    """The type of ``lt op rt``, or None when the operation does not apply."""
    pair = (lt.name, rt.name)
    if "onbekend" in pair:
        return ANY
    if pair == ("getal", "getal"):
        return NUMBER
    if (op in "+-" and pair == ("datum", "duur")) or (op == "+" and pair == ("duur", "datum")):
        return DATE
    if (op == "-" and pair == ("datum", "datum")) or (op in "+-" and pair == ("duur", "duur")) \
            or (op == "*" and set(pair) == {"duur", "getal"}):
        return DURATION
    if op == "+" and pair == ("lijst", "lijst"):
        return T("lijst", item=lt.item if lt.item == rt.item else ANY)
    return None


def _following(ref: Fn, kinds: tuple[str, ...]) -> Fn:
    """A reference's value replaced by the data of the document it points to."""
    def follow(env: Env) -> Any:
        target = env.ctx.repository.resolve(ref(env), kinds)
        return target.data if target is not None else UNKNOWN
    return follow
