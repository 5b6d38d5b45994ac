"""The report's "Komende verplichtingen": the agenda of the twelve months after the as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boce_lint.agenda import one_year_after
from boce_lint.agenda.duties import build_agenda
from boce_lint.agenda.render import columns, month_name

if TYPE_CHECKING:
    from boce_lint.run.check import CheckResult
    from boce_lint.source.model import Repository


@dataclass
class AgendaRow:
    """One duty: its status (open, done, overdue) and the cells shown: date, status, what,
    who, source and document."""

    status: str
    cells: list[str]


def upcoming(result: CheckResult, repo: Repository, lang: str
             ) -> list[tuple[str, list[AgendaRow]]]:
    """What falls due in the twelve months after the as-of date, month by month."""
    agenda = build_agenda(result.rulebook, repo, result.waivers, result.as_of, result.as_of,
                          one_year_after(result.as_of), result.selected)
    return [(month_name(year, month, lang),
             [AgendaRow(duty.status, columns(duty, lang)) for duty in duties])
            for (year, month), duties in agenda.by_month()]
