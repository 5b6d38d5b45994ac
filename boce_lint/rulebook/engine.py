"""Evaluate compiled rules over a loaded repository and turn what fails into findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.dsl.runtime import Context, Emit, Env, EvaluationLimit, NotJudged
from boce_lint.dsl.values import JSON_SCALARS, Bound, jsonable
from boce_lint.findings.finding import Finding, Outcome, Severity, Subject
from boce_lint.findings.structure import structure_finding
from boce_lint.rulebook.placeholders import is_placeholder
from boce_lint.rulebook.rulebook import Rulebook
from boce_lint.rulebook.scope import Scope
from boce_lint.source import timeline
from boce_lint.source.model import Document, Repository
from boce_lint.source.schemas import KIND_NAMES
from boce_lint.source.timeline import SetAside

UNSEEN_SUFFIX = {"nl": " (Niet te beoordelen: {paths} kon niet gelezen worden.)",
                 "en": " (Cannot be decided: {paths} could not be read.)"}


class _Watched(Repository):
    """The repository as one rule sees it, noting the kinds of document the rule looked for.

    Why violations become missing evidence when a path could not be read: a violation can rest
    on documents that are absent ("no meeting of the steering group in 2023"), and a folder that
    could not be read may hold exactly those. Which rule depends on absence is not visible in
    its text, but its evaluation shows it: it asks the repository for the documents of a kind
    (``of_kind``) or follows a reference that finds nothing (``resolve``). So a violation is
    reported as missing evidence when the rule looked for a kind that an unreadable path may
    hold (``Repository.unseen``, the kinds found next to that path) — except the kind of the
    document the finding is about: that document was read, and what the rule says about it
    stands. A repository without unreadable paths is evaluated unwatched, at no cost.
    """

    def __init__(self, repository: Repository) -> None:
        super().__init__(repository.root, repository.documents, repository.by_id,
                         repository.by_kind, repository.unseen)
        self.looked_for: set[str] = set()

    def of_kind(self, kind: str) -> list[Document]:
        self.looked_for.add(kind)
        return super().of_kind(kind)

    def resolve(self, ref: Any, kinds: list[str] | tuple[str, ...] = ()) -> Document | None:
        target = super().resolve(ref, kinds)
        if target is None:
            self.looked_for.update(kinds or KIND_NAMES)
        return target

    def unseen_for(self, finding: Finding) -> list[str]:
        """The unreadable paths that may hold what the rule looked for and did not find."""
        needed = self.looked_for - {finding.subject.kind}
        return [path for path, kinds in self.unseen.items() if kinds & needed]


def _unseen(finding: Finding, paths: list[str]) -> Finding:
    shown = ", ".join(f"'{path}'" for path in paths)
    return finding.replace(
        outcome=Outcome.MISSING_EVIDENCE,
        message=finding.message + UNSEEN_SUFFIX["nl"].format(paths=shown),
        message_en=(finding.message_en + UNSEEN_SUFFIX["en"].format(paths=shown)
                    if finding.message_en is not None else None))


def evaluate(book: Rulebook, repository: Repository, as_of: dt.date,
             rules: list[CompiledRule] | None = None,
             set_aside: SetAside | None = None) -> list[Finding]:
    """Run every top-level rule (with its exceptions) that is in force on the as-of date, over
    the repository as it stood on that date; ``set_aside`` counts what lay after it."""
    view, counts = timeline.as_of(repository, as_of)
    if set_aside is not None:
        set_aside.add(counts)
    scope = Scope(view)
    run = _Run(book, view, as_of, scope, scope.notices())
    for rule in rules if rules is not None else book.top_level():
        _evaluate_rule(rule, run)
    run.done()
    return run.findings + [_ended_undated(document) for document in run.undated.values()]


def _ended_undated(document: Document) -> Finding:
    """One finding per ended document without an end date whose years a yearly rule had to
    count: its yearly duties are not judged, instead of a finding per rule and year."""
    position, _ = document.position("/status")
    status = document.data.get("status")
    finding = structure_finding(
        "ended-without-end-date", document.file, position.line, position.column,
        f"'{document.id}' is {status}, maar de einddatum ontbreekt: de jaren waarin het gold "
        "zijn onbekend, dus de jaarlijkse plichten ervan zijn niet getoetst.",
        f"'{document.id}' is {status}, but its end date is missing: the years it was in force "
        "are unknown, so its yearly duties were not judged.",
        document=document, pointer="/status", severity=Severity.WARNING)
    return finding.replace(outcome=Outcome.MISSING_EVIDENCE)


def evaluate_rule(book: Rulebook, rule: CompiledRule, repository: Repository,
                  as_of: dt.date) -> list[Finding]:
    """One rule over the repository as it stood on the as-of date."""
    view = timeline.as_of(repository, as_of)[0]
    run = _Run(book, view, as_of, Scope(view), [])
    _evaluate_rule(rule, run)
    run.done()
    return run.findings


class _Run:
    """One evaluation of rules over one repository: where their findings go, and what every
    rule shares -- one context (its step budget reset per rule), one emitter per rule, and per
    rule what all its findings carry (severity, keys, citations), worked out at its first."""

    def __init__(self, book: Rulebook, repository: Repository, as_of: dt.date, scope: Scope,
                 findings: list[Finding]) -> None:
        self.book, self.repository, self.as_of, self.scope = book, repository, as_of, scope
        self.findings = findings
        self.undated: dict[str, Document] = {}  # ended documents without an end date, by id
        self.context = Context(repository, as_of, emit_for=self.emitter, undated=self.undated)
        self._emitters: dict[int, Emit] = {}

    def done(self) -> None:
        """Break the run's reference cycles (its context holds its emitters, they hold the run):
        the command line runs without the garbage collector, so each arrangement's documents
        would otherwise stay in memory to the end of the run."""
        self._emitters.clear()
        del self.context

    def emitter(self, rule: CompiledRule) -> Emit:
        """The rule's emit (made once per rule and run)."""
        emit = self._emitters.get(id(rule))
        if emit is None:
            emit = self._emitters[id(rule)] = self.emit_for(rule, None)
        return emit

    def facts(self, rule: CompiledRule) -> _Facts:
        """The rule's facts, made once per rulebook (a national check runs every rule over
        hundreds of arrangements, each a run of its own); kept with the rule itself, so that
        a rule made apart from the book is never mistaken for one of its own."""
        known = self.book.facts
        found = known.get(id(rule))
        if found is None or found[0] is not rule:
            found = known[id(rule)] = (rule, _Facts(self.book, rule))
        return found[1]

    def emit_for(self, current: CompiledRule, watched: _Watched | None) -> Emit:
        scope, findings, facts = self.scope, self.findings, self.facts(current)

        def emit(outcome: str, env: Env, trace: list[tuple[str, Bound]]) -> None:
            if trace and outcome == "missing-evidence" and any(
                    is_placeholder(b.value) for _, b in trace):
                return  # a template placeholder is reported once, by the placeholder rules
            if scope.covered is not None and scope.outside(scope.bearers(
                    current.bearer, env.vars, current.subject_vars)):
                return  # a duty of a party outside the repository's scope: not judged
            if trace and outcome == "violation" and _reads_pruned(trace):
                outcome = "missing-evidence"  # the value was there but failed its schema
            finding = _finding(current, outcome, env, trace, facts)
            if watched is not None and finding.outcome is Outcome.VIOLATION:
                unseen = watched.unseen_for(finding)
                if unseen:
                    finding = _unseen(finding, unseen)
            findings.append(finding)
        return emit


