"""One compact JSON object per finding per line (the same object as in the json format)."""

from __future__ import annotations

import json

from . import Report
from ._common import finding_json

# JSON allows these raw inside strings, but many line readers (Python's str.splitlines among
# them) split on them; escaping keeps one object per line for every reader.
_LINE_SEPARATORS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render(report: Report) -> str:
    out = []
    for finding in report.findings:
        line = json.dumps(finding_json(finding, report.root), ensure_ascii=False,
                          separators=(",", ":"))
        for raw, escaped in _LINE_SEPARATORS.items():
            line = line.replace(raw, escaped)
        out.append(line + "\n")
    return "".join(out)
