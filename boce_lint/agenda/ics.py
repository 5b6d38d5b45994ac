"""The agenda as an iCalendar file (RFC 5545), written with the ``icalendar`` library.

Each duty is one all-day VEVENT (calendar programs import events everywhere; to-dos only
some). Its UID is stable, so importing a newer agenda updates the entry instead of adding a
second one. An open duty carries a VALARM a number of days before it falls due.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from boce_lint import __version__
from boce_lint.agenda.duties import DAY, Agenda, Duty
from boce_lint.agenda.render import STATUS, TEXTS, shown_path

PRODID = f"-//boce-lint//agenda {__version__}//NL"
LABELS = {
    "nl": {"who": "Wie", "status": "Status", "source": "Bron", "document": "Document",
           "rule": "Regel", "due": "Uiterlijk", "remind": "Herinnering"},
    "en": {"who": "Who", "status": "Status", "source": "Source", "document": "Document",
           "rule": "Rule", "due": "Due", "remind": "Reminder"},
}


def description(duty: Duty, lang: str) -> str:
    labels = LABELS[lang]
    lines = [duty.task.get(lang, "")]
    if duty.actor.get(lang):
        lines.append(f"{labels['who']}: {duty.actor[lang]}")
    lines.append(f"{labels['status']}: {STATUS[lang][duty.status]}")
    rule = TEXTS[lang]["waiver"] if duty.source == "waiver" else duty.source
    lines.append(f"{labels['rule']}: {rule}")
    for citation in duty.citations:
        where = ", ".join(p for p in (citation.article, citation.document) if p)
        lines.append(f"{labels['source']}: {citation.key}" + (f" ({where})" if where else ""))
    lines.append(f"{labels['document']}: {shown_path(duty.file)}:{duty.line}")
    return "\n".join(lines)


def render_ics(agenda: Agenda, lang: str = "nl", alarm_days: int = 14) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"boce-lint agenda {shown_path(agenda.root)}")
    # The moment the agenda describes, not the moment it was written: the same data gives
    # the same file, byte for byte.
    stamp = dt.datetime.combine(agenda.as_of, dt.time(), tzinfo=dt.UTC)
    for duty in agenda.duties:
        event = Event()
        event.add("uid", duty.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", duty.due)
        event.add("dtend", duty.due + DAY)
        prefix = "" if duty.status == "open" else f"[{STATUS[lang][duty.status]}] "
        event.add("summary", prefix + duty.task.get(lang, ""))
        event.add("description", description(duty, lang))
        event.add("categories", ["boce-lint", duty.source, *duty.keys])
        event.add("transp", "TRANSPARENT")
        if duty.status == "open":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", -dt.timedelta(days=alarm_days))
            alarm.add("description", f"{LABELS[lang]['remind']}: {duty.task.get(lang, '')}")
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data.decode("utf-8")
