"""The quick-scan report as one self-contained HTML page.

jinja2 renders ``templates/report.html.j2`` with autoescaping on, so every text that comes from
a contract file or a finding is escaped. The only markup not written by the template is the
charts' SVG, which ``charts.sanitize`` has checked element by element. The page loads nothing:
styles are inline, there are no scripts, fonts or images besides the inline SVG; a
Content-Security-Policy in the page makes the browser refuse any script or remote load should
one ever slip in. Every value printed is shortened to ``safetext.MAX_TEXT`` characters
(``finalize``), so one huge title cannot make a page of hundreds of megabytes.
"""

from __future__ import annotations

from typing import Any

from boce_lint.formatters._common import clean
from boce_lint.report import labels
from boce_lint.report.model import ReportModel
from boce_lint.safetext import MAX_TEXT, quote

STATUS_SYMBOL = {"error": "\u2715", "warning": "!", "missing": "?", "ok": "\u2713", "na": "\u2013"}
REC_SYMBOL = {"not-followed": "\u2715", "undetermined": "?", "followed": "\u2713"}


def environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("boce_lint.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, finalize=_bounded)


def _bounded(value: Any) -> Any:
    """Text from the data, shortened and without control characters (a terminal showing the
    file would act on them); markup the page made itself (the charts) unchanged."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(quote(value, limit=MAX_TEXT))
    return value


def render_html(model: ReportModel) -> str:
    from markupsafe import Markup

    from boce_lint.agenda.render import HEADER
    from boce_lint.report import charts

    lang = model.lang
    kpi_charts = [(chart, Markup(charts.kpi_chart_svg(chart, lang, f"kpi{number + 1}")))
                  for number, chart in enumerate(model.kpi_charts)]
    meeting_chart = (Markup(charts.meeting_chart_svg(model.meetings, model.meeting_years, lang,
                                                     "overleg"))
                     if model.meetings else None)

    def t(name: str, **values: object) -> str:
        return labels.text(lang, name, **values)

    template = environment().get_template("report.html.j2")
    page: str = template.render(
        m=model, t=t, group_label=lambda key: labels.group_label(lang, key),
        group_help={key: labels.column_help(lang, key) for key, _, _ in labels.GROUPS},
        plain=labels.plain, long_date=lambda date: labels.long_date(lang, date),
        symbol=STATUS_SYMBOL, rec_symbol=REC_SYMBOL,
        kpi_charts=kpi_charts, meeting_chart=meeting_chart,
        art14=[key for key in model.groups if len(key) == 1],
        agenda_header=HEADER.get(lang, HEADER["nl"]))
    return page
