"""The finding record: what every stage (loader, engine) reports and every formatter prints."""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from boce_lint.safetext import bounded


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


class Citation(BaseModel):
    """Where an obligation comes from: key, source document, article and a quote."""

    model_config = ConfigDict(frozen=True)

    key: str
    document: str = ""
    article: str = ""
    quote: str = ""


class Subject(BaseModel):
    """Which document (and, when known, which party) a finding is about."""

    model_config = ConfigDict(frozen=True)

    document_id: str | None = None
    kind: str | None = None
    party: str | None = None
    pointer: str = ""

    _bounded = field_validator("document_id", "party", "pointer")(
        classmethod(lambda cls, value: bounded(value)))


class Suppression(BaseModel):
    """Why a finding does not count: a waiver ("pas toe of leg uit") or the baseline."""

    model_config = ConfigDict(frozen=True)

    kind: str  # "waiver" | "inline-waiver" | "baseline"
    justification: str = ""
    owner: str = ""
    expires: str | None = None
    source: str = ""  # where the waiver is written: config file or file:line


class Finding(BaseModel):
    """One gap: a rule, where it is, and why it matters."""

    model_config = ConfigDict(frozen=True)

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
    subject: Subject = Field(default_factory=Subject)
    evidence: dict[str, Any] = Field(default_factory=dict)
    fingerprint_value: Any = None
    suppression: Suppression | None = None

    # Texts come from data (titles, values, field names): a megabyte value would be copied into
    # every format. Values quoted by rule messages are shortened already (dsl ``quote``); this
    # bounds what any other producer of findings puts in.
    _bounded = field_validator("message", "message_en", "evidence")(
        classmethod(lambda cls, value: bounded(value)))

    @property
    def counts(self) -> bool:
        """Whether the finding counts toward failure (waived and baselined ones do not)."""
        return self.suppression is None

    @property
    def fingerprint(self) -> str:
        """Stable across reformatting and moved lines: rule, document, pointer and value only."""
        material = json.dumps(
            [self.rule_id, self.subject.document_id or self.file, self.subject.pointer,
             self.fingerprint_value],
            sort_keys=True, default=str, ensure_ascii=False,
        )
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]

    def text(self, lang: str = "nl") -> str:
        if lang == "en" and self.message_en:
            return self.message_en
        return self.message

    def sort_key(self) -> tuple[Any, ...]:
        """The documented order of findings: file, line, column, rule id, message."""
        return (self.file, self.line, self.column, self.rule_id, self.message)
