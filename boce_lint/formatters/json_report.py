"""One JSON document: version, as-of date, every finding (waived ones with their waiver), counts.

Data is written unchanged (JSON escapes it); this is the format to feed other programs.
"""

from __future__ import annotations

import json
from typing import Any

from . import Report
from ._common import finding_json, summarize


def document(report: Report) -> dict[str, Any]:
    return {
        "version": report.tool_version,
        "as_of": report.as_of.isoformat(),
        "findings": [finding_json(f) for f in report.findings],
        "summary": summarize(report.findings).as_dict(),
    }


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
