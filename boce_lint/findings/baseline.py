"""Baselines: accept today's known findings, so that only new ones count.

Matching is by fingerprint (rule, document, JSON pointer, value), never by line number, so an
edit above a known gap does not bring it back.
"""

from __future__ import annotations

import json
from pathlib import Path

from boce_lint.findings.finding import Finding, Suppression

FORMAT_VERSION = 1


def baseline_text(findings: list[Finding]) -> str:
    """The baseline file's text: the fingerprints of the findings that count."""
    entries = sorted(({"fingerprint": f.fingerprint, "rule": f.rule_id, "file": f.file,
                       "message": f.message} for f in findings if f.counts),
                     key=lambda e: (e["file"], e["rule"], e["fingerprint"]))
    return json.dumps({"version": FORMAT_VERSION, "findings": entries}, indent=2,
                      ensure_ascii=False) + "\n"


class BaselineError(Exception):
    pass


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["fingerprint"] for entry in data["findings"]}
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read baseline: {error}") from None
    except (ValueError, KeyError, TypeError):
        raise BaselineError(f"{path}: not a boce-lint baseline file") from None


def apply_baseline(findings: list[Finding], known: set[str], source: str) -> list[Finding]:
    return [f.replace(suppression=Suppression(kind="baseline", source=source,
                                               justification="baseline"))
            if f.counts and f.fingerprint in known else f for f in findings]
