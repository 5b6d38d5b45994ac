"""The quick-scan report (``boce-lint report``): one readable document for a rekenkamer
researcher or a council member, as self-contained HTML or as Markdown.

``model`` turns a check result into data, ``html`` and ``markdown`` render it, ``charts`` draws
the charts with matplotlib (imported only when an HTML report is made).
"""

from __future__ import annotations

from boce_lint.report.corpus import build_reports, write_pages
from boce_lint.report.model import ReportModel, build_report, git_commit

REPORT_FORMATS = ("html", "markdown")


def render(model: ReportModel, output_format: str = "html") -> str:
    if output_format == "markdown":
        from boce_lint.report.markdown import render_markdown

        return render_markdown(model)
    if output_format == "html":
        from boce_lint.report.html import render_html

        return render_html(model)
    raise ValueError(f"unknown report format {output_format!r}; choose from html, markdown")


__all__ = ["REPORT_FORMATS", "ReportModel", "build_report", "build_reports", "git_commit",
           "render", "write_pages"]
