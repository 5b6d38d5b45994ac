"""The default format, for people: findings per file with the offending line, then a summary.

Everything taken from the data (messages, file names, source lines, waiver texts) is cleaned of
control characters and escape sequences, and printed as rich ``Text`` objects, which rich never
parses for markup: ``[bold]`` in a contract prints as ``[bold]``.
"""

from __future__ import annotations

import io
from collections import Counter

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from boce_lint.findings.finding import Finding, Outcome
from boce_lint.safetext import command_safe_path

from . import Report
from ._common import clean, label, one_line, severity_word, summarize, summary_line

_SEVERITIES = ("error", "warning", "info")

_SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "blue"}
_INDENT = "  "


def _console(report: Report) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=report.color, no_color=not report.color,
                      color_system="standard" if report.color else None, width=120,
                      highlight=False, markup=False, emoji=False, legacy_windows=False)
    return console, buffer


def _source_line(report: Report, f: Finding) -> str | None:
    lines = report.sources.get(f.file)
    if not lines or not 1 <= f.line <= len(lines):
        return None
    return lines[f.line - 1].rstrip("\r\n")


def _flat(text: str) -> str:
    """A cleaned source line that keeps its indentation (one_line would strip it)."""
    return clean(text).replace("\n", " ").expandtabs()


SNIPPET_WIDTH = 240  # characters of a source line shown; a longer line shows a window


