"""The finding record: what every stage (loader, engine) reports and every formatter prints.

Plain dataclasses: a check builds thousands of findings and should not need a validation
library to do so (nor import one: ``check`` starts in a fraction of a second). A finding and its
subject are treated as immutable -- ``replace`` makes a changed copy -- but not frozen: a frozen
record sets each field through ``object.__setattr__``, which made up a third of making one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import operator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from boce_lint.safetext import MAX_TEXT, bounded


class Severity(str, Enum):  # noqa: UP042 - StrEnum would change str() and format()
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def dutch(self) -> str:
        return {"error": "fout", "warning": "waarschuwing", "info": "info"}[self.value]


class Outcome(str, Enum):  # noqa: UP042 - as Severity
    """A violation shows the duty is broken; missing evidence means the data to decide is absent."""

    VIOLATION = "violation"
    MISSING_EVIDENCE = "missing-evidence"


def fails_check(severity: Severity, outcome: Outcome, counts: bool, threshold: int,
                missing_evidence: bool) -> bool:
    """Whether a finding fails the check: it counts (not waived), its severity reaches the
    threshold, and it is a violation -- or missing evidence when asked, because the data may
    simply not be in the repository, which is not a broken duty (catalogue principle 4)."""
    return counts and severity.rank >= threshold and (
        outcome is Outcome.VIOLATION or missing_evidence)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an obligation comes from: key, source document, article and a quote."""

    key: str
    document: str = ""
    article: str = ""
    quote: str = ""


