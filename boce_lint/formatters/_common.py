"""What several formats share: labels per language, counting, paths and cleaning data for output.

Contract texts are data written by others, so every string that comes from a finding is cleaned
before it reaches a terminal, an XML file or a Markdown page (see ``clean``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from boce_lint.findings.finding import FINDING_FIELDS, Finding, Outcome, Severity, json_value
from boce_lint.paths import relative_path

from . import Report

# Escape sequences a terminal would act on: CSI (colours, cursor moves, screen clearing), OSC
# (window titles, hyperlinks, clipboard) and DCS/SOS/PM/APC strings, then any other two-byte
# escape. Unterminated strings fall through to the last branch, which drops only ESC and its
# introducer; the rest is harmless once ESC is gone.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 except tab and newline, DEL, C1, and the bidirectional overrides and isolates that can
# make a terminal show text in another order than it is stored ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
# Not allowed in XML 1.0 documents even as character references.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Every character at which _LINE_BREAK, _ESCAPE_SEQUENCE or _CONTROL can match: text without
# one (nearly all of it) is returned as it is, without three substitutions.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """Data made safe to print: line breaks made \\n; escape sequences, control characters gone."""
    value = text if type(text) is str else str(text)
    if _UNSAFE.search(value) is None:
        return value
    value = _LINE_BREAK.sub("\n", value)
    value = _ESCAPE_SEQUENCE.sub("", value)
    return _CONTROL.sub("", value)


def clean_xml(text: object) -> str:
    return _NOT_XML.sub("", clean(text))


def one_line(text: object) -> str:
    """Cleaned, line breaks folded into spaces: for formats that promise one line per finding."""
    value = clean(text)
    if "\n" not in value:
        return value.strip()
    return " ".join(part.strip() for part in value.split("\n") if part.strip())


# -- labels ---------------------------------------------------------------------------------

_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "missing-evidence": "geen bewijs",
        "obligations": "verplichtingen",
        "advice": "advies",
        "not-run": "{n} regels zijn op dit bestand niet uitgevoerd vanwege de structuurfouten "
                   "hierboven.",
        "not-run-1": "1 regel is op dit bestand niet uitgevoerd vanwege de structuurfouten "
                     "hierboven.",
        "found": "Gevonden",
        "no-findings": "Geen bevindingen",
        "of-which": "waarvan",
        "missing-evidence-count": "zonder bewijs",
        "waived": "uitgezonderd",
        "waived-heading": "Uitgezonderd (pas toe of leg uit)",
        "owner": "eigenaar",
        "until": "tot",
        "source": "bron",
        "baseline": "bekend uit de baseline",
        "per-rule": "Per regel",
        "report-title": "boce-lint rapport",
        "as-of": "Peildatum",
        "version": "versie",
        "location": "Plaats",
        "severity": "Ernst",
        "rule": "Regel",
        "message": "Melding",
        "count": "Aantal",
        "justification": "Verantwoording",
        "kind": "Soort",
        "outcome": "Uitkomst",
        "waiver": "uitzondering",
        "inline-waiver": "uitzondering in bestand",
        "total": "Totaal",
    },
    "en": {
        "missing-evidence": "missing evidence",
        "obligations": "obligations",
        "advice": "advice",
        "not-run": "{n} rules were not run on this file because of the structural errors above.",
        "not-run-1": "1 rule was not run on this file because of the structural errors above.",
        "found": "Found",
        "no-findings": "No findings",
        "of-which": "of which",
        "missing-evidence-count": "missing evidence",
        "waived": "waived",
        "waived-heading": "Waived (comply or explain)",
        "owner": "owner",
        "until": "until",
        "source": "source",
        "baseline": "known from the baseline",
        "per-rule": "Per rule",
        "report-title": "boce-lint report",
        "as-of": "As of",
        "version": "version",
        "location": "Location",
        "severity": "Severity",
        "rule": "Rule",
        "message": "Message",
        "count": "Count",
        "justification": "Justification",
        "kind": "Kind",
        "outcome": "Outcome",
        "waiver": "waiver",
        "inline-waiver": "inline waiver",
        "total": "Total",
    },
}

_SEVERITY_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "nl": {"error": ("fout", "fouten"), "warning": ("waarschuwing", "waarschuwingen"),
           "info": ("info", "info")},
    "en": {"error": ("error", "errors"), "warning": ("warning", "warnings"),
           "info": ("info", "info")},
}


def label(lang: str, name: str) -> str:
    return _LABELS.get(lang, _LABELS["nl"])[name]


def severity_word(lang: str, severity: Severity | str, count: int = 1) -> str:
    value = severity.value if isinstance(severity, Severity) else severity
    singular, plural = _SEVERITY_WORDS.get(lang, _SEVERITY_WORDS["nl"])[value]
    return singular if count == 1 else plural


def suppression_kind(lang: str, kind: str) -> str:
    return label(lang, kind) if kind in ("waiver", "inline-waiver") else kind


# -- counting -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Summary:
    """Counts over the findings that count; waived and baselined ones are counted apart.

    Violations and missing evidence are different outcomes and are counted apart: ``errors``,
    ``warnings`` and ``info`` count violations only, ``missing_evidence`` the findings where the
    data to decide is absent (whatever the rule's severity)."""

    errors: int
    warnings: int
    info: int
    missing_evidence: int
    suppressed: int
    total: int

    @property
    def violations(self) -> int:
        return self.errors + self.warnings + self.info

    def as_dict(self) -> dict[str, int]:
        return {"errors": self.errors, "warnings": self.warnings, "info": self.info,
                "violations": self.violations, "missing_evidence": self.missing_evidence,
                "suppressed": self.suppressed, "total": self.total}


def summarize(findings: Iterable[Finding]) -> Summary:
    items = list(findings)
    active = [f for f in items if f.counts]
    violations = [f for f in active if f.outcome is Outcome.VIOLATION]
    return Summary(
        errors=sum(1 for f in violations if f.severity is Severity.ERROR),
        warnings=sum(1 for f in violations if f.severity is Severity.WARNING),
        info=sum(1 for f in violations if f.severity is Severity.INFO),
        missing_evidence=len(active) - len(violations),
        suppressed=len(items) - len(active),
        total=len(items),
    )


def summary_line(report: Report, summary: Summary | None = None) -> str:
    """One sentence: the counts a person reads first (quiet mode prints only this)."""
    lang = report.lang
    s = summarize(report.findings) if summary is None else summary
    if s.violations + s.missing_evidence == 0:
        text = label(lang, "no-findings")
    else:
        parts = [f"{n} {severity_word(lang, sev, n)}" for n, sev in
                 ((s.errors, "error"), (s.warnings, "warning"), (s.info, "info"))]
        text = f"{label(lang, 'found')}: {', '.join(parts)}"
        if s.missing_evidence:
            text += f"; {s.missing_evidence} {label(lang, 'missing-evidence-count')}"
    if s.suppressed:
        text += f"; {s.suppressed} {label(lang, 'waived')}"
    return text + "."


# -- shared JSON shape ----------------------------------------------------------------------

def finding_json(finding: Finding, root: str | None = None,
                 paths: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON object of one finding, the same in json and json-lines; with ``root``, the file
    is given relative to it (the repository root, whatever the working directory), kept in
    ``paths`` when given (for all the findings of one output: a file has many)."""
    data = {name: json_value(getattr(finding, name)) for name in _JSON_FIELDS}
    if root is not None:
        relative = paths.get(finding.file) if paths is not None else None
        if relative is None:
            relative = relative_path(finding.file, root)
            if paths is not None:
                paths[finding.file] = relative
        data["file"] = relative
    data["evidence"] = _sorted_keys(data["evidence"])
    data["fingerprint"] = finding.fingerprint
    return data


# A finding's fields as JSON shows them: all but the value its fingerprint is made of.
_JSON_FIELDS = tuple(name for name in FINDING_FIELDS if name != "fingerprint_value")


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