class _Facts:
    """What every finding of a rule carries alike, and how its messages are made: per outcome,
    the function that gives the (Dutch, English) message (dsl/wording.py)."""

    __slots__ = ("severity", "keys", "citations", "violation", "missing")

    def __init__(self, book: Rulebook, rule: CompiledRule) -> None:
        self.severity = _SEVERITIES[rule.severity]
        self.keys = tuple(rule.keys)
        self.citations = tuple(book.citation(k) for k in self.keys)
        said = rule.said
        self.violation = said.get("violation") or _said_id(rule)
        self.missing = said.get("missing-evidence") or _said_id(rule)


def _said_id(rule: CompiledRule) -> Callable[[Env], tuple[str, str | None]]:
    """The messages of a rule without any (one not compiled): its id."""
    return lambda env: (rule.id, None)


_SEVERITIES = {severity.value: severity for severity in Severity}


def _evaluate_rule(rule: CompiledRule, run: _Run) -> None:
    """The rule's findings, added to the run's."""
    if not rule.applies_on(run.as_of):
        return
    if run.repository.unseen:  # each rule is watched on its own (``_Watched``)
        watched = _Watched(run.repository)
        ctx = Context(watched, run.as_of, undated=run.undated,
                      emit_for=lambda current: run.emit_for(current, watched))
    else:
        ctx = run.context
        ctx.steps, ctx.trace = 0, None
    body = rule.body
    try:
        if body is not None:
            body(Env({}, ctx), ctx.emit_for(rule))
    except NotJudged:
        pass  # a rule without subjects read what a concept cannot have yet: nothing to judge
    except EvaluationLimit:
        run.findings.append(Finding(
            rule_id=rule.id, rule_name=rule.name, severity=Severity.ERROR,
            outcome=Outcome.MISSING_EVIDENCE,
            message=f"Regel {rule.id} is afgebroken: de evaluatie duurde te lang.",
            message_en=f"Rule {rule.id} was stopped: evaluation took too long.",
            file=rule.file, line=rule.line, column=rule.column,
            keys=tuple(rule.keys)))


