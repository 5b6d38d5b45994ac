"""What a compiled rule runs with: the evaluation context, variable environments and the
arithmetic and comparisons of the language's values.

A compiled rule is generated Python (codegen.py): one function per step (``Step``), which
receives the environment and the ``Emit`` callback and calls the next step when its condition
holds. ``Context.tick`` is the step budget that stops a rule which runs away on a large
repository.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from boce_lint.dsl.values import MISSING, UNKNOWN, Bound, Duration, add_duration
from boce_lint.source.model import Document, Repository
from boce_lint.source.timeline import (
    ENDED,
    ENDED_STATUSES,
    concept_arrangement,
    is_concept,
    phase,
)

if TYPE_CHECKING:
    from boce_lint.dsl.compiled import CompiledRule

STEP_BUDGET = 500_000  # per rule and repository: about 2-6 s of the slowest kind of step
MAX_YEARS = 200  # calendar years one 'voor elk volledig kalenderjaar' visits at most


class EvaluationLimit(Exception):
    """A rule used more steps than its budget on one repository."""


class NotJudged(Exception):
    """A rule read what only exists once signed (``x-fase: ondertekening`` in the schema) of a
    concept: a concept is judged on its content only (catalogue principle 3). The subject or
    item being visited is passed over without a finding."""

    def __init__(self, owner: Any) -> None:
        super().__init__()
        self.owner = owner  # the concept document's data, or the concept version


def concept_bound(env: Env) -> Any:
    """The first concept (document data or version) bound in ``env``, or None.

    Why: a rule that reaches what only exists while an agreement runs — records of execution
    (meetings, reports, council information, evaluations, incidents) or a running term
    (``termijn``) — passes a concept subject over (catalogue principle 3), in one place."""
    ctx = env.ctx
    known = ctx.concepts
    for value in env.vars.values():
        if not isinstance(value, Bound):
            continue
        found = known.get(id(value))
        if found is None:  # (the value is kept with its verdict: its id stays its own)
            found = known[id(value)] = (value, _concept_of(value, ctx.as_of))
        if found[1] is not None:
            return found[1]
    return None


def _concept_of(value: Bound, as_of: dt.date) -> Any:
    if is_concept(value.value, as_of):
        return value.value
    if value.document is not None and is_concept(value.document.data, as_of):
        return value.document.data
    return None


def no_records_for_concept(env: Env) -> None:
    """Records of execution (``x-fase: uitvoering``) do not exist for a concept subject, nor in
    an arrangement whose framework agreement is only a concept: the subject is passed over."""
    concept = concept_bound(env)
    if concept is None:
        ctx = env.ctx
        if ctx.arrangement is MISSING:
            ctx.arrangement = concept_arrangement(ctx.repository, ctx.as_of)
        concept = ctx.arrangement
    if concept is not None:
        raise NotJudged(concept)


def concerns_outer(error: NotJudged, env: Env) -> bool:
    """Whether the concept is (part of) a subject bound outside the current item loop; then
    that subject is passed over, not just the item."""
    for value in env.vars.values():
        if isinstance(value, Bound) and (value.value is error.owner or (
                value.document is not None and value.document.data is error.owner)):
            return True
    return False


def _no_emit(rule: CompiledRule) -> Emit:
    return lambda *args: None


@dataclass
class DueItem:
    """A deadline a ``termijn`` bound, for the agenda: the rule, its variables, the date, and
    whether what the rule requires by then already holds."""

    rule: CompiledRule
    env: Env
    due: dt.date
    done: bool


@dataclass
class Context:
    """One evaluation: the repository, the as-of date, where findings go, and the budget.

    With ``agenda`` set (a list), a ``termijn`` records its deadline there instead of judging
    it; the requirements before a ``termijn`` then let every subject through."""

    repository: Repository
    as_of: dt.date
    emit_for: Callable[[CompiledRule], Emit] = _no_emit
    trace: list[Read] | None = None
    steps: int = 0
    agenda: list[DueItem] | None = None
    # ended documents whose years in force a rule could not count (no end date), by id
    undated: dict[str, Document] = field(default_factory=dict)
    # what one evaluation keeps of questions asked again and again (concept_bound): each
    # located value's concept (or None) by the value's id, and the arrangement's
    concepts: dict[int, tuple[Bound, Any]] = field(default_factory=dict)
    arrangement: Any = MISSING  # (not yet looked up)
    kinds: dict[str, list[Bound]] = field(default_factory=dict)  # documents() by kind
    judged: dict[str, list[Document]] = field(default_factory=dict)  # subjects() by kind
    # per loop over documents of a kind in untraced code: what each item's row holds
    # (``support.document_rows``), by the function that makes a row
    rows: dict[Any, list[Any]] = field(default_factory=dict)

    def subjects(self, kind: str) -> list[Document]:
        """The documents of a kind that 'voor elke' judges: valid and not ended on the as-of
        date (an invalid one has its schema finding already). Asked once per kind and
        evaluation, not once per rule and document."""
        found = self.judged.get(kind)
        if found is None:
            as_of = self.as_of
            found = self.judged[kind] = [  # (phase asked only of an ended status's)
                document for document in self.repository.of_kind(kind)
                if document.valid and (document.data.get("status") not in ENDED_STATUSES
                                       or phase(document.data, as_of) != ENDED)]
        return found

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > STEP_BUDGET:
            raise EvaluationLimit()


class Env:
    """The variables bound at one point of a rule; copied on write, so branches stay apart."""

    __slots__ = ("ctx", "vars")

    def __init__(self, vars: dict[str, Any], ctx: Context) -> None:
        self.vars = vars
        self.ctx = ctx

    def with_(self, name: str, value: Any) -> Env:
        return Env({**self.vars, name: value}, self.ctx)


Fn = Callable[[Env], Any]
Getter = Callable[[Env], Bound]  # a located accessor: the value with its document and pointer
# A traced read: the path's text, its located accessor and the variables it was read with;
# located only when a finding is made (``located``).
Read = tuple[str, Callable[[Env], Bound], Env]


def located(trace: list[Read]) -> list[tuple[str, Bound]]:
    """The values a condition read, each with its document and pointer."""
    return [(text, get(env)) for text, get, env in trace]
Emit = Callable[[str, Env, list[tuple[str, Bound]]], None]
Step = Callable[[Env, Emit], None]


def apply_arith(op: str, a: Any, b: Any) -> Any:
    """``+ - * /`` on numbers, dates, durations and lists; anything else is unknown."""
    if isinstance(a, list) and isinstance(b, list) and op == "+":
        return a + b
    if isinstance(a, dt.date) and isinstance(b, Duration):
        return add_duration(a, b, 1 if op == "+" else -1)
    if isinstance(a, Duration) and isinstance(b, dt.date):
        return add_duration(b, a)
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return Duration(days=(a - b).days)
    if isinstance(a, Duration) and isinstance(b, Duration):
        sign = 1 if op == "+" else -1
        return Duration(a.months + sign * b.months, a.days + sign * b.days)
    if isinstance(a, Duration) and isinstance(b, (int, float)):
        return a.scaled(b)
    if isinstance(b, Duration) and isinstance(a, (int, float)):
        return b.scaled(a)
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) \
            or not isinstance(b, (int, float)):
        return UNKNOWN
    return _NUMBER_OPS[op](a, b)


def _divide(a: float, b: float) -> Any:
    return a / b if b else UNKNOWN


_NUMBER_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": _divide,
}

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}
