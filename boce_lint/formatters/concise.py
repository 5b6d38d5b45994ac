"""One line per finding, ``path:line:col: ID message``: for editors, grep and quick runs."""

from __future__ import annotations

from . import Report
from ._common import one_line


def render(report: Report) -> str:
    lines = [f"{one_line(f.file)}:{f.line}:{f.column}: {f.rule_id} {one_line(f.text(report.lang))}"
             for f in report.findings if f.counts]
    return "".join(line + "\n" for line in lines)
