"""Compile a rule's syntax tree once into Python source (codegen.py), run as one function per
step.

Every check a rule author can get wrong is caught here with file, line and column: unknown
document kinds and fields (against the JSON Schemas), type mismatches, undefined names, unknown
obligation keys. Evaluation is bounded: loops only run over the data and over a capped number of
calendar years, there is no recursion, and a step budget stops any rule that runs away.

Statements dispatch to ``statement_<NodeType>``, binders of 'voor' to ``bind_<NodeType>``,
expressions to ``compile_<NodeType>`` (expressions.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence

from boce_lint.dsl import ast, wording
from boce_lint.dsl.access import Scope, Var
from boce_lint.dsl.codegen import Lines, Program, compile_source
from boce_lint.dsl.compiled import CompiledRule, describe
from boce_lint.dsl.localloops import children
from boce_lint.dsl.parser import split_template
from boce_lint.dsl.settle import SettleCompiler
from boce_lint.dsl.types import DATE, NUMBER, compatible
from boce_lint.dsl.wording import Piece
from boce_lint.source.schemas import KIND_NAMES, kind_mark

# Compiling and evaluating recurse over the syntax tree: bound it so that no rule file can
# exhaust the stack (the rulebook's deepest expression has 12 levels, its longest rule 10
# statements).
MAX_NESTING = 50  # levels in one statement or message expression
MAX_STATEMENTS = 100  # statements and 'voor' binders in one rule
SEVERITIES = {"fout": "error", "waarschuwing": "warning", "info": "info"}

# a compiled statement: given the name of the next step's function (None at the end), the
# name of its own
Wrap = Callable[[str | None], str]
SWITCH = "switch:"  # marks the next step as reached through the switch to an exception


class Compiler(SettleCompiler):
    """Compiles the rules of one file; errors are collected, not raised one by one."""

    def __init__(self, source: str, file: str, known_keys: set[str]) -> None:
        super().__init__(source, file)
        self.known_keys = known_keys
        self._owner: CompiledRule | None = None  # the rule being compiled (for 'termijn')
        self._before_deadline = False  # compiling a statement that precedes the 'termijn'
        self._deadline_has_duty = False  # a 'vereist' or 'bewijs' follows the 'termijn'
        self.yearly: set[str] = set()
        # the binders (by id) an exception may take over at or after (settle.py)
        self._switched_later: set[int] = set()
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
        compiled.source = self.program.source()
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
        for i, piece in enumerate(pieces):
            if isinstance(piece, str):  # the text between two expressions
                compiled.append((False, piece))
            elif piece is None:
                shown = re.split(r"(\{[^{}]*\})", text)[i]
                self.error(rule, f"Ongeldige uitdrukking '{shown}' in de melding.", line, column)
            elif _too_deep(piece) is not None:
                self.error(rule, f"De uitdrukking in de melding is dieper genest dan {MAX_NESTING} "
                                 "niveaus.", line, column)
            else:
                compiled.append((True, self.expr(piece, scope)[0]))
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

    def as_step(self, nxt: str | None, line: int) -> str:
        """A function to pass as the next step (the switch to an exception made one)."""
        if nxt is None:
            return "done"
        if nxt.startswith(SWITCH):
            return self.step(line, [_next(nxt)])
        return nxt

    def step(self, line: int, body: Lines) -> str:
        return self.program.function("step", "env, emit", body, line)

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
        cond = self.condition(s.condition, scope)
        before_deadline = self._before_deadline

        def require(nxt: str | None) -> str:
            body = ["ctx = env.ctx"]
            if before_deadline:  # the agenda asks only about the duty after the 'termijn'
                body += ["if ctx.agenda is not None:", f"    {_next(nxt)}", "    return"]
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
        date, typ = self.expr(s.date, scope)
        if not compatible(typ, DATE):
            self.error(s, f"'termijn' verwacht een datum, maar dit is {typ.dutch()}.")
        has_duty = self._deadline_has_duty

        def deadline(nxt: str | None) -> str:
            body = ["ctx = env.ctx",
                    "concept = concept_bound(env)",
                    "if concept is not None:  # no term runs for a concept (principle 3)",
                    "    raise NotJudged(concept)",
                    "ctx.trace = []",
                    "try:",
                    f"    due = to_date({date})",
                    "finally:",
                    "    trace, ctx.trace = ctx.trace, None",
                    "if ctx.agenda is not None:",
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
            elif id(b) in self.settles and items.startswith(tuple(_LISTS)):
                # the items as plain values; a Bound only for an item the requirement fails
                within = _LISTS[items[:items.index("(") + 1]] + items[items.index("(") + 1:]
                local = self.settles[id(b)][0]
                body = ["ctx = env.ctx", f"within = {within}", "listed = within[1]",
                        f"for index, {local} in enumerate("
                        "listed if isinstance(listed, list) else ()):"]
                bound = f"Bound({local}, None, None, within, index)"
            else:
                body = ["ctx = env.ctx", f"for bound in {items}:"]
                bound = "bound"
            settle = self.settles.get(id(b))
            # (a settled loop decides its 'waarvoor' in its predicate)
            early = self.prefilter(b, scope) if settle is None and b.source.collection is None \
                else None
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
                body += [f"    {early[0]} = data", f"    if not {early[1]}:",
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


def _too_deep(node: ast.Node) -> ast.Node | None:
    """The first node nested deeper than MAX_NESTING below ``node`` (found without recursion)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_NESTING:
            return current
        stack.extend((child, depth + 1) for child in children(current))
    return None


# a list source's items (support.py) and what they keep to be located, made once per loop
_LISTS = {"elements(": "element_list(", "located_elements(": "located_list("}


def _leading(statements: Sequence[ast.Statement], kind: type) -> int:
    n = 0
    for s in statements:
        if not isinstance(s, kind):
            break
        n += 1
    return n


def _next(step: str | None, emit: str = "emit") -> str:
    """The call of the next step (nothing at the end of a rule), through the switch to an
    exception when it is marked so."""
    if step is not None and step.startswith(SWITCH):
        step = step[len(SWITCH):]
        return "(_RULE.exceptions and switched(_RULE, env))" + \
            (f" or {step}(env, {emit})" if step else "")
    return f"{step}(env, {emit})" if step is not None else "pass"


def _binders(statements: Sequence[ast.Statement]) -> list[tuple[str, str]]:
    """The leading 'voor' binders: an exception must bind the same as its base rule."""
    result = []
    for statement in statements[:_leading(statements, ast.ForEach)]:
        assert isinstance(statement, ast.ForEach)
        for b in statement.binders:
            result.append((b.source.noun, b.source.var) if isinstance(b, ast.Each)
                          else ("kalenderjaar", b.var))
    return result
