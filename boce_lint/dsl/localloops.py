"""Loops of untraced code that bind their item as a Python local (no ``Env``, no ``Bound``
per item), and what is taken out of such a loop: the calls that do not depend on the item
(made once before the loop, ``hoist``) and, in a loop over the documents of a kind, the parts
that depend on the item alone (made once per evaluation, in the item's row, ``column``).

Why it may: untraced code makes no finding and no trace, so nothing keeps an item's
environment; what it reads is a pure function of the values (no steps, no error). A loop
whose code would still read its item through an environment keeps environments
(``needs_env``): what the attempt wrote is dropped.
"""

from __future__ import annotations

import ast as pyast
import dataclasses
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from boce_lint.dsl import ast
from boce_lint.dsl.access import AccessCompiler, Code, Compiled, Scope, Var
from boce_lint.source.schemas import KIND_NAMES, kind_mark

# an item of a quantifier, count or fold: its own variables, judged on its own
_ITEM_ENV = "env = Env({**outer, %r: bound}, ctx)"
# what untraced code may read of the environment when a loop binds its item as a local: the
# outer variables and the as-of date are the same there (``_local_loop``), and a function of
# a loop over locals reads no more (its name starts with 'fast_'; the locals are arguments),
# following a reference reads the repository only (``follow``, ``deref_field``), and a path
# of an outer variable reads that variable (``read_path``: through references, or signed)
_OUTER_READS = re.compile(
    r"\benv\.(?:vars\b|ctx\.as_of\b)|\b(?:fast_\w+|follow|deref_field|read_path)\(env\b")
# code that reads through the environment (besides its variables): not taken out of a loop,
# where it would run when the loop would not (following a reference notes the kinds looked
# for, ``engine._Watched``)
_READS_THROUGH_ENV = re.compile(r"\w\(env\s*[,)]")
_ENV = re.compile(r"\benv\b")
Loop = tuple[Code, str | None, list[Compiled], list[str], list[str]]


