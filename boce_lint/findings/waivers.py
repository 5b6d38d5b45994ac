"""Waivers ("pas toe of leg uit"): known gaps that are explained, owned and maybe temporary.

A waived finding does not count toward failure but stays visible. An expired waiver stops
applying and is reported itself, and so is a waiver that matches nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from boce_lint.findings.finding import Finding, Severity, Suppression
from boce_lint.findings.structure import structure_finding
from boce_lint.paths import relative_path
from boce_lint.source.globs import matches_glob

INLINE = re.compile(r"#\s*boce-lint:\s*negeer\s+(?P<rules>[^\s]+)(?P<rest>.*)$")


@dataclass
class Waiver:
    rule: str
    justification: str
    owner: str
    files: str = "**"
    document: str | None = None
    pointer: str | None = None
    expires: dt.date | None = None
    source_file: str = ""
    source_line: int = 1
    inline: bool = False
    line: int | None = None  # inline: the line the waiver covers
    used: bool = field(default=False)

    def covers(self, finding: Finding, relative: str) -> bool:
        from boce_lint.rulebook.selection import matches

        # a rule id or name, or an obligation key (a renamed key such as LAW-aw-2.24a included)
        if finding.rule_id != self.rule and finding.rule_name != self.rule and \
                not matches(self.rule, finding.rule_id, finding.rule_name, finding.keys):
            return False
        if self.inline:
            return finding.file == self.source_file and finding.line == self.line
        if not matches_glob(relative, (self.files,)):
            return False
        if self.document is not None and finding.subject.document_id != self.document:
            return False
        return self.pointer is None or finding.subject.pointer.startswith(self.pointer)


def inline_waivers(file: str, text: str) -> tuple[list[Waiver], list[Finding]]:
    """``# boce-lint: negeer RULE[,RULE] reden="..." eigenaar="..." [vervalt=YYYY-MM-DD]`` on
    the line it covers, or alone on the line above it."""
    waivers: list[Waiver] = []
    problems: list[Finding] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        match = INLINE.search(line)
        if not match:
            continue
        column = match.start() + 1
        try:
            fields = dict(part.split("=", 1) for part in shlex.split(match["rest"]) if "=" in part)
        except ValueError:
            fields = {}
        reason, owner = fields.get("reden", "").strip(), fields.get("eigenaar", "").strip()
        expires = None
        try:
            expires = dt.date.fromisoformat(fields["vervalt"]) if "vervalt" in fields else None
        except ValueError:
            reason = ""
        if not reason or not owner:
            problems.append(structure_finding(
                "waiver-invalid", file, number, column,
                "Een uitzondering in de tekst vraagt reden=\"...\" en eigenaar=\"...\" "
                "(en eventueel vervalt=JJJJ-MM-DD).",
                "An inline waiver needs reden=\"...\" and eigenaar=\"...\" "
                "(and optionally vervalt=YYYY-MM-DD).", severity=Severity.WARNING))
            continue
        covered = number
        if line.lstrip().startswith("#"):  # alone on its line: covers the next content line
            covered = next((n for n in range(number + 1, len(lines) + 1)
                            if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")),
                           number)
        for rule in match["rules"].split(","):
            waivers.append(Waiver(rule=rule, justification=reason, owner=owner, expires=expires,
                                  source_file=file, source_line=number, inline=True, line=covered))
    return waivers, problems


def apply_waivers(findings: list[Finding], waivers: list[Waiver], as_of: dt.date,
                  project_dir: Path) -> list[Finding]:
    """Mark covered findings as waived; report expired and unused waivers."""
    if not waivers:
        return list(findings)
    result: list[Finding] = []
    active = [w for w in waivers if w.expires is None or w.expires >= as_of]
    for finding in findings:
        relative = relative_path(finding.file, project_dir, climb=True)
        waiver = next((w for w in active if w.covers(finding, relative)), None)
        if waiver is None or finding.suppression is not None:
            result.append(finding)
            continue
        waiver.used = True
        result.append(finding.replace(suppression=Suppression(
            kind="inline-waiver" if waiver.inline else "waiver",
            justification=waiver.justification, owner=waiver.owner,
            expires=waiver.expires.isoformat() if waiver.expires else None,
            source=f"{waiver.source_file}:{waiver.source_line}")))
    for waiver in waivers:
        if waiver.expires is not None and waiver.expires < as_of:
            result.append(structure_finding(
                "waiver-expired", waiver.source_file, waiver.source_line, 1,
                f"De uitzondering voor {waiver.rule} ({waiver.owner}) is verlopen op "
                f"{waiver.expires.isoformat()} en geldt niet meer.",
                f"The waiver for {waiver.rule} ({waiver.owner}) expired on "
                f"{waiver.expires.isoformat()} and no longer applies.",
                severity=Severity.WARNING, value=[waiver.rule, waiver.files, waiver.line]))
        elif not waiver.used:
            result.append(structure_finding(
                "waiver-unused", waiver.source_file, waiver.source_line, 1,
                f"De uitzondering voor {waiver.rule} ({waiver.files}) past op geen enkele "
                "bevinding; verwijder haar.",
                f"The waiver for {waiver.rule} ({waiver.files}) matches no finding; remove it.",
                severity=Severity.WARNING, value=[waiver.rule, waiver.files, waiver.line]))
    return result


