"""``boce-lint agenda``: what the agreements require next, derived from the rules' ``termijn``.

``duties.py`` finds the duties in a period, ``render.py`` writes them as text, JSON and
Markdown, ``ics.py`` as an iCalendar file.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from boce_lint.agenda.duties import Agenda, Duty, build_agenda

if TYPE_CHECKING:
    from boce_lint.dsl.compiled import CompiledRule
    from boce_lint.run.check import CheckResult

__all__ = ["Agenda", "Duty", "agenda_of", "build_agenda", "one_year_after"]


def one_year_after(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def agenda_of(result: CheckResult, start: dt.date | None = None, end: dt.date | None = None,
              rules: list[CompiledRule] | None = None) -> Agenda:
    """The agenda of a checked repository; by default from its as-of date for one year, from
    every rule or from ``rules`` (those the configuration selects)."""
    if result.repository is None:
        raise ValueError("the check result carries no repository")
    start = start or result.as_of
    end = end or one_year_after(start)
    return build_agenda(result.rulebook, result.repository, result.waivers, result.as_of,
                        start, end, rules)
