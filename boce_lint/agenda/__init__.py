"""``boce-lint agenda``: what the agreements require next, derived from the rules' ``termijn``.

``duties.py`` finds the duties in a period, ``render.py`` writes them as text, JSON and
Markdown, ``ics.py`` as an iCalendar file. This module stays light: the command line imports
``FORMATS`` when it starts.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boce_lint.agenda.duties import Agenda
    from boce_lint.run.check import CheckResult

FORMATS = ("text", "json", "markdown", "ics")


def one_year_after(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def agenda_of(result: CheckResult, start: dt.date | None = None,
              end: dt.date | None = None) -> Agenda:
    """The agenda of a checked repository, from the rules the check ran; by default from its
    as-of date for one year."""
    from boce_lint.agenda.duties import build_agenda

    if result.repository is None:
        raise ValueError("the check result carries no repository")
    start = start or result.as_of
    end = end or one_year_after(start)
    return build_agenda(result.rulebook, result.repository, result.waivers, result.as_of,
                        start, end, result.selected)


def render_agenda(agenda: Agenda, output_format: str, lang: str, alarm_days: int = 14) -> str:
    """The agenda in one of ``FORMATS``."""
    from boce_lint.agenda.ics import render_ics
    from boce_lint.agenda.render import render_json, render_markdown, render_text

    if output_format == "ics":
        return render_ics(agenda, lang, alarm_days)
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
    return renderers[output_format](agenda, lang)
