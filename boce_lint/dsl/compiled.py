"""A compiled rule: its steps, its messages, and how an exception takes over from its base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from boce_lint.dsl import ast
from boce_lint.dsl.runtime import Emit, Env, Fn, Step


@dataclass
class CompiledRule:
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

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def name(self) -> str:
        return self.node.name

    def applies_on(self, as_of: dt.date) -> bool:
        start, end = self.node.valid_from, self.node.valid_to
        return (start is None or start <= as_of) and (end is None or as_of <= end)


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
