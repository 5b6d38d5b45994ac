"""GitHub Actions workflow commands, so findings show as annotations on the pull request.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from boce_lint.paths import relative_path

from . import Report
from ._common import clean

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        if not f.counts:
            continue
        path = escape_property(clean(relative_path(f.file, report.root)))
        title = escape_property(clean(f"{f.rule_id} {f.rule_name}"))
        message = escape_data(clean(f.text(report.lang)))
        lines.append(f"::{_COMMANDS[f.severity.value]} file={path},line={f.line},col={f.column},"
                     f"title={title}::{message}\n")
    return "".join(lines)
