"""A compiled rule: what it is (the metadata its consumers read), its generated code, and the
functions that code defines (its steps, messages, and the conditions of an exception).

The metadata are plain values, so that a rule loaded from the cache of compiled rules
(rulebook.py) needs neither the syntax tree classes nor the parser; the syntax tree itself is
parsed again only for the few consumers that read it (``node``: the report's meeting duties
and the default kind of the examples of ``test-rules``). The code runs when a rule is first
used, so a warm check whose findings all come from the cache runs none of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
from collections.abc import Callable
from dataclasses import dataclass, field
from types import CodeType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boce_lint.dsl import ast
    from boce_lint.dsl.example import Example
    from boce_lint.dsl.runtime import Env, Fn, Step

# What the cache keeps of a rule besides its code (every field that is not a function; not
# the generated source, which only a freshly compiled rule carries, for reading and debugging).
METADATA = ("id", "name", "severity", "keys", "group", "file", "line", "column",
            "severity_word", "titles", "rationales", "advices", "valid_from", "valid_to",
            "label", "exception_to", "bearer", "fact", "has_deadline", "leading_binders",
            "subject_vars", "binders", "subject_kinds", "functions")


@dataclass
class Defined:
    """The functions a rule's generated module defines."""

    body: Step | None = None
    rest: Step | None = None
    conditions: list[Fn] = field(default_factory=list)
    # per outcome (violation, missing-evidence): a finding's message in Dutch and English
    said: dict[str, Callable[[Env], tuple[str, str | None]]] = field(default_factory=dict)
    tasks: dict[str, Callable[[Env], str]] = field(default_factory=dict)
    actors: dict[str, Callable[[Env], str]] = field(default_factory=dict)


