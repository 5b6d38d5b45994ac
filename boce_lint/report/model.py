"""The quick-scan report as data: title block, matrix, recommendation statuses and chart series.

Everything here is plain data built from a :class:`~boce_lint.run.check.CheckResult` and the
repository it checked. Strings are the raw texts of findings and contract files; ``html.py``
(jinja2 with autoescaping) and ``markdown.py`` escape them, and ``charts.py`` draws the series.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boce_lint.findings.finding import Citation, Finding, Outcome, Severity, Suppression
from boce_lint.formatters._common import Summary, summarize
from boce_lint.paths import relative_path
from boce_lint.report.labels import GROUPS, text
from boce_lint.report.series import (
    KpiChart,
    MeetingSeries,
    kpi_charts,
    kpi_without_values,
    meeting_years,
    meetings,
)
from boce_lint.rulebook.facts import meeting_duties, meeting_window, report_columns

if TYPE_CHECKING:
    from boce_lint.run.check import CheckResult
    from boce_lint.source.model import Document, Repository

ROW_OTHER = "overig"
ART14_GROUPS = ("a", "b", "c", "d", "e", "f", "g")
# Worst first: the status a cell takes is the worst of its counting findings.
STATUS_ORDER = ("error", "warning", "missing", "ok", "na")
RECOMMENDATION_EXAMPLES = 5  # deciding findings shown in full under a recommendation


# -- grouping -------------------------------------------------------------------------------

def group_of_key(key: str) -> str:
    """The matrix column of one obligation key (``rules/kolommen.yaml``)."""
    for group, patterns in report_columns().items():
        if any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns):
            return group
    return "framework"


def groups_of(finding: Finding) -> list[str]:
    """The columns of a finding; the general 'framework' column only when nothing specific fits."""
    found = {group_of_key(key) for key in finding.keys} or {"framework"}
    if len(found) > 1:
        found.discard("framework")
    order = [key for key, _, _ in GROUPS]
    return sorted(found, key=order.index)


def sub_agreements_of(finding: Finding, repo: Repository) -> list[str]:
    """The sub-agreements a finding is about: its subject, or what its subject points at.

    A finding on a deelovereenkomst belongs to it. A finding on another document belongs to
    the sub-agreements that the part it points at refers to (a rapportage or raadsinformatie
    item has a ``deelovereenkomst``), and to any sub-agreement named in its evidence values.
    """
    subject = repo.by_id.get(finding.subject.document_id or "")
    if subject is None:  # e.g. a structure finding: match by file
        subject = next((d for d in repo.documents if d.file == finding.file), None)
    if subject is not None and subject.kind == "deelovereenkomst":
        return [subject.id]
    found: list[str] = []

    def add(ref: Any) -> None:
        target = repo.resolve(ref, ("deelovereenkomst",))
        if target is not None and target.id not in found:
            found.append(target.id)

    if subject is not None:
        node: Any = subject.data
        for part in _pointer_parts(finding.subject.pointer):
            if isinstance(node, dict):
                add(node.get("deelovereenkomst"))
                node = node.get(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                break
        if isinstance(node, dict):
            add(node.get("deelovereenkomst"))
    for value in finding.evidence.values():
        for item in value if isinstance(value, list) else [value]:
            add(item)
    return found


def _pointer_parts(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


def finding_status(finding: Finding) -> str:
    if finding.outcome is Outcome.MISSING_EVIDENCE:
        return "missing"
    return {"error": "error", "warning": "warning", "info": "ok"}[finding.severity.value]


# -- data classes ---------------------------------------------------------------------------

@dataclass
class FindingView:
    """One finding as the report shows it."""

    finding: Finding
    status: str  # error | warning | missing | ok (info)
    message: str
    location: str  # path relative to the repository root, with line and column
    rule_title: str
    citations: list[Citation]
    evidence: list[tuple[str, str]]
    anchor: str = ""
    home: str = ""  # the id of its first entry in the findings section

    @property
    def rule_id(self) -> str:
        return self.finding.rule_id

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    @property
    def missing(self) -> bool:
        return self.finding.outcome is Outcome.MISSING_EVIDENCE

    @property
    def suppression(self) -> Suppression | None:
        return self.finding.suppression


@dataclass
class Cell:
    row: str
    group: str
    status: str
    anchor: str
    findings: list[FindingView] = field(default_factory=list)  # those that count
    waived: list[FindingView] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        result = {"error": 0, "warning": 0, "missing": 0, "ok": 0}
        for view in self.findings:
            result[view.status] += 1
        return result

    @property
    def citations(self) -> list[Citation]:
        """The sources of the obligations in this cell, each once."""
        seen: dict[str, Citation] = {}
        for view in self.findings + self.waived:
            for citation in view.citations:
                if group_of_key(citation.key) == self.group:
                    seen.setdefault(citation.key, citation)
        if not seen:  # a finding listed here for a key of another column
            for view in self.findings + self.waived:
                for citation in view.citations:
                    seen.setdefault(citation.key, citation)
        return sorted(seen.values(), key=lambda c: c.key)


@dataclass
class Row:
    key: str  # a deelovereenkomst id, or ROW_OTHER
    title: str
    detail: str
    anchor: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def has_findings(self) -> bool:
        return any(c.findings or c.waived for c in self.cells)


@dataclass
class Recommendation:
    key: str
    document: str
    article: str
    quote: str
    obligation: str
    status: str  # followed | not-followed | undetermined
    reason: str
    rules: list[tuple[str, str]]  # (id, title) of the rules that check the key
    findings: list[FindingView] = field(default_factory=list)  # the ones that decide
    waived: int = 0
    anchor: str = ""
    # where the deciding findings are listed: (row title, column, cell anchor, how many)
    places: list[tuple[str, str, str, int]] = field(default_factory=list)

    @property
    def shown(self) -> list[FindingView]:
        """The deciding findings shown with the recommendation; the rest are in the cells."""
        return self.findings[:RECOMMENDATION_EXAMPLES]

    @property
    def more(self) -> int:
        return max(0, len(self.findings) - RECOMMENDATION_EXAMPLES)


@dataclass
class ReportModel:
    lang: str
    arrangement: str
    host: list[str]
    guests: list[str]
    as_of: dt.date
    tool_version: str
    rulebook_version: str
    repository: str
    commit: str | None
    summary: Summary
    rows: list[Row]
    recommendations: list[Recommendation]
    kpi_charts: list[KpiChart]
    kpi_without_values: list[tuple[str, int]]  # (sub-agreement title, number of KPIs)
    meetings: list[MeetingSeries]
    meeting_years: list[int]
    waived: list[FindingView]
    groups: list[str] = field(default_factory=lambda: [key for key, _, _ in GROUPS])

    def cell(self, row: str, group: str) -> Cell:
        for candidate in self.rows:
            if candidate.key == row:
                for cell in candidate.cells:
                    if cell.group == group:
                        return cell
        raise KeyError((row, group))

    def recommendation(self, key: str) -> Recommendation:
        for rec in self.recommendations:
            if rec.key == key:
                return rec
        raise KeyError(key)

    @property
    def tally(self) -> dict[str, int]:
        result = {"followed": 0, "not-followed": 0, "undetermined": 0}
        for rec in self.recommendations:
            result[rec.status] += 1
        return result


# -- building -------------------------------------------------------------------------------

def build_report(result: CheckResult, repository: Repository | None = None, *,
                 lang: str = "nl", tool_version: str = "", commit: str | None = None
                 ) -> ReportModel:
    """The report data for a finished check."""
    repo = repository if repository is not None else result.repository
    if repo is None:
        raise ValueError("the check result carries no repository")
    book = result.rulebook
    titles = {r.id: r.title(lang) for r in book.rules}
    views: list[FindingView] = []
    for number, finding in enumerate(result.findings):
        evidence = sorted(finding.evidence.items(), key=lambda item: str(item[0]))
        views.append(FindingView(
            finding=finding, status=finding_status(finding), message=finding.text(lang),
            location=f"{relative_path(finding.file, repo.root)}:{finding.line}:{finding.column}",
            rule_title=titles.get(finding.rule_id, ""),
            citations=list(finding.citations) or [book.citation(k) for k in finding.keys],
            evidence=[(str(name), _value_text(value, lang)) for name, value in evidence],
            anchor=f"f{number + 1}"))
    rows = _rows(views, repo, lang)
    recommendations = _recommendations(result, views, lang, repo)
    for rec in recommendations:
        deciding = {id(v) for v in rec.findings}
        for row in rows:
            for cell in row.cells:
                count = sum(1 for v in cell.findings if id(v) in deciding)
                if count:
                    rec.places.append((row.title, cell.group, cell.anchor, count))
    party_data = _parties(repo)
    window = meeting_window(book)
    return ReportModel(
        lang=lang, arrangement=_arrangement(repo), host=party_data[0], guests=party_data[1],
        as_of=result.as_of, tool_version=tool_version,
        rulebook_version=_rulebook_version(result, lang, tool_version),
        repository=str(repo.root), commit=commit, summary=summarize(result.findings), rows=rows,
        recommendations=recommendations,
        kpi_charts=kpi_charts(repo), kpi_without_values=kpi_without_values(repo),
        meetings=meetings(repo, result.as_of, lang, meeting_duties(book), window),
        meeting_years=meeting_years(result.as_of, window),
        waived=[v for v in views if v.suppression is not None])


def _rows(views: list[FindingView], repo: Repository, lang: str) -> list[Row]:
    agreements = sorted(repo.of_kind("deelovereenkomst"),
                        key=lambda d: (str(d.data.get("titel") or d.id).casefold(), d.id))
    rows = [Row(key=d.id, title=str(d.data.get("titel") or d.id), detail=_agreement_detail(d),
                anchor=f"r{i + 1}") for i, d in enumerate(agreements)]
    rows.append(Row(key=ROW_OTHER, title=text(lang, "row-other"),
                    detail=text(lang, "row-other-sub"), anchor=f"r{len(rows) + 1}"))
    index = {row.key: row for row in rows}
    placed: dict[tuple[str, str], list[FindingView]] = {}
    for view in views:
        targets = [t for t in sub_agreements_of(view.finding, repo) if t in index] or [ROW_OTHER]
        for row_key in targets:
            for group in groups_of(view.finding):
                placed.setdefault((row_key, group), []).append(view)
    for row in rows:
        for group, _, _ in GROUPS:
            items = placed.get((row.key, group), [])
            counting = [v for v in items if v.suppression is None]
            waived = [v for v in items if v.suppression is not None]
            status = _worst(v.status for v in counting)
            if status == "ok" and not items and row.key == ROW_OTHER and group in ART14_GROUPS:
                status = "na"
            cell = Cell(row=row.key, group=group, status=status, anchor=f"{row.anchor}-{group}",
                        findings=counting, waived=waived)
            for view in items:
                view.home = view.home or f"{cell.anchor}-{view.anchor}"
            row.cells.append(cell)
    return rows


def _worst(statuses: Iterable[str]) -> str:
    found = set(statuses)
    for status in STATUS_ORDER:
        if status in found:
            return status
    return "ok"


def _agreement_detail(doc: Document) -> str:
    parts = []
    guests = doc.data.get("gastgemeenten")
    if isinstance(guests, list) and guests:
        parts.append(", ".join(str(g) for g in guests))
    if doc.data.get("ingangsdatum"):
        parts.append(f"{doc.data['ingangsdatum']}")
    parts.append(doc.id)
    return " \u00b7 ".join(parts)


def _recommendations(result: CheckResult, views: list[FindingView], lang: str,
                     repo: Repository) -> list[Recommendation]:
    """Not followed up: a counting violation cites the key. Cannot be determined: only missing
    evidence, no rule checks the key, or nothing to check (no signed sub-agreement: the rules
    judge sub-agreements in force, so silence would prove nothing). Otherwise followed up."""
    in_force = any(d.data.get("status") == "ondertekend" for d in repo.of_kind("deelovereenkomst"))
    book = result.rulebook
    enabled = result.selected  # the rules the check ran
    recs = []
    for number, (key, entry) in enumerate(
            (k, v) for k, v in book.registry.items() if k.startswith("RK-")):
        rules = [(r.id, r.title(lang)) for r in enabled if key in r.keys]
        valid = [r for r in enabled if key in r.keys and r.applies_on(result.as_of)]
        cited = [v for v in views if key in v.finding.keys]
        counting = [v for v in cited if v.suppression is None]
        violations = [v for v in counting if not v.missing]
        missing = [v for v in counting if v.missing]
        if violations:
            status = "not-followed"
            reason = text(lang, "rec-not-followed-because", n=len(violations),
                          rules=_rule_ids(violations))
            deciding = violations
        elif missing:
            status = "undetermined"
            reason = text(lang, "rec-undetermined-because", n=len(missing),
                          rules=_rule_ids(missing))
            deciding = missing
        elif not rules:
            status, reason, deciding = "undetermined", text(lang, "rec-no-rules"), []
        elif not valid:  # e.g. the 2023 recommendations before the report's date
            status, reason, deciding = "undetermined", text(lang, "rec-not-yet-valid"), []
        elif not in_force:
            status, reason, deciding = "undetermined", text(lang, "rec-nothing-to-check"), []
        else:
            status = "followed"
            reason = text(lang, "rec-followed-because", rules=", ".join(r for r, _ in rules))
            deciding = []
        waived = len(cited) - len(counting)
        recs.append(Recommendation(
            key=key, document=str(entry.get("document", "")), article=str(entry.get("artikel", "")),
            quote=str(entry.get("citaat", "")),
            obligation=str(entry.get("obligation_en" if lang == "en" else "verplichting", "")
                           or entry.get("verplichting", "")),
            status=status, reason=reason, rules=rules, findings=deciding, waived=waived,
            anchor=f"rk{number + 1}"))
    return recs


def _rule_ids(views: list[FindingView]) -> str:
    return ", ".join(sorted({v.rule_id for v in views}))


def _arrangement(repo: Repository) -> str:
    frameworks = repo.of_kind("raamovereenkomst")
    if frameworks:
        doc = frameworks[0]
        return str(doc.data.get("titel") or doc.id)
    return Path(str(repo.root)).resolve().name or str(repo.root)


def _parties(repo: Repository) -> tuple[list[str], list[str]]:
    host: list[str] = []
    guests: list[str] = []
    for doc in repo.of_kind("raamovereenkomst")[:1]:
        for party in doc.data.get("partijen") or []:
            if not isinstance(party, dict) or not party.get("gemeente"):
                continue
            target = host if party.get("rol") == "gastheergemeente" else guests
            target.append(str(party["gemeente"]))
    return host, guests


def _rulebook_version(result: CheckResult, lang: str, tool_version: str) -> str:
    """The rulebook ships with the tool; a fingerprint tells rule sets apart all the same."""
    book = result.rulebook
    material = json.dumps(
        [[r.id, r.name, r.severity, list(r.keys), r.titles, r.file, r.line]
         for r in book.rules] + [book.registry], sort_keys=True, default=str, ensure_ascii=False)
    fingerprint = hashlib.sha256(material.encode("utf-8")).hexdigest()[:10]
    detail = text(lang, "rulebook-detail", rules=len(book.rules), keys=len(book.registry),
                  fingerprint=fingerprint)
    return f"{tool_version} ({detail})" if tool_version else detail


def _value_text(value: Any, lang: str) -> str:
    if value is None or value == "" or value == []:
        return f"({text(lang, 'empty')})"
    if isinstance(value, bool):
        return {True: "ja", False: "nee"}[value] if lang == "nl" else str(value).lower()
    if isinstance(value, list):
        return ", ".join(_value_text(v, lang) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# -- the repository's commit ----------------------------------------------------------------

def git_commit(path: Path, timeout: float = 5.0) -> str | None:
    """``git rev-parse HEAD`` of the repository holding ``path``; None when there is none."""
    folder = path if path.is_dir() else path.parent
    try:
        completed = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True,
            timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = completed.stdout.strip()
    if completed.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        return None
    return commit
