"""Compile a rule's syntax tree once into Python source (codegen.py), run as one function per
step.

Every check a rule author can get wrong is caught here with file, line and column: unknown
document kinds and fields (against the JSON Schemas), type mismatches, undefined names, unknown
obligation keys. Evaluation is bounded: loops only run over the data and over a capped number of
calendar years, there is no recursion, and a step budget stops any rule that runs away.

Statements dispatch to ``statement_<NodeType>``, binders of 'voor' to ``bind_<NodeType>``
(binders.py), expressions to ``compile_<NodeType>`` (expressions.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence

from boce_lint.dsl import ast, wording
from boce_lint.dsl.access import Scope, Var
from boce_lint.dsl.binders import SWITCH, BinderCompiler, Wrap, _next
from boce_lint.dsl.codegen import Program, compile_source
from boce_lint.dsl.compiled import CompiledRule, describe
from boce_lint.dsl.localloops import children
from boce_lint.dsl.parser import split_template
from boce_lint.dsl.types import DATE, compatible
from boce_lint.dsl.wording import Piece

# Compiling and evaluating recurse over the syntax tree: bound it so that no rule file can
# exhaust the stack (the rulebook's deepest expression has 12 levels, its longest rule 10
# statements).
MAX_NESTING = 50  # levels in one statement or message expression
MAX_STATEMENTS = 100  # statements and 'voor' binders in one rule
SEVERITIES = {"fout": "error", "waarschuwing": "warning", "info": "info"}


class Compiler(BinderCompiler):
    """Compiles the rules of one file; errors are collected, not raised one by one."""

    def __init__(self, source: str, file: str, known_keys: set[str]) -> None:
        super().__init__(source, file)
        self.known_keys = known_keys
        self._owner: CompiledRule | None = None  # the rule being compiled (for 'termijn')
        self._before_deadline = False  # compiling a statement that precedes the 'termijn'
        self._deadline_has_duty = False  # a 'vereist' or 'bewijs' follows the 'termijn'
        self._lets: dict[int, str] = {}  # the untraced code of each 'laat' (by id)

    # ---- rules
    def compile_rule(self, rule: ast.Rule, group: str) -> CompiledRule:
        self._check_clauses(rule)
        compiled = describe(rule, SEVERITIES.get(rule.severity, "error"),
                            [k for k, _, _ in rule.keys], group)
        compiled.subject_kinds = tuple(dict.fromkeys(
            b.source.noun for s in rule.statements if isinstance(s, ast.ForEach)
            for b in s.binders if isinstance(b, ast.Each) and b.source.collection is None))
        if not self._within_limits(rule):
            return compiled
        compiled.binders = _binders(rule.statements)
        self.program, self._getters = Program(rule.id, self.file, rule.line), {}
        scope: Scope = {}
        names = compiled.functions
        self._owner = compiled
        compiled.has_deadline = any(isinstance(s, ast.Deadline) for s in rule.statements)
        self.yearly = set()  # subjects judged per year in force, even once ended
        if rule.exception_to:
            self._compile_exception(rule, names, scope)
        else:
            names["body"] = self.statements(rule.statements, scope, True)
        compiled.leading_binders = _leading(rule.statements, ast.ForEach)
        compiled.subject_vars = [n for n, v in scope.items() if v.role in ("subject", "year")]
        messages, missing = ({lang: self.pieces(text, scope, rule, f"{label}:{lang}")
                              for lang, text in texts.items()}
                             for label, texts in (("message", rule.message),
                                                  ("missing_message", rule.missing_message)))
        line = self._clause_at(rule, "message:nl")[0]
        names["said"] = wording.said(self.program, rule.id, messages, missing, (
            line, rule.clause_lines.get("missing_message:nl", (line, 0))[0]))
        for clause, label, texts in (("tasks", "task", rule.task),
                                     ("actors", "actor", rule.actor)):
            names[clause] = {lang: wording.text(
                self.program, lang, self.pieces(text, scope, rule, f"{label}:{lang}"),
                self._clause_at(rule, f"{label}:{lang}")[0]) for lang, text in texts.items()}
        compiled.source = self.program.source(compiled.called())
        compiled.attach(compile_source(compiled.source, f"<rule {rule.id} {self.file}>"))
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

    def _compile_exception(self, rule: ast.Rule, names: dict[str, object], scope: Scope
                           ) -> None:
        """An exception binds the same subjects as its base rule; its leading 'als' conditions
        decide when it takes over, and the statements after them are checked instead."""
        statements = rule.statements
        binders = _leading(statements, ast.ForEach)
        self.statements(statements[:binders], scope, False)  # binds the names only
        whens = _leading(statements[binders:], ast.When)
        if not whens:
            self.error(rule, f"Uitzondering {rule.id} zegt niet wanneer zij geldt: begin na "
                             "'voor ...:' met 'als <voorwaarde>:'.")
        names["conditions"] = [
            self.program.function("when", "env", [f"return {self.condition(s.condition, scope)}"],
                                  s.line)
            for s in statements[binders:binders + whens] if isinstance(s, ast.When)]
        names["rest"] = self.statements(statements[binders + whens:], scope, False)

    def pieces(self, text: str, scope: Scope, rule: ast.Rule, clause: str) -> list[Piece]:
        """``"... {d.titel} ..."``: the text between expressions, and each ``{expr}``
        compiled like any expression (wording.py makes the function that shows them)."""
        line, column = self._clause_at(rule, clause)
        pieces = rule.templates.get(clause)
        if pieces is None:  # a rule built without parse_rules
            pieces = split_template(text, line, column)
        compiled: list[Piece] = []
        self.in_text = True  # (access.py ``reader``: nothing traced)
        try:
            for i, piece in enumerate(pieces):
                if isinstance(piece, str):  # the text between two expressions
                    compiled.append((False, piece))
                elif piece is None:
                    shown = re.split(r"(\{[^{}]*\})", text)[i]
                    self.error(rule, f"Ongeldige uitdrukking '{shown}' in de melding.", line,
                               column)
                elif _too_deep(piece) is not None:
                    self.error(rule, "De uitdrukking in de melding is dieper genest dan "
                                     f"{MAX_NESTING} niveaus.", line, column)
                else:
                    compiled.append((True, self.expr(piece, scope)[0]))
        finally:
            self.in_text = False
        return compiled

    @staticmethod
    def _clause_at(rule: ast.Rule, clause: str) -> tuple[int, int]:
        return rule.clause_lines.get(clause, (rule.line, rule.column))

    # ---- statements
    def statements(self, statements: Sequence[ast.Statement], scope: Scope, base: bool) -> str:
        """The steps, written back to front: each step calls the one after it. In a base rule,
        an exception may take over once the subjects are bound. The name of the first step."""
        deadline_at = next((i for i, s in enumerate(statements)
                            if isinstance(s, ast.Deadline)), -1)
        self._deadline_has_duty = any(isinstance(s, ast.Require)
                                      for s in statements[deadline_at + 1:])
        wraps = []
        for index, statement in enumerate(statements):
            self._before_deadline = index < deadline_at
            wraps.append(self.statement(statement, scope))
        self._before_deadline = False
        switch_at = _leading(statements, ast.ForEach) - 1 if base else -1
        self._switched_later = {id(b) for s in statements[:switch_at + 1]
                                if isinstance(s, ast.ForEach) for b in s.binders}
        self.settle_loops(statements, scope, self._switched_later)
        step: str | None = None
        index = len(wraps) - 1
        while index >= 0:
            if index == switch_at:  # the last binder calls the next step through the switch
                step = SWITCH + (step or "")
            first = index  # (a run of 'laat' statements is one step: ``_let_run``)
            while self.local_loops and first > 0 and isinstance(statements[first], ast.Let) \
                    and isinstance(statements[first - 1], ast.Let):
                first -= 1
            step = self._let_run(statements[first:index + 1], step) if first < index \
                else wraps[index](step)
            index = first - 1
        return self.as_step(step, statements[0].line if statements else 1)

    def statement(self, s: ast.Statement, scope: Scope) -> Wrap:
        handler: Callable[[ast.Statement, Scope], Wrap] = getattr(
            self, "statement_" + type(s).__name__)
        return handler(s, scope)

    def statement_ForEach(self, s: ast.ForEach, scope: Scope) -> Wrap:
        makers = [self.binder(b, scope) for b in s.binders]

        def wrap(nxt: str | None) -> str:
            for make in reversed(makers):
                nxt = make(nxt)
            assert nxt is not None
            return nxt
        return wrap

    def statement_When(self, s: ast.When, scope: Scope) -> Wrap:
        self.checked_only(lambda: self.condition(s.condition, scope))
        cond = self.untraced_holds(s.condition, scope)  # no trace is being recorded here
        return lambda nxt: self.step(s.line, [f"if {cond}:", f"    {_next(nxt)}"])

    def statement_Let(self, s: ast.Let, scope: Scope) -> Wrap:
        typ = self.checked_only(lambda: self.expr(s.value, scope))[1]
        code = self.untraced(s.value, scope)  # no trace is being recorded here
        if s.name in scope:
            self.error(s, f"De naam '{s.name}' is al in gebruik in deze regel.")
        scope[s.name] = Var(typ, "let")
        self._lets[id(s)] = code
        return lambda nxt: self.step(s.line, [f"env = env.with_({s.name!r}, {code})", _next(nxt)])

    def _let_run(self, lets: Sequence[ast.Statement], nxt: str | None) -> str:
        """Consecutive 'laat' statements as one step: one copy of the variables, each value
        added in turn (it may read those before it), then the next step."""
        body = ["variables = {**env.vars}", "env = Env(variables, env.ctx)"]
        body += [f"variables[{s.name!r}] = {self._lets[id(s)]}" for s in lets
                 if isinstance(s, ast.Let)]
        return self.step(lets[0].line, [*body, _next(nxt)])

    def statement_Require(self, s: ast.Require, scope: Scope) -> Wrap:
        mark, points = self.mark(), self.trace_points
        cond = self.condition(s.condition, scope)
        before_deadline = self._before_deadline
        # a condition that reads nothing of a subject (a search of documents, a 'laat' value)
        # locates nothing: decided once, untraced, the finding has no values to show
        unlocated = self.local_loops and self.trace_points == points
        if unlocated:
            self.restore(mark)  # (the traced form is not needed)
            if not s.evidence_only:
                cond = self.untraced(s.condition, scope)

        def require(nxt: str | None) -> str:
            body = ["ctx = env.ctx"]
            if before_deadline:  # the agenda asks only about the duty after the 'termijn'
                body += ["if ctx.agenda is not None:", f"    {_next(nxt)}", "    return"]
            if unlocated:
                return self.step(s.line, body + (
                    [f"if {self.untraced_holds(s.condition, scope)}:", f"    {_next(nxt)}",
                     "else:", "    emit('missing-evidence', env, [])"] if s.evidence_only else
                    [f"verdict = {cond}",
                     "if verdict is True:", f"    {_next(nxt)}",
                     "elif verdict is False:", "    emit('violation', env, [])",
                     "else:", "    emit('missing-evidence', env, [])"]))
            # first without a trace; only a requirement that does not hold is evaluated again
            # with one, from the same step count, to locate what it read. Not when the loop
            # before it tried exactly that already (settle.py): it did not hold.
            if id(s) not in self.settled:
                body += ["steps = ctx.steps",
                         f"if {self.untraced_holds(s.condition, scope)}:",
                         f"    {_next(nxt)}",
                         "    return",
                         "ctx.steps = steps"]
            body += ["ctx.trace = []",
                     "try:",
                     f"    verdict = {cond}",
                     "finally:",
                     "    trace, ctx.trace = ctx.trace, None",
                     "if verdict is True:",
                     f"    {_next(nxt)}"]
            if not s.evidence_only:
                body += ["elif verdict is False:",
                         "    emit('violation', env, located(trace))"]
            body += ["else:", "    emit('missing-evidence', env, located(trace))"]
            return self.step(s.line, body)
        return require

    def statement_Deadline(self, s: ast.Deadline, scope: Scope) -> Wrap:
        """``termijn D``: what follows must hold by D, so it is judged from the day after D;
        with nothing after it, passing D is itself the violation. For the agenda, D is
        recorded with whether what follows already holds."""
        points = self.trace_points
        date, typ = self.expr(s.date, scope)
        if not compatible(typ, DATE):
            self.error(s, f"'termijn' verwacht een datum, maar dit is {typ.dutch()}.")
        has_duty = self._deadline_has_duty
        # a date that reads no field of a subject locates nothing (as ``statement_Require``)
        unlocated = self.local_loops and self.trace_points == points

        def deadline(nxt: str | None) -> str:
            body = ["ctx = env.ctx",
                    "concept = concept_bound(env)",
                    "if concept is not None:  # no term runs for a concept (principle 3)",
                    "    raise NotJudged(concept)"]
            body += [f"due = to_date({date})", "trace = []"] if unlocated else [
                "ctx.trace = []",
                "try:",
                f"    due = to_date({date})",
                "finally:",
                "    trace, ctx.trace = ctx.trace, None"]
            body += ["if ctx.agenda is not None:",
                     "    if isinstance(due, date):",
                     "        found = []"]
            if has_duty:
                body.append("        " + _next(nxt, "lambda outcome, *rest: found.append(outcome)"))
            body += [f"        ctx.agenda.append(DueItem(_RULE, env, due, {has_duty} and not "
                     "found))",
                     "    return",
                     "if not isinstance(due, date):",
                     "    emit('missing-evidence', env, located(trace))",
                     "elif ctx.as_of > due:",
                     "    " + (_next(nxt) if has_duty
                              else "emit('violation', env, located(trace))")]
            return self.step(s.line, body)
        return deadline
def _too_deep(node: ast.Node) -> ast.Node | None:
    """The first node nested deeper than MAX_NESTING below ``node`` (found without recursion)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_NESTING:
            return current
        stack.extend((child, depth + 1) for child in children(current))
    return None


def _leading(statements: Sequence[ast.Statement], kind: type) -> int:
    n = 0
    for s in statements:
        if not isinstance(s, kind):
            break
        n += 1
    return n


def _binders(statements: Sequence[ast.Statement]) -> list[tuple[str, str]]:
    """The leading 'voor' binders: an exception must bind the same as its base rule."""
    result = []
    for statement in statements[:_leading(statements, ast.ForEach)]:
        assert isinstance(statement, ast.ForEach)
        for b in statement.binders:
            result.append((b.source.noun, b.source.var) if isinstance(b, ast.Each)
                          else ("kalenderjaar", b.var))
    return result
