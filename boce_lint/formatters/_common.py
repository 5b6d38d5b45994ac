"""What several formats share: labels per language, counting, paths and cleaning data for output.

Contract texts are data written by others, so every string that comes from a finding is cleaned
before it reaches a terminal, an XML file or a Markdown page (see ``clean``).
"""

from __future__ import annotations

import json
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
# introducer; the rest is harmless once ESC is gone. (The patterns are compiled by ``re`` when
# first used: printable text, nearly all of it, needs none of them.)
_ESCAPE_SEQUENCE = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 except tab and newline, DEL, C1, and the bidirectional overrides and isolates that can
# make a terminal show text in another order than it is stored ("Trojan Source").
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_LINE_BREAK = "\r\n|[\r\x85\u2028\u2029]"
# Not allowed in XML 1.0 documents even as character references.
_NOT_XML = "[\ud800-\udfff\ufffe\uffff]"
# Every character at which _LINE_BREAK, _ESCAPE_SEQUENCE or _CONTROL can match: text without
# one is returned as it is, without three substitutions. None of them is printable
# (``str.isprintable``), so printable text is asked nothing more.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def clean(text: object) -> str:
    """Data made safe to print: line breaks made \\n; escape sequences, control characters gone."""
    value = text if type(text) is str else str(text)
    if value.isprintable() or re.search(_UNSAFE, value) is None:
        return value
    value = re.sub(_LINE_BREAK, "\n", value)
    value = re.sub(_ESCAPE_SEQUENCE, "", value)
    return re.sub(_CONTROL, "", value)


def clean_xml(text: object) -> str:
    return re.sub(_NOT_XML, "", clean(text))


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
                 paths: dict[str, str] | None = None,
                 shared: dict[int, tuple[Any, Shared]] | None = None) -> dict[str, Any]:
    """The JSON object of one finding, the same in json and json-lines; with ``root``, the file
    is given relative to it (the repository root, whatever the working directory), kept in
    ``paths`` when given (for all the findings of one output: a file has many). With
    ``shared`` (for ``dumps_indented`` alone), the citations of a rule, the same for all its
    findings, are converted and written once per output."""
    data = {name: value if (value := getattr(finding, name)).__class__ in _AS_IS
            else json_value(value) for name in _BEFORE_CITATIONS}
    citations = finding.citations
    if shared is None:
        data["citations"] = json_value(citations)
    else:
        known = shared.get(id(citations))
        if known is None or known[0] is not citations:
            known = shared[id(citations)] = (citations, Shared(json_value(citations)))
        data["citations"] = known[1]
    for name in _AFTER_CITATIONS:
        value = getattr(finding, name)
        data[name] = value if value.__class__ in _AS_IS else json_value(value)
    if root is not None:
        relative = paths.get(finding.file) if paths is not None else None
        if relative is None:
            relative = relative_path(finding.file, root)
            if paths is not None:
                paths[finding.file] = relative
        data["file"] = relative
    data["evidence"] = _sorted_keys(data["evidence"])  # (as evidence_json)
    data["fingerprint"] = finding.fingerprint
    return data


# A finding's fields as JSON shows them: all but the value its fingerprint is made of.
_JSON_FIELDS = tuple(name for name in FINDING_FIELDS if name != "fingerprint_value")
_AS_IS = frozenset((str, int, type(None)))  # what json_value gives back as it is
_BEFORE_CITATIONS = _JSON_FIELDS[:_JSON_FIELDS.index("citations")]
_AFTER_CITATIONS = _JSON_FIELDS[_JSON_FIELDS.index("citations") + 1:]


def evidence_json(evidence: dict[str, Any]) -> Any:
    """A finding's evidence as JSON shows it: JSON data, keys sorted at every level."""
    return _sorted_keys(json_value(evidence))


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


# -- indented JSON --------------------------------------------------------------------------

def dumps_indented(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte, but faster.

    With ``indent`` the standard library falls back to its pure-Python generator encoder; this
    writes the same text directly. Anything but plain JSON data (and ``Shared`` values) goes to
    ``json.dumps``.
    """
    try:
        parts: list[str] = []
        _encode(value, "\n", parts.append)
        return "".join(parts)
    except _NotPlain:
        return json.dumps(value, indent=2, ensure_ascii=False, default=_unshared)


class Shared:
    """A JSON value met many times in one output (a rule's citations, with every finding of the
    rule): ``dumps_indented`` writes its text once per indentation and copies it after."""

    __slots__ = ("value", "texts")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.texts: dict[str, str] = {}


def _unshared(value: Any) -> Any:
    if isinstance(value, Shared):
        return value.value
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _NotPlain(Exception):
    pass


_string = json.encoder.encode_basestring
_INFINITY = float("inf")


def _encode(value: Any, newline: str, out: Any) -> None:
    if isinstance(value, str):
        out(_string(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (_INFINITY, -_INFINITY):
            raise _NotPlain
        out(float.__repr__(value))
    elif value.__class__ is Shared:
        text = value.texts.get(newline)
        if text is None:
            parts: list[str] = []
            _encode(value.value, newline, parts.append)
            text = value.texts[newline] = "".join(parts)
        out(text)
    elif isinstance(value, (list, tuple)):
        if not value:
            out("[]")
            return
        inner = newline + "  "
        separator, following = "[" + inner, "," + inner
        for item in value:
            kind = item.__class__  # (most items written at once, without a call)
            if kind is str:
                out(separator + _string(item))
            elif kind is int:
                out(separator + int.__repr__(item))
            elif item is None:
                out(separator + "null")
            else:
                out(separator)
                _encode(item, inner, out)
            separator = following
        out(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + "  "
        separator, following = "{" + inner, "," + inner
        for key, item in value.items():
            if key.__class__ is not str and not isinstance(key, str):
                raise _NotPlain
            kind = item.__class__
            if kind is str:
                out(f"{separator}{_string(key)}: {_string(item)}")
            elif kind is int:
                out(f"{separator}{_string(key)}: {int.__repr__(item)}")
            elif item is None:
                out(f"{separator}{_string(key)}: null")
            else:
                out(f"{separator}{_string(key)}: ")
                _encode(item, inner, out)
            separator = following
        out(newline + "}")
    else:
        raise _NotPlain
