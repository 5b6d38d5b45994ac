"""Compile a rule's syntax tree once into a chain of closures (see runtime.py).

Every check a rule author can get wrong is caught here with file, line and column: unknown
document kinds and fields (against the JSON Schemas), type mismatches, undefined names, unknown
obligation keys. Evaluation is bounded: loops only run over the data and over a capped number of
calendar years, there is no recursion, and a step budget stops any rule that runs away.

Statements dispatch to ``statement_<NodeType>``, binders of 'voor' to ``bind_<NodeType>``,
expressions to ``compile_<NodeType>`` (expressions.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence

from boce_lint.dsl import ast
from boce_lint.dsl.access import Scope, Var
from boce_lint.dsl.compiled import CompiledRule, exception_switch
from boce_lint.dsl.expressions import ExpressionCompiler
from boce_lint.dsl.parser import split_template
from boce_lint.dsl.runtime import (
    MAX_YEARS,
    DueItem,
    Emit,
    Env,
    Fn,
    NotJudged,
    Step,
    concept_bound,
    located,
    no_records_for_concept,
    visit,
)
from boce_lint.dsl.types import DATE, NUMBER, compatible
from boce_lint.dsl.values import Bound, show, to_date
from boce_lint.safetext import quote
from boce_lint.source.schemas import KIND_NAMES, kind_mark
from boce_lint.source.timeline import ENDED, phase, years_in_force

# Compiling and evaluating recurse over the syntax tree: bound it so that no rule file can
# exhaust the stack (the rulebook's deepest expression has 12 levels, its longest rule 10
# statements).
MAX_NESTING = 50  # levels in one statement or message expression
MAX_STATEMENTS = 100  # statements and 'voor' binders in one rule
SEVERITIES = {"fout": "error", "waarschuwing": "warning", "info": "info"}

Wrap = Callable[[Step], Step]  # a compiled statement: given the next step, its own step


class Compiler(ExpressionCompiler):
    """Compiles the rules of one file; errors are collected, not raised one by one."""

    def __init__(self, source: str, file: str, known_keys: set[str]) -> None:
        super().__init__(source, file)
        self.known_keys = known_keys
        self._owner: CompiledRule | None = None  # the rule being compiled (for 'termijn')
        self._before_deadline = False  # compiling a statement that precedes the 'termijn'
        self._deadline_has_duty = False  # a 'vereist' or 'bewijs' follows the 'termijn'
        self.yearly: set[str] = set()

    # ---- rules
    def compile_rule(self, rule: ast.Rule, group: str) -> CompiledRule:
        self._check_clauses(rule)
        compiled = CompiledRule(rule, SEVERITIES.get(rule.severity, "error"),
                                [k for k, _, _ in rule.keys], group)
        if not self._within_limits(rule):
            return compiled
        scope: Scope = {}
        self._owner = compiled
        compiled.has_deadline = any(isinstance(s, ast.Deadline) for s in rule.statements)
        self.yearly = set()  # subjects judged per year in force, even once ended
        if rule.exception_to:
            self._compile_exception(rule, compiled, scope)
        else:
            compiled.body = self.statements(rule.statements, scope, compiled)
        compiled.leading_binders = _leading(rule.statements, ast.ForEach)
        compiled.subject_vars = [n for n, v in scope.items() if v.role in ("subject", "year")]
        for lang, text in rule.message.items():
            compiled.messages[lang] = self.template(text, scope, rule, f"message:{lang}")
        for lang, text in rule.missing_message.items():
            compiled.missing_messages[lang] = self.template(text, scope, rule,
                                                            f"missing_message:{lang}")
        for lang, text in rule.task.items():
            compiled.tasks[lang] = self.template(text, scope, rule, f"task:{lang}")
        for lang, text in rule.actor.items():
            compiled.actors[lang] = self.template(text, scope, rule, f"actor:{lang}")
        return compiled

    def _check_clauses(self, rule: ast.Rule) -> None:
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
        if not any(isinstance(s, (ast.Require, ast.Deadline)) for s in rule.statements):
            self.error(rule, f"Regel {rule.id} heeft geen 'vereist', 'bewijs' of 'termijn'.")
        deadlines = [s for s in rule.statements if isinstance(s, ast.Deadline)]
        for extra in deadlines[1:]:
            self.error(extra, f"Regel {rule.id} heeft meer dan één 'termijn'; een regel stelt "
                              "één termijn per onderwerp.")
        if not deadlines:
            for clause, label in (("task", "taak"), ("actor", "door")):
                if getattr(rule, clause):
                    line, column = next(v for k, v in rule.clause_lines.items()
                                        if k.startswith(clause + ":"))
                    self.error(rule, f"'{label}' beschrijft de termijn van een regel, maar regel "
                                     f"{rule.id} heeft geen 'termijn'.", line, column)

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

    def _compile_exception(self, rule: ast.Rule, compiled: CompiledRule, scope: Scope) -> None:
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

    def template(self, text: str, scope: Scope, rule: ast.Rule, clause: str
                 ) -> Callable[[Env], str]:
        """``"... {d.titel} ..."``: each ``{expr}`` is compiled like any expression; a long
        value is quoted shortened, with its length (``safetext.quote``)."""
        line, column = rule.clause_lines.get(clause, (rule.line, rule.column))
        lang = clause.rpartition(":")[2]
        pieces = rule.templates.get(clause)
        if pieces is None:  # a rule built without parse_rules
            pieces = split_template(text, line, column)
        parts: list[str | Fn] = []
        for i, piece in enumerate(pieces):
            if isinstance(piece, str):  # the text between two expressions
                parts.append(piece)
                continue
            if piece is None:
                shown = re.split(r"(\{[^{}]*\})", text)[i]
                self.error(rule, f"Ongeldige uitdrukking '{shown}' in de melding.", line, column)
                continue
            if _too_deep(piece) is not None:
                self.error(rule, f"De uitdrukking in de melding is dieper genest dan {MAX_NESTING} "
                                 "niveaus.", line, column)
                continue
            parts.append(self.expr(piece, scope)[0])

        def render(env: Env) -> str:
            out = []
            for part in parts:
                if isinstance(part, str):
                    out.append(part)
                else:
                    try:
                        out.append(quote(show(part(env)), lang))
                    except (KeyError, TypeError, ValueError, ArithmeticError, NotJudged):
                        out.append("(onbekend)")
            return "".join(out)

        return render

    # ---- statements
    def statements(self, statements: Sequence[ast.Statement], scope: Scope,
                   rule: CompiledRule | None) -> Step:
        """Build the chain of steps back to front: each step calls the one after it. For a
        base rule, an exception may take over once the subjects are bound."""
        deadline_at = next((i for i, s in enumerate(statements)
                            if isinstance(s, ast.Deadline)), -1)
        self._deadline_has_duty = any(isinstance(s, ast.Require)
                                      for s in statements[deadline_at + 1:])
        wraps = []
        for index, statement in enumerate(statements):
            self._before_deadline = index < deadline_at
            wraps.append(self.statement(statement, scope))
        self._before_deadline = False
        step: Step = lambda env, emit: None  # noqa: E731 - the end of the chain
        switch_at = _leading(statements, ast.ForEach) - 1 if rule is not None else -1
        for index in range(len(wraps) - 1, -1, -1):
            if rule is not None and index == switch_at:
                step = exception_switch(rule, step)
            step = wraps[index](step)
        return step

    def statement(self, s: ast.Statement, scope: Scope) -> Wrap:
        handler: Callable[[ast.Statement, Scope], Wrap] = getattr(
            self, "statement_" + type(s).__name__)
        return handler(s, scope)

    def statement_ForEach(self, s: ast.ForEach, scope: Scope) -> Wrap:
        makers = [self.binder(b, scope) for b in s.binders]

        def wrap(nxt: Step) -> Step:
            for make in reversed(makers):
                nxt = make(nxt)
            return nxt
        return wrap

    def statement_When(self, s: ast.When, scope: Scope) -> Wrap:
        cond = self.condition(s.condition, scope)

        def when(nxt: Step) -> Step:
            def run(env: Env, emit: Emit) -> None:
                if cond(env) is True:
                    nxt(env, emit)
            return run
        return when

    def statement_Let(self, s: ast.Let, scope: Scope) -> Wrap:
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

    def statement_Require(self, s: ast.Require, scope: Scope) -> Wrap:
        cond = self.condition(s.condition, scope)
        before_deadline = self._before_deadline

        def require(nxt: Step) -> Step:
            def run(env: Env, emit: Emit) -> None:
                ctx = env.ctx
                if before_deadline and ctx.agenda is not None:
                    nxt(env, emit)  # the agenda asks only about the duty after the 'termijn'
                    return
                ctx.trace = []
                try:
                    verdict = cond(env)
                finally:
                    trace, ctx.trace = ctx.trace, None
                if verdict is True:
                    nxt(env, emit)
                elif verdict is False and not s.evidence_only:
                    emit("violation", env, located(trace), s)
                else:
                    emit("missing-evidence", env, located(trace), s)
            return run
        return require

    def statement_Deadline(self, s: ast.Deadline, scope: Scope) -> Wrap:
        """``termijn D``: what follows must hold by D, so it is judged from the day after D;
        with nothing after it, passing D is itself the violation. For the agenda, D is
        recorded with whether what follows already holds."""
        date, typ = self.expr(s.date, scope)
        if not compatible(typ, DATE):
            self.error(s, f"'termijn' verwacht een datum, maar dit is {typ.dutch()}.")
        owner, has_duty = self._owner, self._deadline_has_duty

        def deadline(nxt: Step) -> Step:
            def run(env: Env, emit: Emit) -> None:
                ctx = env.ctx
                concept = concept_bound(env)
                if concept is not None:  # no term runs for a concept (principle 3)
                    raise NotJudged(concept)
                ctx.trace = []
                try:
                    due = to_date(date(env))
                finally:
                    trace, ctx.trace = ctx.trace, None
                if ctx.agenda is not None:
                    if isinstance(due, dt.date) and owner is not None:
                        found: list[str] = []
                        if has_duty:
                            nxt(env, lambda outcome, *rest: found.append(outcome))
                        ctx.agenda.append(DueItem(owner, env, due, has_duty and not found))
                    return
                if not isinstance(due, dt.date):
                    emit("missing-evidence", env, located(trace), None)
                elif ctx.as_of > due:
                    if has_duty:
                        nxt(env, emit)
                    else:
                        emit("violation", env, located(trace), None)
            return run
        return deadline

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

    def bind_EachYearInForce(self, b: ast.EachYearInForce, scope: Scope) -> Wrap:
        """``voor elk volledig kalenderjaar j in werking van d [vanaf DATUM]``: the engine's one
        notion of the years a yearly duty counts (timeline.years_in_force)."""
        document, typ = self.path_or_expr(b.document, scope)
        if typ.name not in ("object", "onbekend"):
            self.error(b.document, f"'in werking van' verwacht een document, maar dit is "
                                   f"{typ.dutch()}.")
        if isinstance(b.document, ast.Var):
            self.yearly.add(b.document.name)
        since = None
        if b.since is not None:
            since, ts = self.expr(b.since, scope)
            if not compatible(ts, DATE):
                self.error(b.since, f"'vanaf' verwacht een datum, maar dit is {ts.dutch()}.")
        self._declare(b, b.var, Var(NUMBER, "year"), scope)
        var = b.var

        def years(nxt: Step) -> Step:
            def run(env: Env, emit: Emit) -> None:
                bound = document(env)
                data = bound.value
                start = to_date(since(env)) if since is not None else None
                found = years_in_force(data, env.ctx.as_of,
                                       start if isinstance(start, dt.date) else None) \
                    if isinstance(data, dict) else None
                if found is None:  # no start date, or ended without an end date
                    if bound.document is not None and bound.document.data is data \
                            and phase(data, env.ctx.as_of) == ENDED:
                        env.ctx.undated.setdefault(bound.document.id, bound.document)
                    else:  # (an ended document: the engine says so once, S018)
                        emit("missing-evidence", env, [], None)
                    return
                for y in found[-MAX_YEARS:]:
                    env.ctx.tick()
                    nxt(env.with_(var, y), emit)
            return run
        return years

    def bind_Each(self, b: ast.Each, scope: Scope) -> Wrap:
        items, item_type = self.source(b.source, scope)
        self._declare(b, b.source.var, Var(item_type, "subject"), scope)
        where = self.condition(b.where, scope) if b.where is not None else None
        var = b.source.var
        # an ended document is still judged for a year it was in force in
        subject_kind = b.source.collection is None
        per_year = any(v.role == "year" for v in scope.values())
        yearly = self.yearly  # filled while the rest of the rule compiles

        def each(nxt: Step) -> Step:
            if subject_kind:
                return self._each_document(b.source.noun, var, where, per_year, yearly, nxt)

            def run(env: Env, emit: Emit) -> None:  # the items of a list
                for bound in items(env):
                    visit(env, var, bound, where, nxt, emit)
            return run
        return each

    @staticmethod
    def _each_document(kind: str, var: str, where: Fn | None, per_year: bool,
                       yearly: set[str], nxt: Step) -> Step:
        """``voor elke KIND d``, the outer loop of most rules, in one step: an invalid document
        is reported already (a schema finding); an ended one is judged only for its years in
        force (unless the rule goes per year). Records of execution do not exist for a concept
        (principle 3): as in ``access.source``, the concept subject is then passed over."""
        execution = kind_mark(kind, "x-fase") == "uitvoering"

        def run(env: Env, emit: Emit) -> None:
            ctx = env.ctx
            as_of = ctx.as_of
            if execution:
                no_records_for_concept(env)
            ended_too = per_year or var in yearly  # 'yearly' is filled after this compiled
            for document in ctx.repository.of_kind(kind):
                data = document.data
                if not document.valid or not ended_too and phase(data, as_of) == ENDED:
                    continue
                visit(env, var, Bound(data, document, ""), where, nxt, emit)
        return run

    def _declare(self, node: ast.Node, name: str, var: Var, scope: Scope) -> None:
        if name in scope:
            self.error(node, f"De naam '{name}' is al in gebruik in deze regel.")
        if name in KIND_NAMES:
            self.error(node, f"'{name}' is een documentsoort; kies een korte naam, bijv. "
                             f"'{name[0]}'.")
        scope[name] = var


def _too_deep(node: ast.Node) -> ast.Node | None:
    """The first node nested deeper than MAX_NESTING below ``node`` (found without recursion)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_NESTING:
            return current
        for name in _child_fields(type(current)):
            value = getattr(current, name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, ast.Node):
                    stack.append((child, depth + 1))
    return None


def _child_fields(cls: type[ast.Node]) -> tuple[str, ...]:
    """A node class's fields that may hold nodes (not its line and column)."""
    found = _CHILD_FIELDS.get(cls)
    if found is None:
        found = _CHILD_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)
                                           if f.name not in ("line", "column"))
    return found


_CHILD_FIELDS: dict[type[ast.Node], tuple[str, ...]] = {}


def _leading(statements: Sequence[ast.Statement], kind: type) -> int:
    n = 0
    for s in statements:
        if not isinstance(s, kind):
            break
        n += 1
    return n
