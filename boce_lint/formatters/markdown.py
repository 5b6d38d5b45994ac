"""A Markdown report, for a pull-request comment, a wiki page or a council memo.

Data is escaped so that a contract text cannot add links, HTML or break a table: ``<``, ``>`` and
``&`` become HTML entities, the other Markdown punctuation gets a backslash, and line breaks
inside a cell become ``<br>``.
"""

from __future__ import annotations

import re

from boce_lint.findings.finding import Finding, Outcome
from boce_lint.safetext import MAX_TEXT, quote

from . import Report
from ._common import clean, label, severity_word, summarize, summary_line

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# CommonMark lets a backslash escape any ASCII punctuation. Data only ever appears inline (in a
# table cell or after "## "), so the characters that matter are those of inline markup:
# emphasis, code, links and images, table cells, strikethrough, a heading's closing #s.
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~#!])")


def escape(text: object) -> str:
    value = clean(quote(str(text), limit=MAX_TEXT))
    value = "".join(_ENTITIES.get(char, char) for char in value)
    value = _PUNCTUATION.sub(r"\\\1", value)
    return "<br>".join(part.strip() for part in value.split("\n"))


def _header(lang: str, name: str) -> str:
    text = escape(label(lang, name))
    return text[:1].upper() + text[1:]


def row(cells: list[str]) -> str:
    """One table row of cells that are escaped already."""
    return "| " + " | ".join(cells) + " |"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [row(header), row(["---"] * len(header)), *(row(cells) for cells in rows)]


def _message(f: Finding, lang: str) -> str:
    text = escape(f.text(lang))
    if f.outcome is Outcome.MISSING_EVIDENCE:
        text = f"**{escape(label(lang, 'missing-evidence'))}:** {text}"
    if f.keys:
        text += f"<br>{escape(label(lang, 'obligations'))}: " + ", ".join(
            escape(key) for key in f.keys)
    return text


def render(report: Report) -> str:
    lang = report.lang
    s = summarize(report.findings)
    out = [f"# {escape(label(lang, 'report-title'))}", "",
           f"{escape(label(lang, 'as-of'))}: {report.as_of.isoformat()} \u00b7 boce-lint "
           f"{escape(label(lang, 'version'))} {escape(report.tool_version)}", "",
           escape(summary_line(report)), ""]
    out += table([_header(lang, "severity"), _header(lang, "count")], [
        [escape(severity_word(lang, "error", 2).capitalize()), str(s.errors)],
        [escape(severity_word(lang, "warning", 2).capitalize()), str(s.warnings)],
        [escape(severity_word(lang, "info", 2).capitalize()), str(s.info)],
        [escape(label(lang, "missing-evidence").capitalize()), str(s.missing_evidence)],
        [escape(label(lang, "waived").capitalize()), str(s.suppressed)],
    ])
    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.counts:
            by_file.setdefault(f.file, []).append(f)
    for file, findings in by_file.items():
        out += ["", f"## {escape(file)}", ""]
        out += table(
            [_header(lang, name) for name in ("location", "severity", "rule", "message")],
            [[f"{f.line}:{f.column}", escape(severity_word(lang, f.severity)),
              f"{escape(f.rule_id)} {escape(f.rule_name)}", _message(f, lang)]
             for f in findings])
    waived = [f for f in report.findings if f.suppression is not None]
    if waived:
        out += ["", f"## {escape(label(lang, 'waived-heading'))}", ""]
        rows = []
        for f in waived:
            sup = f.suppression
            assert sup is not None
            rows.append([f"{escape(f.file)}:{f.line}:{f.column}", escape(f.rule_id),
                         escape(f.text(lang)), escape(sup.justification) or "\u2014",
                         escape(sup.owner) or "\u2014", escape(sup.expires or "") or "\u2014"])
        out += table([_header(lang, name) for name in
                       ("location", "rule", "message", "justification", "owner", "until")], rows)
    return "\n".join(out) + "\n"