@dataclass
class CompiledRule:
    """A rule ready to run, and the metadata view its consumers (CLI, formatters, report, rule
    reference) read."""

    id: str
    name: str
    severity: str  # error | warning | info
    keys: list[str]
    group: str
    file: str = ""
    line: int = 1
    column: int = 1
    severity_word: str = ""  # as the rule file writes it (fout, waarschuwing, info)
    titles: dict[str, str] = field(default_factory=dict)
    rationales: dict[str, str] = field(default_factory=dict)
    advices: dict[str, str] = field(default_factory=dict)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    label: str | None = None
    exception_to: str | None = None  # the label or name of the rule this one refines
    bearer: str | None = None  # 'plicht van': whose duty this is (scope, principle 6)
    fact: str | None = None  # 'feit': a fact the report reads from this rule
    has_deadline: bool = False  # the rule states a 'termijn' (the agenda reads it)
    leading_binders: int = 0
    subject_vars: list[str] = field(default_factory=list)
    binders: list[tuple[str, str]] = field(default_factory=list)  # its leading 'voor': noun, var
    subject_kinds: tuple[str, ...] = ()  # the kinds of document its subjects are, in order
    # its examples (``examples``); from the cache: their fields, made examples when first
    # asked (test-rules and explain ask; a check does not, and unpickles plain values)
    _examples: list[Example] | list[tuple[Any, ...]] = field(default_factory=list, repr=False,
                                                              compare=False)
    # the generated module: its source, and the names of the functions it defines
    functions: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # empty when loaded from the cache
    # the module's code; from the cache: marshalled (a rule file's entry), or how to read it
    # when first used (the whole rulebook's code entry)
    code: CodeType | bytes | Callable[[], CodeType | bytes | None] | None = None
    exceptions: list[CompiledRule] = field(default_factory=list)
    # the syntax tree, or how to parse it again (a rule loaded from the cache)
    syntax: ast.Rule | Callable[[], ast.Rule] | None = field(default=None, repr=False,
                                                             compare=False)
    # what the module defines, once it has run (on first use: a warm check whose findings are
    # all cached runs none of the modules, nor imports what they need)
    _defined: Defined | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def node(self) -> ast.Rule:
        """The rule's syntax tree (parsed again when the rule came from the cache)."""
        syntax = self.syntax
        if callable(syntax):
            syntax = self.syntax = syntax()
        assert syntax is not None
        return syntax

    def title(self, lang: str = "nl") -> str:
        """The title in ``lang``, else in Dutch."""
        return _pick(self.titles, lang)

    def rationale(self, lang: str = "nl") -> str:
        return _pick(self.rationales, lang)

    def advice(self, lang: str = "nl") -> str:
        return _pick(self.advices, lang)

    def applies_on(self, as_of: dt.date) -> bool:
        start, end = self.valid_from, self.valid_to
        return (start is None or start <= as_of) and (end is None or as_of <= end)

    # ---- the generated code
    @property
    def body(self) -> Step | None:
        return self.defined.body

    @property
    def conditions(self) -> list[Fn]:
        """Of an exception: when it takes over."""
        return self.defined.conditions

    @property
    def rest(self) -> Step | None:
        """Of an exception: its steps after those conditions."""
        return self.defined.rest

    @property
    def said(self) -> dict[str, Callable[[Env], tuple[str, str | None]]]:
        """Per outcome: the (Dutch, English) message of a finding (English None if none)."""
        return self.defined.said

    @property
    def tasks(self) -> dict[str, Callable[[Env], str]]:
        """'taak' per language."""
        return self.defined.tasks

    @property
    def actors(self) -> dict[str, Callable[[Env], str]]:
        """'door' per language."""
        return self.defined.actors

    @property
    def defined(self) -> Defined:
        """What the rule's module defines (the module runs on first use)."""
        found = self._defined
        if found is None:
            found = self._defined = self._run()
        return found

    def called(self) -> list[str]:
        """The functions of the module that are called from outside it (``functions``)."""
        found: list[str] = []
        for value in self.functions.values():
            found.extend([value] if isinstance(value, str) else
                         value.values() if isinstance(value, dict) else value)
        return found

    def attach(self, code: CodeType) -> None:
        """Take the rule's module (run when first used)."""
        self.code, self._defined = code, None

    def _run(self) -> Defined:
        """Run the rule's module and take its functions (the names in ``functions``)."""
        code = self.module_code()
        if code is None:
            return Defined()
        from boce_lint.dsl.codegen import load
        from boce_lint.dsl.support import GLOBALS

        found = load(code, {**GLOBALS, "_RULE": self})
        names = self.functions
        clauses = {clause: {key: found[n] for key, n in names.get(clause, {}).items()}
                   for clause in ("said", "tasks", "actors")}
        return Defined(body=found[names["body"]] if names.get("body") else None,
                       rest=found[names["rest"]] if names.get("rest") else None,
                       conditions=[found[n] for n in names.get("conditions", ())], **clauses)

    def _loaded(self) -> CodeType | bytes | None:
        """The module's code, read from the cache on first use (marshalled or not)."""
        if callable(self.code):
            self.code = self.code()
        return self.code

    def module_code(self) -> CodeType | None:
        """The module's code object (read and unmarshalled on first use)."""
        code = self._loaded()
        if isinstance(code, bytes):
            code = self.code = marshal.loads(code)
        return code

    def marshalled(self) -> bytes | None:
        """The module's code as the cache keeps it."""
        code = self._loaded()
        return marshal.dumps(code) if isinstance(code, CodeType) else code

    @property
    def examples(self) -> list[Example]:
        found = self._examples
        if found and isinstance(found[0], tuple):
            from boce_lint.dsl.example import Example

            found = self._examples = [Example(*row) for row in found]
        return found  # type: ignore[return-value]

    def metadata(self) -> dict[str, Any]:
        """What the cache of compiled rules keeps besides the code (the examples as rows of
        their fields)."""
        rows = [row if isinstance(row, tuple) else dataclasses.astuple(row)
                for row in self._examples]
        return {**{name: getattr(self, name) for name in METADATA}, "examples": rows}

    def cached(self) -> dict[str, Any]:
        """What the cache of compiled rules keeps: the metadata and the marshalled code."""
        return {**self.metadata(), "code": self.marshalled()}

    @classmethod
    def from_cache(cls, entry: dict[str, Any],
                   syntax: Callable[[], ast.Rule] | None) -> CompiledRule:
        return cls(**{name: entry[name] for name in METADATA}, code=entry["code"], syntax=syntax,
                   _examples=entry["examples"])

    def copy(self) -> CompiledRule:
        """A copy without exceptions (linking appends to them)."""
        return dataclasses.replace(self, exceptions=[])


def describe(rule: ast.Rule, severity: str, keys: list[str], group: str) -> CompiledRule:
    """The metadata of a rule, from its syntax tree."""
    return CompiledRule(
        id=rule.id, name=rule.name, severity=severity, keys=keys, group=group, file=rule.file,
        line=rule.line, column=rule.column, severity_word=rule.severity,
        titles=dict(rule.title), rationales=dict(rule.rationale), advices=dict(rule.advice),
        valid_from=rule.valid_from, valid_to=rule.valid_to, label=rule.label,
        exception_to=rule.exception_to, bearer=rule.bearer, fact=rule.fact,
        _examples=list(rule.examples), syntax=rule)


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("nl", "")
