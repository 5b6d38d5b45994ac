"""A corpus of arrangements (one folder per arrangement) gets one report page each, in one
output folder, with an index page that links them and shows their counts."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import TYPE_CHECKING

from boce_lint.paths import display_path
from boce_lint.report.labels import text
from boce_lint.report.model import ReportModel, build_report

if TYPE_CHECKING:
    from boce_lint.run.check import CheckResult

SUFFIX = {"html": ".html", "markdown": ".md"}


def build_reports(result: CheckResult, *, lang: str = "nl", tool_version: str = "",
                  commit: str | None = None) -> list[tuple[str, ReportModel]]:
    """One (name, report) per repository checked; each report sees only its own findings."""
    if len(result.repositories) <= 1:
        return [("", build_report(result, lang=lang, tool_version=tool_version, commit=commit))]
    pages = []
    for repository in result.repositories:
        root = Path(repository.root)
        prefix = display_path(root).rstrip("/") + "/"
        own = dataclasses.replace(result, repositories=[repository], findings=[
            f for f in result.findings if f.file.startswith(prefix)])
        pages.append((root.name, build_report(own, lang=lang, tool_version=tool_version,
                                              commit=commit)))
    return pages


def write_pages(pages: list[tuple[str, ReportModel]], folder: Path, output_format: str,
                lang: str) -> list[Path]:
    """Write each page and the index into ``folder``, each whole (``outputs.write_output``);
    returns the files written. Raises ``OutputError`` naming the path that cannot be written."""
    from boce_lint.outputs import make_folder, write_output
    from boce_lint.report import render

    make_folder(folder, lang)
    suffix = SUFFIX[output_format]
    written = []
    for name, model in pages:
        path = folder / f"{name}{suffix}"
        write_output(path, render(model, output_format), lang)
        written.append(path)
    index = folder / f"index{suffix}"
    write_output(index, _index(pages, suffix, output_format, lang), lang)
    return [index, *written]


def _index(pages: list[tuple[str, ReportModel]], suffix: str, output_format: str,
           lang: str) -> str:
    heads = [text(lang, key) for key in ("arrangement", "summary-errors", "summary-warnings",
                                         "summary-missing")]
    rows = [(name, model.arrangement, model.summary) for name, model in pages]
    title, intro = text(lang, "corpus-title"), text(lang, "corpus-intro", n=len(pages))
    if output_format == "markdown":
        lines = [f"# {title}", "", intro, "", "| " + " | ".join(heads) + " |",
                 "|---" * len(heads) + "|"]
        lines += [f"| [{model_title.replace('|', '/')}]({name}{suffix}) | {s.errors} | "
                  f"{s.warnings} | {s.missing_evidence} |" for name, model_title, s in rows]
        return "\n".join(lines) + "\n"
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    body = "".join(
        f'<tr><td><a href="{html.escape(name + suffix)}">{html.escape(model_title)}</a></td>'
        f"<td>{s.errors}</td><td>{s.warnings}</td><td>{s.missing_evidence}</td></tr>"
        for name, model_title, s in rows)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(intro)}</p><table><tr>{cells}</tr>{body}</table></body></html>\n")