class LocalLoopCompiler(AccessCompiler):
    """The loops of quantifiers, counts and folds in untraced code (``_local_loop``)."""

    def __init__(self, source: str, file: str) -> None:
        super().__init__(source, file)
        # the local loops being compiled, innermost last (``hoisting``)
        self.frames: list[_Frame] = []
        self._truths: set[Code] = set()  # untraced code known to make a truth value

    def _local_loop(self, e: ast.Count | ast.Fold | ast.Quantifier, scope: Scope,
                    parts: Callable[[Scope], list[Compiled]]
                    ) -> Loop:
        """The items, the local that binds each item (or None), the compiled ``parts``, the
        lines that bind an item (none for a local) and those that run before the loop (what
        ``hoist`` took out of it).

        In the untraced form a loop over a list binds its item as a Python local: no Env and no
        Bound per item. Why it may: untraced code makes no finding and no trace, so nothing
        keeps the item's environment. Only when the item's code needs no environment of its
        own (it reads the outer variables and the as-of date, the same in the outer one);
        otherwise what the attempt added is dropped and the item gets its environment."""
        src = e.source
        collection = src.collection
        if self.fast and self.local_loops and collection is None and src.var not in scope:
            found = self._document_loop(e, scope, parts)
            if found is not None:
                return found
        if self.fast and self.local_loops and collection is not None and not (
                isinstance(collection, ast.Call) and collection.name == "waarden") \
                and src.var not in scope:
            mark = self.mark()
            _, item_type = self.source(src, scope)  # the item's type (and the source's errors)
            local = self.temp()
            with self.hoisting(local) as prelude:
                values = (self.reader(collection, scope)[0]
                          if isinstance(collection, (ast.Var, ast.Field))
                          else self.expr(collection, scope)[0])
                self.locals[src.var] = local
                try:
                    code = parts({**scope, src.var: Var(item_type, "local")})
                finally:
                    del self.locals[src.var]
            if not any(needs_env(c) for c, _ in code):
                t = self.temp()
                items = f"({t} if isinstance(({t} := {values}), list) else ())"
                return items, local, code, [], prelude
            self.restore(mark)
        items, inner = self._inner_source(src, scope)
        with self.hoisting(None):  # (its code is in a function of its own)
            return items, None, parts(inner), [_ITEM_ENV % src.var], []

    def local_params(self) -> str:
        """The items of the enclosing local loops, as arguments (an item of a list literal that
        is unrolled is its constant, written out where it is read)."""
        return "".join(", " + v for v in self.locals.values() if v.startswith("_t"))

    def _document_loop(self, e: ast.Count | ast.Fold | ast.Quantifier, scope: Scope,
                       parts: Callable[[Scope], list[Compiled]]
                       ) -> Loop | None:
        """``_local_loop`` over the documents of a kind: each item a Python local too, and
        what depends on the item alone (``o.status``, ``jaar(o.datum)``) computed once per
        evaluation, in the row of each document (``support.document_rows``), not again for
        every subject and year the loop runs for. Why it may: the documents of a kind are the
        same throughout an evaluation, and such a part is a pure function of the item (no
        steps, no trace, no error). Not for records of execution inside another local loop:
        whether a concept subject has them reads the items bound in the environment."""
        src = e.source
        execution = kind_mark(src.noun, "x-fase") == "uitvoering"
        if src.noun not in KIND_NAMES or (execution and self.locals):
            return None
        mark = self.mark()
        _, item_type = self.source(src, scope)
        local = self.temp()
        self.dicts.add(local)  # (a document's data)
        with self.hoisting(local, src.var) as prelude:
            columns = self.frames[-1].columns
            assert columns is not None
            self.locals[src.var] = local
            try:
                code = parts({**scope, src.var: Var(item_type, "local")})
            finally:
                del self.locals[src.var]
        if any(needs_env(c) for c, _ in code):
            self.restore(mark)
            return None
        made = "".join(f", {c}" for c in columns)
        row = self.program.function("row", local, [f"return ({local}{made})" if made else
                                                   f"return {local}"], e.line)
        target = local + "".join(f", {name}" for name in columns.values())
        return (f"document_rows(env, {row}, {src.noun!r}, {execution})", target, code, [],
                prelude)

    @contextmanager
    def hoisting(self, local: str | None, item: str | None = None) -> Iterator[list[str]]:
        """While the body of a loop over ``local`` compiles, the calls that do not depend on
        the item are taken out (``hoist``); the list yields the lines that make them, to run
        before the loop (in the loop's own function). ``None``: nothing is taken out. With
        ``item`` (the loop's variable; a loop over documents), what depends on that item
        alone is computed in its row (``column``)."""
        frame = _Frame(local, {}, item, {} if item is not None else None)
        prelude: list[str] = []
        self.frames.append(frame)
        try:
            yield prelude
        finally:
            self.frames.pop()
            prelude += [f"{name} = {code}" for code, name in frame.hoisted.items()]

    def hoist(self, code: Code, frame: _Frame) -> Code:
        """A value that does not depend on the item of the local loop being compiled (a
        variable bound outside it, a call of a builtin on such values) is made once, before the
        loop: it is the same for every item, and untraced code that reads no environment of
        its own has no side effects (no steps, no trace, no error). Not a loop (it counts
        steps), nor a name or a constant (nothing to save)."""
        if frame.local is None or code.isidentifier() or is_literal(code) \
                or re.search(frame.reads(), code) or _READS_THROUGH_ENV.search(code):
            return code
        name = frame.hoisted.get(code)
        if name is None:
            name = frame.hoisted[code] = self.temp()
        if code in self._truths:
            self._truths.add(name)
        return name

    def expr(self, e: ast.Expr, scope: Scope) -> Compiled:
        """In a local loop, what does not depend on its item is made before it (``hoist``); in
        a loop over documents, what depends on its item alone is read from the item's row
        (``column``)."""
        if self.fast and self.frames and not isinstance(e, ast.Literal):
            frame = self.frames[-1]
            if frame.columns is not None and frame.item is not None \
                    and not isinstance(e, ast.Var) and _item_only(e, frame.item):
                return self.column(e, scope, frame)
            code, typ = super().expr(e, scope)
            return self.hoist(code, frame), typ
        return super().expr(e, scope)

    def taken_out(self, e: ast.Expr) -> bool:
        """Whether ``e`` as a whole is made outside the loop being compiled: in its item's
        row, or before it (it does not read a loop's item over documents)."""
        if not (self.fast and self.frames):
            return False
        frame = self.frames[-1]
        return frame.local is not None and frame.item is not None and (
            _item_only(e, frame.item) or not _reads(e, frame.item))

    def column(self, e: ast.Expr, scope: Scope, frame: _Frame) -> Compiled:
        """A part of a loop's condition that depends on the item alone, as a column of the
        item's row: computed once per document and evaluation (``_document_loop``)."""
        with self.hoisting(None):  # (in the row's function: nothing to take out)
            code, typ = super().expr(e, scope)
        if _ENV.search(code) or frame.columns is None:  # (then the loop needs environments)
            return code, typ
        name = frame.columns.get(code)
        if name is None:
            name = frame.columns[code] = self.temp()
        if code in self._truths:
            self._truths.add(name)
        return name, typ