@dataclass(slots=True, init=False)
class Subject:
    """Which document (and, when known, which party) a finding is about (``__init__`` written
    out, as Finding's; treated as immutable)."""

    document_id: str | None = None
    kind: str | None = None
    party: str | None = None
    pointer: str = ""

    def __init__(self, document_id: str | None = None, kind: str | None = None,
                 party: str | None = None, pointer: str = "") -> None:
        # (a short text, nearly every one, is kept without a call to ``bounded``)
        self.document_id = document_id if document_id is None or (
            document_id.__class__ is str and len(document_id) <= MAX_TEXT) \
            else bounded(document_id)  # type: ignore[assignment]
        self.kind = kind
        self.party = party if party is None or (
            party.__class__ is str and len(party) <= MAX_TEXT) \
            else bounded(party)  # type: ignore[assignment]
        self.pointer = pointer if pointer.__class__ is str and len(pointer) <= MAX_TEXT \
            else bounded(pointer)  # type: ignore[assignment]

    # Pickled as a plain tuple, as Finding is (one per finding: dataclasses' own pickling of
    # a frozen-slots class was two fifths of pickling findings for the cache)
    def __getstate__(self) -> tuple[Any, ...]:
        return self.document_id, self.kind, self.party, self.pointer

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.document_id, self.kind, self.party, self.pointer = state


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding does not count: a waiver ("pas toe of leg uit") or the baseline."""

    kind: str  # "waiver" | "inline-waiver" | "baseline"
    justification: str = ""
    owner: str = ""
    expires: str | None = None
    source: str = ""  # where the waiver is written: config file or file:line


@dataclass(slots=True, kw_only=True, init=False)
class Finding:
    """One gap: a rule, where it is, and why it matters. Treated as immutable (``replace``).

    ``__init__`` is written out, to bound the texts without a call for each short one. A test
    holds it to the fields and their defaults."""

    rule_id: str
    rule_name: str
    severity: Severity
    outcome: Outcome = Outcome.VIOLATION
    message: str
    message_en: str | None = None
    file: str
    line: int = 1
    column: int = 1
    keys: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    subject: Subject = field(default_factory=Subject)
    evidence: dict[str, Any] = field(default_factory=dict)
    fingerprint_value: Any = None
    suppression: Suppression | None = None

    def __init__(self, *, rule_id: str, rule_name: str, severity: Severity,
                 outcome: Outcome = Outcome.VIOLATION, message: str,
                 message_en: str | None = None, file: str, line: int = 1, column: int = 1,
                 keys: tuple[str, ...] = (), citations: tuple[Citation, ...] = (),
                 subject: Subject | None = None, evidence: dict[str, Any] | None = None,
                 fingerprint_value: Any = None, suppression: Suppression | None = None) -> None:
        # Texts come from data (titles, values, field names): a megabyte value would be copied
        # into every format. Values quoted by rule messages are shortened already (dsl
        # ``quote``); this bounds what any other producer of findings puts in (a short text,
        # nearly every one, without a call).
        if message.__class__ is not str or len(message) > MAX_TEXT:
            message = bounded(message)  # type: ignore[assignment]
        if message_en is not None and (message_en.__class__ is not str
                                       or len(message_en) > MAX_TEXT):
            message_en = bounded(message_en)  # type: ignore[assignment]
        self.rule_id = rule_id
        self.rule_name = rule_name
        self.severity = severity
        self.outcome = outcome
        self.message = message
        self.message_en = message_en
        self.file = file
        self.line = line
        self.column = column
        self.keys = keys
        self.citations = citations
        self.subject = Subject() if subject is None else subject
        self.evidence = {} if evidence is None else bounded(evidence)  # type: ignore[assignment]
        self.fingerprint_value = fingerprint_value
        self.suppression = suppression

    # Pickled (cache, workers) as a plain tuple of the fields: dataclasses' own frozen-slots
    # pickling looks the fields up again for every finding.
    def __getstate__(self) -> tuple[Any, ...]:
        return _all_fields(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(FINDING_FIELDS, state, strict=True):
            setattr(self, name, value)

    def replace(self, **changes: Any) -> Finding:
        """A copy with ``changes``, taken as given (the texts kept are bounded already)."""
        copy = object.__new__(Finding)
        for name in FINDING_FIELDS:
            setattr(copy, name, changes[name] if name in changes else getattr(self, name))
        return copy

    @property
    def counts(self) -> bool:
        """Whether the finding counts toward failure (waived and baselined ones do not)."""
        return self.suppression is None

    @property
    def fingerprint(self) -> str:
        """Stable across reformatting and moved lines: rule, document, pointer and value only."""
        material = _FINGERPRINT_JSON.encode(
            [self.rule_id, self.subject.document_id or self.file, self.subject.pointer,
             self.fingerprint_value])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]

    def text(self, lang: str = "nl") -> str:
        if lang == "en" and self.message_en:
            return self.message_en
        return self.message

    def sort_key(self) -> tuple[Any, ...]:
        """The documented order of findings: file, line, column, rule id, message."""
        return (self.file, self.line, self.column, self.rule_id, self.message)


# json.dumps(sort_keys=True, default=str, ensure_ascii=False), made once (dumps makes an encoder
# for each call with other than its default settings)
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False)

FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))


_all_fields = operator.attrgetter(*FINDING_FIELDS)
_SUBJECT_AT = FINDING_FIELDS.index("subject")
_OTHER_FIELDS = FINDING_FIELDS[:_SUBJECT_AT] + FINDING_FIELDS[_SUBJECT_AT + 1:]
_other_fields = operator.attrgetter(*_OTHER_FIELDS)
_subject = operator.attrgetter("subject")
_SUBJECT_FIELDS = ("document_id", "kind", "party", "pointer")
_subject_fields = operator.attrgetter(*_SUBJECT_FIELDS)


class Packed:
    """Findings to pickle as one (the cache): a reduce for the whole list, which gives the
    fields of each finding and of its subject as plain tuples, so the pickler writes them
    without calling back into Python per finding (each Finding and Subject pickled on its own
    calls its ``__getstate__``: about two fifths of the time). Unpickled, it is the list."""

    __slots__ = ("findings",)

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings

    def __reduce__(self) -> tuple[Any, ...]:
        findings = self.findings
        return _unpacked, (list(map(_other_fields, findings)),
                           list(map(_subject_fields, map(_subject, findings))))


def _unpacked(rows: list[tuple[Any, ...]], subjects: list[tuple[Any, ...]]) -> list[Finding]:
    findings = []
    new = object.__new__
    for row, subject_state in zip(rows, subjects, strict=True):
        subject = new(Subject)
        subject.document_id, subject.kind, subject.party, subject.pointer = subject_state
        finding = new(Finding)
        for name, value in zip(_OTHER_FIELDS, row, strict=True):
            setattr(finding, name, value)
        finding.subject = subject
        findings.append(finding)
    return findings


def json_value(value: Any) -> Any:
    """A value as JSON data: enums by value, records as objects, dates as ISO text, tuples as
    lists, non-text keys as text, and a non-finite number as null."""
    if value is None or isinstance(value, (str, bool, int)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {_json_key(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_value(v) for v in value]
    if isinstance(value, Enum):
        return json_value(value.value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    names = _DATACLASS_FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _DATACLASS_FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: json_value(getattr(value, name)) for name in names}
    return str(value)


_DATACLASS_FIELDS: dict[type, tuple[str, ...]] = {}  # the field names of each record type met


def _json_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    json_key = json_value(key)
    return json_key if isinstance(json_key, str) else str(key)
