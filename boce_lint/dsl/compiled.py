"""A compiled rule: what it is (the metadata its consumers read), its generated code, and the
functions that code defines (its steps, messages, and the conditions of an exception).

The metadata are plain values, so that a rule loaded from the cache of compiled rules
(rulebook.py) needs neither the syntax tree classes nor the parser; the syntax tree itself is
parsed again only for the few consumers that read it (``node``: the report's meeting duties
and the default kind of the examples of ``test-rules``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
from collections.abc import Callable
from dataclasses import dataclass, field
from types import CodeType
from typing import TYPE_CHECKING, Any

from boce_lint.dsl.example import Example
from boce_lint.dsl.runtime import Env, Fn, Step

if TYPE_CHECKING:
    from boce_lint.dsl import ast

# What the cache keeps of a rule besides its code (every field that is not a function; not
# the generated source, which only a freshly compiled rule carries, for reading and debugging).
METADATA = ("id", "name", "severity", "keys", "group", "file", "line", "column",
            "severity_word", "titles", "rationales", "advices", "valid_from", "valid_to",
            "label", "exception_to", "bearer", "fact", "has_deadline", "leading_binders",
            "subject_vars", "binders", "subject_kinds", "examples", "functions")


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
    examples: list[Example] = field(default_factory=list)
    # the generated module: its source, and the names of the functions it defines
    functions: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # empty when loaded from the cache
    code: CodeType | None = None
    # what that module defines, once it has run (``attach``)
    body: Step | None = None
    exceptions: list[CompiledRule] = field(default_factory=list)
    conditions: list[Fn] = field(default_factory=list)  # of an exception: when it takes over
    rest: Step | None = None  # of an exception: its steps after those conditions
    messages: dict[str, Callable[[Env], str]] = field(default_factory=dict)
    missing_messages: dict[str, Callable[[Env], str]] = field(default_factory=dict)
    tasks: dict[str, Callable[[Env], str]] = field(default_factory=dict)  # 'taak' per language
    actors: dict[str, Callable[[Env], str]] = field(default_factory=dict)  # 'door' per language
    # the syntax tree, or how to parse it again (a rule loaded from the cache)
    syntax: ast.Rule | Callable[[], ast.Rule] | None = field(default=None, repr=False,
                                                             compare=False)

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
    def attach(self, code: CodeType) -> None:
        """Run the rule's module and take its functions (the names in ``functions``)."""
        from boce_lint.dsl.codegen import load
        from boce_lint.dsl.support import GLOBALS

        self.code = code
        found = load(code, {**GLOBALS, "_RULE": self})
        names = self.functions
        self.body = found[names["body"]] if names.get("body") else None
        self.rest = found[names["rest"]] if names.get("rest") else None
        self.conditions = [found[n] for n in names.get("conditions", ())]
        for clause in ("messages", "missing_messages", "tasks", "actors"):
            setattr(self, clause, {lang: found[n] for lang, n in
                                   names.get(clause, {}).items()})

    def cached(self) -> dict[str, Any]:
        """What the cache of compiled rules keeps: the metadata and the marshalled code."""
        found = {name: getattr(self, name) for name in METADATA}
        found["code"] = marshal.dumps(self.code) if self.code is not None else None
        return found

    @classmethod
    def from_cache(cls, entry: dict[str, Any],
                   syntax: Callable[[], ast.Rule] | None) -> CompiledRule:
        rule = cls(**{name: entry[name] for name in METADATA}, syntax=syntax)
        if entry["code"] is not None:
            rule.attach(marshal.loads(entry["code"]))
        return rule

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
        examples=list(rule.examples), syntax=rule)


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("nl", "")