def _reads_pruned(trace: list[tuple[str, Bound]]) -> bool:
    """Whether the rule read a value the loader took out because it failed its schema."""
    for _, bound in trace:
        document = bound.document
        if document is not None and document.pruned and any(
                bound.pointer == p or bound.pointer.startswith(p + "/") for p in document.pruned):
            return True
    return False


def _locate(env: Env, rule: CompiledRule, trace: list[tuple[str, Bound]]
            ) -> tuple[Document | None, str, Any]:
    for _, bound in trace:
        document = bound.document
        if document is not None:
            return document, bound.pointer, bound.value
    variables = env.vars
    for name in reversed(rule.subject_vars):
        value = variables.get(name)
        if value.__class__ is Bound or isinstance(value, Bound):
            document = value.document
            if document is not None:
                return document, value.pointer, None
    return None, "", None


def _party(document: Document) -> str | None:
    data = document.data
    municipality = data.get("gemeente")
    if municipality.__class__ is str or isinstance(municipality, str):
        return municipality
    guests = data.get("gastgemeenten")
    if isinstance(guests, list) and guests:
        try:
            return ", ".join(guests)
        except TypeError:  # not all of them texts
            return None
    return None


def _finding(rule: CompiledRule, outcome: str, env: Env, trace: list[tuple[str, Bound]],
             facts: _Facts) -> Finding:
    document, pointer, value = _locate(env, rule, trace)
    if document is not None:
        position, found = document.position(pointer)
        line, column = ((position.line, position.column) if found
                        else (position.key_line, position.key_column))
        subject = Subject(document.id, document.kind, _party(document), pointer)
        file = document.file
    else:
        line, column, file = 1, 1, env.ctx.repository.root
        subject = Subject(None, None, None, pointer)
    missing = outcome == "missing-evidence"
    message, message_en = (facts.missing if missing else facts.violation)(env)
    evidence: dict[str, Any] = {}
    for text, bound in trace:
        read = bound.value
        evidence[text] = read if read.__class__ in JSON_SCALARS else jsonable(read)
    variables = env.vars
    bindings, year = _subjects(rule, variables)
    if year is not None:  # a yearly duty: say which calendar year was judged
        evidence["jaar"] = year
    for name, bound in variables.items():
        if bound.__class__ is not Bound and name not in bindings:
            evidence[name] = bound if bound.__class__ in JSON_SCALARS else jsonable(bound)
    return Finding(
        rule_id=rule.id, rule_name=rule.name, severity=facts.severity,
        outcome=_MISSING if missing else _VIOLATION, message=message, message_en=message_en,
        file=file, line=line, column=column, keys=facts.keys, citations=facts.citations,
        subject=subject, evidence=evidence,
        fingerprint_value=[bindings, value if value.__class__ in JSON_SCALARS else jsonable(value)],
    )


_MISSING, _VIOLATION = Outcome.MISSING_EVIDENCE, Outcome.VIOLATION


def subject_bindings(rule: CompiledRule, env: Env) -> dict[str, Any]:
    """Who a finding or duty is about, for its fingerprint: documents by id and pointer."""
    return _subjects(rule, env.vars)[0]


def _subjects(rule: CompiledRule, variables: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """The subject bindings, and the calendar year judged (a yearly duty), if any."""
    bindings: dict[str, Any] = {}
    year = None
    for name in rule.subject_vars:
        bound = variables.get(name)
        if bound.__class__ is Bound or isinstance(bound, Bound):
            document = bound.document
            bindings[name] = [document.id if document is not None else None, bound.pointer]
        elif bound is not None:
            bindings[name] = jsonable(bound)
            if bound.__class__ is int or (isinstance(bound, int) and not isinstance(bound, bool)):
                year = bound
    return bindings, year
