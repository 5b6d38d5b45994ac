"""The duties that fall due in a period, derived from the rules' ``termijn`` and the waivers.

A rule with a ``termijn`` states, per subject, the date by which its duty must be met; the
check reports it from the day after. The agenda runs the same compiled rule, not a second
list: it evaluates the rule on the day after the end of the period, so that every deadline up
to that day is bound (the running calendar year included), on the documents as they stood on
the as-of date (a record dated later does not exist yet). What follows the ``termijn`` decides
whether the duty is already met. Waivers that expire come from the configuration and the
inline waivers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.dsl.runtime import Context, DueItem, Env, EvaluationLimit, NotJudged
from boce_lint.dsl.values import Bound
from boce_lint.findings.finding import Citation
from boce_lint.findings.waivers import Waiver
from boce_lint.rulebook.engine import subject_bindings
from boce_lint.rulebook.rulebook import Rulebook
from boce_lint.source.model import Document, Repository

DAY = dt.timedelta(days=1)
STATUSES = ("open", "done", "overdue")  # not yet due, already met, due and not met


@dataclass(frozen=True)
class Duty:
    """One thing an agreement requires by a date."""

    due: dt.date
    status: str  # open | done | overdue
    task: dict[str, str]  # what is due, per language
    actor: dict[str, str]  # who must act, per language
    source: str  # the rule id, or "waiver"
    keys: tuple[str, ...]
    citations: tuple[Citation, ...]
    file: str
    line: int
    document_id: str | None
    uid: str

    def sort_key(self) -> tuple[Any, ...]:
        return (self.due, self.source, self.task.get("nl", ""), self.uid)

    def articles(self) -> str:
        """``RO-4.2 (art. 4.2), RK-consultation-held (§ 2.2)``."""
        return ", ".join(f"{c.key} ({c.article})" if c.article else c.key
                         for c in self.citations)

    def as_json(self) -> dict[str, Any]:
        return {"date": self.due.isoformat(), "status": self.status, "task": dict(self.task),
                "who": dict(self.actor), "source": self.source,
                "keys": [{"key": c.key, "document": c.document, "article": c.article}
                         for c in self.citations],
                "file": self.file, "line": self.line, "document": self.document_id,
                "uid": self.uid}


@dataclass
class Agenda:
    as_of: dt.date
    start: dt.date
    end: dt.date
    duties: list[Duty]
    root: str = ""

    def by_month(self) -> list[tuple[tuple[int, int], list[Duty]]]:
        months: dict[tuple[int, int], list[Duty]] = {}
        for duty in self.duties:
            months.setdefault((duty.due.year, duty.due.month), []).append(duty)
        return sorted(months.items())

    def count(self, status: str) -> int:
        return sum(1 for d in self.duties if d.status == status)


def build_agenda(book: Rulebook, repository: Repository, waivers: list[Waiver],
                 as_of: dt.date, start: dt.date, end: dt.date,
                 rules: list[CompiledRule] | None = None) -> Agenda:
    """Everything that falls due from ``start`` to ``end`` (both included)."""
    duties = rule_duties(book, repository, as_of, start, end, rules)
    duties += waiver_duties(book, waivers, as_of, start, end)
    duties.sort(key=Duty.sort_key)
    return Agenda(as_of, start, end, duties, repository.root)


def known_on(repository: Repository, as_of: dt.date) -> Repository:
    """The repository as it stood on ``as_of`` (the check's own view): a document or record
    dated later does not exist yet."""
    from boce_lint.source import timeline

    return timeline.as_of(repository, as_of)[0]


def rule_deadlines(rule: CompiledRule, repository: Repository, on: dt.date) -> list[DueItem]:
    """Every deadline the rule binds when evaluated on ``on``, with whether it is met."""
    ctx = Context(repository, on)
    ctx.agenda = []
    try:
        if rule.body is not None:
            rule.body(Env({}, ctx), lambda *args: None)
    except (EvaluationLimit, NotJudged):
        pass  # the check reports a runaway rule; the agenda keeps what it found
    return ctx.agenda


def rule_duties(book: Rulebook, repository: Repository, as_of: dt.date, start: dt.date,
                end: dt.date, rules: list[CompiledRule] | None = None) -> list[Duty]:
    horizon = max(end, as_of) + DAY
    known = known_on(repository, as_of)
    duties: list[Duty] = []
    seen: set[str] = set()
    for rule in rules if rules is not None else book.top_level():
        if not rule.has_deadline and not any(e.has_deadline for e in rule.exceptions):
            continue
        for item in rule_deadlines(rule, known, horizon):
            # the check that reports a missed deadline runs on the day after it
            if not start <= item.due <= end or not item.rule.applies_on(item.due + DAY):
                continue
            duty = _rule_duty(book, item, as_of)
            if duty.uid not in seen:
                seen.add(duty.uid)
                duties.append(duty)
    return duties


def _rule_duty(book: Rulebook, item: DueItem, as_of: dt.date) -> Duty:
    rule, env = item.rule, item.env
    document, pointer = _subject(rule, env)
    if document is not None:
        position, found = document.position(pointer)
        line = position.line if found else position.key_line
        file, document_id = document.file, document.id
    else:
        line, file, document_id = 1, env.ctx.repository.root, None
    task = {lang: render(env) for lang, render in rule.tasks.items()} or rule.titles
    task.setdefault("en", task.get("nl", ""))
    actor = {lang: render(env) for lang, render in rule.actors.items()}
    if actor:
        actor.setdefault("en", actor.get("nl", ""))
    status = "done" if item.done else ("overdue" if item.due < as_of else "open")
    return Duty(due=item.due, status=status, task=task, actor=actor, source=rule.id,
                keys=tuple(rule.keys), citations=tuple(book.citation(k) for k in rule.keys),
                file=file, line=line, document_id=document_id,
                uid=_uid(rule.id, subject_bindings(rule, env)))


def _subject(rule: CompiledRule, env: Env) -> tuple[Document | None, str]:
    for name in reversed(rule.subject_vars):
        value = env.vars.get(name)
        if isinstance(value, Bound) and value.document is not None:
            return value.document, value.pointer
    return None, ""


def _uid(source: str, identity: Any) -> str:
    """Stable across runs and edits elsewhere, so that a calendar re-import updates the entry."""
    material = json.dumps([source, identity], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:24] + "@boce-lint"


WAIVER_TASK = {
    "nl": "Ontheffing voor {rule} vervalt: los de tekortkoming op of leg opnieuw uit waarom "
          "zij blijft ({reason}).",
    "en": "Waiver for {rule} expires: fix the gap or explain again why it stays ({reason}).",
}


def waiver_duties(book: Rulebook, waivers: list[Waiver], as_of: dt.date, start: dt.date,
                  end: dt.date) -> list[Duty]:
    duties: list[Duty] = []
    for waiver in waivers:
        if waiver.expires is None or not start <= waiver.expires <= end:
            continue
        rule = book.get(waiver.rule)
        keys = tuple(rule.keys) if rule else ()
        identity = [waiver.rule, waiver.files, waiver.document, waiver.pointer,
                    waiver.source_file if waiver.inline else None, waiver.justification]
        duties.append(Duty(
            due=waiver.expires, status="overdue" if waiver.expires < as_of else "open",
            task={lang: text.format(rule=waiver.rule, reason=waiver.justification)
                  for lang, text in WAIVER_TASK.items()},
            actor={"nl": waiver.owner, "en": waiver.owner}, source="waiver", keys=keys,
            citations=tuple(book.citation(k) for k in keys), file=waiver.source_file,
            line=waiver.source_line, document_id=waiver.document,
            uid=_uid("waiver", identity)))
    return duties
