"""One JSON document: version, as-of date, every finding (waived ones with their waiver), counts.

Data is written unchanged (JSON escapes it); this is the format to feed other programs.
"""

from __future__ import annotations

from typing import Any

from boce_lint.safetext import json_escape_invisible

from . import Report
from ._common import Shared, dumps_indented, finding_json, summarize


def document(report: Report, shared: dict[int, tuple[Any, Shared]] | None = None
             ) -> dict[str, Any]:
    """The output as JSON data; ``shared``, for ``dumps_indented`` (``finding_json``)."""
    paths: dict[str, str] = {}
    return {
        "version": report.tool_version,
        "as_of": report.as_of.isoformat(),
        "findings": [finding_json(f, report.root, paths, shared) for f in report.findings],
        "summary": summarize(report.findings).as_dict(),
        "set_aside": dict(report.set_aside),
    }


def render(report: Report) -> str:
    return json_escape_invisible(dumps_indented(document(report, {}))) + "\n"
