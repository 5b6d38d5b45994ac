"""SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.

https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html. GitHub's ingestion rules
(its "SARIF support for code scanning" page, the GH rules of the SARIF multitool) ask for a
short and a full description and help text on every rule, a message, a location with a line,
and a partial fingerprint on every result, and locations relative to the repository root; a
test checks each of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from boce_lint.findings.finding import Finding
from boce_lint.paths import relative_path
from boce_lint.resources import repository_url
from boce_lint.safetext import json_escape_invisible

from . import Report, RuleInfo
from ._common import SARIF_LEVELS, dumps_indented, evidence_json, label

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
ROOT_BASE_ID = "REPOROOT"  # uriBaseId of every location: the repository root
DESCRIPTION_LIMIT = 1024  # characters GitHub shows of shortDescription and fullDescription
# Config waivers and the baseline live outside the checked file; inline waivers inside it.
_SUPPRESSION_KINDS = {"waiver": "external", "baseline": "external", "inline-waiver": "inSource"}


def _location(file: str, root: str) -> dict[str, str]:
    """A file under the root is a relative reference with the root's base id; one outside it
    (a path given on the command line) stays an absolute file URI."""
    path = relative_path(file, root)
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": ROOT_BASE_ID}


def _text(value: str, fallback: str) -> str:
    return value or fallback


def _limited(text: str) -> str:
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _rule(rule: RuleInfo, lang: str, version: str) -> dict[str, Any]:
    title = _text((rule.title_en or rule.title) if lang == "en" else (rule.title or rule.title_en),
                  rule.name)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _limited(title)},
        "fullDescription": {"text": _limited(rule.description or rule.rationale or title)},
        "help": {"text": rule.help_text or _help(rule, title, lang)},
    }
    if rule.help_markdown:
        descriptor["help"]["markdown"] = rule.help_markdown
    if rule.anchor:
        descriptor["helpUri"] = f"{repository_url()}/blob/v{version}/docs/rules.md#{rule.anchor}"
    descriptor["defaultConfiguration"] = {"level": SARIF_LEVELS.get(rule.severity, "warning")}
    descriptor["properties"] = {"keys": list(rule.keys)}
    return descriptor


def _help(rule: RuleInfo, title: str, lang: str) -> str:
    lines = [_text(title, rule.name)]
    if rule.rationale:
        lines += ["", rule.rationale]
    if rule.citations:
        lines += ["", f"{label(lang, 'obligations').capitalize()}:"]
        for citation in rule.citations:
            where = ", ".join(part for part in (citation.get("document", ""),
                                                citation.get("article", "")) if part)
            line = f"- {citation.get('key', '')}"
            if where:
                line += f" ({where})"
            if citation.get("quote"):
                line += f": \u201c{citation['quote']}\u201d"
            lines.append(line)
    elif rule.keys:
        lines += ["", f"{label(lang, 'obligations').capitalize()}: {', '.join(rule.keys)}"]
    return "\n".join(lines)


def _unknown_rule(finding: Finding) -> RuleInfo:
    """Findings of the loader and the waiver checks have no entry in the rulebook."""
    return RuleInfo(id=finding.rule_id, name=finding.rule_name, title=finding.rule_name,
                    title_en=finding.rule_name, severity=finding.severity.value,
                    keys=list(finding.keys))


def _result(finding: Finding, index: int, report: Report,
            locations: dict[str, dict[str, str]]) -> dict[str, Any]:
    """``locations``: the artifact location of each file met so far (a file has many)."""
    location = locations.get(finding.file)
    if location is None:
        location = locations[finding.file] = _location(finding.file, report.root)
    fingerprint = finding.fingerprint
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": SARIF_LEVELS[finding.severity.value],
        "message": {"text": finding.text(report.lang)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": dict(location),
                "region": {"startLine": max(1, finding.line),
                           "startColumn": max(1, finding.column)},
            },
        }],
        # GitHub matches alerts across runs by primaryLocationLineHash alone; ours does not
        # change when lines above the finding move, so it serves as that too.
        "partialFingerprints": {"boceFingerprint/v1": fingerprint,
                                "primaryLocationLineHash": fingerprint},
        "properties": {"outcome": finding.outcome.value, "keys": list(finding.keys),
                       "evidence": evidence_json(finding.evidence)},
    }
    if finding.suppression is not None:
        s = finding.suppression
        suppression: dict[str, Any] = {
            "kind": _SUPPRESSION_KINDS.get(s.kind, "external"),
            "status": "accepted",
            "justification": s.justification,
            "properties": {"boceKind": s.kind, "owner": s.owner, "source": s.source},
        }
        if s.expires:
            suppression["properties"]["expires"] = s.expires
        result["suppressions"] = [suppression]
    return result


def document(report: Report) -> dict[str, Any]:
    rules = dict(report.rules)
    for finding in report.findings:
        if finding.rule_id not in rules:
            rules[finding.rule_id] = _unknown_rule(finding)
    index = {rule_id: n for n, rule_id in enumerate(rules)}
    locations: dict[str, dict[str, str]] = {}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "boce-lint",
            "version": report.tool_version,
            "informationUri": repository_url(),
            "rules": [_rule(rule, report.lang, report.tool_version) for rule in rules.values()],
        }},
        "originalUriBaseIds": {ROOT_BASE_ID: {
            "uri": Path(report.root).resolve().as_uri().rstrip("/") + "/",
            "description": {"text": "The root of the checked repository."}}},
        # Our columns count characters, not the UTF-16 code units SARIF assumes by default.
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule_id], report, locations) for f in report.findings],
        "properties": {"asOf": report.as_of.isoformat()},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    text = dumps_indented(document(report))
    return json_escape_invisible(text) + "\n"
