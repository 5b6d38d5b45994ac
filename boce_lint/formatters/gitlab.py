"""GitLab Code Quality report: findings in the merge request widget and the diff.

https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from boce_lint.paths import relative_path
from boce_lint.safetext import json_escape_invisible

from . import Report

_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    issues: list[dict[str, Any]] = []
    seen: set[str] = set()
    for f in report.findings:
        if not f.counts:
            continue
        # GitLab treats equal fingerprints as one issue; a repeat gets a derived, stable one.
        fingerprint = f.fingerprint
        repeat = 1
        while fingerprint in seen:
            fingerprint = hashlib.sha256(f"{f.fingerprint}:{repeat}".encode()).hexdigest()[:32]
            repeat += 1
        seen.add(fingerprint)
        issues.append({
            "description": f.text(report.lang),
            "check_name": f.rule_id,
            "fingerprint": fingerprint,
            "severity": _SEVERITIES[f.severity.value],
            "location": {"path": relative_path(f.file, report.root), "lines": {"begin": f.line}},
        })
    return json_escape_invisible(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
