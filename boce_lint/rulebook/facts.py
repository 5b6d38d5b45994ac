"""Facts the quick-scan report shows that the rules already state: which body must meet how often
per calendar year, how many past years the meeting rules judge, and (``rules/kolommen.yaml``)
which obligation keys make up each column of its matrix.

They are read from the compiled rules, so a changed rule changes the report with it. A meeting
duty is a rule marked ``feit vergaderplicht``: for every document of a kind and every complete
calendar year it counts the ``overleg`` documents of one body
(``kleine_letters(o.orgaan) = "stuurgroep"``) and requires that count to be at least a number
(``vereist n >= 4``); a marked rule without that shape is a compile error. The window is the
``k`` in ``jaar(peildatum) - k`` of such a rule's calendar years.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from boce_lint.dsl import ast
from boce_lint.dsl.compiled import CompiledRule
from boce_lint.resources import rules_dir
from boce_lint.rulebook.rulebook import MEETING_FACT, Rulebook

MEETING_KIND = "overleg"
COLUMNS_FILE = "kolommen.yaml"


@cache
def report_columns() -> dict[str, tuple[str, ...]]:
    """Column → the keys and key patterns (``RO-4.*``) it holds, in the order they are tried."""
    data = yaml.safe_load((rules_dir() / COLUMNS_FILE).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return {}
    return {str(column): tuple(str(p) for p in patterns) for column, patterns in data.items()
            if isinstance(patterns, list)}


@dataclass(frozen=True)
class MeetingDuty:
    body: str  # as the rule compares it, in lower case
    per_year: int
    subject_kind: str  # the kind of document the duty comes from, e.g. raamovereenkomst
    article: str  # where the duty is written, as the rule's first obligation key cites it
    rule_id: str


def meeting_duties(book: Rulebook) -> list[MeetingDuty]:
    """The fixed meeting duties of the rulebook (rules marked ``feit vergaderplicht``), the most
    frequent first."""
    duties = [duty for rule in book.top_level() if rule.fact == MEETING_FACT
              if (duty := meeting_duty(rule, book.registry)) is not None]
    return sorted(duties, key=lambda d: -d.per_year)


def meeting_duty(rule: CompiledRule, registry: Mapping[str, Mapping[str, Any]]
                 ) -> MeetingDuty | None:
    """What a ``feit vergaderplicht`` rule requires, or None when it lacks that shape (a
    compile error, see ``rulebook._link``)."""
    statements = rule.node.statements
    kind = next((b.source.noun for s in statements if isinstance(s, ast.ForEach)
                 for b in s.binders if isinstance(b, ast.Each) and b.source.collection is None),
                None)
    if kind is None or not _per_calendar_year(statements):
        return None
    counted = {s.name: body for s in statements if isinstance(s, ast.Let)
               if (body := _counted_body(s.value)) is not None}
    for statement in statements:
        minimum = _at_least(statement)
        if minimum is not None and minimum[0] in counted:
            entry = registry.get(rule.keys[0], {}) if rule.keys else {}
            article = str(entry.get("artikel", "")).removeprefix("art. ")
            return MeetingDuty(counted[minimum[0]], minimum[1], kind, article, rule.id)
    return None


def meeting_window(book: Rulebook) -> int | None:
    """How many complete calendar years back the meeting rules judge (None: no such rule)."""
    for rule in book.top_level():
        if rule.fact != MEETING_FACT:
            continue
        for years in _per_calendar_year(rule.node.statements):
            start = years.start if isinstance(years, ast.EachYear) else years.since
            for node in _walk(start) if start is not None else ():
                if isinstance(node, ast.Arith) and node.op == "-" and \
                        isinstance(node.left, ast.Call) and node.left.name == "jaar" and \
                        [type(a) for a in node.left.args] == [ast.AsOf] and \
                        isinstance(node.right, ast.Literal) and isinstance(node.right.value, int):
                    return node.right.value
    return None


def _per_calendar_year(statements: list[ast.Statement]
                       ) -> list[ast.EachYear | ast.EachYearInForce]:
    return [b for s in statements if isinstance(s, ast.ForEach) for b in s.binders
            if isinstance(b, (ast.EachYear, ast.EachYearInForce))]


def _counted_kind(value: ast.Expr) -> str | None:
    if isinstance(value, ast.Count) and value.source.collection is None:
        return value.source.noun
    return None


def _counted_body(value: ast.Expr) -> str | None:
    """``aantal overleg o waarvoor kleine_letters(o.orgaan) = "X" en ...`` → "X"."""
    if not isinstance(value, ast.Count) or _counted_kind(value) != MEETING_KIND or \
            value.where is None:
        return None
    for node in _walk(value.where):
        if isinstance(node, ast.Compare) and node.op == "=" and \
                isinstance(node.left, ast.Call) and node.left.name == "kleine_letters" and \
                len(node.left.args) == 1 and isinstance(node.left.args[0], ast.Field) and \
                node.left.args[0].name == "orgaan" and isinstance(node.right, ast.Literal) and \
                isinstance(node.right.value, str):
            return node.right.value
    return None


def _at_least(statement: ast.Statement) -> tuple[str, int] | None:
    """``vereist n >= 4`` → ("n", 4)."""
    if not isinstance(statement, ast.Require) or statement.evidence_only:
        return None
    condition = statement.condition
    if isinstance(condition, ast.Compare) and condition.op == ">=" and \
            isinstance(condition.left, ast.Var) and isinstance(condition.right, ast.Literal) and \
            isinstance(condition.right.value, int):
        return condition.left.name, condition.right.value
    return None


def _walk(node: ast.Node) -> Iterator[ast.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for item in dataclasses.fields(current):
            value = getattr(current, item.name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, ast.Node):
                    stack.append(child)
