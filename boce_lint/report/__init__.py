"""The quick-scan report (``boce-lint report``): one readable document for a rekenkamer
researcher or a council member, as self-contained HTML or as Markdown.

``model`` turns a check result into data, ``html`` and ``markdown`` render it, ``charts`` draws
the charts with matplotlib (imported only when an HTML report is made).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first use: the CLI names the formats without loading pydantic
    from boce_lint.report.model import ReportModel

REPORT_FORMATS = ("html", "markdown")
_LAZY = {"ReportModel": "model", "build_report": "model", "git_commit": "model",
         "build_reports": "corpus", "write_pages": "corpus"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"boce_lint.report.{_LAZY[name]}"), name)


def render(model: ReportModel, output_format: str = "html") -> str:
    if output_format == "markdown":
        from boce_lint.report.markdown import render_markdown

        return render_markdown(model)
    if output_format == "html":
        from boce_lint.report.html import render_html

        return render_html(model)
    raise ValueError(f"unknown report format {output_format!r}; choose from "
                     f"{', '.join(REPORT_FORMATS)}")


__all__ = ["REPORT_FORMATS", "ReportModel", "build_report", "build_reports", "git_commit",
           "render", "write_pages"]
