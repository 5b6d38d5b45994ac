"""One line per finding, ``path:line:col: ID message``: for editors, grep and quick runs."""

from __future__ import annotations

from boce_lint.safetext import command_safe_path

from . import Report
from ._common import one_line


def render(report: Report) -> str:
    lines = [f"{command_safe_path(one_line(f.file))}:{f.line}:{f.column}: {one_line(f.rule_id)} "
             f"{one_line(f.text(report.lang))}"
             for f in report.findings if f.counts]
    return "".join(line + "\n" for line in lines)
