"""A compiled rule: its steps, its messages, and how an exception takes over from its base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from boce_lint.dsl import ast
from boce_lint.dsl.runtime import Emit, Env, Fn, Step


@dataclass
class CompiledRule:
    """A rule ready to run, and the metadata view its consumers (CLI, formatters, report, rule
    reference) read instead of reaching into the syntax tree."""

    node: ast.Rule
    severity: str
    keys: list[str]
    group: str
    body: Step | None = None
    exceptions: list[CompiledRule] = field(default_factory=list)
    # for exceptions: conditions that decide whether the exception takes over, and its steps
    conditions: list[Fn] = field(default_factory=list)
    rest: Step | None = None
    leading_binders: int = 0
    subject_vars: list[str] = field(default_factory=list)
    messages: dict[str, Callable[[Env], str]] = field(default_factory=dict)
    missing_messages: dict[str, Callable[[Env], str]] = field(default_factory=dict)

    # ---- metadata
    @property
    def id(self) -> str:
        return self.node.id

    @property
    def name(self) -> str:
        return self.node.name

    def title(self, lang: str = "nl") -> str:
        """The title in ``lang``, else in Dutch."""
        return _pick(self.node.title, lang)

    @property
    def titles(self) -> dict[str, str]:
        return dict(self.node.title)

    def rationale(self, lang: str = "nl") -> str:
        return _pick(self.node.rationale, lang)

    def advice(self, lang: str = "nl") -> str:
        return _pick(self.node.advice, lang)

    @property
    def severity_word(self) -> str:
        """The severity as the rule file writes it (fout, waarschuwing, info)."""
        return self.node.severity

    @property
    def file(self) -> str:
        return self.node.file

    @property
    def line(self) -> int:
        return self.node.line

    @property
    def column(self) -> int:
        return self.node.column

    @property
    def valid_from(self) -> dt.date | None:
        return self.node.valid_from

    @property
    def valid_to(self) -> dt.date | None:
        return self.node.valid_to

    @property
    def label(self) -> str | None:
        return self.node.label

    @property
    def exception_to(self) -> str | None:
        """The label or name of the rule this one is an exception to."""
        return self.node.exception_to

    @property
    def examples(self) -> list[ast.Example]:
        return self.node.examples

    def applies_on(self, as_of: dt.date) -> bool:
        start, end = self.node.valid_from, self.node.valid_to
        return (start is None or start <= as_of) and (end is None or as_of <= end)


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("nl", "")


def exception_switch(rule: CompiledRule, base_rest: Step) -> Step:
    """After the base rule's subjects are bound, let an applicable exception take over.

    ``rule.exceptions`` is read when the step runs, not when it is built: the rulebook links
    exceptions to their base after every file has been compiled."""

    def switch(env: Env, emit: Emit) -> None:
        for exc in rule.exceptions:
            if exc.rest is not None and exc.applies_on(env.ctx.as_of) and \
                    all(c(env) is True for c in exc.conditions):
                exc.rest(env, env.ctx.emit_for(exc))
                return
        base_rest(env, emit)
    return switch
