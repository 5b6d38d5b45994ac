"""The structural checks the loader makes before any rule runs, each with a stable id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boce_lint.findings.finding import Finding, Severity, Subject

if TYPE_CHECKING:
    from boce_lint.source.model import Document


@dataclass(frozen=True)
class StructureCheck:
    id: str
    name: str
    title: str
    title_en: str


STRUCTURE_CHECKS = {c.name: c for c in (
    StructureCheck("S001", "invalid-yaml", "Bestand is geen geldige YAML of JSON",
                   "File is not valid YAML or JSON"),
    StructureCheck("S002", "not-utf8", "Bestand is geen UTF-8-tekst", "File is not UTF-8 text"),
    StructureCheck("S003", "duplicate-key", "Dubbele sleutel in een object",
                   "Duplicate key in a mapping"),
    StructureCheck("S004", "unsafe-yaml", "Niet toegestane YAML-constructie (tag, samenvoeging)",
                   "Disallowed YAML construct (tag, merge key)"),
    StructureCheck("S005", "empty-file", "Leeg bestand", "Empty file"),
    StructureCheck("S006", "unknown-kind", "Onbekende of ontbrekende soort document",
                   "Unknown or missing document kind"),
    StructureCheck("S007", "schema-violation",
                   "Document voldoet niet aan het schema van zijn soort",
                   "Document does not match the schema of its kind"),
    StructureCheck("S008", "duplicate-id", "Id komt in meer documenten voor",
                   "Id used by more than one document"),
    StructureCheck("S009", "dangling-reference", "Verwijzing naar een document dat niet bestaat",
                   "Reference to a document that does not exist"),
    StructureCheck("S010", "file-too-large", "Bestand is te groot", "File is too large"),
    StructureCheck("S011", "too-complex", "Document te diep genest of te veel aliassen",
                   "Document nested too deeply or too many aliases"),
    StructureCheck("S012", "unsupported-version", "Onbekende versie van het bestandsformaat",
                   "Unknown file format version"),
    StructureCheck("S013", "unreadable-file", "Bestand kan niet gelezen worden",
                   "File cannot be read"),
    StructureCheck("W001", "waiver-expired", "Uitzondering (pas toe of leg uit) is verlopen",
                   "Waiver has expired"),
    StructureCheck("W002", "waiver-unused", "Uitzondering past op geen enkele bevinding",
                   "Waiver matches no finding"),
    StructureCheck("W003", "waiver-invalid", "Uitzondering in de tekst is onvolledig",
                   "Inline waiver is incomplete"),
)}

# ParseProblem codes (yamlsource) to the check that reports them
PARSE_PROBLEM_CHECK = {
    "syntax": "invalid-yaml", "encoding": "not-utf8", "duplicate-key": "duplicate-key",
    "unsafe-tag": "unsafe-yaml", "empty": "empty-file", "too-deep": "too-complex",
    "alias-limit": "too-complex", "too-many-values": "too-complex",
}


def structure_finding(check_name: str, file: str, line: int, column: int, message: str,
                      message_en: str, document: Document | None = None, pointer: str = "",
                      value: Any = None, severity: Severity = Severity.ERROR) -> Finding:
    check = STRUCTURE_CHECKS[check_name]
    return Finding(
        rule_id=check.id, rule_name=check.name, severity=severity, message=message,
        message_en=message_en, file=file, line=line, column=column,
        subject=Subject(document_id=document.id if document else None,
                        kind=document.kind if document else None, pointer=pointer),
        fingerprint_value=value if value is not None else message_en,
    )