@dataclass
class _Frame:
    """A local loop being compiled: its item's local (None: take nothing out), the calls taken
    out of it (``hoist``), and for a loop over documents the item's variable and the columns
    of its rows (``column``)."""

    local: str | None
    hoisted: dict[Code, str]
    item: str | None
    columns: dict[Code, str] | None

    def reads(self) -> str:
        """A pattern for code that reads the item (its local or a column of its row)."""
        names = [self.local or "", *(self.columns or {}).values()]
        return r"\b(?:" + "|".join(names) + r")\b"


def children(node: ast.Node) -> Iterator[ast.Node]:
    """The nodes directly below ``node``."""
    fields = _CHILD_FIELDS.get(type(node))
    if fields is None:
        fields = _CHILD_FIELDS[type(node)] = tuple(
            f.name for f in dataclasses.fields(node) if f.name not in ("line", "column"))
    for name in fields:
        value = getattr(node, name)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, ast.Node):
                yield child


_CHILD_FIELDS: dict[type[ast.Node], tuple[str, ...]] = {}


def walk(e: ast.Node) -> Iterator[ast.Node]:
    """``e`` and every node below it."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(children(node))


def _item_only(e: ast.Expr, var: str) -> bool:
    """Whether ``e`` reads variable ``var`` and nothing else that varies: no other variable,
    no as-of date, no loop (a loop counts steps)."""
    found = False
    for node in walk(e):
        if isinstance(node, (ast.Count, ast.Fold, ast.Quantifier, ast.AsOf)) or (
                isinstance(node, ast.Call) and node.name == "waarden"):
            return False
        if isinstance(node, ast.Var):
            if node.name != var:
                return False
            found = True
    return found


def _reads(e: ast.Expr, var: str) -> bool:
    """Whether ``e`` reads variable ``var``."""
    return any(isinstance(node, ast.Var) and node.name == var for node in walk(e))


def is_literal(code: Code) -> bool:
    """Whether the code is a Python literal (a text, number or truth value)."""
    if not code or code[0] not in "'\"-0123456789TF":
        return False
    try:
        return isinstance(pyast.literal_eval(code), (str, int, float))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def needs_env(code: Code) -> bool:
    """Whether untraced code reads more of its environment than the outer variables and the
    as-of date: then an item cannot be a Python local."""
    return _ENV.search(_OUTER_READS.sub("", code)) is not None
