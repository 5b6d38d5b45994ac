"""Compile expressions into Python source (codegen.py), checking names and types.

``expr`` (access.py) dispatches on the node's class: ``compile_<NodeType>`` handles it (a test
checks that every expression node has its handler). Each handler returns the code of its value
-- an expression over the environment ``env`` -- and the value's static type. ``en``/``of``,
quantifiers, counts and folds become functions of their own, with the loop inline.
"""

from __future__ import annotations

import ast as pyast
import datetime as dt
import difflib
import re

from boce_lint.dsl import ast
from boce_lint.dsl.access import Code, Compiled, Scope
from boce_lint.dsl.builtins import BUILTINS
from boce_lint.dsl.localloops import LocalLoopCompiler, is_literal, walk
from boce_lint.dsl.regexsafety import backtracks_exponentially
from boce_lint.dsl.support import differs, equals
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
from boce_lint.dsl.values import Duration

_NEVER = re.compile(r"(?!x)x")  # a pattern that never matches, after a refused one
_ITEM_CONCEPT = ["except NotJudged as error:",
                 "    if concerns_outer(error, outer_env):",
                 "        raise"]


class ExpressionCompiler(LocalLoopCompiler):
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
        return self.program.const(v), typ

    def compile_Duration(self, e: ast.Duration, scope: Scope) -> Compiled:
        amount = e.amount
        d = {"dagen": Duration(days=amount), "weken": Duration(days=amount * 7),
             "maanden": Duration(months=int(amount)),
             "jaren": Duration(months=int(amount * 12))}[e.unit]
        return self.program.const(d), DURATION

    def compile_AsOf(self, e: ast.AsOf, scope: Scope) -> Compiled:
        return "env.ctx.as_of", DATE

    def compile_ListLit(self, e: ast.ListLit, scope: Scope) -> Compiled:
        items = [self.expr(i, scope) for i in e.items]
        item_type = items[0][1] if items else ANY
        return "[" + "".join(f"{c}, " for c, _ in items) + "]", T("lijst", item=item_type)

    def compile_Neg(self, e: ast.Neg, scope: Scope) -> Compiled:
        code, typ = self.expr(e.operand, scope)
        if typ.name not in ("getal", "duur", "onbekend"):
            self.error(e, f"Een minteken hoort bij een getal, niet bij {typ.dutch()}.")
        return f"neg({code})", typ

    def compile_Arith(self, e: ast.Arith, scope: Scope) -> Compiled:
        left, lt = self.expr(e.left, scope)
        right, rt = self.expr(e.right, scope)
        result = _arith_type(e.op, lt, rt)
        if result is None:
            self.error(e, f"'{e.op}' werkt niet op {lt.dutch()} en {rt.dutch()}"
                       + ("; tel een duur op bij een datum, bijv. '+ 3 maanden'."
                          if "datum" in (lt.name, rt.name) else "."))
            result = ANY
        if self.fast and e.op == "+" and result.name == "lijst":  # inline: two lists joined
            a, b = self.temp(), self.temp()
            return (f"({a} + {b} if (({a} := {left}).__class__ is list) & (({b} := {right})"
                    f".__class__ is list) else arith('+', {a}, {b}))"), result
        return f"arith({e.op!r}, {left}, {right})", result

    def compile_Compare(self, e: ast.Compare, scope: Scope) -> Compiled:
        left, lt = self.expr(e.left, scope)
        right, rt = self.expr(e.right, scope)
        if not compatible(lt, rt):
            self.error(e, f"Deze vergelijking zet {lt.dutch()} tegenover {rt.dutch()}.")
        if e.op in ("=", "!=") and isinstance(e.right, ast.Literal):
            # the literal side is never absent, never a duration: read once, when compiling
            test = equals if e.op == "=" else differs
            if self.fast and is_literal(left):  # an item of a list literal, unrolled (settle.py)
                return repr(test(pyast.literal_eval(left), e.right.value)), BOOL
            if self.fast and isinstance(e.right.value, (str, int)):
                # inline: '==' between such a constant and any value of the data is a bool
                # (a text first: most values compared are texts)
                t, op = self.temp(), "==" if e.op == "=" else "!="
                return self.truth(f"({t} {op} {right} if ({t} := {left}).__class__ is str else "
                                  f"{e.op == '!='} if {t} is MISSING or {t} is UNKNOWN or {t} "
                                  f"is None else {t} {op} {right})"), BOOL
            return self.truth(f"{test.__name__}({left}, {right})"), BOOL
        if self.fast and e.op in ("=", "!=") and not {lt.name, rt.name} & {"duur", "onbekend"}:
            # inline: values that are not durations are equal or not ('==' on the data's
            # values is a bool); one absent value is not equal to one that is there
            # (two texts first, both read: most values compared are texts)
            a, b, na, nb = self.temp(), self.temp(), self.temp(), self.temp()
            op = "==" if e.op == "=" else "!="
            return self.truth(
                f"({a} {op} {b} if (({a} := {left}).__class__ is str) & (({b} := {right})"
                f".__class__ is str) or not (({na} := {a} is MISSING or {a} is UNKNOWN or {a} "
                f"is None) | ({nb} := {b} is MISSING or {b} is UNKNOWN or {b} is None)) else "
                f"UNKNOWN if {na} and {nb} else {e.op == '!='})"), BOOL
        if self.fast and e.op in ("<", "<=", ">", ">="):
            # inline: two dates, numbers or texts of one class are ordered as Python orders
            # them; any other pair as ``compare`` decides (absent, durations, mixed classes)
            a, b = self.temp(), self.temp()
            return self.truth(
                f"({a} {e.op} {b} if ({a} := {left}).__class__ is ({b} := {right}).__class__ "
                f"and {a}.__class__ in ORDERED else compare({e.op!r}, {a}, {b}))"), BOOL
        return self.truth(f"compare({e.op!r}, {left}, {right})"), BOOL

    def compile_Member(self, e: ast.Member, scope: Scope) -> Compiled:
        item, _ = self.expr(e.item, scope)
        collection, ct = self.expr(e.collection, scope)
        if ct.name not in ("lijst", "tekst", "onbekend"):
            self.error(e.collection, f"'in' verwacht een lijst, maar dit is {ct.dutch()}.")
        if self.fast and (isinstance(e.collection, ast.Field) or (
                isinstance(e.collection, ast.Call) and e.collection.name == "veld")):
            # inline: a text in a list of the data's values (never a located one, which only
            # 'waarden' makes) is found as Python finds it; anything else as ``member`` does
            a, c = self.temp(), self.temp()
            found = f"{a} not in {c}" if e.negated else f"{a} in {c}"
            return self.truth(f"({found} if (({a} := {item}).__class__ is str) & (({c} := "
                              f"{collection}).__class__ is list) else member({a}, {c}, "
                              f"{e.negated}))"), BOOL
        return self.truth(f"member({item}, {collection}, {e.negated})"), BOOL

    def compile_Contains(self, e: ast.Contains, scope: Scope) -> Compiled:
        text, _ = self.expr(e.text, scope)
        part, _ = self.expr(e.part, scope)
        return f"contains({text}, {part})", BOOL

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
        if self.fast:  # inline: an absent value is undecided, any other is searched as text
            t = self.temp()
            return self.truth(f"(UNKNOWN if ({t} := {text}) is MISSING or {t} is UNKNOWN or {t} "
                              f"is None else {self.program.const(pattern)}.search(str({t})"
                              f"[:MATCH_LIMIT]) is not None)"), BOOL
        return self.truth(f"matches({self.program.const(pattern)}, {text})"), BOOL

    def compile_Presence(self, e: ast.Presence, scope: Scope) -> Compiled:
        operand = e.operand
        if e.test == "aanwezig" and isinstance(operand, (ast.Var, ast.Field)):
            # the most common condition, in one call: the read, its trace entry and the test
            plain, _, traced = self.reader(operand, scope)
            if self.fast:  # (a text, list or dict first: most values asked for are)
                t, c = self.temp(), self.temp()
                return self.truth(
                    f"(bool({t}.strip()) if ({c} := ({t} := {plain}).__class__) is str else "
                    f"bool({t}) if {c} is list or {c} is dict else False if {t} is MISSING or "
                    f"{t} is UNKNOWN or {t} is None else bool({t}.strip()) if isinstance({t}, "
                    f"str) else bool({t}) if isinstance({t}, (list, dict)) else True)"), BOOL
            text, get = traced if traced is not None else ("", "None")
            self.trace_points += traced is not None
            return f"present(env, {plain}, {text!r}, {get})", BOOL
        raw = self._traced(operand, scope)[0] if isinstance(operand, (ast.Var, ast.Field)) \
            else self.expr(operand, scope)[0]
        return f"presence({e.test!r}, {raw})", BOOL

    def compile_Not(self, e: ast.Not, scope: Scope) -> Compiled:
        return f"not_({self.condition(e.operand, scope)})", BOOL

    def compile_Logic(self, e: ast.Logic, scope: Scope) -> Compiled:
        left = self.condition(e.left, scope)
        if self.fast:  # three-valued and short-circuit, inline
            return self._logic(e, left, scope), BOOL
        right = self.condition(e.right, scope)
        if e.op == "en":
            body = ["trace = env.ctx.trace",
                    "mark = len(trace) if trace is not None else 0",
                    f"a = {left}",
                    "if a is False:",
                    "    return False",
                    "if a is True and trace is not None:",
                    "    del trace[mark:]  # a part that holds is not where the finding points",
                    f"b = {right}",
                    "if b is False:",
                    "    return False",
                    "return True if a is True and b is True else UNKNOWN"]
        else:
            body = [f"a = {left}",
                    "if a is True:",
                    "    return True",
                    f"b = {right}",
                    "if b is True:",
                    "    return True",
                    "return False if a is False and b is False else UNKNOWN"]
        name = self.program.function("en" if e.op == "en" else "of", "env", body, e.line)
        return f"{name}(env)", BOOL

    def _logic(self, e: ast.Logic, left: Code, scope: Scope) -> Code:
        """``en``/``of`` untraced, inline; a side that is a constant (``waar``, ``onwaar``, a
        comparison of constants) is decided when compiling, as the evaluation would."""
        stops, goes_on = ("False", "True") if e.op == "en" else ("True", "False")
        if left == stops:  # the right side is not evaluated
            return left
        right = self.condition(e.right, scope)
        if left == goes_on:
            return self.normal(right)
        if right == goes_on:
            return self.normal(left)
        a, b = self.temp(), self.temp()
        if e.op == "en":
            return self.truth(f"(False if ({a} := {left}) is False else False if ({b} := "
                              f"{right}) is False else True if {a} is True and {b} is True "
                              "else UNKNOWN)")
        return self.truth(f"(True if ({a} := {left}) is True else True if ({b} := {right}) is "
                          f"True else False if {a} is False and {b} is False else UNKNOWN)")

    def truth(self, code: Code) -> Code:
        """Notes untraced code that makes True, False or UNKNOWN (``normal``)."""
        if self.fast:
            self._truths.add(code)
        return code

    def holds(self, e: ast.Expr, scope: Scope) -> Code:
        """Untraced code that is True when the condition is True and False otherwise (False
        and UNKNOWN alike): what a step, 'waarvoor' or count asks of a condition. Why: ``en``
        and ``of`` become Python's ``and`` and ``or``, with no third value to carry. Every part
        that makes steps or reads through the environment (``quiet``) is still evaluated
        exactly when the three-valued form evaluates it."""
        if not (self.fast and self.local_loops) or not isinstance(e, (ast.Logic, ast.Not)) \
                or self.taken_out(e):
            code = self.condition(e, scope)
            return code if code in ("True", "False") else f"({code} is True)"
        if isinstance(e, ast.Not):
            code = self.condition(e.operand, scope)
            return {"True": "False", "False": "True"}.get(code, f"({code} is False)")
        if e.op == "of":  # the right side is evaluated when the left is not True, as ever
            left = self.holds(e.left, scope)
            if left == "True":
                return left
            right = self.holds(e.right, scope)
            return right if left == "False" else left if right == "False" \
                else f"({left} or {right})"
        if self.quiet(e.right, scope):  # (not evaluated when the left side is UNKNOWN)
            left = self.holds(e.left, scope)
            if left == "False":
                return left
            right = self.holds(e.right, scope)
            return right if left == "True" else left if right == "True" \
                else f"({left} and {right})"
        value = self.condition(e.left, scope)  # the right side when the left is not False
        if value == "False":
            return value
        right = self.holds(e.right, scope)
        if value == "True":
            return right
        a = self.temp()
        return f"(({a} := {value}) is not False and {right} and {a} is True)"

    def quiet(self, e: ast.Expr, scope: Scope) -> bool:
        """Whether untraced code for ``e`` has no effect but its value: it counts no steps,
        passes no concept over and follows no reference (which notes the kinds looked for)."""
        for node in walk(e):
            if isinstance(node, (ast.Count, ast.Fold, ast.Quantifier)) or (
                    isinstance(node, ast.Call) and (node.name == "waarden" or getattr(
                        BUILTINS.get(node.name), "takes_document", True))):
                return False
            if isinstance(node, ast.Field) and (not isinstance(node.obj, (ast.Var, ast.Field))
                                                or self._path(node, scope)[2] is None):
                return False  # (through a reference, or a field that exists once signed)
        return True

    def untraced_holds(self, e: ast.Expr, scope: Scope) -> Code:
        """``holds`` in the untraced form (see ``untraced``)."""
        errors, self.errors, self.fast = self.errors, [], True
        try:
            return self.holds(e, scope)
        finally:
            self.errors, self.fast = errors, False

    def normal(self, code: Code) -> Code:
        """The code as a truth value: True, False or UNKNOWN, what ``en`` and ``of`` make of
        any other value (unchanged when it makes one already)."""
        if code in self._truths or code in ("True", "False", "UNKNOWN"):
            return code
        t = self.temp()
        return self.truth(f"(True if ({t} := {code}) is True else False if {t} is False "
                          "else UNKNOWN)")

    def _loop(self, prefix: str, e: ast.Node, items: Code, start: list[str], each: list[str],
              end: list[str], local: str | None = None) -> Code:
        """A function with a loop over ``items``: each item's variables in ``env``, or, with
        ``local``, the item in that Python local (``_local_loop``)."""
        bind = (["ctx = env.ctx", f"for {local} in {items}:"] if local is not None else
                ["ctx, outer = env.ctx, env.vars", f"for bound in {items}:"])
        body = ["outer_env = env", bind[0], *start, bind[1], *[f"    {line}" for line in each],
                *end]
        if local is None:
            return f"{self.program.function(prefix, 'env', body, e.line)}(env)"
        # the items of enclosing local loops are passed on as they are (``needs_env``)
        params = "env" + self.local_params()
        return f"{self.program.function('fast_' + prefix, params, body, e.line)}({params})"

    def _where(self, e: ast.Count | ast.Fold, inner: Scope) -> Compiled:
        """The loop's 'waarvoor' as a test (``holds``)."""
        if e.where is None:
            return "True", BOOL
        if self.fast:
            return self.holds(e.where, inner), BOOL
        return f"{self.condition(e.where, inner)} is True", BOOL

    def compile_Count(self, e: ast.Count, scope: Scope) -> Compiled:
        items, local, [(cond, _)], bind, prelude = self._local_loop(
            e, scope, lambda inner: [self._where(e, inner)])
        each = ["ctx.tick()", *bind, "try:",
                f"    if {cond}:", "        n += 1", *_ITEM_CONCEPT]
        code = self._loop("count", e, items, [*prelude, "n = 0"], each, ["return n"], local)
        return code, NUMBER

    def compile_Fold(self, e: ast.Fold, scope: Scope) -> Compiled:
        items, local, [(cond, _), (value, vt)], bind, prelude = self._local_loop(
            e, scope, lambda inner: [self._where(e, inner), self.expr(e.value, inner)])
        if e.op == "som" and vt.name not in ("getal", "duur", "onbekend"):
            self.error(e.value, f"'som' telt getallen op, maar dit is {vt.dutch()}.")
        each = ["ctx.tick()", *bind, "try:",
                f"    if {cond}:",
                f"        v = {value}",
                "        if not absent(v) and not isinstance(v, (str, bool)):",
                "            values.append(v)", *_ITEM_CONCEPT]
        code = self._loop("fold", e, items, [*prelude, "values = []"], each,
                          [f"return fold({e.op!r}, values)"], local)
        return code, (NUMBER if e.op == "som" else vt)

    def compile_Quantifier(self, e: ast.Quantifier, scope: Scope) -> Compiled:
        items, local, [(cond, _)], bind, prelude = self._local_loop(
            e, scope, lambda inner: [(self.condition(e.condition, inner), BOOL)])
        quantor = e.quantor
        decides = (["elif v is False:", "    return False"] if quantor == "alle" else
                   ["elif v is True:", f"    return {quantor == 'een'}"])
        each = ["ctx.steps += 1",
                "if ctx.steps > rt.STEP_BUDGET:",
                "    raise EvaluationLimit()",
                *bind,
                "try:",
                f"    v = {cond}",
                *_ITEM_CONCEPT,
                "    continue  # a concept item is not judged on what it cannot have yet",
                "if v is UNKNOWN:",
                "    unknown = True",
                *decides]
        code = self._loop("quantifier", e, items, [*prelude, "unknown = False"], each,
                          [f"return UNKNOWN if unknown else {quantor != 'een'}"], local)
        return self.truth(code), BOOL

    def compile_Call(self, e: ast.Call, scope: Scope) -> Compiled:
        builtin = BUILTINS.get(e.name)
        if builtin is None:
            hint = difflib.get_close_matches(e.name, list(BUILTINS), n=1)
            self.error(e, f"Onbekende functie '{e.name}'"
                       + (f"; bedoelde u '{hint[0]}'?" if hint else
                          f"; beschikbaar: {', '.join(sorted(BUILTINS))}."))
            return "UNKNOWN", ANY
        if e.name == "waarden":  # its items keep their locations, so it is a source of items
            items, _ = self.values_source(e, scope)
            return f"list({items})", T("lijst", item=ANY)
        args = [self.expr(a, scope) for a in e.args]
        if builtin.arity is not None and len(args) != builtin.arity:
            self.error(e, f"'{e.name}' verwacht {builtin.arity} argument(en), maar kreeg er "
                          f"{len(args)}.")
        result_type = builtin.result([t for _, t in args])
        if isinstance(result_type, str):
            self.error(e, result_type)
            result_type = ANY
        codes = [c for c, _ in args]
        if builtin.takes_document and args and args[0][1].name == "ref":
            # a reference's value replaced by the data of the document it points to
            codes[0] = f"follow(env, {codes[0]}, {args[0][1].refs!r})"
        return f"call({e.name!r}{''.join(', ' + c for c in codes)})", result_type


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
