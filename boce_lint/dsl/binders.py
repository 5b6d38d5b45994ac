"""Compile the binders of 'voor' -- documents of a kind, the items of a list, calendar years --
into steps of a rule's module (codegen.py), and how one step calls the next.

A binder's loop is inline in its step: each item counted against the step budget, bound, and
judged when the loop's condition holds. Where it can, a loop decides first with the item a
Python local whether the item needs an environment at all (settle.py): its 'waarvoor'
(``prefilter``) or everything after it (``settles``).
"""

from __future__ import annotations

from collections.abc import Callable

from boce_lint.dsl import ast
from boce_lint.dsl.access import Scope, Var
from boce_lint.dsl.codegen import Lines
from boce_lint.dsl.settle import SettleCompiler
from boce_lint.dsl.types import DATE, NUMBER, compatible
from boce_lint.source.schemas import KIND_NAMES, kind_mark

# a compiled statement: given the name of the next step's function (None at the end), the
# name of its own
Wrap = Callable[[str | None], str]
SWITCH = "switch:"  # marks the next step as reached through the switch to an exception


class BinderCompiler(SettleCompiler):
    """The binders of 'voor' and the steps they make (the statements: compiler.py)."""

    def __init__(self, source: str, file: str) -> None:
        super().__init__(source, file)
        self.yearly: set[str] = set()  # subjects judged per year in force, even once ended
        # the binders (by id) an exception may take over at or after (settle.py)
        self._switched_later: set[int] = set()

    def as_step(self, nxt: str | None, line: int) -> str:
        """A function to pass as the next step (the switch to an exception made one)."""
        if nxt is None:
            return "done"
        if nxt.startswith(SWITCH):
            return self.step(line, [_next(nxt)])
        return nxt

    def step(self, line: int, body: Lines) -> str:
        return self.program.function("step", "env, emit", body, line)

    # ---- binders of 'voor'
    def binder(self, b: ast.Binder, scope: Scope) -> Wrap:
        handler: Callable[[ast.Binder, Scope], Wrap] = getattr(
            self, "bind_" + type(b).__name__)
        return handler(b, scope)

    def bind_EachYear(self, b: ast.EachYear, scope: Scope) -> Wrap:
        start, ts = self.expr(b.start, scope)
        end, te = self.expr(b.end, scope)
        for typ, node in ((ts, b.start), (te, b.end)):
            if not compatible(typ, DATE):
                self.error(node, f"'van ... tot ...' verwacht datums, maar dit is {typ.dutch()}.")
        self._declare(b, b.var, Var(NUMBER, "year"), scope)
        return lambda nxt: self.step(b.line, [
            f"each_year(env, emit, {b.var!r}, {start}, {end}, {self.as_step(nxt, b.line)})"])

    def bind_EachYearInForce(self, b: ast.EachYearInForce, scope: Scope) -> Wrap:
        """``voor elk volledig kalenderjaar j in werking van d [vanaf DATUM]``: the engine's one
        notion of the years a yearly duty counts (timeline.years_in_force)."""
        document, typ = self.path_or_expr(b.document, scope)
        if typ.name not in ("object", "onbekend"):
            self.error(b.document, f"'in werking van' verwacht een document, maar dit is "
                                   f"{typ.dutch()}.")
        if isinstance(b.document, ast.Var):
            self.yearly.add(b.document.name)
        since = "None"
        if b.since is not None:
            since, ts = self.expr(b.since, scope)
            if not compatible(ts, DATE):
                self.error(b.since, f"'vanaf' verwacht een datum, maar dit is {ts.dutch()}.")
        self._declare(b, b.var, Var(NUMBER, "year"), scope)
        return lambda nxt: self.step(b.line, [
            f"each_year_in_force(env, emit, {b.var!r}, {document}, {since}, "
            f"{self.as_step(nxt, b.line)})"])

    def bind_Each(self, b: ast.Each, scope: Scope) -> Wrap:
        items, item_type = self.source(b.source, scope)
        self._declare(b, b.source.var, Var(item_type, "subject"), scope)
        if (condition := b.where) is not None:
            self.checked_only(lambda: self.condition(condition, scope))
        where = self.untraced_holds(b.where, scope) if b.where is not None else None
        var = b.source.var
        per_year = any(v.role == "year" for v in scope.values())

        def each(nxt: str | None) -> str:
            """The loop inline: each item counted against the step budget, bound, and judged
            when the loop's condition holds. A concept met inside the item passes over the
            item only, unless it belongs to a subject bound outside the loop."""
            settle = self.settles.get(id(b))
            listed = b.source.collection is not None and items.startswith(tuple(_LISTS))
            # (a settled loop decides its 'waarvoor' in its predicate)
            early = self.prefilter(b, scope) if settle is None and (
                b.source.collection is None or listed) else None
            if b.source.collection is None:  # 'voor elke KIND d', the outer loop of most rules
                # an ended document is still judged for a year it was in force in; 'yearly'
                # is complete once the whole rule has compiled, which it has by now
                ended_too = per_year or var in self.yearly
                body = ["ctx = env.ctx", "as_of = ctx.as_of"]
                if kind_mark(b.source.noun, "x-fase") == "uitvoering":
                    body.append("no_records_for_concept(env)  # none for a concept (principle 3)")
                body += [f"for document in ctx.repository.of_kind({b.source.noun!r}):",
                         "    data = document.data",
                         "    if not document.valid:",
                         "        continue  # an invalid one has its schema finding already"
                         ] if ended_too else [  # (valid, not ended: Context.subjects)
                    f"for document in ctx.subjects({b.source.noun!r}):", "    data = document.data"]
                bound = "Bound(data, document, '')"
            elif (first := settle or early) is not None and listed:
                # the items as plain values; a Bound only for an item the requirement fails
                # or the 'waarvoor' lets through
                within = _LISTS[items[:items.index("(") + 1]] + items[items.index("(") + 1:]
                local = first[0]
                body = ["ctx = env.ctx", f"within = {within}", "listed = within[1]",
                        f"for index, {local} in enumerate("
                        "listed if isinstance(listed, list) else ()):"]
                bound = f"Bound({local}, None, None, within, index)"
            else:
                body = ["ctx = env.ctx", f"for bound in {items}:"]
                bound = "bound"
            judged = [f"if {where}:", f"    {_next(nxt)}"] if where and not early \
                else [_next(nxt)]
            switch = settle is not None and id(b) in self._switched_later
            if id(b) in self.placeholder_loops:  # (only while the loop settles its items)
                only = f"placeholder_{items}"
                body[1] = f"for bound in ({only} if settles else {items}):" if switch \
                    else f"for bound in {only}:"
            body[1:1] = ["outer_env, outer = env, env.vars", "budget = rt.STEP_BUDGET",
                         *(["settles = not _RULE.exceptions"] if switch else ()),
                         *(settle[2] if settle is not None else ()),
                         *(early[2] if early is not None else ())]
            body += ["    ctx.steps += 1",
                     "    if ctx.steps > budget:",
                     "        raise EvaluationLimit()"]
            if early is not None:  # the 'waarvoor' first, without an environment (settle.py)
                if b.source.collection is None:  # (else bound by the loop)
                    body.append(f"    {early[0]} = data")
                body += ["    try:",
                         f"        if not {early[1]}:",
                         "            continue",
                         "    except NotJudged as error:  # (as the item's own 'waarvoor' would)",
                         "        if concerns_outer(error, outer_env):",
                         "            raise",
                         "        continue"]
            if settle is not None:  # what follows first, without an environment (settle.py)
                local, cond, _ = settle
                body += ["    steps = ctx.steps"]
                if b.source.collection is None or bound == "bound":  # (else bound by the loop)
                    body += [f"    {local} = " + ("data" if b.source.collection is None
                                                  else "bound.value")]
                body += ["    try:",
                         f"        if {'settles and ' if switch else ''}{cond}:",
                         "            continue  # it holds: nothing to report, nothing kept",
                         "    except NotJudged as error:",
                         "        if concerns_outer(error, outer_env):",
                         "            raise",
                         "        continue",
                         "    ctx.steps = steps  # the step counts the same again"]
            body += [f"    env = Env({{**outer, {var!r}: {bound}}}, ctx)",
                     "    try:",
                     *[f"        {line}" for line in judged],
                     "    except NotJudged as error:  # a concept inside the item passes it over",
                     "        if concerns_outer(error, outer_env):",
                     "            raise"]
            return self.step(b.line, body)
        return each

    def _declare(self, node: ast.Node, name: str, var: Var, scope: Scope) -> None:
        if name in scope:
            self.error(node, f"De naam '{name}' is al in gebruik in deze regel.")
        if name in KIND_NAMES:
            self.error(node, f"'{name}' is een documentsoort; kies een korte naam, bijv. "
                             f"'{name[0]}'.")
        scope[name] = var


# a list source's items (support.py) and what they keep to be located, made once per loop
_LISTS = {"elements(": "element_list(", "located_elements(": "located_list("}


def _next(step: str | None, emit: str = "emit") -> str:
    """The call of the next step (nothing at the end of a rule), through the switch to an
    exception when it is marked so."""
    if step is not None and step.startswith(SWITCH):
        step = step[len(SWITCH):]
        return "(_RULE.exceptions and switched(_RULE, env))" + \
            (f" or {step}(env, {emit})" if step else "")
    return f"{step}(env, {emit})" if step is not None else "pass"
