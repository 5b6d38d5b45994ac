"""Settle an item of a loop before it gets an environment: whether anything after the loop's
binder could make a finding for it.

Most items of a rule pass: every requirement holds, so nothing is reported and nothing is
kept. A loop decides that first with the item in a Python local, as one untraced predicate
over what follows its binder (the requirements, ``als`` conditions and the loops over lists
of the rule's later binders, those loops inline, their items locals too); only an item for
which the predicate does not hold gets its environment (a ``Bound``, a copy of the
variables, an ``Env``) and the steps, which decide it again with a trace. The same value
either way: untraced code reads without side effects and counts the same steps, and a
requirement evaluated in its untraced form is true only when its traced form is.

A predicate is made only when none of its code needs an environment of its own
(``needs_env``): a path that follows a reference or depends on signing reads through the
environment, and so does a ``laat``, a ``termijn`` or a loop over years or documents; then
the loop's items get their environment as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from boce_lint.dsl import ast
from boce_lint.dsl.access import Code, Scope
from boce_lint.dsl.expressions import ExpressionCompiler
from boce_lint.dsl.localloops import needs_env

UNROLL = 8  # items of a list of constants a loop is written out for, at most


class SettleCompiler(ExpressionCompiler):
    """Writes the predicate of each loop whose items can be settled (``settles``)."""

    def __init__(self, source: str, file: str) -> None:
        super().__init__(source, file)
        # per binder (by id): the local its item is bound to, the predicate over it and the
        # lines to run before the loop (the calls taken out of it, ``hoist``)
        self.settles: dict[int, tuple[str, Code, list[str]]] = {}
        # the requirements (by id) that are all a settled loop tries: reached only when
        # their untraced form did not hold, they start with the traced one
        self.settled: set[int] = set()
        # the loops (by id) over 'waarden(x)' that require only 'niet invultekst' of each
        # leaf: they visit only the leaves that may be placeholders (placeholder_leaves)
        self.placeholder_loops: set[int] = set()

    def settle_loops(self, statements: Sequence[ast.Statement], scope: Scope,
                     switched: set[int]) -> None:
        """A predicate for every binder of ``statements`` whose items can be settled; called
        once all of them are compiled (the scope then has every name they bind). A binder in
        ``switched`` settles only when the rule has no exceptions at run time, so its last
        requirement keeps its own untraced try."""
        if not self.local_loops:
            return
        flat: list[ast.Node] = []
        for s in statements:
            flat.extend(s.binders if isinstance(s, ast.ForEach) else (s,))
        for index, b in enumerate(flat):
            if isinstance(b, ast.Each):  # (any source: the loop itself binds the items)
                found = self._predicate(b, flat[index + 1:], scope)
                if found is not None:
                    self.settles[id(b)] = found
                    if _placeholders_only(b, flat[index + 1:]):
                        self.placeholder_loops.add(id(b))
                    if index == len(flat) - 2 and isinstance(flat[-1], ast.Require) \
                            and b.where is None and id(b) not in switched:
                        self.settled.add(id(flat[-1]))

    def _predicate(self, b: ast.Each, tail: Sequence[ast.Node], scope: Scope
                   ) -> tuple[str, Code, list[str]] | None:
        def compile_() -> Code | None:
            where = self.holds(b.where, scope) if b.where is not None else None
            code = self._holds(tail, scope)
            if code is None or (where is not None and needs_env(where)):
                return None
            return f"(not {where} or {code})" if where else code
        return self._with_local_item(b.source.var, compile_, b.source.collection is None)

    def prefilter(self, b: ast.Each, scope: Scope) -> tuple[str, Code, list[str]] | None:
        """For a loop that is not settled (over documents or a list): its 'waarvoor' with the
        item in a Python local, so that an item for which it does not hold is passed over
        before it gets an environment (most are: ``elke deelovereenkomst d waarvoor p.gemeente
        in d.gastgemeenten`` for every party and year). The local, the condition and the lines
        to run before the loop; None when the condition needs the item's environment."""
        if not self.local_loops or b.where is None:
            return None
        where = b.where

        def compile_() -> Code | None:
            cond = self.holds(where, scope)
            return None if needs_env(cond) else cond
        return self._with_local_item(b.source.var, compile_, b.source.collection is None)

    def _with_local_item(self, var: str, compile_: Callable[[], Code | None], document: bool
                         ) -> tuple[str, Code, list[str]] | None:
        """``compile_``'s untraced code with loop item ``var`` in a new Python local: the
        local, the code and the lines to run before the loop; None (and nothing it wrote kept)
        when it gives None. Its errors were reported when the traced form was compiled. With
        ``document`` the item is a document's data, always a dict: its fields are read without
        asking (``plain_reader``)."""
        mark = self.mark()
        errors, self.errors, self.fast = self.errors, [], True
        local = self.temp()
        if document:
            self.dicts.add(local)
        try:
            with self.hoisting(local) as prelude:
                self.locals[var] = local
                code = compile_()
        finally:
            self.locals.pop(var, None)
            self.errors, self.fast = errors, False
        if code is None:
            self.restore(mark)
            return None
        return local, code, prelude

    def _holds(self, tail: Sequence[ast.Node], scope: Scope) -> Code | None:
        """Untraced code that is True when ``tail`` makes no finding, or None when it cannot
        be written without an environment."""
        if not tail:
            return "True"
        head, rest = tail[0], tail[1:]
        if isinstance(head, (ast.Require, ast.When)):
            cond = self.holds(head.condition, scope)
            if needs_env(cond):
                return None
            after = self._holds(rest, scope)
            if after is None:
                return None
            if isinstance(head, ast.When):  # a condition that does not hold stops quietly
                return f"(not {cond} or {after})"
            return cond if after == "True" else f"({cond} and {after})"
        if not isinstance(head, ast.Each) or head.source.collection is None \
                or _values_call(head.source.collection):
            return None  # documents of a kind, years, 'laat', 'termijn': steps of their own
        collection = head.source.collection
        if isinstance(collection, ast.ListLit) and 0 < len(collection.items) <= UNROLL and all(
                isinstance(i, ast.Literal) and isinstance(i.value, (str, int, float))
                for i in collection.items):
            return self._unrolled(head, collection, rest, scope)
        params = self.local_params()
        var = head.source.var
        local = self.temp()
        with self.hoisting(local) as prelude:
            values = (self.reader(collection, scope)[0]
                      if isinstance(collection, (ast.Var, ast.Field))
                      else self.expr(collection, scope)[0])
            self.locals[var] = local
            try:
                where = self.holds(head.where, scope) if head.where is not None else None
                after = self._holds(rest, scope)
            finally:
                del self.locals[var]
        if after is None or any(needs_env(c) for c in (values, where or "", after)):
            return None
        judged = f"not {where} or {after}" if where is not None else after
        t = self.temp()
        body = ["ctx = env.ctx", *prelude,
                f"for {local} in ({t} if isinstance(({t} := {values}), list) else ()):",
                "    ctx.steps += 1",
                "    if ctx.steps > rt.STEP_BUDGET:",
                "        raise EvaluationLimit()",
                f"    if not ({judged}):",
                "        return False",
                "return True"]
        name = self.program.function("fast_holds", "env" + params, body, head.line)
        return f"{name}(env{params})"


    def _unrolled(self, head: ast.Each, collection: ast.ListLit, rest: Sequence[ast.Node],
                  scope: Scope) -> Code | None:
        """A loop over a short list of constants, written out item by item with the item's
        constant in place of its variable: what depends only on the item is decided when
        compiling (``x = "een"`` for the item "een"), as the evaluation would decide it."""
        body = ["ctx = env.ctx"]
        var = head.source.var
        for item in collection.items:
            assert isinstance(item, ast.Literal)
            self.locals[var] = self.program.const(item.value)
            try:
                with self.hoisting(None):
                    where = (self.holds(head.where, scope) if head.where is not None
                             else None)
                    after = self._holds(rest, scope)
            finally:
                del self.locals[var]
            if after is None or any(needs_env(c) for c in (where or "", after)):
                return None
            body += ["ctx.steps += 1",
                     "if ctx.steps > rt.STEP_BUDGET:",
                     "    raise EvaluationLimit()"]
            if after != "True" and where != "False":
                judged = f"not {where} or {after}" if where is not None else after
                body += [f"if not ({judged}):", "    return False"]
        params = self.local_params()
        name = self.program.function("fast_holds", "env" + params, body + ["return True"],
                                     head.line)
        return f"{name}(env{params})"


def _values_call(collection: ast.Expr | None) -> bool:
    """``waarden(x)``: its items are leaves located on the way (``leaves``), not a list."""
    return isinstance(collection, ast.Call) and collection.name == "waarden"


def _placeholders_only(b: ast.Each, tail: Sequence[ast.Node]) -> bool:
    """``voor elke waarde w in waarden(x): vereist niet invultekst w``: every leaf passes
    unless it is a placeholder."""
    if b.where is not None or not _values_call(b.source.collection) or len(tail) != 1:
        return False
    require = tail[0]
    return isinstance(require, ast.Require) and isinstance(require.condition, ast.Not) and \
        isinstance(presence := require.condition.operand, ast.Presence) and \
        presence.test == "invultekst" and isinstance(presence.operand, ast.Var) and \
        presence.operand.name == b.source.var
