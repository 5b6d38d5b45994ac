"""What generated rule code calls (see codegen.py): reading paths, the tests and operators of
the language with its missing and unknown values, and the loops that bind a rule's subjects.

Each function here is what one syntax node does at run time; the generated source inlines the
control flow (steps, ``en``/``of``, quantifiers) and calls these for the values. ``GLOBALS``
is the namespace every generated rule runs in, so a cached rule needs nothing but this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from boce_lint.dsl import runtime as rt
from boce_lint.dsl.functions import IMPLEMENTATIONS
from boce_lint.dsl.runtime import (
    COMPARE,
    MAX_YEARS,
    DueItem,
    Emit,
    Env,
    EvaluationLimit,
    Getter,
    NotJudged,
    Step,
    apply_arith,
    concept_bound,
    concerns_outer,
    located,
    no_records_for_concept,
)
from boce_lint.dsl.values import MISSING, UNKNOWN, Bound, Duration, absent, is_empty, to_date
from boce_lint.dsl.wording import message_part, message_parts
from boce_lint.rulebook.placeholders import (
    PLACEHOLDER_MARKERS,
    is_placeholder,
    may_hold_placeholder,
)
from boce_lint.source.model import Document
from boce_lint.source.timeline import ENDED, is_concept, phase, years_in_force
from boce_lint.source.yamlsource import _native

MESSAGE_ERRORS = (KeyError, TypeError, ValueError, ArithmeticError, NotJudged)
CALL_ERRORS = (TypeError, ValueError, ArithmeticError, OverflowError)
MATCH_LIMIT = 10_000  # characters of a value a pattern searches


# ---- reading values
def var_bound(env: Env, name: str) -> Bound:
    value = env.vars.get(name, MISSING)
    return value if value.__class__ is Bound else Bound(value)


def field(env: Env, bound: Bound, name: str, deref: tuple[str, ...], after_signing: bool
          ) -> Bound:
    """A field of a located value, following a reference; a field that exists only once
    signed passes a concept over (catalogue principle 3). Located only when asked (most reads
    of a finding's trace never are: ``Bound.within``)."""
    value, parent = bound.value, bound
    if deref:
        target = env.ctx.repository.resolve(value, deref)
        if target is None:
            return bound.holding(MISSING)
        value = target.data
        parent = Bound(value, target, "")
    if after_signing:
        as_of = env.ctx.as_of
        if is_concept(value, as_of):
            raise NotJudged(value)
        document = parent.document
        if document is not None and is_concept(document.data, as_of):
            raise NotJudged(document.data)
    found = value.get(name, MISSING) if isinstance(value, dict) else MISSING
    return Bound(found, None, None, [parent, value], name)  # (its document: the parent's)


def read_path(env: Env, name: str, steps: tuple[tuple[str, tuple[str, ...], bool], ...]
              ) -> Any:
    """``field`` after ``field`` from variable ``name`` (each step: the field's name, the
    kinds its reference follows, whether it exists only once signed), without locating: the
    value they find, or the concept they pass over (NotJudged), asking the repository the
    same."""
    bound = env.vars.get(name, MISSING)
    known = bound.__class__ is not Bound  # whether ``document`` is known (a plain value: none)
    value = bound if known else bound.value
    document: Document | None = None
    for key, deref, after_signing in steps:
        if deref:
            target = env.ctx.repository.resolve(value, deref)
            if target is None:  # (found nowhere: the field is missing, where it stands)
                value = MISSING
                continue
            value, document, known = target.data, target, True
        if after_signing:
            as_of = env.ctx.as_of
            if is_concept(value, as_of):
                raise NotJudged(value)
            if not known:  # (the variable's document, when first asked)
                document, known = bound.document, True
            if document is not None and is_concept(document.data, as_of):
                raise NotJudged(document.data)
        value = value.get(key, MISSING) if isinstance(value, dict) else MISSING
    return value


def deref_field(env: Env, value: Any, kinds: tuple[str, ...], name: str) -> Any:
    """Field ``name`` of the document the reference ``value`` points to, plainly (MISSING
    when it points nowhere): what ``field`` finds, without a ``Bound``."""
    target = env.ctx.repository.resolve(value, kinds)
    if target is None:
        return MISSING
    data = target.data
    return data[name] if isinstance(data, dict) and name in data else MISSING


def plain(variables: dict[str, Any], name: str) -> Any:
    """Variable ``name``'s value, without its location."""
    value = variables.get(name, MISSING)
    return value.value if value.__class__ is Bound else value


def plain1(variables: dict[str, Any], name: str, key: str) -> Any:
    value = variables.get(name, MISSING)
    if value.__class__ is Bound:
        value = value.value
    return value[key] if isinstance(value, dict) and key in value else MISSING


def plain_n(variables: dict[str, Any], name: str, keys: tuple[str, ...]) -> Any:
    """Field after field with plain lookups (MISSING where one is not there): what the located
    accessor finds, without making a pointer at each step."""
    value = variables.get(name, MISSING)
    if value.__class__ is Bound:
        value = value.value
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def traced(env: Env, value: Any, text: str, get: Getter) -> Any:
    """A value read from a subject: recorded (how to locate it) for the finding it may make."""
    trace = env.ctx.trace
    if trace is not None:
        trace.append((text, get, env))
    return value


def present(env: Env, v: Any, text: str, get: Getter | None) -> bool:
    """``aanwezig PATH``: the trace entry and the test (``is_empty``) in one call."""
    if get is not None:
        trace = env.ctx.trace
        if trace is not None:
            trace.append((text, get, env))
    if v is MISSING or v is UNKNOWN or v is None:
        return False
    if isinstance(v, str):
        return bool(v.strip())
    if isinstance(v, (list, dict)):
        return bool(v)
    return True


def presence(test: str, v: Any) -> bool:
    if test == "ontbreekt":
        return v is MISSING
    if test == "leeg":
        return v is not MISSING and is_empty(v)
    if test == "invultekst":
        return is_placeholder(v)
    return v is not MISSING and v is not UNKNOWN and not is_empty(v)


# ---- sources of items
def documents(env: Env, kind: str, execution: bool) -> Iterator[Bound]:
    """The documents of a kind, located; made once per evaluation (``Context.kinds``): a rule
    counts or searches them for every subject and year it visits."""
    if execution:  # a concept has no meetings, reports, ... (principle 3)
        no_records_for_concept(env)
    ctx = env.ctx
    found = ctx.kinds.get(kind)
    if found is None:
        found = ctx.kinds[kind] = [Bound(document.data, document, "")
                                   for document in ctx.repository.of_kind(kind)]
    yield from found


def document_rows(env: Env, row: Any, kind: str, execution: bool) -> list[Any]:
    """The documents of a kind as the rows one loop of untraced code reads (``row(data)``:
    the data and what the loop computes from the item alone), made once per evaluation
    (``Context.rows``): the loop runs for every subject and year, its items stay the same."""
    if execution:  # (asked every time: it depends on the subjects bound)
        no_records_for_concept(env)
    ctx = env.ctx
    found = ctx.rows.get(row)
    if found is None:
        found = ctx.rows[row] = [row(bound.value) for bound in documents(env, kind, False)]
    return found


def elements(env: Env, value: Any, get: Getter) -> Iterator[Bound]:
    """The items of a list read plainly; the list is located only when an item is."""
    return items_of(element_list(env, value, get))


def located_elements(bound: Bound) -> Iterator[Bound]:
    return items_of(located_list(bound))


def element_list(env: Env, value: Any, get: Getter) -> list[Any]:
    """What a list item keeps to be located (``Bound.within``): how to locate the list, and
    the list."""
    return [lambda: get(env), value]


def located_list(bound: Bound) -> list[Any]:
    return [bound, bound.value]


def items_of(within: list[Any]) -> Iterator[Bound]:
    value = within[1]
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield Bound(item, None, None, within, i)


def leaves(env: Env, start: Bound) -> Iterator[Bound]:
    """``waarden(x)``: every leaf value below ``x``, in the order of the document.

    Nearly every leaf passes the rule that visits it, so a leaf is located only when asked
    (``Bound.within``: its container's Bound, itself located only when asked, and the
    container). Each node visited -- ``x`` itself, every object, list and leaf below it -- is
    one step of the rule's budget (``Context.tick``, written out here as in generated code), in
    the order they are visited, so a runaway walk stops at the same node as ever."""
    ctx = env.ctx
    document, value = start.document, start.value
    ctx.steps += 1
    if ctx.steps > rt.STEP_BUDGET:
        raise EvaluationLimit()
    if not isinstance(value, (dict, list)):
        yield Bound(value, document, start.pointer)
        return
    walks: list[tuple[Iterator[tuple[Any, Any]], list[Any]]] = [
        (_children(value), [start, value])]
    push, make = walks.append, Bound  # (local names: this loop runs for every leaf)
    while walks:
        children, within = walks[-1]
        for key, value in children:
            ctx.steps += 1
            if ctx.steps > rt.STEP_BUDGET:
                raise EvaluationLimit()
            if isinstance(value, (dict, list)):
                push((_children(value), [make(value, document, None, within, key), value]))
                break
            yield make(value, document, None, within, key)
        else:
            walks.pop()


def placeholder_leaves(env: Env, start: Bound) -> Iterator[Bound]:
    """``waarden(x)`` for a loop that requires of each leaf only ``niet invultekst``: the
    leaves that loop must visit.

    A leaf that is no placeholder passes, so a value below which no text holds what every
    placeholder contains (``may_hold_placeholder``) has none to visit -- nearly every document.
    Its walk and the loop are then only their steps: one per node walked and one per leaf the
    loop takes, counted at once (nothing is reported in between, so the budget stops the rule
    at the same point). Otherwise every leaf, as ``leaves`` gives them."""
    value = start.value
    if isinstance(value, (dict, list)):
        native = _native()  # the accelerator walks in C, else _walk_steps does
        counted = native.leaf_steps(value, PLACEHOLDER_MARKERS) if native is not None else None
        if counted is None:
            texts: list[str] = []
            counted = _walk_steps(value, texts), may_hold_placeholder("\n".join(texts))
        if not counted[1]:
            ctx = env.ctx
            ctx.steps += counted[0]
            if ctx.steps > rt.STEP_BUDGET:
                raise EvaluationLimit()
            return iter(())
    return leaves(env, start)


def _walk_steps(value: dict[str, Any] | list[Any], texts: list[str]) -> int:
    """The steps of a loop over the leaves below ``value`` (``leaves``): one for ``value``
    and for each object and list below it, two for each leaf; every text is added to
    ``texts``. (Recursive: the loader limits a document's depth.)"""
    steps = 1
    for item in value.values() if isinstance(value, dict) else value:
        if item.__class__ is str:
            texts.append(item)
            steps += 2
        elif isinstance(item, (dict, list)):
            steps += _walk_steps(item, texts)
        else:
            if isinstance(item, str):
                texts.append(item)
            steps += 2
    return steps


def _children(value: dict[str, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    """An object's keys and values, or a list's positions and items."""
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)


# ---- operators
def neg(v: Any) -> Any:
    if isinstance(v, Duration):
        return v.scaled(-1)
    return -v if isinstance(v, (int, float)) and not isinstance(v, bool) else UNKNOWN


def arith(op: str, a: Any, b: Any) -> Any:
    if absent(a) or absent(b):
        return UNKNOWN
    try:
        return apply_arith(op, a, b)
    except (TypeError, ValueError, ArithmeticError, OverflowError):
        return UNKNOWN


def compare(op: str, a: Any, b: Any) -> Any:
    if absent(a) or absent(b):
        # A value that is not there is certainly not equal to one that is; only an ordering
        # ("<", ">=") needs both values and is undecided without them.
        if op in ("=", "!=") and not (absent(a) and absent(b)):
            return op == "!="
        return UNKNOWN
    if isinstance(a, Duration) and isinstance(b, Duration):
        a, b = a.approx_days(), b.approx_days()
    try:
        return bool(COMPARE[op](a, b))
    except TypeError:
        return UNKNOWN


def equals(a: Any, constant: Any) -> Any:
    """``x = literal``: the literal side is never absent, never a duration."""
    if a is MISSING or a is UNKNOWN or a is None:
        return False  # certainly not equal to a value that is there
    try:
        return bool(a == constant)
    except TypeError:
        return UNKNOWN


def differs(a: Any, constant: Any) -> Any:
    if a is MISSING or a is UNKNOWN or a is None:
        return True
    try:
        return bool(a != constant)
    except TypeError:
        return UNKNOWN


def member(a: Any, coll: Any, negated: bool) -> Any:
    if absent(coll):
        return UNKNOWN
    if absent(a):
        return negated
    try:
        found = a in coll
        if not found and isinstance(coll, list) and Bound in map(type, coll):
            # the located items of 'waarden' (no plain value equals a Bound)
            found = a in [c.value if c.__class__ is Bound else c for c in coll]
    except TypeError:
        return UNKNOWN
    return (not found) if negated else found


def contains(a: Any, b: Any) -> Any:
    if absent(a) or absent(b):
        return UNKNOWN
    if isinstance(a, str) and isinstance(b, str):
        return b.casefold() in a.casefold()
    if isinstance(a, list):
        return b in a
    return UNKNOWN


def matches(pattern: re.Pattern[str], v: Any) -> Any:
    if absent(v):
        return UNKNOWN
    return pattern.search(str(v)[:MATCH_LIMIT]) is not None


def not_(v: Any) -> Any:
    return UNKNOWN if v is UNKNOWN else not v


def fold(op: str, values: list[Any]) -> Any:
    if op == "som":
        return sum(values) if values else 0
    if not values:
        return UNKNOWN
    try:
        return min(values) if op == "minimum" else max(values)
    except TypeError:
        return UNKNOWN


def call(name: str, *values: Any) -> Any:
    try:
        return IMPLEMENTATIONS[name](*values)
    except CALL_ERRORS:
        return UNKNOWN


def follow(env: Env, ref: Any, kinds: tuple[str, ...]) -> Any:
    """A reference's value replaced by the data of the document it points to."""
    target = env.ctx.repository.resolve(ref, kinds)
    return target.data if target is not None else UNKNOWN


# ---- binders of 'voor'
def each_year(env: Env, emit: Emit, var: str, start: Any, end: Any, nxt: Step) -> None:
    first, last = to_date(start), to_date(end)
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        emit("missing-evidence", env, [])
        return
    year = first.year if first <= dt.date(first.year, 1, 1) else first.year + 1
    for n, y in enumerate(range(year, last.year)):
        if n >= MAX_YEARS:
            break
        if dt.date(y, 12, 31) < last:
            env.ctx.tick()
            nxt(env.with_(var, y), emit)


def each_year_in_force(env: Env, emit: Emit, var: str, bound: Bound, since: Any, nxt: Step
                       ) -> None:
    """The engine's one notion of the years a yearly duty counts (timeline.years_in_force)."""
    data = bound.value
    start = to_date(since)
    found = years_in_force(data, env.ctx.as_of, start if isinstance(start, dt.date) else None) \
        if isinstance(data, dict) else None
    if found is None:  # no start date, or ended without an end date
        if bound.document is not None and bound.document.data is data \
                and phase(data, env.ctx.as_of) == ENDED:
            env.ctx.undated.setdefault(bound.document.id, bound.document)
        else:  # (an ended document: the engine says so once, S018)
            emit("missing-evidence", env, [])
        return
    for y in found[-MAX_YEARS:]:
        env.ctx.tick()
        nxt(env.with_(var, y), emit)


def done(env: Env, emit: Emit) -> None:
    """The step after the last one."""


def switched(rule: Any, env: Env) -> bool:
    """After the base rule's subjects are bound, an applicable exception takes over; whether
    one did. ``rule.exceptions`` is filled when the rulebook links its rules."""
    for exc in rule.exceptions:
        if exc.rest is not None and exc.applies_on(env.ctx.as_of) and \
                all(c(env) is True for c in exc.conditions):
            exc.rest(env, env.ctx.emit_for(exc))
            return True
    return False


GLOBALS: dict[str, Any] = {
    "__builtins__": __builtins__, "rt": rt, "Env": Env, "Bound": Bound, "MISSING": MISSING,
    "UNKNOWN": UNKNOWN, "NotJudged": NotJudged, "EvaluationLimit": EvaluationLimit,
    "DueItem": DueItem, "Duration": Duration, "date": dt.date, "re": re,
    "located": located, "concept_bound": concept_bound,
    "concerns_outer": concerns_outer, "to_date": to_date, "absent": absent, "phase": phase,
    "ENDED": ENDED, "no_records_for_concept": no_records_for_concept,
    **{name: value for name, value in list(globals().items())
       if callable(value) and getattr(value, "__module__", None) == __name__},
    "MESSAGE_ERRORS": MESSAGE_ERRORS, "MATCH_LIMIT": MATCH_LIMIT,
    "message_part": message_part, "message_parts": message_parts,
    "ORDERED": (dt.date, int, float, str),  # classes whose values untraced code orders inline
}
