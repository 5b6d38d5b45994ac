"""The quick-scan report as Markdown, for pasting into a council memo or a wiki page.

The same content as the HTML page, with the charts as tables. Every text from a finding or a
contract file goes through ``escape`` of the Markdown formatter, so it cannot add links, HTML
or break a table.
"""

from __future__ import annotations

from boce_lint.agenda.render import HEADER
from boce_lint.formatters.markdown import escape
from boce_lint.formatters.markdown import table as _table
from boce_lint.report import labels
from boce_lint.report.html import REC_SYMBOL, STATUS_SYMBOL
from boce_lint.report.model import Cell, FindingView, ReportModel


def _number(value: float | None, lang: str) -> str:
    if value is None:
        return "\u2013"
    shown = str(int(value)) if float(value).is_integer() else f"{value:.6g}"
    return shown.replace(".", ",") if lang == "nl" else shown


def _values(view: FindingView) -> str:
    shown = "; ".join(f"{escape(name)} = {escape(value)}" for name, value in view.evidence)
    return shown or "\u2013"


def _status_word(lang: str, status: str) -> str:
    return labels.text(lang, "info" if status == "ok" else f"status-{status}")


def render_markdown(model: ReportModel) -> str:
    lang = model.lang

    def t(name: str, **values: object) -> str:
        return escape(labels.plain(labels.text(lang, name, **values)))

    def group(key: str) -> str:
        return escape(labels.plain(labels.group_label(lang, key)))

    parties = []
    if model.host:
        parties.append(f"{escape(', '.join(model.host))} ({t('host')})")
    if model.guests:
        parties.append(f"{escape(', '.join(model.guests))} ({t('guests')})")
    out = [f"# {t('title')}", "", f"**{escape(model.arrangement)}**", "", t("subtitle"), ""]
    out += _table(["", ""], [
        [t("parties"), "; ".join(parties) or "\u2013"],
        [t("as-of"), f"{escape(labels.long_date(lang, model.as_of))} "
                     f"({model.as_of.isoformat()})"],
        [t("tool"), f"boce-lint {escape(model.tool_version)}"],
        [t("rulebook"), escape(model.rulebook_version)],
        [t("repository"), escape(model.repository)],
        [t("commit"), escape(model.commit) if model.commit else t("no-commit")],
    ])

    s = model.summary
    out += ["", f"## {t('summary')}", ""]
    out += _table([t("summary"), "#"], [
        [t("summary-errors"), str(s.errors)],
        [t("summary-warnings"), str(s.warnings)],
        [t("summary-missing"), str(s.missing_evidence)],
        [t("summary-waived"), str(s.suppressed)],
    ])
    tally = model.tally
    out += ["", f"**{t('recommendations-tally')}:** " + ", ".join(
        f"{REC_SYMBOL[status]} {tally[status]} {t('rec-' + status)}"
        for status in ("not-followed", "undetermined", "followed")), ""]
    out += [t("reading-guide-text"), ""]

    out += [f"## {t('matrix')}", "", t("matrix-intro"), ""]
    out += _table([t("matrix-row-header")] + [group(g) for g in model.groups],
                  [[escape(row.title)] + [_cell(c) for c in row.cells] for row in model.rows])
    out += ["", f"{t('legend')}: " + " \u00b7 ".join(
        f"{STATUS_SYMBOL[status]} {t('status-' + status)}"
        for status in ("error", "warning", "missing", "ok", "na")), ""]
    out += [f"{group(g)}: {escape(labels.column_help(lang, g))}  "
            for g in model.groups]

    out += ["", f"## {t('recommendations')}", "", t("recommendations-intro")]
    for rec in model.recommendations:
        out += ["", f"### {REC_SYMBOL[rec.status]} {t('rec-' + rec.status)} \u2014 "
                    f"{escape(rec.key)}", "", escape(rec.obligation), ""]
        if rec.quote:
            out += [f"> \u201c{escape(rec.quote)}\u201d  ",
                    f"> \u2014 {escape(rec.document)}, {escape(rec.article)}", ""]
        reason = escape(rec.reason)
        if rec.waived:
            reason += " " + t("rec-waived", n=rec.waived)
        out += [f"**{reason}**"]
        if rec.places:
            out += ["", f"{t('rec-places')}: " + "; ".join(
                f"{escape(title)} \u00b7 {group(key)} ({count})"
                for title, key, _, count in rec.places)]
        if rec.findings:
            out += [""] + _table([t("location"), t("message"), t("evidence")], [
                [escape(v.location), escape(v.message), _values(v)] for v in rec.shown])
        if rec.more:
            out += ["", f"*{t('rec-more', n=rec.more)}*"]

    out += ["", f"## {t('charts')}", "", f"### {t('kpi-chart')}", ""]
    if not model.kpi_charts:
        out += [t("kpi-none"), ""]
    for chart in model.kpi_charts:
        years = sorted({p.year for series in chart.series for p in series.points})
        out += [f"#### {escape(chart.title)}", ""]
        rows = []
        for series in chart.series:
            by_year = {p.year: p for p in series.points}
            name = escape(series.name) + (f" ({escape(series.unit)})" if series.unit else "")
            cells = []
            for year in years:
                point = by_year.get(year)
                if point is None:
                    cells.append("\u2013")
                    continue
                mark = "" if point.met is None else (" \u2713" if point.met else " \u2715")
                cells.append(f"{_number(point.value, lang)} / {_number(point.target, lang)}{mark}")
            rows.append([name] + cells)
        out += _table([f"KPI ({t('value')} / {t('target')})"] + [str(y) for y in years], rows)
        out += [""]
    if model.kpi_without_values:
        out += [f"**{t('kpi-without-values')}:**", ""]
        out += [f"- {t('kpi-without-values-text', title=title, n=count)}"
                for title, count in model.kpi_without_values]
        out += [""]
    out += [f"### {t('meeting-chart')}", ""]
    if not model.meetings:
        out += [t("meeting-none")]
    else:
        meeting_rows = []
        for meeting in model.meetings:
            counts = []
            for year in model.meeting_years:
                if year not in meeting.held:
                    counts.append("\u2013")
                elif meeting.held[year] is None:
                    counts.append(t("no-records"))
                else:
                    mark = "\u2713" if meeting.met(year) else "\u2715"
                    counts.append(f"{meeting.held[year]} {mark}")
            meeting_rows.append([f"{escape(meeting.body)} ({escape(meeting.scope)})",
                                 str(meeting.required)] + counts)
        out += _table([t("body"), f"{t('required')} {t('per-year')}"]
                      + [str(y) for y in model.meeting_years], meeting_rows)

    out += ["", f"## {t('findings')}", ""]
    any_findings = False
    for row in model.rows:
        listed = [c for c in row.cells if c.findings or c.waived]
        if not listed:
            continue
        any_findings = True
        out += [f"### {escape(row.title)}", ""]
        for cell in listed:
            out += [f"#### {STATUS_SYMBOL[cell.status]} {group(cell.group)} \u2014 "
                    f"{t('cell-findings', n=len(cell.findings))}", ""]
            for citation in cell.citations:
                source = ", ".join(escape(part) for part in (citation.document, citation.article)
                                   if part)
                quote = f"\u201c{escape(citation.quote)}\u201d " if citation.quote else ""
                out += [f"> {escape(citation.key)}: {quote}\u2014 {source}", ""]
            out += _table([t("severity"), t("rule"), t("message"), t("location"), t("evidence")], [
                [escape(_status_word(lang, v.status))
                 + (f" ({t('waived')})" if v.suppression else ""),
                 f"{escape(v.rule_id)} {escape(v.rule_title)}", escape(v.message),
                 escape(v.location), _values(v)]
                for v in cell.findings + cell.waived])
            out += [""]
    if not any_findings:
        out += [t("no-findings"), ""]

    out += [f"## {t('agenda')}", ""]
    if model.agenda:
        out += [t("agenda-intro"), ""]
        for month, duties in model.agenda:
            out += [f"### {escape(month)}", ""]
            out += _table(list(HEADER[lang]), [[escape(c) for c in row.cells] for row in duties])
            out += [""]
    else:
        out += [t("no-agenda"), ""]

    out += [f"## {t('waivers')}", ""]
    if model.waived:
        rows = []
        for v in model.waived:
            sup = v.suppression
            assert sup is not None
            rows.append([escape(v.rule_id), f"{escape(v.message)}<br>{escape(v.location)}",
                         escape(sup.justification) or "\u2013", escape(sup.owner) or "\u2013",
                         escape(sup.expires) if sup.expires else t("no-expiry"),
                         escape(sup.source) or "\u2013"])
        out += _table([t("rule"), t("message"), t("justification"), t("owner"), t("expires"),
                       t("waiver-source")], rows)
    else:
        out += [t("no-waivers")]
    out += ["", f"## {t('method')}", "", t("method-text")]
    return "\n".join(out) + "\n"


def _cell(cell: Cell) -> str:
    text = STATUS_SYMBOL[cell.status]
    if cell.findings:
        text += f" {len(cell.findings)}"
    if cell.waived:
        text += f" (+{len(cell.waived)})"
    return text