def _window(raw: str, column: int) -> tuple[str, str]:
    """The source line as shown, and the part before the column (to place the caret): a line
    longer than ``SNIPPET_WIDTH`` shows the stretch around the column, with ellipses."""
    before = max(0, column - 1)
    if len(raw) <= SNIPPET_WIDTH:
        return _flat(raw).rstrip(), _flat(raw[:before])
    start = max(0, min(before - SNIPPET_WIDTH // 4, len(raw) - SNIPPET_WIDTH))
    end = start + SNIPPET_WIDTH
    lead = "\u2026" if start else ""
    shown = lead + _flat(raw[start:end]).rstrip() + ("\u2026" if end < len(raw) else "")
    return shown, lead + _flat(raw[start:before])


def _snippet(report: Report, f: Finding) -> list[Text]:
    """The offending line and a caret under the column, measured in terminal cells."""
    raw = _source_line(report, f)
    if raw is None:
        return []
    source, prefix = _window(raw, f.column)
    gutter = str(f.line)
    pad = " " * len(gutter)
    return [
        Text.assemble(_INDENT * 2, (gutter, "dim"), (" | ", "dim"), source),
        Text.assemble(_INDENT * 2, pad, (" | ", "dim"), " " * cell_len(prefix), ("^", "bold red")),
    ]


def _finding(report: Report, f: Finding, location_width: int, id_width: int) -> list[Text]:
    lang = report.lang
    severity = f.severity.value
    location = f"{f.line}:{f.column}".ljust(location_width)
    word_width = max(len(severity_word(lang, name)) for name in _SEVERITIES)
    word = severity_word(lang, severity).ljust(word_width)
    message = one_line(f.text(lang))  # one finding, one logical line
    head = Text.assemble(_INDENT, (location, "dim"), "  ", (word, _SEVERITY_STYLES[severity]),
                         "  ", (one_line(f.rule_id).ljust(id_width), "bold"), "  ")
    if f.outcome is Outcome.MISSING_EVIDENCE:
        head.append(f"[{label(lang, 'missing-evidence')}]", style="magenta")
        head.append(" ")
    continuation = " " * head.cell_len
    head.append(message)
    out = [head]
    if f.keys:
        keys = ", ".join(one_line(key) for key in f.keys)
        out.append(Text(f"{continuation}{label(lang, 'obligations')}: {keys}", style="dim"))
    advice = _advice(report, f)
    if advice:
        out.append(Text(f"{continuation}{label(lang, 'advice')}: {advice}", style="dim"))
    out += _snippet(report, f)
    return out


def _advice(report: Report, f: Finding) -> str:
    """The rule's advice (what to do about it), in the report's language, on one line."""
    info = report.rules.get(f.rule_id)
    if info is None or not info.advice:
        return ""
    return one_line(info.advice.get(report.lang) or info.advice.get("nl", ""))


def _not_run(report: Report, file: str) -> str:
    count = report.not_run.get(file, 0)
    if not count:
        return ""
    return label(report.lang, "not-run-1" if count == 1 else "not-run").format(n=count)


def _finding_plain(report: Report, f: Finding, location_width: int, id_width: int) -> list[str]:
    """``_finding`` as plain lines, for output without colour (the same text, much faster)."""
    lang = report.lang
    word_width = max(len(severity_word(lang, name)) for name in _SEVERITIES)
    head = (_INDENT + f"{f.line}:{f.column}".ljust(location_width) + "  "
            + severity_word(lang, f.severity.value).ljust(word_width) + "  "
            + one_line(f.rule_id).ljust(id_width) + "  ")
    if f.outcome is Outcome.MISSING_EVIDENCE:
        head += f"[{label(lang, 'missing-evidence')}] "
    continuation = " " * cell_len(head)
    out = [head + one_line(f.text(lang))]  # one finding, one logical line
    if f.keys:
        keys = ", ".join(one_line(key) for key in f.keys)
        out.append(f"{continuation}{label(lang, 'obligations')}: {keys}")
    advice = _advice(report, f)
    if advice:
        out.append(f"{continuation}{label(lang, 'advice')}: {advice}")
    raw = _source_line(report, f)
    if raw is not None:
        gutter = str(f.line)
        source, prefix = _window(raw, f.column)
        out.append(f"{_INDENT * 2}{gutter} | {source}")
        out.append(f"{_INDENT * 2}{' ' * len(gutter)} | {' ' * cell_len(prefix)}^")
    return out


def _waived(report: Report, waived: list[Finding]) -> list[Text]:
    lang = report.lang
    out = [Text(f"{label(lang, 'waived-heading')}:", style="bold")]
    baselined: Counter[str] = Counter()
    for f in waived:
        s = f.suppression
        if s is None:
            continue
        if s.kind == "baseline":
            baselined[one_line(s.source)] += 1
            continue
        where = command_safe_path(f"{one_line(f.file)}:{f.line}:{f.column}")
        line = Text.assemble(_INDENT, (where, "dim"), "  ",
                             (one_line(f.rule_id), "bold"), "  ",
                             one_line(s.justification) or "-")
        details = [f"{label(lang, 'owner')}: {one_line(s.owner) or '-'}"]
        if s.expires:
            details.append(f"{label(lang, 'until')}: {one_line(s.expires)}")
        if s.source:
            details.append(f"{label(lang, 'source')}: {one_line(s.source)}")
        line.append(f" ({', '.join(details)})", style="dim")
        out.append(line)
    for source, count in baselined.items():
        where = f" ({source})" if source else ""
        out.append(Text(f"{_INDENT}{count} {label(lang, 'baseline')}{where}", style="dim"))
    return out


def _set_aside(report: Report) -> list[Text]:
    """How much of the repository lay after the as-of date and was not checked."""
    documents, records = report.set_aside.get("documents", 0), report.set_aside.get("records", 0)
    if report.lang == "en":
        text = (f"After the as-of date {report.as_of.isoformat()} (not checked): "
                f"{documents} documents, {records} records in documents.")
    else:
        text = (f"Na de peildatum {report.as_of.isoformat()} (niet getoetst): "
                f"{documents} documenten, {records} onderdelen van documenten.")
    return [Text(text)]


def _statistics(report: Report, active: list[Finding]) -> list[Text]:
    counts = Counter(f.rule_id for f in active)
    names = {f.rule_id: f.rule_name for f in active}
    if not counts:
        return _set_aside(report)
    width = max(len(str(n)) for n in counts.values())
    id_width = max(len(one_line(rule_id)) for rule_id in counts)
    out = [Text(f"{label(report.lang, 'per-rule')}:", style="bold")]
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        out.append(Text.assemble(_INDENT, str(count).rjust(width), "  ",
                                 (one_line(rule_id).ljust(id_width), "bold"), "  ",
                                 one_line(names[rule_id])))
    return out + _set_aside(report)


def render(report: Report) -> str:
    console, buffer = _console(report)
    plain: list[str] | None = None if report.color else []

    def emit(text: Text | str = "") -> None:
        if plain is not None and isinstance(text, str) and "\t" not in text:
            plain.append(text + "\n")
            return
        text = text if isinstance(text, Text) else Text(text)
        if plain is None:
            console.print(text, soft_wrap=True)
            return
        # Without colour, rich prints a soft-wrapped Text as its plain text with tabs expanded;
        # doing that directly is 30 times faster for a national run's 100 000 lines.
        if "\t" in text.plain:
            text = text.copy()
            text.expand_tabs(console.tab_size)
        plain.append(text.plain + "\n")

    summary = summarize(report.findings)
    summary_style = "bold red" if summary.errors else "bold yellow" if summary.warnings else "bold"
    if report.quiet:
        emit(Text(summary_line(report), style=summary_style))
        return buffer.getvalue() if plain is None else "".join(plain)

    active = [f for f in report.findings if f.counts]
    waived = [f for f in report.findings if not f.counts]
    by_file: dict[str, list[Finding]] = {}
    for f in active:
        by_file.setdefault(f.file, []).append(f)
    for file, findings in by_file.items():
        emit(Text(command_safe_path(one_line(file)), style="bold underline"))
        location_width = max(len(f"{f.line}:{f.column}") for f in findings)
        id_width = max(len(one_line(f.rule_id)) for f in findings)
        for f in findings:
            if plain is not None:
                for text in _finding_plain(report, f, location_width, id_width):
                    emit(text)
                continue
            for line in _finding(report, f, location_width, id_width):
                emit(line)
        note = _not_run(report, file)
        if note:
            emit(Text(_INDENT + note, style="italic"))
        emit()
    if waived:
        for line in _waived(report, waived):
            emit(line)
        emit()
    if report.statistics:
        lines = _statistics(report, active)
        for line in lines:
            emit(line)
        if lines:
            emit()
    emit(Text(summary_line(report), style=summary_style))
    return buffer.getvalue() if plain is None else "".join(plain)
