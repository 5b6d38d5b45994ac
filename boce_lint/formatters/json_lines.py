"""One compact JSON object per finding per line (the same object as in the json format)."""

from __future__ import annotations

import json

from boce_lint.safetext import json_escape_invisible

from . import Report
from ._common import finding_json


def render(report: Report) -> str:
    out = []
    paths: dict[str, str] = {}
    for finding in report.findings:
        # JSON allows U+0085, U+2028 and U+2029 raw inside strings, but many line readers
        # (Python's str.splitlines among them) split on them: escaped, with the other invisible
        # characters, every reader sees one object per line.
        line = json_escape_invisible(json.dumps(finding_json(finding, report.root, paths),
                                                ensure_ascii=False, separators=(",", ":")))
        out.append(line + "\n")
    return "".join(out)
