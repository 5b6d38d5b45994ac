"""SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.

https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from boce_lint.findings.finding import Finding
from boce_lint.paths import relative_path

from . import Report, RuleInfo
from ._common import SARIF_LEVELS, finding_json, label

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
INFORMATION_URI = "https://boce-lint.example"
# Config waivers and the baseline live outside the checked file; inline waivers inside it.
_SUPPRESSION_KINDS = {"waiver": "external", "baseline": "external", "inline-waiver": "inSource"}


def _uri(file: str, root: str) -> str:
    path = relative_path(file, root)
    if Path(path).is_absolute():  # outside the project root
        return Path(path).as_uri()
    return quote(path, safe="/")


def _text(value: str, fallback: str) -> str:
    return value or fallback


def _rule(rule: RuleInfo, lang: str) -> dict[str, Any]:
    title = (rule.title_en or rule.title) if lang == "en" else (rule.title or rule.title_en)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _text(title, rule.name)},
    }
    if rule.rationale:
        descriptor["fullDescription"] = {"text": rule.rationale}
    descriptor["help"] = {"text": _help(rule, title, lang)}
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


def _result(finding: Finding, index: int, report: Report) -> dict[str, Any]:
    data = finding_json(finding)
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": SARIF_LEVELS[finding.severity.value],
        "message": {"text": finding.text(report.lang)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.file, report.root)},
                "region": {"startLine": max(1, finding.line),
                           "startColumn": max(1, finding.column)},
            },
        }],
        "partialFingerprints": {"boceFingerprint/v1": finding.fingerprint},
        "properties": {"outcome": finding.outcome.value, "keys": list(finding.keys),
                       "evidence": data["evidence"]},
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
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "boce-lint",
            "version": report.tool_version,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(rule, report.lang) for rule in rules.values()],
        }},
        # Our columns count characters, not the UTF-16 code units SARIF assumes by default.
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule_id], report) for f in report.findings],
        "properties": {"asOf": report.as_of.isoformat()},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
