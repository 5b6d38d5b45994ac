"""The series the report's charts draw: KPI results per sub-agreement and year, and meetings
held per body and year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from boce_lint.report.labels import text

if TYPE_CHECKING:
    from boce_lint.rulebook.facts import MeetingDuty
    from boce_lint.source.model import Repository


@dataclass
class KpiPoint:
    year: int
    value: float
    target: float | None
    met: bool | None
    report: str


@dataclass
class KpiSeries:
    kpi: str
    name: str
    unit: str
    direction: str | None  # minimaal | maximaal | None
    points: list[KpiPoint] = field(default_factory=list)


@dataclass
class KpiChart:
    document: str
    title: str
    series: list[KpiSeries] = field(default_factory=list)


@dataclass
class MeetingSeries:
    body: str
    scope: str  # where the duty comes from
    required: int
    held: dict[int, int | None] = field(default_factory=dict)  # None: no records that year

    def met(self, year: int) -> bool | None:
        value = self.held.get(year)
        return None if value is None else value >= self.required


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _year(value: Any) -> int | None:
    match = re.match(r"^(\d{4})-\d{2}-\d{2}", str(value or ""))
    return int(match.group(1)) if match else None


def _days(period: Any) -> int:
    if not isinstance(period, dict):
        return 0
    try:
        return (dt.date.fromisoformat(str(period.get("tot")))
                - dt.date.fromisoformat(str(period.get("van")))).days
    except ValueError:
        return 0


def kpi_charts(repo: Repository) -> list[KpiChart]:
    """KPI values per sub-agreement and year; for a year with several reports the widest wins."""
    best: dict[tuple[str, str, int], tuple[tuple[Any, ...], float, float | None, str]] = {}
    for report in repo.of_kind("rapportage"):
        data = report.data
        period = data.get("periode")
        year = _year(period.get("tot") if isinstance(period, dict) else None) or _year(
            data.get("datum"))
        if year is None:
            continue
        rank = (_days(period), data.get("type") == "pc-rapportage", str(data.get("datum") or ""))
        for part in data.get("onderdelen") or []:
            if not isinstance(part, dict) or not isinstance(part.get("deelovereenkomst"), str):
                continue
            for item in part.get("kpis") or []:
                if not isinstance(item, dict):
                    continue
                value = _number(item.get("waarde"))
                if value is None or not isinstance(item.get("kpi"), str):
                    continue
                key = (part["deelovereenkomst"], item["kpi"], year)
                if key not in best or rank > best[key][0]:
                    best[key] = (rank, value, _number(item.get("streefwaarde")), report.id)
    charts = []
    for doc in sorted(repo.of_kind("deelovereenkomst"),
                      key=lambda d: (str(d.data.get("titel") or d.id).casefold(), d.id)):
        kpis = {str(k.get("id")): k for k in doc.data.get("kpis") or [] if isinstance(k, dict)}
        reported = sorted({kpi for (do, kpi, _) in best if do == doc.id},
                          key=lambda k: (list(kpis).index(k) if k in kpis else len(kpis), k))
        chart = KpiChart(document=doc.id, title=str(doc.data.get("titel") or doc.id))
        for kpi_id in reported:
            spec = kpis.get(kpi_id, {})
            direction = spec.get("richting") if spec.get("richting") in ("minimaal",
                                                                          "maximaal") else None
            series = KpiSeries(kpi=kpi_id, name=str(spec.get("naam") or kpi_id),
                               unit=str(spec.get("eenheid") or ""), direction=direction)
            for (do, kpi, year), (_, value, target, source) in sorted(best.items()):
                if do != doc.id or kpi != kpi_id:
                    continue
                target = target if target is not None else _number(spec.get("streefwaarde"))
                series.points.append(KpiPoint(year=year, value=value, target=target,
                                              met=_met(value, target, direction), report=source))
            chart.series.append(series)
        if chart.series:
            charts.append(chart)
    return charts


def _met(value: float, target: float | None, direction: str | None) -> bool | None:
    if target is None:
        return None
    return value <= target if direction == "maximaal" else value >= target


def kpi_without_values(repo: Repository) -> list[tuple[str, int]]:
    with_values = {chart.document for chart in kpi_charts(repo)}
    return [(str(d.data.get("titel") or d.id), len(d.data.get("kpis") or []))
            for d in sorted(repo.of_kind("deelovereenkomst"),
                            key=lambda d: (str(d.data.get("titel") or d.id).casefold(), d.id))
            if d.data.get("kpis") and d.id not in with_values]


def meeting_years(as_of: dt.date, window: int | None) -> list[int]:
    """The complete calendar years the meeting rules judge: the last ``window`` ones (read
    from the rules, see rulebook/facts.py)."""
    return list(range(as_of.year - window, as_of.year)) if window else []


def _first_full_year(start: Any) -> int | None:
    try:
        date = dt.date.fromisoformat(str(start))
    except ValueError:
        return None
    return date.year if (date.month, date.day) == (1, 1) else date.year + 1


def meetings(repo: Repository, as_of: dt.date, lang: str, duties: list[MeetingDuty],
             window: int | None) -> list[MeetingSeries]:
    """Meetings held per body and year: for the duties the rules state (of the first document
    of their kind) and for the meeting structure each sub-agreement agrees."""
    years = meeting_years(as_of, window)
    records: dict[tuple[str, int], int] = {}
    any_record: set[int] = set()
    for meeting in repo.of_kind("overleg"):
        year = _year(meeting.data.get("datum"))
        if year is None:
            continue
        any_record.add(year)
        body = str(meeting.data.get("orgaan") or "").casefold()
        records[(body, year)] = records.get((body, year), 0) + 1

    def series(body: str, scope: str, required: int, start: Any) -> MeetingSeries:
        first = _first_full_year(start)
        held: dict[int, int | None] = {}
        for year in years:
            if first is not None and year < first:
                continue
            held[year] = records.get((body.casefold(), year), 0) if year in any_record else None
        return MeetingSeries(body=body, scope=scope, required=required, held=held)

    result = []
    for duty in duties:
        for doc in repo.of_kind(duty.subject_kind)[:1]:
            result.append(series(duty.body, text(lang, "framework-source", article=duty.article),
                                 duty.per_year, doc.data.get("ingangsdatum")))
    for doc in sorted(repo.of_kind("deelovereenkomst"),
                      key=lambda d: (str(d.data.get("titel") or d.id).casefold(), d.id)):
        for agreed in doc.data.get("overlegstructuur") or []:
            if not isinstance(agreed, dict) or not isinstance(agreed.get("orgaan"), str):
                continue
            required = agreed.get("minimaal_per_jaar")
            if not isinstance(required, int) or isinstance(required, bool) or required < 1:
                continue
            result.append(series(agreed["orgaan"], str(doc.data.get("titel") or doc.id),
                                 required, doc.data.get("ingangsdatum")))
    return [s for s in result if s.held]
